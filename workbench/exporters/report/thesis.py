"""What makes the report fit into a thesis chapter: chapter-numbered captions (表4-1, 图4-2) and
headings (4.1, 4.1.1), a heading level offset, a title page or none, page numbers in the footer,
a table of contents field and the document's own properties.

    options = ReportOptions(chapter=4, heading_offset=1, title_page=False, toc=True,
                            page_numbers=True)
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

    from ...core import Project

MAX_HEADING = 4  # Word's Heading 4 is the deepest style the report sets up


@dataclass
class ReportOptions:
    chapter: int | None = None  # 4: captions 表4-1, headings 4.1, 4.1.1
    heading_offset: int = 0  # 1: the report's sections become Heading 2 (under the chapter's)
    title_page: bool = True
    toc: bool = False
    page_numbers: bool = False


@dataclass
class Headings:
    """Numbers the headings 4.1, 4.1.1 … when a chapter is given, shifted by the offset."""

    options: ReportOptions
    counters: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def add(self, doc: "Document", text: str, level: int):
        chapter = self.options.chapter
        if chapter is not None:
            self.counters[level - 1] += 1
            for deeper in range(level, len(self.counters)):
                self.counters[deeper] = 0
            number = ".".join(str(n) for n in [chapter, *self.counters[:level]])
            text = f"{number} {text}"
        return doc.add_heading(text, level=min(MAX_HEADING, level + self.options.heading_offset))


def title_page(doc: "Document", project: "Project", title: str, zh: bool) -> None:
    """The title, the researcher and the date on a page of their own."""
    from docx.enum.text import WD_BREAK

    info = project.info()
    doc.add_paragraph(title, style="Title")
    lines = []
    if info.research_question:
        lines.append(info.research_question)
    if info.current_coder:
        lines.append(info.current_coder)
    lines.append(datetime.date.today().isoformat())
    for line in lines:
        paragraph = doc.add_paragraph(line)
        paragraph.alignment = 1  # centred
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (begin, instruction, separate, result, end): Word fills it in when the
    document is opened or the fields are updated (F9)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            mark.set(qn("w:dirty"), "true")  # Word updates it on opening
        run.append(mark)
        return run

    paragraph._p.append(char("begin"))
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    paragraph._p.append(run)
    paragraph._p.append(char("separate"))
    result = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = placeholder
    result.append(value)
    paragraph._p.append(result)
    paragraph._p.append(char("end"))


def table_of_contents(doc: "Document", zh: bool, levels: int) -> None:
    from docx.enum.text import WD_BREAK

    heading = doc.add_paragraph("目录" if zh else "Contents", style="Title")
    heading.paragraph_format.keep_with_next = True
    _field(doc.add_paragraph(), f'TOC \\o "1-{levels}" \\h \\z \\u',
           "右键单击此处并选择“更新域”以生成目录。" if zh
           else "Right-click here and choose Update Field to build the table of contents.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def page_numbers(doc: "Document") -> None:
    """The page number, centred in the footer of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in doc.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph, "PAGE", "1")


def set_properties(doc: "Document", project: "Project", title: str, zh: bool) -> None:
    """Title, author, dates and language from the project, not python-docx's template."""
    info = project.info()
    props = doc.core_properties
    props.title = title
    props.author = info.current_coder or ""
    props.last_modified_by = info.current_coder or ""
    props.subject = info.research_question or ""
    props.comments = ""
    props.keywords = ""
    props.language = "zh-CN" if zh else "en-US"
    props.revision = 1
    try:
        props.created = datetime.datetime.fromisoformat(info.created.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        props.created = datetime.datetime.now(datetime.timezone.utc)
    props.modified = datetime.datetime.now(datetime.timezone.utc)


def latin_wraps_by_word(doc: "Document") -> None:
    """An English report must break lines between words: East Asian line breaking would let
    Word cut a Latin word anywhere ("Technolog y"). ``w:wordWrap`` on (its default) keeps Latin
    words whole; set it explicitly on the defaults so templates cannot turn it off."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for old in ppr.findall(qn("w:wordWrap")):
        ppr.remove(old)
    wrap = OxmlElement("w:wordWrap")
    wrap.set(qn("w:val"), "1")
    ppr.append(wrap)
