#!/usr/bin/env bash
# Side-by-side latency: `managedlite bench --json` and LiteRT.js (tools/oracle, XNNPACK on WebAssembly,
# one thread) on the same models, in the same run, alternating per model. Prints a markdown table with
# the ratio LiteRT.js median / ManagedLite median (above 1 = ManagedLite faster).
# usage: scripts/bench-vs-litertjs.sh [--runs N] [MODEL.tflite ...]   (default: every model under models/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=30
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
models=("$@")
if [ ${#models[@]} -eq 0 ]; then mapfile -t models < <(find models -name '*.tflite' | sort); fi
[ -d tools/oracle/node_modules ] || npm ci --silent --prefix tools/oracle >/dev/null
dotnet build -c Release src/Cli -v q >/dev/null
cli=(dotnet src/Cli/bin/Release/net10.0/managedlite.dll)
echo "| model | ManagedLite median ms | p90 | LiteRT.js median ms | p90 | LiteRT.js / ManagedLite | arena bytes | alloc/invoke |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for m in "${models[@]}"; do
  ml=$("${cli[@]}" bench "$m" --runs "$runs" --warmup 10 --json)
  js=$(node tools/oracle/oracle.mjs bench "$m" --runs "$runs" --warmup 10 --json 2>/dev/null | tail -n 1)
  node -e '
    const a = JSON.parse(process.argv[1]), b = JSON.parse(process.argv[2]);
    const name = process.argv[3].split("/").pop().replace(".tflite", "");
    console.log(`| ${name} | ${a.median_ms.toFixed(2)} | ${a.p90_ms.toFixed(2)} | ${b.median_ms.toFixed(2)} | ${b.p90_ms.toFixed(2)} | ${(b.median_ms / a.median_ms).toFixed(2)} | ${a.arena_bytes} | ${a.alloc_bytes_per_invoke} |`);
  ' "$ml" "$js" "$m"
done
