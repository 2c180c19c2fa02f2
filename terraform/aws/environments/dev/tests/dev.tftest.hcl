# The whole AWS environment wired together, against a mocked AWS provider (no account needed).

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
  mock_resource "aws_msk_cluster" {
    defaults = {
      arn                        = "arn:aws:kafka:eu-west-1:111122223333:cluster/dev-pipelines/0000-1111"
      bootstrap_brokers_sasl_iam = "b-1.dev-pipelines.kafka.eu-west-1.amazonaws.com:9098,b-2.dev-pipelines.kafka.eu-west-1.amazonaws.com:9098"
    }
  }
  mock_resource "aws_msk_configuration" {
    defaults = { arn = "arn:aws:kafka:eu-west-1:111122223333:configuration/dev-pipelines/0000-2222" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::dev-pipelines-20261123", id = "dev-pipelines-20261123" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/dev-pipeline-flink" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::111122223333:policy/dev-pipelines-topic-admin" }
  }
}

variables {
  jar_path = "tests/fixtures/stand-in.jar"
}

run "every_pipeline_is_wired_to_its_own_topics_jar_and_role" {
  # Topics: an input topic per pipeline and one per named output, and the bootstrap script creates them all.
  assert {
    condition = alltrue(flatten([
      for p, outputs in module.catalog.output_names : [
        for o in outputs : output.kafka_topics[p][o] == "dev-${p}-${o}" && contains(module.names.all_topics, "dev-${p}-${o}")
      ]
    ]))
    error_message = "every named output of every pipeline needs its topic: ${jsonencode(output.kafka_topics)}"
  }

  assert {
    condition     = alltrue([for p in keys(module.catalog.output_names) : output.kafka_topics[p].input == "dev-${p}-input"])
    error_message = "every pipeline needs its input topic"
  }

  assert {
    condition     = alltrue([for t in module.names.all_topics : strcontains(output.create_topics_script, t)])
    error_message = "the bootstrap script must create every topic"
  }

  assert {
    condition     = length(module.names.all_topics) == 4 + 14
    error_message = "4 input topics + 14 named outputs (CONTRACTS.md) = 18 topics, got ${length(module.names.all_topics)}"
  }

  # Code: every application reads the uploaded jar object.
  assert {
    condition = alltrue([
      for p, app in module.flink_app : app.code_location == {
        bucket_arn = "arn:aws:s3:::dev-pipelines-20261123"
        file_key   = "pipelines-bundled-0.1.0-SNAPSHOT.jar"
      }
    ])
    error_message = "every application must read pipelines-bundled-0.1.0-SNAPSHOT.jar from the artifacts bucket"
  }

  assert {
    condition     = output.jar.key == "pipelines-bundled-0.1.0-SNAPSHOT.jar" && output.jar.bucket == "dev-pipelines-20261123"
    error_message = "the jar is uploaded under its build name"
  }

  # Options: Kafka in and out on this cluster, the pipeline's own topics.
  assert {
    condition = alltrue([
      for p, app in module.flink_app :
      app.property_groups.Pipeline.name == p &&
      app.property_groups.BeamPipelineOptions.runner == "FlinkRunner" &&
      app.property_groups.BeamPipelineOptions.source == "kafka" &&
      app.property_groups.BeamPipelineOptions.sink == "kafka" &&
      app.property_groups.BeamPipelineOptions.kafkaBootstrapServers == output.kafka_bootstrap_servers &&
      app.property_groups.BeamPipelineOptions.inputTopic == output.kafka_topics[p].input &&
      app.property_groups.BeamPipelineOptions.deadLetterTopic == output.kafka_topics[p]["dead-letter"] &&
      app.property_groups.BeamPipelineOptions.allowedLatenessSec == "300"
    ])
    error_message = "application properties must carry each pipeline's own Kafka options"
  }

  # Roles: each names only its own bucket object, its own topics and its own log group.
  assert {
    condition = alltrue(flatten([
      for p, app in module.flink_app : [
        for s in app.role_policy.Statement : [
          for r in s.Resource :
          !strcontains(r, ":topic/") || contains([for t in values(output.kafka_topics[p]) : "arn:aws:kafka:eu-west-1:111122223333:topic/dev-pipelines/0000-1111/${t}"], r)
        ]
      ]
    ]))
    error_message = "a role names another pipeline's topic"
  }

  assert {
    condition = alltrue(flatten([
      for p, app in module.flink_app : [
        for s in app.role_policy.Statement : [
          for r in s.Resource : r == "arn:aws:s3:::dev-pipelines-20261123/pipelines-bundled-0.1.0-SNAPSHOT.jar"
        ] if anytrue([for a in s.Action : startswith(a, "s3:")])
      ]
    ]))
    error_message = "a role may read the jar object only"
  }

  assert {
    condition = alltrue(flatten([
      for p, app in module.flink_app : [
        for s in app.role_policy.Statement : [
          for r in s.Resource : startswith(r, "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/kinesis-analytics/dev-${p}:")
        ] if s.Sid == "WriteOwnLogs"
      ]
    ]))
    error_message = "a role may write its own log group only"
  }

  assert {
    condition     = length(distinct([for p, app in module.flink_app : app.log_group_name])) == 4
    error_message = "one log group per application"
  }
}

run "internet_egress_adds_a_nat_route_for_the_private_subnets" {
  command = plan

  variables {
    internet_egress = true
  }

  assert {
    condition     = output.kafka_client_network.subnet_ids != null
    error_message = "the private subnets stay where the clients run"
  }
}

run "a_missing_jar_is_reported" {
  command = plan

  variables {
    jar_path = "tests/fixtures/no-such.jar"
  }

  expect_failures = [var.jar_path]
}
