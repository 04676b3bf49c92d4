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


def _reading_order(c) -> tuple:
    return (c.source_id, -1 if c.start is None else c.start, c.rect.y if c.rect else 0,
            c.rect.x if c.rect else 0, c.id)


def test_a_source_s_first_page_is_read_without_sorting_all_its_codings(tmp_path):
    """Opening a source with thousands of codings lists its first page: SQLite walks the
    source's index in reading order and stops after the page, instead of sorting every coding
    of the source first (25 ms of every opening and every coding at 8,000 codings)."""
    text = "一网通办，数据共享。" * 600
    with Project.create(tmp_path / "a.cwb") as p:
        element = p.elements.add("要素")
        source = p.sources.add(kind="text", title="长文", data=text.encode(), text=text)
        with p.grouped("many"):
            for n in range(3000):
                p.codings.code_text(source.id, (n * 7) % 5000, (n * 7) % 5000 + 3 + n % 5,
                                    element.id)
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0
        p._db.conn.set_progress_handler(count, 100)  # one call per 100 SQLite VM steps
        page = p.codings.list(source_id=source.id, limit=50)
        first = steps[0]
        steps[0] = 0
        everything = p.codings.list(source_id=source.id)
        p._db.conn.set_progress_handler(None, 0)
        assert [c.id for c in page] == [c.id for c in everything[:50]]
        assert everything == sorted(everything, key=_reading_order)
        assert first * 10 < steps[0], (first, steps[0])


def test_regions_come_before_passages_of_the_same_image(tmp_path):
    """The reading order of an image with recognised text: its regions (no passage) first, top
    to bottom and left to right, then its passages."""
    with Project.create(tmp_path / "a.cwb") as p:
        element = p.elements.add("要素")
        image = p.sources.add(kind="image", title="图", data=png_bytes(), file_name="a.png",
                              media_type="image/png", width=120, height=80)
        p.sources.set_recognised_text(image.id, "一网通办\n数据共享", [
            {"kind": "ocr-line", "start": 0, "end": 4, "level": 1, "box": [5, 5, 60, 12]}])
        made = [p.codings.code_text(image.id, 5, 9, element.id),
                p.codings.code_region(image.id, (40, 30, 20, 20), element.id),
                p.codings.code_text(image.id, 0, 2, element.id),
                p.codings.code_region(image.id, (10, 30, 20, 20), element.id),
                p.codings.code_region(image.id, (50, 5, 20, 20), element.id)]
        listed = p.codings.list(source_id=image.id)
        assert [c.id for c in listed] == [c.id for c in sorted(made, key=_reading_order)]
        assert [c.id for c in listed[:3]] == [made[4].id, made[3].id, made[1].id]
        assert [c.id for c in p.codings.rows(source_id=image.id)] == [c.id for c in listed]
        assert [c.id for c in p.codings.list(source_id=image.id, limit=2)] == \
            [made[4].id, made[3].id]


def test_the_newest_coding_is_found_without_listing(tmp_path):
    with Project.create(tmp_path / "a.cwb") as p:
        assert p.codings.newest_id() == 0
        element = p.elements.add("要素")
        source = p.sources.add(kind="text", title="文", data=TEXT.encode(), text=TEXT)
        first = p.codings.code_text(source.id, 0, 3, element.id)
        second = p.codings.code_text(source.id, 5, 9, element.id)
        assert p.codings.newest_id() == second.id > first.id
        assert [c.id for c in p.codings.list(after_id=first.id)] == [second.id]
        p.undo()
        assert p.codings.newest_id() == first.id
