"""The path-diagram part: nodes and arrows from the project, dragging saves one undo step, layouts,
periods, evidence of a clicked arrow, feedback loops, and exports that use the layout on screen."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from helpers import sql_statements  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.exporters import diagram as figures  # noqa: E402
from workbench.ui.diagram_panel import DiagramPanel  # noqa: E402
from workbench.ui.diagram_scene import UNIT, to_units  # noqa: E402

TEXT = ("市政府推进政务云建设，技术赋能各部门协同办公。"
        "出台数据共享管理办法，政策驱动跨部门协同。"
        "协同平台上线后，一网通办服务供给明显改善。"
        "群众满意度提高又反过来推动技术升级。"
        "服务需求激增也给部门协同带来了新的压力。")


@dataclass
class PathStudy:
    project: Project
    tech: int
    policy: int
    coop: int
    service: int
    links: dict[str, int]  # name → interaction id
    codings: list[int]


def _quote(source_text: str, phrase: str) -> tuple[int, int]:
    start = source_text.index(phrase)
    return start, start + len(phrase)


def make_path_study(folder) -> PathStudy:
    """Four elements; an R loop 技术赋能→组织协同→服务供给→技术赋能, a B loop 组织协同⇄服务供给,
    and two parallel arrows 政策驱动→技术赋能 (one without evidence)."""
    p = Project.create(folder / "path.cwb", title="动态路径", language="zh", coder="张三")
    tech = p.elements.add("技术赋能", color="#4E79A7").id
    policy = p.elements.add("政策驱动", color="#F28E2B").id
    coop = p.elements.add("组织协同", color="#59A14F").id
    service = p.elements.add("服务供给", color="#EDC948").id
    dates = ("2016-05-01", "2017-03", "2020-08-15", "2021", "2021-11-02")
    sentences = [s + "。" for s in TEXT.split("。") if s]
    codings = []
    for sentence, date, element in zip(sentences, dates, (tech, policy, coop, service, coop)):
        source = p.sources.add(kind="text", title=f"新闻报道{date[:4]}", data=sentence.encode(),
                               text=sentence, file_name=f"{date}.txt", date=date)
        codings.append(p.codings.code_text(source.id, 0, len(sentence) - 1, element).id)
    early = p.periods.add("探索期", "2015", "2018").id
    late = p.periods.add("深化期", "2019", "2022").id
    add = p.interactions.add
    links = {
        "tech_coop": add(tech, coop, "promotes", period_id=early, evidence=codings[:2]).id,
        "policy_tech": add(policy, tech, "promotes", period_id=early, evidence=[codings[1]]).id,
        "policy_tech_minus": add(policy, tech, "constrains").id,  # no evidence, undated
        "coop_service": add(coop, service, "promotes", period_id=late, evidence=[codings[2]]).id,
        "service_tech": add(service, tech, "positive feedback", period_id=late,
                            evidence=[codings[3]]).id,
        "service_coop": add(service, coop, "negative feedback", period_id=late,
                            evidence=[codings[4], codings[2]]).id,
    }
    return PathStudy(p, tech, policy, coop, service, links, codings)


@pytest.fixture
def study(tmp_path):
    s = make_path_study(tmp_path)
    yield s
    s.project.close()


@pytest.fixture
def panel(qtbot, study):
    widget = DiagramPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.set_project(study.project)
    study.project.subscribe(widget.refresh)  # what the main window does
    return widget


def _flat(positions):
    """{id: (x, y)} as a flat dict pytest.approx can compare."""
    return {(node, axis): value for node, point in positions.items()
            for axis, value in zip("xy", point)}


def _path_points(edge):
    path = edge.shaft
    return [(round(path.elementAt(i).x, 1), round(path.elementAt(i).y, 1))
            for i in range(path.elementCount())]


def test_one_box_per_element_and_one_arrow_per_interaction(panel, study):
    scene = panel.scene
    assert set(scene.nodes) == {study.tech, study.policy, study.coop, study.service}
    assert set(scene.edges) == set(study.links.values())
    a, b = scene.edges[study.links["policy_tech"]], scene.edges[study.links["policy_tech_minus"]]
    assert _path_points(a) != _path_points(b)  # parallel interactions are separate arcs
    assert scene.nodes[study.tech].name == "技术赋能"
    tip = b.head.at(0)  # the head ends on the border of the target box, not at its centre
    assert scene.nodes[study.tech].contains_point(tip, 1.5)
    assert not scene.nodes[study.tech].contains_point(tip, -2.0)


def test_dragging_a_node_saves_all_positions_in_one_undo_step(panel, study):
    project = study.project
    before = panel.shown_positions()
    node = panel.scene.nodes[study.coop]
    node.setPos(node.pos() + QPointF(2 * UNIT, UNIT))
    panel.save_positions()  # what the scene's release (nodesDropped) calls
    saved = project.diagrams.positions()
    assert set(saved) == set(before)
    x, y = before[study.coop]
    assert saved[study.coop] == pytest.approx((x + 2, y - 1))
    assert project.undo_label() == "Move diagram nodes"
    project.undo()
    assert project.diagrams.positions() == {}
    # the scene followed the undo
    assert _flat(panel.shown_positions()) == pytest.approx(_flat(before))


def test_a_mouse_drag_on_the_view_saves_once(panel, study, qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    panel.show()
    qtbot.waitExposed(panel)
    view, node = panel.view, panel.scene.nodes[study.service]
    start = view.mapFromScene(node.pos())
    steps = []
    study.project.subscribe(lambda change: steps.append(change.label))

    def send(kind, point, buttons):
        event = QMouseEvent(kind, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
                            Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)

    send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for dx in (10, 30, 60):
        send(QEvent.Type.MouseMove, start + QPoint(dx, 20), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, start + QPoint(60, 20), Qt.MouseButton.NoButton)
    qtbot.waitUntil(lambda: steps == ["Move diagram nodes"], timeout=2000)
    saved = study.project.diagrams.positions()
    assert _flat(saved) == pytest.approx(_flat(panel.shown_positions()))


def test_apply_layout_saves_positions(panel, study):
    panel.method.setCurrentIndex(panel.method.findData("circular"))
    panel.apply_layout()
    saved = study.project.diagrams.positions()
    assert set(saved) == set(panel.scene.nodes)
    assert _flat(saved) == pytest.approx(_flat(panel.shown_positions()))
    assert study.project.undo_label() == "Move diagram nodes"


def test_period_selector_shows_that_periods_arrows_on_the_same_places(panel, study):
    before = panel.shown_positions()
    panel.set_period("探索期")
    assert set(panel.scene.edges) == {study.links["tech_coop"], study.links["policy_tech"]}
    assert panel.shown_positions() == before
    assert not panel.scene.nodes[study.service].active  # greyed: no part in this period
    panel.set_period(None)
    assert len(panel.scene.edges) == len(study.links)


def test_clicking_an_arrow_emits_its_id_and_lists_its_quotes(panel, study, qtbot):
    interaction = study.links["service_coop"]
    with qtbot.waitSignal(panel.interactionActivated) as signal:
        panel.scene.edges[interaction].mousePressEvent(_press())
    assert signal.args == [interaction]
    assert panel.evidence.coding_ids() == [study.codings[2], study.codings[4]]
    first = panel.evidence.list.item(0).text()
    assert "协同平台上线后" in first and "2020-08-15" in first
    with qtbot.waitSignal(panel.codingActivated) as opened:
        panel.evidence.list.itemClicked.emit(panel.evidence.list.item(0))
    assert opened.args == [study.codings[2]]


def test_loops_list_one_reinforcing_and_one_balancing_loop(panel, study):
    kinds = sorted(loop.kind for loop in panel.loops.loops)
    assert kinds == ["B", "R"]
    balancing = next(i for i, loop in enumerate(panel.loops.loops) if loop.kind == "B")
    panel.loops.list.setCurrentRow(balancing)
    assert panel.scene.highlighted_edges() == {study.links["coop_service"],
                                               study.links["service_coop"]}
    assert panel.loops.list.item(balancing).text() == "组织协同 → 服务供给 → 组织协同"
    panel.loops.list.setCurrentRow(-1)
    assert panel.scene.highlighted_edges() == set(study.links.values())


def test_export_svg_from_the_menu_keeps_chinese_names(panel, tmp_path, monkeypatch):
    target = tmp_path / "figure.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "SVG vector figure (*.svg)"))
    panel.export_action.trigger()
    text = target.read_text(encoding="utf-8")
    assert "技术赋能" in text and "服务供给" in text


def test_exported_png_is_drawn_with_the_positions_on_screen(panel, study, tmp_path, monkeypatch):
    node = panel.scene.nodes[study.policy]
    node.setPos(node.pos() + QPointF(-UNIT, 1.5 * UNIT))
    panel.save_positions()
    used = {}

    def spy(graph, positions=None, **options):
        used.update(positions)
        return draw(graph, positions, **options)

    draw = figures.draw_path_diagram
    monkeypatch.setattr(figures, "draw_path_diagram", spy)
    panel.export_figure(str(tmp_path / "figure.png"))
    assert (tmp_path / "figure.png").stat().st_size > 10_000
    assert _flat(used) == pytest.approx(_flat(study.project.diagrams.positions()))
    assert used[study.policy] == pytest.approx(to_units(panel.scene.nodes[study.policy].pos()))


def test_stage_by_stage_and_graph_exports(panel, tmp_path, monkeypatch):
    answers = iter([(str(tmp_path / "stages"), "PDF (*.pdf)"),
                    (str(tmp_path / "graph.gexf"), "GEXF for Gephi (*.gexf)")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: next(answers))
    panel.stages_action.trigger()
    panel.graph_action.trigger()
    assert (tmp_path / "stages.pdf").read_bytes().startswith(b"%PDF")
    assert "技术赋能" in (tmp_path / "graph.gexf").read_text(encoding="utf-8")


def test_timeline_ticks_follow_the_period_and_open_their_coding(panel, study, qtbot):
    dated = {t.coding_id for t in panel.timeline.ticks}
    assert dated == set(study.codings)  # every coding is evidence of a shown interaction
    panel.set_period("探索期")
    assert {t.coding_id for t in panel.timeline.ticks} == {study.codings[0], study.codings[1]}
    panel.timeline.resize(800, 70)
    panel.timeline.grab()  # paints, which places the ticks
    area, tick = panel.timeline._spots[0]
    with qtbot.waitSignal(panel.codingActivated) as opened:
        qtbot.mouseClick(panel.timeline, Qt.MouseButton.LeftButton, pos=area.center().toPoint())
    assert opened.args == [tick.coding_id]


def test_unrelated_changes_do_not_rebuild_and_empty_states_read_well(panel, study, tmp_path):
    scene_items = list(panel.scene.items())
    study.project.memos.add("project", None, title="备忘", body="与图无关")
    assert list(panel.scene.items()) == scene_items
    panel.set_project(None)
    assert not panel.message.isHidden() and not panel.scene.nodes
    empty = Project.create(tmp_path / "empty.cwb", title="空")
    try:
        empty.elements.add("技术赋能")
        panel.set_project(empty)
        assert "Record interactions" in panel.message.text()
        panel.show_all.setChecked(True)  # still usable: the elements can be arranged already
        assert len(panel.scene.nodes) == 1
    finally:
        panel.set_project(None)
        empty.close()


@pytest.mark.parametrize("elements, interactions", [(15, 50), (30, 100)])
def test_rebuilding_reads_the_project_in_the_same_few_queries_at_any_size(qtbot, tmp_path,
                                                                         elements,
                                                                         interactions):
    """Twice the elements and interactions: the same statements, one scene item per thing and
    none left from the last build (how fast it is: benchmarks/bench_growth.py)."""
    p = Project.create(tmp_path / "big.cwb", title="大")
    ids = [p.elements.add(f"要素{i:02d}名称").id for i in range(elements)]
    with p.grouped("Add interaction"):
        for i in range(interactions):
            p.interactions.add(ids[i % elements], ids[(i * 7 + 3) % elements],
                               "promotes" if i % 3 else "constrains")
    widget = DiagramPanel()
    qtbot.addWidget(widget)
    widget.set_project(p)
    items = len(widget.scene.items())
    for _ in range(2):
        with sql_statements(p) as statements:
            widget.refresh(None)
        assert len(statements) <= 8, statements  # never one query per element or arrow
        assert len(widget.scene.items()) == items
    assert len(widget.scene.edges) == interactions
    assert len(widget.scene.nodes) == elements
    widget.set_project(None)
    p.close()


def _press():
    from PySide6.QtWidgets import QGraphicsSceneMouseEvent

    event = QGraphicsSceneMouseEvent(QGraphicsSceneMouseEvent.Type.GraphicsSceneMousePress)
    event.setButton(Qt.MouseButton.LeftButton)
    return event
