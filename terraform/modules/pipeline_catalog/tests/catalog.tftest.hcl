# The catalog against CONTRACTS.md: every named output of every pipeline has a schema, with the
# contract's fields, the pane labels on windowed outputs, and an event-time partition column.

variables {
  # CONTRACTS.md's fields per output, in order.
  contract_fields = {
    "analytics/window-stats"          = ["windowStart", "windowEnd", "events", "uniqueUsers", "byType", "revenue"]
    "analytics/top-pages"             = ["windowStart", "windowEnd", "pages"]
    "analytics/sessions"              = ["userId", "sessionStart", "sessionEnd", "events", "purchases", "revenue", "converted"]
    "analytics/dead-letter"           = ["pipeline", "error", "payload", "processedAt"]
    "fraud/alerts"                    = ["alertId", "txnId", "cardId", "rule", "reason", "timestamp"]
    "fraud/dead-letter"               = ["pipeline", "error", "payload", "processedAt"]
    "iot/sensor-stats"                = ["deviceId", "sensor", "windowStart", "windowEnd", "count", "min", "max", "mean", "stddev"]
    "iot/anomalies"                   = ["deviceId", "sensor", "seq", "value", "rule", "timestamp"]
    "iot/device-silence"              = ["deviceId", "lastSeen"]
    "iot/dead-letter"                 = ["pipeline", "error", "payload", "processedAt"]
    "recommendations/trending"        = ["windowStart", "windowEnd", "items"]
    "recommendations/similar-items"   = ["itemId", "windowStart", "windowEnd", "similar"]
    "recommendations/recommendations" = ["userId", "windowStart", "windowEnd", "items"]
    "recommendations/dead-letter"     = ["pipeline", "error", "payload", "processedAt"]
  }

  # Fields the pipelines write beyond the contract's "...": the pane labels of windowed outputs,
  # `late` (fraud alerts, iot anomalies) and the extra fields documented in docs/<pipeline>.md.
  extra_fields = {
    "analytics/window-stats"          = ["timing", "paneIndex"]
    "analytics/top-pages"             = ["timing", "paneIndex"]
    "analytics/sessions"              = ["timing", "paneIndex"]
    "fraud/alerts"                    = ["amount", "currency", "merchantId", "country", "late"]
    "iot/sensor-stats"                = ["timing", "paneIndex"]
    "iot/anomalies"                   = ["reason", "late"]
    "iot/device-silence"              = ["status", "silentAfterSec", "resumedAt", "silentSec"]
    "recommendations/trending"        = ["timing", "paneIndex"]
    "recommendations/similar-items"   = ["timing", "paneIndex"]
    "recommendations/recommendations" = ["timing", "paneIndex"]
  }

  partition_fields = {
    "analytics/window-stats"          = "windowStart"
    "analytics/top-pages"             = "windowStart"
    "analytics/sessions"              = "sessionStart"
    "analytics/dead-letter"           = "processedAt"
    "fraud/alerts"                    = "timestamp"
    "fraud/dead-letter"               = "processedAt"
    "iot/sensor-stats"                = "windowStart"
    "iot/anomalies"                   = "timestamp"
    "iot/device-silence"              = "lastSeen"
    "iot/dead-letter"                 = "processedAt"
    "recommendations/trending"        = "windowStart"
    "recommendations/similar-items"   = "windowStart"
    "recommendations/recommendations" = "windowStart"
    "recommendations/dead-letter"     = "processedAt"
  }
}

run "every_pipeline_lists_its_named_outputs" {
  command = plan

  assert {
    condition     = keys(output.output_names) == ["analytics", "fraud", "iot", "recommendations"]
    error_message = "the catalog must hold the four pipelines of CONTRACTS.md"
  }

  assert {
    condition     = sort(flatten([for p, os in output.output_names : [for o in os : "${p}/${o}"]])) == sort(keys(var.contract_fields))
    error_message = "named outputs differ from CONTRACTS.md: ${jsonencode(output.output_names)}"
  }
}

