"""A batch import takes what the user states, then a manifest, then what each file says of
itself; scans are listed apart; OCR gives screenshots a text layer whose passages code regions."""
import pytest

from importers.test_import_pdf import cid_pdf, scan_pdf
from importers.test_ocr import BANNER, screenshot
from workbench.core import Project

ARCHIVE = "https://web.archive.org/web/20160915083000/http://www.jianglin.gov.cn/zwgk/notice.html"
PAGE = f"""<html><head><meta charset="utf-8"><title>关于推进一网通办的通知</title>
<link rel="canonical" href="{ARCHIVE}">
<meta name="PubDate" content="2016-09-14 10:00"></head><body>
<div class="nav">首页 | 政务公开 | 办事服务</div>
<div class="article"><h1>关于推进一网通办的通知</h1>
<p>各区人民政府，市政府各部门：为深化“放管服”改革，推进政务服务一网通办，现将有关事项通知如下。</p>
<p>一、建设统一的政务数据共享交换平台，实现部门间数据互通。</p></div>
<div class="footer">版权所有 江临市人民政府</div></body></html>"""


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.cwb") as p:
        yield p


def test_a_manifest_fills_in_each_file(project, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "通知.txt").write_text("市政府关于数据共享的通知全文。", encoding="utf-8")
    (tmp_path / "docs" / "其他.txt").write_text("未列入清单的材料。", encoding="utf-8")
    sheet = tmp_path / "清单.csv"
    sheet.write_text("文件名,标题,日期,类型,案例,网址,发文机关,文号\n"
                     f"通知.txt,数据共享通知,2018-05-10,政策文件,江临市,{ARCHIVE},江临市人民政府,"
                     "江政办发〔2018〕12号\n"
                     "不存在.txt,缺失,2018-13-45,,,,,\n", encoding="utf-8-sig")
    report = project.import_files([tmp_path / "docs"], manifest=sheet)
    assert len(report.imported) == 2 and report.notes  # the bad date row is reported
    listed = next(s for s in report.imported if s.file_name == "通知.txt")
    assert (listed.title, listed.date, listed.source_type, listed.cases) == \
        ("数据共享通知", "2018-05-10", "政策文件", ("江临市",))
    assert listed.origin_url == "http://www.jianglin.gov.cn/zwgk/notice.html"
    assert listed.capture_time == "2016-09-15 08:30:00"
    assert (listed.agency, listed.document_number) == ("江临市人民政府", "江政办发〔2018〕12号")
    other = next(s for s in report.imported if s.file_name == "其他.txt")
    assert other.title == "其他" and other.cases == ()


def test_a_saved_web_page_brings_its_date_and_archive_capture(project, tmp_path):
    (tmp_path / "notice.html").write_text(PAGE, encoding="utf-8")
    [source] = project.import_files([tmp_path / "notice.html"]).imported
    text = project.sources.text(source.id)
    assert "一网通办" in text and "版权所有" not in text and "政务公开" not in text
    assert source.date == "2016-09-14"
    assert source.origin_url == "http://www.jianglin.gov.cn/zwgk/notice.html"
    assert source.capture_time == "2016-09-15 08:30:00"


def test_pdf_pages_are_kept_for_citation(project, tmp_path):
    (tmp_path / "two.pdf").write_bytes(cid_pdf([["第一页的政策内容"], ["第二页的政策内容"]]))
    [source] = project.import_files([tmp_path / "two.pdf"]).imported
    text = project.sources.text(source.id)
    assert project.sources.page_at(source.id, text.index("第一页")) == 1
    assert project.sources.page_at(source.id, text.index("第二页")) == 2


def test_a_scan_is_listed_apart_without_ocr(project, tmp_path):
    (tmp_path / "scan.pdf").write_bytes(scan_pdf(1))
    report = project.import_files([tmp_path / "scan.pdf"])
    assert report.imported == [] and report.refused == []
    [(file, reason)] = report.needs_ocr
    assert file.endswith("scan.pdf") and "scan.pdf" in reason


@pytest.mark.slow
def test_ocr_gives_a_screenshot_text_whose_passages_code_regions(project, tmp_path, qapp):
    (tmp_path / "portal.png").write_bytes(screenshot(900, 240, BANNER))
    [source] = project.import_files([tmp_path / "portal.png"], ocr=True).imported
    text = project.sources.text(source.id)
    assert source.kind == "image" and "一网通办" in text.replace(" ", "")
    lines = project.sources.recognised_lines(source.id)
    assert len(lines) >= 2 and all(line.box for line in lines)
    element = project.elements.add("服务供给")
    start = text.index("政务服务")
    coding = project.codings.code_text(source.id, start, start + 4, element.id)
    assert coding.snippet == "政务服务"
    [region] = [c for c in project.codings.list() if c.rect is not None]
    assert region.element_id == element.id
    assert 90 <= region.rect.y <= 130 and region.rect.height < 80  # the second drawn line
    project.undo()  # passage and region went in as one step
    assert project.codings.list() == []
    assert project.check() == []
