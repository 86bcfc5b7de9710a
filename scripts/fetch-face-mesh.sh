#!/usr/bin/env bash
# Fetches face_landmark_with_attention.tflite (MediaPipe's face mesh with attention: Landmarks2TransformMatrix,
# TransformTensorBilinear and TransformLandmarks custom ops) into <repo>/models/face_mesh/, from the legacy npm
# package @mediapipe/face_mesh (Apache-2.0): the model is the first asset packed in
# face_mesh_solution_packed_assets.data (bytes [0, 2495952) per face_mesh_solution_packed_assets_loader.js).
# Checked against its sha256. Used by tests/Runtime.Tests/Custom/FaceLandmarkWithAttentionTests.cs (skipped without it).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${MODELS_DIR:-$repo_root/models}/face_mesh"
model="$dest/face_landmark_with_attention.tflite"
want=883b7411747bac657c30c462d305d312e9dec6adbf8b85e2f5d8d722fca9455d
if [ -f "$model" ] && [ "$(sha256sum "$model" | cut -d' ' -f1)" = "$want" ]; then
  echo "fetch-face-mesh: $model up to date"; exit 0
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @mediapipe/face_mesh@0.4.1657299874 >/dev/null && tar xzf mediapipe-face_mesh-0.4.1657299874.tgz)
grep -q '"filename": "/third_party/mediapipe/modules/face_landmark/face_landmark_with_attention.tflite", "start": 0, "end": 2495952' \
  "$tmp/package/face_mesh_solution_packed_assets_loader.js" || { echo "fetch-face-mesh: unexpected asset layout" >&2; exit 1; }
mkdir -p "$dest"
head -c 2495952 "$tmp/package/face_mesh_solution_packed_assets.data" > "$model.tmp"
got="$(sha256sum "$model.tmp" | cut -d' ' -f1)"
[ "$got" = "$want" ] || { rm -f "$model.tmp"; echo "fetch-face-mesh: sha256 $got, expected $want" >&2; exit 1; }
mv "$model.tmp" "$model"
cp "$tmp/package/package.json" "$dest/package.json"
echo "fetch-face-mesh: wrote $model (from @mediapipe/face_mesh 0.4.1657299874, Apache-2.0)"
