# The options each pipeline is started with, by option name without the leading `--`: the names
# of CONTRACTS.md plus --inputSubscription, --outputTopic, --deadLetterTopic and --bigQueryDataset.
#
# Dataflow (flex template parameters): read Pub/Sub, write BigQuery or Pub/Sub.
#   --inputSubscription  projects/P/subscriptions/S (the form PubsubIO takes)
#   --bigQueryDataset    P:DATASET; output o goes to table P:DATASET.<o with - replaced by _>
#   --outputTopic        projects/P/topics/<prefix>-<pipeline>; output o goes to <outputTopic>-o
#   --deadLetterTopic    projects/P/topics/<prefix>-<pipeline>-dead-letter
# With --sink=bigquery, dead letters go to the dead_letter table ("as the sink is").
#
# Flink (application properties): read and write Kafka on MSK, same topic convention.

locals {
  lateness = tostring(var.allowed_lateness_sec)

  gcp = var.cloud != "gcp" ? {} : {
    for p, n in var.pipelines : p => tomap(merge(
      {
        source             = "pubsub"
        inputSubscription  = "projects/${var.project_id}/subscriptions/${n.input_subscription}"
        sink               = var.gcp_sink
        allowedLatenessSec = local.lateness
      },
      var.gcp_sink == "bigquery" ? {
        bigQueryDataset = "${var.project_id}:${n.bigquery_dataset}"
        } : {
        outputTopic     = "projects/${var.project_id}/topics/${n.topics.output_prefix}"
        deadLetterTopic = "projects/${var.project_id}/topics/${n.topics.dead_letter}"
      },
      lookup(var.extra_options, p, {}),
    ))
  }

  aws = var.cloud != "aws" ? {} : {
    for p, n in var.pipelines : p => tomap(merge(
      {
        runner                = "FlinkRunner"
        source                = "kafka"
        sink                  = "kafka"
        kafkaBootstrapServers = var.kafka_bootstrap_servers
        inputTopic            = n.topics.input
        outputTopic           = n.topics.output_prefix
        deadLetterTopic       = n.topics.dead_letter
        allowedLatenessSec    = local.lateness
      },
      lookup(var.extra_options, p, {}),
    ))
  }

  options = var.cloud == "gcp" ? local.gcp : local.aws
}
