"""The intercoder-agreement section of the report: percent agreement, Cohen's kappa and
Krippendorff's alpha per element and overall, at character level (docs/AGREEMENT.md).

The report calls :func:`write_agreement_section` only when two or more coders have coded. The
section is a heading, one sentence saying how the figures were computed, and a three-line table
with its numbered caption above; undefined figures are "—". When the coders share no text source
the section says so in a sentence instead of printing an empty table.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .styles import body
from .tables import three_line_table

if TYPE_CHECKING:
    from .sections import Context

UNDEFINED = "—"
WORDS = {
    "zh": {
        "caption": "编码者间一致性（字符层面）", "element": "要素", "units": "字符数",
        "percent": "百分比一致性", "kappa": "Cohen's κ", "alpha": "Krippendorff's α",
        "overall": "全部要素", "sep": "、",
        "method": "本表比较编码者{coders}在其共同编码的 {sources} 份文本资料上的编码，以字符为"
                  "分析单位：对每个要素，判断每位编码者是否将该要素编码到每个字符（任何编码者都"
                  "未编码的字符计为一致的“否”）；百分比一致性为两位编码者评定相同的字符所占比例"
                  "（多于两位编码者时取两两平均），Cohen's κ 为 (p_o − p_e)/(1 − p_e)（多于两位"
                  "编码者时取两两平均，即 Light's κ），Krippendorff's α 按名义尺度计算；“全部要素”"
                  "一行合并所有要素的评定计算，“—”表示该系数无定义（如所有评定相同）。",
        "none": "编码者{coders}没有共同编码的文本资料，无法计算编码者间一致性。",
    },
    "en": {
        "caption": "Intercoder agreement (character level)", "element": "Element",
        "units": "Characters", "percent": "Percent agreement", "kappa": "Cohen's κ",
        "alpha": "Krippendorff's α", "overall": "All elements", "sep": ", ",
        "method": "The table compares the codings of {coders} on the {sources} text sources "
                  "they all coded, with the character as the unit: for each element, every coder "
                  "rates every character yes or no according to whether one of the coder's "
                  "codings of the element covers it (characters nobody coded count as agreement "
                  "on no); percent agreement is the share of characters rated alike by a pair of "
                  "coders, Cohen's κ is (p_o − p_e)/(1 − p_e) and Krippendorff's α is computed "
                  "at the nominal level, both averaged over pairs of coders where there are more "
                  "than two (Light's κ for kappa); the row “All elements” pools the ratings of "
                  "every element, and “—” marks a figure that is undefined (e.g. all ratings "
                  "the same).",
        "none": "{coders} have no text source that all of them coded, so their agreement "
                "cannot be computed.",
    },
}


def coders_who_coded(ctx: "Context") -> list[str]:
    return sorted({coding.coder for coding in ctx.facts.codings})


def applies(ctx: "Context") -> bool:
    """The section makes sense only with two coders or more."""
    return len(coders_who_coded(ctx)) >= 2


def figure(value: float | None, as_percent: bool = False) -> str:
    if value is None:
        return UNDEFINED
    return f"{value * 100:.1f}%" if as_percent else f"{value:.3f}"


def write_agreement_section(ctx: "Context") -> bool:
    """Heading, method sentence and table (or a sentence when nothing can be compared)."""
    from ...analysis.agreement import agreement
    from ...core.errors import InvalidInputError

    if not applies(ctx):
        return False
    w = WORDS["zh" if ctx.zh else "en"]
    coders = coders_who_coded(ctx)
    names = w["sep"].join(coders) if ctx.zh else " and ".join(
        [", ".join(coders[:-1]), coders[-1]])
    ctx.heading(ctx.words["agreement"], level=1)
    try:
        report = agreement(ctx.project, coders, unit="char")
    except InvalidInputError:  # text codings by fewer than two coders, or no common source
        body(ctx.doc, w["none"].format(coders=names))
        return True
    body(ctx.doc, w["method"].format(coders=names, sources=len(report.sources)))
    rows = [[row.path.replace("/", " / "), row.units, figure(row.percent, True),
             figure(row.kappa), figure(row.alpha)] for row in report.elements]
    overall = report.overall
    rows.append([w["overall"], overall.units, figure(overall.percent, True),
                 figure(overall.kappa), figure(overall.alpha)])
    three_line_table(ctx.doc, ctx.numbering, w["caption"],
                     [w["element"], w["units"], w["percent"], w["kappa"], w["alpha"]], rows,
                     numeric=range(1, 5))
    return True
