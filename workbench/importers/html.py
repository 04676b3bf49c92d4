"""Saved web pages (.html, .htm, and .mhtml/.mht single-file pages): the article, not the menus.

The page is parsed with lxml (loaded lazily) and never run or fetched from: scripts are dropped,
no address is followed. The main text is found the way Readability does it, tuned for Chinese
government portals: drop scripts, styles, navigation, headers/footers outside the article, forms
that hold little text, hidden elements, and elements whose class/id says menu, footer,
breadcrumb, sidebar, share, comment … (unless that element holds most of the page's text, as an
ASP.NET page's all-enclosing <form> does); then every run of non-link text scores for its block
container (and half for the container's parent), and the best-scoring container is the article.
Its headings, paragraphs and list items become blocks; <br> separates paragraphs, as such
portals write them. Markup closed early (</html> with the article after it) is read as browsers
read it; hidden elements are never text; an article found much smaller than the page's visible
text is not trusted: all visible text is kept, with a warning. The page's own words about
itself come from its metadata: title, publication date, address (a web-archive address also
gives the capture time), issuing agency.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from typing import Any

from . import messages as msg
from . import webarchive
from .dates import guess_date_from_text, parse_date
from .document import Block, ImportedDocument, ImportRefused, normalise_text
from .encoding import decode_text
from .mhtml_parts import html_parts_only
from .sniff import sniff
from .titles import title_from_text

_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CODEC_FOR = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
              "gb_2312-80": "gb18030", "big5": "cp950", "big5-hkscs": "big5hkscs",
              "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
              "us-ascii": "cp1252"}  # as browsers read these labels (WHATWG encoding standard)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "button", "select", "input", "textarea", "dialog", "map", "head")
_SEMANTIC_BOILERPLATE = ("nav", "aside", "menu", "header", "footer", "form")
_BOILER_WORDS = {"nav", "navbar", "navigation", "menu", "menus", "footer", "foot", "breadcrumb",
                 "breadcrumbs", "crumb", "crumbs", "sidebar", "side", "share", "sharing",
                 "comment", "comments", "copyright", "related", "recommend", "login", "search",
                 "toolbar", "topbar", "banner", "ad", "ads", "advert", "social", "pagination",
                 "pager", "print", "weixin", "wechat", "qrcode", "fenxiang", "bottom",
                 "location", "position", "dqwz", "links", "friendlink", "skip"}
# Words that say boilerplate whatever else the class says (topnav, footer-content, sharebox).
_BOILER_AFFIXES = ("nav", "menu", "footer", "sidebar", "breadcrumb", "share", "comment")
# A class/id with one of these words is the article unless a word above says otherwise.
_CONTENT_WORDS = {"content", "article", "zoom", "trs_editor", "detail", "maintext", "artibody",
                  "pages_content", "news_content", "text", "main"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "td", "th", "tr", "table", "ul", "ol",
               "li", "dl", "dd", "dt", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
               "body", "center", "figure", "figcaption", "address", "caption", "hr", "tbody"}
_CONTAINERS = {"div", "section", "article", "main", "td", "body", "blockquote", "center", "dd"}
_DATE_META = ("article:published_time", "pubdate", "publishdate", "publish_date",
              "publication_date", "og:published_time", "firstpublishedtime", "dc.date.issued",
              "dc.date", "dcterms.created", "date")
_LABELLED_DATE = re.compile(r"(?:发布|发文|成文|印发)(?:日期|时间)\s*[:：]?\s*"
                            r"(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2})")
_BARE_DATE = re.compile(r"(?<!\d)\d{4}\s*(?:[-./]\s*\d{1,2}\s*[-./]|年\s*\d{1,2}\s*月)"
                        r"\s*\d{1,2}(?!\d)")
_WS = re.compile(r"[ \t\n\r\f\v\xa0]+")
HTML_MEDIA_TYPE = "text/html"
_EARLY_CLOSE = re.compile(r"</(?:body|html)\s*>", re.I)
# An article with less than this share of the page's running (non-link) text, when that is at
# least _SMALL_PAGE characters, or with under _TINY characters on a page of _LARGE_PAGE, is not
# trusted: Readability, too, retries with less stripping when its result is short.
_MIN_SHARE, _SMALL_PAGE, _TINY, _LARGE_PAGE = 0.2, 300, 50, 1000
# The markup of one page (a .html file or the page inside an .mhtml): real pages, inline images
# included, stay far below; the article is found by walking every element in Python, so an
# enormous page would take minutes and gigabytes before it could be refused.
MAX_HTML_BYTES = 64 * 1024 * 1024


def read_html(data: bytes, file_name: str) -> ImportedDocument:
    """A saved .html/.htm page: its main text, title, date and address."""
    _check_size(data, file_name)
    text, codec = decode_html(data, file_name)
    return _document(text, codec, data, file_name, HTML_MEDIA_TYPE, extra_urls=[])


def read_mhtml(data: bytes, file_name: str) -> ImportedDocument:
    """A single-file saved page (.mhtml/.mht): its first HTML part, read like a .html file."""
    if sniff(data) == "html":  # plain HTML saved under an .mht name
        return read_html(data, file_name)
    # Images and fonts are cut out first: the email parser is slow and memory-hungry on them.
    kept, largest = html_parts_only(data)
    if largest > 3 * MAX_HTML_BYTES:  # quoted-printable triples the size of Chinese text at most
        raise ImportRefused(file_name, msg.HTML_TOO_LARGE.format(
            size=largest // 2 ** 20, limit=MAX_HTML_BYTES // 2 ** 20))
    message = email.message_from_bytes(kept, policy=email.policy.compat32)
    location = message.get("Snapshot-Content-Location", "")
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        _check_size(payload, file_name)
        text, codec = decode_html(payload, file_name, declared=part.get_content_charset())
        urls = [str(u) for u in (location, part.get("Content-Location", "")) if u]
        return _document(text, codec, data, file_name, "multipart/related", extra_urls=urls)
    raise ImportRefused(file_name, msg.MHTML_NO_PAGE)


def _check_size(markup: bytes, file_name: str) -> None:
    if len(markup) > MAX_HTML_BYTES:
        raise ImportRefused(file_name, msg.HTML_TOO_LARGE.format(
            size=len(markup) // 2 ** 20, limit=MAX_HTML_BYTES // 2 ** 20))


def decode_html(data: bytes, file_name: str, declared: str | None = None) -> tuple[str, str]:
    """A page's text and codec: a byte-order mark, else the declared charset (GB2312/GBK read as
    GB18030, their superset), else UTF-8, else the careful guess used for .txt files."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return decode_text(data, file_name)  # says the file is damaged
    if declared is None:
        m = _CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:200])
        declared = m.group(1).decode("ascii") if m else None
    try:  # valid UTF-8 is UTF-8 whatever the page says: GBK text almost never is
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    if declared:
        try:
            name = codecs.lookup(declared.strip().lower()).name
        except LookupError:
            name = declared.strip().lower()
        candidates.append(_CODEC_FOR.get(declared.strip().lower(), _CODEC_FOR.get(name, name)))
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_text(data, file_name)  # refuses, with a sentence, what it cannot decide


