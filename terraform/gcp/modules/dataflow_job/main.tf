# One pipeline's streaming Dataflow job, started from its flex template
# (gs://BUCKET/templates/<pipeline>.json, written by `make template`).
# google_dataflow_flex_template_job exists in the google-beta provider only.

terraform {
  required_version = ">= 1.9"
  required_providers {
    google-beta = { source = "hashicorp/google-beta", version = ">= 6.0, < 7.0" }
  }
}

variable "project_id" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Dataflow region."
  type        = string
}

variable "name" {
  description = "Job name."
  type        = string
}

variable "template_gcs_path" {
  description = "gs:// path of the flex template spec."
  type        = string
}

variable "parameters" {
  description = "Pipeline options, by name without the leading -- (the pipeline_options module's options)."
  type        = map(string)
}

variable "service_account_email" {
  description = "Worker service account."
  type        = string
}

variable "temp_location" {
  description = "gs:// folder for temporary files."
  type        = string
}

variable "staging_location" {
  description = "gs:// folder for staged files."
  type        = string
}

variable "machine_type" {
  description = "Worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "max_workers" {
  description = "Autoscaling limit."
  type        = number
  default     = 3
}

variable "network" {
  description = "VPC network for the workers; null = the project's default network."
  type        = string
  default     = null
}

variable "subnetwork" {
  description = "Subnetwork (regions/R/subnetworks/S); null = chosen by Dataflow."
  type        = string
  default     = null
}

variable "private_ips" {
  description = "Workers without public IPs (the subnetwork needs Private Google Access)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels for the job."
  type        = map(string)
  default     = {}
}

resource "google_dataflow_flex_template_job" "this" {
  provider = google-beta

  project                 = var.project_id
  region                  = var.region
  name                    = var.name
  container_spec_gcs_path = var.template_gcs_path
  parameters              = var.parameters
  service_account_email   = var.service_account_email
  temp_location           = var.temp_location
  staging_location        = var.staging_location
  machine_type            = var.machine_type
  max_workers             = var.max_workers
  network                 = var.network
  subnetwork              = var.subnetwork
  ip_configuration        = var.private_ips ? "WORKER_IP_PRIVATE" : "WORKER_IP_PUBLIC"
  enable_streaming_engine = true
  labels                  = var.labels

  # Drain on destroy: stop reading, finish what was read, fire the open windows.
  on_delete = "drain"
}

output "job_id" {
  description = "The Dataflow job id."
  value       = google_dataflow_flex_template_job.this.job_id
}

output "state" {
  description = "The job's state when last read."
  value       = google_dataflow_flex_template_job.this.state
}
