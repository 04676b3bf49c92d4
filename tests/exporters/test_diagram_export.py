"""Path diagrams: layouts, the drawn figure, and PNG/SVG/PDF files with Chinese names."""
import subprocess
import sys

import pytest

from workbench.analysis.paths import path_graph
from workbench.core import InvalidInputError, Project
from workbench.exporters.diagram import (draw_path_diagram, draw_small_multiples, layout,
                                         save_figure)
from workbench.exporters.diagram_geometry import Geometry, arrow, inside
from workbench.exporters.fonts import cjk_font_name

NAMES = ("技术赋能", "组织协同", "服务供给", "激励与问责")


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "path.cwb", title="路径", coder="alice")
    ids = [p.elements.add(name).id for name in NAMES]
    p.periods.add("起步期", "2012", "2015")
    p.periods.add("深化期", "2016", "2019")
    early, late = (x.id for x in p.periods.list())
    source = p.sources.add(kind="text", title="新闻", data=b"x" * 50, text="x" * 50)
    codings = [p.codings.code_text(source.id, i, i + 2, ids[0]).id for i in range(0, 20, 4)]
    tech, org, service, incentive = ids
    p.interactions.add(tech, org, "promotes", period_id=early, evidence=codings[:2])
    p.interactions.add(tech, org, "supports", period_id=late, evidence=codings)
    p.interactions.add(org, service, "promotes", period_id=late, evidence=codings[:1])
    p.interactions.add(service, org, "negative feedback", period_id=late)
    p.interactions.add(incentive, service, "is a condition of")
    p.interactions.add(service, service, "positive feedback")
    yield p
    p.close()


def test_png_is_a_real_picture_at_print_resolution(study, tmp_path):
    from PIL import Image, ImageStat

    target = save_figure(draw_path_diagram(path_graph(study), title="图1 路径"),
                         tmp_path / "path.png")
    with Image.open(target) as image:
        assert image.info["dpi"][0] == pytest.approx(300, abs=1)
        stat = ImageStat.Stat(image.convert("L"))
        assert stat.var[0] > 200  # not a blank page
        assert image.width > 1000


def test_svg_keeps_the_chinese_names_as_searchable_text(study, tmp_path):
    import matplotlib

    before = matplotlib.rcParams["svg.fonttype"]
    target = save_figure(draw_path_diagram(path_graph(study)), tmp_path / "path.svg")
    svg = target.read_text(encoding="utf-8")
    assert "<text" in svg
    for name in NAMES:
        assert name in svg
    assert matplotlib.rcParams["svg.fonttype"] == before  # saved in a local rc context


def test_pdf_is_a_pdf(study, tmp_path):
    target = save_figure(draw_path_diagram(path_graph(study)), tmp_path / "path.PDF")
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unknown_suffix_or_folder_is_a_clear_error(study, tmp_path):
    figure = draw_path_diagram(path_graph(study))
    with pytest.raises(InvalidInputError, match="path.jpg"):
        save_figure(figure, tmp_path / "path.jpg")
    with pytest.raises(InvalidInputError, match="does not exist"):
        save_figure(figure, tmp_path / "missing" / "path.png")


@pytest.mark.parametrize("method", ["layered", "circular", "force"])
def test_layouts_are_deterministic(study, method):
    first = layout(path_graph(study), method)
    second = layout(path_graph(study), method)
    assert first == second
    assert set(first) == set(path_graph(study).nodes)
    assert len(set(first.values())) == len(first)  # no two boxes on one spot


def test_layered_layout_puts_drivers_left_of_what_they_drive(study):
    ids = {e.name: e.id for e in study.elements.list()}
    positions = layout(path_graph(study))
    assert positions[ids["技术赋能"]][0] < positions[ids["组织协同"]][0]
    assert positions[ids["激励与问责"]][0] < positions[ids["服务供给"]][0]


def test_given_positions_win_and_the_rest_are_placed(study):
    graph = path_graph(study)
    mine = next(iter(graph.nodes))
    positions = layout(graph, "layered", {mine: (10, -3), 999: (1, 1)})
    assert positions[mine] == (10.0, -3.0)
    assert 999 not in positions and len(positions) == graph.number_of_nodes()


def test_an_unknown_layout_is_a_clear_error(study):
    with pytest.raises(InvalidInputError, match="spiral"):
        layout(path_graph(study), "spiral")


