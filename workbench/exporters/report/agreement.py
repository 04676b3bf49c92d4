"""HOOK — the intercoder-agreement section of the report (percent agreement, Cohen's kappa,
Krippendorff's alpha per element), to be filled in by the engineer writing the agreement
analysis.

The report calls :func:`write_agreement_section` only when two or more coders have coded, after
writing nothing else for this section. Use ``ctx.doc.add_heading(ctx.words["agreement"], 1)``,
``styles.body`` for text and ``tables.three_line_table(ctx.doc, ctx.numbering, caption, headers,
rows, numeric=...)`` for the table, so the numbering of 表/图 stays in order. Return True when
the section was written, False to leave it out (what it does until the analysis exists).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sections import Context


def coders_who_coded(ctx: "Context") -> list[str]:
    return sorted({coding.coder for coding in ctx.facts.codings})


def applies(ctx: "Context") -> bool:
    """The section makes sense only with two coders or more."""
    return len(coders_who_coded(ctx)) >= 2


def write_agreement_section(ctx: "Context") -> bool:
    """Not written yet: the agreement analysis does not exist. Leaves the report unchanged."""
    return False
