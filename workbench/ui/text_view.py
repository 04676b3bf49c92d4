"""``TextSourceView``: the fixed text of a source, its coded passages and the ways to code more.

A read-only QPlainTextEdit (it lays out only what is shown, so a 1,000,000-character source opens
in a blink), with the coding stripes in a margin, tooltips naming a passage's elements, keys 1–9
for the quick elements, a right-click menu and dragging a selection onto the element tree.
Positions: the core counts code points, the document UTF-16 units; every conversion goes through
the source's :class:`OffsetMap`. The view only shows and asks; the viewer (its ``host``) acts.
"""
from __future__ import annotations

import html
import json

from PySide6.QtCore import QEvent, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (QAction, QFont, QKeyEvent, QKeySequence, QResizeEvent, QTextCursor,
                           QTextLine, QTextOption)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QToolTip, QWidget

from ..core import Coding
from ..i18n import tr
from .coding_menu import ViewerHost, build_menu
from .highlighter import CodingHighlighter
from .offsets import OffsetMap, for_document, selected_plain_text
from .span_index import Span, SpanIndex
from .text_margin import CodingMargin

SELECTION_MIME = "application/x-workbench-selection"
READING_WIDTH_EM = 44  # longest comfortable line, in CJK characters
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class TextSourceView(QPlainTextEdit):
    quickKeyPressed = Signal(int)   # 1–9
    codingClicked = Signal(int)     # the user picked a highlighted passage

    def __init__(self, host: ViewerHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self.source_id: int | None = None
        self._text = ""
        self._offsets = OffsetMap("")
        self._codings: dict[int, Coding] = {}
        self._press: QPoint | None = None
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Chinese has no spaces: break anywhere when a word does not fit.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.font())  # the application's font stack (with its CJK family), larger
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        document = self.document()
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(14)
        self.highlighter = CodingHighlighter(document)
        self.margin = CodingMargin(self)
        self.updateRequest.connect(self._scroll_margin)
        self.copy_action = QAction(tr("Copy"), self)
        self.copy_action.setObjectName("copy")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(self.copy)
        self._layout_margins()

    # ----- content ---------------------------------------------------------------------------
    def load(self, source_id: int, text: str, codings: list[Coding],
             colors: dict[int, str]) -> None:
        """Show a source; the index is ready before the text goes in, so every block is
        highlighted once, as it is inserted."""
        self.source_id = source_id
        self._text = text
        self._offsets = OffsetMap(text)
        self._codings = {c.id: c for c in codings if c.start is not None}
        self.highlighter.set_index(SpanIndex(self._span(c) for c in self._codings.values()))
        self.highlighter.set_colors(colors, self.palette().base().color())
        document = self.document()
        document.clear()
        QTextCursor(document).insertText(for_document(text))
        self.setTextCursor(QTextCursor(document))  # start of the text, nothing selected
        self.verticalScrollBar().setValue(0)
        self._update_lanes()

    def _span(self, coding: Coding) -> Span:
        start, end = self._offsets.range_to_utf16(coding.start, coding.end)
        return Span(start, end, coding.id, coding.element_id)

    def apply_delta(self, removed: list[int], upserted: list[Coding]) -> None:
        """Codings removed or added/changed: update the index, redraw only their blocks."""
        index, dirty = self.highlighter.index, []
        for coding_id in removed:
            self._codings.pop(coding_id, None)
            span = index.remove(coding_id)
            if span is not None:
                dirty.append(span)
        for coding in upserted:
            if coding.start is None:
                continue
            self._codings[coding.id] = coding
            new, old = self._span(coding), index.get(coding.id)
            if new != old:  # a memo edit changes no highlight
                index.add(new)
                dirty += [s for s in (old, new) if s is not None]
        if dirty:
            self._rehighlight(dirty)
            self._update_lanes()

    def _rehighlight(self, spans: list[Span]) -> None:
        """Redo the highlights of the blocks ``spans`` touch and repaint only those on screen,
        and the margin from the first of them down (names below may move). Qt's plain-text
        layout repaints the whole viewport for any change of a block's formats; ours change
        colours and underlines only, never a line's height, so its repaint is held back."""
        layout = self.document().documentLayout()
        blocked = layout.blockSignals(True)
        try:
            for span in spans:
                self.highlighter.rehighlight_range(span.start, span.end)
        finally:
            layout.blockSignals(blocked)
        viewport, offset = self.viewport(), self.contentOffset()
        first_top = None
        block = self.firstVisibleBlock()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > viewport.height():
                break
            start, end = block.position(), block.position() + block.length()
            if any(s.start < end and (start < s.end or s.start == start) for s in spans):
                viewport.update(geo.toAlignedRect().adjusted(0, -1, 0, 1))
                first_top = geo.top() if first_top is None else first_top
            block = block.next()
        if first_top is not None:
            top = max(int(first_top) - 1, 0)
            self.margin.update(0, top, self.margin.width(), self.margin.height() - top)

    def set_colors(self, colors: dict[int, str]) -> None:
        self.highlighter.set_colors(colors, self.palette().base().color())
        self.highlighter.rehighlight()  # a colour change shows everywhere: the one full redraw
        self._update_lanes()
        self.margin.update()

    def _update_lanes(self) -> None:
        used = self.highlighter.index.element_ids()
        order = [e.id for e in self._host.elements() if e.id in used]
        order += sorted(used - set(order))
        if self.margin.set_lanes(order):
            self._layout_margins()

    # ----- positions and selection (code points outside, UTF-16 inside) ----------------------
    def selection_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._offsets.range_to_code_points(cursor.selectionStart(),
                                                        cursor.selectionEnd())
        return (start, end) if end > start else None

    def selected_text(self) -> str:
        found = self.selection_range()
        return self._text[found[0]:found[1]] if found else ""

    def select_range(self, start: int, end: int) -> None:
        """Select text[start:end] (code points) and bring it into view."""
        cursor = QTextCursor(self.document())
        a, b = self._offsets.range_to_utf16(start, end)
        cursor.setPosition(min(a, self.document().characterCount() - 1))
        cursor.setPosition(min(b, self.document().characterCount() - 1),
                           QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def char_at(self, point: QPoint) -> int | None:
        """UTF-16 position of the character under a viewport point (None: no character)."""
        block = self.cursorForPosition(point).block()
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        layout = block.layout()
        x, y = point.x() - geo.left(), point.y() - geo.top()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                if not line.x() <= x <= line.x() + line.naturalTextWidth():
                    return None
                column = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
                return block.position() + min(column, max(block.length() - 2, 0))
        return None

    def code_point_at(self, point: QPoint) -> int | None:
        """Code-point position of the character under a viewport point (None: no character)."""
        position = self.char_at(point)
        return None if position is None else self._offsets.to_code_point(position)

    def codings_at(self, position: int | None) -> list[Coding]:
        """The codings covering a UTF-16 position, innermost first."""
        if position is None:
            return []
        spans = sorted(self.highlighter.index.overlapping(position, position + 1),
                       key=lambda s: (s.length, -s.coding_id))
        return [self._codings[s.coding_id] for s in spans if s.coding_id in self._codings]

    def element_name_of(self, coding_id: int) -> str:
        coding = self._codings.get(coding_id)
        return coding.element_name if coding is not None else ""

    def tooltip_for(self, spans: list[Span]) -> str:
        rows = []
        for span in sorted(spans, key=lambda s: (s.length, -s.coding_id)):
            coding = self._codings.get(span.coding_id)
            if coding is None:
                continue
            color = self.highlighter.color_of(coding.element_id).name()
            row = (f"<span style='color:{color}'>■</span> <b>{html.escape(coding.element_name)}"
                   f"</b> · {html.escape(coding.coder)}")
            if coding.memo:
                row += f"<br/><i>{html.escape(coding.memo).replace(chr(10), '<br/>')}</i>"
            rows.append(row)
        return "<br/>".join(rows)

    def tooltip_at(self, point: QPoint) -> str:
        position = self.char_at(point)
        if position is None:
            return ""
        return self.tooltip_for(self.highlighter.index.overlapping(position, position + 1))

    def activate_coding(self, coding_id: int, select: bool = False) -> None:
        """Emphasise a coding (the user picked it), optionally selecting its text."""
        coding = self._codings.get(coding_id)
        if coding is None:
            return
        self.highlighter.set_emphasis(coding_id)
        self.margin.update()
        if select:
            self.select_range(coding.start, coding.end)
        self.codingClicked.emit(coding_id)

    def show_coding(self, coding_id: int) -> None:
        """Scroll to, select and emphasise a coding (jumping from elsewhere: no signal)."""
        coding = self._codings.get(coding_id)
        if coding is not None:
            self.highlighter.set_emphasis(coding_id)
            self.select_range(coding.start, coding.end)
            self.margin.update()

    # ----- events ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        number = DIGITS.get(Qt.Key(event.key()))
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if number is not None and plain == Qt.KeyboardModifier.NoModifier:
            self.quickKeyPressed.emit(number)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if (event.button() == Qt.MouseButton.LeftButton and self._press is not None
                and (point - self._press).manhattanLength() < QApplication.startDragDistance()
                and not self.textCursor().hasSelection()):
            found = self.codings_at(self.char_at(point))
            if found:
                self.activate_coding(found[0].id)
            elif self.highlighter.emphasis is not None:
                self.highlighter.set_emphasis(None)
                self.margin.update()
        self._press = None

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def build_context_menu(self, point: QPoint) -> QMenu:
        """The right-click menu at a viewport point (contextMenuEvent shows this one)."""
        self.copy_action.setText(tr("Copy"))  # the language may have changed since
        self.copy_action.setEnabled(self.textCursor().hasSelection())
        codings = self.codings_at(self.char_at(point))
        return build_menu(self, self._host, codings, self.selection_range() is not None,
                          self.copy_action)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Copy and drag carry the plain text and, for the element tree, the code-point range."""
        data = QMimeData()
        data.setText(selected_plain_text(self.textCursor().selectedText()))
        found = self.selection_range()
        if found is not None and self.source_id is not None:
            body = {"source_id": self.source_id, "start": found[0], "end": found[1]}
            data.setData(SELECTION_MIME, json.dumps(body).encode("utf-8"))
        return data

    # ----- geometry --------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout_margins()

    def _layout_margins(self) -> None:
        """Gutter on the left; when the window is wide, centre a column of reading width (the
        column keeps its width when the gutter grows, so the text need not be laid out again)."""
        gutter = self.margin.preferred_width()
        rect = self.contentsRect()
        bar = self.verticalScrollBar().sizeHint().width()
        reading = READING_WIDTH_EM * self.fontMetrics().horizontalAdvance("中") + 28
        spare = max(0, rect.width() - bar - reading)
        side = max(0, spare // 2 - gutter)
        right = max(0, rect.width() - bar - gutter - side - reading) if spare else 0
        old_width = self.viewport().width()
        if (self.viewportMargins().left(), self.viewportMargins().right()) != (gutter + side,
                                                                              right):
            self.setViewportMargins(gutter + side, 0, right, 0)
        self.margin.setGeometry(rect.left() + side, rect.top(), gutter, rect.height())
        if self.viewport().width() != old_width:
            # QPlainTextEdit re-wraps only when the widget itself is resized: tell it.
            super().resizeEvent(QResizeEvent(self.size(), QSize(-1, -1)))

    def _scroll_margin(self, rect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        else:
            self.margin.update(0, rect.y(), self.margin.width(), rect.height())
