variables {
  name_prefix = "dev"
  project_id  = "acme-streaming"
  outputs = {
    fraud           = ["alerts", "dead-letter"]
    recommendations = ["dead-letter", "recommendations", "similar-items", "trending"]
  }
}

run "topics_follow_the_prefix_convention" {
  command = plan

  assert {
    condition = output.pipelines.fraud.topics == {
      input         = "dev-fraud-input"
      output_prefix = "dev-fraud"
      dead_letter   = "dev-fraud-dead-letter"
      outputs       = { alerts = "dev-fraud-alerts", "dead-letter" = "dev-fraud-dead-letter" }
    }
    error_message = "fraud topics: ${jsonencode(output.pipelines.fraud.topics)}"
  }

  assert {
    condition = alltrue(flatten([
      for p, n in output.pipelines : [for o, t in n.topics.outputs : t == "${n.topics.output_prefix}-${o}"]
    ]))
    error_message = "every output topic is <outputTopic>-<output>"
  }

  assert {
    condition     = alltrue([for p, n in output.pipelines : n.topics.outputs["dead-letter"] == n.topics.dead_letter])
    error_message = "--deadLetterTopic names the dead-letter output's topic"
  }

  assert {
    condition     = length(output.all_topics) == 8 && length(distinct(output.all_topics)) == 8
    error_message = "one input topic per pipeline plus one topic per named output, all distinct: ${jsonencode(output.all_topics)}"
  }
}

run "google_names_fit_google_rules" {
  command = plan

  assert {
    condition     = output.pipelines.recommendations.service_account_id == "dev-recommendations-wk"
    error_message = "service account id"
  }

  assert {
    condition     = alltrue([for p, n in output.pipelines : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", n.service_account_id))])
    error_message = "service account ids must be 6-30 chars of [a-z0-9-]"
  }

  assert {
    condition     = alltrue([for p, n in output.pipelines : can(regex("^[A-Za-z0-9_]+$", n.bigquery_dataset))])
    error_message = "BigQuery dataset ids allow letters, digits and underscores only"
  }

  assert {
    condition     = output.shared.gcs_bucket == "acme-streaming-dev-pipelines" && output.pipelines.fraud.template_gcs_path == "gs://acme-streaming-dev-pipelines/templates/fraud.json"
    error_message = "bucket and template path"
  }

  assert {
    condition     = output.pipelines.fraud.temp_location == "gs://acme-streaming-dev-pipelines/temp/fraud"
    error_message = "temp location per pipeline under the bucket"
  }
}

run "longest_prefix_and_pipeline_still_fit" {
  command = plan

  variables {
    name_prefix = "abcdefghij"
    project_id  = "a-project-id-of-thirty-chars-x"
  }

  assert {
    condition     = length(output.pipelines.recommendations.service_account_id) <= 30 && length(output.shared.gcs_bucket) <= 63
    error_message = "a 10-char prefix must fit every name"
  }
}

run "aws_only_has_no_google_names" {
  command = plan

  variables {
    project_id = null
  }

  assert {
    condition     = output.shared.gcs_bucket == null && output.pipelines.fraud.template_gcs_path == null
    error_message = "no project, no bucket"
  }

  assert {
    condition     = output.shared.jar_object_key == "pipelines-bundled-0.1.0-SNAPSHOT.jar"
    error_message = "the bundled jar's object key"
  }
}

run "prefix_with_uppercase_is_rejected" {
  command = plan

  variables {
    name_prefix = "Dev"
  }

  expect_failures = [var.name_prefix]
}

run "prefix_with_dash_is_rejected" {
  command = plan

  variables {
    name_prefix = "my-env"
  }

  expect_failures = [var.name_prefix]
}

run "prefix_too_long_is_rejected" {
  command = plan

  variables {
    name_prefix = "development"
  }

  expect_failures = [var.name_prefix]
}

run "bad_project_id_is_rejected" {
  command = plan

  variables {
    project_id = "My_Project"
  }

  expect_failures = [var.project_id]
}

run "pipeline_without_dead_letter_is_rejected" {
  command = plan

  variables {
    outputs = { fraud = ["alerts"] }
  }

  expect_failures = [var.outputs]
}

run "output_named_input_is_rejected" {
  command = plan

  variables {
    outputs = { fraud = ["input", "dead-letter"] }
  }

  expect_failures = [var.outputs]
}
