#!/usr/bin/env bash
# Offline checks of terraform/: formatting everywhere; init, validate and test of the
# provider-free modules and of the AWS configurations (against a local provider mirror).
# The Google configurations need the hashicorp/google provider, which cannot be downloaded
# here: they are only format-checked; their names, schemas and options are tested through the
# provider-free modules they call.
#
# Usage: terraform/check.sh            (from anywhere)
#   TF_PLUGIN_MIRROR=/path/to/tf-plugins   use this provider mirror instead of searching for one
# Prints one line per step and exits non-zero if any step fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS
failed=0
passed=0

work="$(mktemp -d "${TMPDIR:-/tmp}/terraform-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Provider-free: no provider at all, so they run anywhere.
provider_free=(modules/pipeline_catalog modules/pipeline_names modules/pipeline_options)
# Need hashicorp/aws, taken from the local mirror; tested with mock_provider "aws". Validating
# the environment validates every module it calls (network, msk, artifact_bucket, flink_app);
# flink_app has tests of its own, so it is initialised on its own too.
aws_configs=(aws/modules/flink_app aws/environments/dev)
# Need hashicorp/google(-beta): fmt only.
google_configs=(gcp/modules/project_services gcp/modules/platform gcp/modules/pubsub gcp/modules/bigquery
  gcp/modules/worker gcp/modules/dataflow_job gcp/environments/dev)

report() { # status, step, subject, seconds[, note]
  printf '%-4s %-8s %-34s %3ss%s\n' "$1" "$2" "$3" "$4" "${5:+  $5}"
}

# run_step STEP SUBJECT DIR COMMAND...: runs COMMAND in DIR, prints one line, shows the output on failure.
run_step() {
  local step=$1 subject=$2 dir=$3
  shift 3
  local log="$work/step.log" t0=$SECONDS note=""
  if (cd "$dir" && "$@") >"$log" 2>&1; then
    if [[ $step == test ]]; then
      note="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)"
    fi
    report ok "$step" "$subject" $((SECONDS - t0)) "$note"
    passed=$((passed + 1))
    return 0
  fi
  report FAIL "$step" "$subject" $((SECONDS - t0))
  sed 's/^/     | /' "$log" | tail -60
  failed=$((failed + 1))
  return 1
}

# The whole pipeline of steps for one configuration; later steps are skipped after a failure.
check_config() {
  local dir=$1 init_flags=(-input=false -backend=false -no-color)
  run_step init "$dir" "$root/$dir" terraform init "${init_flags[@]}" || return 0
  run_step validate "$dir" "$root/$dir" terraform validate -no-color || return 0
  if compgen -G "$root/$dir/tests/*.tftest.hcl" >/dev/null; then
    run_step test "$dir" "$root/$dir" terraform test -no-color || return 0
  fi
}

find_mirror() {
  local candidate
  if [[ -n ${TF_PLUGIN_MIRROR:-} ]]; then
    echo "$TF_PLUGIN_MIRROR"
    return
  fi
  candidate="$(find / -maxdepth 3 -type d -name tf-plugins 2>/dev/null | head -1 || true)"
  if [[ -z $candidate ]]; then
    candidate="$(find / -xdev \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
      -maxdepth 6 -type d -name tf-plugins -print 2>/dev/null | head -1 || true)"
  fi
  echo "$candidate"
}

if ! command -v terraform >/dev/null; then
  echo "FAIL terraform is not on the PATH (Terraform >= 1.9 is needed)" >&2
  exit 1
fi

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_WORKSPACE

# 1. The provider mirror, and a CLI configuration that installs providers from it only.
t0=$SECONDS
mirror="$(find_mirror)"
aws_versions="$(ls -1 "$mirror/registry.terraform.io/hashicorp/aws" 2>/dev/null | tr '\n' ' ' || true)"
if [[ -z $mirror || -z $aws_versions ]]; then
  report FAIL mirror "tf-plugins" $((SECONDS - t0))
  cat <<EOF
     | No local provider mirror with hashicorp/aws was found (a folder named tf-plugins holding
     | registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/). Set TF_PLUGIN_MIRROR to one,
     | or create it on a machine with network access:
     |   terraform providers mirror -platform=linux_amd64 /path/to/tf-plugins   (in terraform/aws/environments/dev)
EOF
  failed=$((failed + 1))
  mirror=""
else
  report ok mirror "$mirror" $((SECONDS - t0)) "hashicorp/aws ${aws_versions% }"
  passed=$((passed + 1))
fi

cat >"$work/terraform.rc" <<EOF
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "${mirror:-/nonexistent}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraform.rc"

# 2. Formatting, every .tf and .tftest.hcl file, Google ones included.
run_step fmt "terraform/ (fmt -check -recursive)" "$root" terraform fmt -check -recursive -diff -no-color . || true

# 3. Provider-free modules: init, validate, test.
for dir in "${provider_free[@]}"; do
  check_config "$dir"
done

# 4. AWS: init from the mirror, validate, test with mock_provider "aws".
if [[ -n $mirror ]]; then
  for dir in "${aws_configs[@]}"; do
    check_config "$dir"
  done
else
  report skip aws "${#aws_configs[@]} configurations" 0 "no provider mirror"
fi

# 5. Google: nothing more can run offline.
report skip google "${#google_configs[@]} configurations" 0 "fmt only: hashicorp/google cannot be downloaded here"

verdict=ok
((failed == 0)) || verdict=FAIL
echo "$verdict terraform/check.sh: $passed steps passed, $failed failed in $((SECONDS - started))s"
((failed == 0))
