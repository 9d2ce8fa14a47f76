#!/usr/bin/env bash
# Lints the committed API documents with Redocly (rules in redocly.yaml), then
# regenerates every generated file into a scratch directory; fails on any lint
# problem and when a committed copy differs: the documents and clients must
# match the code.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

status=0
# First, for the whole report: openapi-typescript applies redocly.yaml too and stops at the first problem.
# Offline, in CI too: no usage report and no look-up of a newer version.
if ! REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  node_modules/.bin/redocly lint --config redocly.yaml openapi/compute.json openapi/manager.json; then
  echo "Redocly reports problems in the API documents (rules in redocly.yaml): fix the decorators, then run 'npm run generate'." >&2
  status=1
fi

node dist/apps/compute/main.js openapi "$scratch/compute.json"
node dist/apps/manager/main.js openapi "$scratch/manager.json"
# The compute client is generated from the committed compute document (checked just below).
node_modules/.bin/openapi-typescript openapi/compute.json --default-non-nullable false \
  -o "$scratch/compute-api.ts" >/dev/null
# The console's client is generated from the committed manager document (checked just below).
node_modules/.bin/openapi-typescript openapi/manager.json --default-non-nullable false \
  -o "$scratch/manager-api.ts" >/dev/null
# So is the manager client, types and answer shapes (its types are the console's, from the same document).
node libs/manager-client/generate-answers.mjs openapi/manager.json "$scratch/manager-answers.ts"

check() {
  if ! diff -u "$1" "$2" >"$scratch/diff" 2>&1; then
    echo "Generated file $1 is out of date with the code; run 'npm run generate' and commit it:" >&2
    head -40 "$scratch/diff" >&2
    status=1
  fi
}
check openapi/compute.json "$scratch/compute.json"
check openapi/manager.json "$scratch/manager.json"
check libs/compute-client/src/generated/compute-api.ts "$scratch/compute-api.ts"
check frontend/src/app/api/generated/manager-api.ts "$scratch/manager-api.ts"
check libs/manager-client/src/generated/manager-api.ts "$scratch/manager-api.ts"
check libs/manager-client/src/generated/manager-answers.ts "$scratch/manager-answers.ts"
[ "$status" -eq 0 ] && echo "Generated files match the code."
exit "$status"
