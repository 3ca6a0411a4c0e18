#!/usr/bin/env bash
# Builds the editor into manim_nodes/static when its sources changed since the
# last build (a hash of web/ sources), installing npm packages only when the
# lock file changed. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f web/package.json ]] || { echo "manim-nodes: no web/ editor to build"; exit 0; }
command -v npm >/dev/null || { echo "manim-nodes: npm is missing; install Node.js 20 or newer" >&2; exit 1; }

lock_hash=$(sha256sum web/package-lock.json 2>/dev/null | cut -c1-16 || echo none)
if [[ ! -f web/node_modules/.lock-hash || "$(cat web/node_modules/.lock-hash)" != "$lock_hash" ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > web/node_modules/.lock-hash
fi

src_hash=$(find web -path web/node_modules -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
if [[ -f manim_nodes/static/.src-hash && "$(cat manim_nodes/static/.src-hash)" == "$src_hash" ]]; then
  exit 0
fi
(cd web && npm run build --silent)
echo "$src_hash" > manim_nodes/static/.src-hash
