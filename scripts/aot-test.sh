#!/usr/bin/env bash
# Publishes samples/AotSample with NativeAOT (IlcInstructionSet=native) and checks that it
#  1. publishes with no trimming or AOT warning (IL2xxx / IL3xxx), and
#  2. writes outputs bit-identical to the JIT `managedlite run --seed 1` on the bundled default model.
# Where qemu-user (qemu-aarch64) and an arm64 cross linker are installed (Debian: apt-get install qemu-user clang
# lld gcc-aarch64-linux-gnu; clang finds the cross libraries under /usr/aarch64-linux-gnu with SysRoot=/), it also
# publishes linux-arm64 (the SDK restores the linux-arm64 ILCompiler package), runs it under qemu and compares with
# the x64 outputs (within 1e-5 of each output's scale: arm64 kernels take other vector paths and summation orders).
#
#   scripts/aot-test.sh            (1-3 minutes on 2 cores; .ci/run runs it, scripts/test.sh does not)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
model="$repo/src/Cli/Models/face_detection_short_range.tflite"

echo "aot-test: dotnet publish samples/AotSample -r linux-x64 (NativeAOT)"
dotnet publish "$repo/samples/AotSample" -c Release -r linux-x64 -o "$tmp/x64" -nologo >"$tmp/publish.log" 2>&1 \
  || { cat "$tmp/publish.log" >&2; echo "aot-test: publish failed" >&2; exit 1; }
if grep -E "warning (IL[0-9]{4}|CS[0-9]{4})" "$tmp/publish.log" >&2; then
  echo "aot-test: the NativeAOT publish has warnings (above)" >&2; exit 1
fi

"$tmp/x64/AotSample" "$model" "$tmp/aot" 1 >/dev/null
dotnet run -c Release --project "$repo/src/Cli" -- run "$model" --seed 1 --output-dir "$tmp/jit" >/dev/null
for f in "$tmp"/jit/output_*.npy; do
  cmp -s "$f" "$tmp/aot/$(basename "$f")" || { echo "aot-test: $(basename "$f") differs between NativeAOT and JIT" >&2; exit 1; }
done
echo "aot-test: linux-x64 NativeAOT outputs are bit-identical to the JIT's ($(ls "$tmp"/jit/output_*.npy | wc -l) outputs)"

if ! command -v qemu-aarch64 >/dev/null || ! command -v clang >/dev/null || ! command -v ld.lld >/dev/null || [ ! -d /usr/aarch64-linux-gnu/lib ]; then
  echo "aot-test: linux-arm64 skipped (needs qemu-user, clang, lld and Debian's arm64 cross libraries: apt-get install qemu-user clang lld gcc-aarch64-linux-gnu)"
  exit 0
fi
echo "aot-test: dotnet publish samples/AotSample -r linux-arm64 (cross, NativeAOT)"
if ! dotnet publish "$repo/samples/AotSample" -c Release -r linux-arm64 -o "$tmp/arm64" -nologo \
     -p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:SysRoot=/ -p:ObjCopyName=llvm-objcopy >"$tmp/publish-arm64.log" 2>&1; then
  tail -5 "$tmp/publish-arm64.log" >&2
  echo "aot-test: linux-arm64 publish failed (see above); the x64 check passed" >&2
  exit 1
fi
qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/arm64/AotSample" "$model" "$tmp/arm" 1 >/dev/null
python3 - "$tmp/aot" "$tmp/arm" <<'PY'
import struct, sys, pathlib
def load(p):
    b = p.read_bytes(); n = struct.unpack('<H', b[8:10])[0]; return struct.unpack('<%df' % ((len(b) - 10 - n) // 4), b[10 + n:])
worst = 0.0
for f in sorted(pathlib.Path(sys.argv[1]).glob('output_*.npy')):
    a, b = load(f), load(pathlib.Path(sys.argv[2]) / f.name)
    scale = max(1e-12, max(abs(v) for v in a))
    worst = max(worst, max(abs(x - y) for x, y in zip(a, b)) / scale)
print("aot-test: linux-arm64 (qemu) vs linux-x64: max error %.3g of scale" % worst)
sys.exit(0 if worst <= 1e-5 else 1)
PY
