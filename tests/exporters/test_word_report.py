"""The Word report, read back with python-docx and its XML: three-line tables, numbered
captions in order (表 above tables, 图 below figures), East Asian fonts on the styles, real
Heading styles, embedded 300 dpi pictures; and converted to PDF by LibreOffice when present."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_dataset_export import HARD, build_study  # noqa: E402

from workbench.core import InvalidInputError  # noqa: E402
from workbench.exporters import report as report_module  # noqa: E402
from workbench.exporters.report import agreement, write_report  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    p = build_study(folder / "study.cwb")
    yield p, folder
    p.close()


@pytest.fixture(scope="module")
def zh_report(study):
    project, folder = study
    return write_report(project, folder / "报告.docx")


def to_pdf(docx_path: Path, folder: Path) -> Path:
    """The report printed by LibreOffice (its own profile, so parallel runs do not collide)."""
    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    return folder / (docx_path.stem + ".pdf")


def _open(path):
    import docx

    return docx.Document(str(path))


def _text(element) -> str:
    """All the text of a paragraph, field results (the caption numbers) included."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _attr(element, name):
    return element.get(f"{W}{name}")


def _body_sequence(doc):
    """("table"|"caption"|"picture"|"para", text) for the body's blocks in order."""
    out = []
    for block in doc.element.body:
        if block.tag == f"{W}tbl":
            out.append(("table", ""))
        elif block.tag == f"{W}p":
            style = block.find(f"{W}pPr/{W}pStyle")
            if style is not None and _attr(style, "val") == "Caption":
                out.append(("caption", _text(block)))
            elif block.findall(".//" + W + "drawing"):
                out.append(("picture", ""))
            else:
                out.append(("para", _text(block)))
    return out


def test_every_table_is_a_three_line_table(zh_report):
    doc = _open(zh_report)
    assert len(doc.tables) >= 6  # sources, codebook, 3 frequency tables, interactions
    for table in doc.tables:
        borders = table._tbl.tblPr.find(f"{W}tblBorders")
        sides = {child.tag[len(W):]: child for child in borders}
        for side in ("top", "bottom"):
            assert _attr(sides[side], "val") == "single" and _attr(sides[side], "sz") == "12"
        for side in ("left", "right", "insideH", "insideV"):
            assert _attr(sides[side], "val") == "nil"
        for r_index, row in enumerate(table._tbl.tr_lst):
            for tc in row.tc_lst:
                cell_borders = tc.find(f"{W}tcPr/{W}tcBorders")
                if r_index == 0:
                    bottom = cell_borders.find(f"{W}bottom")
                    assert _attr(bottom, "val") == "single" and _attr(bottom, "sz") == "6"
                else:
                    assert cell_borders is None  # no other rules in the body
        assert table._tbl.find(f"{W}tblPr/{W}tblStyle") is None  # no borrowed grid style


def test_captions_are_numbered_in_order_above_tables_and_below_figures(zh_report):
    sequence = _body_sequence(_open(zh_report))
    tables = [text for kind, text in sequence if kind == "caption" and text.startswith("表")]
    figures = [text for kind, text in sequence if kind == "caption" and text.startswith("图")]
    assert [t.split(" ")[0] for t in tables] == [f"表{n}" for n in range(1, len(tables) + 1)]
    assert [f.split(" ")[0] for f in figures] == ["图1", "图2", "图3"]
    for index, (kind, text) in enumerate(sequence):
        if kind == "table":
            assert sequence[index - 1][0] == "caption" and sequence[index - 1][1].startswith("表")
        if kind == "picture" and not sequence[index + 1][1].startswith("S0"):  # not a region
            assert sequence[index + 1][0] == "caption" and sequence[index + 1][1].startswith("图")
    assert "表1 资料按类型与阶段分布（份）" in tables
    assert any(t.endswith("编码手册") for t in tables)


def test_caption_numbers_are_word_seq_fields(zh_report):
    doc = _open(zh_report)
    fields = doc.element.body.findall(".//" + W + "fldSimple")
    instructions = [_attr(f, "instr").split() for f in fields]
    assert ["SEQ", "表", "\\*", "ARABIC"] in instructions
    assert ["SEQ", "图", "\\*", "ARABIC"] in instructions


