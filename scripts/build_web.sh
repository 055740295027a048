#!/usr/bin/env bash
# Install the workbench's front-end libraries from npm (versions pinned by sitroom/web/package-lock.json)
# and copy the files the UI loads into sitroom/web/static/vendor/ (not in git; rerun after a clean checkout).
#   d3 (ISC), topojson-client (ISC), world-atlas: Natural Earth country outlines as TopoJSON (ISC; data public domain)
#   swagger-ui-dist (Apache-2.0): the API docs page /docs, served from the package (works offline)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
web="$here/sitroom/web"
cd "$web"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
vendor="$web/static/vendor"
rm -rf "$vendor" && mkdir -p "$vendor"
cp node_modules/d3/dist/d3.min.js "$vendor/d3.min.js"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/topojson-client.min.js"
cp node_modules/world-atlas/countries-50m.json "$vendor/countries-50m.json"
cp node_modules/world-atlas/countries-110m.json "$vendor/countries-110m.json"
mkdir -p "$vendor/swagger-ui"
for f in swagger-ui-bundle.js swagger-ui.css favicon-32x32.png LICENSE NOTICE; do
  cp "node_modules/swagger-ui-dist/$f" "$vendor/swagger-ui/$f"
done
for p in d3 topojson-client world-atlas; do cp "node_modules/$p/LICENSE" "$vendor/LICENSE.$p"; done
echo "web vendor files in $vendor:"; ls "$vendor"
