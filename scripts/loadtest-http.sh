#!/usr/bin/env bash
# Load test over loopback HTTP against samples/ServingSample: starts the service on 127.0.0.1, drives POST /predict
# with N concurrent curl clients for S seconds (each sends one request after the other), prints requests/s, p50,
# p90 and p99 latency and errors, then stops the service. Stops by itself.
#
#   scripts/loadtest-http.sh MODEL BODY [CLIENTS] [SECONDS] [POOL]
#     MODEL  a .tflite model (for example tests/Serving.Tests/Data/classifier_uint8.tflite)
#     BODY   an image (.jpg .png .bmp) or a .npy tensor to POST (for example tests/Serving.Tests/Data/blue.bmp)
#   env: PORT (default 5099), KEY_FILE (for an encrypted model)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:?usage: loadtest-http.sh MODEL BODY [CLIENTS] [SECONDS] [POOL]}"
body="${2:?usage: loadtest-http.sh MODEL BODY [CLIENTS] [SECONDS] [POOL]}"
clients="${3:-16}"; seconds="${4:-10}"; pool="${5:-2}"; port="${PORT:-5099}"
command -v curl >/dev/null || { echo "loadtest-http: curl is required" >&2; exit 1; }
case "$body" in
  *.jpg|*.jpeg) type=image/jpeg ;; *.png) type=image/png ;; *.bmp) type=image/bmp ;; *) type=application/octet-stream ;;
esac
tmp="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

dotnet build "$repo/samples/ServingSample" -c Release -v q -nologo >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
args=(--Model "$model" --Pool "$pool" --urls "http://127.0.0.1:$port")
[ -n "${KEY_FILE:-}" ] && args+=(--KeyFile "$KEY_FILE")
dotnet "$repo/samples/ServingSample/bin/Release/net10.0/ServingSample.dll" "${args[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "loadtest-http: the service did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
# Warm-up (JIT, first invokes), not timed.
for _ in $(seq 1 $((2 * pool))); do curl -fs -o /dev/null -H "Content-Type: $type" --data-binary "@$body" "http://127.0.0.1:$port/predict"; done

end=$(( $(date +%s%N) + seconds * 1000000000 ))
for c in $(seq 1 "$clients"); do
  (
    while [ "$(date +%s%N)" -lt "$end" ]; do
      curl -s -o /dev/null --max-time 60 -w '%{http_code} %{time_total}\n' -H "Content-Type: $type" \
        --data-binary "@$body" "http://127.0.0.1:$port/predict" || echo "000 0"
    done
  ) >"$tmp/client-$c.txt" &
done
wait $(jobs -p | grep -v "^$server_pid\$") 2>/dev/null || true
start_ns=$(( end - seconds * 1000000000 )); elapsed=$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
cat "$tmp"/client-*.txt >"$tmp/all.txt"
errors=$(awk '$1 != "200"' "$tmp/all.txt" | wc -l)
awk '$1 == "200" { print $2 * 1000 }' "$tmp/all.txt" | sort -n >"$tmp/ok.txt"
n=$(wc -l <"$tmp/ok.txt")
[ "$n" -gt 0 ] || { echo "loadtest-http: no successful request ($errors errors)" >&2; exit 1; }
pct() { sed -n "$(awk -v n="$n" -v q="$1" 'BEGIN { i = int(q * n); if (i < q * n) i++; if (i < 1) i = 1; print i }')p" "$tmp/ok.txt"; }
awk -v c="$clients" -v p="$pool" -v s="$elapsed" -v n="$n" -v e="$errors" -v p50="$(pct 0.5)" -v p90="$(pct 0.9)" -v p99="$(pct 0.99)" 'BEGIN {
  printf "HTTP loopback: %d clients, pool %d, %.1f s: %d requests, %.1f requests/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, errors %d\n", c, p, s, n, n / s, p50, p90, p99, e }'
