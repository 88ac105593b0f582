#!/usr/bin/env bash
# Installs the Debian packages the build and tests need when they are missing (needs root or sudo).
# - better-sqlite3-multiple-ciphers, pcsclite, node-hid and serialport compile from source with
#   node-gyp: python3, make and g++, and the headers of libpcsclite, libusb and libudev;
# - the MyKad tests run the real PC/SC daemon with a virtual reader: pcscd and vsmartcard-vpcd;
# - the serial scanner tests make a pseudo-terminal pair with socat;
# - the end-to-end tests run in Debian's Chromium (Playwright's browser download is not used);
# - the station server's HTTPS test makes a throwaway certificate with openssl;
# - the power-loss test watches the console's system calls with strace (each answer after a real sync).
set -euo pipefail

packages=(python3 make g++ libpcsclite-dev libusb-1.0-0-dev libudev-dev pcscd vsmartcard-vpcd socat chromium openssl strace)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "Installing missing system packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"
