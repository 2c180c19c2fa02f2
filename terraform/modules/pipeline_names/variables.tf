variable "name_prefix" {
  description = "Short environment name put in front of every resource name, e.g. dev or prod."
  type        = string

  validation {
    # Short and plain so that every derived name fits every service's rules: service account
    # ids (30 chars), BigQuery datasets (no dashes), Kafka topics, S3 buckets, IAM roles.
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.name_prefix))
    error_message = "name_prefix must be 2 to 10 lowercase letters or digits, starting with a letter (e.g. dev, prod, stg2)."
  }
}

variable "outputs" {
  description = "Per pipeline, its named outputs (the catalog's output_names)."
  type        = map(list(string))

  validation {
    condition     = alltrue([for p, os in var.outputs : can(regex("^[a-z][a-z0-9]*$", p)) && contains(os, "dead-letter")])
    error_message = "outputs: pipeline names are lowercase words, and every pipeline has a dead-letter output."
  }

  validation {
    condition     = alltrue(flatten([for p, os in var.outputs : [for o in os : can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", o)) && o != "input"]]))
    error_message = "outputs: output names are lowercase words joined by dashes, and none may be called input (that name is the input topic's)."
  }
}

variable "project_id" {
  description = "Google Cloud project id, for the Google names (null when deploying to AWS only)."
  type        = string
  default     = null

  validation {
    condition     = var.project_id == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id: 6 to 30 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "artifact_version" {
  description = "Version of the pipelines' build: names the bundled jar pipelines-bundled-<version>.jar."
  type        = string
  default     = "0.1.0-SNAPSHOT"

  validation {
    condition     = can(regex("^[0-9A-Za-z.+-]+$", var.artifact_version))
    error_message = "artifact_version must be a Maven version string such as 0.1.0-SNAPSHOT."
  }
}
