"""The report's intercoder-agreement section: heading, method sentence, a three-line table with
its numbered caption above, "—" for undefined figures; only with two coders or more."""
from __future__ import annotations

import docx
import pytest

from workbench.core import Project
from workbench.exporters.report import write_report

TEXT = "0123456789" + "abcdefghij" * 3  # 40 characters


@pytest.fixture()
def coded(tmp_path):
    p = Project.create(tmp_path / "k.cwb", title="一致性", coder="Ann")
    source = p.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
    ids = {name: p.elements.add(name).id for name in ("X", "Y")}
    p.codings.code_text(source.id, 0, 4, ids["X"], coder="Ann")
    yield p, source.id, ids
    p.close()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _texts(doc):
    """Paragraph texts, field results (the caption numbers) included."""
    return ["".join(t.text or "" for t in p._p.iter(f"{W}t")) for p in doc.paragraphs]


def test_section_with_two_coders(coded, tmp_path):
    p, s, ids = coded
    p.codings.code_text(s, 2, 6, ids["X"], coder="Bo")
    path = write_report(p, tmp_path / "en.docx", language="en",
                        sections=["codebook", "agreement"])
    doc = docx.Document(str(path))
    texts = _texts(doc)
    assert "Intercoder agreement" in texts
    heading = texts.index("Intercoder agreement")
    after = texts[heading + 1:]
    assert any("character as the unit" in t and "Ann and Bo" in t for t in after)
    caption = next(t for t in after if "Intercoder agreement (character level)" in t)
    assert caption.startswith("Table 2")  # numbered after the codebook's table 1
    table = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Element", "Characters", "Percent agreement", "Cohen's κ",
                       "Krippendorff's α"]
    x = next(r for r in rows if r[0] == "X")
    assert x[1:] == ["40", "90.0%", "0.444", "0.451"]
    y = next(r for r in rows if r[0] == "Y")  # nobody used Y: undefined
    assert y[1:] == ["40", "100.0%", "—", "—"]
    assert rows[-1][0] == "All elements"


def test_section_in_chinese(coded, tmp_path):
    p, s, ids = coded
    p.codings.code_text(s, 2, 6, ids["X"], coder="Bo")
    doc = docx.Document(str(write_report(p, tmp_path / "zh.docx", language="zh",
                                         sections=["agreement"])))
    texts = _texts(doc)
    assert "编码者间一致性" in texts
    assert any(t.startswith("表1") and "编码者间一致性（字符层面）" in t for t in texts)
    assert [c.text for c in doc.tables[0].rows[-1].cells][0] == "全部要素"


def test_no_section_with_one_coder(coded, tmp_path):
    p, _, _ = coded
    doc = docx.Document(str(write_report(p, tmp_path / "one.docx", language="en",
                                         sections=["codebook", "agreement"])))
    assert "Intercoder agreement" not in _texts(doc)
    assert len(doc.tables) == 1


def test_no_common_source_says_so(coded, tmp_path):
    p, _, ids = coded
    other = p.sources.add(kind="text", title="u", data=b"other text", text="other text")
    p.codings.code_text(other.id, 0, 5, ids["Y"], coder="Bo")
    doc = docx.Document(str(write_report(p, tmp_path / "none.docx", language="en",
                                         sections=["agreement"])))
    texts = _texts(doc)
    assert "Intercoder agreement" in texts
    assert any("cannot be computed" in t for t in texts)
    assert not doc.tables
