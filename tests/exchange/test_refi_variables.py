"""Source details (date, type, URL, agency, document number, capture time) and source attributes
travel through .qdpx as REFI-QDA source Variables: export validates against Project.xsd, export →
import gives every field back exactly, and other tools' variables (NVivo's "Date", "URL", an
unknown "Interviewer") fill the details or are kept as source attributes, never dropped."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from helpers import PROJECT_XSD, png_bytes
from workbench.core import Project
from workbench.exchange.refi import export_qdpx, import_qdpx

XSD = PROJECT_XSD
NS = {"q": "urn:QDA-XML:project:1.0"}
URL = "https://www.gov.cn/zhengce/content?id=55&lang=zh<cn>#第2段"
DETAILS = ("title", "date", "source_type", "origin_url", "agency", "document_number",
           "capture_time", "notes")


def _study(path, language="zh", dates=("2016", "2016-09", "2016-09-29"),
           captures=("2024-05-01 10:30:00", "2024-05-02", "2024-05-03T08:00:00Z")):
    p = Project.create(path, title="元数据", language=language)
    for i, (date, capture) in enumerate(zip(dates, captures)):
        text = f"第{i}份文件：国务院关于加快推进“互联网+政务服务”工作的指导意见。"
        p.sources.add(kind="text", title=f"文件{i}", data=text.encode("utf-8"), text=text,
                      file_name=f"doc{i}.txt", date=date, source_type=("policy", "新闻", "网站截图")[i],
                      origin_url=URL if i == 0 else f"http://example.org/{i}?a=1&b=2",
                      agency="国务院办公厅" if i != 1 else "", document_number=f"国发〔2016〕{55 + i}号",
                      capture_time=capture, notes="说明 & <备注>" if i == 2 else "")
    image = p.sources.add(kind="image", title="截图", data=png_bytes(), file_name="shot.png",
                          media_type="image/png", width=120, height=80, date=dates[-1],
                          origin_url="https://weibo.com/x?y=1&z=2", capture_time=captures[-1])
    p.sources.set_attribute("主题", {image.id: "数字政府", 1: "放管服"})
    p.cases.add("A市")
    p.cases.add_attribute("人口", "number")
    p.cases.set_value("A市", "人口", "120")
    return p


def _details(project) -> dict:
    return {s.title: ({k: getattr(s, k) for k in DETAILS}, s.metadata.get("attributes", {}))
            for s in project.sources.list()}


def _qde(path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_source_detail_round_trips_through_a_valid_qdpx(tmp_path, language):
    p = _study(tmp_path / "a.cwb", language)
    before = _details(p)
    report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
    p.close()
    assert report.valid, report.notes
    root = _qde(tmp_path / "a.qdpx")
    names = {v.get("name"): v.get("typeOfVariable")
             for v in root.iterfind("q:Variables/q:Variable", NS)}
    date, url, subject = ("日期", "网址", "主题") if language == "zh" else ("Date", "URL", "主题")
    # YYYY and YYYY-MM are no xsd:date: Text keeps them exactly; a case attribute stays one.
    assert names[date] == "Text" and names[url] == "Text" and names[subject] == "Text"
    assert names["人口"] == "Float"
    assert ("Notes" in names or "备注" in names) is False  # notes travel as the Description

    imported = import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    q = Project.open(tmp_path / "b.cwb", read_only=True)
    try:
        assert _details(q) == before
        assert [a.name for a in q.cases.attributes()] == ["人口"]  # no source variable leaks
        assert q.cases.list()[0].attributes == {"人口": "120"}
    finally:
        q.close()
    assert imported.found["source values"] == imported.done["source values"] > 0
    # The Source type variable and the Set agree; only the attribute 主题 is reported as kept.
    assert [n for n in imported.notes if "more than one set" in n or "kept" in n] == [
        "The source variables 主题 are not source details; their values were kept as the "
        "sources' own attributes."]


def test_full_dates_and_xsd_times_are_typed_date_and_datetime(tmp_path):
    p = _study(tmp_path / "a.cwb", "en", dates=("2016-01-31", "2016-09-29", "2020-02-29"),
               captures=("2024-05-01T10:30:00", "2024-05-02T00:00:00Z", "2024-05-03T08:00:00"))
    before = _details(p)
    report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
    again = export_qdpx(p, tmp_path / "again.qdpx")
    p.close()
    assert report.valid, report.notes
    assert again.done == report.done
    root = _qde(tmp_path / "a.qdpx")
    variables = {v.get("name"): (v.get("typeOfVariable"), v.get("guid"))
                 for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert variables["Date"][0] == "Date" and variables["Capture time"][0] == "DateTime"
    # The same project exports the same variable GUIDs every time.
    assert {v.get("name"): v.get("guid") for v in
            _qde(tmp_path / "again.qdpx").iterfind("q:Variables/q:Variable", NS)} == \
        {k: g for k, (_t, g) in variables.items()}
    values = root.findall(".//q:TextSource/q:VariableValue/q:DateValue", NS)
    assert sorted(v.text for v in values) == ["2016-01-31", "2016-09-29", "2020-02-29"]
    import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    q = Project.open(tmp_path / "b.cwb", read_only=True)
    try:
        assert _details(q) == before
    finally:
        q.close()


NVIVO = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="NVivo 15">
  <Variables>
    <Variable guid="11111111-1111-1111-1111-111111111111" name="Date" typeOfVariable="Date"/>
    <Variable guid="22222222-2222-2222-2222-222222222222" name="url" typeOfVariable="Text"/>
    <Variable guid="33333333-3333-3333-3333-333333333333" name="Interviewer"
              typeOfVariable="Text"/>
    <Variable guid="44444444-4444-4444-4444-444444444444" name="Region" typeOfVariable="Text"/>
    <Variable guid="55555555-5555-5555-5555-555555555555" name="Publication date"
              typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="66666666-6666-6666-6666-666666666666" name="North">
      <VariableValue><VariableRef targetGUID="44444444-4444-4444-4444-444444444444"/>
        <TextValue>N</TextValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="77777777-7777-7777-7777-777777777777" name="Interview 1">
      <PlainTextContent>First interview.</PlainTextContent>
      <VariableValue><VariableRef targetGUID="11111111-1111-1111-1111-111111111111"/>
        <DateValue>2021-03-04+08:00</DateValue></VariableValue>
      <VariableValue><VariableRef targetGUID="22222222-2222-2222-2222-222222222222"/>
        <TextValue>https://example.org/a?b=1&amp;c=2</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333333"/>
        <TextValue>Li Si</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="88888888-8888-8888-8888-888888888888" name="Interview 2">
      <PlainTextContent>Second interview.</PlainTextContent>
      <VariableValue><VariableRef targetGUID="55555555-5555-5555-5555-555555555555"/>
        <TextValue>2021-02-30</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="99999999-9999-9999-9999-999999999999"/>
        <TextValue>dangling</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA" name="Interview 3">
      <PlainTextContent>Third interview.</PlainTextContent>
      <VariableValue><VariableRef targetGUID="55555555-5555-5555-5555-555555555555"/>
        <TextValue>2021年3月5日</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>
"""


