"""How good an imported text is: figures from the stored text, and one sentence per problem.

A researcher codes what the tool stored, so a file whose text was lost or garbled must never be
reported as a plain success. :func:`assess` reads an :class:`ImportedDocument` (and the optional
fields importers may add: ``warnings``, ``pages_without_text``, ``ocr_confidence``,
``title_guess_from``, ``date_guess_from``); :func:`assess_text` does the same from a stored
source's text and original, for sources imported before the figures existed. Everything else is
computed from the text itself. The result is plain JSON (kept in ``sources.metadata["quality"]``);
the sentences are made when shown (:func:`sentences`), in the language of that moment.

Thresholds, and why (each problem is a warning; the text is still imported):

* ``WEB_MIN_CHARS`` / ``WEB_MIN_BYTES``: a saved web page of 8 KB or more whose stored text has
  fewer than 200 visible characters. The shortest real notice or article is a few sentences
  (≈ 100–200 Chinese characters); the markup of even a bare page is a few KB; the failure seen
  was a 40 KB page giving 19 characters. A web archive (.mhtml) carries its pictures, so its size
  says little: fewer than 50 characters (``ARCHIVE_MIN_CHARS``: a URL line, not an article).
* ``WEB_KEPT_SHARE``: the stored text is less than 10 % of the text visible in the whole markup
  (tags, scripts and styles removed) while that markup holds 500 characters or more. A main-text
  extractor rightly drops menus and footers, but keeps far more than a tenth of a news page.
* ``WORD_KEPT_SHARE``: a Word file whose stored text has less than half the characters of its
  document's text runs (``<w:t>``): numbering and notes only add, so less means text was lost.
* ``PLAIN_BYTES_PER_CHAR``: a plain-text file giving fewer than one character per 6 bytes of a
  file of 1 KB or more: no encoding needs more than 4 bytes a character.
* ``PDF_MIN_CHARS_PER_PAGE``: a PDF whose pages hold on average fewer than 20 characters: a page
  number and a header at most, so the text layer is missing or unusable.
* pages without text, characters shown as U+FFFD, compatibility characters (Kangxi radicals,
  ligatures): any at all, since normal text has none and each one is a lost or hidden character.
* mojibake: runs of two or more Latin-1 characters that, as bytes, decode (GBK, Big5 or UTF-8)
  into common Chinese characters, at least 4 bytes in all, and at least 60 % of such bytes;
  German or French accents (“Größe”) decode only into rare characters, so they do not count.
* ``OCR_MIN_CONFIDENCE``: text recognition averaging below 0.80; rapidocr gives 0.9 and more for
  clear screenshots, and lines below 0.8 are often misread.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..i18n import tr

WEB_MIN_BYTES = 8 * 1024
WEB_MIN_CHARS = 200
ARCHIVE_MIN_CHARS = 50
WEB_KEPT_SHARE = 0.10
WEB_MARKUP_MIN_CHARS = 500
WORD_KEPT_SHARE = 0.5
PLAIN_BYTES_PER_CHAR = 6
PLAIN_MIN_BYTES = 1024
PDF_MIN_CHARS_PER_PAGE = 20
MOJIBAKE_MIN_BYTES = 4
MOJIBAKE_SHARE = 0.6
OCR_MIN_CONFIDENCE = 0.80

OK, WARNING = "ok", "warning"

_WEB_TYPES = ("text/html", "application/xhtml+xml", "multipart/related", "message/rfc822")
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Latin-1's upper half and the characters cp1252 puts at 0x80-0x9F: what GBK/Big5/UTF-8 bytes
# become when read as Western text.
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_HIGH_RUN = re.compile("[\u0080-\u009f\u00a1-\u00ff" + re.escape(_CP1252_EXTRA) + "]{2,}")
_COMPAT_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB06))


def assess(document: Any) -> dict[str, Any]:
    """The quality of an importer's document (see the module text)."""
    metadata = dict(getattr(document, "metadata", {}) or {})
    confidences = [line.confidence for page in getattr(document, "ocr_pages", []) or []
                   for line in getattr(page, "lines", ())
                   if getattr(line, "confidence", None) is not None]
    confidence = getattr(document, "ocr_confidence", None)
    if confidence is None and confidences:
        confidence = sum(confidences) / len(confidences)
    empty = getattr(document, "pages_without_text", None)
    if isinstance(empty, int):  # the PDF reader's count: which pages, the metadata or blocks say
        empty = None
    if empty is None and metadata.get("pages_without_text"):
        empty = [int(p) for p in re.findall(r"\d+", metadata["pages_without_text"])]
    return assess_text(
        getattr(document, "text", None), kind=document.kind, media_type=document.media_type,
        file_name=document.file_name, data=document.data,
        blocks=getattr(document, "blocks", ()), metadata=metadata, ocr_confidence=confidence,
        pages_without_text=empty, importer_warnings=getattr(document, "warnings", None) or (),
        title_from=getattr(document, "title_guess_from", None),
        date_from=getattr(document, "date_guess_from", None))


