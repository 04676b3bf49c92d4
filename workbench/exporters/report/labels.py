"""The report's own words in Chinese and English.

The report's language is chosen per report (a Chinese thesis written with an English interface,
or the other way round), so these are not ``tr()`` strings, which follow the interface language.
"""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "report": "编码分析报告",
        "study": "研究概况", "title": "研究题目", "question": "研究问题",
        "description": "研究说明", "counts": "本项目共有资料 {sources} 份、要素 {elements} 个、"
        "编码 {codings} 条、互动关系 {interactions} 条。",
        "sources_table": "资料按类型与阶段分布（份）", "source_type": "资料类型", "total": "合计",
        "codebook": "编码手册", "codebook_table": "编码手册",
        "element": "要素", "definition": "定义", "inclusion": "纳入标准",
        "exclusion": "排除标准", "example": "示例",
        "frequencies": "编码频次",
        "by_type": "各要素编码频次（按资料类型）", "by_period": "各要素编码频次（按阶段）",
        "by_case": "各案例要素编码频次", "by_case_t": "各要素编码频次（按案例）",
        "case": "案例", "period": "阶段",
        "quotes": "编码引文", "no_quotes": "该要素尚无编码。",
        "undated": "未分阶段", "page": "第{page}页", "region": "图片区域 {x},{y},{w},{h}",
        "interactions": "要素间互动关系", "interaction_table": "要素间互动关系及证据数",
        "from": "作用方", "to": "被作用方", "type": "作用类型", "sign": "正负",
        "evidence": "证据数", "whole": "整体", "no_evidence": "（尚无证据）",
        "no_interactions": "本项目尚未记录互动关系。",
        "diagrams": "路径图", "path": "{title}的动态路径（整体）",
        "multiples": "分阶段路径图", "bars": "各要素编码频次",
        "frequency": "编码数", "agreement": "编码者间一致性",
        "table": "表", "figure": "图",
        "percent": "占比（%）", "direct": "其中直接编码", "note": "注：",
        "compiled_from": "资料来源：笔者根据本项目资料的编码结果整理。",
        "note_rollup": "一级维度的编码数含其下级要素的编码，同一段落编入多个下级要素时只计一次；"
        "“其中直接编码”为直接编入该维度本身的编码。",
        "note_overlap": "同一资料属于多个案例时，其编码在每个案例中各计一次，行合计与总计中只计一次，"
        "故各案例之和（{sum}）大于总计（{total}）。",
        "note_percent": "占比为该行合计占编码总数的百分比。",
        "no_codings_for": "以下要素尚无编码：{names}。",
        "source_list": "资料清单", "source_id": "编号", "title_short": "标题", "agency": "发文机关",
        "doc_number": "文号", "date": "日期", "url": "网址或存档", "pages": "页数",
        "captured": "存档于", "references": "参考文献",
        "evidence_table": "{arrow}的证据", "quote": "引文", "place": "页码/条款",
        "path_word": "路径", "whole_paren": "（整体）",
        "source_list_note": "注：引文后括号内的编号即本表编号；无内容的栏目从略。", "see_picture": "［截图区域，见上图］",
        "see_page_picture": "［页面区域，见上图］",
        "region_short": "［截图区域，图见编码引文］",
        "periods_table": "研究阶段划分", "span": "起止时间", "sources_n": "资料数",
        "codings_n": "编码数", "basis": "分期依据",
        "basis_note": "注：分期依据取自标题含阶段名称的项目备忘。",
        "case_profile": "案例概况", "description": "说明",
        "loops_table": "反馈回路", "loop": "回路", "loop_kind": "类型", "links": "构成环节（正负，阶段）",
        "reinforcing": "增强回路（R）", "balancing": "调节回路（B）", "across_periods": "跨阶段",
        "loops_note": "注：各环节正负号之积为正者为增强回路（R），为负者为调节回路（B）；"
        "环节属于不同阶段的回路标为“跨阶段”。",
        "memos": "研究备忘", "no_memos": "本项目尚无备忘。", "untitled": "（无标题）",
        "kind_project": "项目", "kind_source": "资料", "kind_element": "要素",
        "kind_coding": "编码", "kind_interaction": "互动关系", "kind_case": "案例",
    },
    "en": {
        "report": "Coding report",
        "study": "The study", "title": "Title", "question": "Research question",
        "description": "Description", "counts": "The project has {sources} sources, "
        "{elements} elements, {codings} codings and {interactions} interactions.",
        "sources_table": "Sources by type and period", "source_type": "Source type",
        "total": "Total",
        "codebook": "Codebook", "codebook_table": "Codebook",
        "element": "Element", "definition": "Definition", "inclusion": "Inclusion",
        "exclusion": "Exclusion", "example": "Example",
        "frequencies": "Coding frequencies",
        "by_type": "Codings per element by source type",
        "by_period": "Codings per element by period",
        "by_case": "Codings per element by case", "by_case_t": "Codings per element by case",
        "case": "Case", "period": "Period",
        "quotes": "Coded quotations", "no_quotes": "No codings for this element yet.",
        "undated": "Outside the periods", "page": "p. {page}",
        "region": "image region {x},{y},{w},{h}",
        "interactions": "Interactions between elements",
        "interaction_table": "Interactions between elements and their evidence",
        "from": "From", "to": "To", "type": "Type", "sign": "Sign", "evidence": "Evidence",
        "whole": "Whole case", "no_evidence": "(no evidence yet)",
        "no_interactions": "No interactions have been recorded yet.",
        "diagrams": "Path diagrams", "path": "The dynamic path of {title} (whole case)",
        "multiples": "Path diagram by period", "bars": "Codings per element",
        "frequency": "Codings", "agreement": "Intercoder agreement",
        "table": "Table", "figure": "Figure",
        "percent": "%", "direct": "Direct", "note": "Note: ",
        "compiled_from": "Source: compiled by the author from the coding of the project's "
                         "sources.",
        "note_rollup": "A top-level dimension counts its own codings and those of its "
        "sub-elements, a passage coded to two sub-elements once; “Direct” is the codings of the "
        "dimension itself. ",
        "note_overlap": "A source that belongs to two cases counts in each of them but once in "
        "the row totals and the grand total, so the cases add up to {sum}, more than the total "
        "({total}). ",
        "note_percent": "% is the row total as a share of all codings.",
        "no_codings_for": "No codings yet for: {names}.",
        "source_list": "Sources", "source_id": "ID", "title_short": "Title",
        "agency": "Agency", "doc_number": "Document no.", "date": "Date",
        "url": "URL or archive", "pages": "Pages", "captured": "captured",
        "references": "References",
        "evidence_table": "Evidence of {arrow}", "quote": "Quote", "place": "Page/clause",
        "path_word": "path", "whole_paren": " (whole case)",
        "source_list_note": "Note: the ID in brackets after each quote is the ID in this "
        "table; empty columns are left out.",
        "see_picture": "[screenshot region, shown above]",
        "see_page_picture": "[region of the page, shown above]",
        "region_short": "[screenshot region, shown with the quotations]",
        "periods_table": "Periods of the study", "span": "Dates", "sources_n": "Sources",
        "codings_n": "Codings", "basis": "Basis",
        "basis_note": "Note: the basis is taken from the project memos whose title names the "
        "period.",
        "case_profile": "Case profile", "description": "Description",
        "loops_table": "Feedback loops", "loop": "Loop", "loop_kind": "Kind",
        "links": "Links (sign, period)", "reinforcing": "Reinforcing (R)",
        "balancing": "Balancing (B)", "across_periods": "across periods",
        "loops_note": "Note: a loop whose signs multiply to + is reinforcing (R), to − balancing "
        "(B); a loop whose links belong to different periods is marked “across periods”.",
        "memos": "Memos", "no_memos": "The project has no memos yet.", "untitled": "(untitled)",
        "kind_project": "project", "kind_source": "source", "kind_element": "element",
        "kind_coding": "coding", "kind_interaction": "interaction", "kind_case": "case",
    },
}


def labels(language: str) -> dict[str, str]:
    return LABELS["zh" if language.startswith("zh") else "en"]
