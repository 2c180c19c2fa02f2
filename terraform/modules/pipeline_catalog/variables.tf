variable "pipelines" {
  description = "Pipelines to deploy: any of analytics, fraud, iot, recommendations."
  type        = list(string)
  default     = ["analytics", "fraud", "iot", "recommendations"]

  validation {
    condition     = length(var.pipelines) > 0
    error_message = "pipelines must name at least one pipeline."
  }

  validation {
    condition     = alltrue([for p in var.pipelines : contains(["analytics", "fraud", "iot", "recommendations"], p)])
    error_message = "pipelines: each must be one of analytics, fraud, iot, recommendations (CONTRACTS.md)."
  }

  validation {
    condition     = length(distinct(var.pipelines)) == length(var.pipelines)
    error_message = "pipelines must not name a pipeline twice."
  }
}

variable "schema_dir" {
  description = "Folder holding <pipeline>/<output>.json BigQuery schemas; null = terraform/schemas of this repository."
  type        = string
  default     = null
}
