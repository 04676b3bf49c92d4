"""The right-click menu of the document views (text and image share it).

On a coding: remove it, change its element, edit its memo, fit it to the current selection.
With a selection: "Code to" an element, and in-vivo coding (text). Several codings under the
pointer each get a submenu named by their element. Actions carry object names
("remove:<coding>", "element:<coding>:<element>", "memo:<coding>", "resize:<coding>",
"code:<element>", "invivo", "copy") so tests and scripts can find them without the labels.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QWidget

from ..core import Coding, Element
from ..i18n import tr

_icons: dict[str, QIcon] = {}


class ViewerHost(Protocol):
    """What the views ask of the viewer that owns them (implemented in source_viewer.py)."""

    def elements(self) -> list[Element]: ...
    def writable(self) -> bool: ...
    def quick_number(self, element_id: int) -> int | None: ...
    def code_selection(self, element_id: int) -> bool: ...
    def remove_coding(self, coding_id: int) -> None: ...
    def change_element(self, coding_id: int, element_id: int) -> None: ...
    def edit_memo(self, coding_id: int) -> None: ...
    def resize_to_selection(self, coding_id: int) -> None: ...
    def in_vivo(self) -> None: ...


def color_icon(color: str) -> QIcon:
    icon = _icons.get(color)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(QColor(color))
        icon = _icons[color] = QIcon(pixmap)
    return icon


def add_element_actions(menu: QMenu, elements: list[Element], host: ViewerHost, name: str,
                        on_pick: Callable[[int], object], exclude: int | None = None) -> None:
    """The element tree as nested submenus: a parent's submenu starts with the parent itself."""
    children: dict[int | None, list[Element]] = {}
    for element in elements:
        children.setdefault(element.parent_id, []).append(element)

    def action_for(target: QMenu, element: Element) -> None:
        number = host.quick_number(element.id)
        label = f"{number}  {element.name}" if number else element.name
        action = target.addAction(color_icon(element.color), label)
        action.setObjectName(f"{name}{element.id}")
        action.setEnabled(element.id != exclude)
        action.triggered.connect(lambda _=False, eid=element.id: on_pick(eid))

    def fill(target: QMenu, parent_id: int | None) -> None:
        for element in children.get(parent_id, []):
            if element.id in children:
                sub = target.addMenu(color_icon(element.color), element.name)
                action_for(sub, element)
                sub.addSeparator()
                fill(sub, element.id)
            else:
                action_for(target, element)

    fill(menu, None)
    if not elements:
        menu.addAction(tr("(no elements yet)")).setEnabled(False)


def build_menu(parent: QWidget, host: ViewerHost, codings: list[Coding], has_selection: bool,
               copy: QAction | None = None, in_vivo: bool = True) -> QMenu:
    menu = QMenu(parent)
    writable = host.writable()
    elements = host.elements() if (codings or has_selection) else []
    if has_selection:
        code_to = menu.addMenu(tr("Code to"))
        code_to.setEnabled(writable)
        add_element_actions(code_to, elements, host, "code:", host.code_selection)
        if in_vivo:
            action = menu.addAction(tr("In-vivo code"))
            action.setObjectName("invivo")
            action.setEnabled(writable)
            action.triggered.connect(host.in_vivo)
    if codings and has_selection:
        menu.addSeparator()
    for coding in codings:
        target = menu
        color = next((e.color for e in elements if e.id == coding.element_id), "#999999")
        if len(codings) > 1:
            target = menu.addMenu(color_icon(color), coding.element_name)
        else:
            header = menu.addAction(color_icon(color),
                                    tr("Coded to “{element}” by {coder}",
                                       element=coding.element_name, coder=coding.coder))
            header.setEnabled(False)
        remove = target.addAction(tr("Remove coding"))
        remove.setObjectName(f"remove:{coding.id}")
        remove.triggered.connect(lambda _=False, cid=coding.id: host.remove_coding(cid))
        change = target.addMenu(tr("Change element"))
        add_element_actions(change, elements, host, f"element:{coding.id}:",
                            lambda eid, cid=coding.id: host.change_element(cid, eid),
                            exclude=coding.element_id)
        memo = target.addAction(tr("Edit memo…"))
        memo.setObjectName(f"memo:{coding.id}")
        memo.triggered.connect(lambda _=False, cid=coding.id: host.edit_memo(cid))
        resize = target.addAction(tr("Fit to selection"))
        resize.setObjectName(f"resize:{coding.id}")
        resize.setEnabled(has_selection)
        resize.triggered.connect(lambda _=False, cid=coding.id: host.resize_to_selection(cid))
        for action in (remove, memo, resize):
            action.setEnabled(action.isEnabled() and writable)
        change.setEnabled(writable)
    if copy is not None:
        menu.addSeparator()
        menu.addAction(copy)
    return menu
