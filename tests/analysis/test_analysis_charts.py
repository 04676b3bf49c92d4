"""Charts of analysis tables are saved as figures with Chinese labels."""
from __future__ import annotations

from workbench.analysis.tables import Table
from workbench.exporters.charts import bar, heatmap, line, save_figure


def test_bar_heatmap_and_line(tmp_path):
    t = Table(["技术赋能", "组织协同"], ["2018", "2019", "2020"], [[1, 2, 3], [0, 4, 1]],
              [6, 5], [1, 6, 4], 11)
    for name, fig in (("bar.svg", bar(t, title="图1 要素频次")), ("heat.png", heatmap(t)),
                      ("line.pdf", line(t))):
        path = save_figure(fig, tmp_path / name)
        assert path.stat().st_size > 1000
    assert "技术赋能" in (tmp_path / "bar.svg").read_text(encoding="utf-8")
