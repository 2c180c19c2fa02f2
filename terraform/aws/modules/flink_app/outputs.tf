output "application_name" {
  description = "Name of the Managed Flink application."
  value       = aws_kinesisanalyticsv2_application.this.name
}

output "application_arn" {
  description = "ARN of the Managed Flink application."
  value       = aws_kinesisanalyticsv2_application.this.arn
}

output "code_location" {
  description = "Where the application's code is read from: bucket ARN and object key."
  value = {
    bucket_arn = one(one(one(aws_kinesisanalyticsv2_application.this.application_configuration).application_code_configuration).code_content).s3_content_location[0].bucket_arn
    file_key   = one(one(one(aws_kinesisanalyticsv2_application.this.application_configuration).application_code_configuration).code_content).s3_content_location[0].file_key
  }
}

output "property_groups" {
  description = "The application's property groups: Pipeline and BeamPipelineOptions."
  value       = local.property_groups
}

output "role_arn" {
  description = "The execution role."
  value       = aws_iam_role.this.arn
}

output "role_policy" {
  description = "The execution role's permissions, decoded."
  value       = jsondecode(aws_iam_role_policy.this.policy)
}

output "log_group_name" {
  description = "CloudWatch log group of the application."
  value       = aws_cloudwatch_log_group.this.name
}
