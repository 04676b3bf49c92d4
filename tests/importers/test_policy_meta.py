"""Policy documents recognised from their own text: database headers, the document head and the
signature block — title, 文号, agencies, dates, 效力级别, reference code and link."""
from __future__ import annotations

import pytest

from workbench.importers.policy_meta import parse_date, recognise, split_agencies

DATABASE_EXPORT = """江临市人民政府办公室关于印发江临市…(FBM-CLI.12.5551234)
\u3000
江临市人民政府办公室关于印发江临市推进政务数据共享实施方案的通知
【发布部门】江临市人民政府办公室
【发文字号】江府办发〔2022〕43号
【发布日期】2022.03.17
【实施日期】2022.04.01
【时效性】现行有效
【效力级别】地方规范性文件
【法宝引证码】CLI.12.5551234
原文链接：https://www.pkulaw.com/lar/abc123.html

各区人民政府，市政府各部门：
现将《江临市推进政务数据共享实施方案》印发给你们，请认真贯彻执行。

江临市人民政府办公室
2022年3月15日
"""

OFFICIAL_TEXT = """江临市人民政府文件
江政发（2019）8号
国家发展改革委 教育部、科技部关于深化数据共享推动一网通办的意见
各区人民政府：
一、总体要求
（一）指导思想。……
二、主要任务
1．建设共享平台。

国家发展改革委
教育部
科技部
二〇一九年五月二十日
"""


def test_a_legal_database_export_gives_every_field_from_its_header():
    facts = recognise(DATABASE_EXPORT)
    assert facts.title == "江临市人民政府办公室关于印发江临市推进政务数据共享实施方案的通知"
    assert facts.document_number == "江府办发〔2022〕43号"
    assert facts.agencies == ["江临市人民政府办公室"]
    assert (facts.published, facts.effective, facts.written) == \
        ("2022-03-17", "2022-04-01", "2022-03-15")
    assert facts.validity == "现行有效" and facts.level == "地方规范性文件"
    assert facts.reference_code == "CLI.12.5551234"
    assert facts.url == "https://www.pkulaw.com/lar/abc123.html"
    assert facts.found["document_number"] == "header" and facts.found["written"] == "signature"
    assert facts.is_policy()


def test_an_official_text_gives_title_number_joint_agencies_and_the_written_date():
    facts = recognise(OFFICIAL_TEXT)
    assert facts.title.startswith("国家发展改革委 教育部、科技部关于深化数据共享")
    assert facts.document_number == "江政发（2019）8号"
    assert facts.agencies == ["国家发展改革委", "教育部", "科技部"]
    assert facts.found["agencies"] == "title"
    assert facts.written == "2019-05-20"


@pytest.mark.parametrize("line, number", [
    ("国发〔2016〕55号", "国发〔2016〕55号"),
    ("京政办发[2019] 1号", "京政办发[2019]1号"),
    ("浙政发（2018）3号", "浙政发（2018）3号"),
    ("某府办发〔2022〕第43号", "某府办发〔2022〕第43号"),
])
def test_document_numbers_in_every_bracket_style(line, number):
    assert recognise(f"标题\n{line}\n正文").document_number == number


@pytest.mark.parametrize("text, iso", [
    ("2022年3月17日", "2022-03-17"), ("二〇二二年三月十七日", "2022-03-17"),
    ("二〇一九年十二月三十一日", "2019-12-31"), ("2021.6.1", "2021-06-01"),
    ("2021年13月1日", ""), ("无日期", ""),
])
def test_dates_written_out_in_chinese_or_digits(text, iso):
    assert parse_date(text) == iso


def test_a_news_report_is_not_taken_for_a_policy_document():
    facts = recognise("江临日报讯 6月17日，江临市政务数据共享交换平台开工建设。\n记者 林晓")
    assert not facts.is_policy()
    assert split_agencies("国家发展改革委 教育部、科技部") == ["国家发展改革委", "教育部", "科技部"]


