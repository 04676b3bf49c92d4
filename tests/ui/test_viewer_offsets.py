"""Code points ↔ UTF-16 at the UI boundary, checked against Python's own UTF-16 encoder and a
real QTextDocument, with 𠮷 (U+20BB7), emoji, CJK and newlines."""
from __future__ import annotations

import random

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from workbench.ui.offsets import OffsetMap, for_document, utf16_length
from workbench.ui.span_index import Span, SpanIndex

TEXT = "政府𠮷野家\n协同 data 😀 共享。\n\n最后一段𠮷😀x"


def utf16_of(text: str, cp: int) -> int:  # independent of the module under test
    return len(text[:cp].encode("utf-16-le")) // 2


def test_every_position_converts_both_ways():
    offsets = OffsetMap(TEXT)
    assert offsets.length16 == utf16_length(TEXT) == len(TEXT.encode("utf-16-le")) // 2
    for cp in range(len(TEXT) + 1):
        u16 = utf16_of(TEXT, cp)
        assert offsets.to_utf16(cp) == u16
        assert offsets.to_code_point(u16) == cp


def test_a_position_inside_a_surrogate_pair_rounds_to_the_character():
    offsets = OffsetMap(TEXT)
    cp = TEXT.index("𠮷")
    inside = utf16_of(TEXT, cp) + 1
    assert offsets.to_code_point(inside) == cp
    assert offsets.to_code_point(inside, round_up=True) == cp + 1
    assert offsets.range_to_code_points(inside, inside) == (cp, cp + 1)


def test_text_without_astral_characters_needs_no_table():
    offsets = OffsetMap("纯中文文本\n没有扩展字符")
    assert offsets.is_identity
    assert offsets.to_utf16(7) == 7 and offsets.to_code_point(7) == 7


def test_document_positions_are_utf16_offsets_of_the_text(qtbot):
    offsets = OffsetMap(TEXT)
    for document in (QTextDocument(), None):
        if document is None:  # the same through QPlainTextEdit.setPlainText
            edit = QPlainTextEdit()
            qtbot.addWidget(edit)
            edit.setPlainText(TEXT)
            document = edit.document()
        else:
            QTextCursor(document).insertText(for_document(TEXT))
        assert document.characterCount() - 1 == utf16_length(TEXT)
        for cp, char in enumerate(TEXT):
            cursor = QTextCursor(document)
            cursor.setPosition(offsets.to_utf16(cp))
            cursor.setPosition(offsets.to_utf16(cp + 1), QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText() == ("\u2029" if char == "\n" else char)
        line_starts = [0] + [i + 1 for i, ch in enumerate(TEXT) if ch == "\n"]
        block = document.begin()
        for start in line_starts:
            assert block.position() == utf16_of(TEXT, start)
            block = block.next()


def test_a_stray_carriage_return_keeps_positions():
    text = "甲\r\n乙𠮷丙"
    document = QTextDocument()
    QTextCursor(document).insertText(for_document(text))
    assert document.characterCount() - 1 == utf16_length(text)
    cursor = QTextCursor(document)
    cursor.setPosition(OffsetMap(text).to_utf16(text.index("乙")))
    cursor.setPosition(OffsetMap(text).to_utf16(len(text)), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "乙𠮷丙"


def test_span_index_finds_exactly_the_overlapping_spans():
    rng = random.Random(7)
    spans = []
    for i in range(600):
        start = rng.randrange(0, 5000)
        length = rng.choice([1, 3, 40, 300, 2500, 5000])
        spans.append(Span(start, start + length, i, i % 5))
    index = SpanIndex(spans[:300])
    for span in spans[300:]:
        index.add(span)
    for coding_id in range(0, 600, 7):
        index.remove(coding_id)
    alive = [s for s in spans if s.coding_id % 7]
    assert len(index) == len(alive)
    for _ in range(300):
        lo = rng.randrange(0, 10000)
        hi = lo + rng.choice([0, 1, 50, 400])
        expected = {s.coding_id for s in alive if s.start < max(hi, lo + 1) and s.end > lo}
        assert {s.coding_id for s in index.overlapping(lo, hi)} == expected


def test_span_index_knows_which_elements_it_holds_through_adds_moves_and_removals():
    index = SpanIndex([Span(0, 5, 1, 10), Span(3, 9, 2, 20), Span(4, 6, 3, 20)])
    assert index.element_ids() == {10, 20}
    index.add(Span(0, 5, 1, 30))  # coding 1 moved to element 30
    assert index.element_ids() == {20, 30}
    index.remove(2)
    assert index.element_ids() == {20, 30}
    index.remove(3)
    index.remove(3)  # twice: nothing more
    assert index.element_ids() == {30}
    index.remove(1)
    assert index.element_ids() == set() and len(index) == 0
