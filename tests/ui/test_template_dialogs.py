"""Framework templates in the window: add one (bundled, the user's own, or from a file), and save
the project's framework as a template that the add dialog then lists."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox  # noqa: E402

from workbench.core.frameworks import load_template  # noqa: E402
from workbench.demo import DATA_DIR_ENV  # noqa: E402
from workbench.ui import codebook_actions  # noqa: E402
from workbench.ui.template_dialogs import (AddTemplateDialog, SaveTemplateDialog,  # noqa: E402
                                           template_html, user_templates_folder)

pytestmark = pytest.mark.usefixtures("english", "qapp")  # runs alone too

ACCEPTED = QDialog.DialogCode.Accepted


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def messages(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    return said


def test_add_framework_from_the_bundled_toe_template(study, monkeypatch, messages):
    p = study.project

    def choose(dialog):
        assert "toe" in dialog.ids() and "joined-up-government" in dialog.ids()
        assert dialog.select_id("toe")
        assert "技术—组织—环境" in dialog.details.toPlainText()  # the project's language
        assert "Tornatzky" in dialog.details.toPlainText()  # references
        return ACCEPTED

    monkeypatch.setattr(AddTemplateDialog, "exec", choose)
    before = len(p.elements.list())
    added = codebook_actions.add_framework_from_template(None, p)
    names = [e.path for e in p.elements.list()]
    assert "技术/相对优势" in names and len(names) == before + len(added)
    assert "{added}" not in messages[-1] and str(len(added)) in messages[-1]
    p.undo()
    assert len(p.elements.list()) == before


def test_cancelling_adds_nothing(study, monkeypatch):
    monkeypatch.setattr(AddTemplateDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    assert codebook_actions.add_framework_from_template(None, study.project) is None
    assert len(study.project.elements.list()) == 5


def test_save_as_template_then_it_is_listed(study, monkeypatch, messages, qtbot, data_dir):
    p = study.project
    p.elements.update(study.tech, definition="以技术推动协同")

    def fill(dialog):
        assert dialog.id_edit.text() == "my-framework"  # a Chinese title gives no slug
        dialog.id_edit.setText("坏 id")  # not a template id: cannot be saved
        assert not dialog.ok_button.isEnabled()
        dialog.id_edit.setText("smart-gov")
        dialog.name_zh.setText("智慧政府框架")
        dialog.name_en.setText("Smart government")
        dialog.description.setPlainText("由本研究修订")
        assert dialog.ok_button.isEnabled()
        return ACCEPTED

    offered = []
    monkeypatch.setattr(SaveTemplateDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, default, _f: offered.append(default) or (default, ""))
    path = codebook_actions.save_framework_as_template(None, p)
    assert Path(offered[0]) == user_templates_folder() / "smart-gov.toml" == path
    assert user_templates_folder() == data_dir / "frameworks"
    template = load_template(path)
    assert template.id == "smart-gov" and template.name.en == "Smart government"
    assert [item.name.zh for item, _ in template.walk()][:2] == ["技术与政策驱动", "技术驱动"]
    assert "lists it from now on" in messages[-1]

    dialog = AddTemplateDialog(p)
    qtbot.addWidget(dialog)
    assert "smart-gov" in dialog.ids()
    dialog.select_id("smart-gov")
    assert dialog.list.currentItem().text() == "智慧政府框架 (yours)"
    assert "以技术推动协同" in dialog.details.toPlainText()


def test_a_template_from_any_file(study, tmp_path, monkeypatch, qtbot, messages):
    from workbench.core.frameworks import save_template
    from workbench.exchange.template_from_project import template_from_project
    elsewhere = tmp_path / "shared.toml"
    save_template(template_from_project(study.project, "shared", "共享", "Shared"), elsewhere)
    (user_templates_folder()).mkdir(parents=True)
    (user_templates_folder() / "broken.toml").write_text("id = [", encoding="utf-8")
    dialog = AddTemplateDialog(study.project)
    qtbot.addWidget(dialog)
    assert "shared" not in dialog.ids()  # and the broken file is left out quietly
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(elsewhere), ""))
    dialog.choose_file()
    assert dialog.template().id == "shared"
    broken = tmp_path / "bad.toml"
    broken.write_text("name = 3", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    dialog.choose_file()
    assert dialog.template().id == "shared" and "bad.toml" in messages[-1]


def test_template_html_escapes_and_nests(study):
    from workbench.core.frameworks import load_template as load
    html = template_html(load("toe"), "en")
    assert "<b>Technology</b>" in html and html.count("<ul>") > 3
