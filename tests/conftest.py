"""Fixtures shared by every test folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import png_bytes
from workbench.core import Project


def pytest_configure(config):
    """Child processes (the command-line tests run ``python -m workbench`` hundreds of times)
    would compile every module of the package from source again where the environment forbids
    writing bytecode (PYTHONDONTWRITEBYTECODE). The package is compiled once here, into its
    usual (git-ignored) ``__pycache__``, as an installed app has its modules compiled; the
    children only read it. They never write bytecode themselves: two children compiling one
    module at the same moment can leave a half-written file that the next one cannot read
    ("marshal data too short")."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "workbench"), quiet=2)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path_factory, monkeypatch):
    """Every test gets its own data folder (backups, the memory of known project files, the
    demo) and settings folder, never the real user's; child processes inherit them."""
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.setenv("CASE_WORKBENCH_SETTINGS_DIR",
                       str(tmp_path_factory.mktemp("user-settings")))


@pytest.fixture
def project(tmp_path):
    """A new project with two elements, a Chinese text source (with 𠮷) and an image."""
    p = Project.create(tmp_path / "study.cwb", title="测试项目", coder="alice")
    p.elements.add("技术赋能", color="#4E79A7")
    p.elements.add("组织协同", color="#F28E2B")
    p.sources.add(kind="text", title="新闻一", data="江临市𠮷推进一网通办。\nSecond line.".encode(),
                  text="江临市𠮷推进一网通办。\nSecond line.", date="2018-05-01")
    p.sources.add(kind="image", title="门户截图", data=png_bytes(), media_type="image/png",
                  width=120, height=80)
    yield p
    if p._db.conn is not None:
        p.close()
