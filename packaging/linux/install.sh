#!/usr/bin/env bash
# Register Case Workbench with this user's desktop: menu entry, icon, and the .cwb project type
# (double-clicking a project opens it). Nothing is copied out of this folder except those small
# files, so keep the folder where it is; run this again after moving it.
#
#   ./install.sh              register (in ~/.local/share, or $XDG_DATA_HOME)
#   ./install.sh --uninstall  remove what was registered
#
# It needs no administrator rights. It lives in the unpacked application folder, beside the
# case-workbench program and share/ (made by packaging/build_linux.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
program="$here/case-workbench"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
name=case-workbench
mime=application/x-case-workbench

refresh() {
  # Each tool is optional: desktops pick the files up anyway, just later.
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$data/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$name.desktop" "$data/mime/packages/$name.xml"
  find "$data/icons/hicolor" -name "$name.png" -delete 2>/dev/null || true
  find "$data/icons/hicolor" -name "application-x-$name.png" -delete 2>/dev/null || true
  if [ -L "$bin/$name" ]; then rm -f "$bin/$name"; fi
  refresh
  echo "Case Workbench was removed from the menu; delete this folder to remove the program."
  exit 0
fi
if [ -n "${1:-}" ]; then
  echo "usage: $0 [--uninstall]" >&2
  exit 2
fi

if [ ! -x "$program" ] || [ ! -d "$here/share" ]; then
  echo "This script must stay in the unpacked Case Workbench folder (next to case-workbench and share/)." >&2
  exit 1
fi
case "$here" in
  *[\"\`\$\\]*)
    echo "The folder name $here contains \", \`, \$ or \\, which a menu entry cannot hold; move the folder and run this again." >&2
    exit 1 ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" "$bin"
# The menu entry, pointing at this folder's program (quoted: the path may contain spaces).
sed -e "s|^Exec=.*|Exec=\"$program\" %f|" -e "s|^TryExec=.*|TryExec=$program|" \
  "$here/share/applications/$name.desktop" > "$data/applications/$name.desktop"
cp "$here/share/mime/packages/$name.xml" "$data/mime/packages/$name.xml"
(cd "$here/share/icons" && find hicolor -name '*.png' | while read -r icon; do
  mkdir -p "$data/icons/$(dirname "$icon")"
  cp "$icon" "$data/icons/$icon"
done)
ln -sfn "$program" "$bin/$name"  # `case-workbench study.cwb` and the commands in a terminal
refresh
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default "$name.desktop" "$mime" >/dev/null 2>&1 || true
fi
echo "Case Workbench is in your applications menu; double-click a .cwb project to open it."
