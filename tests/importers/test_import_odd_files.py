"""Files whose refusal used to name the wrong reason, and files that are not files at all:
devices and pipes, a password-protected Word file, a PDF with junk before its header, a GBK text
with one bad byte, a truncated, machine-made file name with the title in the text."""
from __future__ import annotations

import io
import os
import socket
import struct

import docx
import pytest

from workbench.core import Project
from workbench.importers import ImportRefused, read_file
from workbench.importers.encoding import decode_text
from workbench.importers.legacy_doc import is_encrypted_ole
from workbench.importers.titles import name_is_truncated, title_from_text

NOT_ORDINARY = "this is not an ordinary file (a device, a pipe or a socket)"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_dev_zero_is_refused_before_reading():
    with pytest.raises(ImportRefused, match=r"^zero: this is not an ordinary file"):
        read_file("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_and_a_socket_in_a_batch_are_refused_and_the_rest_imported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # opening it for reading would wait for a writer forever
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    (folder / "ok.txt").write_text("正文内容", encoding="utf-8")
    try:
        with Project.create(tmp_path / "p.cwb") as p:
            report = p.import_files([folder / "pipe.txt", folder / "sock.txt", folder / "ok.txt",
                                     "/dev/zero"])
    finally:
        server.close()
    assert [s.title for s in report.imported] == ["ok"]
    assert len(report.refused) == 3
    assert all(NOT_ORDINARY in reason for _, reason in report.refused)


def _ole(streams: list[str], first_sector: int = 1, fib_flags: int = 0) -> bytes:
    """An OLE compound file's header, first directory sector (the named streams) and, at the
    given sector, a Word FIB whose flags byte 11 is ``fib_flags`` (only what sniffing reads)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HH", header, 0x1A, 0x3E, 3)
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # the directory in sector 0
    directory = bytearray(512)
    for i, name in enumerate(["Root Entry", *streams]):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128:i * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, i * 128 + 0x40, len(raw))
        struct.pack_into("<I", directory, i * 128 + 0x74, first_sector)
    fib = bytearray(512)
    fib[0:2], fib[11] = b"\xec\xa5", fib_flags
    return bytes(header + directory + fib)


def _encrypted_ooxml() -> bytes:
    """An OLE file as Word writes a password-protected .docx: EncryptionInfo, EncryptedPackage."""
    return _ole(["EncryptionInfo", "EncryptedPackage"])


def test_a_password_protected_doc_is_told_so_before_any_conversion(tmp_path):
    path = tmp_path / "加密.doc"
    path.write_bytes(_ole(["WordDocument", "1Table"], fib_flags=0x01))
    assert is_encrypted_ole(path.read_bytes())
    assert not is_encrypted_ole(_ole(["WordDocument", "1Table"], fib_flags=0x02))
    with pytest.raises(ImportRefused, match="the document is protected by a password"):
        read_file(path)


def test_a_password_protected_docx_is_told_so(tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(_encrypted_ooxml())
    assert is_encrypted_ole(path.read_bytes())
    with pytest.raises(ImportRefused, match="the document is protected by a password") as refused:
        read_file(path)
    assert "legacy" not in str(refused.value)


def _reportlab_pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, text)
    page.save()
    return buffer.getvalue()


def test_a_pdf_with_junk_before_its_header_is_read(tmp_path):
    """A download that kept the server's HTTP header and a padded end: offsets count from
    %PDF, as readers take them, so it is not 'incomplete'."""
    data = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n" + \
        _reportlab_pdf("Rural revitalisation report") + b"\0" * 3000
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.text == "Rural revitalisation report"
    assert doc.data == data


GBK_LINES = [f"第{i}行：为深入贯彻落实乡村振兴战略，加强农村基础设施建设。" for i in range(1, 121)]


def test_a_gbk_text_with_one_bad_byte_keeps_the_rest_and_names_the_line(tmp_path):
    data = "\n".join(GBK_LINES).encode("gbk")
    line_57 = data.index(GBK_LINES[56].encode("gbk"))
    data = data[:line_57 + 6] + b"\xff" + data[line_57 + 6:]  # one stray byte in line 57
    path = tmp_path / "政策.txt"
    path.write_bytes(data)
    doc = read_file(path)
    lines = doc.text.split("\n")
    assert doc.encoding == "gb18030" and doc.text.count("\ufffd") == 1
    assert lines[56].replace("\ufffd", "") == GBK_LINES[56]
    assert lines[:56] == GBK_LINES[:56] and lines[57:] == GBK_LINES[57:]
    assert doc.warnings == ["1 byte(s) are not valid GB18030 and are shown as \ufffd (line(s) "
                            "57); compare those places with the original file."]


def test_without_a_warnings_list_a_bad_byte_is_still_refused():
    data = "\n".join(GBK_LINES).encode("gbk") + b"\xff"
    with pytest.raises(ImportRefused):
        decode_text(data, "a.txt")


def test_many_bad_bytes_are_refused_not_replaced(tmp_path):
    data = b"".join(line.encode("gbk") + b"\xff\n" for line in GBK_LINES)
    (tmp_path / "坏.txt").write_bytes(data)
    with pytest.raises(ImportRefused):
        read_file(tmp_path / "坏.txt")


POLICY = ("法规数据库\n\n国务院办公厅关于印发乡村振兴示范村建设三年行动方案的通知\n国办发〔2023〕12号\n"
          "2023年3月17日\n各省、自治区、直辖市人民政府：\n现将方案印发给你们，请认真贯彻执行。\n")


@pytest.mark.parametrize("name", ["国务院办公厅关于印发乡村振兴示范村建设三…(FBM-CLI.12.5012345).txt",
                                  "20230317103000123.txt", "a8f3c2e9b1d4.txt"])
def test_a_truncated_file_name_gives_way_to_the_title_in_the_text(tmp_path, name):
    (tmp_path / name).write_text(POLICY, encoding="utf-8")
    doc = read_file(tmp_path / name)
    assert doc.title == "国务院办公厅关于印发乡村振兴示范村建设三年行动方案的通知"
    assert doc.title_guess_from == "text" and doc.metadata["title_guess_from"] == "text"


def test_an_ordinary_file_name_stays_the_title(tmp_path):
    (tmp_path / "访谈记录 李老师.txt").write_text(POLICY, encoding="utf-8")
    doc = read_file(tmp_path / "访谈记录 李老师.txt")
    assert doc.title == "访谈记录 李老师" and doc.title_guess_from == "file name"


def test_title_line_without_an_official_ending_is_the_longest_short_line():
    text = "来源：某某日报\n乡村振兴看江临：一个村庄的十年变迁\n记者 王某\n2023年3月17日\n" + "正文" * 60 + "。"
    assert title_from_text("新闻_2023031710300012.txt", text) == (
        "乡村振兴看江临：一个村庄的十年变迁", "text")


def test_truncated_or_machine_made_names():
    assert name_is_truncated("关于…的通知.docx") and name_is_truncated("x(FBM-CLI.12.5).txt")
    assert name_is_truncated("1.txt") and not name_is_truncated("访谈2.txt")
    assert not name_is_truncated("20230317 关于乡村振兴的通知.txt")


def test_a_docx_with_a_machine_made_name_takes_its_title_from_the_text(tmp_path):
    d = docx.Document()
    for line in POLICY.split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "W020230317123456789.docx")
    doc = read_file(tmp_path / "W020230317123456789.docx")
    assert doc.title == "国务院办公厅关于印发乡村振兴示范村建设三年行动方案的通知"
    assert doc.title_guess_from == "text"


def test_a_text_that_mentions_the_pdf_header_stays_text(tmp_path):
    (tmp_path / "笔记.txt").write_text("PDF 文件以 %PDF-1.7 开头。", encoding="utf-8")
    assert read_file(tmp_path / "笔记.txt").text == "PDF 文件以 %PDF-1.7 开头。"
