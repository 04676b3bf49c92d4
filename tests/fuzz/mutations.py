"""Hypothesis strategies that damage real files the way disks, downloads and hostile senders do.

Byte level (any format): flipped bits, truncation anywhere, a chunk deleted, duplicated or moved,
random bytes inserted or written over. ZIP containers (docx, xlsx, qdpx): one member's bytes
damaged inside an otherwise valid, re-zipped archive, so the XML parsers are reached and not only
the zip reader. XML/HTML text: tags swapped, closing tags dropped, entity references inserted,
elements duplicated. Every strategy draws positions as integers, so hypothesis shrinks a failing
example to a small damage.
"""
from __future__ import annotations

import io
import re
import zipfile

from hypothesis import strategies as st

# Entity references and character references a damaged or hostile file may hold: undefined
# entities, a surrogate, NUL, a huge number, an external-looking name.
ENTITIES = [b"&lol;", b"&xxe;", b"&#0;", b"&#xD800;", b"&#x10FFFF;", b"&#99999999999;",
            b"&amp;", b"&nbsp;", b"&", b"&#", b"<!ENTITY x SYSTEM 'file:///etc/passwd'>"]
_TAG = re.compile(rb"<[^<>]{1,80}>")


@st.composite
def byte_damage(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to three byte-level damages."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_one_byte_damage(data))
    return data


@st.composite
def _one_byte_damage(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "delete", "duplicate", "insert", "overwrite",
                                 "move"]))
    n = len(data)
    if n == 0:
        return draw(st.binary(min_size=1, max_size=64))
    at = draw(st.integers(0, n - 1))
    size = draw(st.integers(1, max(1, min(4096, n // 4))))
    if kind == "flip":
        bit = draw(st.integers(0, 7))
        return data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "delete":
        return data[:at] + data[at + size:]
    if kind == "duplicate":
        return data[:at + size] + data[at:at + size] + data[at + size:]
    if kind == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=256)) + data[at:]
    if kind == "overwrite":
        junk = draw(st.binary(min_size=1, max_size=64))
        return data[:at] + junk + data[at + len(junk):]
    chunk, rest = data[at:at + size], data[:at] + data[at + size:]  # move
    to = draw(st.integers(0, len(rest)))
    return rest[:to] + chunk + rest[to:]


@st.composite
def markup_damage(draw: st.DrawFn, data: bytes) -> bytes:
    """XML/HTML with its structure damaged: tags swapped, dropped or duplicated, entities
    inserted; sometimes followed by a byte-level damage."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_one_markup_damage(data))
    if draw(st.booleans()):
        data = draw(_one_byte_damage(data))
    return data


@st.composite
def _one_markup_damage(draw: st.DrawFn, data: bytes) -> bytes:
    tags = list(_TAG.finditer(data))
    kind = draw(st.sampled_from(["swap", "drop", "drop_closing", "entity", "duplicate",
                                 "unclose"]))
    if not tags or kind == "entity":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(ENTITIES)) + data[at:]
    a = tags[draw(st.integers(0, len(tags) - 1))]
    if kind == "swap":
        b = tags[draw(st.integers(0, len(tags) - 1))]
        first, second = sorted((a, b), key=lambda m: m.start())
        if first.end() > second.start():
            return data
        return (data[:first.start()] + second.group() + data[first.end():second.start()]
                + first.group() + data[second.end():])
    if kind == "drop":
        return data[:a.start()] + data[a.end():]
    if kind == "drop_closing":
        closing = [m for m in tags if m.group().startswith(b"</")]
        if not closing:
            return data
        c = closing[draw(st.integers(0, len(closing) - 1))]
        return data[:c.start()] + data[c.end():]
    if kind == "duplicate":
        end = min(len(data), a.end() + draw(st.integers(0, 2000)))
        return data[:end] + data[a.start():end] + data[end:]
    return data[:a.end() - 1] + data[a.end():]  # "unclose": the tag loses its ">"


@st.composite
def zip_member_damage(draw: st.DrawFn, archive: bytes) -> bytes:
    """The archive re-zipped with one member damaged: as markup for .xml/.rels/.qde members (so
    the XML parser meets it), else byte-level."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    index = draw(st.integers(0, len(members) - 1))
    info, content = members[index]
    lower = info.filename.lower()
    if lower.endswith((".xml", ".rels", ".qde", ".qdc", ".html")) and draw(st.booleans()):
        content = draw(markup_damage(content))
    else:
        content = draw(byte_damage(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for i, (item, body) in enumerate(members):
            target.writestr(item.filename, content if i == index else body)
    return out.getvalue()


def damaged(seeds: list[bytes], *, markup: bool = False, zipped: bool = False
            ) -> st.SearchStrategy[bytes]:
    """A seed file, damaged in one of the ways that fit its format."""
    seed = st.sampled_from(seeds)
    ways = [seed.flatmap(byte_damage)]
    if markup:
        ways.append(seed.flatmap(markup_damage))
    if zipped:
        ways += [seed.flatmap(zip_member_damage)] * 2  # the container's XML is where bugs hide
    return st.one_of(ways)
