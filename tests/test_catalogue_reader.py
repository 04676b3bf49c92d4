"""The translation catalogue is read without tomllib when its lines are plain entries: exactly what
tomllib reads, for the shipped files and for every odd line a translator could write (anything
else is left to tomllib, whose error a broken file still gives)."""
from __future__ import annotations

import tomllib

import pytest

from workbench import i18n
from workbench.resources import resource_path

SHIPPED = sorted(resource_path("translations", "zh_CN").glob("*.toml"))


def _read(tmp_path, text: str, *, raw: bytes | None = None):
    path = tmp_path / "x.toml"
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return i18n.read_catalogue(path)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_file_reads_as_tomllib_reads_it_without_tomllib(path):
    with open(path, "rb") as handle:
        expected = tomllib.load(handle)
    assert i18n._simple_lines(path.read_text(encoding="utf-8")) == expected  # the quick way
    assert i18n.read_catalogue(path) == expected


@pytest.mark.parametrize("text", [
    '"Save" = "保存"\n',
    'Total = "合计"\nbare-key_2 = "x"\n',
    '# a comment\n\n   \n\t# indented comment\twith tab\n"a" = "b"  \n',
    '"quote \\" and \\\\ backslash" = "换行\\n制表\\t\\b\\f\\r"\n',
    '"\\u00e9 \\u4e2d" = "\\uFFFD\\u0000"\n',
    '"a"="b"\r\n"c" = "d"\r\n',                      # CRLF and no spaces
    '"" = ""\n"1234" = "x"\n5678 = "y"\n',           # an empty key; numbers as keys
    '',
])
def test_plain_entries_read_the_same_as_tomllib(tmp_path, text):
    assert i18n._simple_lines(text) is not None
    assert _read(tmp_path, text) == tomllib.loads(text)


@pytest.mark.parametrize("text", [
    '"a" = """two\nlines"""\n',                      # multi-line string
    "'literal' = 'c:\\\\path'\n",                    # literal strings
    '[table]\n"a" = "b"\n',                          # a table
    '"a" = "b" # trailing comment\n',
    '"a" = 1\n',                                     # not a string
    'a.b = "x"\n',                                   # dotted key
    '"tab\there" = "x"\n',                           # a raw tab inside a string
    '"\\U0001F600" = "x"\n',                         # \U: TOML only
])
def test_anything_else_is_left_to_tomllib(tmp_path, text):
    assert i18n._simple_lines(text) is None
    assert _read(tmp_path, text) == tomllib.loads(text)


@pytest.mark.parametrize("text", [
    '"a" = "b"\n"a" = "c"\n',                        # a key twice
    'a = "b"\n"a" = "c"\n',                          # the same key bare and quoted
    '"\\ud83d\\ude00" = "x"\n',                      # surrogates (JSON would pair them)
    '"a" = "b"\r"c" = "d"\n',                        # a lone CR
    '"a" = "unterminated\n',
    '"\\/" = "x"\n',                                 # \/: JSON only
    '"a" = "b\x01"\n',                               # a control character
    '\ufeff"a" = "b"\n',                             # a byte-order mark
])
def test_a_broken_file_gives_tomllibs_error(tmp_path, text):
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError):
        _read(tmp_path, text)


def test_a_file_that_is_not_utf8_is_refused_as_before(tmp_path):
    with pytest.raises(UnicodeDecodeError):
        _read(tmp_path, "", raw='"a" = "保存"\n'.encode("gbk"))
