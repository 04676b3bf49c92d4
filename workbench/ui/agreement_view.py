"""``AgreementDialog``: intercoder agreement per element, and where two coders' codings differ.

Figures tab: coder A and coder B (or all coders), the unit (characters, or segments with an
overlap fraction), a table per element and overall (analysis/agreement.py; "—" for undefined,
with the reason as tooltip) and a short explanation of each figure (docs/AGREEMENT.md).
Comparison tab (two coders): a source's text with A's codings on a blue background, B's
underlined in orange, and the characters where they differ (coded by one only, or to other
elements) in bold red; a list of those spans, a click scrolls to one and selects it.
Positions: ``disagreement_spans`` counts code points; the document is converted with offsets.py.
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout,
                               QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QSplitter,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ..analysis.agreement import AgreementReport, Row, agreement
from ..core import WorkbenchError
from ..i18n import tr
from .errors import reported
from .offsets import OffsetMap, for_document
from .team_dialogs import make_table

if TYPE_CHECKING:
    from ..core import Coding, Project

A_COLOR, B_COLOR, DIFF_COLOR = QColor("#cfe2ff"), QColor("#e8820c"), QColor("#c62828")


@dataclass(frozen=True)
class Span:
    start: int  # code points, half-open
    end: int
    a: frozenset[str]  # element paths coder A applied here
    b: frozenset[str]

    @property
    def differs(self) -> bool:
        return self.a != self.b


def disagreement_spans(codings: list["Coding"], coder_a: str, coder_b: str,
                       paths: dict[int, str]) -> list[Span]:
    """Maximal ranges with the same elements per coder, where at least one coder coded."""
    events: dict[int, list[tuple[int, tuple[str, str]]]] = defaultdict(list)
    for c in codings:
        if c.start is not None and c.end > c.start and c.coder in (coder_a, coder_b):
            key = (c.coder, paths.get(c.element_id, c.element_name))
            events[c.start].append((1, key))
            events[c.end].append((-1, key))
    cuts, active = sorted(events), Counter()  # a sweep: (coder, element) → codings covering
    spans: list[Span] = []
    for start, end in zip(cuts, cuts[1:]):
        for step, key in events[start]:
            active[key] += step
        a = frozenset(p for (who, p), n in active.items() if n > 0 and who == coder_a)
        b = frozenset(p for (who, p), n in active.items() if n > 0 and who == coder_b)
        if not a and not b:
            continue
        if spans and spans[-1].end == start and (spans[-1].a, spans[-1].b) == (a, b):
            spans[-1] = Span(spans[-1].start, end, a, b)
        else:
            spans.append(Span(start, end, a, b))
    return spans


def figure(value: float | None, why: str) -> QTableWidgetItem:
    item = QTableWidgetItem("—" if value is None else f"{value:.3f}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setToolTip(why if value is None else "")
    return item


class AgreementDialog(QDialog):
    def __init__(self, project: "Project", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report: AgreementReport | None = None
        self.spans: list[Span] = []
        self.setWindowTitle(tr("Intercoder agreement"))
        self.resize(900, 640)
        coders = sorted({c.coder for c in project.codings.list() if c.start is not None})
        self.coder_a, self.coder_b = QComboBox(self), QComboBox(self)
        self.coder_a.addItems(coders)
        self.coder_b.addItems([tr("(all coders)"), *coders])  # item 0: all coders at once
        self.coder_b.setCurrentIndex(2 if len(coders) > 1 else 0)
        self.unit = QComboBox(self)
        self.unit.addItem(tr("Characters (each one a unit)"), "char")
        self.unit.addItem(tr("Segments (coded passages)"), "segment")
        self.overlap = QDoubleSpinBox(self)
        self.overlap.setRange(0.05, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(0.5)
        self.overlap.setToolTip(tr("Two codings form one segment when their overlap is at least "
                                   "this share of their union."))
        form = QFormLayout()
        form.addRow(tr("Coder A:"), self.coder_a)
        form.addRow(tr("Coder B:"), self.coder_b)
        unit_row = QHBoxLayout()
        for widget in (self.unit, QLabel(tr("Overlap:"), self), self.overlap):
            unit_row.addWidget(widget)
        unit_row.addStretch(1)
        form.addRow(tr("Unit:"), unit_row)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = make_table([], [], self)
        self.table.setObjectName("figures")
        explain = QLabel(self._explanation(), self)
        explain.setWordWrap(True)
        figures = QWidget(self)
        box = QVBoxLayout(figures)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(explain)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(figures, tr("Figures"))
        self.tabs.addTab(self._comparison(), tr("Comparison"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        for combo in (self.coder_a, self.coder_b, self.unit):
            combo.currentIndexChanged.connect(self.recompute)
        self.overlap.valueChanged.connect(self.recompute)
        self.recompute()

    # ----- figures ----------------------------------------------------------------------------
    @staticmethod
    def _explanation() -> str:
        return "<br>".join([
            tr("<b>Percent agreement</b>: the share of units on which the coders gave the same "
               "answer (coded with this element or not); it ignores agreement by chance."),
            tr("<b>Cohen's kappa</b>: agreement corrected for the agreement expected by chance "
               "from how often each coder used the element; 1 is perfect, 0 is chance level "
               "(three or more coders: the mean over pairs)."),
            tr("<b>Krippendorff's alpha</b> (nominal): 1 minus observed over expected "
               "disagreement, over all coders at once; 1 is perfect, 0 is chance level."),
            tr("Characters nobody coded count as agreement on “not coded”. “—” means the figure "
               "is undefined; hover over it to see why.")])

    def refresh(self, change=None) -> None:
        """As the window's parts: recompute after codings, elements or sources changed."""
        if change is None or {"codings", "elements", "sources"} & set(change.tables):
            self.recompute()

    def coders(self) -> list[str] | None:
        if self.coder_b.currentIndex() <= 0:
            return None
        return [self.coder_a.currentText(), self.coder_b.currentText()]

    def recompute(self) -> None:
        segment = self.unit.currentData() == "segment"
        self.overlap.setEnabled(segment)
        coders = self.coders()
        self.tabs.setTabEnabled(1, coders is not None)
        if coders is not None and coders[0] == coders[1]:
            self._show(None, tr("Choose two different coders."))
            return
        try:  # a choice that gives no figures is said in the window, not in a message box
            report = agreement(self.project, coders, unit=self.unit.currentData(),
                               overlap=round(self.overlap.value(), 2))
        except WorkbenchError as exc:
            self._show(None, str(exc))
            self._fill_sources()
            return
        self._show(report, tr("Coders: {coders}; {count} sources compared (those every "
                              "coder has coded).", coders=", ".join(report.coders),
                              count=len(report.sources)))
        with reported(self):
            self._fill_sources()

    def _show(self, report: AgreementReport | None, summary: str) -> None:
        self.report = report
        self.summary.setText(summary)
        two = report is not None and len(report.coders) == 2
        headers = [tr("Element"), tr("Units"), tr("Percent agreement"), tr("Cohen's kappa"),
                   tr("Krippendorff's alpha")]
        if two:
            headers += [tr("Both"), tr("Only {name}", name=report.coders[0]),
                        tr("Only {name}", name=report.coders[1]), tr("Neither")]
        rows: list[Row] = [] if report is None else [*report.elements, report.overall]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            cells = [QTableWidgetItem(row.path), QTableWidgetItem(str(row.units)),
                     figure(row.percent, tr("Undefined: there are no units to compare.")),
                     figure(row.kappa, tr("Undefined: the coders each gave one constant answer "
                                          "(e.g. nobody used this element), so agreement by "
                                          "chance is already 1.")),
                     figure(row.alpha, tr("Undefined: every rating is the same, so there is "
                                          "no variation to measure."))]
            if two:
                cells += [QTableWidgetItem(str(v)) for v in row.counts.values()]
            for c, item in enumerate(cells):
                if row is report.overall:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    # ----- comparison ---------------------------------------------------------------------------
    def _comparison(self) -> QWidget:
        page = QWidget(self)
        self.source = QComboBox(page)
        self.source.currentIndexChanged.connect(self.show_source)
        self.legend = QLabel(page)
        self.text = QPlainTextEdit(page)
        self.text.setReadOnly(True)
        self.text.setObjectName("comparison")
        self.list = QListWidget(page)
        self.list.setObjectName("disagreements")
        self.list.currentRowChanged.connect(self.go_to)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(self.text)
        split.addWidget(self.list)
        split.setSizes([600, 300])
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Source:"), page))
        top.addWidget(self.source, 1)
        top.addWidget(self.legend)
        box = QVBoxLayout(page)
        box.addLayout(top)
        box.addWidget(split, 1)
        return page

    def _fill_sources(self) -> None:
        current = self.source.currentData()
        self.source.blockSignals(True)  # one show_source at the end, not one per item
        self.source.clear()
        for source_id in self.report.sources if self.report else []:
            self.source.addItem(self.project.sources.get(source_id).title, source_id)
        index = max(0, self.source.findData(current))
        self.source.setCurrentIndex(index)
        self.source.blockSignals(False)
        self.show_source()

    def show_source(self, *_args) -> None:
        source_id, coders = self.source.currentData(), self.coders()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        self.text.clear()
        self.spans = []
        if source_id is None or coders is None:
            return
        a, b = (html.escape(name) for name in coders)
        self.legend.setText(f"<span style='background:{A_COLOR.name()}'>&nbsp;{a}&nbsp;</span> "
                            f"<u style='color:{B_COLOR.name()}'>{b}</u> <b style='color:"
                            f"{DIFF_COLOR.name()}'>{html.escape(tr('they differ'))}</b>")
        a, b = coders
        text = self.project.sources.text(source_id)
        paths = {e.id: e.path for e in self.project.elements.list()}
        every = disagreement_spans(self.project.codings.list(source_id=source_id), a, b, paths)
        self._offsets = OffsetMap(text)
        self.text.setPlainText(for_document(text))
        cursor = QTextCursor(self.text.document())
        for span in every:
            fmt = QTextCharFormat()
            if span.a:
                fmt.setBackground(A_COLOR)
            if span.b:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(B_COLOR)
            if span.differs:
                fmt.setForeground(DIFF_COLOR)
                fmt.setFontWeight(QFont.Weight.Bold)
            start, end = self._offsets.range_to_utf16(span.start, span.end)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        self.spans = [s for s in every if s.differs]
        for span in self.spans:
            quote = text[span.start:span.end].replace("\n", " ")
            quote = quote if len(quote) <= 40 else quote[:39] + "…"
            none = tr("(nothing)")
            item = QListWidgetItem(tr("{start}–{end} “{quote}”\n{a}: {a_elements}\n{b}: "
                                      "{b_elements}", start=span.start, end=span.end,
                                      quote=quote, a=a, b=b,
                                      a_elements=", ".join(sorted(span.a)) or none,
                                      b_elements=", ".join(sorted(span.b)) or none))
            self.list.addItem(item)

    def go_to(self, row: int) -> None:
        if not 0 <= row < len(self.spans):
            return
        start, end = self._offsets.range_to_utf16(self.spans[row].start, self.spans[row].end)
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
