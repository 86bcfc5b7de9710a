#!/usr/bin/env bash
# Packs ManagedLite as the README says, then uses the packages as a new user would: a fresh console app restores
# `ManagedLite` from the local folder feed and runs the README's API example (the ```csharp block under "## API")
# on the bundled default model, and `dotnet tool install` of ManagedLite.Cli from the feed gives a working
# `managedlite`. Other packages come from the sources this machine's NuGet configuration names.
#
#   scripts/package-test.sh [--no-pack FEED]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
feed="$tmp/feed"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)"
[ -n "$version" ] || { echo "package-test: no <Version> in Directory.Build.props" >&2; exit 1; }

if [ "${1:-}" = "--no-pack" ]; then
  feed="$2"
else
  echo "package-test: dotnet pack ManagedLite.sln -c Release -o FEED"
  dotnet pack "$repo/ManagedLite.sln" -c Release -o "$feed" -v quiet -nologo >"$tmp/pack.log" 2>&1 || { cat "$tmp/pack.log" >&2; exit 1; }
fi
for id in ManagedLite ManagedLite.Schema ManagedLite.Kernels ManagedLite.Cli; do
  [ -f "$feed/$id.$version.nupkg" ] || { echo "package-test: $id.$version.nupkg missing from the feed" >&2; exit 1; }
  [ -f "$feed/$id.$version.snupkg" ] || { echo "package-test: $id.$version.snupkg (symbols) missing from the feed" >&2; exit 1; }
done

# The global packages folder may hold an older build of the same version: drop our ids so the feed is used.
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
rm -rf "$packages/managedlite" "$packages/managedlite.schema" "$packages/managedlite.kernels" "$packages/managedlite.cli"

# 1. A new console app, `dotnet add package ManagedLite`, the README example.
app="$tmp/app"
dotnet new console -o "$app" -n PackageTestApp --no-restore >/dev/null
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="managedlite-local" value="$feed" />
  </packageSources>
</configuration>
XML
(cd "$app" && dotnet add package ManagedLite --version "$version" >"$tmp/add.log" 2>&1) || { cat "$tmp/add.log" >&2; exit 1; }
awk '/^## API/ { api = 1 } api && /^```csharp/ { code = 1; next } code && /^```/ { exit } code { print }' "$repo/README.md" > "$app/Program.cs"
grep -q "Model.FromFile" "$app/Program.cs" || { echo "package-test: no csharp example under '## API' in README.md" >&2; exit 1; }
cp "$repo/src/Cli/Models/face_detection_short_range.tflite" "$app/"
out="$(cd "$app" && dotnet run -c Release 2>&1)" || { echo "$out" >&2; echo "package-test: the README example failed" >&2; exit 1; }
echo "package-test: README example: $out"
echo "$out" | grep -q "14336 box values" || { echo "package-test: expected '14336 box values' (896 boxes x 16) from the README example" >&2; exit 1; }

# 2. The CLI as a dotnet tool from the same feed.
dotnet tool install --tool-path "$tmp/tools" ManagedLite.Cli --version "$version" --add-source "$feed" >"$tmp/tool.log" 2>&1 \
  || { cat "$tmp/tool.log" >&2; exit 1; }
got="$("$tmp/tools/managedlite" --version)"
case "$got" in "$version"|"$version"+*) ;; *) echo "package-test: managedlite --version printed '$got', expected $version" >&2; exit 1 ;; esac
"$tmp/tools/managedlite" run --output-dir "$tmp/out"
[ -f "$tmp/out/output_0.npy" ] && [ -f "$tmp/out/output_1.npy" ] || { echo "package-test: managedlite run wrote no outputs" >&2; exit 1; }
echo "package-test: ok (ManagedLite $version from a local feed; managedlite --version: $got)"
