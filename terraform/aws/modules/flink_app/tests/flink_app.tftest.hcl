# The application's wiring and its role's reach, with a mocked AWS provider (no account needed).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/dev-fraud-flink" }
  }
}

variables {
  pipeline              = "fraud"
  application_name      = "dev-fraud"
  role_name             = "dev-fraud-flink"
  log_group_name        = "/aws/kinesis-analytics/dev-fraud"
  jar_bucket_arn        = "arn:aws:s3:::dev-pipelines-abc"
  jar_object_key        = "pipelines-bundled-0.1.0-SNAPSHOT.jar"
  jar_object_version    = "v1"
  msk_cluster_arn       = "arn:aws:kafka:eu-west-1:111122223333:cluster/dev-pipelines/1234-abcd"
  input_topic           = "dev-fraud-input"
  output_topics         = ["dev-fraud-alerts", "dev-fraud-dead-letter"]
  consumer_group_prefix = "dev-fraud"
  subnet_ids            = ["subnet-a", "subnet-b"]
  security_group_ids    = ["sg-clients"]
  options = {
    runner                = "FlinkRunner"
    source                = "kafka"
    sink                  = "kafka"
    kafkaBootstrapServers = "b-1:9098"
    inputTopic            = "dev-fraud-input"
    outputTopic           = "dev-fraud"
    deadLetterTopic       = "dev-fraud-dead-letter"
    allowedLatenessSec    = "300"
  }

  # Everything the role may name besides the list-only actions.
  own_resources = [
    "arn:aws:s3:::dev-pipelines-abc/pipelines-bundled-0.1.0-SNAPSHOT.jar",
    "arn:aws:kafka:eu-west-1:111122223333:cluster/dev-pipelines/1234-abcd",
    "arn:aws:kafka:eu-west-1:111122223333:topic/dev-pipelines/1234-abcd/dev-fraud-input",
    "arn:aws:kafka:eu-west-1:111122223333:topic/dev-pipelines/1234-abcd/dev-fraud-alerts",
    "arn:aws:kafka:eu-west-1:111122223333:topic/dev-pipelines/1234-abcd/dev-fraud-dead-letter",
    "arn:aws:kafka:eu-west-1:111122223333:group/dev-pipelines/1234-abcd/dev-fraud*",
    "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/kinesis-analytics/dev-fraud:log-stream:application",
    "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/kinesis-analytics/dev-fraud:log-stream:*",
    "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-a",
    "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-b",
    "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-clients",
  ]
}

run "application_runs_the_jar_on_flink_1_19_with_its_options" {
  assert {
    condition     = aws_kinesisanalyticsv2_application.this.runtime_environment == "FLINK-1_19"
    error_message = "runtime must be FLINK-1_19"
  }

  assert {
    condition = output.code_location == {
      bucket_arn = "arn:aws:s3:::dev-pipelines-abc"
      file_key   = "pipelines-bundled-0.1.0-SNAPSHOT.jar"
    }
    error_message = "the application must read the bundled jar from its bucket: ${jsonencode(output.code_location)}"
  }

  assert {
    condition     = aws_kinesisanalyticsv2_application.this.application_configuration[0].application_code_configuration[0].code_content[0].s3_content_location[0].object_version == "v1"
    error_message = "the application pins the jar's object version"
  }

  assert {
    condition     = aws_kinesisanalyticsv2_application.this.service_execution_role == aws_iam_role.this.arn
    error_message = "the application runs as its own role"
  }

  assert {
    condition     = aws_kinesisanalyticsv2_application.this.cloudwatch_logging_options[0].log_stream_arn == "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/kinesis-analytics/dev-fraud:log-stream:application"
    error_message = "the application logs to its own log stream"
  }

  assert {
    condition     = !aws_kinesisanalyticsv2_application.this.start_application
    error_message = "not started by default: the topics must exist first"
  }

  assert {
    condition     = output.property_groups.Pipeline.name == "fraud" && output.property_groups.BeamPipelineOptions == var.options
    error_message = "property groups: ${jsonencode(output.property_groups)}"
  }

  assert {
    condition = {
      for g in aws_kinesisanalyticsv2_application.this.application_configuration[0].environment_properties[0].property_group :
      g.property_group_id => g.property_map
    }.BeamPipelineOptions.kafkaBootstrapServers == "b-1:9098"
    error_message = "the application's BeamPipelineOptions group holds the options"
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == "arn:aws:kinesisanalytics:eu-west-1:111122223333:application/dev-fraud"
    error_message = "only this application may assume the role"
  }
}

run "role_names_only_its_own_resources" {
  assert {
    condition = alltrue(flatten([
      for s in output.role_policy.Statement : [
        for r in s.Resource : contains(var.own_resources, r)
      ] if !contains(["ListLogGroups", "DescribeVpc", "ManageEnisInOwnSubnets"], s.Sid)
    ]))
    error_message = "a statement names a resource that is not the application's own"
  }

  assert {
    condition = alltrue([
      for s in output.role_policy.Statement : alltrue([for a in s.Action : startswith(a, "ec2:Describe")])
      if contains(s.Resource, "*")
    ])
    error_message = "only EC2 Describe actions (no resource-level support) may use Resource *"
  }

  assert {
    condition = [for s in output.role_policy.Statement : s.Condition.ArnEquals["ec2:Subnet"] if s.Sid == "ManageEnisInOwnSubnets"] == [[
      "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-a",
      "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-b",
    ]]
    error_message = "network interfaces may be managed only in the application's own subnets"
  }

  assert {
    condition     = [for s in output.role_policy.Statement : s.Resource if s.Sid == "ListLogGroups"] == [["arn:aws:logs:eu-west-1:111122223333:log-group:*"]]
    error_message = "DescribeLogGroups stays within the account and region"
  }

  assert {
    condition     = alltrue(flatten([for s in output.role_policy.Statement : [for a in s.Action : !endswith(a, "*")]]))
    error_message = "no wildcard actions"
  }

  assert {
    condition = length(setintersection(
      toset(flatten([for s in output.role_policy.Statement : s.Action])),
      toset(["kafka-cluster:CreateTopic", "kafka-cluster:DeleteTopic", "kafka-cluster:AlterCluster", "kafka-cluster:AlterTopic", "s3:PutObject"]),
    )) == 0
    error_message = "the application may not create, alter or delete topics, nor write its code"
  }

  assert {
    condition = [for s in output.role_policy.Statement : s.Resource if s.Sid == "ReadInputTopic"] == [[
      "arn:aws:kafka:eu-west-1:111122223333:topic/dev-pipelines/1234-abcd/dev-fraud-input",
    ]]
    error_message = "the application reads its input topic only"
  }
}

run "other_runners_are_rejected" {
  command = plan

  variables {
    options = { runner = "DirectRunner" }
  }

  expect_failures = [var.options]
}

run "a_non_msk_cluster_arn_is_rejected" {
  command = plan

  variables {
    msk_cluster_arn = "arn:aws:s3:::not-a-cluster"
  }

  expect_failures = [var.msk_cluster_arn]
}
