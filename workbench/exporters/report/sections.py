"""The report's sections. Each takes a :class:`Context` and writes its heading, text, tables and
figures; a section with nothing to say writes a sentence saying so rather than an empty table."""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .counts import (Facts, case_by_element, element_by_period, element_by_source_type,
                     sources_by_type_and_period)
from .evidence import Places, cropped_png, reference, region_text, source_ids
from .styles import Numbering, body, paragraph
from .tables import crosstab_table, note_line, three_line_table
from .profile import case_profile, loops, periods_table
from .thesis import Headings, ReportOptions

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
    places: Places  # page and clause of a coding
    quotes: dict[int, "Coding"] = field(default_factory=dict)
    ids: dict[int, str] = field(default_factory=dict)  # source id -> S01 …
    options: ReportOptions = field(default_factory=ReportOptions)
    pictured: set[int] = field(default_factory=set)  # codings whose region is shown
    headings: Headings | None = None

    def __post_init__(self):
        self.ids = source_ids(self.facts.sources.values())
        self.headings = Headings(self.options)

    def heading(self, text: str, level: int):
        return self.headings.add(self.doc, text, level)

    @property
    def zh(self) -> bool:
        return self.language == "zh"


def study(ctx: Context) -> None:
    w, info, doc = ctx.words, ctx.project.info(), ctx.doc
    ctx.heading(w["study"], level=1)
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
        source_list(ctx)
    periods_table(ctx)
    case_profile(ctx)


def source_list(ctx: Context) -> None:
    """资料清单: every source with the ID its quotes cite."""
    w = ctx.words
    rows = []
    for source in sorted(ctx.facts.sources.values(), key=lambda s: s.id):
        where = source.origin_url
        if source.capture_time:
            where = f"{where}（{w['captured']} {source.capture_time[:10]}）" if ctx.zh \
                else f"{where} ({w['captured']} {source.capture_time[:10]})"
        pages = ctx.places.page_count(source)
        rows.append([ctx.ids[source.id], source.title, source.source_type or "", source.agency,
                     source.document_number, source.date or "", where,
                     "" if pages is None else pages])
    headers = [w["source_id"], w["title_short"], w["source_type"], w["agency"],
               w["doc_number"], w["date"], w["url"], w["pages"]]
    keep = [j for j in range(len(headers)) if j < 2 or any(r[j] not in ("", None) for r in rows)]
    three_line_table(ctx.doc, ctx.numbering, w["source_list"], [headers[j] for j in keep],
                     [[r[j] for j in keep] for r in rows],
                     numeric=[i for i, j in enumerate(keep) if j == 7], note=False)
    note_line(ctx.doc, w["source_list_note"])
    ctx.doc.add_paragraph()


def references(ctx: Context) -> None:
    """The sources as a reference list in GB/T 7714-2015 form, in the order of their IDs."""
    w = ctx.words
    ctx.heading(w["references"], level=1)
    for source in sorted(ctx.facts.sources.values(), key=lambda s: s.id):
        paragraph(ctx.doc, f"[{ctx.ids[source.id]}] {reference(source, ctx.zh)}", "Body Text")


def codebook(ctx: Context) -> None:
    w = ctx.words
    ctx.heading(w["codebook"], level=1)
    rows = [[e.path.replace("/", " / "), e.definition, e.inclusion, e.exclusion, e.example]
            for e in ctx.facts.elements]
    three_line_table(ctx.doc, ctx.numbering, w["codebook_table"],
                     [w["element"], w["definition"], w["inclusion"], w["exclusion"],
                      w["example"]], rows, widths_cm=(2.6, 3.6, 2.8, 2.8, 2.8))


