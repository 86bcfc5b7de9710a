#!/usr/bin/env bash
# ManagedLite vs native TFLite + XNNPACK (../shared/native/bench.sh), same models in the same run, alternating.
# Usage: scripts/bench-vs-native.sh [-t THREADS] [-r ROUNDS] [-n RUNS] [-b BASELINE_DLL] MODEL...
# Each round runs `managedlite bench --json` (and the baseline build when -b is given), then native bench.sh;
# per runtime it prints the median over rounds of each round's median, and the ratios to native.
# The machines are shared: medians of alternating rounds, not single runs, are the figures to quote.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
native="${NATIVE_DIR:-$repo_root/../shared/native}"
threads=1 rounds=5 runs=30 baseline=""
while getopts "t:r:n:b:" o; do
  case "$o" in t) threads=$OPTARG ;; r) rounds=$OPTARG ;; n) runs=$OPTARG ;; b) baseline=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-t THREADS] [-r ROUNDS] [-n RUNS] [-b BASELINE_DLL] MODEL..." >&2; exit 2; }
dll="$repo_root/src/Cli/bin/Release/net10.0/managedlite.dll"
[ -f "$dll" ] || dotnet build "$repo_root/src/Cli" -c Release >/dev/null
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
ml() { dotnet "$1" bench "$2" --threads "$threads" --runs "$runs" --json 2>/dev/null | sed -n 's/.*"median_ms": *\([0-9.eE+-]*\).*/\1/p'; }
printf "%-40s %8s %10s %10s %7s" model threads native_ms ml_ms ratio
[ -n "$baseline" ] && printf " %10s %7s" base_ms b_ratio
printf "\n"
for model in "$@"; do
  nat=() cur=() base=()
  for ((r = 0; r < rounds; r++)); do
    cur+=("$(ml "$dll" "$model")")
    [ -n "$baseline" ] && base+=("$(ml "$baseline" "$model")")
    nat+=("$("$native/bench.sh" "$model" "$threads" "$runs" | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')")
  done
  n=$(printf "%s\n" "${nat[@]}" | median); c=$(printf "%s\n" "${cur[@]}" | median)
  printf "%-40s %8s %10.3f %10.3f %7.2f" "$(basename "$model" .tflite)" "$threads" "$n" "$c" "$(awk -v a="$c" -v b="$n" 'BEGIN{print a/b}')"
  if [ -n "$baseline" ]; then
    b=$(printf "%s\n" "${base[@]}" | median)
    printf " %10.3f %7.2f" "$b" "$(awk -v a="$b" -v b2="$n" 'BEGIN{print a/b2}')"
  fi
  printf "\n"
done
