output "kafka_bootstrap_servers" {
  description = "MSK bootstrap servers (SASL/IAM over TLS, port 9098)."
  value       = module.msk.bootstrap_brokers
}

output "kafka_topics" {
  description = "Per pipeline: its input topic and one topic per named output (dead-letter included)."
  value       = { for p, n in module.names.pipelines : p => merge({ input = n.topics.input }, n.topics.outputs) }
}

output "create_topics_script" {
  description = "The topic bootstrap step: run once, before start_applications = true."
  value       = <<-EOT
    #!/usr/bin/env bash
    # Creates the pipelines' topics on MSK cluster ${module.msk.cluster_name}.
    # Run it from a host in one of the subnets ${join(", ", module.network.subnet_ids)}
    # with security group ${module.network.client_security_group_id}, as an identity that has
    # the policy ${module.msk.topic_admin_policy_arn}, with Kafka's CLI (3.8+) on the PATH and
    # the aws-msk-iam-auth jar on CLASSPATH.
    set -euo pipefail
    # Client settings for SASL/IAM, kept for kafka-console-producer/-consumer (--producer.config ...).
    config=msk-iam-client.properties
    cat > "$config" <<'PROPERTIES'
    security.protocol=SASL_SSL
    sasl.mechanism=AWS_MSK_IAM
    sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;
    sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler
    PROPERTIES
    for topic in ${join(" ", module.names.all_topics)}; do
      kafka-topics.sh --bootstrap-server '${module.msk.bootstrap_brokers}' --command-config "$config" \
        --create --if-not-exists --topic "$topic" \
        --partitions ${var.topic_partitions} --replication-factor ${module.msk.replication_factor}
    done
    echo "topics ready: ${length(module.names.all_topics)}"
  EOT
}

output "topic_admin_policy_arn" {
  description = "IAM policy to attach to the identity that runs create_topics_script."
  value       = module.msk.topic_admin_policy_arn
}

output "kafka_client_network" {
  description = "Where a Kafka client (e.g. the topic bootstrap host) must run."
  value = {
    vpc_id            = module.network.vpc_id
    subnet_ids        = module.network.subnet_ids
    security_group_id = module.network.client_security_group_id
  }
}

output "jar" {
  description = "The bundled jar in S3: bucket, key and version."
  value = {
    bucket     = module.artifacts.bucket_name
    key        = module.artifacts.jar.key
    version_id = module.artifacts.jar.version_id
  }
}

output "flink_applications" {
  description = "Per pipeline: the Managed Flink application's name and its log group."
  value       = { for p, a in module.flink_app : p => { name = a.application_name, log_group = a.log_group_name } }
}

output "pipeline_args" {
  description = "Per pipeline: the options the application runs with, as --name=value."
  value       = module.options.args
}
