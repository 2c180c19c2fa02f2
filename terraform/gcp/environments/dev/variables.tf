variable "project_id" {
  description = "Google Cloud project to deploy into."
  type        = string
}

variable "region" {
  description = "Region of the bucket, registry, topics' consumers and Dataflow jobs."
  type        = string
  default     = "europe-west1"
}

variable "bigquery_location" {
  description = "BigQuery dataset location; null = the region."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Environment name put in front of every resource name (2-10 lowercase letters/digits)."
  type        = string
  default     = "dev"
}

variable "pipelines" {
  description = "Pipelines to deploy."
  type        = list(string)
  default     = ["analytics", "fraud", "iot", "recommendations"]
}

variable "sink" {
  description = "Where the jobs write: bigquery or pubsub. Both the tables and the topics exist either way."
  type        = string
  default     = "bigquery"
}

variable "allowed_lateness_sec" {
  description = "--allowedLatenessSec for every pipeline."
  type        = number
  default     = 300
}

variable "extra_options" {
  description = "Per pipeline, more options without the leading -- (e.g. { fraud = { velocityCount = \"3\" } })."
  type        = map(map(string))
  default     = {}
}

variable "run_jobs" {
  description = "Start the Dataflow jobs. Leave false until `make template` has staged the templates."
  type        = bool
  default     = false
}

variable "machine_type" {
  description = "Dataflow worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "max_workers" {
  description = "Dataflow autoscaling limit per job."
  type        = number
  default     = 2
}

variable "network" {
  description = "VPC network for the workers; null = the project's default network."
  type        = string
  default     = null
}

variable "subnetwork" {
  description = "Subnetwork for the workers (regions/R/subnetworks/S); null = chosen by Dataflow."
  type        = string
  default     = null
}

variable "private_ips" {
  description = "Workers without public IPs (needs Private Google Access on the subnetwork)."
  type        = bool
  default     = false
}

variable "disposable" {
  description = "Let terraform destroy delete non-empty buckets, datasets and tables (dev only)."
  type        = bool
  default     = true
}

variable "partition_expiration_days" {
  description = "Delete table partitions older than this; null keeps them."
  type        = number
  default     = 30
}
