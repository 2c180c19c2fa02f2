output "pipelines" {
  description = "Per pipeline: outputs => {windowed, partition_field, clustering, table_id, schema_path, schema_json}."
  value       = local.pipelines

  precondition {
    condition     = length(local.problems) == 0
    error_message = "BigQuery schemas do not match the catalog: ${join("; ", local.problems)}"
  }
}

output "output_names" {
  description = "Per pipeline: its named outputs, dead-letter included, sorted."
  value       = { for p, pipeline in local.pipelines : p => sort(keys(pipeline.outputs)) }
}

output "fields" {
  description = "Per pipeline and output: top-level schema fields by name => {type, mode}."
  value       = local.fields
}
