#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests exists: CHROMIUM_PATH if set,
# else Debian's /usr/bin/chromium, installed with apt-get when missing (as root).
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then
  echo "chromium: using $path"
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "chromium: installing Debian's chromium package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  "$path" --version
else
  echo "chromium: not found. Install Chromium and set CHROMIUM_PATH to its executable." >&2
  exit 1
fi
