# The Google APIs the pipelines need. Left enabled on destroy: other things in the project may
# use them too.

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

variable "services" {
  description = "APIs to enable."
  type        = list(string)
  default = [
    "artifactregistry.googleapis.com", # flex template images
    "bigquery.googleapis.com",         # output tables
    "bigquerystorage.googleapis.com",  # BigQuery Storage Write API
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",  # Dataflow workers are Compute Engine VMs
    "dataflow.googleapis.com", # the runner
    "iam.googleapis.com",      # the worker service accounts
    "logging.googleapis.com",  # worker and launcher logs
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",  # input, output and dead-letter topics
    "storage.googleapis.com", # templates, staging, temp
  ]
}

resource "google_project_service" "this" {
  for_each = toset(var.services)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

output "services" {
  description = "The enabled APIs."
  value       = sort([for s in google_project_service.this : s.service])
}
