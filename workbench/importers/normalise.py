"""Compatibility characters a text layer uses in place of ordinary ones, folded back.

PDF fonts often map a glyph to the "wrong" one of two code points that look the same: the Kangxi
radical ⽅ (U+2F45) for the ideograph 方, the CJK Radicals Supplement's ⻓ for 长, a CJK
compatibility ideograph (U+F900–FAFF) for its unified twin, or the ligature ﬁ for "fi". Search,
word frequency and auto-coding then miss those words. NFKC would fold them but also turns the
full-width Chinese punctuation ，。：；（） into ASCII and ① into 1, which changes the text a
researcher quotes, so only these blocks are folded:

- Kangxi Radicals (U+2F00–2FDF), CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) and
  the Latin ligatures (U+FB00–FB06): from unicodedata's own decomposition data (ﬅ goes through
  ſ to "st").
- CJK Radicals Supplement (U+2E80–2EFF): unicodedata decomposes only ⺟ and ⻳; the others come
  from Unicode's EquivalentUnifiedIdeograph.txt (not shipped with Python), listed here for the
  radicals that are also characters of running text. Pure components (⺍, ⺼ …) stay.

Offsets: the stored text is what codings count in, so fold *before* storing; a ligature becomes
two or three letters, and :func:`fold_with_offsets` says where each old offset went so that an
importer can move its blocks (a page's range) with the text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

# From Unicode's EquivalentUnifiedIdeograph.txt: CJK Radicals Supplement -> unified ideograph.
_RADICALS_SUPPLEMENT = {
    0x2E80: 0x51AB, 0x2E81: 0x5382, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E89: 0x5202,
    0x2E8A: 0x535C, 0x2E8B: 0x353E, 0x2E8E: 0x5140, 0x2E95: 0x5F50, 0x2E96: 0x5FC4,
    0x2E98: 0x624C, 0x2E9C: 0x65E5, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A, 0x2EA0: 0x6C11,
    0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA6: 0x4E2C,
    0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EB2: 0x7F52,
    0x2EB9: 0x8002, 0x2EBE: 0x8279, 0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E,
    0x2EC2: 0x8864, 0x2EC3: 0x8980, 0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2,
    0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6,
    0x2ECE: 0x8FB6, 0x2ECF: 0x961D, 0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578,
    0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752,
    0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE, 0x2EDC: 0x98DE, 0x2EDD: 0x98DF,
    0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C,
    0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4,
    0x2EEA: 0x9EFE, 0x2EEC: 0x9F50, 0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC,
    0x2EF0: 0x9F99, 0x2EF1: 0x9F9C,
}
_FOLDABLE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06"
                       "\U0002f800-\U0002fa1f]")


@cache
def folded(ch: str) -> str:
    """The ordinary character(s) for one compatibility character; ``ch`` itself when it has
    none (a radical that is only a component, an unassigned code point)."""
    code = ord(ch)
    if code in _RADICALS_SUPPLEMENT:
        return chr(_RADICALS_SUPPLEMENT[code])
    if not _FOLDABLE.match(ch):
        return ch
    decomposition = unicodedata.decomposition(ch)
    if not decomposition:
        return ch
    codes = decomposition.removeprefix("<compat> ").split()
    if any(code.startswith("<") for code in codes):
        return ch
    out = "".join(chr(int(code, 16)) for code in codes)
    # ﬅ -> ſt -> st: the long s has a compatibility decomposition of its own.
    return "".join(unicodedata.normalize("NFKC", c) if c == "\u017f" else c for c in out)


def fold_compatibility(text: str) -> str:
    """``text`` with the compatibility characters above folded; everything else unchanged."""
    if not _FOLDABLE.search(text):
        return text
    return _FOLDABLE.sub(lambda m: folded(m.group()), text)


def count_foldable(text: str) -> int:
    """How many characters of ``text`` :func:`fold_compatibility` would change."""
    return sum(1 for m in _FOLDABLE.finditer(text) if folded(m.group()) != m.group())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for every offset 0..len(text) of ``text``, the offset in the folded
    text where that character (or the end) now starts. Use it to move blocks' ranges."""
    offsets: list[int] = []
    parts: list[str] = []
    pos = 0
    for ch in text:
        offsets.append(pos)
        new = folded(ch) if _FOLDABLE.match(ch) else ch
        parts.append(new)
        pos += len(new)
    offsets.append(pos)
    return "".join(parts), offsets
