"""Deciding the text encoding of a .txt/.md file, and refusing when it cannot be decided.

The order of evidence: a byte-order mark decides; otherwise strict UTF-8; otherwise a legacy
encoding chosen among GB18030, Big5 (as cp950, then big5hkscs) and whatever charset-normalizer
proposes. A wrong guess would silently corrupt a source whose text can never change after
import, so the legacy choice needs two agreeing signals and a refusal is the fallback:

1. each candidate must decode strictly and its text must look like real writing
   (:func:`_plausible`): few control/private-use/unassigned characters, few characters that
   only appear when CJK bytes are read with the wrong table (kana, bopomofo, box drawing,
   small-form punctuation, half-width katakana), and -- when it contains Chinese characters --
   most of them must be *common* ones, i.e. in GB2312 level 1 (the 3,755 most used simplified
   characters) or in Big5's "frequently used" range (the 5,401 most used traditional ones).
   Text read with the wrong one of GB18030/Big5 keeps only about half of its characters in
   those sets, real text 95-100 %.
   Two more mojibake tells: spaces between Chinese characters (Korean EUC-KR read as GB18030)
   and Chinese characters glued to hangul (GB18030 read as Korean).
2. a plausible GB18030/Big5 reading takes precedence over other tables' readings (our users
   write Chinese, and the test above is far stronger than charset-normalizer's mess ratio,
   which penalises the punctuation of short Chinese texts); when several readings of the same
   rank survive, one must be best (or tied) on both our plausibility score and the mess ratio,
   and clearly ahead on at least one of them, else the file is refused naming the candidates.
3. strict UTF-8 is accepted as is, except the rare short text whose UTF-8 reading glues
   unrelated scripts together (压实 in GB18030 is valid UTF-8 "ѹʵ") while it also reads as
   plausible Chinese: refused as ambiguous.

Limits (measured on random excerpts of simplified GB18030 and traditional Big5 news and
interview text): 12 characters or more come out right; 2-8 characters are sometimes refused
(never, in those runs, decoded wrongly), because GB18030, Big5 and the Korean and Japanese
tables all read them plausibly. A one-word Korean EUC-KR text may be read as GB18030 (the price
of the Chinese precedence). Western and Cyrillic single-byte files (cp1252 vs cp1250, cp1251
vs mac-cyrillic) whose readings differ are refused rather than guessed. UTF-16/32 without a BOM
is refused as binary (it contains NUL bytes).

A few bad bytes (a GBK text with one broken character in thousands) do not lose the whole file
when the caller accepts warnings: the one Chinese reading that is clearly right apart from them
is kept, each bad byte shown as U+FFFD, and a warning names the lines. Large files (over
``_SAMPLE_BYTES``) are decided on their first part and then decoded once in full, never kept in
several readings at a time, so memory stays near the file's size (the 120 MB policy archive).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import messages as msg
from .document import ImportRefused

# Checked longest-first: the UTF-32 LE mark begins with the UTF-16 LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp950 is Big5 as Windows in Taiwan writes it (with the Eten additions and Microsoft's
# punctuation); big5hkscs adds the Hong Kong characters. Python's plain "big5" is a subset of both.
_CHINESE_CODECS = ("gb18030", "cp950", "big5hkscs")
_CHINESE_ALIASES = frozenset({"gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs"})
_JAPANESE_CODECS = frozenset({"cp932", "shift-jis", "shift-jis-2004", "shift-jisx0213", "euc-jp",
                              "euc-jis-2004", "euc-jisx0213", "iso2022-jp"})
_LABEL = {"gb18030": "GB18030", "cp950": "Big5", "big5hkscs": "Big5", "cp949": msg.KOREAN_EUC_KR,
          "johab": msg.KOREAN_JOHAB, "cp932": "Shift-JIS", "cp1250": "Windows-1250",
          "cp1251": "Windows-1251", "cp1252": "Windows-1252"}

_CONTROL_OK = frozenset("\t\n\r\f\v\x1a\x1b")  # tab, newlines, form feed, DOS EOF, ANSI escape
_ODD_RANGES = (  # characters that real text rarely has but mis-decoded CJK bytes produce
    (0x2500, 0x259F),  # box drawing, block elements
    (0x3040, 0x30FF),  # kana (Big5 read as GB18030 lands on GB2312's kana rows)
    (0x3100, 0x312F), (0x31A0, 0x31BF),  # bopomofo (GB punctuation read as Big5)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE6F),  # vertical and small-form punctuation
    (0xFF61, 0xFFDC),  # half-width katakana and hangul
)
_MIN_COMMON_SHARE = 0.75
_MAX_ODD_SHARE = 0.10
_SCORE_MARGIN = 0.15
_CHAOS_MARGIN = 0.10
_TIE = 0.02
_LONG_TEXT = 64  # characters
_CHAOS_SAMPLE = 200_000  # characters; the mess ratio of a long file is stable well before
_SAMPLE_BYTES = 1 << 20  # a file above this is decided on its first MiB, then decoded in full
# At most this share of a file's bytes may be bad for its reading to be kept with U+FFFD (one
# broken character in a few hundred); more is another encoding or a damaged file: refused.
_MAX_BAD_SHARE = 0.002
_MAX_LINES_NAMED = 10
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f]")  # the C0 controls _CONTROL_OK lacks
_VISIBLE = re.compile(r"[^\s\ufeff]")


@dataclass
class _Reading:
    codec: str
    text: str
    score: float  # 1.0 = looks like real writing; lower = more mojibake
    plausible: bool
    chaos: float  # charset-normalizer's mess ratio of this reading (0 = clean)


def decode_text(data: bytes, file_name: str,
                warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode a text file's bytes; return (text, Python codec name) or raise ImportRefused.

    With a ``warnings`` list, a reading with a few bad bytes may be kept (see the module's
    docstring) and a sentence naming their lines is appended to it; without, it is refused."""
    if not data or data.isspace():  # (no data.strip(): that would copy a large file)
        raise ImportRefused(file_name, msg.TEXT_EMPTY)
    decoded = _decode_with_bom(data, file_name)
    if decoded is None:
        if b"\x00" in data:  # UTF-16/32 without a BOM, or a binary file
            raise ImportRefused(file_name, msg.TEXT_BINARY)
        try:
            decoded = decode_whole(data, "utf-8"), "utf-8"
        except UnicodeDecodeError:
            decoded = _decide_legacy_large(data, file_name, warnings) \
                if len(data) > _SAMPLE_BYTES else _decide_legacy(data, file_name, warnings)
        else:
            _refuse_if_utf8_doubtful(data, decoded[0], file_name)
    text, encoding = decoded
    if _VISIBLE.search(text) is None:
        raise ImportRefused(file_name, msg.TEXT_EMPTY)
    if _control_share(text) > 0.01 or "\x00" in text:
        raise ImportRefused(file_name, msg.TEXT_BINARY)
    return text, encoding


