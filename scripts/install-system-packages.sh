#!/usr/bin/env bash
# System packages the project needs beyond Python, from Debian/Ubuntu's apt where we can:
#   chromium      – kaleido draws static figures (PNG for the PDF) with it; the browser tests drive it
#   nodejs + npm  – fetch axe-core for the accessibility test
#   python3-venv  – Debian splits venv out of python3
#   poppler-utils – pdftotext reads the PDF preview in the tests
# Installs only what is missing; without root/sudo or apt it says what to install and fails.
set -euo pipefail

missing=()
have_any() { for exe in "$@"; do command -v "$exe" >/dev/null 2>&1 && return 0; done; return 1; }
have_any chromium chromium-browser google-chrome || missing+=(chromium)
have_any npm || missing+=(nodejs npm)
"${PYTHON:-python3}" -c "import venv, ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
have_any pdftotext || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "Systempaket finns: chromium, npm, python3-venv, poppler-utils."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Saknas: ${missing[*]}. apt-get finns inte här: installera dem med systemets pakethanterare." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Saknas: ${missing[*]}. Kör som root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installerar med apt: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installerat: ${missing[*]}"
