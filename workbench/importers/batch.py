"""Import many files into a project, file by file, reporting each one.

Each file is committed on its own (a crash keeps every file already imported), but all steps of one
batch share a batch key, so a single Undo takes the whole import back. A file that cannot be read
is refused with its reason while the others go on; the same bytes twice are found by sha256; a
scanned PDF is listed apart (it can be read with OCR). Nothing partial is left: a source and its
text and original bytes go in together in one transaction, or not at all.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import DiskFullError, WorkbenchError
from ..core.model import ImportReport
from ..core.progress import Progress
from ..i18n import tr
from .document import ImportedDocument, ImportRefused, NeedsOcr
from .ocr import OcrCancelled  # light: the engine itself loads only when OCR runs
from .quality import assess
from .registry import _natural_key, _skipped, original_bytes, read_file

if TYPE_CHECKING:
    from ..core.project import Project
    from .manifest import Manifest


def import_files(project: "Project", paths: Iterable[str | os.PathLike], *,
                 case: str | None = None, source_type: str | None = None,
                 date: str | None = None, origin_url: str = "",
                 manifest: "Manifest | str | os.PathLike | None" = None, ocr: bool = False,
                 progress: Progress | None = None) -> ImportReport:
    """Import files and folders (recursively).

    What the user states wins over what a file says about itself: ``date``, ``case``,
    ``source_type`` and ``origin_url`` apply to every file; a ``manifest`` (CSV/XLSX: file name →
    title, date, type, case, URL, agency, document number) fills in per file; then the document's
    own metadata (a PDF's date, a web page's URL, a web-archive capture time). With ``ocr``,
    images get their text recognised and scanned PDFs are read by OCR."""
    report = ImportReport()
    sheet = None  # the metadata sheet's file, when it sits in an imported folder
    if manifest is not None and not hasattr(manifest, "lookup"):
        sheet = manifest
        from .manifest import read_manifest
        manifest = read_manifest(manifest)  # ManifestError: one sentence, nothing imported
    if manifest is not None:
        report.notes.extend(manifest.problems)
    own = Path(project.path)  # a folder holding the project itself: not a file to import
    files = every_file(paths, skip=[sheet, own, own.with_name(own.name + "-journal")])
    progress = progress or Progress()
    progress.start(len(files), files[0].name if files else "")
    batch = uuid.uuid4().hex
    stated = {"case": case, "source_type": source_type, "date": date, "origin_url": origin_url}
    for path in files:
        if progress.cancelled:
            report.cancelled = True
            break
        _import_one(project, Path(path), report, batch, stated, manifest, ocr, progress)
        progress.step(path.name)
    return report


def _import_one(project: "Project", path: Path, report: ImportReport, batch: str,
                stated: dict[str, Any], manifest: "Manifest | None", ocr: bool,
                progress: Progress) -> None:
    try:  # a device or pipe (/dev/zero) is refused before it is read
        data = original_bytes(path)
    except ImportRefused as exc:
        report.refused.append((str(path), str(exc)))
        return
    existing = project.sources.find_by_sha256(hashlib.sha256(data).hexdigest())
    if existing is not None:
        report.duplicates.append((str(path), existing.title))
        return
    try:
        document = read_file(path, data)
        if ocr and document.kind == "image":
            document = _with_recognised_text(document, progress)
        elif ocr and document.ocr_advised_pages:
            document = read_garbled_pdf_by_ocr(document, data, path, progress)
        elif ocr:
            from .pdf_scanned_pages import read_empty_pages  # scanned pages among text pages
            document = read_empty_pages(document, progress=progress.child(path.name))
    except NeedsOcr as exc:
        if not ocr:
            report.needs_ocr.append((str(path), str(exc)))
            return
        try:
            from .pdf import read_pdf_with_ocr
            document = read_pdf_with_ocr(data, path.name, progress=progress.child(path.name))
        except ImportRefused as again:
            report.refused.append((str(path), str(again)))
            return
    except ImportRefused as exc:
        report.refused.append((str(path), str(exc)))
        return
    except OcrCancelled:
        report.cancelled = True
        return
    fields = _fields(document, stated, manifest)
    # How good the stored text is travels with the source, for its details and `workbench text`.
    fields["metadata"]["quality"] = assess(document)
    try:
        source = project.sources.add(**fields, batch=batch)
    except DiskFullError:
        raise  # no other file would fit either: stop with the one sentence; earlier files stay
    except WorkbenchError as exc:
        report.refused.append((str(path), str(ImportRefused(path.name, str(exc)))))
        return
    report.imported.append(source)


def read_garbled_pdf_by_ocr(document: ImportedDocument, data: bytes, path: Path,
                            progress: Progress | None) -> ImportedDocument:
    """A PDF whose text layer is garbled beyond repair (fonts without a Unicode map) is read
    from its rendered pages when the user asked for OCR; if that fails, the text layer stays,
    with its warning saying so."""
    from .pdf import read_pdf_with_ocr

    try:
        recognised = read_pdf_with_ocr(data, path.name, progress=progress and progress.child(path.name))
    except ImportRefused:
        return document
    pages = ", ".join(str(n) for n in document.ocr_advised_pages)
    recognised.warnings.insert(0, tr(
        "The text layer of page(s) {pages} was garbled, so the file was read by text "
        "recognition (OCR) instead; check the recognised text.", pages=pages))
    return recognised


def every_file(paths: Iterable[str | os.PathLike],
               skip: Iterable[Any] = ()) -> list[Path]:
    """Every file named or found in a folder (recursively, in natural order), whether or not an
    importer reads its kind: those it does not are refused with the reason, never left out.
    Hidden files and Office lock files are passed over, as are the files in ``skip`` (the
    metadata sheet, the project file itself)."""
    found: list[Path] = []
    seen = {_key(Path(s)) for s in skip if s is not None}
    for raw in paths:
        path = Path(raw)
        for candidate in _walk(path) if path.is_dir() else [path]:
            key = _key(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted((d for d in dirs if not _skipped(base / d)), key=_natural_key)
        yield from (base / name for name in sorted(files, key=_natural_key)
                    if not _skipped(base / name))


def _fields(document: ImportedDocument, stated: dict[str, Any],
            manifest: "Manifest | None") -> dict[str, Any]:
    meta = dict(document.metadata)
    row = manifest.lookup(document.file_name) if manifest is not None else None
    listed: dict[str, Any] = {}
    if row is not None:
        capture = row.capture()
        listed = {"title": row.title, "date": row.date, "source_type": row.source_type,
                  "case": row.case, "origin_url": capture.original_url if capture else row.url,
                  "capture_time": capture.capture_time if capture else None,
                  "agency": row.agency, "document_number": row.document_number}
        if capture:
            meta["archive_url"] = capture.archive_url

    def pick(key: str, own: Any = None) -> Any:
        return stated.get(key) or listed.get(key) or own

    case = pick("case")
    blocks = stored_blocks(document)
    return dict(
        kind=document.kind, title=pick("title", document.title), data=document.data,
        file_name=document.file_name, media_type=document.media_type, text=document.text,
        blocks=blocks, encoding=document.encoding, metadata=meta,
        date=pick("date", document.date), source_type=pick("source_type"),
        cases=[case] if case else [], origin_url=pick("origin_url", meta.get("origin_url", "")),
        capture_time=pick("capture_time", meta.get("capture_time")),
        agency=pick("agency", meta.get("agency", "")),
        document_number=pick("document_number", meta.get("document_number", "")),
        width=document.width, height=document.height)


def stored_blocks(document: ImportedDocument) -> list[Any]:
    """The blocks stored with a document's text: its own, and the recognised lines with their
    boxes (for region coding)."""
    blocks: list[Any] = list(document.blocks)
    for page in document.ocr_pages:
        extra = {"dpi": page.dpi} if page.dpi else {}  # a scanned PDF page: pixels -> points
        blocks += [{"kind": "ocr-line", "start": s, "end": e, "level": page.page,
                    "box": list(line.box), **extra}
                   for line, (s, e) in zip(page.lines, page.ranges)]
    return blocks


def _with_recognised_text(document: ImportedDocument, progress: Progress) -> ImportedDocument:
    from dataclasses import replace

    from . import ocr

    lines = ocr.recognise(document.data, progress=progress.child(document.file_name),
                          file_name=document.file_name)
    text, ranges = ocr.lines_to_text(lines)
    page = ocr.OcrPage(1, document.width or 0, document.height or 0, tuple(lines), tuple(ranges))
    metadata = {**document.metadata, "ocr": "yes"}
    return replace(document, text=text, ocr_pages=[page], metadata=metadata)
