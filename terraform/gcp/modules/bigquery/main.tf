# One pipeline's BigQuery dataset: one table per named output, the dead-letter table included,
# each with the schema of terraform/schemas/<pipeline>/<output>.json and partitioned by day on
# the event-time column the pipeline_catalog module names for it.

terraform {
  required_version = ">= 1.9"
  required_providers {
    google = { source = "hashicorp/google", version = ">= 6.0, < 7.0" }
  }
}

variable "project_id" {
  description = "Google Cloud project id."
  type        = string
}

variable "dataset_id" {
  description = "Dataset id."
  type        = string
}

variable "location" {
  description = "Dataset location (a region or US/EU)."
  type        = string
}

variable "tables" {
  description = "Named output => table layout (the pipeline_catalog module's outputs of one pipeline)."
  type = map(object({
    table_id        = string
    schema_json     = string
    partition_field = string
    clustering      = list(string)
  }))
}

variable "partition_expiration_days" {
  description = "Partitions older than this are deleted; null keeps them."
  type        = number
  default     = null
}

variable "deletion_protection" {
  description = "Refuse to delete tables on terraform destroy (set false for dev)."
  type        = bool
  default     = true
}

variable "delete_contents_on_destroy" {
  description = "Let terraform destroy delete a dataset that still holds tables (dev only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels for every resource."
  type        = map(string)
  default     = {}
}

resource "google_bigquery_dataset" "this" {
  project                    = var.project_id
  dataset_id                 = var.dataset_id
  location                   = var.location
  description                = "Outputs and dead letters of one Beam pipeline."
  delete_contents_on_destroy = var.delete_contents_on_destroy
  labels                     = var.labels
}

resource "google_bigquery_table" "output" {
  for_each = var.tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.value.table_id
  description         = "Named output ${each.key}, partitioned by ${each.value.partition_field}."
  schema              = each.value.schema_json
  clustering          = length(each.value.clustering) > 0 ? each.value.clustering : null
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = each.value.partition_field
    expiration_ms = var.partition_expiration_days == null ? null : var.partition_expiration_days * 86400000
  }
}

output "dataset_id" {
  description = "The dataset id."
  value       = google_bigquery_dataset.this.dataset_id
}

output "table_ids" {
  description = "Named output => PROJECT:DATASET.TABLE."
  value       = { for o, t in google_bigquery_table.output : o => "${var.project_id}:${t.dataset_id}.${t.table_id}" }
}
