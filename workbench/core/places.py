"""Places where a project file is at risk: cloud-sync folders and network drives.

A project is one SQLite file written in place. A sync client (Dropbox, OneDrive, iCloud …) may
upload it half-written or make "conflicted copies" when two computers touch it; on a network
drive (NFS, SMB, sshfs …) the file locks SQLite and we rely on are unreliable. Neither breaks at
once, which is why the user is told when the project opens. ``location_warning(path)`` is the
one call; the helpers below are pure (synthetic paths and mount tables) so they can be tested on
any machine. No Qt and no sqlite3 here.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from ..i18n import tr

# Folder names sync clients create (compared case-insensitively), and the service's name.
_SYNC_FOLDERS = {
    "dropbox": "Dropbox", "onedrive": "OneDrive", "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive", "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive", "googledrive": "Google Drive", "my drive": "Google Drive",
    "我的云端硬盘": "Google Drive", "box": "Box", "box sync": "Box", "pcloud drive": "pCloud",
    "pclouddrive": "pCloud", "pcloud": "pCloud", "nutstore": "Nutstore (坚果云)",
    "nutstore files": "Nutstore (坚果云)", "我的坚果云": "Nutstore (坚果云)",
    "坚果云": "Nutstore (坚果云)", "baidusyncdisk": "Baidu Netdisk (百度网盘)",
    "百度网盘同步空间": "Baidu Netdisk (百度网盘)", "百度云同步盘": "Baidu Netdisk (百度网盘)",
    "baidunetdiskworkspace": "Baidu Netdisk (百度网盘)", "synologydrive": "Synology Drive",
    "synology drive": "Synology Drive", "mega": "MEGA", "megasync": "MEGA",
    "yandex.disk": "Yandex Disk", "tresorit": "Tresorit", "nextcloud": "Nextcloud",
    "owncloud": "ownCloud", "seafile": "Seafile", "wps云盘": "WPS Cloud (WPS云盘)",
    "wpsdrive": "WPS Cloud (WPS云盘)", "weiyunsync": "Weiyun (微云)", "微云同步盘": "Weiyun (微云)",
    "阿里云盘": "Aliyun Drive (阿里云盘)", "sync": "Sync.com",
}
# Folder names that start like a sync folder: "Dropbox (Org)", "OneDrive - Org",
# macOS's ~/Library/CloudStorage/GoogleDrive-me@example.org, "Box-Box".
_SYNC_PREFIXES = {"dropbox (": "Dropbox", "onedrive - ": "OneDrive", "onedrive-": "OneDrive",
                  "googledrive-": "Google Drive", "box-": "Box", "pcloud-": "pCloud"}
# "Sync" alone is too common a folder name to trust unless it sits right in the home folder.
_ONLY_UNDER_HOME = {"sync", "box", "mega", "pcloud"}

# File system types (Linux mountinfo, macOS mount) whose locks cannot be trusted.
_NETWORK_TYPES = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "sshfs", "fuse.sshfs",
    "davfs", "fuse.davfs2", "webdav", "afpfs", "afs", "ncpfs", "coda", "ceph", "fuse.ceph",
    "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "fuse.rclone", "fuse.s3fs",
    "fuse.gcsfuse", "fuse.gvfsd-fuse", "fuse.onedriver", "fuse.google-drive-ocamlfuse",
    "fuse.juicefs", "beegfs", "orangefs",
}
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


# ----------------------------------------------------------------------------- sync folders
def sync_service(path: PurePath, home: PurePath | None = None,
                 roots: list[tuple[str, PurePath]] | None = None) -> str | None:
    """The sync service whose folder holds ``path`` (any OS's path style), else None.
    ``roots`` are folders a client told us about (OneDrive's environment variables, Dropbox's
    info.json) — they catch a renamed sync folder."""
    for service, root in roots or ():
        if _is_under(path, root):
            return service
    parts = [p.casefold() for p in path.parts[:-1]]
    home_depth = len(home.parts) if home is not None and _is_under(path, home) else None
    for i, part in enumerate(parts):
        if part == "mobile documents" and i and parts[i - 1] == "library":
            return "iCloud Drive"  # ~/Library/Mobile Documents (iCloud's real folder)
        if part == "cloudstorage" and i and parts[i - 1] == "library" and i + 1 < len(parts):
            return _cloud_storage_name(path.parts[i + 1])  # macOS File Provider folders
        service = _SYNC_FOLDERS.get(part)
        if service and part in _ONLY_UNDER_HOME and i != home_depth:
            service = None
        if service is None:
            service = next((name for prefix, name in _SYNC_PREFIXES.items()
                            if part.startswith(prefix)), None)
        if service:
            return service
    return None


def _cloud_storage_name(folder: str) -> str:
    lowered = folder.casefold()
    for prefix, name in (("googledrive", "Google Drive"), ("onedrive", "OneDrive"),
                         ("dropbox", "Dropbox"), ("box", "Box"), ("icloud", "iCloud Drive")):
        if lowered.startswith(prefix):
            return name
    return folder  # another File Provider client: its folder name is its name


def _is_under(path: PurePath, root: PurePath) -> bool:
    if type(path) is not type(root):
        return False
    fold = [p.casefold() for p in path.parts]
    root_fold = [p.casefold() for p in root.parts]
    return len(fold) > len(root_fold) and fold[:len(root_fold)] == root_fold


def known_sync_roots(environ: dict[str, str] | None = None,
                     home: Path | None = None) -> list[tuple[str, PurePath]]:
    """Sync folders the clients announce: OneDrive's environment variables (Windows) and
    Dropbox's ``info.json`` (its folder may have any name)."""
    environ = dict(os.environ) if environ is None else environ
    roots: list[tuple[str, PurePath]] = []
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        if environ.get(variable):
            roots.append(("OneDrive", Path(environ[variable])))
    home = Path.home() if home is None else home
    candidates = [home / ".dropbox" / "info.json"]
    for variable in ("APPDATA", "LOCALAPPDATA"):
        if environ.get(variable):
            candidates.append(Path(environ[variable]) / "Dropbox" / "info.json")
    for info in candidates:
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for entry in (data.values() if isinstance(data, dict) else ()):
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                roots.append(("Dropbox", Path(entry["path"])))
    return roots


# ----------------------------------------------------------------------------- network drives
def parse_mountinfo(text: str) -> list[tuple[str, str, str]]:
    """(mount point, file system type, source) for each line of /proc/self/mountinfo."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or not tail:
            continue
        mounts.append((_unescape(fields[4]), tail[0], tail[1] if len(tail) > 1 else ""))
    return mounts


def parse_macos_mount(text: str) -> list[tuple[str, str, str]]:
    """The same from macOS's ``mount``: ``//me@server/share on /Volumes/share (smbfs, …)``."""
    mounts = []
    for line in text.splitlines():
        source, sep, rest = line.partition(" on ")
        point, paren, options = rest.rpartition(" (")
        if sep and paren:
            mounts.append((point, options.split(",")[0].strip(" )"), source))
    return mounts


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as \040, \011, \012, \134.
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_of(path: PurePosixPath, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    """The mount holding ``path``: the longest mount point above it (later mounts win ties)."""
    best = ("/", "", "")
    best_depth = -1
    for point, fstype, source in mounts:
        root = PurePosixPath(point)
        if path == root or root in path.parents:
            depth = len(root.parts)
            if depth >= best_depth:
                best, best_depth = (point, fstype, source), depth
    return best


def is_network_type(fstype: str) -> bool:
    return fstype.casefold() in _NETWORK_TYPES


def windows_network_kind(path: PureWindowsPath, drive_type=None) -> str | None:
    """"UNC" for \\\\server\\share paths, "mapped drive" for a drive letter the system calls
    remote; ``drive_type(root)`` is GetDriveTypeW (given, so tests need no Windows)."""
    drive = path.drive
    if drive.startswith("\\\\") and not drive.startswith("\\\\?\\") and not \
            drive.startswith("\\\\.\\"):
        return "UNC"
    if drive.upper().startswith("\\\\?\\UNC\\"):
        return "UNC"
    if len(drive) == 2 and drive[1] == ":" and drive_type is not None:
        if drive_type(drive + "\\") == DRIVE_REMOTE:
            return "mapped drive"
    return None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _macos_mount_table() -> str:  # pragma: no cover - macOS only
    import subprocess  # loaded here: every command that opens a project passes through this

    try:
        return subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5).stdout
    except subprocess.SubprocessError as exc:
        raise OSError(str(exc)) from exc


def network_kind(path: Path) -> str | None:
    """What kind of network drive holds ``path`` on this machine, else None."""
    if os.name == "nt":  # pragma: no cover - Windows only
        return windows_network_kind(PureWindowsPath(str(path)), _windows_drive_type)
    try:
        if sys.platform == "darwin":  # pragma: no cover - macOS only
            mounts = parse_macos_mount(_macos_mount_table())
        else:
            mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text(errors="replace"))
    except OSError:
        return None
    _point, fstype, _source = mount_of(PurePosixPath(path), mounts)
    return fstype if is_network_type(fstype) else None


# ----------------------------------------------------------------------------- the warning
def location_warning(path: str | os.PathLike) -> str | None:
    """One warning (why it is risky, what to do) when ``path`` is in a sync folder or on a
    network drive; None on a local disk."""
    path = Path(path)
    try:
        path = path.resolve()
    except OSError:
        path = Path(os.path.abspath(path))
    try:
        home: Path | None = Path.home()
    except RuntimeError:
        home = None
    service = sync_service(path, home, known_sync_roots(home=home))
    if service:
        return tr("{name} is in a {service} folder: the sync program can copy the file while it "
                  "is half-written or make “conflicted copies”, and work can be lost; keep the "
                  "project on a local disk that is not synced, and share it with "
                  "File → Export/backup instead.", name=path.name, service=service)
    kind = network_kind(path)
    if kind:
        return tr("{name} is on a network drive ({kind}): file locks there are unreliable, so two "
                  "people or a dropped connection can damage the project; keep the project on a "
                  "local disk, and share it with File → Export/backup instead.",
                  name=path.name, kind=kind)
    return None
