"""Fixtures for the command-line tests (helpers are in cli_helpers.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from workbench.core import Project

# The test modules and this file share cli_helpers.py; make it importable whatever --import-mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_helpers import TEXT, make_docx, make_png  # noqa: E402


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "material"
    folder.mkdir()
    text = folder / "报告.txt"
    text.write_text(TEXT, encoding="utf-8")
    docx_file = make_docx(folder / "plan.docx", ["关于推进政务数据共享的实施方案", "第一条 总则。"])
    png = make_png(folder / "shot.png")
    broken = folder / "broken.docx"
    broken.write_bytes(b"this is not a zip archive at all")
    return {"txt": text, "docx": docx_file, "png": png, "broken": broken, "folder": folder}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project made through the API (faster than a subprocess), closed again."""
    path = tmp_path / "study.cwb"
    Project.create(path, title="城市研究", coder="张三").close()
    return path


@pytest.fixture
def coded_project(project: Path, files: dict[str, Path]) -> dict:
    """A project with the text and the image imported and two elements, via the API."""
    with Project.open(project) as p:
        report = p.import_files([files["txt"], files["png"]])
        assert not report.refused, report.refused
        text_id = next(s.id for s in report.imported if s.kind == "text")
        image_id = next(s.id for s in report.imported if s.kind == "image")
        parent = p.elements.add("技术驱动")
        p.elements.add("数据共享平台", parent_id=parent.id)
        p.elements.add("组织协同")
    return {"path": project, "text_id": text_id, "image_id": image_id}
