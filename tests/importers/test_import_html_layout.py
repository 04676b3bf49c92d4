"""Web pages whose layout misleads the article finder: markup closed before the article, hidden
elements holding most of the early text, pages that are mostly links (the article found is then
too small for the page, so all visible text is kept, with a warning)."""
from __future__ import annotations

from workbench.importers.html import read_html

ARTICLE = [f"第{i}段：为深入贯彻落实乡村振兴战略，各地要加强组织领导，健全工作机制，确保各项任务落到实处。"
           for i in range(1, 13)]
HIDDEN_URL = "http://www.gov.cn/x"


def _article_html() -> str:
    return "<div class='article'><h1>关于推进乡村振兴的通知</h1>" + "".join(
        f"<p>{p}</p>" for p in ARTICLE) + "</div>"


def test_article_after_an_early_html_close_is_kept():
    page = (f"<!DOCTYPE html><html><head><title>通知_某某网</title></head><body>"
            f"<div style='display: none'>{HIDDEN_URL}</div></body></html>\n{_article_html()}")
    doc = read_html(page.encode(), "page.html")
    assert all(p in doc.text for p in ARTICLE)
    assert HIDDEN_URL not in doc.text
    assert not doc.warnings


def test_article_after_an_early_body_close_is_kept():
    page = (f"<html><head><title>t</title></head><body><div hidden>{HIDDEN_URL}/abc/def</div>"
            f"</body>{_article_html()}</html>")
    doc = read_html(page.encode(), "page.html")
    assert all(p in doc.text for p in ARTICLE)
    assert HIDDEN_URL not in doc.text


def test_hidden_text_is_never_the_main_text():
    hidden = "".join(f"<p>隐藏的模板文字第{i}行，页面打开时不会显示出来的一大段内容。</p>" for i in range(40))
    page = (f"<html><body><div style='DISPLAY:NONE'>{hidden}</div>"
            f"<div class='box'><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p></div></body></html>")
    doc = read_html(page.encode(), "page.html")
    assert ARTICLE[0] in doc.text and ARTICLE[1] in doc.text
    assert "隐藏的模板文字" not in doc.text


def test_small_article_on_a_large_page_keeps_all_visible_text_with_a_warning():
    links = "".join(f"<li><a href='/n{i}'>关于第{i}批乡村振兴示范村名单的公示公告</a></li>"
                    for i in range(60))
    page = (f"<html><body><div class='intro'><p>本栏目收录公示公告。</p></div>"
            f"<div class='list'><ul>{links}</ul></div></body></html>")
    doc = read_html(page.encode(), "list.html")
    assert "关于第59批乡村振兴示范村名单的公示公告" in doc.text
    assert "本栏目收录公示公告。" in doc.text
    assert len(doc.warnings) == 1 and "visible text" in doc.warnings[0]


def test_an_ordinary_article_page_has_no_warning():
    page = (f"<html><body><div class='nav'><a href='/'>首页</a><a href='/a'>政务公开</a></div>"
            f"{_article_html()}<div class='footer'>版权所有 某某市人民政府</div></body></html>")
    doc = read_html(page.encode(), "page.html")
    assert doc.text.startswith("关于推进乡村振兴的通知")
    assert "版权所有" not in doc.text
    assert doc.warnings == []


def test_a_short_notice_on_a_portal_full_of_menu_links_is_kept_alone():
    menu = "".join(f"<li><a href='/m{i}'>政务公开栏目第{i}项链接</a></li>" for i in range(80))
    notice = ("经研究决定，2023年春节放假时间为1月21日至27日，共7天。1月28日、29日上班。"
              "节日期间，各单位要妥善安排好值班和安全保卫等工作。特此通知。")
    page = (f"<html><body><ul class='topmenu'>{menu}</ul><ul>{menu}</ul>"
            f"<div class='box'><h2>春节放假通知</h2><p>{notice}</p></div></body></html>")
    doc = read_html(page.encode(), "notice.html")
    assert doc.text == f"春节放假通知\n{notice}" and doc.warnings == []


def test_an_article_split_over_layout_tables_keeps_all_visible_text_with_a_warning():
    """Each paragraph in a layout table of its own: the best-scoring part is one paragraph, a
    small share of the page's running text, so the whole page is kept."""
    tables = "".join(f"<table><tr><td>{p}</td></tr></table>" for p in ARTICLE)
    doc = read_html(f"<html><body>{tables}</body></html>".encode(), "layout.html")
    assert doc.text.split("\n") == ARTICLE
    assert len(doc.warnings) == 1


def test_an_article_marked_aria_hidden_behind_a_dialog_is_kept():
    page = ("<html><body><div aria-hidden='true'>" + _article_html() + "</div>"
            "<div role='dialog'><p>本网站使用Cookie。</p></div></body></html>")
    doc = read_html(page.encode(), "page.html")
    assert all(p in doc.text for p in ARTICLE)
