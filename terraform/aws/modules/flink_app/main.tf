# One pipeline as an Amazon Managed Service for Apache Flink application: the bundled Beam jar
# from S3, run by the FlinkRunner, reading and writing the pipeline's Kafka topics on MSK, with
# its own CloudWatch log group and an execution role that can touch nothing else.
#
# Managed Flink starts the jar's main class without arguments. The pipeline is chosen and its
# options given by two property groups:
#   Pipeline             { name = "<pipeline>" }
#   BeamPipelineOptions  { runner = "FlinkRunner", source = "kafka", ... }   (option => value)
# The jar's entry point runs `<name> --option=value ...` from them.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.60, < 6.0" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.name
  partition = data.aws_partition.current.partition

  application_arn = "arn:${local.partition}:kinesisanalytics:${local.region}:${local.account}:application/${var.application_name}"
  log_group_arn   = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${var.log_group_name}"
  log_stream_arn  = "${local.log_group_arn}:log-stream:${local.log_stream_name}"
  log_stream_name = "application"

  jar_arn = "${var.jar_bucket_arn}/${var.jar_object_key}"

  # arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID -> .../topic/NAME/UUID/TOPIC, .../group/NAME/UUID/GROUP
  topic_arn = { for t in concat([var.input_topic], var.output_topics) : t => "${replace(var.msk_cluster_arn, ":cluster/", ":topic/")}/${t}" }
  group_arn = "${replace(var.msk_cluster_arn, ":cluster/", ":group/")}/${var.consumer_group_prefix}*"

  subnet_arns         = [for s in var.subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account}:subnet/${s}"]
  security_group_arns = [for g in var.security_group_ids : "arn:${local.partition}:ec2:${local.region}:${local.account}:security-group/${g}"]

  policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadApplicationJar"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource = [local.jar_arn]
      },
      {
        # WriteDataIdempotently: Kafka 3.x producers are idempotent by default.
        Sid      = "ConnectToCluster"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
        Resource = [var.msk_cluster_arn]
      },
      {
        Sid      = "ReadInputTopic"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
        Resource = [local.topic_arn[var.input_topic]]
      },
      {
        Sid      = "WriteOutputTopics"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
        Resource = [for t in var.output_topics : local.topic_arn[t]]
      },
      {
        Sid      = "UseOwnConsumerGroups"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
        Resource = [local.group_arn]
      },
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [local.log_stream_arn, "${local.log_group_arn}:log-stream:*"]
      },
      {
        # Managed Flink lists log groups before writing; the action has no narrower resource.
        Sid      = "ListLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:*"]
      },
      {
        # EC2 Describe actions do not support resource-level permissions.
        Sid      = "DescribeVpc"
        Effect   = "Allow"
        Action   = ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"]
        Resource = ["*"]
      },
      {
        Sid      = "AttachToOwnSubnets"
        Effect   = "Allow"
        Action   = ["ec2:CreateNetworkInterface"]
        Resource = concat(local.subnet_arns, local.security_group_arns)
      },
      {
        Sid      = "ManageEnisInOwnSubnets"
        Effect   = "Allow"
        Action   = ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"]
        Resource = ["arn:${local.partition}:ec2:${local.region}:${local.account}:network-interface/*"]
        Condition = {
          ArnEquals = { "ec2:Subnet" = local.subnet_arns }
        }
      },
    ]
  }

  property_groups = {
    Pipeline            = { name = var.pipeline }
    BeamPipelineOptions = var.options
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_stream" "this" {
  name           = local.log_stream_name
  log_group_name = aws_cloudwatch_log_group.this.name
}

resource "aws_iam_role" "this" {
  name        = var.role_name
  description = "Execution role of the ${var.pipeline} Flink application"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "kinesisanalytics.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account }
        ArnEquals    = { "aws:SourceArn" = local.application_arn }
      }
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.role_name}-access"
  role   = aws_iam_role.this.id
  policy = jsonencode(local.policy)
}

resource "aws_kinesisanalyticsv2_application" "this" {
  # The role's permissions and the log stream must exist before the application starts.
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_stream.this]

  name                   = var.application_name
  description            = "Beam ${var.pipeline} pipeline on the FlinkRunner"
  runtime_environment    = "FLINK-1_19"
  service_execution_role = aws_iam_role.this.arn
  start_application      = var.start

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"
      code_content {
        s3_content_location {
          bucket_arn     = var.jar_bucket_arn
          file_key       = var.jar_object_key
          object_version = var.jar_object_version
        }
      }
    }

    environment_properties {
      dynamic "property_group" {
        for_each = local.property_groups
        content {
          property_group_id = property_group.key
          property_map      = property_group.value
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = true
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type = "DEFAULT" # checkpoints every 60 s
      }
      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = "INFO"
        metrics_level      = "APPLICATION"
      }
      parallelism_configuration {
        configuration_type   = "CUSTOM"
        parallelism          = var.parallelism
        parallelism_per_kpu  = 1
        auto_scaling_enabled = var.auto_scaling
      }
    }

    run_configuration {
      application_restore_configuration {
        application_restore_type = "RESTORE_FROM_LATEST_SNAPSHOT"
      }
    }

    vpc_configuration {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = local.log_stream_arn
  }
}
