# A complete Google Cloud environment for the pipelines: APIs, the shared bucket and image
# repository, and per pipeline its topics, subscriptions, dataset and tables, worker service
# account and Dataflow job. Names, schemas and options come from the provider-free modules under
# terraform/modules, which `terraform/check.sh` tests offline.

locals {
  labels = { environment = var.name_prefix, managed-by = "terraform", repository = "beam-pipelines" }
}

module "catalog" {
  source    = "../../../modules/pipeline_catalog"
  pipelines = var.pipelines
}

module "names" {
  source      = "../../../modules/pipeline_names"
  name_prefix = var.name_prefix
  project_id  = var.project_id
  outputs     = module.catalog.output_names
}

module "options" {
  source               = "../../../modules/pipeline_options"
  cloud                = "gcp"
  project_id           = var.project_id
  pipelines            = module.names.pipelines
  gcp_sink             = var.sink
  allowed_lateness_sec = var.allowed_lateness_sec
  extra_options        = var.extra_options
}

module "services" {
  source     = "../../modules/project_services"
  project_id = var.project_id
}

module "platform" {
  source        = "../../modules/platform"
  depends_on    = [module.services]
  project_id    = var.project_id
  region        = var.region
  bucket_name   = module.names.shared.gcs_bucket
  repository_id = module.names.shared.artifact_repository
  force_destroy = var.disposable
  labels        = local.labels
}

module "pubsub" {
  source   = "../../modules/pubsub"
  for_each = module.names.pipelines

  depends_on           = [module.services]
  project_id           = var.project_id
  input_topic          = each.value.topics.input
  input_subscription   = each.value.input_subscription
  output_topics        = each.value.topics.outputs
  output_subscriptions = each.value.output_subscriptions
  labels               = merge(local.labels, { pipeline = each.key })
}

module "bigquery" {
  source   = "../../modules/bigquery"
  for_each = module.catalog.pipelines

  depends_on                 = [module.services]
  project_id                 = var.project_id
  dataset_id                 = module.names.pipelines[each.key].bigquery_dataset
  location                   = coalesce(var.bigquery_location, var.region)
  tables                     = each.value.outputs
  partition_expiration_days  = var.partition_expiration_days
  deletion_protection        = !var.disposable
  delete_contents_on_destroy = var.disposable
  labels                     = merge(local.labels, { pipeline = each.key })
}

module "worker" {
  source   = "../../modules/worker"
  for_each = module.names.pipelines

  depends_on            = [module.services]
  project_id            = var.project_id
  pipeline              = each.key
  account_id            = each.value.service_account_id
  input_subscription_id = module.pubsub[each.key].input_subscription_id
  publish_topic_ids     = module.pubsub[each.key].output_topic_ids
  dataset_id            = module.bigquery[each.key].dataset_id
  bucket_name           = module.platform.bucket_name
  repository            = module.platform.repository
}

module "dataflow_job" {
  source   = "../../modules/dataflow_job"
  for_each = { for p, n in module.names.pipelines : p => n if var.run_jobs }

  # The worker needs its roles before the launcher starts, and the tables must exist.
  depends_on            = [module.worker, module.bigquery, module.pubsub]
  project_id            = var.project_id
  region                = var.region
  name                  = each.value.dataflow_job_name
  template_gcs_path     = each.value.template_gcs_path
  parameters            = module.options.options[each.key]
  service_account_email = module.worker[each.key].email
  temp_location         = each.value.temp_location
  staging_location      = each.value.staging_location
  machine_type          = var.machine_type
  max_workers           = var.max_workers
  network               = var.network
  subnetwork            = var.subnetwork
  private_ips           = var.private_ips
  labels                = merge(local.labels, { pipeline = each.key })
}
