# The bucket that holds the bundled pipelines jar, and the jar itself. Versioned, so that each
# upload is a new object version and the Flink applications, which pin the version, restart on
# the new code at the next apply.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.60, < 6.0" }
  }
}

variable "bucket_prefix" {
  description = "Prefix of the bucket's name; AWS appends a unique suffix."
  type        = string
}

variable "jar_path" {
  description = "Local path of pipelines/target/pipelines-bundled-<version>.jar (build it with `make build`)."
  type        = string

  validation {
    condition     = fileexists(var.jar_path)
    error_message = "jar_path does not name a file: run `make build` first, or fix the path."
  }
}

variable "jar_object_key" {
  description = "Object key of the jar."
  type        = string
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with its objects (dev only)."
  type        = bool
  default     = false
}

resource "aws_s3_bucket" "artifacts" {
  bucket_prefix = var.bucket_prefix
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_object" "jar" {
  depends_on = [aws_s3_bucket_versioning.artifacts]

  bucket      = aws_s3_bucket.artifacts.id
  key         = var.jar_object_key
  source      = var.jar_path
  source_hash = filemd5(var.jar_path)
}

output "bucket_arn" {
  description = "ARN of the artifacts bucket."
  value       = aws_s3_bucket.artifacts.arn
}

output "bucket_name" {
  description = "Name of the artifacts bucket."
  value       = aws_s3_bucket.artifacts.id
}

output "jar" {
  description = "The jar object: key and version id."
  value = {
    key        = aws_s3_object.jar.key
    version_id = aws_s3_object.jar.version_id
  }
}
