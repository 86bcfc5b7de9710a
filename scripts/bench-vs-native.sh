#!/usr/bin/env bash
# Speed against native TFLite + XNNPACK (../shared/native/bench.sh) on the same models in the same run.
# Usage: scripts/bench-vs-native.sh [-r ROUNDS] [-t "1 2"] [-n RUNS] MODEL...
# For every model and thread count it alternates native and ManagedLite (`managedlite bench --json`) ROUNDS times
# (default 3), each run reporting its own median latency over RUNS timed invokes (default 50), and prints a markdown
# table of the medians of those medians and the ratio ManagedLite / native (below 1: ManagedLite is faster).
# The machines are shared: only ratios from alternating runs mean much. Builds the CLI once (Release) unless
# MANAGEDLITE_CLI points at a managedlite executable or .dll.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3; THREADS="1 2"; RUNS=50
while getopts "r:t:n:" opt; do
  case $opt in
    r) ROUNDS=$OPTARG ;;
    t) THREADS=$OPTARG ;;
    n) RUNS=$OPTARG ;;
    *) echo "usage: $0 [-r ROUNDS] [-t \"1 2\"] [-n RUNS] MODEL..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || { echo "usage: $0 [-r ROUNDS] [-t \"1 2\"] [-n RUNS] MODEL..." >&2; exit 2; }
NATIVE=../shared/native/bench.sh
[[ -x $NATIVE ]] || { echo "bench-vs-native: $NATIVE is required" >&2; exit 1; }
if [[ -z "${MANAGEDLITE_CLI:-}" ]]; then
  dotnet build src/Cli -c Release -v q -nologo >/dev/null
  MANAGEDLITE_CLI=src/Cli/bin/Release/net10.0/managedlite.dll
fi
ml() { if [[ $MANAGEDLITE_CLI == *.dll ]]; then dotnet "$MANAGEDLITE_CLI" "$@"; else "$MANAGEDLITE_CLI" "$@"; fi; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

rows=()
for model in "$@"; do
  for t in $THREADS; do
    nat=""; man=""
    for ((r = 1; r <= ROUNDS; r++)); do
      n=$("$NATIVE" "$model" "$t" "$RUNS" | sed -n 's/^median_ms=\([0-9.]*\).*/\1/p')
      m=$(ml bench "$model" --threads "$t" --runs "$RUNS" --json 2>/dev/null | sed -n 's/.*"median_ms":\([0-9.]*\).*/\1/p')
      [[ -n $n && -n $m ]] || { echo "bench-vs-native: no median for $model (native '$n', managedlite '$m')" >&2; exit 1; }
      nat+=" $n"; man+=" $m"
      echo "  $(basename "$model") threads $t round $r: native $n ms, managedlite $m ms" >&2
    done
    nm=$(echo "$nat" | median); mm=$(echo "$man" | median)
    rows+=("| $(basename "$model" .tflite) | $t | $nm | $mm | $(awk -v a="$mm" -v b="$nm" 'BEGIN { printf "%.2f", a / b }') |")
  done
done
echo "| model | threads | native ms | ManagedLite ms | ratio |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