def frequencies(ctx: Context) -> None:
    w, doc, facts = ctx.words, ctx.doc, ctx.facts
    ctx.heading(w["frequencies"], level=1)
    crosstab_table(doc, ctx.numbering, w["by_type"], w["element"],
                   element_by_source_type(facts), w["total"], words=w)
    crosstab_table(doc, ctx.numbering, w["by_period"], w["element"],
                   element_by_period(facts), w["total"], words=w)
    if facts.cases:
        cases = case_by_element(facts, with_none=True)
        if len(cases.columns) > CASE_COLUMNS_MAX:
            by_element = cases.transposed()
            by_element.levels = [level for level in element_levels(facts)]
            crosstab_table(doc, ctx.numbering, w["by_case_t"], w["element"], by_element,
                           w["total"], words=w)
        else:
            crosstab_table(doc, ctx.numbering, w["by_case"], w["case"], cases, w["total"],
                           words=w)


def citation(ctx: Context, coding: "Coding") -> str:
    """（S02，2019-05-10，第2页，第三条） / (S02, 2019-05-10, p. 2, 第三条): the source's ID in the
    资料清单, its date, the page (PDF) and clause where known."""
    source = ctx.facts.sources[coding.source_id]
    parts = [ctx.ids.get(coding.source_id, source.title)]
    if source.date:
        parts.append(source.date)
    page = coding.page if coding.page is not None else \
        ctx.places.page(coding.source_id, coding.start)
    if page is not None:
        parts.append(ctx.words["page"].format(page=page))
    clause = ctx.places.clause(coding.source_id, coding.start, coding.end)
    if clause:
        parts.append(clause)
    return f"（{'，'.join(parts)}）" if ctx.zh else f" ({', '.join(parts)})"


def quote_text(ctx: Context, coding: "Coding", *, pictured: bool = True) -> str:
    text = region_text(ctx.project, coding) if coding.rect is not None else \
        " ".join((coding.snippet or "").split())
    if not text and coding.rect is not None:
        if coding.id in ctx.pictured:  # the picture says it; no coordinates in a thesis
            if coding.page is not None:  # a region of a PDF's page, not a screenshot's
                return ctx.words["see_page_picture"]
            return ctx.words["see_picture" if pictured else "region_short"]
        r = coding.rect
        return "[" + ctx.words["region"].format(x=r.x, y=r.y, w=r.width, h=r.height) + "]"
    return f"“{text}”"


def write_quote(ctx: Context, coding: "Coding") -> None:
    """A quote with its citation; a screenshot's region first as the cropped picture (scaled to
    the column, at most its own size at 150 dpi) with its source and capture date under it."""
    if coding.rect is not None:
        add_region_picture(ctx, coding)
    paragraph(ctx.doc, quote_text(ctx, coding) + citation(ctx, coding), "Quote")


def add_region_picture(ctx: Context, coding: "Coding") -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from .evidence import REGION_WIDTH_CM

    data = cropped_png(ctx.project, coding)
    if data is None:
        return
    ctx.pictured.add(coding.id)
    r = coding.rect
    per_inch = 72 if coding.page is not None else 150  # a PDF's points, a screenshot's pixels
    width = min(REGION_WIDTH_CM, r.width / per_inch * 2.54)
    picture = ctx.doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(data), width=Cm(max(width, 1.0)))
    source = ctx.facts.sources[coding.source_id]
    when = (source.capture_time or source.date or "")[:10]
    label = f"{ctx.ids.get(source.id, '')} {source.title}"
    if when:
        label += f"（{ctx.words['captured']} {when}）" if ctx.zh else \
            f" ({ctx.words['captured']} {when})"
    note = note_line(ctx.doc, label)
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.paragraph_format.keep_with_next = True


