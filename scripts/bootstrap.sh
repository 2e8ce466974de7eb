#!/usr/bin/env bash
# Installs what Antrian needs on Debian 12: system packages (when missing) and the venv.
# Usage: scripts/bootstrap.sh [run|test]   ("test" adds PostgreSQL, CUPS and test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-run}
RUN_PACKAGES=(python3 python3-venv python3-pip libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-xkb1 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0
  libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0 fonts-dejavu-core
  espeak-ng xvfb)
TEST_PACKAGES=(postgresql-15 cups cups-client printer-driver-cups-pdf poppler-utils zbar-tools xdotool sox binutils)
packages=("${RUN_PACKAGES[@]}")
[ "$purpose" = test ] && packages+=("${TEST_PACKAGES[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "bootstrap: run as root or install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  # postgresql's own cluster is not used (tests start a throwaway one); don't start services.
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
stamp=.venv/.antrian-installed
want="$(sha256sum pyproject.toml | cut -c1-16)-$purpose"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  extra=""; [ "$purpose" = test ] && extra="[test]"
  .venv/bin/python -m pip install -q -e ".$extra"
  echo "$want" > "$stamp"
fi
# Byte-compile the apps once: with PYTHONDONTWRITEBYTECODE set (as on some machines)
# every start would otherwise compile them again, slowing the first frame.
.venv/bin/python -m compileall -q db ui kiosk counter display supervisor survey >/dev/null