def _document(text: str, codec: str, data: bytes, file_name: str, media_type: str,
              extra_urls: list[str]) -> ImportedDocument:
    from lxml import etree, html

    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an XML declaration
    # libxml2 drops everything after </html> (and some of what follows </body>), while browsers
    # put it in the body; saved portal pages often close early with the article still to come.
    source = _EARLY_CLOSE.sub("", source)
    try:
        parser = html.HTMLParser(remove_comments=True, no_network=True, remove_pis=True)
        tree = html.document_fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        if not _WS.sub("", text):
            raise ImportRefused(file_name, msg.HTML_NO_TEXT) from exc
        raise ImportRefused(file_name, msg.HTML_DAMAGED) from exc
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        # libxml2 stops at depth 256 (its guard against hostile nesting) and drops the rest:
        # importing what came before would lose text without a word.
        raise ImportRefused(file_name, msg.HTML_TOO_DEEP)
    meta = _metadata(tree, text, extra_urls)
    blocks, body, whole_page = _main_text(tree)
    if not body.strip():
        raise ImportRefused(file_name, msg.HTML_NO_TEXT)
    warnings = [msg.HTML_WHOLE_PAGE.format()] if whole_page else []
    title, title_from = meta.pop("title", ""), ""
    if not title:
        title, title_from = title_from_text(file_name, body)
    date = meta.pop("date", None) or _date_in_page(_WS.sub(" ", tree.text_content() or ""), body)
    return ImportedDocument(kind="text", title=title, file_name=file_name, media_type=media_type,
                            data=data, text=body, blocks=blocks, date=date, encoding=codec,
                            metadata=meta, warnings=warnings, title_guess_from=title_from)


