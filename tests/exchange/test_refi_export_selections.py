"""The export writes every kind of selection the same whichever way its codings were read: the
usual passage from the strings SQLite wrote (the quick path) and everything else from row tuples
(``core.coding_batches``). Forcing every batch to tuples must give the same bytes, for passages
with quotes that need escaping, memos, notes, changes, stamps and GUIDs from other tools, UTF-16
positions, image regions and PDF page regions; and the result is valid."""
from __future__ import annotations

import re
import sqlite3
import zipfile

import pytest

from helpers import PROJECT_XSD
from pdf_pages_helpers import layout_pdf
from workbench.core import Project, Rect, coding_batches, provenance
from workbench.exchange.refi import export_qdpx

QUOTES = ["第一条\n第二条", "A & B <c> \"d\"", "制表\t符", "全角\u3000空格", "回车\r换行",
          "控制\x0b字符", "𠮷野家的𠮷", "平常的一句话"]


def _study(tmp_path) -> Project:
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(2))
    p = Project.create(tmp_path / "a.cwb", title="各种编码", coder="张三")
    element, other = p.elements.add("协同"), p.elements.add("整合 & <比较>")
    text = "".join(f"{q}。" for q in QUOTES) * 3
    source = p.sources.add(kind="text", title="文本", data=b"t", text=text)
    at = 0
    for n, quote in enumerate(QUOTES * 3):
        start = text.index(quote, at)
        at = start + len(quote)
        p.codings.code_text(source.id, start, at, element.id if n % 2 else other.id,
                            coder="李四" if n % 5 == 0 else None,
                            memo="备忘 & 说明" if n % 7 == 3 else "")
    codings = p.codings.list(source_id=source.id)
    p.memos.add("coding", codings[4].id, title="注", body="编码的备忘")
    provenance.keep_times(p, "codings", codings[5].id, codings[5].created,
                          "2024-03-02T10:00:00Z")
    provenance.keep_times(p, "codings", codings[6].id, "2024-03-01 10:00:00")
    shot = p.sources.add(kind="image", title="截图", data=b"png", width=100, height=80)
    p.codings.code_region(shot.id, (50, 40, 10, 10), element.id)
    p.import_files([pdf])
    [document] = [s for s in p.sources.list() if s.title != "文本" and s.title != "截图"]
    p.codings.code_region(document.id, Rect(70, 180, 365, 80), element.id, page=1)
    pdf_text = p.sources.text(document.id)
    p.codings.code_text(document.id, 0, min(8, len(pdf_text)), other.id)
    return p


def _odd_guids(path) -> None:
    """GUIDs as other tools write them: upper case, in braces."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE codings SET guid = upper(guid) WHERE id = 2")
        db.execute("UPDATE codings SET guid = '{' || guid || '}' WHERE id = 3")
        db.execute("UPDATE coders SET guid = upper(guid) WHERE name = '李四'")
    db.close()


@pytest.mark.parametrize("target", ["standard", "nvivo"])  # code points; UTF-16 units
def test_both_ways_of_reading_codings_write_the_same_selections(tmp_path, monkeypatch, target):
    p = _study(tmp_path)
    p.close()
    _odd_guids(tmp_path / "a.cwb")
    with Project.open(tmp_path / "a.cwb", read_only=True) as p:
        export_qdpx(p, tmp_path / "quick.qdpx", target=target, schema=PROJECT_XSD)
        with monkeypatch.context() as patch:
            patch.setattr(coding_batches, "_serial", lambda *_: None)  # every batch as tuples
            report = export_qdpx(p, tmp_path / "tuples.qdpx", target=target, schema=PROJECT_XSD)
        count = len(p.codings.list())
    assert report.valid, report.notes
    with zipfile.ZipFile(tmp_path / "quick.qdpx") as quick, \
            zipfile.ZipFile(tmp_path / "tuples.qdpx") as tuples:
        qde = quick.read("project.qde")
        assert qde == tuples.read("project.qde")
    xml = qde.decode("utf-8")
    assert len(re.findall(r"<Coding guid=", xml)) == count
    assert 'name="A &amp; B &lt;c&gt; &quot;d&quot;"' in xml
    assert 'name="第一条&#10;第二条"' in xml and 'name="控制字符"' in xml


def test_the_quick_path_is_taken_for_the_usual_passage(tmp_path, monkeypatch):
    """Guards the test above: were every batch read as tuples anyway, it would prove nothing."""
    p = _study(tmp_path)
    seen: list[bool] = []
    real = coding_batches._serial

    def watched(*args):
        written = real(*args)
        seen.append(written is not None)
        return written

    monkeypatch.setattr(coding_batches, "_serial", watched)
    with p:
        export_qdpx(p, tmp_path / "a.qdpx")
    assert seen and all(seen)
