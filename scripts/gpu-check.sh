#!/usr/bin/env bash
# The GPU delegate's checks on a machine with a CUDA device (run it there once): every test of
# tests/Delegates.Gpu.Tests on CUDA (kernels vs the reference kernels, delegation, the MediaPipe models vs
# LiteRT.js, larger models included), with per-model timings in the log. Exits non-zero when a test fails or
# when no CUDA device is visible (the CUDA tests would only skip).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/fetch-models.sh ]; then scripts/fetch-models.sh; fi
log=${1:-gpu-check.log}
export MANAGEDLITE_GPU_HEAVY=1
dotnet build tests/Delegates.Gpu.Tests -c Release -v quiet
set +e
dotnet test tests/Delegates.Gpu.Tests -c Release --no-build --filter "FullyQualifiedName~Cuda" \
  --logger "console;verbosity=detailed" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
if grep -q "cuda accelerator not available" "$log"; then
  echo "gpu-check: no CUDA device here (see $log)" >&2
  exit 2
fi
grep -E "nodes in|max relative error" "$log" || true
exit "$rc"
