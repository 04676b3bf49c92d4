"""Saved web pages: the article without the portal around it, its title, date and address; GBK
pages; single-file .mhtml pages; pages saved from the Wayback Machine."""
from __future__ import annotations

import email.generator
import io
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from workbench.importers import ImportRefused, read_file
from workbench.importers.html import read_html

PARAGRAPHS = [
    "为深入贯彻落实党中央、国务院关于深化“放管服”改革的决策部署，加快推进政务服务“一网通办”，"
    "现就有关事项通知如下。",
    "一、总体要求。以企业和群众办事“只进一扇门”“最多跑一次”为目标，全面推行网上办理。",
    "二、工作任务。各区、各部门要在2016年底前完成政务服务事项梳理，朱镕基同志曾强调此事。",
]
TITLE = "江临市人民政府办公厅关于推进政务服务“一网通办”的通知"


def portal_page(*, head: str = "", info: str = "", charset: str = "utf-8",
                before_doctype: str = "", wrap_form: bool = False) -> str:
    """A government portal's article page: menus, breadcrumb, sidebar, share bar and footer
    around the article, as such sites are built (tables, TRS editor div, <br> paragraphs)."""
    body = "".join(f"<p style=\"text-indent:2em\">{p}</p>\n" for p in PARAGRAPHS)
    page = f"""<!DOCTYPE html>{before_doctype}
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_通知公告_江临市人民政府</title>{head}
<style>.nav {{ color: red }}</style><script>var menu = "首页 政务公开";</script>
</head><body>
{"<form id='form1' method='post' action='./detail.aspx'>" if wrap_form else ""}
<div class="header"><img src="logo.png" alt="江临市人民政府"><div class="search">
<input type="text" value="请输入关键词"><button>搜索</button></div></div>
<div id="nav" class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a>
</li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
通知公告</div>
<div class="container"><div class="sidebar"><h3>相关链接</h3><ul>
<li><a href="/a.html">江临市召开全市深化“放管服”改革推进会议，副市长出席并讲话</a></li>
<li><a href="/b.html">关于公布江临市第一批“最多跑一次”事项清单的通知（全文）</a></li>
</ul></div>
<div class="article"><h1>{TITLE}</h1>
<div class="info">{info}</div>
<div id="zoom" class="TRS_Editor">
{body}</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a> 【打印本页】【关闭窗口】</div>
</div></div>
<div class="footer"><p>主办单位：江临市人民政府办公厅 版权所有 网站标识码：3301000001</p>
<p>地址：江临市人民路1号 邮编：310000 建议使用1280×800分辨率浏览本网站</p></div>
{"</form>" if wrap_form else ""}
</body></html>"""
    return page


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_article_text_without_the_portal(tmp_path: Path) -> None:
    head = ('<meta name="ArticleTitle" content="' + TITLE + '">'
            '<meta name="PubDate" content="2016-09-29 10:30">'
            '<meta name="ContentSource" content="江临市人民政府办公厅">')
    doc = read_file(_write(tmp_path, "通知.html", portal_page(head=head).encode("utf-8")))
    assert doc.text == "\n".join(PARAGRAPHS)
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("paragraph", p) for p in PARAGRAPHS]
    assert doc.title == TITLE
    assert doc.date == "2016-09-29"
    assert doc.metadata["agency"] == "江临市人民政府办公厅"
    assert doc.media_type == "text/html" and doc.encoding == "utf-8"
    for boilerplate in ("首页", "当前位置", "相关链接", "分享到", "版权所有", "搜索", "var menu"):
        assert boilerplate not in doc.text


def test_title_without_the_site_name_and_date_from_the_page_text(tmp_path: Path) -> None:
    page = portal_page(info="发布时间：2016-09-29　来源：市政府办公厅　【字体：大 中 小】")
    doc = read_html(page.encode("utf-8"), "page.html")
    assert doc.title == TITLE  # <title> "…_通知公告_江临市人民政府" holds the <h1>
    assert doc.date == "2016-09-29"
    page = portal_page(info="2016年09月29日 14:05　来源：江临日报")
    assert read_html(page.encode("utf-8"), "page.html").date == "2016-09-29"


@pytest.mark.parametrize("head", [
    '<meta property="article:published_time" content="2016-09-29T10:30:00+08:00">',
    '<meta name="pubdate" content="2016-09-29">',
    '<meta name="publishdate" content="2016/09/29">',
    '<script type="application/ld+json">{"@type": "NewsArticle", '
    '"datePublished": "2016-09-29T10:30:00+08:00"}</script>',
])
def test_publication_date_from_metadata(head: str) -> None:
    doc = read_html(portal_page(head=head).encode("utf-8"), "page.html")
    assert doc.date == "2016-09-29"


