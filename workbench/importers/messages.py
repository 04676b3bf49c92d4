"""Every reason an importer gives for refusing a file, in one place so it can be translated.

Each reason follows "<file name>: " (see ImportRefused) and says what is wrong and what to do,
in one sentence. The constants hold the English source text, marked with ``_()`` so that
tests/test_translations.py finds them and checks resources/translations/zh_CN/importers.toml.
They are translated when they are used, never when this module is imported, because the window
can switch language at run time: ``MESSAGE.format(field=…)`` gives the sentence in the current
language with its fields filled in, and :class:`~.document.ImportRefused` translates a reason
it is given unformatted. Fields are always named, so a translation may reorder them.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..i18n import tr


class Message(str):
    """An English sentence (or phrase) whose translation is looked up each time it is used."""

    __slots__ = ()

    def format(self, /, **fields: object) -> str:  # type: ignore[override]
        """The text in the current language, ``{fields}`` filled in; a field that is itself a
        Message is translated too. Positional arguments are refused (fields must be named)."""
        return tr(str(self), **{name: value.format() if isinstance(value, Message) else value
                                for name, value in fields.items()})


def _(source: str) -> Message:
    """Mark ``source`` (a literal) as English text to be translated when it is used."""
    return Message(source)


def text(value: str) -> str:
    """A Message in the current language; any other string (a file name, a sentence already
    translated, the operating system's own error text) unchanged."""
    return value.format() if isinstance(value, Message) else value


def listing(items: Iterable[str]) -> str:
    """"a, b, c" with the current language's separator ("a、b、c" in Chinese)."""
    return LIST_SEPARATOR.format().join(items)


def alternatives(items: Iterable[str]) -> str:
    """"a or b", "a, b or c" in the current language."""
    names = list(items)
    if len(names) < 2:
        return listing(names)
    return EITHER.format(items=listing(names[:-1]), last=names[-1])


# --- pieces of sentences ------------------------------------------------------------------------
LIST_SEPARATOR = _(", ")
EITHER = _("{items} or {last}")
AND_MORE = _(" and more")

# --- any file -------------------------------------------------------------------------------
EMPTY = _("the file is empty; choose a file that contains text or an image.")
NOT_FOUND = _("the file does not exist (it may have been moved or renamed); choose it again.")
IS_FOLDER = _("this is a folder, not a file; choose the files inside it or import the folder.")
NO_PERMISSION = _(
    "the file cannot be read because access is denied; check its permissions and try again."
)
UNREADABLE = _("the file could not be read ({detail}); check the disk and try again.")
UNSUPPORTED = _(
    "{ext} files are not supported yet; supported: {supported}; save it in one of these "
    "formats and import it again."
)
UNSUPPORTED_CONVERT = _(
    "{ext} files are not supported; open it in Word, WPS Office or LibreOffice, save it as "
    ".docx, and import that."
)
TOO_LARGE = _(
    "the file is too large to import ({size} MB, the limit is {limit} MB); split it into "
    "smaller files and import those."
)
NOT_REGULAR = _(
    "this is not an ordinary file (a device, a pipe or a socket), so it cannot be imported; "
    "choose a saved file."
)
READ_BY_CONTENT = _("the file's extension does not fit its content; it was read as {actual}.")
NO_EXTENSION = _(
    "the file has no extension, so its type is unknown; rename it with one of {supported} and "
    "import it again."
)
UNEXPECTED = _(
    "the file could not be read because of an unexpected problem in the importer ({detail}); "
    "save it again in its program, or report the problem with this file."
)
WRONG_CONTENT = _("the file has the {ext} extension but is {actual}; {advice}")
# How WRONG_CONTENT names what a file really is, by the kind sniff() finds (sniff.DESCRIPTIONS).
KINDS = {
    "pdf": _("a PDF document"),
    "ole2": _("a legacy Word 97–2003 .doc file (or another Office 97–2003 file)"),
    "docx": _("a Word document"),
    "xlsx": _("an Excel workbook"),
    "pptx": _("a PowerPoint presentation"),
    "odt": _("an OpenDocument (LibreOffice) file"),
    "zip": _("a ZIP archive"),
    "rtf": _("a Rich Text (RTF) document"),
    "html": _("a web page (HTML)"),
    "mhtml": _("a web page saved as a single file (MHTML)"),
    "png": _("a PNG image"),
    "jpeg": _("a JPEG image"),
    "gif": _("a GIF image"),
    "bmp": _("a BMP image"),
    "webp": _("a WebP image"),
    "tiff": _("a TIFF image"),
}
OTHER_KIND = _("another kind of file")
# What to do about a file whose content is not what its extension says, by real kind.
ADVICE = {
    "ole2": _("open it in Word or LibreOffice, save it as .docx, and import that."),
    "odt": _("open it in Word or LibreOffice, save it as .docx, and import that."),
    "rtf": _("open it in Word or LibreOffice, save it as .docx, and import that."),
    "html": _("open it in Word or LibreOffice, save it as .docx, and import that."),
    "xlsx": _("copy its text into a Word document or a text file and import that."),
    "pptx": _("copy its text into a Word document or a text file and import that."),
    "zip": _("unpack it and import the files inside."),
    "tiff": _("convert it to PNG in an image editor and import that."),
    "rename": _("rename it to {suggested} and import it again."),
    "unknown": _("check that this is the file you meant, or save it in a supported format and "
                 "import that."),
}

# --- text files -----------------------------------------------------------------------------
TEXT_EMPTY = _("the file is empty (it holds no visible text); choose a file with content.")
TEXT_BINARY = _(
    "the file does not look like plain text (it contains binary data); if it is a document, "
    "open it in its program, save it as UTF-8 text, and import that."
)
TEXT_UNDECIDED = _(
    "its text encoding could not be decided with confidence (it may be {candidates}); "
    "save it as UTF-8 and import it again."
)
# Encodings named in TEXT_UNDECIDED whose names alone do not say the language.
KOREAN_EUC_KR = _("EUC-KR (Korean)")
KOREAN_JOHAB = _("Johab (Korean)")
TEXT_GARBLED = _(
    "its text encoding could not be recognised (every reading gives garbled text); "
    "save it as UTF-8 and import it again."
)
TEXT_BAD_BYTES = _(
    "{count} byte(s) are not valid {encoding} and are shown as \ufffd (line(s) {lines}); "
    "compare those places with the original file."
)
TEXT_BAD_BOM = _(
    "it starts with a {encoding} byte-order mark but its text is not valid {encoding}, so the "
    "file is damaged; save it again as UTF-8 and import it again."
)

# --- Word documents ----------------------------------------------------------------------------
DOC_LEGACY = _(
    "this is a legacy Word 97–2003 .doc file; open it in Word or LibreOffice, save it as .docx, "
    "and import that."
)
OFFICE_PASSWORD = _(
    "the document is protected by a password; open it in Word or WPS, remove the password "
    "(File → Info → Protect Document), save it, and import it again."
)
DOC_NEEDS_LIBREOFFICE = _(
    "this is a legacy Word 97–2003 .doc file, which is read through LibreOffice; install "
    "LibreOffice (free), or save it as .docx in Word or WPS, and import it again."
)
CONVERT_NEEDS_LIBREOFFICE = _(
    "{ext} files are read through LibreOffice; install LibreOffice (free), or save it as .docx "
    "in Word or WPS, and import it again."
)
CONVERT_FAILED = _(
    "LibreOffice could not convert the file (it may be damaged or protected by a password); "
    "open it in Word or WPS, save it as .docx, and import that."
)
CONVERT_TIMEOUT = _(
    "LibreOffice did not finish converting the file within {seconds} seconds and was stopped; "
    "open it in Word or WPS, save it as .docx, and import that."
)
DOCX_DAMAGED = _(
    "this is not a readable Word document (the file is damaged); open it in Word or "
    "LibreOffice, save it again as .docx, and import that."
)
DOCX_TOO_LARGE = _(
    "the Word document unpacks to more than 1 GB, which no real document does (the file may be "
    "damaged or malicious); open it in Word, save it again, and import that."
)
DOCX_PACKED = _(
    "the Word document holds a part packed over 200 times smaller than it unpacks, which no real "
    "document does (the file may be damaged or malicious); open it in Word, save it again, and "
    "import that."
)
DOCX_DTD = _(
    "the Word document declares a DTD or entities, which Word never writes (the file may be "
    "damaged or malicious); open it in Word, save it again, and import that."
)
DOCX_NO_TEXT = _(
    "the Word document contains no text; add the text (for a scanned page, import it as an "
    "image) and import it again."
)

# --- images -------------------------------------------------------------------------------------
IMAGE_WRONG_FORMAT = _(
    "the file has the {ext} extension but is a {actual} image; rename it to {suggested} and "
    "import it again."
)
IMAGE_KIND = _("a {kind} image")
IMAGE_NOT_SUPPORTED = _(
    "{actual} images are not supported; convert it to PNG in an image editor and import that."
)
IMAGE_DAMAGED = _(
    "the image is damaged or incomplete and cannot be read; export or save it again and "
    "import the new file."
)
IMAGE_TOO_LARGE = _(
    "the image is too large ({megapixels} megapixels, the limit is {limit}); scale it down in "
    "an image editor and import it again."
)
IMAGE_TOO_LARGE_OVER = _(  # Pillow stopped reading it, so its size is unknown
    "the image is too large (over {limit} megapixels, the limit is {limit}); scale it down in "
    "an image editor and import it again."
)
IMAGE_UNKNOWN = _(
    "the file is not an image in a supported format ({supported}); convert it to PNG and "
    "import it again."
)

# --- PDF documents ------------------------------------------------------------------------------
PDF_PASSWORD = _(
    "the PDF is protected by a password; remove the protection (print to PDF) and import it again."
)
PDF_ENCRYPTION_UNSUPPORTED = _(
    "the PDF is protected with an encryption the importer cannot open; remove the protection "
    "(print to PDF) and import it again."
)
PDF_DAMAGED = _(
    "the PDF is damaged and cannot be read; open it in a PDF reader, print it to a new PDF, "
    "and import that."
)
PDF_TRUNCATED = _(
    "the PDF is incomplete (the file ends early, as after an unfinished download); download or "
    "copy it again and import the new file."
)
PDF_NOT_PDF = _(
    "the file has the .pdf extension but is not a PDF document; check that this is the file you "
    "meant, or download it again and import the new file."
)
PDF_BOMB = _(
    "the PDF holds compressed data that unpacks to more than {limit} MB, which no real document "
    "does (the file may be damaged or malicious); print it to a new PDF from a PDF reader and "
    "import that."
)
PDF_TOO_MANY_PAGES = _(
    "the PDF has more than {limit} pages, more than the importer reads from one file; split it "
    "into smaller PDFs and import those."
)
PDF_NO_PAGES = _("the PDF has no pages; choose a PDF with content.")
PDF_NEEDS_OCR = _(
    "the PDF has no text layer (its {pages} page(s) are scanned images); import it with text "
    "recognition (OCR) to get its text."
)
PDF_NO_TEXT_MAP = _(
    "the PDF's text cannot be read because its fonts do not say which characters they draw; "
    "import it with text recognition (OCR) to get its text."
)
PDF_NO_SCAN_IMAGES = _(
    "the PDF's pages hold no images that text recognition can read; print it to a new PDF or "
    "export its pages as images, and import those."
)

# --- web pages ----------------------------------------------------------------------------------
HTML_NO_TEXT = _(
    "the web page contains no readable text (it may be filled in by scripts when it is opened); "
    "print it to PDF from the browser, or take a screenshot, and import that."
)
HTML_TOO_DEEP = _(
    "the web page nests its elements more than 255 levels deep, further than can be read "
    "safely, so part of it would be lost; print the article to PDF from the browser and import "
    "that."
)
HTML_DAMAGED = _(
    "the web page cannot be read (the file is damaged); save the page again from the browser "
    "and import the new file."
)
HTML_TOO_LARGE = _(
    "the web page is too large to read ({size} MB of HTML, the limit is {limit} MB); print the "
    "article to PDF from the browser and import that."
)
HTML_WHOLE_PAGE = _(
    "the article found on the page was too short for it, so all its visible text was kept "
    "(menus and lists included); delete what does not belong to the article if needed."
)
MHTML_NO_PAGE = _(
    "the saved web page (.mhtml) holds no HTML page; save the page again from the browser "
    "(\"Web page, complete\" or \"Webpage, single file\") and import the new file."
)

# --- text recognition (OCR) ---------------------------------------------------------------------
OCR_NOT_INSTALLED = _(
    "OCR is not installed; install the 'ocr' extra (pip install \"case-workbench[ocr]\") and "
    "try again."
)
OCR_TOO_LARGE = _(
    "the image is too large for text recognition ({megapixels} megapixels, the limit is "
    "{limit}); cut it into smaller screenshots and recognise those."
)
OCR_TOO_LARGE_OVER = _(  # Pillow stopped reading it, so its size is unknown
    "the image is too large for text recognition (over {limit} megapixels, the limit is "
    "{limit}); cut it into smaller screenshots and recognise those."
)
OCR_FILE_TOO_LARGE = _(
    "the image file is too large for text recognition ({size} MB, the limit is {limit} MB); "
    "save it as PNG or JPEG, or cut it into smaller screenshots, and try again."
)
OCR_NOT_IMAGE = _(
    "the image cannot be decoded for text recognition (it is damaged or not an image); export "
    "or save it again and try again."
)

# --- manifests (a table describing the files of an import) -------------------------------------
MANIFEST_UNREADABLE = _("the list cannot be read ({detail}); save it again as .xlsx or .csv.")
MANIFEST_DAMAGED = _(
    "the list is damaged or is not an Excel workbook; open it in Excel or WPS, save it again as "
    ".xlsx or .csv, and choose that."
)
MANIFEST_UNSAFE = _(
    "the workbook is packed in a way Excel never writes (a zip bomb, or a DTD with entities), so "
    "it is not opened; open it in Excel or WPS, save it again as .xlsx or .csv, and choose that."
)
MANIFEST_FORMAT = _(
    "lists of files can be read from .csv and .xlsx files only; save it in Excel or WPS as "
    ".xlsx or .csv (UTF-8) and choose that."
)
MANIFEST_NO_NAME_COLUMN = _(
    "the list has no column of file names (a heading such as 文件名 or \"file name\" in its first "
    "rows); add one and choose it again."
)
MANIFEST_ENCODING = _(
    "the list's text encoding is neither UTF-8 nor GB18030/GBK; save it as \"CSV UTF-8\" and "
    "choose it again."
)
MANIFEST_ROW_NO_NAME = _("row {row}: the row has no file name, so it was skipped.")
MANIFEST_ROW_BAD_DATE = _(
    "row {row}: the date \"{value}\" is not a real date (write it as 2016-09-29); it was left "
    "empty."
)
MANIFEST_ROW_DUPLICATE = _(
    "row {row}: {name} is listed again (first in row {first}); the first row is used."
)
