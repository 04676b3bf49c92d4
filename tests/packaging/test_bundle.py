"""Build the Linux one-folder app with packaging/build_linux.sh and run what it built, away from
the checkout and the virtualenv: proof that the bundle carries everything it needs at run time
(Qt and its plugins, fonts set-up, translations, framework templates, the demo's files, jieba's
dictionary, matplotlib's data, python-docx's template, the REFI schemas, the OCR models).

The build takes about a minute on two cores; every test here shares it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (the test extra has it)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.packaging,  # the PyInstaller build: `./dev test -m "not packaging"` skips it
    pytest.mark.timeout(900),
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="packaging/build_linux.sh builds the Linux app"),
]

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "projects" / "demo"


@pytest.fixture(scope="module")
def app_folder(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_linux.sh"), "--dist", str(scratch / "dist"),
         "--work", str(scratch / "work")],
        capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(result.stdout.strip().splitlines()[-1])  # "Built … in N s: … (size)"
    return scratch / "dist" / "case-workbench"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("user")


def run(app_folder: Path, home: Path, *args: str, timeout: int = 120,
        **env: str) -> subprocess.CompletedProcess:
    """Run the bundled program from ``home``, with no trace of the checkout or the venv."""
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("PYTHON", "VIRTUAL_ENV", "CASE_WORKBENCH", "QT_"))}
    clean["PATH"] = os.pathsep.join(p for p in clean.get("PATH", "").split(os.pathsep)
                                    if not p.startswith(str(ROOT)))
    clean.update(QT_QPA_PLATFORM="offscreen", CASE_WORKBENCH_DATA_DIR=str(home / "data"),
                 CASE_WORKBENCH_SETTINGS_DIR=str(home / "settings"), HOME=str(home), **env)
    return subprocess.run([str(app_folder / "case-workbench"), *args], cwd=home, env=clean,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def screenshot(app_folder, home) -> Path:
    out = home / "demo-zh.png"
    ok(run(app_folder, home, "--language", "zh_CN", "--screenshot", str(out)))
    return out


def test_the_bundle_reports_the_version_of_pyproject(app_folder, home):
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    assert ok(run(app_folder, home, "--version")).split() == ["workbench", version]


def test_the_bundle_carries_its_files_and_leaves_out_what_it_does_not_need(app_folder):
    inside = app_folder / "_internal"
    for needed in ("resources/frameworks/joined-up-government.toml", "resources/stopwords/zh.txt",
                   "resources/translations/zh_CN/core.toml", "resources/refi/Project.xsd",
                   "resources/icons/case-workbench.png", "resources/demo/demo.toml",
                   "jieba/dict.txt", "wordcloud/stopwords",
                   "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                   "PySide6/Qt/plugins/platforms/libqxcb.so",
                   "PySide6/Qt/translations/qtbase_zh_CN.qm"):
        assert (inside / needed).exists(), needed
    # A Chinese font for Linux machines without one (the build machine has Noto CJK via ./dev).
    assert (inside / "resources" / "fonts" / "NotoSansCJK-Regular.ttc").is_file()
    # The package metadata --version reads (dist-info, or egg-info from an editable install).
    assert list(inside.glob("case_workbench*.*-info")), sorted(p.name for p in inside.iterdir())
    for sources in (DEMO / "sources").iterdir():
        assert (inside / "resources" / "demo" / "sources" / sources.name).is_file()
    for unneeded in ("tkinter", "_tkinter", "pytest", "PySide6/QtNetwork.abi3.so",
                     "PySide6/QtQml.abi3.so", "PySide6/Qt/translations/qtbase_de.qm"):
        assert not list(inside.glob(unneeded + "*")), unneeded
    # The Linux desktop integration travels with the program.
    for part in ("install.sh", "README.txt", "share/applications/case-workbench.desktop",
                 "share/mime/packages/case-workbench.xml",
                 "share/icons/hicolor/256x256/apps/case-workbench.png"):
        assert (app_folder / part).is_file(), part


def test_the_bundled_window_shows_the_demo_as_the_source_tree_does(app_folder, home, screenshot,
                                                                     tmp_path):
    with Image.open(screenshot) as picture:
        bundled = picture.convert("RGB")
    assert bundled.size == (1400, 900)
    assert len(bundled.getcolors(maxcolors=1 << 24)) > 500  # text, highlights, icons: not blank
    assert (home / "data" / "demo" / "demo.cwb").is_file()  # built from resources/demo
    # The same window from the source tree, in the same conditions: any missing font, catalogue
    # or demo file in the bundle would change the picture.
    reference = tmp_path / "source.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "CASE_WORKBENCH_DATA_DIR": str(tmp_path / "data"),
           "CASE_WORKBENCH_SETTINGS_DIR": str(tmp_path / "settings")}
    subprocess.run([sys.executable, "-m", "workbench", "--language", "zh_CN", "--screenshot",
                    str(reference)], env=env, check=True, capture_output=True, timeout=120)
    with Image.open(reference) as picture:
        difference = ImageChops.difference(bundled, picture.convert("RGB")).convert("L")
    changed = sum(difference.point(lambda level: 255 if level > 8 else 0).histogram()[255:])
    assert changed < 0.01 * 1400 * 900, f"{changed} pixels differ from the source tree's window"


def test_the_bundled_commands_work_on_the_demo(app_folder, home, screenshot):
    demo_file = home / "data" / "demo" / "demo.cwb"
    info = json.loads(ok(run(app_folder, home, "info", str(demo_file), "--json")))
    with (DEMO / "demo.toml").open("rb") as handle:
        assert info["counts"]["sources"] == len(tomllib.load(handle)["sources"])
    assert info["counts"]["codings"] > 0
    words = ok(run(app_folder, home, "words", str(demo_file), "--top", "5", "--json"))
    assert json.loads(words)  # jieba's dictionary and the stopword lists
    ok(run(app_folder, home, "diagram", str(demo_file), "--out", str(home / "paths.png")))
    with Image.open(home / "paths.png") as figure:  # matplotlib with its data and a CJK font
        assert figure.width > 1000
    ok(run(app_folder, home, "report", str(demo_file), "--out", str(home / "report.docx")))
    assert (home / "report.docx").stat().st_size > 10_000  # python-docx's template
    ok(run(app_folder, home, "framework", str(demo_file), "--export", str(home / "codes.qdc")))
    assert b"<CodeBook" in (home / "codes.qdc").read_bytes()  # checked against Codebook.xsd


def test_the_bundle_imports_text_and_reads_screenshots_offline(app_folder, home):
    study = home / "study.cwb"
    ok(run(app_folder, home, "new", str(study), "--title", "打包测试"))
    ok(run(app_folder, home, "import", str(study), str(DEMO / "sources")))
    ok(run(app_folder, home, "import", str(study), str(DEMO / "screenshots" / "portal-2016.png"),
           "--ocr"))
    hits = json.loads(ok(run(app_folder, home, "search", str(study), "江临市", "--json")))
    assert "portal-2016" in {hit["title"] for hit in hits}, hits  # read by the OCR models


def test_install_script_registers_the_menu_entry_and_project_type(app_folder, home):
    data = home / "xdg"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    result = subprocess.run(["bash", str(app_folder / "install.sh")], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entry = (data / "applications" / "case-workbench.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app_folder / "case-workbench"}" %f' in entry
    assert "MimeType=application/x-case-workbench;" in entry
    assert (data / "mime" / "packages" / "case-workbench.xml").is_file()
    assert (data / "icons" / "hicolor" / "512x512" / "apps" / "case-workbench.png").is_file()
    assert (home / ".local" / "bin" / "case-workbench").resolve() == (
        app_folder / "case-workbench").resolve()
    if shutil.which("update-mime-database"):  # shared-mime-info accepted our XML
        globs = (data / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-case-workbench:*.cwb" in globs
    if shutil.which("gio"):  # GLib (file managers) now names a .cwb file by our type
        project = home / "named.cwb"
        ok(run(app_folder, home, "new", str(project)))
        shown = subprocess.run(["gio", "info", "-a", "standard::content-type", str(project)],
                               env=env, capture_output=True, text=True).stdout
        assert "application/x-case-workbench" in shown, shown
    if shutil.which("desktop-file-validate"):  # the entry as written, with its quoted path
        result = subprocess.run(["desktop-file-validate",
                                 str(data / "applications" / "case-workbench.desktop")],
                                capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    result = subprocess.run(["bash", str(app_folder / "install.sh"), "--uninstall"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (data / "applications" / "case-workbench.desktop").exists()
    assert not list((data / "icons").rglob("case-workbench.png"))
    assert not (home / ".local" / "bin" / "case-workbench").exists()