run "schemas_hold_exactly_the_contract_fields_plus_documented_extras" {
  command = plan

  assert {
    condition = alltrue([
      for po, fields in var.contract_fields :
      [for f in jsondecode(output.pipelines[split("/", po)[0]].outputs[split("/", po)[1]].schema_json) : f.name]
      == concat(fields, lookup(var.extra_fields, po, []))
    ])
    error_message = "a schema's fields differ from CONTRACTS.md fields + pane labels/documented extras, in that order"
  }

  assert {
    condition = alltrue(flatten([
      for po, fields in var.contract_fields : [
        for f in fields : output.fields[split("/", po)[0]][split("/", po)[1]][f].mode != "NULLABLE"
      ]
    ]))
    error_message = "contract fields must be REQUIRED (or REPEATED lists): every record carries them"
  }

  assert {
    condition = alltrue(flatten([
      for po, fields in var.extra_fields : [
        for f in fields : output.fields[split("/", po)[0]][split("/", po)[1]][f].mode == (contains(["timing", "paneIndex"], f) ? "REQUIRED" : "NULLABLE")
      ]
    ]))
    error_message = "pane labels are REQUIRED; fields beyond the contract are NULLABLE (e.g. THRESHOLD anomalies have no late)"
  }
}

run "windowed_outputs_carry_pane_labels" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for p, pipeline in output.pipelines : [
        for o, out in pipeline.outputs :
        out.windowed == contains(keys(output.fields[p][o]), "paneIndex") && out.windowed == contains(keys(output.fields[p][o]), "timing")
      ]
    ]))
    error_message = "exactly the windowed outputs must carry timing and paneIndex"
  }

  assert {
    condition = [for p, pipeline in output.pipelines : [for o, out in pipeline.outputs : o if out.windowed]] == [
      ["sessions", "top-pages", "window-stats"], [], ["sensor-stats"], ["recommendations", "similar-items", "trending"],
    ]
    error_message = "windowed outputs are analytics window-stats/top-pages/sessions, iot sensor-stats and all recommendations outputs"
  }

  assert {
    condition     = output.fields.fraud.alerts.late.type == "BOOLEAN" && output.fields.iot.anomalies.late.type == "BOOLEAN"
    error_message = "fraud alerts and iot anomalies carry a BOOLEAN late field"
  }
}

run "tables_are_partitioned_by_an_event_time_column_of_their_schema" {
  command = plan

  assert {
    condition = alltrue([
      for po, field in var.partition_fields :
      output.pipelines[split("/", po)[0]].outputs[split("/", po)[1]].partition_field == field
    ])
    error_message = "partition columns: windowStart for windowed outputs, sessionStart, timestamp, lastSeen, processedAt otherwise"
  }

  assert {
    condition = alltrue(flatten([
      for p, pipeline in output.pipelines : [
        for o, out in pipeline.outputs : output.fields[p][o][out.partition_field].type == "TIMESTAMP"
      ]
    ]))
    error_message = "every partition column must exist in its schema as a TIMESTAMP"
  }

  assert {
    condition = alltrue(flatten([
      for p, pipeline in output.pipelines : [
        for o, out in pipeline.outputs : [for c in out.clustering : output.fields[p][o][c].type == "STRING"]
      ]
    ]))
    error_message = "clustering columns must be STRING fields of the schema"
  }
}

run "dead_letter_tables_are_identical_and_follow_the_contract" {
  command = plan

  assert {
    condition     = length(distinct([for p, pipeline in output.pipelines : jsondecode(pipeline.outputs["dead-letter"].schema_json)])) == 1
    error_message = "the four dead-letter schemas must be identical"
  }

  assert {
    condition     = output.pipelines.iot.outputs["dead-letter"].table_id == "dead_letter" && output.pipelines.iot.outputs["sensor-stats"].table_id == "sensor_stats"
    error_message = "table ids are output names with - replaced by _"
  }

  assert {
    condition     = output.pipelines.fraud.outputs.alerts.schema_path == "schemas/fraud/alerts.json"
    error_message = "schemas live at terraform/schemas/<pipeline>/<output>.json"
  }
}

run "a_subset_of_pipelines_can_be_deployed" {
  command = plan

  variables {
    pipelines = ["fraud", "iot"]
  }

  assert {
    condition     = keys(output.pipelines) == ["fraud", "iot"]
    error_message = "only the chosen pipelines are in the catalog"
  }
}

run "unknown_pipeline_is_rejected" {
  command = plan

  variables {
    pipelines = ["analytics", "billing"]
  }

  expect_failures = [var.pipelines]
}

run "empty_pipeline_list_is_rejected" {
  command = plan

  variables {
    pipelines = []
  }

  expect_failures = [var.pipelines]
}

run "repeated_pipeline_is_rejected" {
  command = plan

  variables {
    pipelines = ["iot", "iot"]
  }

  expect_failures = [var.pipelines]
}

run "a_partition_column_that_is_not_a_timestamp_fails_the_plan" {
  command = plan

  variables {
    pipelines  = ["fraud"]
    schema_dir = "tests/fixtures/partition_not_timestamp"
  }

  expect_failures = [output.pipelines]
}