def assess_text(text: str | None, *, kind: str, media_type: str = "", file_name: str = "",
                data: bytes = b"", blocks: Iterable[Any] = (), metadata: dict | None = None,
                ocr_confidence: float | None = None,
                pages_without_text: Iterable[int] | None = None,
                importer_warnings: Iterable[str] = (), title_from: str | None = None,
                date_from: str | None = None) -> dict[str, Any]:
    """Figures and problems of a stored text, as plain JSON."""
    metadata = metadata or {}
    text = text or ""
    ocr = metadata.get("ocr") == "yes" or ocr_confidence is not None
    figures = _figures(text)
    pages = _pages(blocks, metadata)
    if pages_without_text is None and pages and ocr:  # OCR'd pages: their blocks tell
        pages_without_text = [n for n, (s, e) in pages.items() if not text[s:e].strip()]
    empty_pages = sorted(set(pages_without_text or ()))
    quality: dict[str, Any] = {
        **figures, "bytes": len(data), "kind": kind, "media_type": media_type,
        "pages": len(pages) or _int(metadata.get("pages")),
        "pages_without_text": empty_pages,
        "ocr_confidence": None if ocr_confidence is None else round(float(ocr_confidence), 3),
        "title_from": title_from or metadata.get("title_guess_from"),
        "date_from": date_from or metadata.get("date_guess_from"),
    }
    problems = _problems(text, quality, data, ocr)
    quality["problems"] = problems
    quality["importer_warnings"] = [str(w) for w in importer_warnings]
    quality["verdict"] = WARNING if problems or quality["importer_warnings"] else OK
    return quality


# Han ideographs and their radicals, CJK punctuation, kana, Hangul, full-width forms, the
# supplementary ideograph planes.
_CJK_RUN = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
                      "\U00020000-\U0003ffff]+")
_LATIN_RUN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_COMPAT_RUN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _COMPAT_RANGES)
                         + "]+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Characters matched, counted by runs (a million characters in a fraction of a second)."""
    return sum(m.end() - m.start() for m in pattern.finditer(text))


def _figures(text: str) -> dict[str, Any]:
    visible = len("".join(text.split()))  # str.split knows all of Unicode's spaces
    cjk, latin = _count(_CJK_RUN, text), _count(_LATIN_RUN, text)
    share = (lambda n: round(n / visible, 3) if visible else 0.0)
    mojibake, codec, sample = _mojibake(text)
    return {"characters": len(text), "visible_characters": visible, "cjk_share": share(cjk),
            "latin_share": share(latin), "other_share": share(visible - cjk - latin),
            "replacement_characters": text.count("\ufffd"),
            "compatibility_characters": _count(_COMPAT_RUN, text),
            "mojibake_characters": mojibake, "mojibake_codec": codec, "mojibake_sample": sample}


