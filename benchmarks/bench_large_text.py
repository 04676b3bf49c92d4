"""Peak memory of reading one large Chinese .txt (not part of the tests; the test suite checks a
16 MB file). Writes a UTF-8 and a GBK policy archive of --mb megabytes (CRLF lines, as exported
from a legal database), reads each with ``read_file`` in a child process and prints

    figure  peak resident memory above the child's baseline, MB
    target  3 x the file's size
    ratio   figure / target (≤ 1 is met)

    .venv/bin/python benchmarks/bench_large_text.py [--mb 120]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import resource, sys, time
from workbench.importers import read_file
read_file(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
read_file(sys.argv[1])
print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - start)
"""
BLOCK = "".join(f"第{i}条　为深入贯彻落实党中央、国务院关于深化改革的决策部署，加快推进政务服务一网通办，"
                f"现就有关事项通知如下。\r\n" for i in range(1, 200)) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=120)
    size_mb = parser.parse_args().mb
    with tempfile.TemporaryDirectory() as folder:
        for codec in ("utf-8", "gbk"):
            encoded = BLOCK.encode(codec)
            path = Path(folder) / f"archive-{codec}.txt"
            path.write_bytes(encoded * (size_mb * 2 ** 20 // len(encoded)))
            warm = Path(folder) / "warm.txt"
            warm.write_bytes(encoded)
            done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)],
                                  capture_output=True, text=True, check=True,
                                  env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
            base, peak, seconds = done.stdout.split()
            figure = (int(peak) - int(base)) / 1024
            target = 3 * path.stat().st_size / 2 ** 20
            print(f"{codec:6} {path.stat().st_size / 2 ** 20:6.0f} MB file: peak +{figure:6.0f} MB"
                  f"  target {target:6.0f} MB  ratio {figure / target:.2f}"
                  f"  ({float(seconds):.1f} s)")
            path.unlink()


if __name__ == "__main__":
    main()
