#!/usr/bin/env bash
# Install Debian's Chromium where we can (root with apt-get); otherwise say what is missing.
set -euo pipefail
for exe in chromium chromium-browser google-chrome; do
  if command -v "$exe" >/dev/null 2>&1; then
    echo "Chromium finns: $(command -v "$exe")"
    exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Chromium saknas och apt-get kräver root: kör 'sudo apt-get install -y chromium'." >&2
      exit 1
    fi
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  echo "Chromium installerad: $(command -v chromium)"
else
  echo "Chromium saknas och apt-get finns inte. Installera Chromium eller Chrome och lägg det i PATH." >&2
  exit 1
fi