def _common_chinese(ch: str) -> bool:
    """A character of GB2312's first level (the 3,755 most used), Big5's frequent range or
    CJK punctuation: what real Chinese text is made of, and accented Latin is not."""
    if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
        return True
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _mojibake(text: str) -> tuple[int, str | None, str]:
    """(characters suspected, the codec that would repair them, "¹ØÓÚ → 关于") or (0, None, "")."""
    runs = [m.group() for m in _HIGH_RUN.finditer(text)]
    raw = [_as_bytes(r) for r in runs]
    total = sum(len(b) for b in raw)
    if total < MOJIBAKE_MIN_BYTES:
        return 0, None, ""
    best: tuple[int, str | None] = (0, None)
    for codec in ("gbk", "big5", "utf-8"):
        good = 0
        for chunk in raw:
            try:
                decoded = chunk.decode(codec)
            except UnicodeDecodeError:
                continue
            if decoded and all(_common_chinese(c) for c in decoded):
                good += len(chunk)
        if good > best[0]:
            best = (good, codec)
    good, codec = best
    if codec is None or good < MOJIBAKE_MIN_BYTES or good / total < MOJIBAKE_SHARE:
        return 0, None, ""
    sample_runs = [r for r, b in zip(runs, raw) if _decodes(b, codec)][:4]
    before = " ".join(sample_runs)
    after = " ".join(_as_bytes(r).decode(codec) for r in sample_runs)
    return sum(len(r) for r, b in zip(runs, raw) if _decodes(b, codec)), codec, \
        f"{before} → {after}"


def _as_bytes(run: str) -> bytes:
    """The bytes a run of Western characters was read from (cp1252, or Latin-1 for C1)."""
    return b"".join(bytes([ord(c)]) if ord(c) < 256 else c.encode("cp1252") for c in run)


def _decodes(chunk: bytes, codec: str) -> bool:
    try:
        decoded = chunk.decode(codec)
    except UnicodeDecodeError:
        return False
    return bool(decoded) and all(_common_chinese(c) for c in decoded)


