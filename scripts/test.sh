#!/usr/bin/env bash
# Runs every test: fetches the MediaPipe conformance models from npm (once), then the xunit suites.
# Tests that need ../shared/conformance skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/fetch-models.sh ]; then scripts/fetch-models.sh; fi
# face_landmark_with_attention (MediaPipe geometry custom ops) from @mediapipe/face_mesh; its tests skip without it.
if [ -x scripts/fetch-face-mesh.sh ]; then scripts/fetch-face-mesh.sh || echo "test.sh: fetch-face-mesh failed; the face_landmark_with_attention tests will skip"; fi
# LiteRT.js (Google's runtime in WebAssembly) for the live conformance test on fresh inputs; it skips without it.
if [ ! -d tools/oracle/node_modules/@litertjs ]; then
  npm ci --silent --prefix tools/oracle >/dev/null 2>&1 || echo "test.sh: npm ci of tools/oracle failed; the live LiteRT.js test will skip"
fi
log=$(mktemp)
set +e
dotnet test ManagedLite.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# The packages as a new user gets them: pack, restore into a fresh app from a local feed, run the README
# example, install the CLI as a dotnet tool (about a minute; it reuses the Release build above).
if [ "$rc" -eq 0 ] && [ -z "${SKIP_PACKAGE_TEST:-}" ]; then
  scripts/package-test.sh || rc=1
fi
set -e
# One closing line over all test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$rc"
