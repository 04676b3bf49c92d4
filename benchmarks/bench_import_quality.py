"""How long measuring a stored text's quality takes (not part of the tests).

Every import measures its text (workbench/importers/quality.py), so on a long document the
measure must stay small next to reading the file. Prints figure / target / ratio for a text of
about 1,000,000 characters (Chinese with some Latin and digits, a few garbled runs):

    assess       the figures and problems of the text (target: < 0.5 s)

    .venv/bin/python benchmarks/bench_import_quality.py [--chars 1000000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.importers.quality import assess_text  # noqa: E402

LINE = "关于推进政务服务改革的实施方案。各部门应当共享数据，The platform has 42 agencies。\n"
GARBLED = " ".join(w.encode("gbk").decode("latin-1") for w in ("关于", "红军")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()
    lines = max(1, args.chars // len(LINE))
    text = "".join(GARBLED if n % 500 == 0 else LINE for n in range(lines))
    start = time.perf_counter()
    quality = assess_text(text, kind="text", media_type="application/pdf")
    took = time.perf_counter() - start
    target = 0.5
    print(f"assess {len(text):,} characters: {took:.3f} s, target {target} s, "
          f"ratio {took / target:.2f} (verdict {quality['verdict']})")


if __name__ == "__main__":
    main()
