variables {
  pipelines = {
    fraud = {
      topics             = { input = "dev-fraud-input", output_prefix = "dev-fraud", dead_letter = "dev-fraud-dead-letter" }
      input_subscription = "dev-fraud-input-dataflow"
      bigquery_dataset   = "dev_fraud"
    }
    iot = {
      topics             = { input = "dev-iot-input", output_prefix = "dev-iot", dead_letter = "dev-iot-dead-letter" }
      input_subscription = "dev-iot-input-dataflow"
      bigquery_dataset   = "dev_iot"
    }
  }
}

run "dataflow_reads_pubsub_and_writes_bigquery" {
  command = plan

  variables {
    cloud      = "gcp"
    project_id = "acme-streaming"
  }

  assert {
    condition = output.options.fraud == tomap({
      source             = "pubsub"
      inputSubscription  = "projects/acme-streaming/subscriptions/dev-fraud-input-dataflow"
      sink               = "bigquery"
      bigQueryDataset    = "acme-streaming:dev_fraud"
      allowedLatenessSec = "300"
    })
    error_message = "fraud on Dataflow: ${jsonencode(output.options.fraud)}"
  }
}

run "dataflow_can_write_pubsub_instead" {
  command = plan

  variables {
    cloud                = "gcp"
    project_id           = "acme-streaming"
    gcp_sink             = "pubsub"
    allowed_lateness_sec = 600
    extra_options        = { iot = { zscoreFactor = "3" } }
  }

  assert {
    condition = output.args.iot == [
      "--allowedLatenessSec=600",
      "--deadLetterTopic=projects/acme-streaming/topics/dev-iot-dead-letter",
      "--inputSubscription=projects/acme-streaming/subscriptions/dev-iot-input-dataflow",
      "--outputTopic=projects/acme-streaming/topics/dev-iot",
      "--sink=pubsub",
      "--source=pubsub",
      "--zscoreFactor=3",
    ]
    error_message = "iot on Dataflow with the Pub/Sub sink: ${jsonencode(output.args.iot)}"
  }

  assert {
    condition     = !contains(keys(output.options.fraud), "zscoreFactor")
    error_message = "extra options apply to their own pipeline only"
  }
}

run "flink_reads_and_writes_kafka" {
  command = plan

  variables {
    cloud                   = "aws"
    kafka_bootstrap_servers = "b-1.msk:9098,b-2.msk:9098"
  }

  assert {
    condition = output.options.iot == tomap({
      runner                = "FlinkRunner"
      source                = "kafka"
      sink                  = "kafka"
      kafkaBootstrapServers = "b-1.msk:9098,b-2.msk:9098"
      inputTopic            = "dev-iot-input"
      outputTopic           = "dev-iot"
      deadLetterTopic       = "dev-iot-dead-letter"
      allowedLatenessSec    = "300"
    })
    error_message = "iot on Flink: ${jsonencode(output.options.iot)}"
  }
}

run "gcp_needs_a_project" {
  command = plan

  variables {
    cloud = "gcp"
  }

  expect_failures = [var.project_id]
}

run "aws_needs_bootstrap_servers" {
  command = plan

  variables {
    cloud = "aws"
  }

  expect_failures = [var.kafka_bootstrap_servers]
}

run "unknown_sink_is_rejected" {
  command = plan

  variables {
    cloud      = "gcp"
    project_id = "acme-streaming"
    gcp_sink   = "kafka"
  }

  expect_failures = [var.gcp_sink]
}

run "fractional_lateness_is_rejected" {
  command = plan

  variables {
    cloud                = "gcp"
    project_id           = "acme-streaming"
    allowed_lateness_sec = 1.5
  }

  expect_failures = [var.allowed_lateness_sec]
}

run "extra_options_cannot_rewire_topics" {
  command = plan

  variables {
    cloud         = "gcp"
    project_id    = "acme-streaming"
    extra_options = { fraud = { outputTopic = "elsewhere" } }
  }

  expect_failures = [var.extra_options]
}

run "extra_options_take_names_without_dashes" {
  command = plan

  variables {
    cloud         = "gcp"
    project_id    = "acme-streaming"
    extra_options = { fraud = { "--velocityCount" = "3" } }
  }

  expect_failures = [var.extra_options]
}

run "extra_options_for_an_undeployed_pipeline_are_rejected" {
  command = plan

  variables {
    cloud         = "gcp"
    project_id    = "acme-streaming"
    extra_options = { analytics = { topPages = "5" } }
  }

  expect_failures = [var.extra_options]
}
