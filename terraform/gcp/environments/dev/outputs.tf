output "bucket" {
  description = "Bucket for templates/, staging/ and temp/."
  value       = module.platform.bucket_name
}

output "template_image_repository" {
  description = "Where `make template` pushes the flex template images."
  value       = module.platform.repository.url
}

output "template_paths" {
  description = "Per pipeline: where `make template` must write the flex template spec."
  value       = { for p, n in module.names.pipelines : p => n.template_gcs_path }
}

output "input_topics" {
  description = "Per pipeline: the topic producers publish input records to."
  value       = { for p, m in module.pubsub : p => m.input_topic_id }
}

output "output_topics" {
  description = "Per pipeline: named output => topic (used with sink = pubsub)."
  value       = { for p, m in module.pubsub : p => m.output_topic_ids }
}

output "output_subscriptions" {
  description = "Per pipeline: named output => subscription consumers read."
  value       = { for p, m in module.pubsub : p => m.output_subscription_ids }
}

output "tables" {
  description = "Per pipeline: named output => PROJECT:DATASET.TABLE (used with sink = bigquery)."
  value       = { for p, m in module.bigquery : p => m.table_ids }
}

output "worker_service_accounts" {
  description = "Per pipeline: the Dataflow worker service account."
  value       = { for p, m in module.worker : p => m.email }
}

output "pipeline_args" {
  description = "Per pipeline: the options the job runs with, as --name=value."
  value       = module.options.args
}

output "dataflow_job_ids" {
  description = "Per pipeline: the Dataflow job id (empty until run_jobs = true)."
  value       = { for p, m in module.dataflow_job : p => m.job_id }
}
