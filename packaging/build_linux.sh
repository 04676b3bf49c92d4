#!/usr/bin/env bash
# Build the one-folder Linux application with PyInstaller, plus its desktop integration:
#
#   packaging/build_linux.sh                 # -> dist/case-workbench/
#   packaging/build_linux.sh --archive       # … and dist/case-workbench-<version>-linux-<arch>.tar.gz
#   packaging/build_linux.sh --dist D --work W   # other output / scratch folders (the test uses this)
#
# Uses .venv (made by ./dev) or $PYTHON; installs the "package" extra (PyInstaller) when missing.
# The result runs on Linux systems with the same or a newer glibc than this machine's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

python="${PYTHON:-$root/.venv/bin/python}"
dist="$root/dist"
work="$root/build/pyinstaller"
archive=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --archive) archive=1; shift ;;
    *) echo "usage: $0 [--archive] [--dist DIR] [--work DIR]" >&2; exit 2 ;;
  esac
done

if [ ! -x "$python" ]; then
  echo "No Python at $python: run ./dev test once (it makes .venv), or set PYTHON." >&2
  exit 1
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller (the \"package\" extra) into $("$python" -c 'import sys; print(sys.prefix)')"
  "$python" -m pip install -q -e ".[ocr,topics,package]"
fi

started=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/case-workbench.spec

# Desktop integration, registered by the user with ./install.sh (packaging/linux/install.sh).
app="$dist/case-workbench"
mkdir -p "$app/share/applications" "$app/share/mime/packages" "$app/share/icons"
cp packaging/linux/install.sh "$app/install.sh"
chmod +x "$app/install.sh"
cp packaging/linux/case-workbench.desktop "$app/share/applications/case-workbench.desktop"
cp packaging/linux/case-workbench-mime.xml "$app/share/mime/packages/case-workbench.xml"
rm -rf "$app/share/icons/hicolor"
cp -r packaging/icons/hicolor "$app/share/icons/hicolor"
cp packaging/linux/README.txt "$app/README.txt"

version=$("$app/case-workbench" --version | awk '{print $2}')
echo "Built Case Workbench $version in $(( $(date +%s) - started )) s: $app ($(du -sh "$app" | cut -f1))"
if [ "$archive" = 1 ]; then
  tarball="$dist/case-workbench-$version-linux-$(uname -m).tar.gz"
  tar -C "$dist" -czf "$tarball" case-workbench
  echo "Archive: $tarball ($(du -sh "$tarball" | cut -f1))"
fi
