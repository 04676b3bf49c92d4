"""A Word report of the coded study, ready to paste into a thesis chapter.

    write_report(project, "report.docx")                       # the project's language
    write_report(project, "report.docx", language="en", sections=["codebook", "quotes"])

Sections, each optional, in this order: ``study`` (title, research question, sources by type
and period), ``codebook``, ``frequencies`` (element × source type, element × period, case ×
element), ``quotes`` (per element, grouped by period, with source, date and page),
``interactions`` (with their evidence), ``diagrams`` (path diagram, per-period small multiples,
frequency bars), ``agreement`` (only with two coders or more; see ``agreement.py``) and, when
asked for, ``references`` (the sources in GB/T 7714-2015 form, by their IDs) and ``memos``.
``ReportOptions`` (``thesis.py``) fits it into a chapter: 表4-1 captions, 4.1 headings, a
heading offset, title page or none, a table of contents field, page numbers.
Tables are three-line tables with numbered captions above, figures have theirs below.
python-docx and matplotlib are imported only when a report is written.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.errors import InvalidInputError
from ...i18n import tr

if TYPE_CHECKING:
    from ...core import Project

SECTIONS = ("study", "codebook", "frequencies", "policy", "quotes", "interactions", "diagrams",
            "agreement", "references", "memos")
OPTIONAL = ("references", "memos")  # written only when asked for


def report_language(project: "Project", language: str | None) -> str:
    chosen = language or project.language
    return "zh" if chosen.lower().startswith("zh") else "en"


def check_sections(sections: Iterable[str] | None) -> list[str]:
    if sections is None:
        return [s for s in SECTIONS if s not in OPTIONAL]
    chosen = [s.strip() for s in sections if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise InvalidInputError(tr("“{name}” is not a section of the report; choose from "
                                   "{sections}.", name=unknown[0],
                                   sections=", ".join(SECTIONS)))
    if not chosen:
        raise InvalidInputError(tr("Choose at least one section of the report."))
    return [s for s in SECTIONS if s in chosen]


def build_report(project: "Project", *, language: str | None = None,
                 sections: Iterable[str] | None = None, options=None):
    """The report as a python-docx Document (not saved); ``options`` a :class:`ReportOptions`
    (chapter number, heading offset, title page, table of contents, page numbers)."""
    from . import agreement, policy, profile, sections as parts
    from .counts import Facts
    from .labels import labels
    from .styles import Numbering, setup_document
    from .thesis import (ReportOptions, latin_wraps_by_word, page_numbers, set_properties,
                         table_of_contents, title_page)

    options = options or ReportOptions()
    chosen = check_sections(sections)
    language = report_language(project, language)
    doc = setup_document(language)
    latin_wraps_by_word(doc)
    words = labels(language)
    ctx = parts.Context(project, doc, language, words, Facts.read(project, language),
                        Numbering(language, options.chapter), parts.Places(project),
                        options=options)
    title = project.info().title or words["report"]
    if options.title_page:
        title_page(doc, project, title, language == "zh")
    if options.toc:
        table_of_contents(doc, language == "zh", min(4, 3 + options.heading_offset))
    writers = {"study": parts.study, "codebook": parts.codebook,
               "frequencies": parts.frequencies, "quotes": parts.quotes,
               "interactions": parts.interactions, "diagrams": parts.diagrams,
               "references": parts.references, "memos": profile.memos}
    for name in chosen:
        if name == "agreement":
            if agreement.applies(ctx):
                agreement.write_agreement_section(ctx)
        elif name == "policy":  # only for a project that codes policy instruments
            if policy.applies(ctx):
                policy.write_policy_section(ctx)
        else:
            writers[name](ctx)
    if options.page_numbers:
        page_numbers(doc)
    set_properties(doc, project, title, language == "zh")
    return doc


def write_report(project: "Project", path: str | os.PathLike, *, language: str | None = None,
                 sections: Iterable[str] | None = None, options=None) -> Path:
    """Write the report to ``path`` (.docx), atomically: a temporary file beside it, moved into
    place when complete."""
    from ..writing import atomic_target

    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise InvalidInputError(tr("{name} cannot be written: the report is a Word file (.docx).",
                                   name=target.name))
    doc = build_report(project, language=language, sections=sections, options=options)
    with atomic_target(target) as temporary:
        doc.save(str(temporary))
    return target


__all__ = ["OPTIONAL", "SECTIONS", "build_report", "check_sections", "write_report"]
