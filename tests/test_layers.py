"""The layer rule: Qt only in workbench/ui, SQL only in workbench/core."""
import re
import subprocess
import sys
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent


def _modules(exclude_ui: bool) -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if exclude_ui and len(parts) > 1 and parts[1] == "ui":
            continue
        names.append(".".join(parts))
    return names


def test_no_module_outside_ui_loads_qt():
    modules = _modules(exclude_ui=True)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt loaded by non-UI code: {result.stdout}"
    assert len(modules) > 15


def test_sqlite_is_used_only_by_the_store():
    pattern = re.compile(r"^\s*(import sqlite3|from sqlite3|import sqlite_utils|from sqlite_utils)",
                         re.M)
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))
                 and "core/store" not in p.as_posix()]
    assert offenders == []


def test_the_window_starts_without_the_heavy_libraries():
    """They load when first used (a chart, a report, word counts, OCR), not at start-up."""
    script = (
        "import os, sys\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "import workbench.ui.main_window, workbench.ui.app\n"
        "heavy = ('matplotlib', 'jieba', 'docx', 'openpyxl', 'sklearn', 'networkx', 'rapidocr',\n"
        "         'cv2', 'onnxruntime', 'pdfminer', 'wordcloud', 'scipy')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded at start-up: {result.stdout}"