def test_styles_name_the_east_asian_fonts(zh_report):
    doc = _open(zh_report)
    fonts = doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert _attr(fonts, "eastAsia") == "SimSun" and _attr(fonts, "ascii") == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 12
    assert doc.styles["Normal"].paragraph_format.line_spacing == 1.5
    for level in (1, 2, 3):
        heading = doc.styles[f"Heading {level}"].element.find(f"{W}rPr/{W}rFonts")
        assert _attr(heading, "eastAsia") == "SimHei"
        assert _attr(heading, "asciiTheme") is None and _attr(heading, "eastAsiaTheme") is None
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert _attr(defaults, "eastAsia") == "SimSun" and _attr(defaults, "eastAsiaTheme") is None
    indent = doc.styles["Body Text"].element.find(f"{W}pPr/{W}ind")
    assert _attr(indent, "firstLineChars") == "200"


def test_page_is_a4_with_thesis_margins(zh_report):
    section = _open(zh_report).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.top_margin.cm, 2) == 2.54 and round(section.left_margin.cm, 2) == 3.17


def test_headings_use_the_builtin_heading_styles(zh_report):
    doc = _open(zh_report)
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["研究概况", "编码手册", "编码频次", "编码引文", "要素间互动关系", "路径图"]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "组织协同" in level2 and "激励与问责" not in level2  # an empty element: no section
    texts = [p.text for p in doc.paragraphs]
    assert "以下要素尚无编码：激励与问责。" in texts
    assert "起步期" in [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]


def test_quotes_carry_source_date_and_page(zh_report):
    texts = [p.text for p in _open(zh_report).paragraphs if p.style.name == "Quote"]
    flat = " ".join(HARD.split())
    # Each quote cites its source by the ID of the 资料清单 (S01 …), with date and PDF page.
    assert f"“{flat}”（S01，2016-03-01）" in texts
    assert any(t.endswith("（S02，2019-05-10，第2页）") for t in texts)
    # A region without recognised text: the picture is shown, no coordinates in the text.
    assert "［截图区域，见上图］（S03，2020-01-01）" in texts
    assert not any("图片区域" in t for t in texts)


def test_pictures_are_embedded_at_300_dpi_and_fit_the_column(zh_report):
    from PIL import Image

    doc = _open(zh_report)
    # whole case, small multiples, frequency bars at 300 dpi; the coded screenshot region
    assert len(doc.inline_shapes) == 4
    for shape in doc.inline_shapes:
        assert shape.width.cm <= 21.0 - 2 * 3.17 + 0.01
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob))
        assert image.format == "PNG" and round(image.info["dpi"][0]) in (300, 150)


