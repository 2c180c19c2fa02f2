# A complete AWS environment for the pipelines: a private VPC, an MSK cluster, the bundled jar
# in S3, and per pipeline a Managed Service for Apache Flink application with its own role and
# log group. Names and options come from the provider-free modules under terraform/modules.

module "catalog" {
  source    = "../../../modules/pipeline_catalog"
  pipelines = var.pipelines
}

module "names" {
  source      = "../../../modules/pipeline_names"
  name_prefix = var.name_prefix
  outputs     = module.catalog.output_names
}

module "network" {
  source             = "../../modules/network"
  name               = "${var.name_prefix}-pipelines"
  availability_zones = var.availability_zones
  internet_egress    = var.internet_egress
}

module "msk" {
  source               = "../../modules/msk"
  cluster_name         = module.names.shared.msk_cluster
  broker_instance_type = var.broker_instance_type
  subnet_ids           = module.network.subnet_ids
  security_group_ids   = [module.network.broker_security_group_id]
  topics               = module.names.all_topics
}

module "artifacts" {
  source         = "../../modules/artifact_bucket"
  bucket_prefix  = module.names.shared.jar_bucket_prefix
  jar_path       = var.jar_path
  jar_object_key = module.names.shared.jar_object_key
  force_destroy  = var.disposable
}

module "options" {
  source                  = "../../../modules/pipeline_options"
  cloud                   = "aws"
  pipelines               = module.names.pipelines
  kafka_bootstrap_servers = module.msk.bootstrap_brokers
  allowed_lateness_sec    = var.allowed_lateness_sec
  extra_options           = var.extra_options
}

module "flink_app" {
  source   = "../../modules/flink_app"
  for_each = module.names.pipelines

  pipeline              = each.key
  application_name      = each.value.flink_application
  role_name             = each.value.flink_role
  log_group_name        = each.value.log_group
  options               = module.options.options[each.key]
  jar_bucket_arn        = module.artifacts.bucket_arn
  jar_object_key        = module.artifacts.jar.key
  jar_object_version    = module.artifacts.jar.version_id
  msk_cluster_arn       = module.msk.cluster_arn
  input_topic           = each.value.topics.input
  output_topics         = values(each.value.topics.outputs)
  consumer_group_prefix = each.value.consumer_group_prefix
  subnet_ids            = module.network.subnet_ids
  security_group_ids    = [module.network.client_security_group_id]
  parallelism           = var.parallelism
  start                 = var.start_applications
}
