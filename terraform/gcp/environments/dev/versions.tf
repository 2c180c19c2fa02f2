terraform {
  required_version = ">= 1.9"
  required_providers {
    google      = { source = "hashicorp/google", version = ">= 6.0, < 7.0" }
    google-beta = { source = "hashicorp/google-beta", version = ">= 6.0, < 7.0" }
  }

  # Keep state remotely for anything shared, e.g.:
  # backend "gcs" {
  #   bucket = "my-terraform-state"
  #   prefix = "beam-pipelines/dev"
  # }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}
