"""A large flow placed here for neato -n2: stages folded into rows, holders in strips under them, edges routed."""

from __future__ import annotations

import math

import graphviz

from journeymap.model import FlowEdge
from journeymap.rendering import dot
from journeymap.rendering.flow_content import Flow, Node, text_width
from journeymap.rendering.flow_fold import (COLUMN_GAP, HOLDER_PAD, PAD, STACK_GAP, STAGE_GAP, TITLE_GAP, Block,
                                         Column, Holder, fold)
from journeymap.rendering.flow_rank import ranks
from journeymap.rendering.flow_route import Free, Point, at, curve, fan, polyline
from journeymap.text import words

_ROW_WIDTH = 2326.0  # the narrowest a row may be: A1 landscape less the pad, as the canvas folds
_ASPECT = math.sqrt(2)  # the whole drawing's width to height, as a landscape A-series page
PAGE = "46.8,33.1"
"""A0 landscape, in inches: a larger drawing is scaled down to print on one poster, which also keeps its PNG
to some 35 megapixels at 150 dpi (drawn full size, a map of 1,000 touchpoints is ten times that)."""
_MARGIN = 32.0  # round the drawing: lanes for steps that go on in the next row
_LANE = 16.0  # how far outside the rows those lanes run
_ARC = 28.0  # over a line of touchpoints that steps arc over, room for them
_LINE_GAP = 40.0  # between the lines of a stage too wide for one row
_STRIP_GAP = 44.0  # between a row of stages and the strip of holders under it
_ROW_GAP = 36.0  # between a strip and the next row
_HOLDER_GAP = 16.0
_ARROW = 8.0  # an arrowhead's length: Graphviz's 10 points times the arrowsize, 0.8
_FITTING = 10  # tries at the row width that gives the drawing its proportions


