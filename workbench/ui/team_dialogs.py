"""The reports of team work: what a REFI-QDA import brought in and left out, what a merge matched.

``RefiReportDialog(report, parent)``: per kind, found vs imported vs skipped, then a table of
every skipped item with its reason, then the notes. ``MergeReportDialog(report, parent)``: added
and matched rows per kind, a table of the conflicts to decide (every file's value and the value
kept), then the notes. Both are plain read-only dialogs; the tables can be copied (Ctrl+C).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..exchange.merge import MergeReport
from ..exchange.refi import RefiReport
from ..i18n import tr


# The REFI report counts found/done in plural kinds and names a skipped item's kind in the
# singular ("selection" is a coding); both are shown on one row.
_PLURAL = {"code": "codes", "source": "sources", "coding": "codings", "selection": "codings",
           "selections": "codings", "case": "cases", "note": "notes", "link": "links",
           "set": "sets", "file": "files", "user": "users", "element": "elements",
           "memo": "memos", "coder": "coders", "period": "periods",
           "interaction": "interactions"}


def kind_key(kind: str) -> str:
    return _PLURAL.get(kind, kind)


def kind_label(kind: str) -> str:
    """A readable name for the kinds the exchange code counts (unknown kinds as they are)."""
    names = {"codes": tr("Codes"), "sources": tr("Sources"), "codings": tr("Codings"),
             "cases": tr("Cases"), "notes": tr("Memos"), "memos": tr("Memos"),
             "elements": tr("Elements"), "links": tr("Links"), "sets": tr("Sets"),
             "files": tr("Files"), "users": tr("Coders"), "coders": tr("Coders"),
             "periods": tr("Periods"), "interactions": tr("Interactions")}
    return names.get(kind_key(kind), kind)


def make_table(headers: list[str], rows: list[list[str]], parent: QWidget,
               stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(str(text))
            item.setToolTip(str(text))
            if c > 0 and str(text).isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if headers:  # long reasons wrap (their full text is also the tooltip)
        header.setMaximumSectionSize(420)

    def copy() -> None:
        picked = sorted({i.row() for i in table.selectedIndexes()}) or range(table.rowCount())
        lines = ["\t".join(table.item(r, c).text() for c in range(table.columnCount()))
                 for r in picked]
        QGuiApplication.clipboard().setText("\n".join(lines))

    QShortcut(QKeySequence.StandardKey.Copy, table, copy)
    return table


class _ReportDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 560)
        self.layout_ = QVBoxLayout(self)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        for table in self.findChildren(QTableWidget):  # rows fit their text once laid out
            table.resizeRowsToContents()

    def add_label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(label)
        return label

    def finish(self, notes: list[str]) -> None:
        if notes:
            self.add_label(tr("Notes:") + "\n" + "\n".join(f"• {n}" for n in notes))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.layout_.addWidget(buttons)


class RefiReportDialog(_ReportDialog):
    """What a REFI-QDA import found, imported and left out (with each reason)."""

    def __init__(self, report: RefiReport, new_path: Path, parent: QWidget | None = None):
        super().__init__(tr("Import REFI-QDA project"), parent)
        self.report = report
        origin = f" ({report.origin})" if report.origin else ""
        self.add_label(tr("{name}{origin} was read into the new project {path}.",
                          name=Path(report.path).name, origin=origin, path=new_path))
        found: dict[str, list[int]] = {}  # kind → [found, imported, skipped]
        for table, column in ((report.found, 0), (report.done, 1)):
            for kind, n in table.items():
                found.setdefault(kind_key(kind), [0, 0, 0])[column] += n
        for item in report.skipped:
            found.setdefault(kind_key(item.kind), [0, 0, 0])[2] += 1
        self.count_rows = [[kind_label(k), *map(str, n)] for k, n in found.items()]
        self.counts = make_table([tr("Kind"), tr("Found"), tr("Imported"), tr("Skipped")],
                                 self.count_rows, self, stretch=0)
        self.counts.setObjectName("counts")
        self.layout_.addWidget(self.counts, 1)
        self.add_label(tr("Left out ({count}):", count=len(report.skipped)) if report.skipped
                       else tr("Nothing was left out."))
        self.skipped = make_table([tr("Kind"), tr("Name"), tr("Reason")],
                                  [[kind_label(s.kind), s.name, s.reason]
                                   for s in report.skipped], self)
        self.skipped.setObjectName("skipped")
        self.skipped.setVisible(bool(report.skipped))
        self.layout_.addWidget(self.skipped, 2)
        self.finish(list(report.notes))


class MergeReportDialog(_ReportDialog):
    """What a merge added and matched, and the conflicts to decide."""

    def __init__(self, report: MergeReport, parent: QWidget | None = None):
        super().__init__(tr("Merge projects"), parent)
        self.report = report
        self.add_label(tr("Merged {count} files into {path}.", count=len(report.inputs),
                          path=report.output))
        kinds = list(dict.fromkeys([*report.added, *report.matched]))
        self.count_rows = [[kind_label(k), str(report.added.get(k, 0)),
                            str(report.matched.get(k, 0))] for k in kinds]
        self.counts = make_table([tr("Kind"), tr("Added"), tr("Matched")], self.count_rows, self,
                                 stretch=0)
        self.counts.setObjectName("counts")
        self.layout_.addWidget(self.counts, 1)
        if report.conflicts:
            self.add_label(tr("Conflicts to decide ({count}); the merged file keeps the value "
                              "of the first file:", count=len(report.conflicts)))
        else:
            self.add_label(tr("No conflicts."))
        rows = [[kind_label(c.kind), c.name, c.field,
                 "\n".join(f"{name}: {value}" for name, value in c.values.items()),
                 c.kept or tr("(kept twice)")] for c in report.conflicts]
        self.conflicts = make_table([tr("Kind"), tr("Name"), tr("Field"), tr("Values"),
                                     tr("Kept")], rows, self)
        self.conflicts.setObjectName("conflicts")
        self.conflicts.resizeRowsToContents()
        self.conflicts.setVisible(bool(report.conflicts))
        self.layout_.addWidget(self.conflicts, 2)
        self.finish(list(report.notes))
