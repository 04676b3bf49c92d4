"""Web-archive addresses: capture time and original address."""
from __future__ import annotations

import pytest

from workbench.importers import webarchive


@pytest.mark.parametrize("url, original, when", [
    ("https://web.archive.org/web/20160915083000/"
     "http://www.jl.gov.cn/zwgk/tz/201609/t20160914.html",
     "http://www.jl.gov.cn/zwgk/tz/201609/t20160914.html", "2016-09-15 08:30:00"),
    ("http://web.archive.org/web/20160915083000id_/http://www.jl.gov.cn/",
     "http://www.jl.gov.cn/", "2016-09-15 08:30:00"),
    ("https://web.archive.org/web/20160915083000im_/http://www.jl.gov.cn/logo.png",
     "http://www.jl.gov.cn/logo.png", "2016-09-15 08:30:00"),
    ("https://web.archive.org/web/20160915083000if_/https://www.jl.gov.cn/?a=1&b=2",
     "https://www.jl.gov.cn/?a=1&b=2", "2016-09-15 08:30:00"),
    ("https://web.archive.org/web/20160915/www.jl.gov.cn/", "http://www.jl.gov.cn/",
     "2016-09-15"),
    ("web.archive.org/web/20160915083000/http:/www.jl.gov.cn/", "http://www.jl.gov.cn/",
     "2016-09-15 08:30:00"),
    ("https://wayback.archive.org/web/2016091508300/http://x.gov.cn/", None, None),  # 13 digits
    ("https://archive.ph/2016.09.15-083000/http://www.jl.gov.cn/", "http://www.jl.gov.cn/",
     "2016-09-15 08:30:00"),
])
def test_parse_capture(url: str, original: str | None, when: str | None) -> None:
    capture = webarchive.parse(url)
    if original is None:
        assert capture is None
    else:
        assert capture is not None
        assert (capture.original_url, capture.capture_time, capture.archive_url) == (
            original, when, url)


@pytest.mark.parametrize("url", [
    "http://www.jl.gov.cn/zwgk/",
    "https://web.archive.org/web/2016*/http://www.jl.gov.cn/",  # a search, not a capture
    "https://web.archive.org/web/20161345083000/http://www.jl.gov.cn/",  # no 45th of month 13
    "https://web.archive.org/",
    "",
])
def test_not_a_capture(url: str) -> None:
    assert webarchive.parse(url) is None


def test_capture_announced_by_a_saved_wayback_page() -> None:
    html = ('<script>__wm.init("https://web.archive.org/web");\n'
            '__wm.wombat("http://www.jl.gov.cn/zwgk/","20160915083000",'
            '"https://web.archive.org/","web","/_static/");</script>')
    capture = webarchive.from_page_source(html)
    assert capture is not None
    assert capture.original_url == "http://www.jl.gov.cn/zwgk/"
    assert capture.capture_time == "2016-09-15 08:30:00"
    assert capture.archive_url == (
        "https://web.archive.org/web/20160915083000/http://www.jl.gov.cn/zwgk/")
    assert webarchive.from_page_source("<p>no toolbar</p>") is None
