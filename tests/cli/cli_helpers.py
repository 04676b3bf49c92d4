"""Helpers for the command-line tests: run the real entry point in a subprocess, make files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# A line of text with a character outside the BMP (𠮷 is one code point, two UTF-16 units).
TEXT = "智慧政府建设推进数据共享。𠮷野家的案例：一网通办。\n第二段：跨部门协同。"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_MESSAGES", "PYTHONIOENCODING", "WORKBENCH_DEBUG")}
    env.update(LC_ALL="C", LANG="C")  # English messages; Python still writes UTF-8 (PEP 540)
    env.update(extra)
    return env


def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    proc = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)],
                          capture_output=True, env=env or cli_env(), cwd=cwd, timeout=60)
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def assert_one_sentence_error(result: Result, *fragments: str) -> None:
    assert result.code == 1, result
    assert "Traceback" not in result.err, result.err
    assert len(result.err_lines) == 1, result.err
    for fragment in fragments:
        assert fragment in result.err, result.err


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def make_png(path: Path, size=(200, 100)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path
