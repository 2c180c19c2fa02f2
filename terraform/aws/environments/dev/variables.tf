variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "availability_zones" {
  description = "Zones for the private subnets and MSK brokers (at least two)."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b"]
}

variable "internet_egress" {
  description = "A NAT gateway for hosts in the VPC, e.g. the one that runs create_topics_script (costs money while it exists)."
  type        = bool
  default     = false
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

variable "jar_path" {
  description = "The bundled jar built by `make build`, relative to this folder or absolute."
  type        = string
  default     = "../../../../pipelines/target/pipelines-bundled-0.1.0-SNAPSHOT.jar"

  validation {
    condition     = fileexists(var.jar_path)
    error_message = "jar_path does not name a file: run `make build` at the repository root first, or fix the path."
  }
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

variable "start_applications" {
  description = "Run the Flink applications. Leave false until the topics exist (see create_topics_script)."
  type        = bool
  default     = false
}

variable "broker_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.t3.small"
}

variable "topic_partitions" {
  description = "Partitions per topic created by the bootstrap script."
  type        = number
  default     = 3
}

variable "parallelism" {
  description = "Flink parallelism per application."
  type        = number
  default     = 1
}

variable "disposable" {
  description = "Let terraform destroy delete the non-empty jar bucket (dev only)."
  type        = bool
  default     = true
}
