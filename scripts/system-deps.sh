#!/usr/bin/env bash
# Installs the system packages Manim needs (and Chromium for the browser tests),
# only when something is missing. Root on Debian: apt-get. Anywhere else: print
# the exact command to run, and fail.
set -euo pipefail

packages=(libcairo2-dev libpango1.0-dev pkg-config ffmpeg
          texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm)
if [[ "${1:-}" == "--with-browser" ]]; then
  packages+=(chromium)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for tool in ffmpeg latex dvisvgm pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "manim-nodes: missing ${missing[*]}. This is not Debian; install the equivalents of:" >&2
    echo "  ${packages[*]}" >&2
    echo "  (macOS: brew install cairo pango pkg-config ffmpeg && brew install --cask mactex-no-gui)" >&2
    exit 1
  fi
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
((${#missing[@]})) || exit 0

if [[ "$(id -u)" -ne 0 ]]; then
  echo "manim-nodes: missing system packages: ${missing[*]}" >&2
  echo "Run this once, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "manim-nodes: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
