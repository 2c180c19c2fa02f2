# Provider-free on purpose: `terraform init -backend=false`, `validate` and `test` run offline.
terraform {
  required_version = ">= 1.9"
}
