"""The files the installers are made of, checked without building anything: where resources are
found inside a bundle, the Linux menu entry and project type, the icon set, the version."""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from workbench import demo, resources

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
MIME_TYPE = "application/x-case-workbench"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def test_version_comes_from_the_package_metadata():
    import workbench

    assert workbench.__version__ == pyproject_version()


@pytest.fixture
def fake_bundle(tmp_path, monkeypatch):
    """A folder laid out as packaging/case-workbench.spec lays out the app, as sys._MEIPASS."""
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources" / "frameworks", bundle / "resources" / "frameworks")
    (bundle / "resources" / "demo").mkdir(parents=True)
    shutil.copy(ROOT / "projects" / "demo" / "demo.toml", bundle / "resources" / "demo")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    resources.resources_dir.cache_clear()
    yield bundle
    resources.resources_dir.cache_clear()


def test_a_bundle_reads_its_own_resources_and_demo(fake_bundle):
    assert resources.bundle_dir() == fake_bundle
    assert resources.resources_dir() == fake_bundle / "resources"
    assert resources.resource_path("frameworks", "toe.toml").is_file()
    # Not the checkout's projects/demo, which a user's machine does not have.
    assert resources.project_root() == fake_bundle
    assert demo.demo_folder() == fake_bundle / "resources" / "demo"


def test_from_sources_the_checkout_is_used():
    assert resources.bundle_dir() is None
    assert resources.resources_dir() == ROOT / "resources"
    assert demo.demo_folder() == ROOT / "projects" / "demo"


def read_desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive (Name[zh_CN], MimeType)
    parser.read(PACKAGING / "linux" / "case-workbench.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_opens_a_double_clicked_project():
    entry = read_desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Case Workbench"
    assert entry["Exec"].split() == ["case-workbench", "%f"]  # the path is the first argument
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Icon"] == "case-workbench"
    assert (PACKAGING / "icons" / "hicolor" / "48x48" / "apps" / "case-workbench.png").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_the_menu_entry_passes_desktop_file_validate():
    result = subprocess.run(["desktop-file-validate",
                             str(PACKAGING / "linux" / "case-workbench.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_project_type_is_known_by_extension_and_signature():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PACKAGING / "linux" / "case-workbench-mime.xml").getroot()
    kind = root.find("m:mime-type", ns)
    assert kind.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.cwb"]
    match = kind.find("m:magic/m:match", ns)
    assert (match.get("offset"), match.get("value")) == ("0", "SQLite format 3")
    assert kind.find("m:generic-icon", ns).get("name") == "application-x-case-workbench"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_linux_icons_have_their_sizes(size):
    for kind, name in (("apps", "case-workbench"), ("mimetypes", "application-x-case-workbench")):
        with Image.open(PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / kind
                        / f"{name}.png") as icon:
            assert icon.size == (size, size)
            assert icon.mode == "RGBA"
            assert icon.getpixel((0, 0))[3] < 16  # rounded corners are transparent


def test_the_windows_and_macos_icons_hold_every_size():
    with Image.open(PACKAGING / "icons" / "case-workbench.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(PACKAGING / "icons" / "case-workbench.icns") as icns:
        assert {(16, 16), (32, 32), (128, 128), (512, 512)} <= {s[:2] for s in icns.info["sizes"]}
    with Image.open(ROOT / "resources" / "icons" / "case-workbench.png") as window_icon:
        assert window_icon.size == (256, 256)


def test_the_icons_are_drawn_from_one_drawing():
    sys.path.insert(0, str(PACKAGING / "icons"))
    try:
        import draw_icon
    finally:
        sys.path.remove(str(PACKAGING / "icons"))
    picture = draw_icon.draw().resize((64, 64), Image.Resampling.LANCZOS)  # as main() does
    with Image.open(PACKAGING / "icons" / "hicolor" / "64x64" / "apps" / "case-workbench.png") as shipped:
        # Same drawing (resampling may differ by a few levels between Pillow versions).
        drawn, committed = picture.convert("RGBA").tobytes(), shipped.convert("RGBA").tobytes()
        assert max(abs(a - b) for a, b in zip(drawn, committed)) < 48
