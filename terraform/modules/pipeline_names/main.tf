# Every name derived from the environment's prefix, in one place. One convention on both clouds:
#
#   <prefix>-<pipeline>-input         the pipeline's input topic
#   <prefix>-<pipeline>-<output>      one topic per named output, dead-letter included
#
# so `--outputTopic=<prefix>-<pipeline>` is a prefix: the pipeline writes named output o to
# `<outputTopic>-o`, and `--deadLetterTopic` names `<prefix>-<pipeline>-dead-letter`, the same
# topic that rule gives for the dead-letter output.

locals {
  pipelines = {
    for p, outputs in var.outputs : p => {
      base = "${var.name_prefix}-${p}"
      topics = {
        input         = "${var.name_prefix}-${p}-input"
        output_prefix = "${var.name_prefix}-${p}"
        dead_letter   = "${var.name_prefix}-${p}-dead-letter"
        outputs       = { for o in outputs : o => "${var.name_prefix}-${p}-${o}" }
      }

      # Google Cloud
      input_subscription   = "${var.name_prefix}-${p}-input-dataflow"
      output_subscriptions = { for o in outputs : o => "${var.name_prefix}-${p}-${o}-sub" }
      bigquery_dataset     = "${var.name_prefix}_${p}"
      service_account_id   = "${var.name_prefix}-${p}-wk"
      dataflow_job_name    = "${var.name_prefix}-${p}"
      template_gcs_path    = var.project_id == null ? null : "gs://${local.gcs_bucket}/templates/${p}.json"
      temp_location        = var.project_id == null ? null : "gs://${local.gcs_bucket}/temp/${p}"
      staging_location     = var.project_id == null ? null : "gs://${local.gcs_bucket}/staging/${p}"

      # AWS
      flink_application = "${var.name_prefix}-${p}"
      flink_role        = "${var.name_prefix}-${p}-flink"
      log_group         = "/aws/kinesis-analytics/${var.name_prefix}-${p}"
      # Consumer groups the pipeline may use: names starting with this (e.g. its input topic's name).
      consumer_group_prefix = "${var.name_prefix}-${p}"
    }
  }

  gcs_bucket = var.project_id == null ? null : "${var.project_id}-${var.name_prefix}-pipelines"

  shared = {
    gcs_bucket          = local.gcs_bucket
    artifact_repository = "${var.name_prefix}-templates"
    msk_cluster         = "${var.name_prefix}-pipelines"
    jar_bucket_prefix   = "${var.name_prefix}-pipelines-"
    jar_object_key      = "pipelines-bundled-${var.artifact_version}.jar"
  }

  too_long = concat(
    [for p, n in local.pipelines : "service account id ${n.service_account_id} (max 30)" if length(n.service_account_id) > 30],
    [for p, n in local.pipelines : "IAM role ${n.flink_role} (max 64)" if length(n.flink_role) > 64],
    [for b in compact([local.gcs_bucket]) : "bucket ${b} (max 63)" if length(b) > 63],
    flatten([for p, n in local.pipelines : [for t in values(n.topics.outputs) : "topic ${t} (max 249)" if length(t) > 249]]),
  )
}
