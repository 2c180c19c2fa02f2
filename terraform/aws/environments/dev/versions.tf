terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.60, < 6.0" }
  }

  # Keep state remotely for anything shared, e.g.:
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "beam-pipelines/dev.tfstate"
  #   region       = "eu-west-1"
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { Environment = var.name_prefix, ManagedBy = "terraform", Repository = "beam-pipelines" }
  }
}
