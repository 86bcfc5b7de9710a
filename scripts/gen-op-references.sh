#!/usr/bin/env bash
# Regenerates tests/OpConformance/references from native TFLite's reference kernels (../shared/native/tflite_run).
# Usage: scripts/gen-op-references.sh [NAME_PREFIX]   (all cases when no prefix is given)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x ../shared/native/tflite_run ] || [ -n "${MANAGEDLITE_CONFORMANCE:-}" ] || { echo "gen-op-references: ../shared/native/tflite_run is required" >&2; exit 1; }
MANAGEDLITE_GENERATE_OP_REFERENCES=1 MANAGEDLITE_OP_FILTER="${1:-}" \
  dotnet test tests/OpConformance -c Release --filter "FullyQualifiedName~ReferenceGenerator" "${@:2}"