def decode_whole(data: bytes, codec: str, errors: str = "strict") -> str:
    """``data.decode(codec, errors)``, in pieces for a large file: CPython's decoders reserve
    room for the worst case (up to 3x the bytes), pieces joined once need about twice the text."""
    if len(data) <= _SAMPLE_BYTES:
        return data.decode(codec, errors)
    decoder = codecs.getincrementaldecoder(codec)(errors)
    view = memoryview(data)
    pieces = [decoder.decode(view[i:i + _SAMPLE_BYTES]) for i in range(0, len(data), _SAMPLE_BYTES)]
    pieces.append(decoder.decode(b"", final=True))
    return "".join(pieces)


def _decode_with_bom(data: bytes, file_name: str) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return decode_whole(data, codec), codec
            except UnicodeDecodeError:
                if codec == "utf-32":  # FF FE 00 00 may also be UTF-16 LE text starting with NUL
                    continue
                raise ImportRefused(
                    file_name, msg.TEXT_BAD_BOM.format(encoding=codec.upper().replace("-SIG", ""))
                ) from None
    return None


def _refuse_if_utf8_doubtful(data: bytes, text: str, file_name: str) -> None:
    """A few GB18030/Big5 characters can happen to form valid UTF-8 (压实 -> "ѹʵ"). Such a
    reading is short, made only of two-byte UTF-8 characters, and glues characters of unrelated
    scripts together; if the same bytes also read as plausible Chinese, refuse rather than guess."""
    if len(data) - len(text) > 16:  # over 16 multi-byte characters: not short (no copy made)
        return
    non_ascii = [ch for ch in text if ord(ch) >= 0x80]
    if not non_ascii or len(non_ascii) > 16 or max(map(ord, non_ascii)) > 0x7FF:
        return
    if not any(_mixed_pair(a, b) for a, b in zip(text, text[1:])):
        return
    for codec in _CHINESE_CODECS:
        try:
            reading = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(_is_han_char(ch) for ch in reading) and _plausible(reading)[1]:
            candidates = msg.alternatives(["UTF-8", _label(codec)])
            raise ImportRefused(file_name, msg.TEXT_UNDECIDED.format(candidates=candidates))


