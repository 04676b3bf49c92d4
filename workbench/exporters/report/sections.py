"""The report's sections. Each takes a :class:`Context` and writes its heading, text, tables and
figures; a section with nothing to say writes a sentence saying so rather than an empty table."""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .counts import (Facts, case_by_element, element_by_period, element_by_source_type,
                     sources_by_type_and_period)
from .styles import Numbering, body, paragraph
from .tables import crosstab_table, three_line_table

if TYPE_CHECKING:
    from docx.document import Document

    from ...core import Coding, Project

CASE_COLUMNS_MAX = 8  # more elements than this: the case table is printed elements × cases


@dataclass
class Context:
    project: "Project"
    doc: "Document"
    language: str
    words: dict[str, str]
    facts: Facts
    numbering: Numbering
    pages: object  # callable (source_id, offset) -> page or None
    quotes: dict[int, "Coding"] = field(default_factory=dict)

    @property
    def zh(self) -> bool:
        return self.language == "zh"


def study(ctx: Context) -> None:
    w, info, doc = ctx.words, ctx.project.info(), ctx.doc
    doc.add_heading(w["study"], level=1)
    body(doc, f"{w['title']}{'：' if ctx.zh else ': '}{info.title}")
    if info.research_question:
        body(doc, f"{w['question']}{'：' if ctx.zh else ': '}{info.research_question}")
    if info.description:
        body(doc, info.description)
    counts = ctx.project.counts()
    body(doc, w["counts"].format(sources=counts.get("sources", 0),
                                 elements=counts.get("elements", 0),
                                 codings=counts.get("codings", 0),
                                 interactions=counts.get("interactions", 0)))
    if ctx.facts.sources:
        crosstab_table(doc, ctx.numbering, w["sources_table"], w["source_type"],
                       sources_by_type_and_period(ctx.facts), w["total"])


def codebook(ctx: Context) -> None:
    w = ctx.words
    ctx.doc.add_heading(w["codebook"], level=1)
    rows = [[e.path.replace("/", " / "), e.definition, e.inclusion, e.exclusion, e.example]
            for e in ctx.facts.elements]
    three_line_table(ctx.doc, ctx.numbering, w["codebook_table"],
                     [w["element"], w["definition"], w["inclusion"], w["exclusion"],
                      w["example"]], rows, widths_cm=(2.6, 3.6, 2.8, 2.8, 2.8))


def frequencies(ctx: Context) -> None:
    w, doc, facts = ctx.words, ctx.doc, ctx.facts
    doc.add_heading(w["frequencies"], level=1)
    crosstab_table(doc, ctx.numbering, w["by_type"], w["element"],
                   element_by_source_type(facts), w["total"])
    crosstab_table(doc, ctx.numbering, w["by_period"], w["element"],
                   element_by_period(facts), w["total"])
    if facts.cases:
        cases = case_by_element(facts)
        if len(cases.columns) > CASE_COLUMNS_MAX:
            crosstab_table(doc, ctx.numbering, w["by_case_t"], w["element"],
                           cases.transposed(), w["total"])
        else:
            crosstab_table(doc, ctx.numbering, w["by_case"], w["case"], cases, w["total"])


def citation(ctx: Context, coding: "Coding") -> str:
    """（资料标题，2018-05-01，第3页） / (Title, 2018-05-01, p. 3)"""
    source = ctx.facts.sources[coding.source_id]
    parts = [source.title]
    if source.date:
        parts.append(source.date)
    page = coding.page if coding.page is not None else ctx.pages(coding.source_id, coding.start)
    if page is not None:
        parts.append(ctx.words["page"].format(page=page))
    return f"（{'，'.join(parts)}）" if ctx.zh else f" ({', '.join(parts)})"


def quote_text(ctx: Context, coding: "Coding") -> str:
    if coding.rect is not None and not coding.snippet:
        r = coding.rect
        return "[" + ctx.words["region"].format(x=r.x, y=r.y, w=r.width, h=r.height) + "]"
    text = " ".join((coding.snippet or "").split())
    return f"“{text}”"


def quotes(ctx: Context) -> None:
    w, doc, facts = ctx.words, ctx.doc, ctx.facts
    doc.add_heading(w["quotes"], level=1)
    by_element: dict[int, dict[str | None, list]] = defaultdict(lambda: defaultdict(list))
    for coding in facts.codings:
        by_element[coding.element_id][facts.period_of_source[coding.source_id]].append(coding)
    order = [*facts.periods, None]
    for element, label in zip(facts.elements, facts.element_labels()):
        doc.add_heading(label, level=2)
        groups = by_element.get(element.id)
        if not groups:
            body(doc, w["no_quotes"])
            continue
        for period in order:
            if period not in groups:
                continue
            if facts.periods:
                doc.add_heading(period or w["undated"], level=3)
            for coding in sorted(groups[period],
                                 key=lambda c: (facts.sources[c.source_id].date or "", c.id)):
                paragraph(doc, quote_text(ctx, coding) + citation(ctx, coding), "Quote")
                if coding.page is not None:
                    region_picture(ctx, coding)


def interactions(ctx: Context) -> None:
    w, doc, project = ctx.words, ctx.doc, ctx.project
    doc.add_heading(w["interactions"], level=1)
    items = project.interactions.list()
    if not items:
        body(doc, w["no_interactions"])
        return
    rows = [[i.from_name, i.to_name, i.type_name, "+" if i.sign > 0 else "−",
             i.period or w["whole"], len(i.evidence)] for i in items]
    three_line_table(doc, ctx.numbering, w["interaction_table"],
                     [w["from"], w["to"], w["type"], w["sign"], w["period"], w["evidence"]],
                     rows, numeric=(3, 5))
    codings = {c.id: c for c in ctx.facts.codings}
    for number, item in enumerate(items, start=1):
        arrow = f"{item.from_name} → {item.to_name}（{item.type_name}，{item.period or w['whole']}）" \
            if ctx.zh else f"{item.from_name} → {item.to_name} ({item.type_name}, " \
                           f"{item.period or w['whole']})"
        doc.add_heading(f"{number}. {arrow}" if not ctx.zh else f"{number}．{arrow}", level=2)
        if item.note:
            body(doc, item.note)
        evidence = [codings[c] for c in item.evidence if c in codings]
        if not evidence:
            body(doc, w["no_evidence"])
        for coding in evidence:
            paragraph(doc, quote_text(ctx, coding) + citation(ctx, coding), "Quote")


def diagrams(ctx: Context) -> None:
    from .figures import add_figure, frequency_bars, path_figures

    w, doc = ctx.words, ctx.doc
    doc.add_heading(w["diagrams"], level=1)
    whole, multiples = path_figures(ctx.project, ctx.language)
    title = ctx.project.info().title or w["report"]
    if whole is None:
        body(doc, w["no_interactions"])
    else:
        add_figure(doc, ctx.numbering, whole, w["path"].format(title=title))
    if multiples is not None:
        add_figure(doc, ctx.numbering, multiples, w["multiples"])
    if ctx.facts.codings:
        add_figure(doc, ctx.numbering, frequency_bars(ctx.facts, w["frequency"]), w["bars"])


def region_picture(ctx: Context, coding: "Coding") -> None:
    """A coded region of a PDF's page as the picture it is, under its quote: at its size on the
    page (up to the text column's width)."""
    from docx.shared import Cm

    from ...core.pdf_regions import region_png
    from .styles import text_width_cm

    picture = region_png(ctx.project, coding)
    if picture is None:
        return
    width_cm = min(text_width_cm(), coding.rect.width / 72 * 2.54)
    ctx.doc.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=Cm(width_cm))