def _date_in_page(page: str, body: str) -> str | None:
    """A date the page prints: labelled anywhere (发布时间：2016-09-29), or bare in the lines
    just above the article (2016年09月29日 14:05 来源：…), where portals print it."""
    labelled = _LABELLED_DATE.search(page)
    if labelled:
        return parse_date(re.sub(r"\s", "", labelled.group(1)))
    start = page.find(body[:20].split("\n")[0])
    above = page[max(0, start - 300):start] if start > 0 else ""
    for m in _BARE_DATE.finditer(above):
        date = parse_date(re.sub(r"\s", "", m.group(0)))
        if date:
            return date
    return guess_date_from_text(above) if above else None


def _metadata(tree: Any, raw: str, extra_urls: list[str]) -> dict[str, str]:
    """Title, date, address and agency from the page's head (og:, article:, the Chinese
    government portal tags ArticleTitle/PubDate/ContentSource/Url, JSON-LD, <time>)."""
    metas: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        value = (node.get("content") or "").strip()
        if key and value:
            metas.setdefault(key, value)
    info: dict[str, str] = {}
    titles = [metas.get("og:title"), metas.get("articletitle"), _page_title(tree)]
    info["title"] = next((_clean(t) for t in titles if t and _clean(t)), "")
    dates = [metas.get(k) for k in _DATE_META]
    dates += re.findall(r'"datePublished"\s*:\s*"([^"]+)"', raw)
    dates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    date = next((d for d in map(parse_date, filter(None, dates)) if d), None)
    if date:
        info["date"] = date
    if metas.get("contentsource"):
        info["agency"] = _clean(metas["contentsource"])
    saved = _SAVED_FROM.search(raw[:4096])
    urls = [*extra_urls, *(n.get("href", "") for n in tree.iter("link")
                           if "canonical" in (n.get("rel") or "").lower().split()),
            metas.get("og:url", ""), metas.get("url", ""), saved.group(1) if saved else ""]
    urls = [u.strip() for u in urls if u and u.strip().lower().startswith(("http", "//"))]
    capture = next((c for c in map(webarchive.parse, urls) if c), None)
    capture = capture or webarchive.from_page_source(raw)
    if capture is not None:
        info.update(origin_url=capture.original_url, capture_time=capture.capture_time,
                    archive_url=capture.archive_url)
    elif urls:
        info["origin_url"] = urls[0]
    return info


def _page_title(tree: Any) -> str:
    """<title> without the site's name: the <h1> when <title> contains it, else the part before
    "_" or "|" (portals write "标题_栏目_网站名"), else <title> or the <h1> as they are."""
    node = tree.find(".//title")
    title = _clean(node.text_content()) if node is not None else ""
    h1 = next(tree.iter("h1"), None)
    heading = _clean(h1.text_content()) if h1 is not None else ""
    if heading and heading in title:
        return heading
    parts = [p for p in re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title) if p.strip()]
    if len(parts) >= 2 and len(parts[0]) >= 4:
        return parts[0]
    return title or heading