def test_nvivo_style_variables_fill_details_and_unknown_ones_are_kept(tmp_path):
    path = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", NVIVO)
    report = import_qdpx(path, tmp_path / "new.cwb")
    p = Project.open(tmp_path / "new.cwb", read_only=True)
    try:
        sources = {s.title: s for s in p.sources.list()}
        first, second, third = (sources[f"Interview {i}"] for i in (1, 2, 3))
        assert first.date == "2021-03-04"
        assert first.origin_url == "https://example.org/a?b=1&c=2"
        assert first.metadata["attributes"] == {"Interviewer": "Li Si"}
        # An impossible date is kept under the variable's name and reported, not fatal.
        assert second.date is None
        assert second.metadata["attributes"] == {"Publication date": "2021-02-30"}
        assert third.date == "2021-03-05"  # read as the app reads dates elsewhere
        # A variable only cases use stays a case attribute; source variables do not become one.
        assert [a.name for a in p.cases.attributes()] == ["Region"]
    finally:
        p.close()
    assert any("2021-02-30" in n and "Interview 2" in n for n in report.notes), report.notes
    assert any("Interviewer" in n and "kept" in n for n in report.notes), report.notes
    assert [(s.kind, s.name) for s in report.skipped] == [("source value", "Interview 2")]
    assert report.found["source values"] == report.done["source values"] + 1 == 6
