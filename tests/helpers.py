"""Small builders of test material (real files, made here)."""
from __future__ import annotations

import io


def png_bytes(width: int = 120, height: int = 80, color=(200, 220, 240)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()
