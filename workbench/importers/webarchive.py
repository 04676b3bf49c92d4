"""Web-archive addresses: when a page was captured, and what its original address was.

Researchers of government websites work from the Wayback Machine
(``https://web.archive.org/web/20160915083000/http://www.xx.gov.cn/…``, also with the
``id_``/``im_``/``if_``… modifiers) and from archive.today
(``https://archive.ph/2016.09.15-083000/http://…``). The capture time is the archive's (UTC),
written "2016-09-15 08:30:00"; a shorter Wayback stamp (``/web/20160915/…``) gives only what it
has ("2016-09-15"). Nothing here touches the network.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WAYBACK = re.compile(
    r"^(?:https?:)?/*(?:web|wayback)\.archive\.org/web/(\d{4,14})([a-z]{2}_|\*)?/+(.+)$", re.I)
_ARCHIVE_TODAY = re.compile(
    r"^(?:https?:)?/*archive\.(?:today|ph|is|li|vn|fo|md)/"
    r"(\d{4})\.?(\d{2})\.?(\d{2})-?(\d{2})(\d{2})(\d{2})/+(.+)$", re.I)
# The Wayback toolbar's script names the capture: __wm.wombat("http://x/","20160915083000",…)
_WOMBAT = re.compile(r"""__wm\.wombat\(\s*["']([^"']+)["']\s*,\s*["'](\d{14})["']""")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):/*", re.I)


@dataclass(frozen=True)
class ArchiveCapture:
    """One capture in a web archive."""

    archive_url: str  # the address in the archive, as given
    original_url: str  # the page's own address at the time
    capture_time: str  # ISO, "2016-09-15 08:30:00" (UTC), or shorter when the stamp is


def parse(url: str) -> ArchiveCapture | None:
    """The capture a web-archive address names, or None if it is not one."""
    url = (url or "").strip()
    m = _WAYBACK.match(url)
    if m:
        stamp, modifier, original = m.groups()
        if modifier == "*" or "*" in stamp:  # a search across captures, not one capture
            return None
        when = _stamp(stamp)
        return ArchiveCapture(url, _original(original), when) if when else None
    m = _ARCHIVE_TODAY.match(url)
    if m:
        when = _stamp("".join(m.groups()[:6]))
        return ArchiveCapture(url, _original(m.group(7)), when) if when else None
    return None


def from_page_source(html: str) -> ArchiveCapture | None:
    """The capture a saved Wayback page announces in its toolbar script, if any."""
    m = _WOMBAT.search(html)
    if m is None:
        return None
    original, stamp = m.groups()
    when = _stamp(stamp)
    if when is None:
        return None
    archive_url = f"https://web.archive.org/web/{stamp}/{original}"
    return ArchiveCapture(archive_url, _original(original), when)


def _stamp(stamp: str) -> str | None:
    """'20160915083000' -> '2016-09-15 08:30:00'; '201609' -> '2016-09'; None if impossible."""
    if len(stamp) not in (4, 6, 8, 10, 12, 14) or not stamp.isdigit():
        return None
    parts = [int(stamp[:4])] + [int(stamp[i:i + 2]) for i in range(4, len(stamp), 2)]
    full = parts + [1, 1, 0, 0, 0][len(parts) - 1:]
    try:
        moment = dt.datetime(*full[:6])
    except ValueError:
        return None
    iso = moment.strftime("%Y-%m-%d %H:%M:%S")
    return iso[:{1: 4, 2: 7, 3: 10, 4: 13, 5: 16, 6: 19}[len(parts)]]


def _original(url: str) -> str:
    """The archived address as a normal URL: the archive may drop one slash of 'http://' or the
    scheme entirely (web.archive.org/web/2016/www.xx.gov.cn/)."""
    m = _SCHEME.match(url)
    if m and m.group(1).lower() in ("http", "https", "ftp"):
        return f"{m.group(1).lower()}://{url[m.end():]}"
    return "http://" + url.lstrip("/")
