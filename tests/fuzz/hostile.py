"""Builders of hostile files for tests/importers/test_hostile_files.py: zip bombs written by
hand (a deflate block of zeros repeated, so a gigabyte of content costs a megabyte on disk and
no time to make), PDFs written object by object, images whose headers claim billions of pixels.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from helpers import pdf_from_objects

BILLION_LAUGHS_DTD = """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""
XXE_DTD = '<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>'
EXTERNAL_DTD = '<!DOCTYPE x SYSTEM "file:///etc/passwd">'


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_deflated(megabytes: int, fill: bytes = b"\x00") -> tuple[bytes, int]:
    """Raw deflate data of ``megabytes`` MiB of ``fill`` bytes, built from one repeated block:
    (the compressed bytes, the inflated size)."""
    block_data = fill * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(block_data) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + packer.flush(zlib.Z_FINISH), megabytes << 20


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc, declared size) members, written by hand so that a
    member may claim any size and hold any deflate stream."""
    out = io.BytesIO()
    central = []
    for name, packed, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed),
                              size, len(encoded), 0) + encoded)
        out.write(packed)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                   len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset)
                       + encoded)
    directory_at = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          len(directory), directory_at, 0))
    return out.getvalue()


def package_with(package: bytes, replace: dict[str, bytes | tuple[bytes, int, int]]) -> bytes:
    """A real package (docx/xlsx) with members replaced: bytes are deflated honestly; a tuple
    (raw deflate data, crc, declared size) is written as given (a bomb, a lying header)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info))
            if isinstance(body, tuple):
                members.append((info.filename, *body))
            else:
                members.append((info.filename, deflated(body), zlib.crc32(body), len(body)))
    return raw_zip(members)


pdf = pdf_from_objects  # the builders below and the tests call it by this name


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_pdf(content: bytes, content_dict: bytes = b"") -> bytes:
    """Catalog, pages, one page drawing ``content`` (a stream body) with Helvetica."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                stream(content_dict, content), FONT])


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with one tiny IDAT (valid CRCs)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG with its frame header (SOF0) rewritten to claim width x height."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)
