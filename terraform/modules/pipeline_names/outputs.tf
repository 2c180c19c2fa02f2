output "pipelines" {
  description = "Per pipeline: topic, subscription, dataset, service account, job, application and log group names."
  value       = local.pipelines

  precondition {
    condition     = length(local.too_long) == 0
    error_message = "Names too long: ${join(", ", local.too_long)}. Use a shorter name_prefix."
  }
}

output "shared" {
  description = "Names shared by all pipelines of the environment: bucket, registry, MSK cluster, jar object key."
  value       = local.shared

  precondition {
    condition     = length(local.too_long) == 0
    error_message = "Names too long: ${join(", ", local.too_long)}. Use a shorter name_prefix or project id."
  }
}

output "all_topics" {
  description = "Every topic of the environment (inputs, named outputs, dead letters), sorted."
  value       = sort(flatten([for p, n in local.pipelines : concat([n.topics.input], values(n.topics.outputs))]))
}
