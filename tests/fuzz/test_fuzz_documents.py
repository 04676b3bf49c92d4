"""Documents (txt, md, html, mhtml, docx, pdf, images) damaged by hypothesis and imported through
``Project.import_files``: each either imports whole or is refused with one sentence naming the
file, leaves no partial source, and the next import works (see fuzzkit.DocumentBench).

Example counts are per importer, sized so that tests/fuzz stays well within three minutes on
two cores (about 40 s on an idle machine); CASE_WORKBENCH_FUZZ_EXAMPLES=10 multiplies them for a
deeper local run.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz import seeds
from fuzz.fuzzkit import DocumentBench, examples
from fuzz.mutations import damaged

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture
def bench(tmp_path):
    bench = DocumentBench(tmp_path)
    yield bench
    print(f"outcomes: {dict(bench.outcomes)}")
    bench.close()


def _fuzz(bench: DocumentBench, strategy: st.SearchStrategy[bytes], ext: str, count: int):
    @examples(count)
    @given(strategy)
    def run(data: bytes) -> None:
        bench.run(data, ext)

    run()
    # The seeds themselves import: the mutations start from files that are read.
    assert sum(bench.outcomes.values()) >= 1


def test_seeds_import_whole(bench):
    """Every seed imports (otherwise the fuzzing would only meet the refusal paths)."""
    cases = [(seeds.text_seeds(), ".txt"), (seeds.markdown_seeds(), ".md"),
             (seeds.html_seeds(), ".html"), (seeds.mhtml_seeds(), ".mhtml"),
             (seeds.docx_seeds(), ".docx"), (seeds.pdf_seeds(), ".pdf"),
             *((data, ext) for ext, data in seeds.image_seeds().items())]
    for datas, ext in cases:
        for data in datas:
            assert bench.run(data, ext) == "imported", ext


def test_fuzzed_plain_text(bench):
    _fuzz(bench, damaged(seeds.text_seeds()), ".txt", 300)


def test_fuzzed_markdown(bench):
    _fuzz(bench, damaged(seeds.markdown_seeds(), markup=True), ".md", 200)


def test_fuzzed_html(bench):
    _fuzz(bench, damaged(seeds.html_seeds(), markup=True), ".html", 300)


def test_fuzzed_mhtml(bench):
    _fuzz(bench, damaged(seeds.mhtml_seeds(), markup=True), ".mhtml", 200)


def test_fuzzed_docx(bench):
    _fuzz(bench, damaged(seeds.docx_seeds(), zipped=True), ".docx", 200)


def test_fuzzed_pdf(bench):
    _fuzz(bench, damaged(seeds.pdf_seeds()), ".pdf", 200)


@pytest.mark.parametrize("ext", [".png", ".jpg", ".gif", ".bmp", ".webp"])
def test_fuzzed_images(bench, ext):
    _fuzz(bench, damaged(seeds.image_seeds()[ext]), ext, 150)
