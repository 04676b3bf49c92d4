"""Hostile files are refused with one clear sentence, quickly and in bounded memory, or imported
without their payload: zip bombs (an honest header and a lying one), entity expansion (billion
laughs), external entities and DTDs (file:///etc/passwd must never reach the project),
decompression-bomb images, Flate-bomb and deeply nested PDFs, page trees of absurd size, and
web pages of enormous size. The REFI-QDA archive cases are in tests/exchange/test_refi_safety.py.

Each import runs under a hard CPU cap (fuzzkit.cpu_limit) instead of a timed assertion; the
memory cases run in a child process and check its peak resident size.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
import zlib
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from fuzz import seeds
from fuzz.fuzzkit import assert_one_sentence, cpu_limit
from fuzz.hostile import (BILLION_LAUGHS_DTD, EXTERNAL_DTD, FONT, XXE_DTD, deflated,
                          jpeg_claiming, one_page_pdf, package_with, pdf, png_claiming, raw_zip,
                          stream, zeros_deflated)
from workbench.core import InvalidInputError, Project
from workbench.exchange.codebook import import_codebook
from workbench.exchange.refi import import_qdpx
from workbench.importers import ImportRefused, html, ocr, pdf as pdf_importer, read_file
from workbench.importers.manifest import ManifestError, read_manifest

pytestmark = pytest.mark.timeout(120)
needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
                                reason="peak memory is read from /proc (Linux)")
PASSWD = Path("/etc/passwd").read_text(errors="replace").splitlines()[0][:12] \
    if Path("/etc/passwd").exists() else "root:x:0:0"
CPU = 20  # seconds: each of these is refused or read in well under a second


def _refused(path: Path, *, says: str) -> str:
    """The refusal read_file gives for ``path`` (under the CPU cap), checked as one sentence."""
    with cpu_limit(CPU), pytest.raises(ImportRefused) as caught:
        read_file(path)
    message = str(caught.value)
    assert_one_sentence(message, path.name)
    assert says in message, message
    return message


def _write(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    return folder / name


def _with_member(package: bytes, name: str, packed: bytes, size: int) -> bytes:
    """``package`` plus one member ``name`` given as raw deflate data claiming ``size``."""
    members = []
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        for info in source.infolist():
            body = source.read(info)
            members.append((info.filename, deflated(body), zlib.crc32(body), len(body)))
    return raw_zip(members + [(name, packed, 0, size)])


def _peak_memory_mb(code: str) -> float:
    """Run ``code`` in a child Python; its peak resident set size in MB. VmHWM, not
    getrusage's ru_maxrss, which Linux carries over from the parent (this test process) across
    the fork and exec."""
    script = (f"{code}\n"
              "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
              "print(int(hwm.split()[1]) / 1024)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    return float(done.stdout.strip().splitlines()[-1])


# ----- Word documents ---------------------------------------------------------------------------

def test_docx_zip_bomb_with_an_honest_header_is_refused_from_the_directory(tmp_path):
    packed, size = zeros_deflated(2048)  # 2 GiB of zeros in about 2 MB
    bomb = _write(tmp_path, "炸弹.docx", _with_member(seeds.docx_seeds()[0],
                                                     "word/media/image1.bin", packed, size))
    assert bomb.stat().st_size < 5_000_000
    _refused(bomb, says="unpacks to more than 1 GB")


def test_docx_part_compressed_like_a_bomb_below_the_size_limit_is_refused(tmp_path):
    packed, size = zeros_deflated(600)
    bomb = _write(tmp_path, "压缩.docx", package_with(seeds.docx_seeds()[0],
                                                    {"word/document.xml": (packed, 0, size)}))
    _refused(bomb, says="packed over 200 times smaller")


def test_docx_whose_header_lies_about_a_part_size_is_refused_as_damaged(tmp_path):
    # The header claims 2,000 bytes; zipfile inflates no more than that and finds the CRC wrong.
    packed, _ = zeros_deflated(600)
    liar = _write(tmp_path, "说谎.docx", package_with(seeds.docx_seeds()[0],
                                                    {"word/document.xml": (packed, 0, 2000)}))
    _refused(liar, says="not a readable Word document")


def _document_xml_with(dtd: str, body_text: str, encoding: str = "utf-8") -> bytes:
    with zipfile.ZipFile(io.BytesIO(seeds.docx_seeds()[0])) as source:
        xml = source.read("word/document.xml").decode("utf-8")
    declaration, rest = xml.split("?>", 1)
    rest = rest.replace("<w:t>为深入", f"<w:t>{body_text}为深入", 1)
    text = declaration.replace("UTF-8", encoding.upper()) + "?>" + dtd + rest
    return text.encode(encoding)


@pytest.mark.parametrize("kind, dtd, entity", [
    ("billion-laughs", BILLION_LAUGHS_DTD, "&lol9;"),
    ("xxe", XXE_DTD, "&xxe;"),
    ("external-dtd", EXTERNAL_DTD, ""),
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_docx_declaring_a_dtd_is_refused_and_nothing_is_read(tmp_path, kind, dtd, entity,
                                                             encoding):
    xml = _document_xml_with(dtd, entity, encoding)
    hostile = _write(tmp_path, f"{kind}.docx",
                     package_with(seeds.docx_seeds()[0], {"word/document.xml": xml}))
    _refused(hostile, says="declares a DTD or entities")


def test_a_dtd_hidden_behind_a_long_prolog_comment_is_still_refused(tmp_path):
    # Only the start of each part is read when the prolog ends there; a longer prolog is read
    # whole, so padding it cannot smuggle a DTD past the check.
    padding = "<!--" + "填充" * 60_000 + "-->"
    xml = _document_xml_with(padding + XXE_DTD, "&xxe;")
    hostile = _write(tmp_path, "长注释.docx",
                     package_with(seeds.docx_seeds()[0], {"word/document.xml": xml}))
    _refused(hostile, says="declares a DTD or entities")


# ----- Workbooks: manifests and codebooks -------------------------------------------------------

def _sheet_with(dtd: str, cell: str, workbook: bytes | None = None,
                anchor: str = "通知.pdf") -> bytes:
    """The first sheet of ``workbook`` (the manifest seed) declaring ``dtd``, with ``cell`` (an
    entity reference) put before ``anchor`` when the sheet holds it."""
    workbook = workbook or seeds.manifest_seeds()[".xlsx"][0]
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode("utf-8")
    declaration, rest = sheet.split("?>", 1) if sheet.startswith("<?xml") else ("", sheet)
    rest = rest.replace(anchor, cell + anchor, 1)
    assert dtd not in rest
    return ((declaration + "?>" if declaration else "") + dtd + rest).encode("utf-8")


def test_xlsx_manifest_zip_bomb_is_refused(tmp_path):
    packed, size = zeros_deflated(400)
    bomb = _write(tmp_path, "清单.xlsx", package_with(
        seeds.manifest_seeds()[".xlsx"][0], {"xl/worksheets/sheet1.xml": (packed, 0, size)}))
    with cpu_limit(CPU), pytest.raises(ManifestError) as caught:
        read_manifest(bomb)
    assert_one_sentence(str(caught.value), bomb.name)
    assert "a zip bomb, or a DTD" in str(caught.value)


def test_xlsx_manifest_whose_sheet_header_lies_is_refused_as_damaged(tmp_path):
    packed, _ = zeros_deflated(400)
    liar = _write(tmp_path, "清单.xlsx", package_with(
        seeds.manifest_seeds()[".xlsx"][0], {"xl/worksheets/sheet1.xml": (packed, 0, 5000)}))
    with cpu_limit(CPU), pytest.raises(ManifestError, match="damaged or is not an Excel") as c:
        read_manifest(liar)
    assert_one_sentence(str(c.value), liar.name)


@pytest.mark.parametrize("dtd, entity", [(BILLION_LAUGHS_DTD, "&lol9;"), (XXE_DTD, "&xxe;"),
                                         (EXTERNAL_DTD, "")])
def test_xlsx_manifest_declaring_a_dtd_is_refused(tmp_path, dtd, entity):
    hostile = _write(tmp_path, "清单.xlsx", package_with(
        seeds.manifest_seeds()[".xlsx"][0], {"xl/worksheets/sheet1.xml": _sheet_with(dtd, entity)}))
    with cpu_limit(CPU), pytest.raises(ManifestError) as caught:
        read_manifest(hostile)
    assert_one_sentence(str(caught.value), hostile.name)
    assert PASSWD not in str(caught.value)


@pytest.fixture
def framework(tmp_path):
    project = Project.create(tmp_path / "framework.cwb", title="t", coder="alice")
    project.elements.add("技术赋能")
    yield project
    project.close()


@pytest.mark.parametrize("dtd, entity", [(BILLION_LAUGHS_DTD, "&lol9;"), (XXE_DTD, "&xxe;")])
def test_xlsx_codebook_declaring_a_dtd_is_refused(framework, tmp_path, dtd, entity):
    codebook = seeds.codebook_project_files()[".xlsx"]
    sheet = _sheet_with(dtd, entity, codebook, anchor="技术赋能")
    hostile = _write(tmp_path, "编码本.xlsx", package_with(
        codebook, {"xl/worksheets/sheet1.xml": sheet}))
    before = framework.counts()
    with cpu_limit(CPU), pytest.raises(InvalidInputError) as caught:
        import_codebook(framework, hostile)
    assert_one_sentence(str(caught.value), hostile.name)
    assert framework.counts() == before


def test_xlsx_codebook_zip_bomb_is_refused(framework, tmp_path):
    packed, size = zeros_deflated(400)
    bomb = _write(tmp_path, "编码本.xlsx", package_with(
        seeds.codebook_project_files()[".xlsx"], {"xl/worksheets/sheet1.xml": (packed, 0, size)}))
    with cpu_limit(CPU), pytest.raises(InvalidInputError, match="zip bomb"):
        import_codebook(framework, bomb)


# ----- REFI-QDA codebooks (.qdc) -----------------------------------------------------------------

def _qdc_with(dtd: str, name: str) -> bytes:
    qdc = seeds.codebook_project_files()[".qdc"].decode("utf-8")
    return qdc.replace("?>", "?>\n" + dtd, 1).replace('name="技术赋能"', f'name="{name}"', 1) \
        .encode("utf-8")


@pytest.mark.parametrize("dtd, entity", [(BILLION_LAUGHS_DTD, "&lol9;"), (XXE_DTD, "&xxe;"),
                                         (EXTERNAL_DTD, "x")])
def test_qdc_declaring_a_dtd_is_refused_into_a_project_and_as_a_new_one(framework, tmp_path,
                                                                         dtd, entity):
    hostile = _write(tmp_path, "编码本.qdc", _qdc_with(dtd, entity))
    before = framework.counts()
    with cpu_limit(CPU), pytest.raises(InvalidInputError, match="declares a DTD") as caught:
        import_codebook(framework, hostile)
    assert_one_sentence(str(caught.value), hostile.name)
    assert framework.counts() == before
    assert all(PASSWD not in e.name and "lollol" not in e.name for e in framework.elements.list())
    with cpu_limit(CPU), pytest.raises(InvalidInputError, match="declares a DTD"):
        import_qdpx(hostile, tmp_path / "new.cwb")
    assert not (tmp_path / "new.cwb").exists()


def test_a_plain_qdc_still_imports(framework, tmp_path):
    plain = _write(tmp_path, "编码本.qdc", seeds.codebook_project_files()[".qdc"])
    report = import_codebook(framework, plain)
    assert report.added >= 2


# ----- Web pages ---------------------------------------------------------------------------------

ARTICLE = "<p>政务服务“一网通办”改革全面推进，各部门按时完成事项梳理。</p>"


@pytest.mark.parametrize("dtd, entity", [(BILLION_LAUGHS_DTD, "&lol9;"), (XXE_DTD, "&xxe;"),
                                         (EXTERNAL_DTD, "")])
def test_html_entities_and_dtds_are_never_expanded_or_fetched(tmp_path, dtd, entity):
    page = (f'<?xml version="1.0" encoding="utf-8"?>{dtd}<html><head><title>通知</title></head>'
            f'<body><div id="zoom">{ARTICLE}<p title="{entity}">{entity}引用之后的正文内容。</p>'
            f'</div></body></html>')
    path = _write(tmp_path, "页面.html", page.encode("utf-8"))
    with cpu_limit(CPU):
        document = read_file(path)
    assert "一网通办" in document.text
    assert PASSWD not in document.text and "lollollol" not in document.text
    assert len(document.text) < 1000


def _mhtml(html_part: str, image: bytes | None = None) -> bytes:
    message = MIMEMultipart("related")
    message["Snapshot-Content-Location"] = "http://www.jl.gov.cn/a.html"
    message.attach(MIMEText(html_part, "html", "utf-8"))
    if image is not None:
        message.attach(MIMEImage(image, "png"))
    return message.as_bytes()


def test_mhtml_with_entities_imports_without_them(tmp_path):
    page = (f"{XXE_DTD}<html><body><div id='zoom'>{ARTICLE}<p>&xxe;后面的正文内容在这里。</p>"
            f"</div></body></html>")
    path = _write(tmp_path, "页面.mhtml", _mhtml(page))
    with cpu_limit(CPU):
        document = read_file(path)
    assert "一网通办" in document.text and PASSWD not in document.text


@needs_proc
def test_mhtml_with_a_giant_image_part_imports_its_page_in_bounded_memory(tmp_path):
    path = tmp_path / "大页面.mhtml"
    path.write_bytes(_mhtml(f"<html><body><div id='zoom'>{ARTICLE}</div></body></html>",
                            image=bytes(60 * 2 ** 20)))  # 60 MB, 80 MB as base64
    peak = _peak_memory_mb(f"from workbench.importers import read_file\n"
                           f"assert '一网通办' in read_file({str(path)!r}).text")
    assert peak < 400, f"{peak:.0f} MB to read an 80 MB page"


def test_a_page_with_more_html_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "MAX_HTML_BYTES", 1 << 20)
    huge = "<html><body>" + ARTICLE * 20_000 + "</body></html>"
    _refused(_write(tmp_path, "巨大.html", huge.encode("utf-8")), says="too large to read")
    _refused(_write(tmp_path, "巨大.mhtml", _mhtml(huge)), says="too large to read")
    assert html.MAX_HTML_BYTES == 1 << 20


def test_the_html_limit_is_the_stated_one():
    assert html.MAX_HTML_BYTES == 64 * 1024 * 1024


# ----- Images --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data", [
    ("巨图.png", png_claiming(100_000, 100_000)),
    ("巨图.jpg", jpeg_claiming(65_000, 65_000)),
])
def test_images_claiming_billions_of_pixels_are_refused_from_their_header(tmp_path, name, data):
    _refused(_write(tmp_path, name, data), says="the image is too large")


def test_text_recognition_refuses_a_bomb_before_loading_the_engine():
    with cpu_limit(CPU), pytest.raises(ImportRefused, match="too large for text recognition"):
        ocr.recognise(png_claiming(100_000, 100_000), file_name="巨图.png")


# ----- PDF documents --------------------------------------------------------------------------------

def _flate_bomb_pdf(megabytes: int) -> bytes:
    packed, _ = zeros_deflated(megabytes, b" ")
    return one_page_pdf(b"\x78\x9c" + packed, b"/Filter /FlateDecode")


@needs_proc
def test_pdf_with_a_flate_bomb_content_stream_is_refused_in_bounded_memory(tmp_path):
    path = _write(tmp_path, "炸弹.pdf", _flate_bomb_pdf(2048))  # 2 GiB of spaces in 2 MB
    assert path.stat().st_size < 5_000_000
    _refused(path, says="unpacks to more than 128 MB")
    peak = _peak_memory_mb(f"from workbench.importers import ImportRefused, read_file\n"
                           f"try:\n    read_file({str(path)!r})\nexcept ImportRefused:\n    pass")
    assert peak < 400, f"{peak:.0f} MB to refuse a 2 GB bomb"


def test_pdf_with_a_doubly_compressed_bomb_is_refused(tmp_path):
    inner = zlib.compress(b" " * (300 << 20), 9)  # 300 MB in 300 KB, compressed again
    path = _write(tmp_path, "双重.pdf", one_page_pdf(zlib.compress(inner, 9),
                                                   b"/Filter [/FlateDecode /FlateDecode]"))
    _refused(path, says="unpacks to more than 128 MB")


def test_pdf_with_a_page_tree_nested_thousands_deep_is_refused(tmp_path):
    depth = 3000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (i + 3) for i in range(depth)]
    objects += [b"<< /Type /Page /MediaBox [0 0 300 300] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (depth + 3, depth + 4),
                stream(b"", b"BT /F1 12 Tf 20 200 Td (Deep) Tj ET"), FONT]
    _refused(_write(tmp_path, "深.pdf", pdf(objects)), says="the PDF is damaged")


def test_pdf_whose_page_tree_loops_back_is_read_once(tmp_path):
    looped = pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Kids [2 0 R 3 0 R 3 0 R] /Count 1000000000 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>",
                  stream(b"", b"BT /F1 12 Tf 20 200 Td (Looped page text) Tj ET"), FONT])
    with cpu_limit(CPU):
        document = read_file(_write(tmp_path, "环.pdf", looped))
    assert document.text == "Looped page text" and document.metadata["pages"] == "1"


def test_pdf_with_deeply_nested_arrays_is_read_or_refused_in_time(tmp_path):
    nested = one_page_pdf(b"BT /F1 12 Tf 20 200 Td (Nested) Tj ET " + b"[" * 50_000 + b"]" * 50_000)
    path = _write(tmp_path, "嵌套.pdf", nested)
    with cpu_limit(CPU):
        try:
            assert "Nested" in read_file(path).text
        except ImportRefused as refusal:
            assert_one_sentence(str(refusal), path.name)


def test_pdf_with_more_pages_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_importer, "MAX_PAGES", 50)
    count = 60
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>"
               % (b" ".join(b"%d 0 R" % (i + 5) for i in range(count)), count),
               stream(b"", b"BT /F1 12 Tf 20 200 Td (Page) Tj ET"), FONT]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * count
    _refused(_write(tmp_path, "千页.pdf", pdf(objects)), says="more than 50 pages")


def test_the_pdf_page_limit_is_the_stated_one():
    assert pdf_importer.MAX_PAGES == 10_000


# ----- Through the project: nothing partial is left ---------------------------------------------

def test_a_batch_of_hostile_files_leaves_only_the_good_one(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    packed, size = zeros_deflated(2048)
    _write(folder, "1炸弹.docx", _with_member(seeds.docx_seeds()[0], "word/media/x.bin",
                                             packed, size))
    _write(folder, "2炸弹.pdf", _flate_bomb_pdf(1024))
    _write(folder, "3巨图.png", png_claiming(100_000, 100_000))
    _write(folder, "4实体.docx", package_with(seeds.docx_seeds()[0], {
        "word/document.xml": _document_xml_with(XXE_DTD, "&xxe;")}))
    _write(folder, "5正常.txt", "访谈记录：一网通办改革的推进情况。".encode("utf-8"))
    project = Project.create(tmp_path / "study.cwb", title="t", coder="alice")
    try:
        with cpu_limit(60):
            report = project.import_files([folder])
        assert [s.file_name for s in report.imported] == ["5正常.txt"]
        assert len(report.refused) == 4
        for path, message in report.refused:
            assert_one_sentence(message, Path(path).name)
        assert project.counts()["sources"] == 1 and project.check() == []
    finally:
        project.close()
