"""Legacy Word 97–2003 .doc (and .rtf, .wps, .odt) files, read through LibreOffice.

Chinese government material is very often .doc. When LibreOffice is installed its ``soffice``
converts the file to .docx headless, and the Word reader reads that; the original bytes are what
the project keeps. Each conversion runs in its own temporary folder with its own LibreOffice
profile (so a LibreOffice the user has open is neither used nor disturbed), in its own process
group, with a time limit (and on Linux/macOS a memory limit): a hung or runaway soffice is
killed with everything it started, and the folder is removed, so nothing partial is left.
Without LibreOffice each such file is refused with one sentence that says what to do.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path, PurePath

from . import messages as msg
from .document import ImportedDocument, ImportRefused
from .docx import read_docx
from .sniff import sniff

TIME_LIMIT = 120  # seconds; a long report converts in a few
MEMORY_LIMIT = 4 << 30  # bytes of address space (soffice maps ~1 GB before it reads anything)
LEGACY_EXTENSIONS = (".doc", ".rtf", ".wps", ".odt")
MEDIA_TYPES = {".doc": "application/msword", ".rtf": "application/rtf",
               ".wps": "application/vnd.ms-works",
               ".odt": "application/vnd.oasis.opendocument.text"}
# The variable users (and tests) set to name their soffice; a path that does not exist means
# "no LibreOffice" (a portable install elsewhere, or none at all).
ENV_VARIABLE = "WORKBENCH_SOFFICE"


def find_soffice() -> str | None:
    """The path of LibreOffice's soffice, or None when it is not installed."""
    chosen = os.environ.get(ENV_VARIABLE)
    if chosen is not None:
        return chosen if chosen and os.path.isfile(chosen) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _candidates():
        if os.path.isfile(candidate):
            return candidate
    return None


def _candidates() -> list[str]:
    if sys.platform == "win32":
        roots = [os.environ.get(v, "") for v in ("ProgramFiles", "ProgramFiles(x86)",
                                                  "ProgramW6432", "LOCALAPPDATA")]
        found = [os.path.join(r, "LibreOffice", "program", "soffice.exe") for r in roots if r]
        return found + _from_registry()
    if sys.platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                os.path.expanduser("~/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
            "/usr/local/bin/soffice", "/snap/bin/libreoffice",
            *sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)]


def _from_registry() -> list[str]:
    """Where the Windows installer says LibreOffice is (a custom folder)."""
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError:
        return []
    found = []
    for key in (r"SOFTWARE\LibreOffice\UNO\InstallPath",
                r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath"):
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key) as handle:
                folder = winreg.QueryValueEx(handle, "")[0]
            found.append(os.path.join(folder, "soffice.exe"))
        except OSError:
            continue
    return found


def read_legacy_doc(data: bytes, file_name: str) -> ImportedDocument:
    """A .doc/.rtf/.wps/.odt file converted by LibreOffice and read as Word; refused in one
    sentence without LibreOffice, on a password, or when the conversion fails or hangs."""
    ext = PurePath(file_name).suffix.lower()
    if sniff(data) == "docx":  # a Word .docx saved under an old name: no conversion needed
        document = read_docx(data, file_name)
        return replace(document, warnings=[*document.warnings,
                                           msg.READ_BY_CONTENT.format(actual=msg.KINDS["docx"])])
    if is_encrypted_ole(data):
        raise ImportRefused(file_name, msg.OFFICE_PASSWORD)
    soffice = find_soffice()
    if soffice is None:
        reason = msg.DOC_NEEDS_LIBREOFFICE if ext == ".doc" else msg.CONVERT_NEEDS_LIBREOFFICE
        raise ImportRefused(file_name, reason.format(ext=ext))
    converted = convert_to_docx(data, file_name, soffice)
    document = read_docx(converted, file_name)
    return replace(document, data=data, media_type=MEDIA_TYPES.get(ext, document.media_type),
                   metadata={**document.metadata, "converted_by": "LibreOffice"})


def convert_to_docx(data: bytes, file_name: str, soffice: str, *,
                    time_limit: float = TIME_LIMIT, workdir: str | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data``, or ImportRefused. Runs in a temporary folder
    (inside ``workdir`` if given) that is removed whatever happens."""
    ext = PurePath(file_name).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="workbench-convert-", dir=workdir) as folder:
        source = Path(folder) / f"source{ext}"  # an ASCII name: soffice mangles some others
        source.write_bytes(data)
        out = Path(folder) / "out"
        command = [soffice, f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
                   "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", str(out), str(source)]
        _run(command, file_name, time_limit, folder)
        result = out / "source.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise ImportRefused(file_name, msg.CONVERT_FAILED)
        return result.read_bytes()


def _run(command: list[str], file_name: str, time_limit: float, folder: str) -> None:
    options: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
                     "stderr": subprocess.DEVNULL, "cwd": folder,
                     "env": {**os.environ, "HOME": folder}}  # nothing written to the user's home
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | 0x08000000  # no window
    else:
        options["start_new_session"] = True  # its own process group, killed as a whole
        # The memory limit through the shell rather than preexec_fn, which can deadlock when
        # the import runs in a thread (the window's); where ulimit -v is refused, none applies.
        command = ["/bin/sh", "-c", f'ulimit -v {MEMORY_LIMIT // 1024} 2>/dev/null; exec "$@"',
                   "soffice", *command]
    try:
        process = subprocess.Popen(command, **options)
    except OSError as exc:
        raise ImportRefused(file_name, msg.CONVERT_FAILED) from exc
    try:
        process.wait(timeout=time_limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ImportRefused(file_name, msg.CONVERT_TIMEOUT.format(seconds=int(time_limit))) \
            from None
    except BaseException:  # Ctrl+C or a cancelled import: soffice must not outlive us
        _kill(process)
        raise
    if sys.platform != "win32":
        _kill_group(process.pid)  # a helper it left behind (oosplash's soffice.bin)


def _kill(process: subprocess.Popen) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    else:
        _kill_group(process.pid)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE compound file holding a password-protected document: encrypted Word/Excel
    .docx/.xlsx (an "EncryptionInfo" stream) or a .doc whose header says it is encrypted."""
    from .sniff import OLE2_MAGIC

    if not data.startswith(OLE2_MAGIC):
        return False
    if "EncryptionInfo".encode("utf-16-le") in data[:1 << 20] or \
            "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
        return True
    return _word_fib_encrypted(data)


def _word_fib_encrypted(data: bytes) -> bool:
    """The fEncrypted bit of a .doc's File Information Block (MS-DOC 2.5.2). The FIB is the
    first sector of the WordDocument stream, whose directory entry Word writes in the first
    directory sector, so no sector chain has to be followed (else: not known, False)."""
    import struct

    if len(data) < 512:
        return False
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector not in (512, 4096):
        return False
    directory = (struct.unpack_from("<I", data, 0x30)[0] + 1) * sector
    name = "WordDocument".encode("utf-16-le")
    for entry in range(directory, min(directory + sector, len(data) - 128), 128):
        length = struct.unpack_from("<H", data, entry + 0x40)[0]
        if data[entry:entry + max(0, length - 2)] == name:
            first = struct.unpack_from("<I", data, entry + 0x74)[0]
            fib = (first + 1) * sector
            return len(data) >= fib + 12 and bool(data[fib + 11] & 0x01)
    return False
