variable "pipeline" {
  description = "The pipeline this application runs (first argument of the bundled jar)."
  type        = string
}

variable "application_name" {
  description = "Application name."
  type        = string
}

variable "role_name" {
  description = "Name of the execution role."
  type        = string
}

variable "log_group_name" {
  description = "CloudWatch log group of the application."
  type        = string
}

variable "log_retention_days" {
  description = "Log retention."
  type        = number
  default     = 14
}

variable "options" {
  description = "Pipeline options, by name without the leading -- (the pipeline_options module's options)."
  type        = map(string)

  validation {
    condition     = lookup(var.options, "runner", "") == "FlinkRunner"
    error_message = "options.runner must be FlinkRunner."
  }
}

variable "jar_bucket_arn" {
  description = "ARN of the bucket that holds the jar."
  type        = string
}

variable "jar_object_key" {
  description = "Object key of the bundled jar."
  type        = string
}

variable "jar_object_version" {
  description = "Version id of the jar object; a new version makes the application update."
  type        = string
  default     = null
}

variable "msk_cluster_arn" {
  description = "ARN of the MSK cluster."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kafka:[^:]+:[0-9]{12}:cluster/[^/]+/[^/]+$", var.msk_cluster_arn))
    error_message = "msk_cluster_arn must be an MSK cluster ARN (arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID)."
  }
}

variable "input_topic" {
  description = "Topic the pipeline reads."
  type        = string
}

variable "output_topics" {
  description = "Topics the pipeline writes: one per named output, dead-letter included."
  type        = list(string)
}

variable "consumer_group_prefix" {
  description = "The application may use consumer groups whose names start with this."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the application runs in (those of the MSK cluster)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the application (allowed to reach the brokers)."
  type        = list(string)
}

variable "parallelism" {
  description = "Flink parallelism (KPUs at 1 per KPU)."
  type        = number
  default     = 1
}

variable "auto_scaling" {
  description = "Let Managed Flink scale parallelism."
  type        = bool
  default     = false
}

variable "start" {
  description = "Run the application. Leave false until the topics exist."
  type        = bool
  default     = false
}
