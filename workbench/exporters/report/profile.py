"""The study's frame in the report: the periods with their date ranges and the memos that justify
them (分期依据), a case profile table with the cases' attributes, the feedback loops of the path
diagram (R/B, the period of each link, a loop across periods marked), and the project's memos
when asked for."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .styles import body, paragraph
from .tables import note_line, three_line_table

if TYPE_CHECKING:
    from .sections import Context


def period_basis(ctx: "Context", name: str) -> str:
    """The memos that justify a period: project memos whose title names it (“分期依据：整合期”,
    “整合期”) — periods have no memos of their own."""
    found = [m.body.strip() for m in ctx.project.memos.list("project")
             if name in (m.title or "") and m.body.strip()]
    return " ".join(found)


def periods_table(ctx: "Context") -> None:
    w = ctx.words
    periods = ctx.project.periods.list()
    if not periods:
        return
    rows = []
    dash = "—" if ctx.zh else "–"
    for p in periods:
        span = f"{p.start_date or ''}{dash}{p.end_date or ''}"
        sources = sum(1 for s in ctx.facts.period_of_source.values() if s == p.name)
        rows.append([p.name, span, sources, period_basis(ctx, p.name)])
    general = basis_lines(ctx)
    if any(row[3] for row in rows):
        three_line_table(ctx.doc, ctx.numbering, w["periods_table"],
                         [w["period"], w["span"], w["sources_n"], w["basis"]], rows,
                         numeric=(2,), note=False)
    else:  # no memo about one period: no empty column
        three_line_table(ctx.doc, ctx.numbering, w["periods_table"],
                         [w["period"], w["span"], w["sources_n"]], [r[:3] for r in rows],
                         numeric=(2,), note=False)
    if general:
        note_line(ctx.doc, w["note"] + " ".join(general))
    ctx.doc.add_paragraph()


def basis_lines(ctx: "Context") -> list[str]:
    """Lines of the project's memos that give the basis of the periods (“分期依据：…”)."""
    found = []
    for memo in ctx.project.memos.list("project"):
        for line in memo.body.splitlines():
            line = line.strip()
            if line.startswith(("分期依据", "Periodisation", "Periodization", "Basis of the")):
                found.append(line)
    return found


def case_profile(ctx: "Context") -> None:
    w = ctx.words
    cases = ctx.project.cases.list()
    if not cases:
        return
    attributes = [a.name for a in ctx.project.cases.attributes()]
    per_case = {c.id: 0 for c in cases}
    for coding in ctx.facts.codings:
        for name in ctx.facts.sources[coding.source_id].cases:
            for c in cases:
                if c.name == name:
                    per_case[c.id] += 1
    rows = [[c.name, *(c.attributes.get(a, "") for a in attributes), len(c.source_ids),
             per_case[c.id], c.description] for c in cases]
    three_line_table(ctx.doc, ctx.numbering, w["case_profile"],
                     [w["case"], *attributes, w["sources_n"], w["codings_n"], w["description"]],
                     rows, numeric=range(1 + len(attributes), 3 + len(attributes)))


def loops(ctx: "Context") -> None:
    """The feedback loops found, R (reinforcing) or B (balancing), each link with its period."""
    from ...analysis.paths import feedback_loops, path_graph

    w = ctx.words
    graph = path_graph(ctx.project)
    found = feedback_loops(graph)
    if not found:
        return
    names = {e.id: e.name for e in ctx.facts.elements}
    by_id = {i.id: i for i in ctx.project.interactions.list()}
    rows = []
    for n, loop in enumerate(found, start=1):
        links, periods = [], []
        for a, key in zip(loop.nodes, loop.edges):
            item = by_id[key]
            period = item.period or w["whole"]
            periods.append(item.period)
            links.append(f"{names.get(a, a)}→{names.get(item.to_element_id, '')}"
                         f"（{'+' if item.sign > 0 else '−'}，{period}）" if ctx.zh else
                         f"{names.get(a, a)}→{names.get(item.to_element_id, '')} "
                         f"({'+' if item.sign > 0 else '−'}, {period})")
        mixed = len({p for p in periods}) > 1
        rows.append([f"{loop.kind}{n}", w["reinforcing"] if loop.kind == "R" else w["balancing"],
                     ("；" if ctx.zh else "; ").join(links),
                     w["across_periods"] if mixed else (periods[0] or w["whole"])])
    three_line_table(ctx.doc, ctx.numbering, w["loops_table"],
                     [w["loop"], w["loop_kind"], w["links"], w["period"]], rows, note=False)
    note_line(ctx.doc, w["loops_note"])
    ctx.doc.add_paragraph()


def memos(ctx: "Context") -> None:
    """The project's memos, grouped by what they are about, when the user asks for them."""
    w = ctx.words
    ctx.heading(w["memos"], level=1)
    items = ctx.project.memos.list()
    if not items:
        body(ctx.doc, w["no_memos"])
        return
    for memo in sorted(items, key=lambda m: (m.target_kind, m.created, m.id)):
        title = memo.title or w["untitled"]
        when = (memo.modified or memo.created or "")[:10]
        paragraph(ctx.doc, f"{title}（{w['kind_' + memo.target_kind]}，{when}）" if ctx.zh
                  else f"{title} ({w['kind_' + memo.target_kind]}, {when})", "Body Text").runs[0]\
            .bold = True
        for line in memo.body.splitlines():
            if line.strip():
                body(ctx.doc, line.strip())
