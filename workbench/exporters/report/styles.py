"""The look of a thesis chapter: page, fonts, headings, captions, in Chinese or English.

Chinese (the common thesis template): A4, margins 2.54 cm top/bottom and 3.17 cm left/right,
body 宋体 (SimSun) 小四 (12 pt) with Times New Roman for Latin letters, line spacing 1.5, first
line indented by two characters; headings 黑体 (SimHei) in Word's own Heading 1/2/3 styles, so
Word's table of contents and navigation pane find them; captions 黑体 五号 (10.5 pt) centred.
English: the same page with Times New Roman 12 pt throughout.

Fonts are set on the styles, never on single runs, so the writer can change the whole report
in one place; the East Asian font goes in ``w:rFonts/@w:eastAsia`` and the theme-font attributes
of python-docx's template are removed (a theme font would win over the named font in Word).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

LATIN = "Times New Roman"
SONG, HEI = "SimSun", "SimHei"
BODY_PT, CAPTION_PT, TABLE_PT = 12, 10.5, 10.5
HEADING_PT = {1: 16, 2: 14, 3: 12, 4: 12}  # 三号, 四号, 小四, 小四
MARGINS_CM = {"top": 2.54, "bottom": 2.54, "left": 3.17, "right": 3.17}
A4_CM = (21.0, 29.7)
TABLE_STYLE, BODY_STYLE = "Table Text", "Body Text"
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def text_width_cm() -> float:
    return A4_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]


def set_fonts(rpr_parent, latin: str, east_asian: str) -> None:
    """Name the Latin and East Asian fonts on a style's (or docDefaults') run properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _black(style) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    from docx.shared import RGBColor

    style.font.color.rgb = RGBColor(0, 0, 0)


def _remove(element, tag: str) -> None:
    from docx.oxml.ns import qn

    for child in element.findall(qn(tag)):
        element.remove(child)


def setup_document(language: str) -> "Document":
    """A new document with the page and styles of a thesis in ``language`` ("zh"/"en")."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    zh = language == "zh"
    song, hei = (SONG, HEI) if zh else (LATIN, LATIN)
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
        section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
        section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    set_fonts(rpr_default, LATIN, song)
    lang = rpr_default.find(qn("w:rPr")).find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN" if zh else "en-US")
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _remove(ppr_default, "w:spacing")

    normal = doc.styles["Normal"]
    set_fonts(normal.element, LATIN, song)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)

    body = doc.styles[BODY_STYLE]
    body.paragraph_format.space_after = Pt(0)
    if zh:  # two characters: firstLineChars (Word) with the same width in points as fallback
        body.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        ind = body.element.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), "200")
    else:
        body.paragraph_format.space_after = Pt(6)

    for level, size in HEADING_PT.items():
        heading = doc.styles[f"Heading {level}"]
        set_fonts(heading.element, LATIN, hei)
        _black(heading)
        heading.font.size = Pt(size)
        heading.font.bold = not zh or level >= 3  # 黑体 is already bold enough
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after = Pt(size if level > 1 else 18), Pt(size / 2)
        fmt.line_spacing = 1.5
        fmt.keep_with_next = True
        if level == 1 and zh:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER

    title = doc.styles["Title"]
    _remove(title.element.get_or_add_pPr(), "w:pBdr")
    set_fonts(title.element, LATIN, hei)
    _black(title)
    title.font.size = Pt(18)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)

    caption = doc.styles["Caption"]
    set_fonts(caption.element, LATIN, hei)
    _black(caption)
    caption.font.size = Pt(CAPTION_PT)
    caption.font.bold = not zh
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.line_spacing = 1.25
    caption.paragraph_format.space_before = caption.paragraph_format.space_after = Pt(6)
    caption.paragraph_format.keep_with_next = True  # a table caption stays with its table

    quote = doc.styles["Quote"]
    _black(quote)
    quote.font.italic = False
    quote.paragraph_format.left_indent = Pt(2 * BODY_PT)
    quote.paragraph_format.space_after = Pt(3)

    cell = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)
    cell.paragraph_format.line_spacing = 1.0
    cell.paragraph_format.space_before = cell.paragraph_format.space_after = Pt(1)
    return doc


class Numbering:
    """Numbers tables and figures in order: 表1, 表2 … above tables, 图1 … below figures
    (“Table 1”, “Figure 1” in English). The number is a Word SEQ field (with the number already
    filled in), so Word's cross-references and lists of tables work."""

    def __init__(self, language: str, chapter: int | None = None):
        self.zh = language == "zh"
        self.chapter = chapter  # 4: 表4-1, 图4-2 (Table 4.1 in English)
        self.count = {"table": 0, "figure": 0}

    def label(self, kind: str) -> str:
        """The number of the last table or figure as printed: 表4-1, Table 4.1."""
        word = {"table": ("表", "Table"), "figure": ("图", "Figure")}[kind][0 if self.zh else 1]
        chapter = "" if self.chapter is None else f"{self.chapter}{'-' if self.zh else '.'}"
        return f"{word}{'' if self.zh else ' '}{chapter}{self.count[kind]}"

    def continued(self, doc: "Document", text: str):
        """The caption over the part of a table continued on the next page: 续表4-1 …"""
        paragraph = doc.add_paragraph(style="Caption")
        label = self.label("table")
        paragraph.add_run(f"续{label} {text}" if self.zh else f"{label} (continued) {text}")
        paragraph.paragraph_format.page_break_before = True
        return paragraph

    def caption(self, doc: "Document", kind: str, text: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.count[kind] += 1
        number = self.count[kind]
        label = {"table": ("表", "Table"), "figure": ("图", "Figure")}[kind][0 if self.zh else 1]
        paragraph = doc.add_paragraph(style="Caption")
        prefix = label if self.zh else f"{label} "
        if self.chapter is not None:
            prefix += f"{self.chapter}{'-' if self.zh else '.'}"
        paragraph.add_run(prefix)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" SEQ {label} \\* ARABIC ")
        run = OxmlElement("w:r")
        value = OxmlElement("w:t")
        value.text = str(number)
        run.append(value)
        field.append(run)
        paragraph._p.append(field)
        paragraph.add_run(" " + text)
        if kind == "figure":
            paragraph.paragraph_format.keep_with_next = False
        return paragraph


def body(doc: "Document", text: str):
    return paragraph(doc, text, BODY_STYLE)


def paragraph(doc: "Document", text: str, style: str):
    """A paragraph of ``style`` at the end of the document. The same as ``doc.add_paragraph``
    but without python-docx's look-up of the style by name and search for the section break on
    every call, which made 10,000 quotations take 20 s."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    ids = doc.__dict__.setdefault("_workbench_style_ids", {})
    if style not in ids:
        ids[style] = doc.styles[style].style_id
    element = OxmlElement("w:p")
    element.style = ids[style]
    body = doc.element.body
    # ``body.sectPr`` searches every child of the body: with one look-up per paragraph a report
    # grew with the square of its quotations (237 s for 62,000 codings). Keep the section end
    # found once, for as long as it is still the body's.
    end = doc.__dict__.get("_workbench_section_end")
    if end is None or end.getparent() is not body:
        end = body.sectPr
        doc.__dict__["_workbench_section_end"] = end
    if end is not None:
        end.addprevious(element)
    else:
        body.append(element)
    result = Paragraph(element, doc._body)
    if text:
        result.add_run(text)
    return result