def test_time_element_and_og_title() -> None:
    page = ('<html><head><meta property="og:title" content="新闻标题"></head><body><article>'
            '<h1>页面上的标题</h1><time datetime="2016-09-29T08:00">9月29日</time>'
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    doc = read_html(page.encode("utf-8"), "news.htm")
    assert doc.title == "新闻标题" and doc.date == "2016-09-29"


def test_gbk_page_is_decoded_with_its_declared_charset(tmp_path: Path) -> None:
    page = portal_page(charset="gb2312")
    data = page.encode("gbk")  # 镕 is in GBK but not in GB2312: pages declare one, write the other
    doc = read_file(_write(tmp_path, "旧网页.htm", data))
    assert doc.text == "\n".join(PARAGRAPHS)
    assert doc.encoding == "gb18030"
    assert "朱镕基" in doc.text


def test_gbk_page_without_a_declaration_is_recognised() -> None:
    page = portal_page().replace('<meta http-equiv="Content-Type" content="text/html; '
                                 'charset=utf-8">', "")
    doc = read_html(page.encode("gb18030"), "a.html")
    assert doc.text == "\n".join(PARAGRAPHS) and doc.encoding == "gb18030"


def test_asp_net_form_around_the_whole_page_is_kept() -> None:
    doc = read_html(portal_page(wrap_form=True).encode("utf-8"), "detail.aspx.html")
    assert doc.text == "\n".join(PARAGRAPHS)


def test_headings_list_items_and_br_paragraphs() -> None:
    page = ("<html><body><div class='content'><h2>一、总体要求</h2>第一段文字，说明背景。<br>"
            "<br>　　第二段文字，说明目标。<h3>（一）主要任务</h3><ul><li>任务甲：梳理事项清单。</li>"
            "<li>任务乙：<b>建设</b>统一平台。</li></ul><p>Plain English words, kept as they"
            "\n   are written.</p></div></body></html>")
    doc = read_html(page.encode("utf-8"), "x.html")
    assert [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("heading", 2, "一、总体要求"), ("paragraph", 0, "第一段文字，说明背景。"),
        ("paragraph", 0, "第二段文字，说明目标。"), ("heading", 3, "（一）主要任务"),
        ("list-item", 0, "任务甲：梳理事项清单。"), ("list-item", 0, "任务乙：建设统一平台。"),
        ("paragraph", 0, "Plain English words, kept as they are written.")]


def test_address_from_canonical_link() -> None:
    head = '<link rel="canonical" href="http://www.jl.gov.cn/zwgk/tzgg/201609/t20160929_1.html">'
    doc = read_html(portal_page(head=head).encode("utf-8"), "a.html")
    assert doc.metadata["origin_url"] == "http://www.jl.gov.cn/zwgk/tzgg/201609/t20160929_1.html"
    assert "capture_time" not in doc.metadata


def test_page_saved_from_the_wayback_machine(tmp_path: Path) -> None:
    archive = "https://web.archive.org/web/20160915083000/http://www.jl.gov.cn/zwgk/"
    saved_from = f"\n<!-- saved from url=({len(archive):04d}){archive} -->"
    doc = read_file(_write(tmp_path, "存档页面.html",
                           portal_page(before_doctype=saved_from).encode("utf-8")))
    assert doc.metadata["origin_url"] == "http://www.jl.gov.cn/zwgk/"
    assert doc.metadata["capture_time"] == "2016-09-15 08:30:00"
    assert doc.metadata["archive_url"] == archive
    assert doc.text == "\n".join(PARAGRAPHS)


def test_wayback_toolbar_is_not_text_and_names_the_capture() -> None:
    toolbar = ('<script>__wm.wombat("http://www.jl.gov.cn/","20160915083000",'
               '"https://web.archive.org/","web","/_static/");</script>'
               '<div id="wm-ipp-base"><div id="wm-ipp">The Wayback Machine - 1,024 captures '
               '15 Sep 2016 - 20 Jun 2023 Go SEP OCT 2016 About this capture</div></div>')
    page = portal_page().replace("<body>", "<body>" + toolbar)
    doc = read_html(page.encode("utf-8"), "a.html")
    assert "Wayback" not in doc.text and doc.text == "\n".join(PARAGRAPHS)
    assert doc.metadata["capture_time"] == "2016-09-15 08:30:00"
    assert doc.metadata["origin_url"] == "http://www.jl.gov.cn/"


def mhtml(page: str, charset: str = "gbk", location: str = "http://www.jl.gov.cn/a.html") -> bytes:
    message = MIMEMultipart("related", type="text/html")
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = location
    message["Subject"] = TITLE
    part = MIMEText(page, "html", charset)
    part.replace_header("Content-Transfer-Encoding", part["Content-Transfer-Encoding"])
    part["Content-Location"] = location
    message.attach(part)
    image = MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(30), "png")
    image["Content-Location"] = "http://www.jl.gov.cn/logo.png"
    message.attach(image)
    buffer = io.BytesIO()
    email.generator.BytesGenerator(buffer).flatten(message)
    return buffer.getvalue()


