"""Offsets are Unicode code points: the stored quote is exactly text[start:end]."""
import pytest

from workbench.core import InvalidInputError, Project, Rect


def test_offsets_are_code_points_outside_the_bmp(project):
    source = project.sources.list(kind="text")[0]
    text = project.sources.text(source.id)
    element = project.elements.list()[0]
    start = text.index("𠮷")
    coding = project.codings.code_text(source.id, start, start + 6, element.id)
    assert coding.snippet == "𠮷推进一网通" == text[start:start + 6]


def test_crlf_text_round_trip_through_import(tmp_path):
    raw = "第一段，含𠮷字。\r\n第二段 second paragraph。\r\n".encode("utf-8")
    (tmp_path / "crlf.txt").write_bytes(raw)
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([tmp_path / "crlf.txt"])
        source = report.imported[0]
        text = p.sources.text(source.id)
        assert "\r" not in text
        element = p.elements.add("要素")
        start = text.index("第二段")
        coding = p.codings.code_text(source.id, start, start + 10, element.id)
        assert p.sources.original(source.id) == raw  # the original bytes are kept as they were
    with Project.open(tmp_path / "p.cwb") as p:
        again = p.codings.get(coding.id)
        assert again.snippet == p.sources.text(source.id)[again.start:again.end] == "第二段 second"


def test_ranges_and_regions_are_checked(project):
    text_source = project.sources.list(kind="text")[0]
    image = project.sources.list(kind="image")[0]
    element = project.elements.list()[0]
    for start, end in [(-1, 2), (3, 3), (5, 2), (0, text_source.text_length + 1)]:
        with pytest.raises(InvalidInputError, match="not a passage"):
            project.codings.code_text(text_source.id, start, end, element.id)
    with pytest.raises(InvalidInputError, match="does not lie inside"):
        project.codings.code_region(image.id, Rect(100, 70, 30, 20), element.id)
    with pytest.raises(InvalidInputError, match="image"):
        project.codings.code_text(image.id, 0, 1, element.id)
    region = project.codings.code_region(image.id, (10, 10, 50, 40), element.id)
    assert region.rect == Rect(10, 10, 50, 40) and region.snippet is None


def test_coding_the_same_range_twice_changes_nothing(project):
    source = project.sources.list(kind="text")[0]
    element = project.elements.list()[0]
    first = project.codings.code_text(source.id, 0, 3, element.id)
    again = project.codings.code_text(source.id, 0, 3, element.id)
    assert first.id == again.id and len(project.codings.list()) == 1
    other_coder = project.codings.code_text(source.id, 0, 3, element.id, coder="bob")
    assert other_coder.id != first.id and other_coder.coder == "bob"


def test_resize_and_reassign(project):
    source = project.sources.list(kind="text")[0]
    first, second = project.elements.list()
    coding = project.codings.code_text(source.id, 0, 3, first.id)
    coding = project.codings.set_range(coding.id, 0, 5)
    assert coding.snippet == project.sources.text(source.id)[:5]
    assert project.codings.set_element(coding.id, second.id).element_name == "组织协同"


def test_element_tree_rules(project):
    a, b = project.elements.list()
    child = project.elements.add("子要素", parent_id=a.id)
    assert child.path == "技术赋能/子要素"
    assert project.elements.find("技术赋能/子要素").id == child.id
    with pytest.raises(InvalidInputError, match="inside itself"):
        project.elements.move(a.id, child.id)
    with pytest.raises(InvalidInputError, match="already an element"):
        project.elements.add("子要素", parent_id=a.id)
    project.elements.add("子要素", parent_id=b.id)  # the same name elsewhere is fine
    with pytest.raises(InvalidInputError, match="Several elements"):
        project.elements.find("子要素")


def test_deleting_an_element_can_move_its_codings(project):
    source = project.sources.list(kind="text")[0]
    a, b = project.elements.list()
    coding = project.codings.code_text(source.id, 0, 3, a.id)
    project.elements.delete(a.id, move_codings_to=b.id)
    assert project.codings.get(coding.id).element_id == b.id


def test_interactions_with_evidence_periods_and_custom_types(project):
    source = project.sources.list(kind="text")[0]
    a, b = project.elements.list()
    period = project.periods.add("整合期", "2018-01-01", "2020-12-31")
    evidence = project.codings.code_text(source.id, 0, 3, a.id)
    link = project.interactions.add(a.id, b.id, "constrains", period_id=period.id,
                                    evidence=[evidence.id], note="说明")
    assert (link.sign, link.period, link.evidence) == (-1, "整合期", (evidence.id,))
    custom = project.interactions.add(b.id, a.id, "倒逼", sign="-")
    assert custom.type_name == "倒逼" and custom.sign == -1
    assert project.periods.period_of("2019-06-01").name == "整合期"
    project.codings.delete(evidence.id)
    assert project.interactions.get(link.id).evidence == ()


