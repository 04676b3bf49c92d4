"""elements, element add, code (passages and regions), codings, relate, interactions, undo."""
from __future__ import annotations

from cli_helpers import TEXT, assert_one_sentence_error, run

from workbench.core import Project

CODING_FIELDS = {"id", "guid", "source_id", "source_title", "element", "element_path", "start",
                 "end", "rect", "snippet", "coder", "memo", "created", "page"}


def test_element_add_with_parent(project):
    assert run("element", project, "add", "技术驱动", "--definition", "技术的推动作用").code == 0
    child = run("element", project, "add", "数据共享平台", "--parent", "技术驱动",
                "--color", "#112233", "--coder", "张三", "--json")
    assert child.code == 0, child.err
    assert child.json()["path"] == "技术驱动/数据共享平台"
    elements = run("elements", project, "--json").json()
    assert [e["path"] for e in elements] == ["技术驱动", "技术驱动/数据共享平台"]
    assert elements[1]["parent_id"] == elements[0]["id"] and elements[1]["color"] == "#112233"
    assert elements[0]["definition"] == "技术的推动作用"
    assert {"id", "guid", "path", "name", "parent_id", "color", "definition", "inclusion",
            "exclusion", "example", "coding_count"} == set(elements[0])
    assert_one_sentence_error(run("element", project, "add", "X", "--parent", "没有这个"),
                              "没有这个")
    assert_one_sentence_error(run("element", project, "add", "X", "--color", "red"), "colour")
    tree = run("elements", project)
    assert "  数据共享平台" in tree.out


def test_code_passage_with_non_bmp_character(coded_project):
    path, text_id = coded_project["path"], coded_project["text_id"]
    start = TEXT.index("𠮷") - 3
    end = TEXT.index("𠮷") + 4
    coded = run("code", path, "--source", text_id, "--start", start, "--end", end,
                "--element", "技术驱动/数据共享平台", "--memo", "关键段落", "--coder", "王五")
    assert coded.code == 0, coded.err
    with Project.open(path, read_only=True) as p:
        text = p.sources.text(text_id)
    codings = run("codings", path, "--json").json()
    assert len(codings) == 1 and set(codings[0]) == CODING_FIELDS | {"clause"}
    coding = codings[0]
    assert coding["snippet"] == text[start:end] and "𠮷" in coding["snippet"]
    assert (coding["start"], coding["end"], coding["rect"]) == (start, end, None)
    assert (coding["element"], coding["element_path"]) == ("数据共享平台", "技术驱动/数据共享平台")
    assert (coding["coder"], coding["memo"], coding["source_id"]) == ("王五", "关键段落", text_id)
    again = run("code", path, "--source", text_id, "--start", start, "--end", end,
                "--element", "数据共享平台", "--coder", "王五")
    assert again.code == 0 and "already" in again.out
    assert len(run("codings", path, "--json").json()) == 1
    human = run("codings", path)
    assert "𠮷" in human.out and f"{start}–{end}" in human.out


def test_code_region_errors_and_filters(coded_project):
    path, text_id, image_id = (coded_project[k] for k in ("path", "text_id", "image_id"))
    region = run("code", path, "--source", image_id, "--rect", "10,20,50,40",
                 "--element", "组织协同", "--json")
    assert region.code == 0, region.err
    assert region.json()["rect"] == {"x": 10, "y": 20, "width": 50, "height": 40}
    assert region.json()["start"] is None and region.json()["end"] is None
    assert_one_sentence_error(run("code", path, "--source", text_id, "--start", 5,
                                  "--end", len(TEXT) + 10, "--element", "组织协同"), "range")
    assert_one_sentence_error(run("code", path, "--source", image_id, "--rect", "150,0,100,10",
                                  "--element", "组织协同"), "does not lie inside")
    assert_one_sentence_error(run("code", path, "--source", text_id, "--start", 0, "--end", 2,
                                  "--element", "不存在的要素"), "不存在的要素")
    assert_one_sentence_error(run("code", path, "--source", 999, "--start", 0, "--end", 2,
                                  "--element", "组织协同"), "999")
    both = run("code", path, "--source", text_id, "--start", 0, "--end", 2, "--rect", "0,0,1,1",
               "--element", "组织协同")
    assert both.code == 2 and "Traceback" not in both.err
    assert len(run("codings", path, "--element", "组织协同", "--json").json()) == 1
    assert run("codings", path, "--source", text_id, "--json").json() == []
    assert_one_sentence_error(run("codings", path, "--element", "没有"), "没有")


def test_relate_with_evidence_and_undo_redo_across_processes(coded_project):
    path, text_id = coded_project["path"], coded_project["text_id"]
    ids = []
    for start, end in ((0, 6), (6, 12)):
        result = run("code", path, "--source", text_id, "--start", start, "--end", end,
                     "--element", "技术驱动", "--json")
        assert result.code == 0, result.err
        ids.append(result.json()["id"])
    with Project.open(path) as p:
        p.periods.add("推进期", "2016", "2018")
    related = run("relate", path, "--from", "技术驱动", "--to", "组织协同", "--type", "promotes",
                  "--sign", "-", "--period", "推进期", "--note", "数据共享倒逼协同",
                  "--evidence", *ids)
    assert related.code == 0, related.err
    listed = run("interactions", path, "--json").json()
    assert len(listed) == 1
    interaction = listed[0]
    assert {"id", "guid", "from", "to", "type", "sign", "period", "note", "evidence",
            "coder"} <= set(interaction)
    assert (interaction["from"], interaction["to"], interaction["sign"]) == ("技术驱动", "组织协同", "-")
    assert (interaction["period"], interaction["note"]) == ("推进期", "数据共享倒逼协同")
    assert interaction["evidence"] == sorted(ids) and interaction["coder"] == "张三"
    assert_one_sentence_error(run("relate", path, "--from", "技术驱动", "--to", "组织协同",
                                  "--type", "promotes", "--period", "没有的时期"), "没有的时期")
    assert_one_sentence_error(run("relate", path, "--from", "技术驱动", "--to", "组织协同",
                                  "--type", "promotes", "--evidence", 999), "999")

    undone = run("undo", path)  # the interaction
    assert undone.code == 0 and undone.out.strip() == "Undone: Add interaction"
    assert run("interactions", path, "--json").json() == []
    assert run("undo", path).out.strip() == "Undone: Add period"
    assert run("undo", path).out.strip() == "Undone: Code passage"
    assert len(run("codings", path, "--json").json()) == 1
    redone = run("redo", path)
    assert redone.code == 0 and redone.out.strip() == "Redone: Code passage"
    assert len(run("codings", path, "--json").json()) == 2


def test_code_a_region_of_a_pdf_page(tmp_path):
    from pdf_pages_helpers import layout_pdf

    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(2))
    path = tmp_path / "p.cwb"
    with Project.create(path, title="PDF") as p:
        p.elements.add("图表")
        p.import_files([pdf])
    done = run("code", path, "--source", 1, "--rect", "60,60,400,40", "--page", 2,
               "--element", "图表", "--json")
    assert done.code == 0, done.err
    row = done.json()
    assert row["page"] == 2 and row["rect"] == {"x": 60, "y": 60, "width": 400, "height": 40}
    assert row["snippet"].startswith("二、工作任务")
    wrong = run("code", path, "--source", 1, "--start", 0, "--end", 3, "--page", 2,
                "--element", "图表")
    assert wrong.code == 2 and "--page goes with --rect" in wrong.err
