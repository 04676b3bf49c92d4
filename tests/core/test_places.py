"""Risky places: cloud-sync folders and network drives are recognised and warned about."""
from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from workbench.cli.main import main as cli_main
from workbench.core import Project, places
from workbench.core.places import (known_sync_roots, location_warning, mount_of, parse_macos_mount,
                                   parse_mountinfo, sync_service, windows_network_kind)

HOME_POSIX = PurePosixPath("/home/li")
HOME_MAC = PurePosixPath("/Users/li")
HOME_WIN = PureWindowsPath(r"C:\Users\li")


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """Closing a project remembers it in the data folder: never the real user's."""
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize(("path", "home", "service"), [
    (r"C:\Users\li\Dropbox\研究\city.cwb", HOME_WIN, "Dropbox"),
    (r"C:\Users\li\Dropbox (Acme Lab)\city.cwb", HOME_WIN, "Dropbox"),
    (r"C:\Users\li\OneDrive\Documents\city.cwb", HOME_WIN, "OneDrive"),
    (r"C:\Users\li\OneDrive - Tsinghua University\city.cwb", HOME_WIN, "OneDrive"),
    (r"C:\Users\li\iCloudDrive\city.cwb", HOME_WIN, "iCloud Drive"),
    (r"G:\My Drive\thesis\city.cwb", HOME_WIN, "Google Drive"),
    (r"D:\BaiduSyncdisk\city.cwb", HOME_WIN, "Baidu Netdisk (百度网盘)"),
    (r"D:\百度网盘同步空间\论文\city.cwb", HOME_WIN, "Baidu Netdisk (百度网盘)"),
    (r"C:\Users\li\Nutstore\city.cwb", HOME_WIN, "Nutstore (坚果云)"),
    (r"C:\Users\li\我的坚果云\city.cwb", HOME_WIN, "Nutstore (坚果云)"),
    (r"C:\Users\li\Box\city.cwb", HOME_WIN, "Box"),
    (r"P:\pCloud Drive\city.cwb", HOME_WIN, "pCloud"),
    ("/Users/li/Library/Mobile Documents/com~apple~CloudDocs/city.cwb", HOME_MAC, "iCloud Drive"),
    ("/Users/li/Library/CloudStorage/GoogleDrive-li@example.org/My Drive/city.cwb", HOME_MAC,
     "Google Drive"),
    ("/Users/li/Library/CloudStorage/OneDrive-Personal/city.cwb", HOME_MAC, "OneDrive"),
    ("/Users/li/Library/CloudStorage/Dropbox/city.cwb", HOME_MAC, "Dropbox"),
    ("/home/li/Dropbox/city.cwb", HOME_POSIX, "Dropbox"),
    ("/home/li/pCloudDrive/city.cwb", HOME_POSIX, "pCloud"),
    ("/home/li/Nextcloud/Projects/city.cwb", HOME_POSIX, "Nextcloud"),
])
def test_sync_folders_are_recognised_in_every_path_style(path, home, service):
    flavour = PureWindowsPath if isinstance(home, PureWindowsPath) else PurePosixPath
    assert sync_service(flavour(path), home) == service


@pytest.mark.parametrize(("path", "home"), [
    (r"C:\Users\li\Documents\city.cwb", HOME_WIN),
    (r"D:\research\box\city.cwb", HOME_WIN),         # "box" deep down is just a folder name
    ("/home/li/projects/sync/city.cwb", HOME_POSIX),  # so is "sync"
    ("/home/li/Dropbox.cwb", HOME_POSIX),             # the file's own name does not count
    ("/Users/li/Library/Application Support/city.cwb", HOME_MAC),
])
def test_ordinary_folders_are_not_sync_folders(path, home):
    flavour = PureWindowsPath if isinstance(home, PureWindowsPath) else PurePosixPath
    assert sync_service(flavour(path), home) is None


def test_sync_folders_the_clients_announce_are_found_under_any_name(tmp_path):
    (tmp_path / ".dropbox").mkdir()
    (tmp_path / ".dropbox" / "info.json").write_text(json.dumps(
        {"business": {"path": str(tmp_path / "Work files"), "host": 1}}), encoding="utf-8")
    roots = known_sync_roots({"OneDriveCommercial": str(tmp_path / "Org share")}, home=tmp_path)
    assert sync_service(tmp_path / "Work files" / "a.cwb", None, roots) == "Dropbox"
    assert sync_service(tmp_path / "Org share" / "b.cwb", None, roots) == "OneDrive"
    assert sync_service(tmp_path / "elsewhere" / "c.cwb", None, roots) is None


MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
61 27 0:52 / /mnt/lab rw,relatime shared:30 - nfs4 fs.uni.edu:/export/lab rw,vers=4.2
62 27 0:53 / /mnt/team\040share rw,relatime - cifs //nas/team rw,vers=3.0
63 27 0:54 / /home/li/remote rw,nosuid,nodev - fuse.sshfs li@server:/data rw,user_id=1000
64 61 0:55 / /mnt/lab/local-cache rw - tmpfs tmpfs rw
65 27 0:56 / /mnt/wsl-c rw - 9p C:\134 rw,dirsync
"""


@pytest.mark.parametrize(("path", "fstype"), [
    ("/mnt/lab/study/city.cwb", "nfs4"),
    ("/mnt/team share/city.cwb", "cifs"),  # \040 in mountinfo is a space
    ("/home/li/remote/city.cwb", "fuse.sshfs"),
    ("/mnt/wsl-c/Users/li/city.cwb", "9p"),
    ("/mnt/lab/local-cache/city.cwb", "tmpfs"),  # a local mount inside a network one
    ("/home/li/city.cwb", "ext4"),
    ("/mnt/laboratory/city.cwb", "ext4"),  # /mnt/lab is not a prefix of /mnt/laboratory
])
def test_the_mount_holding_a_path_is_found_in_mountinfo(path, fstype):
    mounts = parse_mountinfo(MOUNTINFO)
    assert mount_of(PurePosixPath(path), mounts)[1] == fstype
    assert places.is_network_type(fstype) == (fstype in ("nfs4", "cifs", "fuse.sshfs", "9p"))


@pytest.mark.skipif(not Path("/proc/self/mountinfo").is_file(), reason="Linux only")
def test_this_machines_mount_table_parses():
    mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text())
    assert any(point == "/" for point, _type, _source in mounts)
    assert all(point.startswith("/") and fstype for point, fstype, _source in mounts)
    assert mount_of(PurePosixPath(Path.cwd()), mounts)[1]


def test_macos_mount_output_parses():
    text = ("/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
            "//li@nas.local/Team%20Share on /Volumes/Team Share (smbfs, nodev, nosuid, "
            "mounted by li)\n"
            "server:/export on /Volumes/export (nfs, asynchronous)\n")
    mounts = parse_macos_mount(text)
    assert mount_of(PurePosixPath("/Volumes/Team Share/a.cwb"), mounts)[1] == "smbfs"
    assert mount_of(PurePosixPath("/Volumes/export/a.cwb"), mounts)[1] == "nfs"
    assert mount_of(PurePosixPath("/Users/li/a.cwb"), mounts)[1] == "apfs"


def test_windows_network_paths_are_recognised():
    remote = {"Z:\\": places.DRIVE_REMOTE, "C:\\": 3}.get
    assert windows_network_kind(PureWindowsPath(r"\\nas\team\city.cwb"), remote) == "UNC"
    assert windows_network_kind(PureWindowsPath(r"\\?\UNC\nas\team\city.cwb"), remote) == "UNC"
    assert windows_network_kind(PureWindowsPath(r"Z:\city.cwb"), remote) == "mapped drive"
    assert windows_network_kind(PureWindowsPath(r"C:\Users\li\city.cwb"), remote) is None
    assert windows_network_kind(PureWindowsPath(r"\\?\C:\long\city.cwb"), remote) is None


def test_the_warning_says_why_and_what_to_do(tmp_path):
    folder = tmp_path / "Dropbox" / "研究"
    folder.mkdir(parents=True)
    warning = location_warning(folder / "city.cwb")
    assert "Dropbox" in warning and "conflicted copies" in warning
    assert "local disk" in warning and "File → Export/backup" in warning
    assert location_warning(tmp_path / "city.cwb") is None  # pytest's tmp is a local disk


def test_a_network_drive_warning_names_the_kind(tmp_path, monkeypatch):
    # No network mount exists on a test machine: stand one in for the mount table's answer.
    monkeypatch.setattr(places, "network_kind", lambda path: "nfs4")
    warning = location_warning(tmp_path / "city.cwb")
    assert "network drive (nfs4)" in warning and "locks" in warning


def test_the_project_carries_its_location_warning(tmp_path):
    folder = tmp_path / "OneDrive - Acme"
    folder.mkdir()
    Project.create(folder / "city.cwb").close()
    with Project.open(folder / "city.cwb", read_only=True) as project:
        assert "OneDrive" in project.location_warning
    Project.create(tmp_path / "local.cwb").close()
    with Project.open(tmp_path / "local.cwb") as project:
        assert project.location_warning is None


def test_the_command_line_warns_on_stderr_once_and_keeps_json_clean(tmp_path, capsys):
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    with Project.create(folder / "city.cwb") as project:
        project.elements.add("技术赋能")
    assert cli_main(["elements", str(folder / "city.cwb"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [e["name"] for e in json.loads(out)] == ["技术赋能"]
    assert err.count("Dropbox") == 1 and err.strip().count("\n") == 0
    assert cli_main(["element", str(folder / "city.cwb"), "add", "组织协同"]) == 0
    assert capsys.readouterr().err.count("conflicted copies") == 1


@pytest.mark.skipif(sys.platform != "win32", reason="GetDriveTypeW exists on Windows only")
def test_the_real_drive_type_is_asked_on_windows():  # pragma: no cover
    assert places._windows_drive_type("C:\\") in (2, 3, 4, 5, 6)
