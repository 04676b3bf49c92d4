"""The light coding queries used where many codings are read at once (exports, tables, the
segments list): the same codings in the same order as ``codings.list``."""
from __future__ import annotations

from helpers import png_bytes
from workbench.core import Project, TextBlock
from workbench.core.model import Rect

TEXT = "第一页的文字。\n第二页的文字，page 两个字。"


def test_rows_match_list_in_order_and_content(tmp_path):
    with Project.create(tmp_path / "a.cwb", coder="张三") as p:
        element = p.elements.add("要素")
        other = p.elements.add("另一个")
        text = p.sources.add(kind="text", title="文本", data=TEXT.encode(), text=TEXT)
        image = p.sources.add(kind="image", title="图", data=png_bytes(), file_name="a.png",
                              media_type="image/png", width=120, height=80)
        p.codings.code_text(text.id, 5, 9, element.id, memo="备忘")
        p.codings.code_text(text.id, 0, 3, other.id, coder="李四")
        p.codings.code_region(image.id, (10, 5, 50, 30), element.id)
        full, light = p.codings.list(), p.codings.rows()
        assert [(c.id, c.guid, c.source_id, c.element_id, c.coder, c.start, c.end, c.snippet,
                 c.rect, c.is_region, c.memo, c.created) for c in full] == \
            [(c.id, c.guid, c.source_id, c.element_id, c.coder, c.start, c.end, c.snippet,
              c.rect, c.is_region, c.memo, c.created) for c in light]
        assert [c.id for c in p.codings.rows(source_id=text.id)] == \
            [c.id for c in p.codings.list(source_id=text.id)]
        assert p.codings.rows(source_id=image.id)[0].rect == Rect(10, 5, 50, 30)


def test_sources_with_pages_finds_only_texts_with_page_blocks(tmp_path):
    with Project.create(tmp_path / "a.cwb") as p:
        paged = p.sources.add(kind="text", title="pdf", data=b"1", text=TEXT, blocks=[
            TextBlock("page", 0, 7, level=1), TextBlock("page", 8, len(TEXT), level=2)])
        plain = p.sources.add(kind="text", title="page", data=b"2", text=TEXT, blocks=[
            {"kind": "paragraph", "start": 0, "end": 7}])
        bare = p.sources.add(kind="text", title="bare", data=b"3", text=TEXT)
        ids = [paged.id, plain.id, bare.id] + list(range(1000, 1700))  # more than one chunk
        assert p.codings.sources_with_pages(ids) == {paged.id}
        assert p.codings.sources_with_pages([]) == set()
