#!/usr/bin/env bash
# Installs the Debian packages the build and tests need when they are missing (needs root or sudo).
# better-sqlite3-multiple-ciphers compiles from source with node-gyp: python3, make and g++.
set -euo pipefail

missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "Installing missing system packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"
