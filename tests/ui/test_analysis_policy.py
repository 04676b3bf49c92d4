"""The Policy view of the Analysis tab on the policy-instruments demo: the instrument table by
policy goal and by year, and the joint-issuance network, each with its chart."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench import demo
from workbench.ui.analysis_policy import PolicyView

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy") / "policy.cwb"
    demo.build_demo(path, "zh", demo.demo_folder("policy")).close()
    return path


def test_instruments_and_the_network_are_shown_with_their_charts(qtbot, policy_file, tmp_path):
    import shutil

    from workbench.core import Project

    path = tmp_path / "p.cwb"
    shutil.copy(policy_file, path)
    project = Project.open(path)
    view = PolicyView()
    qtbot.addWidget(view)
    view.set_project(project)
    assert view.dimension.currentText() == "政策目标"
    assert view.headers[:4] == ["Tool type", "Policy instrument", "数据共享", "%"]
    assert view.rows[-1][0] == "Total" and view.rows[-1][-1] == 100.0
    assert "供给型政策工具" in view.summary.text()
    assert view.chart.figure is not None
    view.dimension.setCurrentIndex(view.dimension.findText("Year"))
    assert view.headers[2] == "2017"
    view.what.setCurrentIndex(1)
    assert view.rows[0][0] == "江临市大数据局" and view.rows[0][3] == 4
    assert view.chart.figure is not None and not view.dimension.isVisibleTo(view)
    view.period.setCurrentIndex(view.period.findText("十四五"))
    assert {row[0] for row in view.rows} == {"江临市大数据局", "江临市市场监督管理局"}
    out = tmp_path / "network.xlsx"
    from workbench.ui.analysis_common import write_table

    write_table(out, view.headers, view.rows)
    assert out.stat().st_size > 0
    project.close()


def test_the_outline_shows_the_clauses_and_jumps_to_one(window, qtbot, policy_file, tmp_path):
    import shutil

    from workbench.core import Project

    path = tmp_path / "p.cwb"
    shutil.copy(policy_file, path)
    window.set_project(Project.open(path))
    window.docks["outline"].show()
    window.docks["outline"].raise_()
    source = next(s for s in window.project.sources.list() if s.title.endswith("暂行办法的通知"))
    window.activate_source(source.id)
    qtbot.wait(50)
    outline = window.parts["outline"]
    assert outline.unit_count() >= 10  # three chapters, seven articles
    chapter = outline.tree.topLevelItem(1)
    assert chapter.text(0).startswith("第二章")
    article = chapter.child(1)
    assert article.text(0).startswith("第四条")
    outline.tree.itemClicked.emit(article, 0)
    selected = window.viewer.selected_text()
    assert selected.startswith("第四条 市政府统一建设政务数据共享交换平台")
    assert window.parts["outline"].tree.isVisible()


def test_the_outline_behind_another_tab_reads_nothing_until_it_comes_to_the_front(
        window, qtbot, policy_file, tmp_path, monkeypatch):
    """A dock behind another's tab stays "visible" to Qt (moved off the window): the outline
    read every opened source's clauses there (40–90 ms of opening a long document)."""
    import shutil

    import workbench.analysis.clauses as clauses
    from workbench.core import Project

    path = tmp_path / "p.cwb"
    shutil.copy(policy_file, path)
    window.set_project(Project.open(path))
    qtbot.wait(20)
    outline, read = window.parts["outline"], []
    shown = outline._show_units
    monkeypatch.setattr(outline, "_show_units", lambda source_id, text: read.append(text)
                        or shown(source_id, text))
    original = clauses.clause_tree
    policy = next(s for s in window.project.sources.list() if s.title.endswith("暂行办法的通知"))
    other = next(s for s in window.project.sources.list()
                 if s.id != policy.id and original(window.project.sources.text(s.id)))
    window.activate_source(policy.id)  # the Details tab is in front
    assert read == [] and outline.unit_count() == 0
    window.docks["outline"].raise_()
    qtbot.wait(20)
    assert len(read) == 1 and outline.unit_count() >= 10
    window.docks["details"].raise_()
    qtbot.wait(20)
    window.activate_source(other.id)
    assert len(read) == 1
    window.docks["outline"].raise_()
    qtbot.wait(20)
    assert read[-1] == window.project.sources.text(other.id)
    assert outline.unit_count() == len(list(outline._items(outline.tree.invisibleRootItem())))
    window.activate_source(policy.id)  # in front: read at once
    assert len(read) == 3 and outline.unit_count() >= 10


def test_coded_segments_cite_their_clause(qtbot, policy_file, tmp_path):
    import shutil

    from workbench.core import Project
    from workbench.ui.segments_panel import SegmentsPanel

    path = tmp_path / "p.cwb"
    shutil.copy(policy_file, path)
    with Project.open(path) as project:
        panel = SegmentsPanel()
        qtbot.addWidget(panel)
        panel.set_project(project)
        panel.show_element(project.elements.find("资金投入").id)
        sources = [panel.model.data(panel.model.index(r, 1))
                   for r in range(panel.model.rowCount())]
        assert any(text.endswith("第三章第五条") for text in sources), sources
        assert any(text.endswith("二（一）") for text in sources), sources
        panel.set_project(None)


def test_recognised_policy_details_are_accepted_in_the_window(qtbot, tmp_path):
    from workbench.core import Project
    from workbench.ui.source_form import SourceForm
    from workbench.ui.sources_panel import SourcesPanel

    texts = {"a.txt": "江临市人民政府关于推进数据共享的通知\n江政发〔2021〕7号\n正文。\n江临市人民政府\n2021年3月2日\n",
             "b.txt": "江临市大数据局关于开放数据的通知\n江数据发〔2022〕9号\n正文。\n江临市大数据局\n2022年5月30日\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    project = Project.create(tmp_path / "p.cwb", title="政策")
    report = project.import_files([tmp_path / n for n in texts])
    first, second = (s.id for s in report.imported)
    form = SourceForm()
    qtbot.addWidget(form)
    form.set_project(project)
    project.subscribe(form.refresh)
    form.show_source(first)
    assert not form.policy.isHidden() and "江政发〔2021〕7号" in form.policy_label.text()
    qtbot.mouseClick(form.policy_button, Qt.MouseButton.LeftButton)
    assert project.sources.get(first).document_number == "江政发〔2021〕7号"
    assert form.policy.isHidden()
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.accept_policies([second])
    accepted = project.sources.get(second)
    assert accepted.agency == "江临市大数据局" and accepted.date == "2022-05-30"
    project.close()


def test_agency_spellings_are_merged_from_the_window(qtbot, policy_file, tmp_path):
    import shutil

    from workbench.core import Project
    from workbench.ui.agency_names import AgencyNamesDialog

    path = tmp_path / "p.cwb"
    shutil.copy(policy_file, path)
    with Project.open(path) as project:
        dialog = AgencyNamesDialog(project)
        qtbot.addWidget(dialog)
        dialog.alias.setText("江临市财政局")
        dialog.canonical.setText("江临市大数据局")
        dialog.add_button.click()
        assert project.agencies.aliases() == {"江临市财政局": "江临市大数据局"}
        assert dialog.table.rowCount() == 1
        dialog.table.selectRow(0)
        dialog.remove_button.click()
        assert project.agencies.aliases() == {} and dialog.table.rowCount() == 0
        assert project.undo_label() == "Merge agency names"
