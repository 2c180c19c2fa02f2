# The pipelines of CONTRACTS.md, their named outputs and each output's BigQuery table layout.
# The schemas themselves live in terraform/schemas/<pipeline>/<output>.json (standard BigQuery
# JSON schema) so that a Java test can compare them with what the pipelines write.

locals {
  schema_dir = coalesce(var.schema_dir, "${path.module}/../../schemas")

  # Every pipeline has this output (CONTRACTS.md, "Bad input is never dropped silently").
  # Partitioned by processedAt: a rejected record's own event time may be missing or unparsable.
  dead_letter = { windowed = false, partition_field = "processedAt", clustering = [] }

  # The other named outputs. windowed = the pipeline adds the pane labels timing and paneIndex.
  # partition_field = the event-time column each table is partitioned on (by DAY).
  results = {
    analytics = {
      "window-stats" = { windowed = true, partition_field = "windowStart", clustering = [] }
      "top-pages"    = { windowed = true, partition_field = "windowStart", clustering = [] }
      # Session windows have no windowStart: the session's first event is its start.
      "sessions" = { windowed = true, partition_field = "sessionStart", clustering = ["userId"] }
    }
    fraud = {
      # Not windowed: an alert carries its transaction's timestamp.
      "alerts" = { windowed = false, partition_field = "timestamp", clustering = ["cardId", "rule"] }
    }
    iot = {
      "sensor-stats" = { windowed = true, partition_field = "windowStart", clustering = ["deviceId", "sensor"] }
      "anomalies"    = { windowed = false, partition_field = "timestamp", clustering = ["deviceId", "sensor", "rule"] }
      # The reading before the gap is the event that a silence record is about.
      "device-silence" = { windowed = false, partition_field = "lastSeen", clustering = ["deviceId"] }
    }
    recommendations = {
      "trending"        = { windowed = true, partition_field = "windowStart", clustering = [] }
      "similar-items"   = { windowed = true, partition_field = "windowStart", clustering = ["itemId"] }
      "recommendations" = { windowed = true, partition_field = "windowStart", clustering = ["userId"] }
    }
  }

  pipelines = {
    for p in var.pipelines : p => {
      outputs = {
        for o, spec in merge(local.results[p], { "dead-letter" = local.dead_letter }) : o => {
          windowed        = spec.windowed
          partition_field = spec.partition_field
          clustering      = spec.clustering
          # BigQuery table ids allow letters, digits and underscores only.
          table_id    = replace(o, "-", "_")
          schema_path = "schemas/${p}/${o}.json"
          schema_json = file("${local.schema_dir}/${p}/${o}.json")
        }
      }
    }
  }

  # Decoded schemas, top-level fields by name, for the checks below and for tests.
  fields = {
    for p, pipeline in local.pipelines : p => {
      for o, out in pipeline.outputs : o => {
        for f in jsondecode(out.schema_json) : f.name => {
          type = f.type
          mode = try(f.mode, "NULLABLE")
        }
      }
    }
  }

  problems = flatten([
    for p, pipeline in local.pipelines : [
      for o, out in pipeline.outputs : concat(
        [for n in [out.partition_field] : "${out.schema_path}: partition column ${n} must be a REQUIRED TIMESTAMP"
        if try(local.fields[p][o][n].type, "") != "TIMESTAMP" || try(local.fields[p][o][n].mode, "") != "REQUIRED"],
        [for n in out.clustering : "${out.schema_path}: clustering column ${n} must be a top-level, non-repeated field"
        if try(local.fields[p][o][n].mode, "REPEATED") == "REPEATED"],
        out.windowed == (
          try(local.fields[p][o].timing.type, "") == "STRING" && try(local.fields[p][o].paneIndex.type, "") == "INTEGER"
        ) ? [] : ["${out.schema_path}: windowed outputs (only) carry timing STRING and paneIndex INTEGER"],
        length(jsondecode(out.schema_json)) == length(keys(local.fields[p][o])) ? [] : ["${out.schema_path}: a field name appears twice"],
        o != "dead-letter" || sort(keys(local.fields[p][o])) == sort(["pipeline", "error", "payload", "processedAt"]) ? [] : ["${out.schema_path}: dead-letter records are exactly {pipeline, error, payload, processedAt}"],
      )
    ]
  ])
}