def _mixed_pair(a: str, b: str) -> bool:
    """Two adjacent non-ASCII characters from different scripts, or a stray combining mark."""
    if ord(a) < 0x80 or ord(b) < 0x80:
        return False
    if unicodedata.combining(a):
        return True
    return _script(a) != _script(b)


def _script(ch: str) -> str:
    return unicodedata.name(ch, "?").split(" ")[0]


def _decide_legacy(data: bytes, file_name: str,
                   warnings: list[str] | None = None) -> tuple[str, str]:
    readings = _readings(data)
    chinese = [r for r in readings if r.plausible and r.codec in _CHINESE_CODECS]
    others = [r for r in readings if r.plausible and r.codec not in _CHINESE_CODECS]
    if not chinese and warnings is not None:
        kept = _with_bad_bytes(data, warnings)
        if kept is not None:
            return kept
    if chinese:
        # Our users write Chinese, and the Chinese test (common characters, no mojibake
        # characters, no spaces between characters) is much stronger than the mess ratio, which
        # is unreliable on short CJK texts; so a plausible Chinese reading takes precedence.
        winner = _clear_winner(chinese)
        if winner is not None and not _outclassed(winner, others):
            return winner.text, winner.codec
        raise ImportRefused(file_name, msg.TEXT_UNDECIDED.format(
            candidates=_candidates(chinese + others)))
    if not others:
        raise ImportRefused(file_name, msg.TEXT_GARBLED)
    winner = _clear_winner(others)
    if winner is None:
        raise ImportRefused(file_name, msg.TEXT_UNDECIDED.format(candidates=_candidates(others)))
    return winner.text, winner.codec


def _decide_legacy_large(data: bytes, file_name: str,
                         warnings: list[str] | None) -> tuple[str, str]:
    """A large file: the codec is decided on its first MiB (cut at a line end, which no
    GB18030/Big5 trail byte can be), then the whole file is decoded once with it."""
    cut = data.rfind(b"\n", 0, _SAMPLE_BYTES) + 1 or _SAMPLE_BYTES
    sample_warnings: list[str] = []
    _, codec = _decide_legacy(data[:cut], file_name,
                              sample_warnings if warnings is not None else None)
    try:
        return decode_whole(data, codec), codec
    except UnicodeDecodeError:
        pass
    if warnings is not None and codec in _CHINESE_CODECS:
        kept = _replaced(data, codec, warnings)
        if kept is not None:
            return kept
    raise ImportRefused(file_name, msg.TEXT_UNDECIDED.format(candidates=_label(codec)))


def _with_bad_bytes(data: bytes, warnings: list[str]) -> tuple[str, str] | None:
    """The one Chinese reading that is plausible once a few bad bytes are replaced, if exactly
    one is clearly best; the ambiguity rule holds: no clear winner, no reading."""
    readings: list[_Reading] = []
    for codec in _CHINESE_CODECS:
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if bad == 0 or bad > max(1, _MAX_BAD_SHARE * len(data)):
            continue
        score, plausible = _plausible(text.replace("\ufffd", ""))
        if plausible:
            readings.append(_Reading(codec, text, score, True, 0.0))
    winner = _clear_winner(readings) if readings else None
    if winner is None:
        return None
    return _replaced(data, winner.codec, warnings, winner.text)


