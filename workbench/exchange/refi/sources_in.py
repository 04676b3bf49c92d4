"""Reading REFI-QDA sources, selections and codings into a project (used by ``reading``).

Text sources (TextSource, and PDFSource through its text Representation) keep the original file
(rich text / PDF) when the archive has it, else the plain text; picture sources keep the image.
Audio and video are not part of the workbench: they are reported with their codings.
"""
from __future__ import annotations

import hashlib
import io
import mimetypes
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ...core import Rect, WorkbenchError
from ...i18n import tr
from .pdf_sources import read_pdf_selections
from .positions import CODE_POINTS, convert, decode_text, detect_scheme
from .variables import read_source_values
from .xmlutil import kid, kids, local, member_path, norm_guid, text_of

if TYPE_CHECKING:
    from .reading import Importer

SOURCE_TAGS = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")
_IMAGE_LIMIT = 200_000_000  # pixels; larger pictures are refused (decompression bombs)


def read_sources(ctx: "Importer", sources_el) -> None:
    for source in kids(sources_el, *SOURCE_TAGS):
        ctx.report.count("sources", found=True)
        ctx.report.count("codings", len(list(source.iter("{*}Coding"))), found=True)
        kind = local(source)
        name = _source_name(source)
        if kind == "TextSource":
            _text_source(ctx, source, source, name, None)
        elif kind == "PDFSource":
            representation = kid(source, "Representation")
            if representation is None:
                ctx.report.skip("source", name, tr("The PDF has no text representation."))
                _skip_codings(ctx, source, tr("Its source was not imported."))
                continue
            for coding in kids(source, "Coding"):
                ctx.report.skip("coding", coding.get("guid") or "?",
                                tr("Codings of a whole PDF are not supported."))
            _text_source(ctx, source, representation, name, source.get("path"))
            read_pdf_selections(ctx, source)
        elif kind == "PictureSource":
            _picture_source(ctx, source, name)
        else:
            ctx.report.skip("source", name, tr("Audio and video sources are not supported."))
            _skip_codings(ctx, source, tr("Its source was not imported."))


def _skip_codings(ctx: "Importer", element, reason: str) -> None:
    for coding in element.iter("{*}Coding"):
        ctx.report.skip("coding", coding.get("guid") or "?", reason)


def _member(ctx: "Importer", path: str | None) -> tuple[bytes | None, str]:
    """The bytes of the archive member a source path names, and its file name."""
    prefix = getattr(ctx.archive, "prefix", "")
    candidates = member_path(path or "")
    for candidate in [f"{prefix}/{c}" for c in candidates] * bool(prefix) + candidates:
        info = ctx.archive.find(candidate) if ctx.archive else None
        if info is not None:
            return ctx.archive.read(info), candidate.rsplit("/", 1)[-1]
    return None, ""


def _add_source(ctx: "Importer", source, name: str, *, own_file: bool = True,
                **fields) -> int | None:
    """sources.add with the file's GUID. Only the same file twice (same original bytes) is a
    duplicate, reused with its codings. A source that came without a file of its own (its bytes
    are only its text, ``own_file`` false) is never merged with another of the same text: its
    identity (``sources.sha256``, unique) is then the hash of its GUID and text instead."""
    guid = norm_guid(source.get("guid"))
    sha = hashlib.sha256(fields["data"]).hexdigest()
    existing = ctx.project.sources.find_by_sha256(sha)
    if existing is not None and not own_file:
        sha = hashlib.sha256("\n".join(("refi-source", guid or name, fields.get("text") or ""))
                             .encode("utf-8")).hexdigest()
        existing = ctx.project.sources.find_by_sha256(sha)
    if existing is not None:
        ctx.report.skip("source", name, tr("It is the same file as “{title}”; its codings "
                                           "were put on that source.", title=existing.title))
        ctx.sources[guid] = existing.id
        return existing.id
    fields["sha256"] = sha
    fields.setdefault("notes", text_of(source, "Description"))
    fields.update(read_source_values(ctx, source, name, fields["notes"]))
    try:
        created = ctx.project.sources.add(title=name, guid=ctx.free_guid("sources", guid),
                                          **fields)
    except WorkbenchError as exc:
        ctx.report.skip("source", name, str(exc))
        return None
    ctx.sources[guid] = created.id
    ctx.report.count("sources")
    return created.id