def _pages(blocks: Iterable[Any], metadata: dict) -> dict[int, tuple[int, int]]:
    pages: dict[int, tuple[int, int]] = {}
    for block in blocks:
        get = block.get if isinstance(block, dict) else (lambda k, b=block: getattr(b, k, None))
        if get("kind") == "page":
            pages[int(get("level") or 0)] = (int(get("start")), int(get("end")))
    return dict(sorted(pages.items()))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _problems(text: str, q: dict[str, Any], data: bytes, ocr: bool) -> list[dict[str, Any]]:
    """What is wrong, as (code, fields): made into sentences when shown."""
    found: list[dict[str, Any]] = []
    visible, size, media = q["visible_characters"], q["bytes"], q["media_type"]
    if q["kind"] == "image":
        if ocr and visible == 0:
            found.append({"code": "ocr-nothing"})
    elif visible == 0:
        found.append({"code": "no-text", "bytes": size})
    elif media in _WEB_TYPES:
        # An .mhtml's parts are encoded (base64, quoted-printable): its markup cannot be read
        # this way, so only its size counts.
        archive = not media.startswith("text/")  # .mhtml: its size is mostly pictures
        markup = _markup_text_length(data) if data and not archive else 0
        if size >= WEB_MIN_BYTES and visible < (ARCHIVE_MIN_CHARS if archive else WEB_MIN_CHARS):
            found.append({"code": "short-web", "characters": visible, "kb": size // 1024})
        elif markup >= WEB_MARKUP_MIN_CHARS and visible < WEB_KEPT_SHARE * markup:
            found.append({"code": "web-lost", "characters": visible, "markup": markup})
    elif media == _WORD_TYPE:
        runs = _word_text_length(data)
        if runs and visible < WORD_KEPT_SHARE * runs:
            found.append({"code": "word-lost", "characters": visible, "runs": runs})
    elif media.startswith("text/") and size >= PLAIN_MIN_BYTES \
            and q["characters"] * PLAIN_BYTES_PER_CHAR < size:
        found.append({"code": "short-plain", "characters": q["characters"], "kb": size // 1024})
    pages = q["pages"]
    if q["kind"] == "text" and pages and visible and visible < PDF_MIN_CHARS_PER_PAGE * pages \
            and len(q["pages_without_text"]) < pages:
        found.append({"code": "short-pages", "characters": visible, "pages": pages})
    if q["pages_without_text"]:
        found.append({"code": "empty-pages", "count": len(q["pages_without_text"]),
                      "pages": ", ".join(map(str, q["pages_without_text"][:20])), "ocr": ocr})
    if q["replacement_characters"]:
        line = text[:text.find("\ufffd")].count("\n") + 1
        found.append({"code": "replacement", "count": q["replacement_characters"],
                      "line": line})
    if q["mojibake_characters"]:
        found.append({"code": "mojibake", "count": q["mojibake_characters"],
                      "codec": q["mojibake_codec"].upper(), "sample": q["mojibake_sample"]})
    if q["compatibility_characters"]:
        example = _COMPAT_RUN.search(text).group()[0]  # type: ignore[union-attr]
        found.append({"code": "compatibility", "count": q["compatibility_characters"],
                      "example": example,
                      "plain": unicodedata.normalize("NFKC", example)})
    if q["ocr_confidence"] is not None and visible and q["ocr_confidence"] < OCR_MIN_CONFIDENCE:
        found.append({"code": "ocr-unsure", "confidence": f"{q['ocr_confidence']:.2f}"})
    return found


_SCRIPT = re.compile(rb"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_TAG = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&#?\w+;")
_SPACE = re.compile(rb"\s+")


def _markup_text_length(data: bytes) -> int:
    """About how many visible characters the whole markup holds (after ``</html>`` too)."""
    if len(data) > 20 * 2 ** 20:  # far past any saved page: not worth the time
        return 0
    stripped = _SPACE.sub(b"", _ENTITY.sub(b"x", _TAG.sub(b" ", _COMMENT.sub(
        b" ", _SCRIPT.sub(b" ", data)))))
    for codec in ("utf-8", "gb18030"):
        try:
            return len(stripped.decode(codec))
        except UnicodeDecodeError:
            continue
    return len(stripped.decode("latin-1"))


def _word_text_length(data: bytes) -> int:
    """Characters in the document's text runs (``<w:t>``), 0 when it cannot be told."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > 64 * 2 ** 20:  # the importer's guard allowed it; not worth it
                return 0
            xml = package.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return 0
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
    return sum(len(re.sub(r"\s+|&\w+;", "", r)) for r in runs)


# ----- sentences -----------------------------------------------------------------------------
def sentences(quality: dict[str, Any] | None) -> list[str]:
    """One sentence per problem, in the current language (importers' own warnings as given)."""
    if not quality:
        return []
    said = [_sentence(p) for p in quality.get("problems", [])]
    return [s for s in said if s] + list(quality.get("importer_warnings", []))


def _sentence(p: dict[str, Any]) -> str:
    code = p.get("code")
    if code == "no-text":
        return tr("No text was stored from this file; check that it holds text, or import it "
                  "with text recognition (OCR).")
    if code == "ocr-nothing":
        return tr("Text recognition found no text in this image.")
    if code == "short-web":
        return tr("Only {characters} characters of text were kept from a {kb} KB web page; "
                  "the article may have been lost: compare it with the page in a browser.",
                  characters=p["characters"], kb=p["kb"])
    if code == "web-lost":
        return tr("Only {characters} of about {markup} characters of the page's text were "
                  "kept; the article may have been lost: compare it with the page in a browser.",
                  characters=p["characters"], markup=p["markup"])
    if code == "word-lost":
        return tr("Only {characters} of the {runs} characters in the Word file's text were "
                  "kept; compare the text with the document.",
                  characters=p["characters"], runs=p["runs"])
    if code == "short-plain":
        return tr("Only {characters} characters were read from a {kb} KB text file; check its "
                  "encoding.", characters=p["characters"], kb=p["kb"])
    if code == "short-pages":
        return tr("Only {characters} characters were found on {pages} pages; the PDF's text "
                  "layer may be missing or unusable: import it again with text recognition "
                  "(OCR).", characters=p["characters"], pages=p["pages"])
    if code == "empty-pages":
        if p.get("ocr"):
            return tr("Text recognition found no text on {count} page(s): {pages}.",
                      count=p["count"], pages=p["pages"])
        return tr("{count} page(s) have no text (they may be pictures): {pages}; read them "
                  "with text recognition (OCR): “Recognise the text of pages without text "
                  "(OCR)…” in the sources list's menu, or workbench reextract --ocr.",
                  count=p["count"], pages=p["pages"])
    if code == "replacement":
        return tr("{count} character(s) could not be read and are shown as �, the first on "
                  "line {line}.", count=p["count"], line=p["line"])
    if code == "mojibake":
        return tr("{count} characters look like Chinese read with the wrong code page "
                  "({codec}), e.g. {sample}; the text is garbled there.",
                  count=p["count"], codec=p["codec"], sample=p["sample"])
    if code == "compatibility":
        return tr("{count} character(s) are compatibility forms (e.g. {example} for {plain}) "
                  "that search and word counts miss.", count=p["count"],
                  example=p["example"], plain=p["plain"])
    if code == "ocr-unsure":
        return tr("Text recognition was unsure (mean confidence {confidence}); check the text "
                  "against the original.", confidence=p["confidence"])
    return ""


def status(quality: dict[str, Any] | None) -> str:
    """"ok", "warning", or "unknown" for a source imported before quality was measured."""
    if not quality:
        return "unknown"
    return quality.get("verdict", OK)


def of_source(project: Any, source_id: int) -> dict[str, Any]:
    """A stored source's quality: the figures kept at import (or re-extraction), else measured
    now from its stored text and original (a source imported before they existed)."""
    source = project.sources.get(source_id)
    kept = source.metadata.get("quality")
    if kept:
        return {**kept, "measured": "import"}
    text = project.sources.text(source_id) if source.kind == "text" or source.text_length \
        else None
    measured = assess_text(
        text, kind=source.kind, media_type=source.media_type, file_name=source.file_name,
        data=project.sources.original(source_id), blocks=project.sources.blocks(source_id),
        metadata=source.metadata)
    return {**measured, "measured": "now"}


def figures_line(quality: dict[str, Any] | None) -> str:
    """The figures in one short line for a report or the details: "1,234 characters, 96 %
    Chinese, 2 % Latin", with pages, empty pages and OCR confidence when there are any."""
    if not quality:
        return ""
    parts = [tr("{count} characters", count=f"{quality.get('characters', 0):,}"),
             tr("{share} % Chinese", share=round(100 * quality.get("cjk_share", 0))),
             tr("{share} % Latin", share=round(100 * quality.get("latin_share", 0)))]
    if quality.get("pages"):
        parts.append(tr("{count} pages", count=quality["pages"]))
    if quality.get("pages_without_text"):
        parts.append(tr("{count} without text", count=len(quality["pages_without_text"])))
    if quality.get("replacement_characters"):
        parts.append(tr("{count} unreadable (�)", count=quality["replacement_characters"]))
    if quality.get("mojibake_characters"):
        parts.append(tr("{count} garbled", count=quality["mojibake_characters"]))
    if quality.get("compatibility_characters"):
        parts.append(tr("{count} compatibility forms",
                        count=quality["compatibility_characters"]))
    if quality.get("ocr_confidence") is not None:
        parts.append(tr("OCR confidence {value}", value=f"{quality['ocr_confidence']:.2f}"))
    return tr(", ").join(parts)