def quotes(ctx: Context) -> None:
    w, doc, facts = ctx.words, ctx.doc, ctx.facts
    ctx.heading(w["quotes"], level=1)
    by_element: dict[int, dict[str | None, list]] = defaultdict(lambda: defaultdict(list))
    for coding in facts.codings:
        by_element[coding.element_id][facts.period_of_source[coding.source_id]].append(coding)
    order = [*facts.periods, None]
    from ...analysis.rollup import rollup

    rolled = rollup(facts.elements, facts.codings)
    empty = []
    for element, label in zip(facts.ordered, facts.element_labels()):
        groups = by_element.get(element.id)
        if not groups:
            if not rolled[element.id].total:  # a parent of coded elements is not "empty"
                empty.append(label)  # listed once at the end, not a heading each
            continue
        ctx.heading(label, level=2)
        for period in order:
            if period not in groups:
                continue
            if facts.periods:
                ctx.heading(period or w["undated"], level=3)
            for coding in sorted(groups[period],
                                 key=lambda c: (facts.sources[c.source_id].date or "", c.id)):
                write_quote(ctx, coding)
    if empty:
        body(doc, w["no_codings_for"].format(names=("、" if ctx.zh else ", ").join(empty)))


def element_levels(facts: Facts) -> list[int]:
    from ...analysis.rollup import ancestors

    chains = ancestors(facts.elements)
    return [len(chains[e.id]) for e in facts.ordered]


def interactions(ctx: Context) -> None:
    w, doc, project = ctx.words, ctx.doc, ctx.project
    ctx.heading(w["interactions"], level=1)
    items = project.interactions.list()
    if not items:
        body(doc, w["no_interactions"])
        return
    rows = [[i.from_name, i.to_name, i.type_name, "+" if i.sign > 0 else "−",
             i.period or w["whole"], len(i.evidence)] for i in items]
    three_line_table(doc, ctx.numbering, w["interaction_table"],
                     [w["from"], w["to"], w["type"], w["sign"], w["period"], w["evidence"]],
                     rows, numeric=(3, 5))
    loops(ctx)
    codings = {c.id: c for c in ctx.facts.codings}
    for number, item in enumerate(items, start=1):
        arrow = f"{item.from_name} → {item.to_name}（{item.type_name}，{item.period or w['whole']}）" \
            if ctx.zh else f"{item.from_name} → {item.to_name} ({item.type_name}, " \
                           f"{item.period or w['whole']})"
        numbered = arrow if ctx.options.chapter is not None else \
            (f"{number}．{arrow}" if ctx.zh else f"{number}. {arrow}")
        ctx.heading(numbered, level=2)
        if item.note:
            body(doc, item.note)
        evidence = [codings[c] for c in item.evidence if c in codings]
        if not evidence:
            body(doc, w["no_evidence"])
            continue
        rows = []
        for coding in evidence:
            where = [ctx.words["page"].format(page=page) for page in
                     [ctx.places.page(coding.source_id, coding.start)] if page is not None]
            clause = ctx.places.clause(coding.source_id, coding.start, coding.end)
            rows.append([quote_text(ctx, coding, pictured=False),
                         ctx.ids.get(coding.source_id, ""),
                         "，".join(where + ([clause] if clause else [])),
                         ctx.facts.period_of_source.get(coding.source_id) or ""])
        three_line_table(doc, ctx.numbering, w["evidence_table"].format(arrow=arrow),
                         [w["quote"], w["source_id"], w["place"], w["period"]], rows)


def diagrams(ctx: Context) -> None:
    from .figures import add_figure, frequency_bars, path_figures

    w, doc = ctx.words, ctx.doc
    ctx.heading(w["diagrams"], level=1)
    whole, multiples = path_figures(ctx.project, ctx.language)
    title = ctx.project.info().title or w["report"]
    if whole is None:
        body(doc, w["no_interactions"])
    else:
        # The title may already say it is a path ("…的动态路径（2015—2023）"): say it once.
        caption = f"{title}{w['whole_paren']}" if w["path_word"] in title \
            else w["path"].format(title=title)
        add_figure(doc, ctx.numbering, whole, caption)
    if multiples is not None:
        add_figure(doc, ctx.numbering, multiples, w["multiples"])
    if ctx.facts.codings:
        add_figure(doc, ctx.numbering, frequency_bars(ctx.facts, w["frequency"]), w["bars"])
