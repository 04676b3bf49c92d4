"""The text-encoding decision: right when confident, a clear refusal when not."""
from __future__ import annotations

import codecs
import random

import pytest

from workbench.importers import ImportRefused
from workbench.importers.encoding import decode_text

SIMPLIFIED_SHORT = "今天上午，市政府召开新闻发布会。"
SIMPLIFIED_LONG = (
    "据新华社北京电，国家统计局今天发布数据显示，今年前三季度国内生产总值同比增长百分之五点二，"
    "经济运行总体回升向好。专家认为，消费对经济增长的贡献率持续提高，服务业恢复势头明显，"
    "但外部环境依然复杂严峻。\n访谈对象A：我觉得这个政策对我们村影响很大。以前种地收入低，"
    "现在合作社统一收购，价格稳定多了。年轻人也愿意回来了，村里办了电商培训班。"
)
TRADITIONAL_SHORT = "今天上午，市政府召開記者會。"
TRADITIONAL_LONG = (
    "據中央社臺北電，行政院主計總處今天公布統計資料顯示，今年前三季國內生產毛額較去年同期成長"
    "百分之五點二，經濟表現整體回溫。學者認為，民間消費對經濟成長的貢獻持續提高，服務業復甦態勢"
    "明顯。\n受訪者A：我覺得這個政策對我們村影響很大。以前種田收入低，現在合作社統一收購，"
    "價格穩定多了。年輕人也願意回來了，村裡辦了電商培訓班。"
)


def test_utf8_without_bom_keeps_characters_outside_the_bmp() -> None:
    text, encoding = decode_text("访谈 𠮷 notes".encode(), "a.txt")
    assert (text, encoding) == ("访谈 𠮷 notes", "utf-8")
    assert len(text) == 10  # 𠮷 is one code point


def test_utf8_bom_decides_and_is_removed() -> None:
    text, encoding = decode_text(codecs.BOM_UTF8 + "访谈记录".encode(), "a.txt")
    assert (text, encoding) == ("访谈记录", "utf-8-sig")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    source = "受访者：𠮷野家\r\nline two"
    text, encoding = decode_text(bom + source.encode(codec), "a.txt")
    assert (text, encoding) == (source, "utf-16")


def test_utf32_with_bom() -> None:
    text, encoding = decode_text(codecs.BOM_UTF32_LE + "数据𠮷".encode("utf-32-le"), "a.txt")
    assert (text, encoding) == ("数据𠮷", "utf-32")


@pytest.mark.parametrize("source", [SIMPLIFIED_SHORT, SIMPLIFIED_LONG, "李老师",
                                    "Interview 2023-05-01, 受访者：李老师"])
def test_gb18030_simplified_chinese(source: str) -> None:
    assert decode_text(source.encode("gb18030"), "新闻.txt") == (source, "gb18030")


def test_gb18030_with_a_character_outside_the_bmp() -> None:
    source = "𠮷野家的老板说：今天的牛肉饭卖完了。"
    assert decode_text(source.encode("gb18030"), "a.txt") == (source, "gb18030")


@pytest.mark.parametrize("source", [TRADITIONAL_SHORT, TRADITIONAL_LONG, "李老師"])
def test_big5_traditional_chinese(source: str) -> None:
    assert decode_text(source.encode("big5"), "新聞.txt") == (source, "cp950")


def test_big5_hkscs_characters() -> None:
    source = "香港嘅茶餐廳好多人食嘢。"
    assert decode_text(source.encode("big5hkscs"), "a.txt") == (source, "big5hkscs")


def test_traditional_chinese_saved_as_gb18030() -> None:
    assert decode_text(TRADITIONAL_LONG.encode("gb18030"), "a.txt") == (
        TRADITIONAL_LONG, "gb18030")


def test_random_excerpts_are_never_decoded_wrongly() -> None:
    """Excerpts of 12+ characters come out right; shorter ones may be refused, never wrong."""
    rng = random.Random(5)
    for source, codec in ((SIMPLIFIED_LONG, "gb18030"), (TRADITIONAL_LONG, "big5")):
        for length in (3, 6, 12, 30):
            for _ in range(8):
                start = rng.randrange(len(source) - length)
                excerpt = source[start:start + length]
                if not excerpt.strip():
                    continue
                try:
                    text, _ = decode_text(excerpt.encode(codec), "x.txt")
                except ImportRefused:
                    assert length < 12, excerpt
                    continue
                assert text == excerpt


def test_gb18030_or_big5_undecidable_is_refused_with_a_sentence() -> None:
    # Both tables read these bytes as plausible, common Chinese characters.
    data = "过半结构化访".encode("gb18030")
    with pytest.raises(ImportRefused) as refused:
        decode_text(data, "新闻.txt")
    message = str(refused.value)
    assert message.startswith("新闻.txt: its text encoding could not be decided with confidence")
    assert "GB18030" in message and "Big5" in message
    assert message.endswith("save it as UTF-8 and import it again.")
    assert refused.value.file_name == "新闻.txt"


def test_garbage_bytes_are_refused() -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(300))
    with pytest.raises(ImportRefused, match=r"^junk\.txt: its text encoding could not be "):
        decode_text(data, "junk.txt")


def test_binary_junk_with_nul_bytes_is_refused() -> None:
    rng = random.Random(2)
    data = bytes(rng.randrange(0, 0x100) for _ in range(300)) + b"\x00"
    with pytest.raises(ImportRefused, match="does not look like plain text"):
        decode_text(data, "a.txt")


def test_utf16_without_bom_is_refused_not_guessed() -> None:
    with pytest.raises(ImportRefused, match="binary data"):
        decode_text("hello 你好".encode("utf-16-le"), "a.txt")


def test_gb18030_bytes_that_happen_to_be_valid_utf8_are_refused() -> None:
    data = "Notes: 压实 (end)".encode("gb18030")
    assert data.decode("utf-8") == "Notes: ѹʵ (end)"  # valid UTF-8, wrong text
    with pytest.raises(ImportRefused, match="UTF-8 or GB18030"):
        decode_text(data, "a.txt")


def test_utf8_with_accents_and_greek_is_accepted() -> None:
    source = "café Łódź Zürich naïve, α and β, Привет"
    assert decode_text(source.encode(), "a.txt") == (source, "utf-8")


@pytest.mark.parametrize("data", [b" \r\n\t ", codecs.BOM_UTF8 + b"  \n",
                                  codecs.BOM_UTF16_LE + " \u3000".encode("utf-16-le")])
def test_whitespace_only_is_empty(data: bytes) -> None:
    with pytest.raises(ImportRefused, match=r"^a\.txt: the file is empty"):
        decode_text(data, "a.txt")


def test_damaged_utf16_after_its_bom_is_refused() -> None:
    data = codecs.BOM_UTF16_LE + "你好".encode("utf-16-le") + b"\x00"  # odd length
    with pytest.raises(ImportRefused, match="byte-order mark but its text is not valid UTF-16"):
        decode_text(data, "a.txt")
