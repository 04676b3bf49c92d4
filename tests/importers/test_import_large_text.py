"""A large Chinese text imports in memory near its size (a 120 MB policy archive took 3.8 GB):
the encoding is decided on a sample and the text decoded in pieces. Measured as the peak
resident memory of a child process, so nothing else in the test run counts."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import resource, sys
from workbench.importers import read_file
read_file(sys.argv[2])  # loads the lazy modules (charset-normalizer, the common-character table)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = read_file(sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base * 1024, peak * 1024, len(doc.text), doc.encoding)
"""
BLOCK = "".join(f"第{i}条　为深入贯彻落实党中央、国务院关于深化改革的决策部署，加快推进政务服务一网通办，"
                f"现就有关事项通知如下。\r\n" for i in range(1, 200)) + "\r\n"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss counts kilobytes on Linux")
@pytest.mark.parametrize("codec, expected", [("utf-8", "utf-8"), ("gbk", "gb18030")])
def test_peak_memory_of_a_large_text_is_at_most_about_three_times_the_file(
        tmp_path: Path, codec: str, expected: str) -> None:
    encoded = BLOCK.encode(codec)
    path = tmp_path / "archive.txt"
    path.write_bytes(encoded * (16 * 2 ** 20 // len(encoded)))
    (tmp_path / "warm.txt").write_bytes(encoded)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(tmp_path / "warm.txt")],
                          capture_output=True, text=True, check=True, timeout=600,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    base, peak, characters, encoding = done.stdout.split()
    size = path.stat().st_size
    assert encoding == expected
    assert int(characters) == len(BLOCK.replace("\r\n", "\n")) * (size // len(encoded))
    # the bytes kept as the original (1x) + the text while it is joined (2 x about 1x or less)
    assert (int(peak) - int(base)) / size <= 3.5
