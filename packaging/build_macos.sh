#!/usr/bin/env bash
# Build "Case Workbench.app" and a disk image on a Mac (Python 3.11+ from python.org or
# Homebrew). Not run by CI: see packaging/README.md (signing and notarisation are separate).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[ocr,topics,package]"
.venv/bin/python -m PyInstaller --noconfirm packaging/case-workbench.spec
version=$("dist/Case Workbench.app/Contents/MacOS/case-workbench" --version | awk '{print $2}')
echo "Built Case Workbench $version: dist/Case Workbench.app"
hdiutil create -volname "Case Workbench" -srcfolder "dist/Case Workbench.app" -ov -format UDZO \
  "dist/case-workbench-$version-macos-$(uname -m).dmg"
