# What every pipeline of the environment shares: one bucket for flex template specs
# (templates/), staged jars (staging/) and temporary files (temp/), and one Docker repository
# for the flex template launcher images.

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

variable "region" {
  description = "Region of the bucket, the repository and the Dataflow jobs."
  type        = string
}

variable "bucket_name" {
  description = "Name of the templates/staging/temp bucket."
  type        = string
}

variable "repository_id" {
  description = "Artifact Registry repository id for the template images."
  type        = string
}

variable "temp_retention_days" {
  description = "Objects under temp/ older than this are deleted."
  type        = number
  default     = 7
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket (dev only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels for every resource."
  type        = map(string)
  default     = {}
}

resource "google_storage_bucket" "pipelines" {
  project                     = var.project_id
  name                        = var.bucket_name
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  # Only temp/: running streaming jobs keep reading their staged jars under staging/.
  lifecycle_rule {
    condition {
      age            = var.temp_retention_days
      matches_prefix = ["temp/"]
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_artifact_registry_repository" "templates" {
  project       = var.project_id
  location      = var.region
  repository_id = var.repository_id
  format        = "DOCKER"
  description   = "Flex template launcher images of the Beam pipelines."
  labels        = var.labels
}

output "bucket_name" {
  description = "The templates/staging/temp bucket."
  value       = google_storage_bucket.pipelines.name
}

output "repository" {
  description = "The template image repository: location and id, and the URL images are pushed to."
  value = {
    location = google_artifact_registry_repository.templates.location
    id       = google_artifact_registry_repository.templates.repository_id
    url      = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.templates.repository_id}"
  }
}
