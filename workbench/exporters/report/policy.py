"""The report's policy-text section, written when the project codes policy instruments
(the policy-instruments framework): the instrument × second-dimension table in clauses (the
table Chinese policy-text studies print), the structure of instrument use by tool type, the
instruments by year, and the joint-issuance table of the issuing agencies when sources name
them. Numbers come from ``analysis.instrument_table`` and ``analysis.issuance_network`` — the
same as the window's Analysis ▸ Policy and the CLI print.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .tables import note_line, three_line_table

if TYPE_CHECKING:
    from .sections import Context

WORDS = {
    "zh": {"heading": "政策工具分析", "by": "政策工具 × {name} 分布（条款数）",
           "by_year": "政策工具年度分布（条款数）", "structure": "政策工具结构",
           "type": "工具类型", "tool": "政策工具", "clauses": "条款数", "share": "占比（%）",
           "total": "合计",
           "unit_note": "注：以条款为分析单元，同一条款多处编码只计一次；占比为该行条款数占条款总数的比例。",
           "agencies": "发文机关联合发文情况", "agency": "发文机关", "documents": "发文数",
           "joint": "联合发文数", "partners": "合作机关数", "weighted": "加权度",
           "betweenness": "中介中心性",
           "agency_note": "注：同一机关的不同写法已合并；加权度为与各合作机关联合发文数之和。"},
    "en": {"heading": "Policy instruments", "by": "Policy instruments by {name} (clauses)",
           "by_year": "Policy instruments by year (clauses)", "structure": "Structure of "
           "instrument use", "type": "Tool type", "tool": "Instrument", "clauses": "Clauses",
           "share": "%", "total": "Total",
           "unit_note": "Note: the clause is the unit; a clause coded several times counts "
                        "once; the share is the row's clauses as a percentage of all clauses.",
           "agencies": "Joint issuance by the agencies", "agency": "Agency",
           "documents": "Documents", "joint": "Joint documents", "partners": "Partners",
           "weighted": "Weighted degree", "betweenness": "Betweenness",
           "agency_note": "Note: spellings of one agency are merged; the weighted degree sums "
                          "the documents issued with each partner."},
}


def applies(ctx: "Context") -> bool:
    from ...analysis.instrument_table import instrument_groups

    return bool(instrument_groups(ctx.project.elements.list()))


def write_policy_section(ctx: "Context") -> None:
    from ...analysis.instrument_table import instrument_groups, instrument_table

    w = WORDS["zh" if ctx.zh else "en"]
    elements = ctx.project.elements.list()
    tools = set(instrument_groups(elements))
    parents = {e.parent_id for e in elements}
    dimensions = [e for e in elements if e.parent_id is None and e.id in parents
                  and e.id not in tools]
    ctx.heading(w["heading"], level=1)
    for dimension in dimensions:  # goals, stages, actors … each one table
        _instrument_table(ctx, w, instrument_table(ctx.project, y_root=dimension.id),
                          w["by"].format(name=dimension.name))
    by_year = instrument_table(ctx.project, y_attribute="year")
    _instrument_table(ctx, w, by_year, w["by_year"])
    three_line_table(ctx.doc, ctx.numbering, w["structure"],
                     [w["type"], w["clauses"], w["share"]],
                     [*([group, count, f"{pct:.1f}"] for group, count, pct in by_year.structure()),
                      [w["total"], by_year.total, "100.0" if by_year.total else ""]],
                     numeric=(1, 2))
    _agencies(ctx, w)


def _instrument_table(ctx: "Context", w: dict, table, caption: str) -> None:
    """Counts per column, then the row's total and its share: a printed page has room for a
    dozen columns, not a share beside every count (the exports keep those)."""
    if not table.total:
        return
    headers = [w["type"], w["tool"], *table.column_labels, w["total"], w["share"]]
    share = (lambda n: f"{100.0 * n / table.total:.1f}")  # noqa: E731
    rows = [[group, label, *cells, total, share(total)]
            for group, label, cells, total in zip(table.groups, table.row_labels, table.cells,
                                                   table.row_totals)]
    rows.append([w["total"], "", *table.column_totals, table.total, "100.0"])
    three_line_table(ctx.doc, ctx.numbering, caption, headers, rows,
                     numeric=range(2, len(headers)), note=False)
    note_line(ctx.doc, w["unit_note"])
    ctx.doc.add_paragraph()


def _agencies(ctx: "Context", w: dict) -> None:
    from ...analysis.issuance_network import build_network

    rows = build_network(ctx.project).table()
    if not rows:
        return
    three_line_table(ctx.doc, ctx.numbering, w["agencies"],
                     [w["agency"], w["documents"], w["joint"], w["partners"], w["weighted"],
                      w["betweenness"]],
                     [[r.agency, r.documents, r.joint_documents, r.partners, r.weighted_degree,
                       f"{r.betweenness:.3f}"] for r in rows], numeric=range(1, 6), note=False)
    note_line(ctx.doc, w["agency_note"])
    ctx.doc.add_paragraph()
