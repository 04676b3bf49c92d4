"""Chinese text that a PDF hands out as Latin-1 mojibake ("¹Ø ÓÚ ºì ¾ü" for 关于红军), decoded
again where its bytes allow, and detected where they do not.

Such a PDF names a Chinese font (宋体, often by its GBK name) in a one-byte font dictionary without
embedding it and without a ToUnicode map: the bytes of the text are GBK (or Big5), and a reader
without that font falls back to the font's Latin encoding. pdfminer does the same, so every
character is a Latin-1 letter, or no character at all for bytes the encoding leaves empty.

Repair works on the bytes, not on the letters: the reading device marks each character of such a
font with its byte (:mod:`.pdf_budget`), a line keeps the runs of high bytes (0x80–0xFF) with
their font (a byte 0x40–0x7E right after a lead byte belongs to the run: Big5 and GBK use them
as second bytes), and a font is decoded as GB18030 (a superset of GBK), else Big5, only when at
least :data:`_SHARE` of its runs decode strictly to Chinese characters and the font is named
like a Chinese font or its runs are phrases: a French "créé" in a Latin font whose bytes happen
to form one GBK character is left alone, because its other accented letters stand alone. A line that still looks garbled afterwards (more Latin-1 high letters than ASCII
letters, four or more of them) is reported, and OCR of the rendered page is advised.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_SHARE = 0.8
# Han ideographs (with extensions and compatibility blocks), CJK symbols and punctuation,
# full-width forms: what a GBK/Big5 text decodes to.
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
                  "\U00020000-\U0003134f]")
_BIG5_HINTS = ("ming", "kai-big5", "big5", "dfkai", "mingliu")
# Names of Chinese fonts (and a name that is not ASCII, e.g. 宋体 written in GBK).
_CJK_FONT = re.compile(r"(?i)sim|song|hei|kai|fang|ming|gb|big5|^fz|[^\x00-\x7f]")
_LATIN_HIGH = re.compile("[\u00a0-\u00ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class HighRun:
    """Characters ``start``..``end`` of a line's pieces were drawn from these bytes (≥ 0x80)
    in the font named ``font``; inferred spaces between them are inside the range."""

    start: int
    end: int
    font: str
    data: bytes


def decode_cjk(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly with ``codec`` when every character is Chinese, else None."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if text and all(_CJK.match(ch) for ch in text) else None


def codec_order(font: str) -> tuple[str, ...]:
    """GB18030 first (mainland material), Big5 first when the font's name says Ming/Kai Big5."""
    if any(hint in font.lower() for hint in _BIG5_HINTS):
        return ("big5", "gb18030")
    return ("gb18030", "big5")


def choose_codecs(runs: list[HighRun]) -> dict[str, str]:
    """Font name -> the codec its high bytes are written in, for fonts whose runs decode."""
    by_font: dict[str, list[bytes]] = defaultdict(list)
    for run in runs:
        by_font[run.font].append(run.data)
    chosen: dict[str, str] = {}
    for font, datas in by_font.items():
        for codec in codec_order(font):
            decoded = [decode_cjk(data, codec) for data in datas]
            good = [text for text in decoded if text is not None]
            decoded_chars = sum(map(len, good))
            # Chinese runs are long (a phrase); a Latin font's accented letters stand one by
            # one and, paired with the letter after them, make one "character" at most.
            chinese = decoded_chars >= 1.5 * len(datas) or _CJK_FONT.search(font)
            if len(good) >= _SHARE * len(datas) and decoded_chars >= 2 and chinese:
                chosen[font] = codec
                break
    return chosen


def apply(pieces: list[str], runs: list[HighRun], codecs: dict[str, str]) -> tuple[str, int]:
    """The line's text with the decodable runs decoded, and how many characters were put
    right."""
    out = list(pieces)
    repaired = 0
    for run in sorted(runs, key=lambda r: r.start, reverse=True):
        codec = codecs.get(run.font)
        text = decode_cjk(run.data, codec) if codec else None
        if text is not None:
            out[run.start:run.end] = [text]
            repaired += len(text)
    return "".join(out), repaired


def looks_garbled(text: str) -> bool:
    """A line of Latin-1 high letters rather than words: Chinese read with a Latin font."""
    high = len(_LATIN_HIGH.findall(text))
    return high >= 4 and high > len(_ASCII_LETTER.findall(text))