def test_recognised_text_of_an_image_is_one_coding_with_its_passage_and_region(project):
    image = project.sources.list(kind="image")[0]
    element = project.elements.list()[0]
    lines = [{"kind": "ocr-line", "start": 0, "end": 4, "level": 1, "box": [5, 5, 60, 12]},
             {"kind": "ocr-line", "start": 5, "end": 9, "level": 1, "box": [5, 30, 110, 14]}]
    project.sources.set_recognised_text(image.id, "一网通办\n数据共享", lines)
    assert project.sources.get(image.id).text_length == 9
    coding = project.codings.code_text(image.id, 6, 9, element.id)
    assert coding.snippet == "据共享"
    # One act of coding, one coding: the passage carries the region of its line.
    assert [c.id for c in project.codings.list()] == [coding.id]
    assert coding.rect == Rect(5, 30, 110, 14)  # the recognised line, clipped to the 120 px width
    assert coding.has_region and not coding.is_region
    assert project.counts()["codings"] == 1
    wider = project.codings.set_range(coding.id, 0, 9)  # the region follows the passage
    assert wider.rect == Rect(5, 5, 110, 39)
    with pytest.raises(InvalidInputError, match="coded already"):
        project.sources.set_recognised_text(image.id, "别的文字", [])
    text_source = project.sources.list(kind="text")[0]
    with pytest.raises(InvalidInputError, match="Only images"):
        project.sources.set_recognised_text(text_source.id, "x", [])
    assert project.check() == []


def test_merging_elements_moves_everything_and_loses_nothing(project):
    source = project.sources.list(kind="text")[0]
    a, b = project.elements.list()
    child = project.elements.add("子要素", parent_id=a.id)
    project.elements.update(a.id, definition="甲的定义")
    shared_a = project.codings.code_text(source.id, 0, 3, a.id)
    project.codings.code_text(source.id, 0, 3, b.id)  # b already has this very passage
    only_a = project.codings.code_text(source.id, 4, 6, a.id)
    link = project.interactions.add(a.id, b.id, "promotes", evidence=[shared_a.id])
    project.memos.add("element", a.id, title="关于甲")
    merged = project.elements.merge(a.id, b.id)
    assert merged.definition == "甲的定义"
    assert sorted((c.start, c.element_id) for c in project.codings.list()) == \
        [(0, b.id), (4, b.id)]
    assert project.codings.get(only_a.id).element_id == b.id
    moved = project.interactions.get(link.id)
    assert (moved.from_element_id, moved.to_element_id) == (b.id, b.id)
    assert len(moved.evidence) == 1 and project.codings.get(moved.evidence[0]).start == 0
    assert project.elements.get(child.id).parent_id == b.id
    assert project.memos.list("element", b.id)[0].title == "关于甲"
    assert project.check() == []
    project.undo()
    assert len(project.elements.list()) == 3 and len(project.codings.list()) == 3
    with pytest.raises(InvalidInputError, match="its own sub-elements"):
        project.elements.merge(a.id, child.id)


def test_identities_can_be_given_to_keep_them_across_files(project):
    import uuid

    source = project.sources.list(kind="text")[0]
    wanted = [str(uuid.uuid4()) for _ in range(6)]
    element = project.elements.add("外来要素", guid="{" + wanted[0].upper() + "}")
    assert element.guid == wanted[0]  # braces and case as REFI-QDA files write them
    coding = project.codings.code_text(source.id, 0, 2, element.id, guid=wanted[1])
    case = project.cases.add("新案例", guid=wanted[2])
    period = project.periods.add("阶段一", guid=wanted[3])
    memo = project.memos.add("project", None, title="备忘", guid=wanted[4])
    coder = project.coders.add("外来编码者", guid=wanted[5])
    assert (coding.guid, case.guid, period.guid, memo.guid, coder.guid) == tuple(wanted[1:])
    with pytest.raises(InvalidInputError, match="used in this project already"):
        project.elements.add("另一个", guid=wanted[0])
    with pytest.raises(InvalidInputError, match="not a GUID"):
        project.elements.add("再一个", guid="nonsense")


def test_dates_must_be_real_days(project):
    source = project.sources.list(kind="text")[0]
    with pytest.raises(InvalidInputError, match="is not a date"):
        project.sources.update(source.id, date="2016-02-30")
    assert project.sources.update(source.id, date="2016-02-29").date == "2016-02-29"
    assert project.sources.update(source.id, date="2016-02").date == "2016-02"


def test_moving_a_coding_onto_an_element_that_has_it_already_makes_one_not_two(project):
    source = project.sources.list(kind="text")[0]
    first, second = project.elements.list()[:2]
    kept = project.codings.code_text(source.id, 2, 8, second.id)
    moved = project.codings.code_text(source.id, 2, 8, first.id)
    other = project.codings.code_text(source.id, 10, 14, second.id)
    project.codings.set_memo(moved.id, "写给移动的编码")
    memo = project.memos.add("coding", moved.id, body="关于这段的长备忘")
    link = project.interactions.add(first.id, second.id, "促进", evidence=[moved.id, other.id])
    result = project.codings.set_element(moved.id, second.id)
    assert result.id == kept.id and result.memo == "写给移动的编码"
    assert [m.id for m in project.memos.list("coding", kept.id)] == [memo.id]
    on_second = [(c.start, c.end) for c in project.codings.list() if c.element_id == second.id]
    assert sorted(on_second) == [(2, 8), (10, 14)]
    assert set(project.interactions.get(link.id).evidence) == {kept.id, other.id}
    assert project.check() == []
    project.undo()  # one step back: both codings and the evidence as they were
    assert project.codings.get(moved.id).element_id == first.id
    assert set(project.interactions.get(link.id).evidence) == {moved.id, other.id}


def test_control_characters_never_reach_a_name(project):
    element = project.elements.add("\x00技术赋能\x07 二")
    assert element.name == "技术赋能 二"
    with pytest.raises(InvalidInputError, match="needs a name"):
        project.elements.add("\x00\x00")
    assert project.check() == []
