"""The path diagram as a QGraphicsScene built from ``analysis.paths.path_graph``, and its view.

Scene coordinates are pixels with y pointing down; the project stores positions in "diagram
units" with y pointing up (what ``exporters.diagram.layout`` returns). One fixed factor converts
between them, so the arrangement saved from the screen is the arrangement the exporter draws
(it rescales uniformly to keep its boxes apart, which keeps the proportions).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from ..exporters.diagram_geometry import edge_curvature
from .diagram_items import EdgeItem, NodeItem, arc_control, entry, quad

if TYPE_CHECKING:
    import networkx as nx
    from PySide6.QtWidgets import QGraphicsSceneMouseEvent

UNIT = 90.0  # scene pixels per diagram unit (the layered layout's rows are 1 unit apart)
Positions = dict[int, tuple[float, float]]
_SHIFTS = (0.0, 0.2, -0.2, 0.35, -0.35)  # extra bends tried for an arrow that crosses a box
DIM = 0.15


def to_scene(point: tuple[float, float]) -> QPointF:
    return QPointF(point[0] * UNIT, -point[1] * UNIT)


def to_units(point: QPointF) -> tuple[float, float]:
    return (round(point.x() / UNIT, 4), round(-point.y() / UNIT, 4))


class DiagramScene(QGraphicsScene):
    edgeActivated = Signal(int)  # an arrow was clicked: interaction id
    nodesDropped = Signal()      # a drag of one or more boxes ended somewhere new

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("white"))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # items move a lot
        self.nodes: dict[int, NodeItem] = {}
        self.edges: dict[int, EdgeItem] = {}
        self._pressed: Positions = {}

    def build(self, nodes: "nx.MultiDiGraph", shown: "nx.MultiDiGraph", positions: Positions,
              font: QFont, *, active: set[int] | None = None, movable: bool = True,
              tooltips: dict[int, str] | None = None) -> None:
        """Boxes for every node of ``nodes`` at ``positions`` (units), greyed outside ``active``;
        arrows for the edges of ``shown``."""
        self.clear()
        self.nodes, self.edges = {}, {}
        for node, data in nodes.nodes(data=True):
            item = NodeItem(node, str(data.get("name", node)), data.get("color"), font,
                            active=active is None or node in active, movable=movable)
            item.setPos(to_scene(positions.get(node, (0.0, 0.0))))
            self.addItem(item)
            self.nodes[node] = item
        rads = edge_curvature(shown)
        self._bend_around_boxes(shown, rads)
        loops = self._loop_slots(shown)
        for u, v, key, data in sorted(shown.edges(keys=True, data=True), key=lambda e: e[2]):
            if u not in self.nodes or v not in self.nodes:
                continue
            edge = EdgeItem(key, self.nodes[u], self.nodes[v], sign=int(data.get("sign") or 1),
                            line_style=str(data.get("line_style") or "solid"),
                            evidence=int(data.get("evidence") or 0), rad=rads.get(key, 0.0),
                            loop=loops.get(key), tooltip=(tooltips or {}).get(key, ""))
            self.addItem(edge)
            self.edges[key] = edge
        # A snug scene: a fitted diagram shows no scroll bars (the view grows it while dragging).
        self.setSceneRect(self.itemsBoundingRect().adjusted(-40, -40, 40, 40))

    def _loop_slots(self, graph: "nx.MultiDiGraph") -> dict[int, tuple[int, int]]:
        # Above the box unless more of its neighbours sit above it (the exporter's rule).
        slots: dict[int, tuple[int, int]] = {}
        for u, v, key in sorted(graph.edges(keys=True), key=lambda e: e[2]):
            if u != v or u not in self.nodes:
                continue
            y = self.nodes[u].y()
            ends = [self.nodes[w].y() - y for w in (*graph.predecessors(u), *graph.successors(u))
                    if w != u and w in self.nodes]
            side = 1 if sum(d < 0 for d in ends) <= sum(d > 0 for d in ends) else -1
            slots[key] = (sum(1 for k in slots if graph.has_edge(u, u, k)), side)
        return slots

    def _bend_around_boxes(self, graph: "nx.MultiDiGraph", rads: dict[int, float]) -> None:
        """A cheap cousin of the exporter's search: the arrows of one pair bend together to the
        extra curvature that keeps them out of third boxes (a link skipping a layer) and keeps
        their sign marks and heads off those placed before."""
        groups: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for u, v, key in sorted(graph.edges(keys=True), key=lambda e: e[2]):
            if u != v and u in self.nodes and v in self.nodes:
                groups.setdefault((min(u, v), max(u, v)), []).append((u, v, key))
        boxes = {k: (n.x(), n.y(), n.half[0] + 9, n.half[1] + 9, n)
                 for k, n in self.nodes.items()}
        marks, tips = _Grid(22.0), _Grid(16.0)
        for (a, b), edges in groups.items():
            others = [box for k, box in boxes.items() if k not in (a, b)]

            def shapes(shift: float):
                for u, v, key in edges:
                    p, q = boxes[u][:2], boxes[v][:2]
                    control = arc_control(p, q, rads.get(key, 0.0) + (shift if u == a else -shift))
                    yield p, control, q, boxes[v][4]

            def cost(shift: float) -> float:
                hits = near = 0
                for p, control, q, target in shapes(shift):
                    xs, ys = (p[0], q[0], control[0]), (p[1], q[1], control[1])
                    close = [(x, y, node) for x, y, w, h, node in others  # boxes by the curve
                             if min(xs) - w < x < max(xs) + w and min(ys) - h < y < max(ys) + h]
                    for i in range(1, 10) if close else ():
                        px, py = quad(p, control, q, i / 10)
                        hits += sum(node.contains_xy(px, py, 6, (x, y)) for x, y, node in close)
                    near += marks.near(quad(p, control, q, 0.5))
                    near += tips.near(quad(p, control, q, entry(p, control, q, target)))
                return hits * 10 + near * 3 + abs(shift) * 2

            best = min(_SHIFTS, key=cost)
            for u, _v, key in edges:
                rads[key] = rads.get(key, 0.0) + (best if u == a else -best)
            for p, control, q, target in shapes(0.0):
                marks.add(quad(p, control, q, 0.5))
                tips.add(quad(p, control, q, entry(p, control, q, target)))

    # ----- state ---------------------------------------------------------------------------
    def positions(self) -> Positions:
        """Where every box stands now, in diagram units (y up)."""
        return {node: to_units(item.pos()) for node, item in self.nodes.items()}

    def activate_edge(self, interaction_id: int) -> None:
        self.select_edge(interaction_id)
        self.edgeActivated.emit(interaction_id)

    def select_edge(self, interaction_id: int | None) -> None:
        for key, edge in self.edges.items():
            if edge.selected != (key == interaction_id):
                edge.selected = key == interaction_id
                edge.update()

    def highlight(self, edge_ids: set[int] | None, node_ids: set[int] | None = None) -> None:
        """Show only these arrows and boxes at full strength (None: everything)."""
        for key, edge in self.edges.items():
            edge.setOpacity(1.0 if edge_ids is None or key in edge_ids else DIM)
        for key, node in self.nodes.items():
            node.setOpacity(1.0 if node_ids is None or key in node_ids else 0.3)

    def highlighted_edges(self) -> set[int]:
        return {key for key, edge in self.edges.items() if edge.opacity() > DIM + 0.01}

    # ----- a drag ends: tell the panel once, after the whole gesture ----------------------
    def mousePressEvent(self, event: "QGraphicsSceneMouseEvent") -> None:
        self._pressed = self.positions()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: "QGraphicsSceneMouseEvent") -> None:
        super().mouseReleaseEvent(event)
        if self._pressed and self.positions() != self._pressed:
            self.nodesDropped.emit()
        self._pressed = {}


class _Grid:
    """Points in square cells as wide as the distance that counts as "too near", so a look-up
    checks nine cells instead of every point placed so far."""

    def __init__(self, distance: float) -> None:
        self.distance, self.cells = distance, {}

    def add(self, point: tuple[float, float]) -> None:
        cell = (int(point[0] // self.distance), int(point[1] // self.distance))
        self.cells.setdefault(cell, []).append(point)

    def near(self, point: tuple[float, float]) -> int:
        cx, cy = int(point[0] // self.distance), int(point[1] // self.distance)
        return sum(1 for i in (-1, 0, 1) for j in (-1, 0, 1)
                   for other in self.cells.get((cx + i, cy + j), ())
                   if abs(other[0] - point[0]) + abs(other[1] - point[1]) < self.distance)


class DiagramView(QGraphicsView):
    """Antialiased, pans by dragging the background, zooms with Ctrl+wheel."""

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.zoomed_by_hand = False  # until the researcher zooms, the diagram follows the size

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.15 ** (event.angleDelta().y() / 120)
            if 0.1 < self.transform().m11() * factor < 6:
                self.scale(factor, factor)
                self.zoomed_by_hand = True
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if not self.zoomed_by_hand:  # side panels stepped aside: use the room they left
            self.fit()

    def fit(self) -> None:
        """The whole diagram in view, never blown up beyond 1.3× (big boxes look crude)."""
        self.zoomed_by_hand = False
        items = self.scene().itemsBoundingRect()
        if items.isEmpty():
            return
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.3:
            self.resetTransform()
            self.scale(1.3, 1.3)
        self.centerOn(items.center())
