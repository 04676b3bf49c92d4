"""File importers: bytes of a user's file in, an ImportedDocument (or one refusal sentence) out.

Plain Python: no Qt, no SQL, no dependency on workbench.core; heavy libraries (python-docx,
Pillow, charset-normalizer) load only when a file of their kind is read.
"""
from .document import Block, ImportedDocument, ImportRefused
from .registry import SUPPORTED_EXTENSIONS, collect_files, read_file

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "Block",
    "ImportRefused",
    "ImportedDocument",
    "collect_files",
    "read_file",
]
