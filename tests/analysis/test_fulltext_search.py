"""Full-text search: Chinese and English, offsets in code points (𠮷 is one), keyword in context,
short queries, and an index that stays right after import, delete, undo and redo."""
from __future__ import annotations

from workbench.core import Project

TEXT = "𠮷野家：江临市推进一网通办。\n一网通办 and Data Sharing，数据共享。"


def _hits(p, q):
    return [(h.source_id, h.start, h.end) for h in p.search.find(q)]


def test_hits_and_kwic_in_code_points(tmp_path):
    with Project.create(tmp_path / "s.cwb") as p:
        s = p.sources.add(kind="text", title="新闻", data=b"1", text=TEXT, date="2019-02-03")
        assert p.search.uses_index()
        start = TEXT.index("一网通办")
        assert start == 9  # 𠮷 counts as one character
        assert _hits(p, "一网通办") == [(s.id, 9, 13), (s.id, 15, 19)]
        line = p.search.kwic("一网通办", width=4)[0]
        assert (line.left, line.hit, line.right) == ("临市推进", "一网通办", "。 一网")
        assert (line.title, line.date, line.start) == ("新闻", "2019-02-03", 9)
        assert _hits(p, "data sharing") == [(s.id, 24, 36)]  # English, any case
        assert p.search.kwic("DATA sharing")[0].hit == "Data Sharing"
        assert _hits(p, "𠮷野") == [(s.id, 0, 2)]  # two characters: below the trigram size
        assert _hits(p, "共") == [(s.id, 39, 40)]
        assert _hits(p, "不存在的词") == []


def test_the_index_follows_import_delete_undo_and_redo(tmp_path):
    with Project.create(tmp_path / "s.cwb") as p:
        a = p.sources.add(kind="text", title="a", data=b"a", text="数据共享平台")
        assert _hits(p, "数据共享") == [(a.id, 0, 4)]
        b = p.sources.add(kind="text", title="b", data=b"b", text="又一个数据共享")
        assert _hits(p, "数据共享") == [(a.id, 0, 4), (b.id, 3, 7)]
        p.sources.delete(a.id)
        assert _hits(p, "数据共享") == [(b.id, 3, 7)]
        p.undo()
        assert _hits(p, "数据共享") == [(a.id, 0, 4), (b.id, 3, 7)]
        p.redo()
        assert _hits(p, "数据共享") == [(b.id, 3, 7)]


def test_recognised_text_of_images_is_searched(project):
    image = next(s for s in project.sources.list() if s.kind == "image")
    project.sources.set_recognised_text(image.id, "门户网站：互联网+政务服务", [])
    assert [(h.source_id, h.start) for h in project.search.find("政务服务")] == [(image.id, 9)]


def test_read_only_projects_search_without_writing(tmp_path):
    path = tmp_path / "s.cwb"
    with Project.create(path) as p:
        p.sources.add(kind="text", title="a", data=b"a", text="一网通办")
    with Project.open(path, read_only=True) as p:
        assert [h.start for h in p.search.find("一网通办")] == [0]
