# One pipeline's Pub/Sub: its input topic with the subscription its Dataflow job reads, and
# one topic per named output, the dead-letter topic included, each with a subscription.
#
# Pub/Sub drops what is published to a topic that has no subscription, so every output topic
# gets one that keeps messages for message_retention until a consumer reads them; the
# dead-letter subscription is where rejected records wait for a person to look at them.
# The input subscription has no dead_letter_policy: Dataflow acknowledges what it has durably
# read and never nacks; records it cannot parse go to the dead-letter topic instead.

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

variable "input_topic" {
  description = "Name of the input topic."
  type        = string
}

variable "input_subscription" {
  description = "Name of the subscription the Dataflow job reads."
  type        = string
}

variable "output_topics" {
  description = "Named output => topic name (dead-letter included)."
  type        = map(string)
}

variable "output_subscriptions" {
  description = "Named output => subscription name on its topic."
  type        = map(string)
}

variable "message_retention" {
  description = "How long subscriptions keep unacknowledged messages (max 7 days)."
  type        = string
  default     = "604800s"
}

variable "labels" {
  description = "Labels for every resource."
  type        = map(string)
  default     = {}
}

resource "google_pubsub_topic" "input" {
  project = var.project_id
  name    = var.input_topic
  labels  = var.labels
}

resource "google_pubsub_subscription" "input" {
  project                    = var.project_id
  name                       = var.input_subscription
  topic                      = google_pubsub_topic.input.id
  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention
  labels                     = var.labels

  expiration_policy {
    ttl = "" # never expires, even while the job is stopped
  }
}

resource "google_pubsub_topic" "output" {
  for_each = var.output_topics

  project = var.project_id
  name    = each.value
  labels  = var.labels
}

resource "google_pubsub_subscription" "output" {
  for_each = var.output_subscriptions

  project                    = var.project_id
  name                       = each.value
  topic                      = google_pubsub_topic.output[each.key].id
  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

output "input_topic_id" {
  description = "projects/P/topics/T of the input topic."
  value       = google_pubsub_topic.input.id
}

output "input_subscription_id" {
  description = "projects/P/subscriptions/S that the Dataflow job reads."
  value       = google_pubsub_subscription.input.id
}

output "output_topic_ids" {
  description = "Named output => projects/P/topics/T (dead-letter included)."
  value       = { for o, t in google_pubsub_topic.output : o => t.id }
}

output "output_subscription_ids" {
  description = "Named output => projects/P/subscriptions/S for consumers."
  value       = { for o, s in google_pubsub_subscription.output : o => s.id }
}
