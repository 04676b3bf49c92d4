"""How fast Word files are imported, against a bare baseline (not part of the tests).

Writes COUNT .docx files with python-docx (mixed Chinese/English paragraphs from generate.py's
vocabulary, about --chars characters each, a heading and a small table), then times

    import     ``project.import_files(folder)`` into a new project (one undoable batch)
    baseline   python-docx parsing of the same files (paragraph and table text) plus a bare
               sqlite3 insert of the same bytes and text into a scratch database, one transaction

and prints figure / target / ratio (target: import ≤ 1.5 × the baseline).

    .venv/bin/python benchmarks/bench_import.py [--count 200] [--chars 5000]   (full: --count 1000)
"""
from __future__ import annotations

import argparse
import io
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import make_text  # noqa: E402

TARGET_RATIO = 1.5


def write_docs(folder: Path, count: int, chars: int, seed: int = 1) -> int:
    import docx
    rng = random.Random(seed)
    total = 0
    for i in range(count):
        text, _ = make_text(rng, max(200, int(chars * rng.uniform(0.5, 1.5))))
        document = docx.Document()
        document.add_heading(f"政策文件 {i:04d}", level=1)
        for paragraph in text.split("\n"):
            document.add_paragraph(paragraph)
        table = document.add_table(rows=2, cols=2)
        for r in range(2):
            for c in range(2):
                table.cell(r, c).text = f"单元格{r}{c}"
        document.save(str(folder / f"doc{i:04d}.docx"))
        total += len(text)
    return total


def baseline(files: list[Path], scratch: Path) -> float:
    import docx
    t = time.perf_counter()
    conn = sqlite3.connect(scratch)
    conn.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT, data BLOB, text TEXT)")
    conn.execute("BEGIN")
    for path in files:
        data = path.read_bytes()
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        conn.execute("INSERT INTO files (name, data, text) VALUES (?, ?, ?)",
                     (path.name, data, "\n".join(parts)))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="number of .docx files (1000 full)")
    parser.add_argument("--chars", type=int, default=5000, help="characters per file, about")
    args = parser.parse_args(argv)
    from workbench.core import Project
    import docx  # noqa: F401  (loaded before timing, as both sides need it)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        docs = folder / "docs"
        docs.mkdir()
        t = time.perf_counter()
        chars = write_docs(docs, args.count, args.chars)
        files = sorted(docs.glob("*.docx"))
        size = sum(f.stat().st_size for f in files)
        print(f"wrote {args.count:,} .docx files ({chars:,} characters, {size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t:.1f} s")
        bare = min(baseline(files, folder / f"scratch{n}.db") for n in range(2))
        imports = []
        for n in range(2):
            project = Project.create(folder / f"import{n}.cwb", coder="bench")
            t = time.perf_counter()
            report = project.import_files([docs])
            imports.append(time.perf_counter() - t)
            imported = project.counts()["sources"]
            project.close()
        assert imported == args.count, f"imported {imported} of {args.count}: {report}"
        figure = min(imports)
    target = TARGET_RATIO * bare
    print(f"{'measure':<40}{'figure':>10}{'target':>10}{'ratio':>7}  verdict")
    print(f"{'bare baseline (python-docx + sqlite3)':<40}{bare:>9.2f}s{'-':>10}{'-':>7}")
    verdict = "PASS" if figure <= target else "OVER"
    print(f"{f'import_files, {args.count:,} .docx':<40}{figure:>9.2f}s{target:>9.2f}s"
          f"{figure / target:>7.2f}  {verdict}   ({figure / bare:.2f}× the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