def _replaced(data: bytes, codec: str, warnings: list[str],
              text: str | None = None) -> tuple[str, str] | None:
    """``data`` read with ``codec``, bad bytes as U+FFFD, if they are few; the warning names
    their lines (1-based, as an editor counts them)."""
    text = decode_whole(data, codec, "replace") if text is None else text
    bad = text.count("\ufffd")
    if bad > max(1, _MAX_BAD_SHARE * len(data)):
        return None
    lines, line, pos = [], 1, 0
    for m in re.finditer("\ufffd", text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    named = msg.listing(str(n) for n in lines[:_MAX_LINES_NAMED])
    if len(lines) > _MAX_LINES_NAMED:
        named += msg.AND_MORE.format()
    warnings.append(msg.TEXT_BAD_BYTES.format(count=bad, encoding=_label(codec), lines=named))
    return text, codec


def _clear_winner(readings: list[_Reading]) -> _Reading | None:
    """The reading best (or tied) on both score and mess ratio and clearly ahead on one."""
    if len(readings) == 1:
        return readings[0]
    best_score = max(r.score for r in readings)
    best_chaos = min(r.chaos for r in readings)
    for r in readings:
        rest = [o for o in readings if o is not r]
        if r.score < best_score - _TIE or r.chaos > best_chaos + _TIE:
            continue
        if all(r.score - o.score >= _SCORE_MARGIN for o in rest) or all(
            o.chaos - r.chaos >= _CHAOS_MARGIN for o in rest
        ):
            return r
    return None


def _outclassed(chinese: _Reading, others: list[_Reading]) -> bool:
    """A safety net for long texts, where the mess ratio is trustworthy: another reading that
    charset-normalizer finds much cleaner than the Chinese one makes the choice doubtful."""
    if len(chinese.text) < _LONG_TEXT:
        return False
    return any(chinese.chaos - o.chaos >= 2 * _CHAOS_MARGIN for o in others)


def _candidates(readings: list[_Reading]) -> str:
    return msg.alternatives(sorted({_label(r.codec) for r in readings}, key=_label_order))


def _readings(data: bytes) -> list[_Reading]:
    """Every distinct strict decoding among our Chinese codecs and charset-normalizer's."""
    # Loaded lazily: only legacy files need charset-normalizer.
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    proposed: list[str] = []
    for match in from_bytes(data):
        name = codecs.lookup(match.encoding).name.replace("_", "-")
        # UTF-8 failed already and BOM-less UTF-16/32 is refused as binary.
        if not name.startswith("utf") and name not in _CHINESE_ALIASES:
            proposed.append(name)
    readings: list[_Reading] = []
    seen: set[str] = set()
    for codec in (*_CHINESE_CODECS, *proposed):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if text in seen:  # e.g. cp950 and big5hkscs agree: keep the first, more common name
            continue
        seen.add(text)
        score, plausible = _plausible(text, kana_ok=codec in _JAPANESE_CODECS)
        # The mess ratio is measured on every reading ourselves: from_bytes leaves out readings
        # it finds messy *or* merely did not try, and an omission is no evidence on short texts.
        chaos = mess_ratio(text[:_CHAOS_SAMPLE], maximum_threshold=1.0)
        readings.append(_Reading(codec, text, score, plausible, chaos))
    return readings


def _plausible(text: str, kana_ok: bool = False) -> tuple[float, bool]:
    """(score, passes): how much a decoded text looks like real writing rather than mojibake."""
    common = _common_han()
    han = common_han = odd = non_ascii = 0
    prev = prev2 = ""  # the two characters before ch
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in _CONTROL_OK:
                odd += 1
        else:
            non_ascii += 1
            if _is_han(o):
                han += 1
                common_han += ch in common
                # Chinese puts no spaces between characters; Korean read as GB18030 does,
                # and Chinese characters glued to hangul are Chinese bytes read as Korean.
                odd += (prev == " " and _is_han_char(prev2)) or _is_hangul_char(prev)
            elif _is_odd(ch, o) and not (kana_ok and 0x3040 <= o <= 0x30FF):
                odd += 1
            elif 0xAC00 <= o <= 0xD7A3:
                odd += _is_han_char(prev)
        prev2, prev = prev, ch
    odd_share = odd / non_ascii if non_ascii else (1.0 if odd else 0.0)
    common_share = common_han / han if han else 1.0
    score = common_share - odd_share
    return score, odd_share <= _MAX_ODD_SHARE and common_share >= _MIN_COMMON_SHARE


def _is_han(o: int) -> bool:
    return 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF


def _is_han_char(ch: str) -> bool:
    return bool(ch) and _is_han(ord(ch))


def _is_hangul_char(ch: str) -> bool:
    return bool(ch) and 0xAC00 <= ord(ch) <= 0xD7A3


def _is_odd(ch: str, o: int) -> bool:
    if o == 0xFFFD or any(lo <= o <= hi for lo, hi in _ODD_RANGES):
        return True
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def _control_share(text: str) -> float:
    controls = sum(1 for _ in _CONTROLS.finditer(text))  # scanned in C: large files are long
    return controls / len(text)


@cache
def _common_han() -> frozenset[str]:
    """GB2312 level 1 plus Big5's frequently-used range: the common simplified and traditional
    characters, built from the codec tables themselves so no word list has to be shipped."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            _add_decoded(chars, bytes((lead, trail)), "gb2312")
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead << 8 | trail) <= 0xC67E:
                _add_decoded(chars, bytes((lead, trail)), "cp950")
    return frozenset(chars)


def _add_decoded(chars: set[str], pair: bytes, codec: str) -> None:
    try:
        chars.add(pair.decode(codec))
    except UnicodeDecodeError:
        pass


def _label(codec: str) -> str:
    """How a refusal names the encoding, in the current language."""
    return msg.text(_LABEL.get(codec, codec.upper()))


def _label_order(label: str) -> tuple[int, str]:
    order = ("GB18030", "Big5")
    return (order.index(label) if label in order else len(order), label)
