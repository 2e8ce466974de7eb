#!/usr/bin/env bash
# Builds a self-contained Antrian folder with PyInstaller: every app, the DejaVu fonts, the
# migrations and the sample site, and no Python needed on the PC that runs it.
#   scripts/build-bundle.sh [OUT_DIR]      (default: dist; the result is OUT_DIR/antrian/)
# Then: OUT_DIR/antrian/antrian init; OUT_DIR/antrian/antrian kiosk; … (antrian.exe on Windows).
# On Windows run it from Git Bash after 'py -3.11 -m venv .venv' and
# '.venv/Scripts/python -m pip install -e .': it finds .venv/Scripts/python.exe; set
# ANTRIAN_FONTS_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}

py=.venv/bin/python
[ -x "$py" ] || py=.venv/Scripts/python.exe
if [ ! -x "$py" ]; then
  scripts/bootstrap.sh run
  py=.venv/bin/python
fi
if [ "$(uname -s)" = Linux ] && ! command -v objdump >/dev/null; then
  echo "build-bundle: PyInstaller needs objdump: apt-get install binutils" >&2
  exit 1
fi
"$py" -c "import PyInstaller" 2>/dev/null || "$py" -m pip install -q "pyinstaller>=6.10"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$out" --workpath "$work" scripts/antrian.spec
echo "build-bundle: $out/antrian/ is ready ($(du -sh "$out/antrian" | cut -f1))"
