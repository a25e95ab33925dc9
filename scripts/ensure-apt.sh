#!/usr/bin/env bash
# Usage: ensure-apt.sh COMMAND:PACKAGE...  Installs each Debian PACKAGE whose COMMAND is missing.
# Fails with a clear message when apt cannot be used (never a silent skip).
set -euo pipefail
missing=()
for pair in "$@"; do
  cmd="${pair%%:*}"; pkg="${pair#*:}"
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "bosun: need Debian packages: ${missing[*]} — run as root or install them with apt-get" >&2; exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bosun: need packages ${missing[*]} but apt-get is not available on this machine" >&2; exit 1
fi
echo "bosun: installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