def test_single_file_page_mhtml(tmp_path: Path) -> None:
    archive = "https://web.archive.org/web/20160915083000/http://www.jl.gov.cn/a.html"
    data = mhtml(portal_page(charset="gbk"), location=archive)
    doc = read_file(_write(tmp_path, "网页.mhtml", data))
    assert doc.text == "\n".join(PARAGRAPHS)
    assert doc.title == TITLE
    assert doc.metadata["capture_time"] == "2016-09-15 08:30:00"
    assert doc.metadata["origin_url"] == "http://www.jl.gov.cn/a.html"
    assert doc.data == data


def test_plain_html_saved_as_mht_is_read(tmp_path: Path) -> None:
    doc = read_file(_write(tmp_path, "网页.mht", portal_page().encode("utf-8")))
    assert doc.text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("name, content, expected", [
    ("空.html", b"<html><head><title>x</title></head><body><script>render()</script></body></html>",
     "the web page contains no readable text (it may be filled in by scripts when it is opened); "
     "print it to PDF from the browser, or take a screenshot, and import that."),
    ("空白.html", b"   \n  ",
     "the web page contains no readable text (it may be filled in by scripts when it is opened); "
     "print it to PDF from the browser, or take a screenshot, and import that."),
    ("二进制.html", bytes(range(256)) * 8,
     "the file does not look like plain text (it contains binary data); if it is a document, "
     "open it in its program, save it as UTF-8 text, and import that."),
    ("无页面.mhtml", b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/"
     b"related; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n",
     "the saved web page (.mhtml) holds no HTML page; save the page again from the browser "
     "(\"Web page, complete\" or \"Webpage, single file\") and import the new file."),
    ("图.html", b"\x89PNG\r\n\x1a\n" + bytes(40),
     "the file has the .html extension but is a PNG image; rename it to .png and import it "
     "again."),
])
def test_broken_pages_are_refused_with_one_sentence(tmp_path: Path, name: str, content: bytes,
                                                    expected: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        read_file(_write(tmp_path, name, content))
    assert str(refused.value) == f"{name}: {expected}"


def test_nothing_is_fetched_or_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the importer tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    page = portal_page(head='<link rel="stylesheet" href="http://www.jl.gov.cn/a.css">'
                            '<script src="http://www.jl.gov.cn/a.js"></script>'
                            '<!DOCTYPE x SYSTEM "http://www.jl.gov.cn/x.dtd">')
    assert read_html(page.encode("utf-8"), "a.html").text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("markup, boilerplate", [
    ('<div class="main-nav">x</div>', True), ('<div id="topnav">x</div>', True),
    ('<div class="footer-content">x</div>', True), ('<div class="sharebox">x</div>', True),
    ('<ul class="commentList">x</ul>', True), ('<div class="bottom">x</div>', True),
    ('<div class="dqwz">当前位置</div>', True), ('<div id="wm-ipp-base">x</div>', True),
    ('<div class="content-side">x</div>', False), ('<div class="article">x</div>', False),
    ('<div id="zoom" class="TRS_Editor">x</div>', False), ('<div class="title">x</div>', False),
    ('<div>x</div>', False), ('<nav>x</nav>', True), ('<aside>x</aside>', True),
    ('<article><header>x</header></article>', False),
])
def test_what_counts_as_boilerplate(markup: str, boilerplate: bool) -> None:
    from lxml import html

    from workbench.importers.html import _looks_like_boilerplate

    node = html.fragment_fromstring(markup)
    if node.tag == "article":
        node = node[0]
    assert _looks_like_boilerplate(node) is boilerplate


def test_a_page_nested_too_deep_is_refused_rather_than_cut_short() -> None:
    deep = ("<html><body><p>开头的段落。</p>" + "<div>" * 300 + "深处的文字" + "</div>" * 300
            + "<p>结尾的段落。</p></body></html>").encode("utf-8")
    with pytest.raises(ImportRefused, match="more than 255 levels deep") as refused:
        read_html(deep, "深层.html")
    assert "深层.html" in str(refused.value)
    shallow = deep.replace(b"<div>" * 300, b"<div>" * 200).replace(b"</div>" * 300,
                                                                  b"</div>" * 200)
    assert "深处的文字" in read_html(shallow, "浅层.html").text