def test_sections_can_be_chosen_and_english_works(study):
    project, folder = study
    out = write_report(project, folder / "codebook.docx", language="en",
                       sections=["codebook", "frequencies"])
    doc = _open(out)
    assert len(doc.inline_shapes) == 0
    sequence = _body_sequence(doc)
    captions = [text for kind, text in sequence if kind == "caption"]
    assert captions[0] == "Table 1 Codebook" and captions[1].startswith("Table 2 ")
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == \
        ["Codebook", "Coding frequencies"]
    assert _attr(doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts"), "ascii") == \
        "Times New Roman"
    with pytest.raises(InvalidInputError, match="not a section"):
        write_report(project, folder / "x.docx", sections=["appendix"])
    with pytest.raises(InvalidInputError, match=r"\.docx"):
        write_report(project, folder / "x.doc")
    assert not (folder / "x.docx").exists()


def test_agreement_hook_runs_only_with_two_coders(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(agreement, "write_agreement_section", lambda ctx: calls.append(ctx))
    with build_study(tmp_path / "one.cwb") as p:
        write_report(p, tmp_path / "one.docx", sections=["agreement", "codebook"])
    assert calls == []
    with build_study(tmp_path / "two.cwb", second_coder=True) as p:
        write_report(p, tmp_path / "two.docx", sections=["agreement", "codebook"])
    assert len(calls) == 1 and report_module.agreement.coders_who_coded(calls[0]) == ["张三", "李四"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; the lead adds the Debian "
                           "package libreoffice-writer-nogui to dev's SYSTEM_PACKAGES")
def test_libreoffice_opens_the_report_and_prints_it(zh_report, tmp_path):
    from pdfminer.high_level import extract_text

    pdf = to_pdf(zh_report, tmp_path)
    assert pdf.exists() and pdf.stat().st_size > 10_000
    text = "".join(extract_text(str(pdf)).split())  # pdfminer spaces runs of other fonts
    for expected in ("研究概况", "表1", "表2", "图1", "编码手册", "组织协同", "实施意见", "第2页"):
        assert expected in text, expected
    from pdfminer.pdfpage import PDFPage

    with open(pdf, "rb") as handle:
        assert sum(1 for _ in PDFPage.get_pages(handle)) >= 3


def test_an_empty_project_gives_a_report_without_empty_figures(tmp_path):
    from workbench.core import Project

    with Project.create(tmp_path / "empty.cwb", title="新研究") as p:
        out = write_report(p, tmp_path / "empty.docx")
    doc = _open(out)
    assert len(doc.inline_shapes) == 0
    assert "本项目尚未记录互动关系。" in [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "研究概况"


def test_the_diagrams_use_the_saved_layout(tmp_path, monkeypatch):
    from workbench.exporters import diagram

    seen = []
    real = diagram.layout
    monkeypatch.setattr(diagram, "layout", lambda graph, method="layered", positions=None:
                        seen.append(positions) or real(graph, method, positions))
    with build_study(tmp_path / "saved.cwb") as p:
        tech, org = p.elements.find("技术赋能").id, p.elements.find("组织协同").id
        p.diagrams.save_positions({tech: (0.0, 0.0), org: (3.0, 1.0)})
        write_report(p, tmp_path / "saved.docx", sections=["diagrams"])
    assert seen and seen[0] == {tech: (0.0, 0.0), org: (3.0, 1.0)}


def _table_after(doc, caption_end: str):
    """The python-docx table whose caption ends with ``caption_end``."""
    tables = iter(doc.tables)
    for kind, text in _body_sequence(doc):
        if kind == "table":
            table = next(tables)
            if found:
                return table
        found = kind == "caption" and text.endswith(caption_end)
    raise AssertionError(caption_end)


def test_frequency_tables_roll_up_levels_and_their_totals_agree(zh_report):
    doc = _open(zh_report)
    by_type = _table_after(doc, "各要素编码频次（按资料类型）")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in by_type.rows}
    header = [c.text for c in by_type.rows[0].cells]
    assert header[-3:] == ["合计", "占比（%）", "其中直接编码"]
    # 技术赋能 = its region + its child 数据共享's passage; 数据共享 indented one level
    assert rows["技术赋能"][-3:] == ["2", "50.0", "1"] and rows["\u3000数据共享"][-3] == "1"
    assert rows["合计"][-3] == "4"  # the four codings, as the text says
    by_case = _table_after(doc, "各案例要素编码频次")
    totals = {r.cells[0].text: r.cells[-2].text for r in by_case.rows}
    # 实施意见 is in both cases: 3 + 2 codings in the cases, 4 in all, and a note says why
    assert (totals["江临市"], totals["东湖区"], totals["合计"]) == ("3", "2", "4")
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("注：") and "（5）大于总计（4）" in t for t in texts)
    assert "编码 4 条" in "".join(texts)
    assert "资料来源：笔者根据本项目资料的编码结果整理。" in texts  # under each frequency table


def _thesis_study(folder):
    """A project whose screenshot has recognised text: coding a line of it is one coding with a
    region, shown in the report as the cropped picture with its text."""
    from helpers import png_bytes
    from workbench.core import Project

    p = build_study(folder / "thesis.cwb")
    element = p.elements.find("组织协同").id
    shot = p.sources.add(kind="image", title="政务网截图",
                         data=png_bytes(color=(90, 90, 90)), width=120,
                         height=80, media_type="image/png", date="2018-06-01",
                         source_type="网站截图", capture_time="2018-06-02T08:00:00Z",
                         origin_url="http://web.archive.org/web/2018/http://gov.example.cn").id
    lines = [{"kind": "ocr-line", "start": 0, "end": 6, "level": 1, "box": [5, 30, 110, 14]}]
    p.sources.set_recognised_text(shot, "一网通办平台", lines)
    p.codings.code_text(shot, 0, 6, element)
    return p


@pytest.fixture(scope="module")
def thesis_report(tmp_path_factory):
    from workbench.exporters.report.thesis import ReportOptions

    folder = tmp_path_factory.mktemp("thesis")
    p = _thesis_study(folder)
    options = ReportOptions(chapter=4, heading_offset=1, title_page=False, toc=True,
                            page_numbers=True)
    out = write_report(p, folder / "第4章.docx", options=options,
                       sections=["study", "frequencies", "quotes", "interactions", "references"])
    p.close()
    return out


def test_thesis_options_number_captions_and_headings_of_the_chapter(thesis_report):
    doc = _open(thesis_report)
    captions = [text for kind, text in _body_sequence(doc) if kind == "caption"]
    assert captions[0].startswith("表4-1 ") and captions[1].startswith("表4-2 ")
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert level2[0] == "4.1 研究概况"  # one level down, under the chapter's own heading
    assert any(t.startswith("4.3.1 ") for t in
               (p.text for p in doc.paragraphs if p.style.name == "Heading 3"))
    assert not [p for p in doc.paragraphs if p.style.name == "Title" and "研究" in p.text]
    xml = doc.element.xml
    assert 'TOC \\o "1-4"' in xml
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer
    props = doc.core_properties
    assert props.title == "江临市智慧政府研究" and props.author == "张三"
    assert props.created.year >= 2025


def test_a_coded_screenshot_line_is_its_picture_and_text_in_the_report(thesis_report):
    from PIL import Image

    doc = _open(thesis_report)
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert "“一网通办平台”（S04，2018-06-01）" in quotes
    assert not any("图片区域 5,30" in q for q in quotes)
    sizes = []
    for shape in doc.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        sizes.append(Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob)).size)
    assert (110, 14) in sizes  # the cropped region of the recognised line
    texts = [p.text for p in doc.paragraphs]
    assert "S04 政务网截图（存档于 2018-06-02）" in texts
    references = [t for t in texts if t.startswith("[S0")]
    assert any("实施意见" in t and "[Z]" in t for t in references)
    assert any(t.startswith("[S04] 政务网截图[EB/OL]. (2018-06-01)[2018-06-02]. http://web.")
               for t in references)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils is not installed")