def _clean(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _main_text(tree: Any) -> tuple[list[Block], str, bool]:
    """The article's blocks and text, and whether all visible text was kept instead because
    the article found was suspiciously small for the page (then the caller warns)."""
    import copy

    body = tree.find("body")
    root = body if body is not None else tree
    _strip_invisible(root)
    visible = copy.deepcopy(root)
    _strip_boilerplate(root)
    best = _best_container(root)
    blocks, text = _blocks(best)
    if not text.strip() and best is not root:
        blocks, text = _blocks(root)
    if _suspiciously_small(text, visible):
        page_blocks, page_text = _blocks(visible)
        return page_blocks, page_text, True
    return blocks, text, False


def _suspiciously_small(main: str, visible: Any) -> bool:
    """The article found misses most of the page's running (non-link) text, or is a few words
    on a large page: a layout the scoring misread, and losing the page silently is worse than
    keeping its menus too. A short notice on a portal full of menu links is neither."""
    main_chars = len(_WS.sub("", main))
    running = sum(_own_chars(node) for node in visible.iter()
                  if isinstance(node.tag, str) and node.tag != "a" and not _inside_link(node))
    if running >= _SMALL_PAGE and main_chars < _MIN_SHARE * running:
        return True
    return main_chars < _TINY and len(_WS.sub("", visible.text_content() or "")) >= _LARGE_PAGE


def _own_chars(node: Any) -> int:
    """Characters of text directly in ``node`` (its text and its children's tails)."""
    return len(_WS.sub("", (node.text or "") + "".join(c.tail or "" for c in node)))


def _strip_invisible(root: Any) -> None:
    """Scripts, styles, form controls and hidden elements: never text a reader sees."""
    for node in list(root.iter(*_DROP_TAGS)):
        node.drop_tree()
    for node in list(root.iter()):
        if node.getparent() is not None and isinstance(node.tag, str) and _hidden(node):
            node.drop_tree()


def _strip_boilerplate(root: Any) -> None:
    total = len(_WS.sub("", root.text_content() or "")) or 1
    for node in list(root.iter()):
        if node.getparent() is None or not isinstance(node.tag, str):
            continue
        if _looks_like_boilerplate(node) or node.get("aria-hidden") == "true":
            # Never drop what holds most of the page: an ASP.NET page's <form> holds it all.
            if len(_WS.sub("", node.text_content() or "")) < 0.5 * total:
                node.drop_tree()


def _hidden(node: Any) -> bool:
    """Not shown by a browser. (aria-hidden is not: a page saved while a dialog was open marks
    the whole article so; it is only dropped as boilerplate, when it holds little text.)"""
    style = re.sub(r"\s", "", node.get("style") or "").lower()
    hidden = node.get("hidden")  # hidden="until-found": a collapsed section the reader opens
    return ("display:none" in style or "visibility:hidden" in style
            or (hidden is not None and hidden.strip().lower() != "until-found"))


def _looks_like_boilerplate(node: Any) -> bool:
    if node.tag in _SEMANTIC_BOILERPLATE:
        if node.tag in ("header", "footer") and any(
                a.tag in ("article", "main") for a in node.iterancestors()):
            return False  # an article's own header holds its title and date
        return True
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if "wm-ipp" in names:  # the Wayback Machine's toolbar
        return True
    words = {w for w in re.split(r"[\s_-]+", names) if w}
    if any(w.startswith(_BOILER_AFFIXES) or w.endswith(_BOILER_AFFIXES) for w in words):
        return True
    return bool(words & _BOILER_WORDS) and not words & _CONTENT_WORDS and "trs_editor" not in names


def _best_container(root: Any) -> Any:
    """The block container with the most non-link text in and right below it."""
    scores: dict[Any, float] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag == "a" or _inside_link(node):
            continue
        own = _own_chars(node)
        if own < 10:
            continue
        container = node if node.tag in _CONTAINERS else next(
            (a for a in node.iterancestors() if a.tag in _CONTAINERS), root)
        scores[container] = scores.get(container, 0) + own
        parent = container.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + own / 2
    return max(scores, key=scores.__getitem__) if scores else root


def _inside_link(node: Any) -> bool:
    return any(a.tag == "a" for a in node.iterancestors())


def _blocks(container: Any) -> tuple[list[Block], str]:
    """Walk the container in document order; each run of inline text between block boundaries
    (and <br>) is one block: a heading, a list item or a paragraph."""
    runs: list[tuple[str, int, list[str]]] = []  # kind, level, pieces
    current: list[str] = []
    state = {"kind": "paragraph", "level": 0}

    def flush() -> None:
        if "".join(current).strip():
            runs.append((state["kind"], state["level"], list(current)))
        current.clear()

    def walk(node: Any, kind: str, level: int) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            kind, level = "heading", int(tag[1])
        elif tag == "li" and kind != "heading":
            kind, level = "list-item", 0
        is_block = tag in _BLOCK_TAGS
        if is_block or tag == "br":
            flush()
        state["kind"], state["level"] = kind, level
        if tag and tag != "br" and node.text:
            current.append(node.text if tag != "pre" else node.text.replace("\n", "\u2029"))
        for child in node:
            walk(child, kind, level)
            state["kind"], state["level"] = kind, level
            if child.tail:
                current.append(child.tail)
        if is_block:
            flush()

    walk(container, "paragraph", 0)
    flush()
    blocks: list[Block] = []
    parts: list[str] = []
    pos = 0
    for kind, level, pieces in runs:
        text = normalise_text(_WS.sub(" ", "".join(pieces)).replace("\u2029", "\n")).strip()
        if not text:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        blocks.append(Block(kind, pos, pos + len(text), level))
        parts.append(text)
        pos += len(text)
    return blocks, "".join(parts)
