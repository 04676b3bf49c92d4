"""Dispatch by extension, content sniffing, unreadable files, folder expansion."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from workbench.importers import (
    SUPPORTED_EXTENSIONS,
    ImportedDocument,
    ImportRefused,
    collect_files,
    read_file,
)
from workbench.importers import registry


def _refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_file(path)
    assert refused.value.file_name == path.name
    return str(refused.value)


def test_supported_extensions() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {
        ".txt", ".md", ".markdown", ".docx", ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif",
        ".pdf", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".doc", ".rtf", ".wps", ".odt"}


def test_unsupported_extension_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "论文.epub"
    path.write_bytes(b"PK\x03\x04 ...")
    assert _refusal(path) == (
        "论文.epub: .epub files are not supported yet; supported: .bmp, .doc, .docx, .gif, .htm, "
        ".html, .jpeg, .jpg, .markdown, .md, .mht, .mhtml, .odt, .pdf, .png, .rtf, .txt, .webp, "
        ".wps, .xhtml; save it in one of these formats and import it again.")


@pytest.mark.parametrize("name, expected", [
    # (a header and nothing else: LibreOffice, when installed, cannot convert it)
    ("旧.doc", "legacy Word 97–2003 .doc file" if shutil.which("soffice") is None
     else "LibreOffice could not convert the file"),
    ("wps文档.wps", ".wps files are read through LibreOffice" if shutil.which("soffice") is None
     else "LibreOffice could not convert the file"),
    ("README", "the file has no extension"),
])
def test_special_unsupported_files(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert expected in _refusal(path)


def test_case_of_the_extension_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "NOTES.TXT"
    path.write_text("hello", encoding="utf-8")
    assert read_file(path).text == "hello"


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.4\n%...", "the file has the .docx extension but is a PDF document; rename it to "
                        ".pdf and import it again."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
     "the file has the .docx extension but is a legacy Word 97–2003 .doc file"),
    (b"{\\rtf1\\ansi hello}", "is a Rich Text (RTF) document; open it in Word or LibreOffice"),
    (b"\x89PNG\r\n\x1a\n" + bytes(40), "is a PNG image; rename it to .png and import it again."),
])
def test_docx_content_is_sniffed(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "材料.docx"
    path.write_bytes(content)
    message = _refusal(path)
    assert message.startswith("材料.docx: ") and expected in message


def test_plain_zip_named_docx(tmp_path: Path) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    path = tmp_path / "包.docx"
    path.write_bytes(buffer.getvalue())
    assert "is a ZIP archive; unpack it and import the files inside." in _refusal(path)


def test_word_document_named_txt_is_told_to_rename(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("正文")
    path = tmp_path / "访谈.txt"
    d.save(str(path))
    assert _refusal(path).endswith(
        "the file has the .txt extension but is a Word document; rename it to .docx and import "
        "it again.")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "空.docx"
    path.write_bytes(b"")
    assert _refusal(path) == (
        "空.docx: the file is empty; choose a file that contains text or an image.")


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    assert "does not exist" in _refusal(tmp_path / "gone.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "this is a folder, not a file" in _refusal(folder)


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")

    def denied(self: Path) -> bytes:  # chmod 000 does not stop root, so simulate the OS
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert _refusal(path) == (
        "locked.txt: the file cannot be read because access is denied; check its permissions "
        "and try again.")


def test_a_reader_crash_becomes_a_sentence(tmp_path: Path) -> None:
    def broken(data: bytes, file_name: str) -> ImportedDocument:
        raise AttributeError("bug")

    registry.register([".zzz"], broken, accepts={None})
    try:
        path = tmp_path / "odd.zzz"
        path.write_text("x", encoding="utf-8")
        message = _refusal(path)
        assert message.startswith("odd.zzz: the file could not be read because of an "
                                  "unexpected problem in the importer (AttributeError)")
    finally:
        del registry._READERS[".zzz"]


def test_a_new_reader_is_one_register_call(tmp_path: Path) -> None:
    def read_csv(data: bytes, file_name: str) -> ImportedDocument:
        return ImportedDocument("text", "csv", file_name, "text/csv", data, data.decode())

    registry.register([".CSV"], read_csv, accepts={None})
    try:
        path = tmp_path / "t.csv"
        path.write_text("a,b", encoding="utf-8")
        assert read_file(path).media_type == "text/csv"
        assert ".csv" in SUPPORTED_EXTENSIONS
    finally:
        del registry._READERS[".csv"]


def test_collect_files_expands_folders(tmp_path: Path) -> None:
    root = tmp_path / "材料"
    (root / "访谈" / ".git").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "__MACOSX").mkdir()
    files = {
        "访谈/访谈10.txt": "x", "访谈/访谈2.txt": "x", "访谈/~$访谈2.docx": "lock",
        "访谈/.DS_Store": "x", "访谈/.git/config.txt": "x", ".hidden/secret.md": "x",
        "__MACOSX/x.png": "x", "b.docx": "x", "A.md": "x", "notes.epub": "x",
        "Thumbs.db": "x",
    }
    for name, content in files.items():
        (root / name).write_text(content, encoding="utf-8")
    explicit_epub = root / "notes.epub"
    found = collect_files([root, explicit_epub, root / "b.docx", str(root / "访谈")])
    assert [p.relative_to(root).as_posix() for p in found] == [
        "A.md", "b.docx", "访谈/访谈2.txt", "访谈/访谈10.txt", "notes.epub"]


def test_collect_files_keeps_missing_and_hidden_files_named_explicitly(tmp_path: Path) -> None:
    hidden = tmp_path / ".draft.txt"
    hidden.write_text("x", encoding="utf-8")
    missing = tmp_path / "gone.docx"
    assert collect_files([hidden, missing, hidden]) == [hidden, missing]


def test_importers_load_no_qt_core_or_heavy_library_at_import() -> None:
    code = ("import sys, workbench.importers; "
            "bad = [m for m in ('PySide6', 'workbench.core', 'docx', 'PIL', 'charset_normalizer')"
            " if m in sys.modules]; print(bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.strip() == "[]"
