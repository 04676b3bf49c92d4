"""Opening an untrusted .qdpx (a zip archive) and its XML without letting it hurt the machine.

Every limit is checked from the zip's central directory *before* a byte is inflated, and again
while inflating (a forged header cannot make a member bigger than its limit):

* no member name that is absolute, has a drive letter, or climbs out with ``..``;
* at most ``MAX_MEMBERS`` members, each at most ``MAX_MEMBER`` bytes inflated, together at most
  ``MAX_TOTAL`` bytes, and no member compressed more than ``MAX_RATIO`` : 1 (a zip bomb);
* the XML is parsed by lxml with entities not resolved, no network, no DTD loading and no huge
  trees; a document that declares a DTD (the billion-laughs attack needs one) is refused.

Each refusal is an :class:`ArchiveRefused` whose text is one sentence for the user.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from ...core.errors import InvalidInputError
from ...i18n import tr

MAX_MEMBERS = 20_000
MAX_MEMBER = 512 * 1024 * 1024  # one inflated file
MAX_TOTAL = 2 * 1024 * 1024 * 1024  # all inflated files together
MAX_XML = 256 * 1024 * 1024  # project.qde itself
MAX_RATIO = 200  # inflated / compressed; text compresses ~3-10:1
_SMALL = 1024 * 1024  # below this size the ratio is not checked (tiny files compress oddly)


class ArchiveRefused(InvalidInputError):
    """A .qdpx (or its XML) that is not opened because it is unsafe or broken."""


def safe_name(name: str) -> str | None:
    """The member name normalised ("Sources/x.txt"), or None if it could escape a folder."""
    if not name or "\x00" in name:
        return None
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        return None
    parts = clean.split("/")
    if any(part == ".." for part in parts):
        return None
    return posixpath.normpath(clean)


class SafeArchive:
    """A checked zip archive: members by case-insensitive name, read with size limits."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.prefix = ""  # the folder inside the archive that holds the project file
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            # zipfile's own words ("File is not a zip file"); a damaged directory may also give
            # an OSError (a seek before the start) or a ValueError (a negative size).
            raise ArchiveRefused(tr("{name} is not a readable .qdpx archive ({error}).",
                                    name=self.path.name, error=first_line(exc))) from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveRefused(tr("{name} has more than {count} files inside; it is not "
                                    "opened.", name=self.path.name, count=MAX_MEMBERS))
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = safe_name(info.filename)
            if name is None:
                raise ArchiveRefused(tr("{name} contains the entry “{entry}”, which points "
                                        "outside the archive; it is not opened.",
                                        name=self.path.name, entry=info.filename))
            if info.is_dir():
                continue
            self._check_size(info)
            total += info.file_size
            if total > MAX_TOTAL:
                raise ArchiveRefused(tr("{name} would inflate to more than {size} MB; it is not "
                                        "opened.", name=self.path.name,
                                        size=MAX_TOTAL // 2 ** 20))
            self._members[name.casefold()] = info

    def _check_size(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_MEMBER or (
                info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise ArchiveRefused(tr("The entry “{entry}” of {name} would inflate to {size} MB "
                                    "(a zip bomb?); the archive is not opened.",
                                    entry=info.filename, name=self.path.name,
                                    size=info.file_size // 2 ** 20))

    def names(self) -> list[str]:
        return [info.filename for info in self._members.values()]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        clean = safe_name(name)
        return None if clean is None else self._members.get(clean.casefold())

    def read(self, info: zipfile.ZipInfo, limit: int = MAX_MEMBER) -> bytes:
        """Inflate one member, stopping if it grows beyond its declared size or ``limit``."""
        limit = min(limit, info.file_size)
        chunks, size = [], 0
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(1024 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise ArchiveRefused(tr("The entry “{entry}” of {name} is larger than "
                                                "its header says; the archive is not opened.",
                                                entry=info.filename, name=self.path.name))
                    chunks.append(chunk)
        # A damaged member: a bad CRC or header (BadZipFile), a broken deflate stream
        # (zlib.error), a header pointing outside the file (OSError, EOFError), an unknown
        # compression method (NotImplementedError) or an encrypted one (RuntimeError).
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                RuntimeError, ValueError):
            raise ArchiveRefused(tr("The entry “{entry}” of {name} is damaged and cannot be "
                                    "unpacked; export the project again and import the new "
                                    "file.", entry=info.filename, name=self.path.name)) from None
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "SafeArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def parse_xml(data: bytes, name: str):
    """Parse untrusted XML: no entities, no DTD, no network, no huge trees."""
    from lxml import etree

    if len(data) > MAX_XML:
        raise ArchiveRefused(tr("{name} is larger than {size} MB; it is not read.",
                                name=name, size=MAX_XML // 2 ** 20))
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ArchiveRefused(tr("{name} declares a DTD or entities, which a REFI-QDA file never "
                                "needs; it is not read.", name=name))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.LxmlError as exc:
        raise ArchiveRefused(tr("{name} is not well-formed XML ({error}).",
                                name=name, error=first_line(exc))) from None


def first_line(exc: BaseException) -> str:
    """A library's error text fit to sit in brackets inside one sentence: its first line, without
    lxml's "(<string>, line 1)" tail and without a closing full stop."""
    if isinstance(exc, OSError) and exc.strerror:  # "Invalid argument", not "[Errno 22] …"
        return exc.strerror
    text = str(getattr(exc, "msg", "") or exc).strip().splitlines()
    line = text[0].strip() if text else ""
    if " (" in line and line.endswith(")") and ", line " in line.rsplit(" (", 1)[1]:
        line = line.rsplit(" (", 1)[0]
    return line.rstrip(" .") or tr("no details")
