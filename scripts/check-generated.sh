#!/usr/bin/env bash
# Regenerates every generated file into a scratch directory and fails when the
# committed copy differs: the documents and clients must match the code.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

node dist/apps/compute/main.js openapi "$scratch/compute.json"

status=0
check() {
  if ! diff -u "$1" "$2" >"$scratch/diff" 2>&1; then
    echo "Generated file $1 is out of date with the code; run 'npm run generate' and commit it:" >&2
    head -40 "$scratch/diff" >&2
    status=1
  fi
}
check openapi/compute.json "$scratch/compute.json"
[ "$status" -eq 0 ] && echo "Generated files match the code."
exit "$status"
