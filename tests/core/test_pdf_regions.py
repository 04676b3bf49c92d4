"""Coding a region of a PDF's page: one coding with its page, its rectangle in points and the
text inside as its quote (and its text range when that text is one passage); checked against
the page; images are coded as before."""
from __future__ import annotations

import pytest

from pdf_pages_helpers import TABLE, layout_pdf
from workbench.core import InvalidInputError, Project, Rect

TABLE_RECT = Rect(70, 180, 365, 80)


@pytest.fixture
def pdf_project(tmp_path):
    path = tmp_path / "通知.pdf"
    path.write_bytes(layout_pdf(3))
    p = Project.create(tmp_path / "study.cwb", title="页面", coder="alice")
    element = p.elements.add("表格证据")
    p.import_files([path])
    source = p.sources.list()[0]
    yield p, source.id, element.id
    p.close()


def test_a_table_coded_as_a_region_keeps_page_rect_quote_and_range(pdf_project):
    p, source_id, element_id = pdf_project
    coding = p.codings.code_region(source_id, TABLE_RECT, element_id, page=1)
    assert (coding.page, coding.rect) == (1, TABLE_RECT)
    for cell in [cell for row in TABLE for cell in row]:
        assert cell in coding.snippet
    text = p.sources.text(source_id)
    assert text[coding.start:coding.end] == coding.snippet
    assert len(p.codings.list(source_id=source_id)) == 1  # one coding, not a pair
    # It survives reopening, and undo takes it away.
    p.undo()
    assert p.codings.list(source_id=source_id) == []
    p.redo()
    assert p.codings.list(source_id=source_id)[0].page == 1


def test_a_region_that_is_not_one_passage_keeps_its_quote_without_a_range(pdf_project):
    p, source_id, element_id = pdf_project
    coding = p.codings.code_region(source_id, Rect(70, 205, 365, 20), element_id, page=1)
    assert coding.snippet.split("\n") == TABLE[1]
    assert coding.start is None and coding.is_region


def test_a_figure_without_text_is_coded_without_a_quote(pdf_project):
    p, source_id, element_id = pdf_project
    coding = p.codings.code_region(source_id, Rect(72, 322, 200, 100), element_id, page=1)
    assert coding.snippet is None and coding.rect == Rect(72, 322, 200, 100)


def test_later_pages_are_coded_on_their_page(pdf_project):
    p, source_id, element_id = pdf_project
    coding = p.codings.code_region(source_id, Rect(60, 60, 400, 40), element_id, page=2)
    assert coding.page == 2 and coding.snippet.startswith("二、工作任务")


@pytest.mark.parametrize("page, rect, message", [
    (4, Rect(0, 0, 10, 10), "no page 4"),
    (1, Rect(500, 800, 200, 100), "does not lie inside page 1"),
    (1, Rect(10, 10, 0, 5), "does not lie inside page 1"),
])
def test_a_page_or_rectangle_not_there_is_refused(pdf_project, page, rect, message):
    p, source_id, element_id = pdf_project
    with pytest.raises(InvalidInputError, match=message):
        p.codings.code_region(source_id, rect, element_id, page=page)
    assert p.codings.list() == []


def test_a_page_region_of_a_text_that_is_no_pdf_is_refused(project):
    text_id = project.sources.list(kind="text")[0].id
    element_id = project.elements.list()[0].id
    with pytest.raises(InvalidInputError, match="is not a PDF"):
        project.codings.code_region(text_id, Rect(0, 0, 10, 10), element_id, page=1)


def test_images_are_coded_as_before(project):
    image_id = project.sources.list(kind="image")[0].id
    element_id = project.elements.list()[0].id
    coding = project.codings.code_region(image_id, Rect(1, 2, 30, 40), element_id)
    assert coding.page is None and coding.snippet is None and coding.rect == Rect(1, 2, 30, 40)


def test_resizing_a_page_region_follows_with_its_quote(pdf_project):
    p, source_id, element_id = pdf_project
    coding = p.codings.code_region(source_id, TABLE_RECT, element_id, page=1)
    smaller = p.codings.set_rect(coding.id, Rect(70, 180, 125, 80))
    assert smaller.snippet == "指标\n网上办理率\n办件量" and smaller.page == 1
    with pytest.raises(InvalidInputError, match="does not lie inside page 1"):
        p.codings.set_rect(coding.id, Rect(70, 180, 900, 80))


def test_coders_regions_of_pdf_pages_survive_a_merge_on_their_pages(tmp_path):
    import shutil

    from workbench.exchange.merge import merge_projects

    path = tmp_path / "通知.pdf"
    path.write_bytes(layout_pdf(2))
    base = Project.create(tmp_path / "base.cwb", coder="lead")
    base.elements.add("表格证据")
    base.import_files([path])
    base.close()
    for name in ("ann", "bo"):
        shutil.copy(tmp_path / "base.cwb", tmp_path / f"{name}.cwb")
    same_rect = Rect(60, 60, 400, 40)  # the same rectangle on two pages: two codings
    for name, page in (("ann", 1), ("bo", 2)):
        p = Project.open(tmp_path / f"{name}.cwb")
        source_id, element_id = p.sources.list()[0].id, p.elements.list()[0].id
        p.codings.code_region(source_id, same_rect, element_id, page=page, coder=name)
        p.close()
    merge_projects([tmp_path / "ann.cwb", tmp_path / "bo.cwb"], tmp_path / "m.cwb")
    m = Project.open(tmp_path / "m.cwb", read_only=True)
    try:
        assert sorted((c.coder, c.page, c.rect) for c in m.codings.list()) == [
            ("ann", 1, same_rect), ("bo", 2, same_rect)]
    finally:
        m.close()
