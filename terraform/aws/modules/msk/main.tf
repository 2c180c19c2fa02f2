# The MSK cluster every pipeline reads and writes: Kafka 3.8, IAM authentication over TLS only,
# brokers in private subnets, broker logs to CloudWatch.
#
# Topics: provider hashicorp/aws 5.x has no MSK topic resource, so the cluster does not create
# topics by itself (auto.create.topics.enable=false: a typo in a topic name must fail, not
# create a topic nobody reads). They are created once by a bootstrap step, the script in the
# environment's `create_topics_script` output, run with the topic_admin policy below.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.60, < 6.0" }
  }
}

variable "cluster_name" {
  description = "Cluster name."
  type        = string
}

variable "kafka_version" {
  description = "MSK Kafka version."
  type        = string
  default     = "3.8.x"
}

variable "broker_instance_type" {
  description = "Broker instance type."
  type        = string
  default     = "kafka.t3.small"
}

variable "subnet_ids" {
  description = "Private subnets, one per zone; brokers are spread over them."
  type        = list(string)
}

variable "brokers_per_zone" {
  description = "Brokers in each subnet."
  type        = number
  default     = 1
}

variable "security_group_ids" {
  description = "Security groups of the brokers."
  type        = list(string)
}

variable "volume_size_gb" {
  description = "EBS storage per broker."
  type        = number
  default     = 100
}

variable "topics" {
  description = "Topics the bootstrap step creates; the topic_admin policy is limited to them."
  type        = list(string)
}

variable "max_message_bytes" {
  description = "Largest record the brokers accept. Above 1 MiB: records up to 1 MiB are valid input, and a dead letter carries its whole payload plus an error."
  type        = number
  default     = 4194304
}

variable "log_retention_days" {
  description = "Broker log retention in CloudWatch."
  type        = number
  default     = 14
}

locals {
  brokers            = length(var.subnet_ids) * var.brokers_per_zone
  replication_factor = min(3, local.brokers)
}

resource "aws_cloudwatch_log_group" "brokers" {
  name              = "/aws/msk/${var.cluster_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_msk_configuration" "this" {
  name           = var.cluster_name
  kafka_versions = [var.kafka_version]
  server_properties = join("\n", [
    "auto.create.topics.enable=false",
    "default.replication.factor=${local.replication_factor}",
    "min.insync.replicas=${max(1, local.replication_factor - 1)}",
    "message.max.bytes=${var.max_message_bytes}",
    "replica.fetch.max.bytes=${var.max_message_bytes}",
    "num.partitions=3",
  ])
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.cluster_name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = local.brokers

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = var.security_group_ids
    storage_info {
      ebs_storage_info {
        volume_size = var.volume_size_gb
      }
    }
  }

  client_authentication {
    sasl {
      iam = true
    }
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.brokers.name
      }
    }
  }
}

locals {
  # arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID -> the cluster's topic and group ARN prefixes
  topic_arn_prefix = replace(aws_msk_cluster.this.arn, ":cluster/", ":topic/")
}

# For whoever runs the topic bootstrap step: create and describe exactly the listed topics.
resource "aws_iam_policy" "topic_admin" {
  name        = "${var.cluster_name}-topic-admin"
  description = "Create the pipelines' topics on ${var.cluster_name}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Connect"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
        Resource = [aws_msk_cluster.this.arn]
      },
      {
        Sid      = "CreatePipelineTopics"
        Effect   = "Allow"
        Action   = ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration"]
        Resource = [for t in var.topics : "${local.topic_arn_prefix}/${t}"]
      },
    ]
  })
}

output "cluster_arn" {
  description = "ARN of the cluster."
  value       = aws_msk_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the cluster."
  value       = aws_msk_cluster.this.cluster_name
}

output "bootstrap_brokers" {
  description = "Bootstrap servers for SASL/IAM over TLS (port 9098)."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
}

output "replication_factor" {
  description = "Replication factor for the pipelines' topics."
  value       = local.replication_factor
}

output "topic_admin_policy_arn" {
  description = "Attach to the identity that runs the topic bootstrap step."
  value       = aws_iam_policy.topic_admin.arn
}
