"""A Word report of the coded study, ready to paste into a thesis chapter.

    write_report(project, "report.docx")                       # the project's language
    write_report(project, "report.docx", language="en", sections=["codebook", "quotes"])

Sections, each optional, in this order: ``study`` (title, research question, sources by type
and period), ``codebook``, ``frequencies`` (element × source type, element × period, case ×
element), ``quotes`` (per element, grouped by period, with source, date and page),
``interactions`` (with their evidence), ``diagrams`` (path diagram, per-period small multiples,
frequency bars) and ``agreement`` (only with two coders or more; see ``agreement.py``).
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

SECTIONS = ("study", "codebook", "frequencies", "quotes", "interactions", "diagrams",
            "agreement")


def report_language(project: "Project", language: str | None) -> str:
    chosen = language or project.language
    return "zh" if chosen.lower().startswith("zh") else "en"


def check_sections(sections: Iterable[str] | None) -> list[str]:
    if sections is None:
        return list(SECTIONS)
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
                 sections: Iterable[str] | None = None):
    """The report as a python-docx Document (not saved)."""
    from ..dataset import PageFinder
    from . import agreement, sections as parts
    from .counts import Facts
    from .labels import labels
    from .styles import Numbering, setup_document

    chosen = check_sections(sections)
    language = report_language(project, language)
    doc = setup_document(language)
    words = labels(language)
    ctx = parts.Context(project, doc, language, words, Facts.read(project, language),
                        Numbering(language), PageFinder(project))
    doc.add_paragraph(project.info().title or words["report"], style="Title")
    writers = {"study": parts.study, "codebook": parts.codebook,
               "frequencies": parts.frequencies, "quotes": parts.quotes,
               "interactions": parts.interactions, "diagrams": parts.diagrams}
    for name in chosen:
        if name == "agreement":
            if agreement.applies(ctx):
                agreement.write_agreement_section(ctx)
        else:
            writers[name](ctx)
    doc.core_properties.title = project.info().title
    doc.core_properties.language = "zh-CN" if language == "zh" else "en-US"
    return doc


def write_report(project: "Project", path: str | os.PathLike, *, language: str | None = None,
                 sections: Iterable[str] | None = None) -> Path:
    """Write the report to ``path`` (.docx), atomically: a temporary file beside it, moved into
    place when complete."""
    from ..writing import atomic_target

    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise InvalidInputError(tr("{name} cannot be written: the report is a Word file (.docx).",
                                   name=target.name))
    doc = build_report(project, language=language, sections=sections)
    with atomic_target(target) as temporary:
        doc.save(str(temporary))
    return target


__all__ = ["SECTIONS", "build_report", "check_sections", "write_report"]
