#!/usr/bin/env bash
# Packs a release bundle for gateways (and any machine without the build tools): the built
# JavaScript of every lib and app, their manifests, the lockfile, the systemd unit and the example
# configs, no sources and no node_modules. The JavaScript is the same on every platform; the
# native modules (BLE, GPIO, serial) are built where the bundle is installed:
#
#   deploy/pack-release.sh                     # after npm ci; writes mjl-<version>.tgz here
#   # on the Pi (docs/deploy-pi.md):
#   sudo tar -xzf mjl-<version>.tgz -C /opt/mjl
#   cd /opt/mjl && sudo npm ci --omit=dev --workspace libs --workspace apps
#
# The bundle's code is already built: its prepare script only applies the repository's patches to
# node_modules (scripts/patch-*.mjs), so `npm ci --omit=dev` needs no TypeScript (the repository's
# own prepare also runs tsc, which --omit=dev leaves out).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build --silent
version=$(node -p "require('./package.json').version")
out=${1:-$PWD/mjl-$version.tgz}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

node docker/assemble.mjs . "$stage"
# The bundle's prepare only applies the patches to node_modules (scripts/patch-*.mjs), not tsc.
patches=(scripts/patch-*.mjs)
[[ -e "${patches[0]}" ]] || patches=()
node -e '
  const { readFileSync, writeFileSync } = require("node:fs");
  const [stage, ...patches] = process.argv.slice(1);
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  manifest.scripts = patches.length > 0 ? { prepare: patches.map((patch) => `node ${patch}`).join(" && ") } : {};
  writeFileSync(stage + "/package.json", JSON.stringify(manifest, null, 2) + "\n");
' "$stage" "${patches[@]}"
cp package-lock.json "$stage/"
for manifest in libs/*/package.json apps/*/package.json test/package.json bench/package.json; do
  cp --parents "$manifest" "$stage/"
done
cp -r --parents apps/*/bin "${patches[@]}" deploy/mjl-gateway.service deploy/gateway.env docs/deploy-pi.md docs/devices.md docs/examples "$stage/"
tar -czf "$out" -C "$stage" .
echo "$out: $(du -h "$out" | cut -f1), $(tar -tzf "$out" | wc -l) files"