def test_an_imported_policy_text_is_recognised_and_accepted_as_one_step(tmp_path):
    from workbench.core import Project

    path = tmp_path / "江临市人民政府办公室关于印发江临市…(FBM-CLI.12.5551234).txt"
    path.write_text(DATABASE_EXPORT, encoding="gb18030")
    with Project.create(tmp_path / "p.cwb", title="政策") as p:
        report = p.import_files([path])
        source = report.imported[0]
        guess = p.sources.get(source.id).metadata["policy"]
        assert guess["document_number"] == "江府办发〔2022〕43号"
        accepted = p.sources.accept_policy(source.id)
        assert accepted.title == "江临市人民政府办公室关于印发江临市推进政务数据共享实施方案的通知"
        assert accepted.agency == "江临市人民政府办公室"
        assert accepted.document_number == "江府办发〔2022〕43号"
        assert accepted.date == "2022-03-17"
        assert p.sources.attributes(source.id)["效力级别"] == "地方规范性文件"
        assert p.sources.attributes(source.id)["实施日期"] == "2022-04-01"
        assert p.undo_label() == "Accept policy document details"
        p.undo()
        back = p.sources.get(source.id)
        assert back.document_number == "" and "效力级别" not in p.sources.attributes(source.id)


def test_the_cli_accepts_every_recognised_policy_document_at_once(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from workbench.core import Project

    files = []
    for number in (1, 2):
        f = tmp_path / f"doc{number}.txt"
        f.write_text(OFFICIAL_TEXT.replace("8号", f"{number}号"), encoding="utf-8")
        files.append(f)
    news = tmp_path / "news.txt"
    news.write_text("江临日报讯 平台开工建设。", encoding="utf-8")
    with Project.create(tmp_path / "p.cwb", title="政策") as p:
        p.import_files([*files, news])
    env = dict(os.environ, LC_ALL="C", LANG="C")
    done = subprocess.run([sys.executable, "-m", "workbench", "source", str(tmp_path / "p.cwb"),
                           "--all-guessed", "--accept-policy", "--json"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert sorted(r["document_number"] for r in rows) == ["江政发（2019）1号", "江政发（2019）2号"]
    assert all(r["agency"] == "国家发展改革委、教育部、科技部" and r["date"] == "2019-05-20"
               for r in rows)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_policy_texts_in_each_encoding_are_recognised(tmp_path, encoding):
    from workbench.importers.registry import read_file

    text, number = OFFICIAL_TEXT, "江政发（2019）8号"
    if encoding == "big5":  # a traditional-script document, 號 for 号
        text = ("臺北市政府關於推進資料共享的通知\n府授發〔2019〕8號\n各機關：\n一、總體要求\n"
                "\n臺北市政府\n2019年5月20日\n")
        number = "府授發〔2019〕8號"
    path = tmp_path / f"policy-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    policy = read_file(path).metadata["policy"]
    assert policy["document_number"] == number
    assert policy["written"] == "2019-05-20"


def test_a_word_policy_document_and_a_government_page_are_recognised(tmp_path):
    import docx

    from workbench.importers.registry import read_file

    document = docx.Document()
    for line in OFFICIAL_TEXT.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "意见.docx")
    word = read_file(tmp_path / "意见.docx").metadata["policy"]
    assert word["document_number"] == "江政发（2019）8号"
    assert word["agencies"] == ["国家发展改革委", "教育部", "科技部"]
    page = ("<html><head><meta name='ArticleTitle' content='江临市人民政府办公室关于印发实施方案的通知'>"
            "<meta name='PubDate' content='2022-03-17 09:00'>"
            "<meta name='ContentSource' content='江临市人民政府办公室'></head><body>"
            "<div class='article'><h1>江临市人民政府办公室关于印发实施方案的通知</h1>"
            "<p>江府办发〔2022〕43号</p><p>" + "各区人民政府，市政府各部门：现将实施方案印发给你们。" * 5
            + "</p><p>江临市人民政府办公室</p><p>2022年3月15日</p></div></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    read = read_file(tmp_path / "page.html")
    assert read.metadata["policy"]["document_number"] == "江府办发〔2022〕43号"
    assert read.metadata["policy"]["written"] == "2022-03-15"
    assert read.metadata.get("agency") == "江临市人民政府办公室"  # the portal's own tag
