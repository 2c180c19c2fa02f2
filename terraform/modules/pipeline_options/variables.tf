variable "cloud" {
  description = "gcp (Dataflow flex template parameters) or aws (Managed Service for Apache Flink properties)."
  type        = string

  validation {
    condition     = contains(["gcp", "aws"], var.cloud)
    error_message = "cloud must be gcp or aws."
  }
}

variable "pipelines" {
  description = "Per pipeline, its names (the pipeline_names module's pipelines output)."
  type = map(object({
    topics = object({
      input         = string
      output_prefix = string
      dead_letter   = string
    })
    input_subscription = string
    bigquery_dataset   = string
  }))
}

variable "project_id" {
  description = "Google Cloud project id (cloud = gcp)."
  type        = string
  default     = null

  validation {
    condition     = var.cloud != "gcp" || var.project_id != null
    error_message = "project_id is required when cloud = gcp."
  }
}

variable "gcp_sink" {
  description = "Where Dataflow jobs write their named outputs: bigquery (one table per output) or pubsub (one topic per output)."
  type        = string
  default     = "bigquery"

  validation {
    condition     = contains(["bigquery", "pubsub"], var.gcp_sink)
    error_message = "gcp_sink must be bigquery or pubsub."
  }
}

variable "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers, host:port[,host:port...] (cloud = aws)."
  type        = string
  default     = null

  validation {
    condition     = var.cloud != "aws" || var.kafka_bootstrap_servers != null
    error_message = "kafka_bootstrap_servers is required when cloud = aws."
  }
}

variable "allowed_lateness_sec" {
  description = "--allowedLatenessSec: how late an event may be and still update results (CONTRACTS.md; default 300)."
  type        = number
  default     = 300

  validation {
    condition     = var.allowed_lateness_sec >= 0 && floor(var.allowed_lateness_sec) == var.allowed_lateness_sec
    error_message = "allowed_lateness_sec must be a whole number of seconds >= 0."
  }
}

variable "extra_options" {
  description = "Per pipeline, more pipeline options without the leading -- (e.g. { fraud = { velocityCount = \"3\" } })."
  type        = map(map(string))
  default     = {}

  validation {
    condition     = alltrue([for p, _ in var.extra_options : contains(keys(var.pipelines), p)])
    error_message = "extra_options: every key must be a deployed pipeline (${join(", ", keys(var.pipelines))})."
  }

  validation {
    condition     = alltrue(flatten([for p, opts in var.extra_options : [for k, _ in opts : can(regex("^[a-z][A-Za-z0-9]*$", k))]]))
    error_message = "extra_options: option names are camelCase without the leading -- (e.g. velocityCount)."
  }

  validation {
    condition = alltrue(flatten([for p, opts in var.extra_options : [for k, _ in opts : !contains([
      "runner", "source", "sink", "inputSubscription", "inputTopic", "outputTopic", "deadLetterTopic",
      "bigQueryDataset", "kafkaBootstrapServers", "allowedLatenessSec", "inputPath", "outputPath",
    ], k)]]))
    error_message = "extra_options must not set the options this module wires (runner, source, sink, topics, dataset, bootstrap servers, allowedLatenessSec, paths)."
  }
}
