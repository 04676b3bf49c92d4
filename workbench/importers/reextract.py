"""Re-extract a source's text from its stored original with the importers as they are now.

A source imported before an importer was fixed keeps its old text until the user asks for this:
its codings point into that text. The original bytes are in the project (``source_files``), so
no file needs to be found again. When the new text equals the old, only the quality figures and
blocks are refreshed; when it differs, every text coding is re-anchored by its stored quote, and
the source is refused (one sentence, nothing changed) when a quote would move or vanish
(``Sources.reanchor``). Images keep their recognised text (that is "Recognise text").
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ..core.errors import WorkbenchError
from ..i18n import tr
from .document import ImportedDocument, ImportRefused, NeedsOcr
from .quality import assess

if TYPE_CHECKING:
    from ..core.project import Project

SAME, CHANGED, REFUSED, SKIPPED = "same", "changed", "refused", "skipped"


@dataclass
class Reextracted:
    """What re-extracting one source did (or, in a dry run, would do)."""

    source_id: int
    title: str
    status: str  # SAME, CHANGED, REFUSED or SKIPPED
    sentence: str  # one sentence for the user
    old_characters: int = 0
    new_characters: int = 0
    codings: int = 0  # text codings re-anchored
    quality: dict[str, Any] | None = field(default=None, repr=False)


def reextract(project: "Project", source_ids: Iterable[int], *, dry_run: bool = False,
              ocr: bool = False, progress: Any = None) -> list[Reextracted]:
    """Re-extract the text of these sources as one undoable step; see the module text. With
    ``ocr``, pages without text (scanned pages) are recognised too (``progress``: a
    core.progress.Progress for that)."""
    results: list[Reextracted] = []
    planned: list[tuple[Reextracted, ImportedDocument]] = []
    for source_id in source_ids:
        result, document = _plan(project, int(source_id), dry_run, ocr, progress)
        results.append(result)
        if document is not None:
            planned.append((result, document))
    if dry_run or not planned:
        return results
    from .batch import stored_blocks

    with project.grouped("Re-extract text"):
        for result, document in planned:
            metadata = {**document.metadata, "quality": result.quality}
            try:
                project.sources.replace_text(result.source_id, document.text or "",
                                             stored_blocks(document),
                                             encoding=document.encoding, metadata=metadata)
            except WorkbenchError as exc:  # nothing of this source was written
                result.status, result.sentence = REFUSED, str(exc)
    return results


def _plan(project: "Project", source_id: int, dry_run: bool, ocr: bool = False,
          progress: Any = None) -> tuple[Reextracted, ImportedDocument | None]:
    source = project.sources.get(source_id)  # NotFoundError: one sentence, for the caller
    result = Reextracted(source.id, source.title, SKIPPED, "",
                         old_characters=source.text_length)
    if source.kind != "text":
        result.sentence = tr("“{title}” is an image; its text comes from text recognition "
                             "(Recognise text), not from re-extraction.", title=source.title)
        return result, None
    try:
        document = read_original(project, source_id, ocr=ocr, progress=progress)
    except ImportRefused as exc:
        result.status, result.sentence = REFUSED, str(exc)
        return result, None
    new, old = document.text or "", project.sources.text(source_id)
    result.quality = assess(document)
    result.new_characters = len(new)
    if new == old:
        result.status = SAME
        result.sentence = (
            tr("“{title}”: the text would stay the same.", title=source.title) if dry_run else
            tr("“{title}”: the text is the same; its quality figures were refreshed.",
               title=source.title))
        return result, document
    try:
        placed = project.sources.reanchor(source_id, new)
    except WorkbenchError as exc:
        result.status, result.sentence = REFUSED, str(exc)
        return result, None
    result.status, result.codings = CHANGED, len(placed)
    result.sentence = tr(
        "“{title}”: the text would be re-extracted ({old} → {new} characters); {codings} "
        "coded passage(s) would be kept.", title=source.title, old=len(old), new=len(new),
        codings=len(placed)) if dry_run else tr("“{title}”: the text was re-extracted ({old} → {new} characters); "
                         "{codings} coded passage(s) kept.", title=source.title,
                         old=len(old), new=len(new), codings=len(placed))
    return result, document


def read_original(project: "Project", source_id: int, *, ocr: bool = False,
                  progress: Any = None) -> ImportedDocument:
    """The source's original bytes read again by today's importer (through a file of the same
    name in a temporary folder, so every check of a normal import applies). What was read by
    OCR at import — a scan, a PDF whose text layer was garbled, scanned pages among text pages —
    is read by OCR again; with ``ocr``, also what was not."""
    from .registry import read_file

    source = project.sources.get(source_id)
    data = project.sources.original(source_id)
    name = PurePath(source.file_name).name or f"source-{source_id}"
    if not PurePath(name).suffix:  # e.g. a source that came from another tool: its media type
        import mimetypes
        name += mimetypes.guess_extension(source.media_type or "") or ""
    whole = ocr or source.metadata.get("ocr") == "yes"
    with tempfile.TemporaryDirectory(prefix="workbench-reextract-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            document = read_file(path)
        except NeedsOcr:
            if not whole:
                raise
            from .pdf import read_pdf_with_ocr
            return read_pdf_with_ocr(data, name, progress=progress)
    if whole and document.ocr_advised_pages:
        from .batch import read_garbled_pdf_by_ocr
        return read_garbled_pdf_by_ocr(document, data, Path(name), progress)
    if ocr or source.metadata.get("ocr_pages"):
        from .pdf_scanned_pages import read_empty_pages
        return read_empty_pages(document, progress=progress)
    return document
