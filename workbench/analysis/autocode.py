"""Auto-coding: propose a coding for every hit of keywords or a regular expression, for review.

    proposals = propose(project, keywords=["一网通办", "数据共享"], unit="sentence")
    proposals = propose(project, regex=r"数据(共享|开放)", unit="paragraph")
    proposals = propose(project, element_keywords=element_id, unit="sentence")  # its dictionary
    codings = apply(project, [p for p in proposals if keep(p)], element_id, coder="alice")

``unit`` widens each hit: ``hit`` (the matched text), ``sentence`` (cut at 。！？!?；; and line
breaks), ``paragraph`` (the source's paragraph blocks, else its lines) or ``clause`` (the
innermost article or numbered item of a policy document around the hit, ``analysis.clauses``;
the sentence where the text has no clauses). Overlapping proposals of
one source at the same unit are merged. ``apply`` writes the accepted ones as one undo step;
passages already coded to the element by that coder are skipped by ``code_text`` itself.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr
from .clauses import clause_tree, units_at

if TYPE_CHECKING:
    from ..core import Project
    from ..core.model import Coding

UNITS = ("hit", "sentence", "paragraph", "clause")
_SENTENCE_END = "。！？!?；;\n"


@dataclass(frozen=True)
class Proposal:
    source_id: int
    source_title: str
    start: int  # code points
    end: int
    text: str
    hits: tuple[str, ...]  # what was found inside


def compile_query(keywords=(), regex: str | None = None) -> re.Pattern:
    if regex:
        try:
            return re.compile(regex)
        except re.error as exc:
            raise InvalidInputError(tr("“{regex}” is not a valid regular expression ({error}).",
                                       regex=regex, error=exc)) from None
    words = sorted({w.strip() for w in keywords if w and w.strip()}, key=len, reverse=True)
    if not words:
        raise InvalidInputError(tr("Give at least one keyword or a regular expression."))
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def propose(project: "Project", *, keywords=(), regex: str | None = None, unit: str = "hit",
            source_ids=None, element_keywords: int | None = None) -> list[Proposal]:
    """``element_keywords``: an element id whose keyword dictionary
    (``project.element_keywords``) supplies the keywords, added to any ``keywords`` given."""
    if unit not in UNITS:
        raise InvalidInputError(tr("The unit must be hit, sentence, paragraph or clause."))
    if element_keywords is not None and not regex:
        element = project.elements.get(element_keywords)  # NotFoundError for a wrong id
        terms = project.element_keywords.terms(element_keywords)
        if not terms and not any(w and w.strip() for w in keywords):
            raise InvalidInputError(tr(
                "“{element}” has no keywords yet; add some to its keyword dictionary first.",
                element=element.name))
        keywords = [*keywords, *terms]
    pattern = compile_query(keywords, regex)
    proposals: list[Proposal] = []
    sources = project.sources.list()
    wanted = None if source_ids is None else set(source_ids)
    for source in sources:
        if wanted is not None and source.id not in wanted:
            continue
        text = project.sources.text(source.id) if (source.kind == "text" or
                                                   source.text_length) else ""
        if not text:
            continue
        spans: list[list] = []
        bounds = _paragraphs(project, source.id, text) if unit == "paragraph" else None
        clauses = clause_tree(text) if unit == "clause" else None
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue  # an empty match codes nothing
            if unit == "hit":
                start, end = match.start(), match.end()
            elif unit == "sentence":
                start, end = _sentence(text, match.start(), match.end())
            elif unit == "clause":  # the innermost clause (article, item …) around the hit
                around = units_at(clauses, match.start(), match.end())
                start, end = ((min(u.start for u in around), max(u.end for u in around))
                              if around else _sentence(text, match.start(), match.end()))
            else:
                start, end = _enclosing(bounds, match.start(), match.end())
            start, end = _trim(text, start, end)
            if spans and start < spans[-1][1]:  # overlaps the previous proposal: merge
                spans[-1][1] = max(spans[-1][1], end)
                spans[-1][2].append(match.group())
            else:
                spans.append([start, end, [match.group()]])
        proposals.extend(Proposal(source.id, source.title, s, e, text[s:e], tuple(h))
                         for s, e, h in spans if e > s)
    return proposals


def apply(project: "Project", proposals, element_id: int,
          coder: str | None = None) -> list["Coding"]:
    """Code every proposal to ``element_id``: one undo step ("Auto-code")."""
    codings = []
    with project.grouped("Auto-code"):
        for proposal in proposals:
            codings.append(project.codings.code_text(
                proposal.source_id, proposal.start, proposal.end, element_id, coder=coder))
    return codings


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around text[start:end]: from after the previous sentence end to the next
    one (a final 。 or ！ belongs to the sentence, a line break does not)."""
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    if text[end - 1] in _SENTENCE_END:
        return left, end
    right = len(text)
    for i in range(end, len(text)):
        if text[i] in _SENTENCE_END:
            right = i if text[i] == "\n" else i + 1
            break
    return left, right


def _paragraphs(project: "Project", source_id: int, text: str) -> list[tuple[int, int]]:
    blocks = sorted((b.start, b.end) for b in project.sources.blocks(source_id)
                    if b.kind in ("paragraph", "heading"))
    if blocks:
        return blocks
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _enclosing(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    starts = [b[0] for b in bounds]
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_left(starts, end) - 1)
    lo = min(bounds[first][0], start)
    hi = max(bounds[last][1], end)
    return lo, hi


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
