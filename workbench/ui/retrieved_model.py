"""The rows of Analysis ▸ Retrieve as a Qt model: a page of rows at a time (``fetchMore``, as the
table scrolls), each row's context cut from its source's text when its page is first needed —
so 21,000 passages cost one query and the first screenful, not 21,000 rows of widgets."""
from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from ..analysis.retrieval import Retrieved, with_context
from ..core import Project
from ..i18n import tr
from .region_thumbnails import RegionThumbnails

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 100  # rows handed to the view at a time; a screen shows about twenty


def passage_html(row: Retrieved, muted: str = "#888888") -> str:
    """Left context muted, the quote bold, right context muted (escaped, one paragraph)."""
    if row.start is None:
        return f"<i>{html.escape(tr('[image region]'))}</i>"

    def flat(text: str) -> str:
        return html.escape(" ".join(text.split()))
    return (f"<span style='color:{muted}'>…{flat(row.left)}</span><b>{flat(row.quote)}</b>"
            f"<span style='color:{muted}'>{flat(row.right)}…</span>")


class RetrievedModel(QAbstractTableModel):
    """Source, date, element and passage of each retrieved row; ``rowCount`` grows a page at a
    time up to ``len(rows)``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._rows: list[Retrieved] = []  # all of them, without context
        self._shown: list[Retrieved] = []  # the rows handed to the view, with their context
        self._texts: dict[int, str] = {}
        self._context, self._muted = 40, "#888888"
        self.thumbnails = RegionThumbnails()  # a coded region's picture beside its source

    def set_project(self, project: Project | None) -> None:
        self.beginResetModel()
        self._project, self._rows, self._shown, self._texts = project, [], [], {}
        self.thumbnails.set_project(project)
        self.endResetModel()

    def set_rows(self, rows: list[Retrieved], *, context: int, muted: str) -> None:
        self.beginResetModel()
        self._rows, self._shown, self._texts = rows, [], {}  # the texts may have changed
        self._context, self._muted = context, muted
        self._load(PAGE)
        self.endResetModel()

    def _load(self, count: int) -> None:
        """Cut the context of the next ``count`` rows, reading their sources' texts at once."""
        page = self._rows[len(self._shown):len(self._shown) + count]
        if self._project is not None and self._context > 0:
            need = {r.source_id for r in page if r.start is not None} - set(self._texts)
            if need:
                self._texts.update(self._project.dictionary.texts(need))
        self._shown.extend(with_context(r, self._texts.get(r.source_id), self._context)
                           if self._context > 0 else r for r in page)

    # ----- the model -----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._shown) < len(self._rows)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:
        if parent.isValid():
            return
        first = len(self._shown)
        count = min(PAGE, len(self._rows) - first)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), first, first + count - 1)
        self._load(count)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Source"), tr("Date"), tr("Element"), tr("Passage"))[section]
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        row, column = self._shown[index.row()], index.column()
        if role == ID_ROLE:
            return row.coding_id
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and row.rect is not None:
            return self.thumbnails.pixmap(row.source_id, row.rect, row.page)
        if role == Qt.ItemDataRole.DisplayRole:
            if column < 3:
                return (row.source_title, row.date or "", row.element)[column]
            return (f"…{row.left}{row.quote}{row.right}…" if row.start is not None
                    else tr("[image region]"))
        if column == 3 and role == HTML_ROLE:
            return passage_html(row, self._muted)
        if column == 3 and role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(row.cases)
        return None