def test_arrows_end_on_the_border_of_the_box_they_point_to(study):
    graph = path_graph(study)
    geometry = Geometry.measure(graph, layout(graph), 11)
    for u, v, key in graph.edges(keys=True):
        if u == v:
            continue
        tip = arrow(geometry, u, v, geometry.rads[key])[-1]
        centre, size = geometry.centres[v], geometry.sizes[v]
        assert inside(tip, centre, size, 0.02) and not inside(tip, centre, size, -0.02)
        start = arrow(geometry, u, v, geometry.rads[key])[0]
        assert not inside(start, geometry.centres[u], geometry.sizes[u], -0.02)


def test_parallel_and_opposite_arrows_bend_apart(study):
    graph = path_graph(study)
    geometry = Geometry.measure(graph, layout(graph), 11)
    ids = {e.name: e.id for e in study.elements.list()}
    between = [k for u, v, k in graph.edges(keys=True)
               if {u, v} == {ids["技术赋能"], ids["组织协同"]}]
    assert len(between) == 2 and geometry.rads[between[0]] != geometry.rads[between[1]]


def test_boxes_do_not_overlap(study):
    graph = path_graph(study)
    for method in ("layered", "circular", "force"):
        geometry = Geometry.measure(graph, layout(graph, method), 11)
        nodes = list(geometry.centres)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                (xa, ya), (wa, ha) = geometry.centres[a], geometry.sizes[a]
                (xb, yb), (wb, hb) = geometry.centres[b], geometry.sizes[b]
                assert abs(xa - xb) >= (wa + wb) / 2 or abs(ya - yb) >= (ha + hb) / 2


def test_long_names_wrap(tmp_path):
    with Project.create(tmp_path / "long.cwb", coder="bob") as p:
        a = p.elements.add("跨部门数据共享与业务协同的制度化安排机制").id
        b = p.elements.add("短").id
        p.interactions.add(a, b, "promotes")
        graph = path_graph(p)
        geometry = Geometry.measure(graph, layout(graph), 11)
        assert "\n" in geometry.labels[a] and "\n" not in geometry.labels[b]


def test_small_multiples_draw_one_panel_per_period_plus_the_whole_case(study, tmp_path):
    figure = draw_small_multiples(study, title="图2 分阶段路径")
    assert len(figure.axes) == 3
    assert len(draw_small_multiples(study, ["深化期"], whole_case=False).axes) == 1
    assert save_figure(figure, tmp_path / "stages.png").stat().st_size > 10_000
    with pytest.raises(InvalidInputError):
        draw_small_multiples(study, [], whole_case=False)


def test_an_empty_project_still_draws(tmp_path):
    with Project.create(tmp_path / "empty.cwb", coder="bob") as p:
        target = save_figure(draw_path_diagram(path_graph(p), language="en"),
                             tmp_path / "empty.svg")
        assert "no interactions" in target.read_text(encoding="utf-8")


def test_a_chinese_font_is_found():
    if cjk_font_name() is None:
        pytest.skip("no CJK font on this machine")
    from matplotlib import font_manager
    assert cjk_font_name() in {f.name for f in font_manager.fontManager.ttflist}


def test_importing_the_modules_loads_no_heavy_library():
    script = ("import sys\n"
              "import workbench.analysis.paths, workbench.exporters.diagram\n"
              "import workbench.exchange.graphs, workbench.exchange.codebook\n"
              "heavy = ('matplotlib', 'networkx', 'openpyxl', 'lxml')\n"
              "print([m for m in sys.modules if m.split('.')[0] in heavy])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_element_placed_by_the_method_never_lands_on_a_saved_box(study):
    graph = path_graph(study)
    automatic = layout(graph)
    first, second = list(graph.nodes)[:2]
    # The researcher dragged the first box exactly where the method puts the second one
    # (as happens when an element is added after the diagram was arranged).
    positions = layout(graph, "layered", {first: automatic[second]})
    assert positions[first] == automatic[second]
    x, y = positions[second]
    assert abs(y - automatic[second][1]) >= 0.8 or abs(x - automatic[second][0]) >= 2
    others = [p for n, p in positions.items() if n != second]
    assert all(abs(x - ox) >= 2 or abs(y - oy) >= 0.8 for ox, oy in others)
