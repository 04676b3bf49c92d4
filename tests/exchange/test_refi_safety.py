"""An untrusted .qdpx cannot escape its folder, expand entities or inflate without bound; each
refusal is one sentence and leaves no project file behind."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from workbench.exchange.refi import ArchiveRefused, import_qdpx
from workbench.exchange.refi.safety import SafeArchive, parse_xml, safe_name

MINIMAL = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'


def _spy(monkeypatch, owner, name: str) -> list:
    """Record each call of ``owner.name`` (still made): the work a refusal must not reach."""
    calls, real = [], getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(args[:1])
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


def _one_sentence(exc: Exception) -> None:
    text = str(exc)
    assert text.endswith(".") and ". " not in text.rstrip("."), text


def test_path_traversal_entry_is_refused(tmp_path):
    target = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("project.qde", MINIMAL)
        archive.writestr("../../outside.txt", "gotcha")
    with pytest.raises(ArchiveRefused, match="outside the archive") as caught:
        import_qdpx(target, tmp_path / "p.cwb")
    _one_sentence(caught.value)
    assert not (tmp_path / "p.cwb").exists()
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.parametrize("name", ["/etc/passwd", "C:/x.txt", "a/../../b", "..\\x", "a\x00b"])
def test_unsafe_names(name):
    assert safe_name(name) is None


def test_safe_names():
    assert safe_name("Sources/a.txt") == "Sources/a.txt"
    assert safe_name("./sources//a.txt") == "sources/a.txt"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""


def test_billion_laughs_is_refused(tmp_path, monkeypatch):
    target = tmp_path / "laughs.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("project.qde", BILLION_LAUGHS)
    parsed = _spy(monkeypatch, etree, "fromstring")
    with pytest.raises(ArchiveRefused, match="DTD") as caught:
        import_qdpx(target, tmp_path / "p.cwb")
    assert parsed == []  # refused before lxml saw a byte: nothing was expanded
    _one_sentence(caught.value)
    assert not (tmp_path / "p.cwb").exists()


def test_entities_are_refused_before_lxml_sees_them():
    # lxml (libxml2) expands internal entities inside attribute values even with
    # resolve_entities=False, so the refusal of any DTD/ENTITY declaration is what protects.
    hidden = b"\xef\xbb\xbf  <!-- " + b"x" * 10_000 + b" -->" + BILLION_LAUGHS.split(b"?>", 1)[1]
    with pytest.raises(ArchiveRefused, match="DTD"):
        parse_xml(hidden, "x.qde")


def test_plain_xml_parses():
    assert parse_xml(MINIMAL, "x.qde").get("name") == "x"


def _bomb_zip(path: Path, megabytes: int) -> Path:
    """A zip whose one member inflates to ``megabytes`` MiB of zeros, built without ever holding
    or inflating them: one 1 MiB deflate block, flushed so it can be repeated, written by hand."""
    zeros = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(min(megabytes, 1)):  # the CRC is never checked: nothing is inflated
        crc = zlib.crc32(zeros, crc)
    size = megabytes << 20
    name = b"sources/bomb.txt"
    compressed = len(block) * megabytes + len(end)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, compressed, size,
                        len(name), 0) + name
    with open(path, "wb") as handle:
        handle.write(local)
        for _ in range(megabytes):
            handle.write(block)
        handle.write(end)
        directory_at = handle.tell()
        central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                              compressed, size, len(name), 0, 0, 0, 0, 0, 0) + name
        handle.write(central)
        handle.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central),
                                 directory_at, 0))
    return path


def test_member_inflating_to_a_gigabyte_is_refused_from_the_header(tmp_path, monkeypatch):
    bomb = _bomb_zip(tmp_path / "bomb.qdpx", 1024)
    assert bomb.stat().st_size < 2_000_000  # about 1 MB on disk, 1 GiB inflated
    with zipfile.ZipFile(bomb) as archive:
        assert archive.infolist()[0].file_size == 1 << 30
    inflated = _spy(monkeypatch, zipfile.ZipExtFile, "read")
    with pytest.raises(ArchiveRefused, match="zip bomb") as caught:
        import_qdpx(bomb, tmp_path / "p.cwb")
    assert inflated == []  # refused from the header, before inflating anything
    _one_sentence(caught.value)
    assert not (tmp_path / "p.cwb").exists()


def test_a_highly_compressed_member_below_the_size_limit_is_refused_by_ratio(tmp_path):
    bomb = _bomb_zip(tmp_path / "ratio.qdpx", 64)
    with pytest.raises(ArchiveRefused, match="zip bomb"):
        SafeArchive(bomb)