def _text_source(ctx: "Importer", source, text_el, name: str, original_path: str | None) -> None:
    text = text_of(text_el, "PlainTextContent", strip=False) if kid(text_el, "PlainTextContent") is not None \
        else None
    plain, plain_name = _member(ctx, text_el.get("plainTextPath"))
    if text is None and plain is not None:
        text = decode_text(plain)
    if text is None:
        ctx.report.skip("source", name, tr("Its text file ({path}) is not in the archive.",
                                           path=text_el.get("plainTextPath") or "-"))
        _skip_codings(ctx, text_el, tr("Its source was not imported."))
        return
    # A NUL (only a damaged text file holds one) would end the text early for SQLite; U+FFFD in
    # its place keeps every position after it where the file's selections expect it.
    text = text.replace("\x00", "\ufffd")
    notes, kept = _original_line(text_of(source, "Description"))
    original, file_name = _member(ctx, original_path or text_el.get("richTextPath") or kept)
    data = original if original is not None else (plain if plain is not None
                                                  else text.encode("utf-8"))
    file_name = _file_name(ctx, source, name, file_name or plain_name)
    source_id = _add_source(ctx, source, name, own_file=original is not None, kind="text",
                            text=text, data=data,
                            file_name=file_name, notes=notes,
                            media_type=_media_type(ctx, source, file_name, "text/plain"))
    if source_id is None:
        _skip_codings(ctx, text_el, tr("Its source was not imported."))
        return
    text = ctx.project.sources.text(source_id)
    selections = list(kids(text_el, "PlainTextSelection"))
    raw = [(_int(s.get("startPosition")), _int(s.get("endPosition"))) for s in selections]
    scheme = detect_scheme(text, [r for r in raw if None not in r], ctx.origin)
    ctx.report.schemes[name] = scheme
    converted = convert(text, [(a or 0, b or 0) for a, b in raw], scheme)
    for selection, (start, end), (raw_start, raw_end) in zip(selections, converted, raw):
        codings = list(kids(selection, "Coding"))
        if raw_start is None or raw_end is None or start >= end or end > len(text) or start < 0:
            reason = tr("The selection {start}–{end} is empty or outside the text ({length} "
                        "characters).", start=raw_start, end=raw_end, length=len(text)) \
                if scheme == CODE_POINTS else tr(
                "The selection {start}–{end} (UTF-16 units) is empty or outside the text.",
                start=raw_start, end=raw_end)
            ctx.report.skip("selection", selection.get("guid") or "?", reason)
            _skip_codings(ctx, selection, reason)
            continue
        memo = text_of(selection, "Description", strip=False)
        for coding in codings:
            ctx.code(coding, source_id, memo, passage=(start, end), selection=selection)
    # Codings of the whole source (a Coding directly under the source).
    for coding in kids(text_el, "Coding"):
        if text:
            ctx.code(coding, source_id, "", passage=(0, len(text)))
        else:
            ctx.report.skip("coding", coding.get("guid") or "?", tr("The source has no text."))


def _picture_source(ctx: "Importer", source, name: str) -> None:
    data, file_name = _member(ctx, source.get("path"))
    size = _image_size(data) if data is not None else None
    if size is None:
        reason = tr("Its picture ({path}) is not in the archive or cannot be read.",
                    path=source.get("path") or "-")
        ctx.report.skip("source", name, reason)
        _skip_codings(ctx, source, tr("Its source was not imported."))
        return
    file_name = _file_name(ctx, source, name, file_name)
    source_id = _add_source(ctx, source, name, kind="image", data=data, file_name=file_name,
                            media_type=_media_type(ctx, source, file_name, "image/png"),
                            width=size[0], height=size[1])
    if source_id is None:
        _skip_codings(ctx, source, tr("Its source was not imported."))
        return
    for selection in kids(source, "PictureSelection"):
        x1, y1, x2, y2 = (_int(selection.get(k)) or 0 for k in ("firstX", "firstY", "secondX",
                                                               "secondY"))
        rect = Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
        memo = text_of(selection, "Description")
        for coding in kids(selection, "Coding"):
            ctx.code(coding, source_id, memo, region=rect, selection=selection)
    for coding in kids(source, "Coding"):
        ctx.code(coding, source_id, "", region=Rect(0, 0, size[0], size[1]))


def _image_size(data: bytes) -> tuple[int, int] | None:
    try:
        from PIL import Image
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
    except Exception:
        return None
    if width <= 0 or height <= 0 or width * height > _IMAGE_LIMIT:
        return None
    return width, height


def _original_line(description: str) -> tuple[str, str | None]:
    """The source's notes without the line naming its original file (written by our export),
    and that file's path."""
    from .writing import ORIGINAL_LINE
    lines = description.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(ORIGINAL_LINE + "internal://"):
            return "\n".join(lines[:index] + lines[index + 1:]).strip(), line[len(ORIGINAL_LINE):]
    return description, None


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


_GUID_NAME = re.compile(r"^\{?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?$")


def _source_name(source) -> str:
    """The source's name; without one (or when it is only a GUID) the name of the file its
    path gives (``relative:///Interview 3.txt`` → "Interview 3"), else its GUID."""
    name = (source.get("name") or "").strip()
    if name and not _GUID_NAME.match(name):
        return name
    for attribute in ("plainTextPath", "path", "richTextPath"):
        stem = PurePosixPath((source.get(attribute) or "").replace("\\", "/")).stem
        if stem and not _GUID_NAME.match(stem) and not source.get(attribute, "").startswith(
                "internal://"):
            return stem
    return name or source.get("guid") or "?"


def _file_name(ctx: "Importer", source, name: str, member: str) -> str:
    """The original file's name: ours (kept in our export's details), else the archive member's
    when it is not just a GUID, else the source's name with the member's suffix."""
    kept = ctx.file_names.get(norm_guid(source.get("guid")))
    if kept:
        return str(kept[0])
    stem, suffix = PurePosixPath(member).stem, PurePosixPath(member).suffix
    if member and not _GUID_NAME.match(stem.removesuffix(".original")):
        return member
    return f"{name}{suffix}" if suffix and not name.endswith(suffix) else name


def _media_type(ctx: "Importer", source, file_name: str, default: str) -> str:
    kept = ctx.file_names.get(norm_guid(source.get("guid")))
    if kept:
        return str(kept[1])
    return mimetypes.guess_type(file_name)[0] or default
