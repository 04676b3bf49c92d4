"""Small helpers for REFI-QDA XML whatever namespace (or none) a tool wrote it in."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def local(element) -> str:
    """The tag without its namespace ("TextSource"); "" for comments and processing
    instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def kids(element, *names: str) -> Iterator:
    """Child elements with one of the local ``names`` (all children when none is given)."""
    for child in element:
        name = local(child)
        if name and (not names or name in names):
            yield child


def kid(element, name: str):
    return next(kids(element, name), None)


def text_of(element, name: str, *, strip: bool = True) -> str:
    """The text of the child ``name`` ("" when there is none), stripped unless told not to."""
    found = kid(element, name)
    text = (found.text or "") if found is not None else ""
    return text.strip() if strip else text


def norm_guid(value: str | None) -> str | None:
    """A GUID in the workbench's form (lower case, no braces); None if it is not one."""
    if not value:
        return None
    try:
        return str(uuid.UUID(value.strip().strip("{}")))
    except ValueError:
        return None


def out_guid(value: str) -> str:
    """A GUID as written to a file: lower case (both cases are valid; some readers take only
    lower case, and every reader takes it)."""
    return str(uuid.UUID(value.strip("{}")))


def member_path(path: str) -> list[str]:
    """Archive member names to try for a source path from the XML, most likely first.

    ``internal://x.txt`` → ``sources/x.txt``; ``relative:///x.txt`` and plain names → the
    file in ``sources/`` or at the top; an absolute ``file://`` or a drive path → its base name
    in ``sources/`` (the archive never reaches outside itself)."""
    path = (path or "").strip()
    if not path:
        return []
    for prefix in ("internal://", "relative:///", "relative://", "file:///", "file://"):
        if path.lower().startswith(prefix):
            path = path[len(prefix):]
            break
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    if not base:
        return []
    return [f"sources/{base}", base]
