"""Evidence a thesis can cite: each source gets an ID (S01 …) listed in the 资料清单 table, every
quote cites that ID with its page (PDF) and clause (第三条, 一、…) where known, a coded region of a
screenshot is shown as the cropped picture with its recognised text, and the sources can be
listed as references in GB/T 7714-2015 form ([Z] official documents, [N] newspapers, [EB/OL]
online resources with 引用日期).
"""
from __future__ import annotations

import bisect
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core import Coding, Project, Source

REGION_WIDTH_CM = 11.0  # a screenshot region is never wider than this in the report
POLICY_WORDS = ("政策", "文件", "法规", "规划", "通知", "意见", "policy", "regulation")
NEWS_WORDS = ("新闻", "报道", "报纸", "news", "newspaper")


def source_ids(sources) -> dict[int, str]:
    """S01, S02 … in the order of the source ids (wide enough for the largest)."""
    ordered = sorted(s.id for s in sources)
    width = max(2, len(str(len(ordered))))
    return {source_id: f"S{n:0{width}d}" for n, source_id in enumerate(ordered, start=1)}


class Places:
    """Page and clause of a coding, each source's blocks and text read once."""

    def __init__(self, project: "Project"):
        from ...analysis.clauses import ClauseIndex

        self.project = project
        self._pages: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self._clauses = ClauseIndex(project)  # the clause tree, as the window and exports cite

    def page(self, source_id: int, offset: int | None) -> int | None:
        if offset is None:
            return None
        starts, ends, numbers = self._page_map(source_id)
        i = bisect.bisect_right(starts, offset) - 1
        return numbers[i] if i >= 0 and offset <= ends[i] else None

    def page_count(self, source: "Source") -> int | None:
        numbers = self._page_map(source.id)[2]
        return max(numbers) if numbers else None

    def clause(self, source_id: int, offset: int | None, end: int | None = None) -> str:
        """Where a passage stands in a policy text: 第二章第三条第（二）项, 三（一）2 …"""
        if offset is None:
            return ""
        return self._clauses.cite(source_id, offset, end if end is not None else offset + 1)

    def _page_map(self, source_id: int):
        if source_id not in self._pages:
            try:
                blocks = [b for b in self.project.sources.blocks(source_id) if b.kind == "page"]
            except Exception:  # noqa: BLE001 - a source without readable blocks has no pages
                blocks = []
            blocks.sort(key=lambda b: b.start)
            self._pages[source_id] = ([b.start for b in blocks], [b.end for b in blocks],
                                      [b.level for b in blocks])
        return self._pages[source_id]


def region_text(project: "Project", coding: "Coding") -> str:
    """The recognised text of a coding: its passage, else the recognised lines whose centre
    lies inside its region (a region drawn on a screenshot)."""
    if coding.snippet:
        return " ".join(coding.snippet.split())
    r = coding.rect
    if r is None:
        return ""
    text = project.sources.text(coding.source_id)
    lines = []
    for line in project.sources.recognised_lines(coding.source_id):
        if line.box is None:
            continue
        cx, cy = line.box[0] + line.box[2] / 2, line.box[1] + line.box[3] / 2
        if r.x <= cx <= r.x + r.width and r.y <= cy <= r.y + r.height:
            lines.append(text[line.start:line.end])
    return " ".join(" ".join(lines).split())


def cropped_png(project: "Project", coding: "Coding") -> bytes | None:
    """The coded region of a screenshot as PNG bytes; None when the picture cannot be read."""
    from PIL import Image

    if getattr(coding, "page", None) is not None:  # a region of a PDF's page, rendered
        from ...core.pdf_regions import region_png

        return region_png(project, coding)
    r = coding.rect
    try:
        with Image.open(io.BytesIO(project.sources.original(coding.source_id))) as image:
            image.load()
            part = image.convert("RGB").crop((r.x, r.y, r.x + r.width, r.y + r.height))
    except Exception:  # noqa: BLE001 - an undecodable picture falls back to its text
        return None
    out = io.BytesIO()
    part.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def reference_kind(source: "Source") -> str:
    """GB/T 7714-2015 document type: [Z] official documents, [N] newspapers, [EB/OL] online."""
    kind = (source.source_type or "").lower()
    if source.document_number or any(w in kind for w in POLICY_WORDS):
        return "Z"
    if any(w in kind for w in NEWS_WORDS) and not source.origin_url:
        return "N"
    if source.origin_url or source.kind == "image":
        return "EB/OL"
    return "Z"


def reference(source: "Source", zh: bool) -> str:
    """One entry of the reference list (GB/T 7714-2015, 顺序编码制 without the number)."""
    kind = reference_kind(source)
    author = f"{source.agency}. " if source.agency else ""
    title = source.title + (f": {source.document_number}" if source.document_number else "")
    date = source.date or ""
    if kind == "EB/OL":
        cited = (source.capture_time or source.imported or "")[:10]
        parts = [f"{author}{title}[EB/OL]."]
        if date:
            parts.append(f"({date})")
        if cited:
            parts.append(f"[{cited}].")
        if source.origin_url:
            parts.append(source.origin_url + ".")
        return " ".join(parts).replace(") [", ")[")
    return f"{author}{title}[{kind}]." + (f" {date}." if date else "")
