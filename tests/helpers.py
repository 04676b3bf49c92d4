"""Small builders of test material (real files, made here)."""
from __future__ import annotations

import io
from pathlib import Path


def png_bytes(width: int = 120, height: int = 80, color=(200, 220, 240)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


# Public data for tests (REFI-QDA schemas and real exports of other tools) lives beside the
# checkout in ../shared and is read from there, never copied into the repository.
SHARED = Path(__file__).resolve().parents[2] / "shared"
