# One pipeline's Dataflow worker service account, with least privilege: every role is bound on
# the pipeline's own subscription, topics, dataset, bucket and repository, except
# roles/dataflow.worker, which Dataflow only grants at project level.
#
# The account has no roles/bigquery.jobUser: the pipeline must write BigQuery with the Storage
# Write API or streaming inserts, into the existing tables (CREATE_NEVER), not with load jobs.

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

variable "account_id" {
  description = "Service account id (6-30 chars)."
  type        = string
}

variable "pipeline" {
  description = "The pipeline this account runs."
  type        = string
}

variable "input_subscription_id" {
  description = "projects/P/subscriptions/S the job reads."
  type        = string
}

variable "publish_topic_ids" {
  description = "Named output => projects/P/topics/T the job may publish to (dead-letter included)."
  type        = map(string)
}

variable "dataset_id" {
  description = "The pipeline's BigQuery dataset."
  type        = string
}

variable "bucket_name" {
  description = "The templates/staging/temp bucket."
  type        = string
}

variable "repository" {
  description = "The template image repository: location and id."
  type        = object({ location = string, id = string })
}

resource "google_service_account" "worker" {
  project      = var.project_id
  account_id   = var.account_id
  display_name = "Dataflow worker: ${var.pipeline}"
  description  = "Runs the ${var.pipeline} pipeline's Dataflow launcher and workers."
}

locals {
  member = "serviceAccount:${google_service_account.worker.email}"
}

# The only project-level binding: Dataflow has no narrower scope for it.
resource "google_project_iam_member" "dataflow_worker" {
  project = var.project_id
  role    = "roles/dataflow.worker"
  member  = local.member
}

# Read the input: consume (subscriber) and get the subscription (viewer).
resource "google_pubsub_subscription_iam_member" "input" {
  for_each = toset(["roles/pubsub.subscriber", "roles/pubsub.viewer"])

  project      = var.project_id
  subscription = var.input_subscription_id
  role         = each.value
  member       = local.member
}

resource "google_pubsub_topic_iam_member" "publish" {
  for_each = var.publish_topic_ids

  project = var.project_id
  topic   = each.value
  role    = "roles/pubsub.publisher"
  member  = local.member
}

resource "google_bigquery_dataset_iam_member" "write" {
  project    = var.project_id
  dataset_id = var.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.member
}

# Read the template spec and staged jars, write staging and temp files; legacyBucketReader adds
# storage.buckets.get, which Beam's path validation calls on --tempLocation.
resource "google_storage_bucket_iam_member" "bucket" {
  for_each = toset(["roles/storage.objectAdmin", "roles/storage.legacyBucketReader"])

  bucket = var.bucket_name
  role   = each.value
  member = local.member
}

# The flex template launcher VM pulls the template image as this account.
resource "google_artifact_registry_repository_iam_member" "pull" {
  project    = var.project_id
  location   = var.repository.location
  repository = var.repository.id
  role       = "roles/artifactregistry.reader"
  member     = local.member
}

output "email" {
  description = "The worker service account's email."
  value       = google_service_account.worker.email
}
