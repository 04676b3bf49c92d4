"""Plain text and Markdown: normalised newlines, code-point offsets, verbatim Markdown."""
from __future__ import annotations

from pathlib import Path

from workbench.importers import Block, read_file
from workbench.importers.document import normalise_text


def test_normalise_text_newlines_and_bom_only() -> None:
    raw = "\ufeffa\r\nb\rc\u2028d\u2029e\n  f\u3000 e\u0301"
    assert normalise_text(raw) == "a\nb\nc\nd\ne\n  f\u3000 e\u0301"  # no NFC, no trimming


def test_txt_crlf_and_lone_cr_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "访谈01.txt"
    path.write_bytes("第一段第一行\r\n第一行续\r\r第二段\r𠮷在这里\r\n".encode())
    doc = read_file(path)
    assert doc.text == "第一段第一行\n第一行续\n\n第二段\n𠮷在这里\n"
    assert doc.kind == "text" and doc.media_type == "text/plain"
    assert doc.title == "访谈01" and doc.file_name == "访谈01.txt"
    assert doc.encoding == "utf-8"
    assert doc.data == path.read_bytes()  # the original bytes, untouched
    assert [doc.text[b.start:b.end] for b in doc.blocks] == [
        "第一段第一行\n第一行续", "第二段\n𠮷在这里"]
    assert all(b.kind == "paragraph" for b in doc.blocks)


def test_character_outside_the_bmp_is_one_code_point(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("𠮷野家\n\n之后的段落", encoding="utf-8")
    doc = read_file(path)
    assert doc.text.index("之后") == 5  # 𠮷 counts once, as in the data rule
    assert doc.blocks == [Block("paragraph", 0, 3), Block("paragraph", 5, 10)]


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeff开头".encode("utf-8"))
    doc = read_file(path)
    assert (doc.text, doc.encoding) == ("开头", "utf-8-sig")
    assert doc.blocks == [Block("paragraph", 0, 2)]


def test_gb18030_txt_file_end_to_end(tmp_path: Path) -> None:
    source = "据新华社北京电，国家统计局今天发布数据显示，经济运行总体回升向好。\r\n"
    path = tmp_path / "新闻.txt"
    path.write_bytes(source.encode("gb18030"))
    doc = read_file(path)
    assert (doc.text, doc.encoding) == (source.replace("\r\n", "\n"), "gb18030")


MARKDOWN = """# 访谈记录 𠮷
前言第一行
第二行

## 一、背景
- 第一项
  续行
1. 编号项

| 甲 | 乙 |
|---|---|
| 1 | 2 |

```
# 代码里不是标题
```
### 三级 ###
#不是标题
"""


def test_markdown_kept_verbatim_with_blocks(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_file(path)
    assert doc.text == MARKDOWN and doc.media_type == "text/markdown"
    assert doc.title == "访谈记录 𠮷"
    spans = [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks]
    assert spans == [
        ("heading", 1, "# 访谈记录 𠮷"),
        ("paragraph", 0, "前言第一行\n第二行"),
        ("heading", 2, "## 一、背景"),
        ("list-item", 0, "- 第一项\n  续行"),
        ("list-item", 0, "1. 编号项"),
        ("table", 0, "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |"),
        ("paragraph", 0, "```\n# 代码里不是标题\n```"),
        ("heading", 3, "### 三级 ###"),
        ("paragraph", 0, "#不是标题"),
    ]


def test_markdown_heading_offsets_are_code_points_after_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.markdown"
    path.write_bytes("𠮷𠮷 intro\r\n\r\n## 第二节\r\ntext\r\n".encode())
    doc = read_file(path)
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert (heading.start, heading.end, heading.level) == (10, 16, 2)
    assert doc.text[heading.start:heading.end] == "## 第二节"


def test_markdown_without_level_one_heading_takes_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "会议纪要.md"
    path.write_text("## 只有二级\n正文\n", encoding="utf-8")
    assert read_file(path).title == "会议纪要"