class Placed:
    """A large map placed here: stages folded into rows, holders in strips under them, every edge routed."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.journey = flow.journey
        self.flow_edges = self.journey.flow_edges
        self.touchpoints = {t.id: flow.touchpoint(t) for t in self.journey.touchpoints}
        self.blocks = self._blocks()
        self.assets: dict[str, Node] = {}
        self.holders = self._holders()
        # Where things are, once placed (see _place):
        self.room = _ROW_WIDTH
        self.lines: list[list[Column]] = []  # every line of touchpoints, top to bottom
        self.line_of: dict[str, tuple[int, int]] = {}  # node: (its line, its column's place in that line)
        self.row_lines: list[range] = []  # per row of stages, its lines
        self.line_tops: list[float] = []
        self.lanes: list[float] = []  # per line: the y of the free lane over it
        self.width = self.height = 0.0

    def graph(self) -> graphviz.Digraph:
        """The whole drawing, every node and edge placed, for neato -n2."""
        self._place(self._fit())
        graph_attr = self.flow.graph_attributes()
        graph_attr.update(layout="nop2")
        g = self.flow.digraph(graph_attr)
        for block in self.blocks:
            with g.subgraph(name=f"cluster_stage_{block.stage.id}") as c:
                c.attr(**self.flow.stage_attributes(block.stage), bb=self._box(*block.box))
                for column in block.columns:
                    for node in column.nodes:
                        self._node(c, node)
        for holder in self.holders:
            with g.subgraph(name=f"cluster_actor_{holder.actor.id}") as c:
                c.attr(**self.flow.holder_attributes(holder.actor),
                       bb=self._box(holder.left, holder.top, holder.left + holder.width, holder.top + holder.height))
                for node in (holder.title, *holder.assets):
                    self._node(c, node)
        free = self._drawn()
        theme = self.flow.theme
        for index, edge in enumerate(self.flow_edges):
            route = self._step(edge)
            attributes = {**self.flow.flow_edge(index, edge), "pos": self._spline(route)}
            if edge.label:  # over the line, and drawn even where it finds no free place: the flow needs it
                place = free.find(route, dot.wrap(edge.label, theme.wrap_text), theme.small_size, beside=False)
                attributes["lp"] = self._point(place or at(route, 0.5))
            dot.edge(g, edge.source, edge.target, attributes)
        for index, (contribution, route) in enumerate(zip(self.journey.contributions, self._contributions())):
            attributes = {**self.flow.contribution(index, contribution), "pos": self._spline(route)}
            place = free.find(route, [words(contribution.phase)], theme.small_size, beside=True)
            if place is None:  # crowded out: the tooltip still names the phase
                del attributes["label"]
            else:
                attributes["lp"] = self._point(place)
            dot.edge(g, contribution.asset, contribution.touchpoint, attributes)
        g.attr(label=self.flow.heading())
        return g

    def _fit(self) -> float:
        """The row width that gives the drawing about the proportions of a landscape page."""
        def wide_enough(room: float) -> bool:
            self._place(room)
            return self.width >= self.height * _ASPECT

        low, high = _ROW_WIDTH, max(_ROW_WIDTH, sum(b.width + STAGE_GAP for b in self.blocks))
        if wide_enough(low) or not wide_enough(high):
            return low if wide_enough(low) else high
        for _ in range(_FITTING):
            middle = (low + high) / 2
            low, high = (low, middle) if wide_enough(middle) else (middle, high)
        return high

    # -- building ---------------------------------------------------------------

    def _blocks(self) -> list[Block]:
        """Each stage's columns: its touchpoints grouped by rank in the flow, ranks left to right."""
        rank = ranks(self.journey)
        theme = self.flow.theme
        room: dict[str, float] = {}  # before a touchpoint, for the label of a step into it
        for edge in self.flow_edges:
            if edge.label:
                width = max(text_width(line, theme.small_size) for line in dot.wrap(edge.label, theme.wrap_text))
                room[edge.target] = max(room.get(edge.target, 0.0), width + 2 * STACK_GAP)
        blocks = []
        for stage in self.journey.stages:
            by_rank: dict[int, list[Node]] = {}
            for touchpoint in sorted(stage.touchpoints, key=lambda t: rank[t.id]):
                by_rank.setdefault(rank[touchpoint.id], []).append(self.touchpoints[touchpoint.id])
            columns = [Column(nodes, max([COLUMN_GAP, *(room.get(n.name, 0.0) for n in nodes)]))
                       for _, nodes in sorted(by_rank.items())]
            blocks.append(Block(stage, columns or [Column([self.flow.placeholder(stage)])],
                                self.flow.stage_header(stage)))
        return blocks

    def _holders(self) -> list[Holder]:
        """The actors who hold assets, in file order, each arranged within its cluster."""
        holdings = self.flow.holdings()
        holders: list[Holder] = []
        for actor in self.journey.actors:
            if holdings[actor.id]:
                assets = [self.flow.asset(asset, actor) for asset in holdings[actor.id]]
                self.assets.update((node.name, node) for node in assets)
                holder = Holder(actor, self.flow.holder_title(actor), assets, len(holders))
                holder.arrange(_ROW_WIDTH - 2 * HOLDER_PAD - TITLE_GAP - holder.title.width)
                holders.append(holder)
        by_asset = {asset.name: holder for holder in holders for asset in holder.assets}
        for contribution in self.journey.contributions:
            by_asset[contribution.asset].reach.append(contribution.touchpoint)
        return holders

    # -- placing ----------------------------------------------------------------

    def _place(self, room: float) -> None:
        """Place everything in rows at most ``room`` wide, each row's holders in a strip under it."""
        self.room = room
        rows = fold(self.blocks, room)
        self._index(rows)
        arched = self._arched()
        homes = self._homes(rows)
        top = _MARGIN
        self.line_tops, self.lanes = [], []
        for number, row in enumerate(rows):
            bottom = self._place_row(row, self.row_lines[number], top, arched)
            strip = [h for h in self.holders if homes[h.order] == number]
            if strip:
                bottom = self._place_strip(strip, bottom + _STRIP_GAP)
            top = bottom + _ROW_GAP
        self.height = top - _ROW_GAP + _MARGIN
        self.width = max([*(b.box[2] for b in self.blocks), *(h.left + h.width for h in self.holders)]) + _MARGIN

    def _index(self, rows: list[list[Block]]) -> None:
        """Number the lines of touchpoints, top to bottom, and note each node's line and place in it."""
        self.lines, self.line_of, self.row_lines = [], {}, []
        for row in rows:
            first = len(self.lines)
            self.lines += [[] for _ in range(max(len(b.lines) for b in row))]
            for block in row:
                for number, line in enumerate(block.lines, first):
                    for column in line:
                        for node in column.nodes:
                            self.line_of[node.name] = (number, len(self.lines[number]))
                        self.lines[number].append(column)
            self.row_lines.append(range(first, len(self.lines)))

    def _arched(self) -> set[int]:
        """The lines that steps arc over: steps back, steps that skip a column, loops."""
        arched = set()
        for edge in self.flow_edges:
            (line, column), (target_line, target_column) = self.line_of[edge.source], self.line_of[edge.target]
            if line == target_line and target_column != column + 1:
                arched.add(line)
        return arched

    def _homes(self, rows: list[list[Block]]) -> list[int]:
        """For each holder, the row its assets reach most often (the last row if they reach none)."""
        row_of = {t.id: number for number, row in enumerate(rows) for b in row for t in b.stage.touchpoints}
        homes = []
        for holder in self.holders:
            counts: dict[int, int] = {}
            for touchpoint in holder.reach:
                counts[row_of[touchpoint]] = counts.get(row_of[touchpoint], 0) + 1
            homes.append(min(counts, key=lambda r: (-counts[r], r)) if counts else len(rows) - 1)
        return homes

    def _place_row(self, row: list[Block], lines: range, top: float, arched: set[int]) -> float:
        """Place a row of stages, its ``lines`` of touchpoints, from ``top`` down; the row's bottom."""
        height = max(c.height for b in row for c in b.columns)
        y = top + max(b.header[1] for b in row) + PAD
        for number in lines:
            self.lanes.append(top - _ROW_GAP / 2 if number == lines[0] else y - _LINE_GAP / 2)
            y += _ARC if number in arched else 0.0
            self.line_tops.append(y)
            y += height + _LINE_GAP
        left = _MARGIN
        for block in row:
            right = left + 2 * PAD + block.header[0]
            for number, line in enumerate(block.lines, lines[0]):
                x = left + PAD
                for index, column in enumerate(line):
                    x += column.gap if index else 0.0
                    self._place_column(column, x, self.line_tops[number] + height / 2)
                    x += column.width
                right = max(right, x + PAD)
            block.box = (left, top, right, self.line_tops[lines[0] + len(block.lines) - 1] + height + PAD)
            left = right + STAGE_GAP
        return max(b.box[3] for b in row)

    @staticmethod
    def _place_column(column: Column, left: float, middle: float) -> None:
        y = middle - column.height / 2
        for node in column.nodes:
            node.x, node.y = left + column.width / 2, y + node.height / 2
            y += node.height + STACK_GAP

    def _place_strip(self, holders: list[Holder], top: float) -> float:
        """Place holders under a row, each as near as fits under where its assets are used; the strip's bottom.

        Holders go left to right in the order of where they are wanted, in lines as full as the row allows;
        in each line, first pushed right as far as they are wanted, then left as far as the line ends.
        """
        wanted = {}
        for holder in holders:
            reach = [self.touchpoints[t].x for t in holder.reach if self.touchpoints[t].top < top]
            wanted[holder.order] = sum(reach) / len(reach) - holder.width / 2 if reach else math.inf
        order = sorted(holders, key=lambda h: (wanted[h.order], h.order))
        lines: list[list[Holder]] = [[]]
        width = 0.0
        for holder in order:
            if lines[-1] and width + _HOLDER_GAP + holder.width > self.room:
                lines.append([])
            width = width + _HOLDER_GAP + holder.width if lines[-1] else holder.width
            lines[-1].append(holder)
        for line in lines:
            lefts, cursor = [], _MARGIN
            for holder in line:
                lefts.append(max(cursor, min(wanted[holder.order], _MARGIN + self.room)))
                cursor = lefts[-1] + holder.width + _HOLDER_GAP
            limit = _MARGIN + self.room
            for index in reversed(range(len(line))):
                lefts[index] = min(lefts[index], limit - line[index].width)
                limit = lefts[index] - _HOLDER_GAP
            for holder, left in zip(line, lefts):
                holder.move(left, top)
            top += max(h.height for h in line) + _HOLDER_GAP
        return top - _HOLDER_GAP

    # -- edges ------------------------------------------------------------------

    def _step(self, edge: FlowEdge) -> list[Point]:
        """The route of one step of the flow, as cubic Bézier control points, arrowhead at the last."""
        source, target = self.touchpoints[edge.source], self.touchpoints[edge.target]
        (line, column), (target_line, target_column) = self.line_of[edge.source], self.line_of[edge.target]
        if source is target:  # a loop on itself: a small loop over the top
            return [(source.x - 12, source.top), (source.x - 36, source.top - 40), (source.x + 36, source.top - 40),
                    (source.x + 12, source.top)]
        if line == target_line and target_column == column + 1:  # the next column: straight on
            start, end = (source.right, source.y), (target.left, target.y)
            middle = (start[0] + end[0]) / 2
            return [start, (middle, start[1]), (middle, end[1]), end]
        if line == target_line:  # further on or back along the line: over the top
            apex = self.line_tops[line] - _ARC * 0.8
            control = (8 * apex - source.top - target.top) / 6
            return [(source.x, source.top), (source.x, control), (target.x, control), (target.x, target.top)]
        if target_line > line and column == len(self.lines[line]) - 1 and target_column == 0:
            # On in a later line, as text wraps: out to the right, back along the lane over the target's line.
            right, left, lane = self.width - _MARGIN + _LANE, _MARGIN - _LANE, self.lanes[target_line]
            return polyline([(source.right, source.y), (right, source.y), (right, lane), (left, lane),
                             (left, target.y), (target.left, target.y)])
        if target_line > line:
            return curve((source.x, source.bottom), (target.x, target.top))
        return curve((source.x, source.top), (target.x, target.bottom))

    def _contributions(self) -> list[list[Point]]:
        """Each contribution's route, from its asset's top (or bottom) to its touchpoint's bottom (or top).

        The ends fan out along each node's side in the order of the other ends, so that edges neither meet
        in one point nor cross where they start. A touchpoint with another stacked under it (or over it, for
        an edge from above) is reached from the side instead, lest the edge seem to come from its neighbour.
        """
        stacked = {node.name: (column.nodes[0], column.nodes[-1]) for block in self.blocks
                   for column in block.columns for node in column.nodes}
        ends: list[tuple[Node, Node, bool, bool]] = []
        for contribution in self.journey.contributions:
            asset, touchpoint = self.assets[contribution.asset], self.touchpoints[contribution.touchpoint]
            up = touchpoint.y < asset.y
            ends.append((asset, touchpoint, up, stacked[touchpoint.name][1 if up else 0] is not touchpoint))
        starts = fan([(a, up, t.x, i) for i, (a, t, up, _) in enumerate(ends)])
        stops = fan([(t, up, a.x, i) for i, (a, t, up, side) in enumerate(ends) if not side])
        routes = []
        for index, (asset, touchpoint, up, side) in enumerate(ends):
            start = (starts[index], asset.top if up else asset.bottom)
            if side:
                towards = -1 if asset.x < touchpoint.x else 1
                end = (touchpoint.x + towards * touchpoint.width / 2,
                       touchpoint.y + (1 if up else -1) * touchpoint.height / 4)
                bend = max(24.0, abs(end[1] - start[1]) / 2) * (-1 if up else 1)
                routes.append([start, (start[0], start[1] + bend), (end[0] + towards * 2 * PAD, end[1]), end])
            else:
                routes.append(curve(start, (stops[index], touchpoint.bottom if up else touchpoint.top)))
        return routes

    # -- DOT ------------------------------------------------------------------

    def _drawn(self) -> Free:
        """What labels must keep clear of: every node and every stage's name."""
        free = Free()
        for node in (*self.touchpoints.values(), *self.assets.values(), *(h.title for h in self.holders)):
            free.take((node.left, node.top, node.right, node.bottom))
        for block in self.blocks:
            left, top = block.box[:2]
            free.take((left, top, left + 2 * PAD + block.header[0], top + block.header[1] + PAD))
        return free

    def _point(self, point: Point) -> str:
        return f"{point[0]:.1f},{self.height - point[1]:.1f}"

    def _node(self, g: graphviz.Digraph, node: Node) -> None:
        dot.node(g, node.name, {**node.attributes, "pos": dot.pos(node.x, self.height - node.y),
                                "width": dot.inches(node.width), "height": dot.inches(node.height)})

    def _box(self, left: float, top: float, right: float, bottom: float) -> str:
        return f"{left:.1f},{self.height - bottom:.1f},{right:.1f},{self.height - top:.1f}"

    def _spline(self, points: list[Point]) -> str:
        """An edge's pos: the spline, ending an arrowhead's length short of the last point, where the head is."""
        *route, (x, y) = points
        dx, dy = x - route[-1][0], y - route[-1][1]
        step = _ARROW / (math.hypot(dx, dy) or 1.0)
        route.append((x - dx * step, y - dy * step))
        return f"e,{x:.1f},{self.height - y:.1f} " + " ".join(f"{px:.1f},{self.height - py:.1f}" for px, py in route)

