output "options" {
  description = "Per pipeline: option name (no leading --) => value."
  value       = local.options
}

output "args" {
  description = "Per pipeline: the same options as command-line arguments, --name=value, sorted by name."
  value       = { for p, opts in local.options : p => [for k in sort(keys(opts)) : "--${k}=${opts[k]}"] }
}
