"""The dataclasses the core API hands out. Plain values: safe to keep, compare and pass to threads.

Offsets of text codings are Unicode code points into the source's stored text (a Python ``str``
index), never UTF-16 units; the UI converts at its boundary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProjectInfo:
    guid: str
    title: str
    description: str
    research_question: str
    language: str
    framework: str
    created: str
    current_coder: str


@dataclass(frozen=True)
class Coder:
    id: int
    guid: str
    name: str
    color: str


@dataclass(frozen=True)
class Element:
    id: int
    guid: str
    parent_id: int | None
    name: str
    color: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    position: int = 0
    template_key: str | None = None
    created: str = ""
    coding_count: int = 0
    path: str = ""  # "Parent/Child", for display and for naming elements on the command line


@dataclass(frozen=True)
class TextBlock:
    """A structural span of a source's text, in code points: heading, paragraph, table,
    list-item, page (``level`` = page number) or ocr-line (a line recognised in an image,
    ``box`` = x, y, width, height in the image's pixels, ``level`` = page)."""

    kind: str
    start: int
    end: int
    level: int = 0
    box: tuple[int, int, int, int] | None = None
    dpi: float = 0.0  # an ocr-line of a scanned PDF: the page was rendered at this resolution


@dataclass(frozen=True)
class Source:
    id: int
    guid: str
    kind: str  # "text" | "image"
    title: str
    file_name: str
    media_type: str
    sha256: str
    date: str | None
    source_type: str | None
    origin_url: str
    agency: str
    document_number: str
    capture_time: str | None
    notes: str
    width: int | None
    height: int | None
    text_length: int
    encoding: str | None
    imported: str
    cases: tuple[str, ...] = ()
    coding_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class SourceType:
    id: int
    name: str
    position: int


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Coding:
    id: int
    guid: str
    source_id: int
    source_title: str
    element_id: int
    element_name: str
    coder: str
    start: int | None
    end: int | None
    snippet: str | None
    rect: Rect | None
    memo: str
    created: str
    page: int | None = None  # a region of a PDF's page: rect is in points on this page (1-based)

    @property
    def is_region(self) -> bool:
        """Only a region of an image (no passage): its quote is not text. A passage of a
        screenshot's recognised text has a range *and* the region of its lines (``has_region``)."""
        return self.start is None

    @property
    def has_region(self) -> bool:
        return self.rect is not None


@dataclass(frozen=True)
class CaseAttribute:
    id: int
    guid: str
    name: str
    kind: str  # "text" | "number" | "date"
    position: int


@dataclass(frozen=True)
class Case:
    id: int
    guid: str
    name: str
    description: str
    attributes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    source_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Period:
    id: int
    guid: str
    name: str
    start_date: str | None
    end_date: str | None
    position: int


@dataclass(frozen=True)
class InteractionType:
    id: int
    guid: str
    key: str | None
    name: str
    sign: int
    line_style: str


@dataclass(frozen=True)
class Interaction:
    id: int
    guid: str
    from_element_id: int
    from_name: str
    to_element_id: int
    to_name: str
    type_id: int
    type_name: str
    sign: int
    period: str | None
    note: str
    coder: str
    created: str
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class Memo:
    id: int
    guid: str
    target_kind: str
    target_id: int | None
    title: str
    body: str
    coder: str | None
    created: str
    modified: str


@dataclass(frozen=True)
class Change:
    """Sent to listeners after every committed operation, undo or redo."""

    label: str
    tables: frozenset[str]
    kind: str = "do"  # "do" | "undo" | "redo"


@dataclass
class ImportReport:
    """What a batch import did, file by file: nothing is dropped silently."""

    imported: list[Source] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing title)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, one-sentence reason)
    needs_ocr: list[tuple[str, str]] = field(default_factory=list)  # scans: (file, sentence)
    notes: list[str] = field(default_factory=list)  # e.g. a manifest's rows that were not used
    cancelled: bool = False

    def with_warnings(self) -> list[Source]:
        """The imported sources whose text quality needs a look (``metadata["quality"]``)."""
        return [s for s in self.imported
                if (s.metadata.get("quality") or {}).get("verdict") == "warning"]