def test_libreoffice_prints_the_thesis_report_with_its_numbers(thesis_report, tmp_path):
    pdf = to_pdf(thesis_report, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    for expected in ("表4-1", "资料清单", "S04", "政务网截图", "参考文献",
                     "注：一级维度的编码数含其下级要素的编码", "大于总计（5）"):
        assert expected in flat, expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    assert any(line.split()[3:5] == ["110", "14"] for line in images.splitlines()[2:])


def test_english_words_are_never_split_by_a_narrow_column(tmp_path):
    from workbench.exporters.report.tables import content_widths

    header = ["Element", *(f"Case {n}" for n in range(9)), "Total", "%"]
    widths = content_widths([header, ["Technology", *range(9), 9, "20.0"]])
    # "Technology" is 10 letters: its column leaves room for it and the cell margins
    assert widths[0] >= 10 * 10.5 / 2 / 72 * 2.54 + 0.38
    assert sum(widths) <= 21.0 - 2 * 3.17 + 0.01
    with build_study(tmp_path / "en.cwb", language="en") as p:
        doc = _open(write_report(p, tmp_path / "en.docx", sections=["frequencies"]))
    wrap = doc.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}wordWrap")
    assert _attr(wrap, "val") == "1"  # Latin words are kept whole (East Asian line breaking)


def test_figures_print_their_text_at_9_pt_and_the_caption_says_path_once(tmp_path):
    from matplotlib.text import Text

    from workbench.exporters.report.figures import path_figures, printed_pt

    with build_study(tmp_path / "fig.cwb") as p:
        p.update_info(title="江临市智慧政府建设的动态路径（2015—2023）")
        for figure in path_figures(p, "zh"):
            sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
            assert sizes and min(printed_pt(figure, s) for s in sizes) >= 9.0
        doc = _open(write_report(p, tmp_path / "fig.docx", sections=["diagrams"]))
    captions = [text for kind, text in _body_sequence(doc) if kind == "caption"]
    assert captions[0] == "图1 江临市智慧政府建设的动态路径（2015—2023）（整体）"


def test_a_table_longer_than_a_page_goes_on_under_a_continued_caption(tmp_path):
    """续表: a long table starts on a new page and continues, a page at a time, under
    "续表4-1 …" with its header row again; a short one stays one table."""
    import docx as python_docx

    from workbench.exporters.report.styles import Numbering, setup_document
    from workbench.exporters.report.tables import three_line_table

    doc = setup_document("zh")
    numbering = Numbering("zh", chapter=4)
    rows = [[f"要素{i}", "一段较长的引文，" * (1 + i % 3), i] for i in range(120)]
    three_line_table(doc, numbering, "编码引文", ["要素", "引文", "编码数"], rows, numeric=[2])
    three_line_table(doc, numbering, "短表", ["要素", "编码数"], [["甲", 1], ["乙", 2]])
    path = tmp_path / "long.docx"
    doc.save(path)
    doc = python_docx.Document(path)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    continued = [c for c in captions if c.startswith("续表4-1")]
    # (the number itself is a SEQ field, which python-docx's text leaves out)
    assert captions[0] == "表4- 编码引文" and len(continued) >= 2
    assert all(c == "续表4-1 编码引文" for c in continued)
    assert captions[-1] == "表4- 短表"
    assert len(doc.tables) == 1 + len(continued) + 1
    assert all(t.rows[0].cells[0].text == "要素" for t in doc.tables)
    body_rows = sum(len(t.rows) - 1 for t in doc.tables[:-1])
    assert body_rows == 120  # no row lost or doubled across the parts
