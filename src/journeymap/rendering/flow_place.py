"""The flow placed here for neato -n2 (flow_draw writes it): stages folded into rows, holders in strips under them,
edges routed."""

from __future__ import annotations

import math

from journeymap.model import FlowEdge
from journeymap.rendering import dot
from journeymap.rendering.records import step_label
from journeymap.rendering.flow_arcs import Arcs, label_room, plan
from journeymap.rendering.flow_content import Flow, Node
from journeymap.rendering.fonts import text_width
from journeymap.rendering.flow_fold import (COLUMN_GAP, HOLDER_PAD, PAD, STACK_GAP, STAGE_GAP, TITLE_GAP, Block,
                                            Column, Holder, fold, place_lines, strip_lines)
from journeymap.rendering.flow_rank import ranks
from journeymap.rendering.flow_route import Point, gap_through, polyline

ALONE_PER_COLUMN = 3  # touchpoints that no step drawn reaches, stacked at most this many
_ROW_WIDTH = 1200.0  # the narrowest a row may be (a holder's assets line up within it too)
_ASPECT = 16 / 9  # the whole drawing's width to height at least, as a slide
PAGE = "46.8,33.1"
"""A0 landscape, in inches: a larger drawing is scaled down to print on one poster, which also keeps its PNG
to some 35 megapixels at 150 dpi (drawn full size, a map of 1,000 touchpoints is ten times that)."""
_MARGIN = 52.0  # round the drawing: lanes for steps that go on in the next row, and outside them contributions'
_LANE = 16.0  # how far outside the rows those lanes run
_ARC = 28.0  # over a line of touchpoints that steps arc over, room for them
_LINE_GAP = 48.0  # between the lines of a stage too wide for one row
_STRIP_GAP = 56.0  # between a row of stages and the strip of holders under it
_ROW_GAP = 48.0  # between a strip and the next row
DETOUR_LANES = 5  # the lanes of a lane, corridor or margin, a step apart (see flow_route.share_lanes)
_DETOUR_STEP = 5.0
_FITTING = 10  # tries at the row width that gives the drawing its proportions
_HEADING = 260.0  # about how high the title and the key over the drawing stand


class Placed:
    """A map placed here: stages folded into rows, holders in strips under them, every edge routed."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.journey = flow.journey
        self.flow_edges = tuple(self.journey.flow_edges[index] for index in flow.steps)  # the steps drawn
        self.touchpoints = {t.id: flow.touchpoint(t) for t in self.journey.touchpoints}
        self.blocks = self._blocks()
        self.assets: dict[str, Node] = {}
        self.holders = self._holders()
        # Where things are, once placed (see _place):
        self.room = _ROW_WIDTH
        self.lines: list[list[Column]] = []  # every line of touchpoints, top to bottom
        self.line_of: dict[str, tuple[int, int]] = {}  # node: (its line, its column's place in that line)
        self.column_of: dict[str, Column] = {}
        self.row_lines: list[range] = []  # per row of stages, its lines
        self.under_rows: list[float] = []  # per row: the y of the free corridor between it and its strip
        self.strips: list[list[Holder]] = []  # per row: the holders between it and the row before
        self.line_tops: list[float] = []
        self.line_bottoms: list[float] = []
        self.arcs = Arcs([])  # on a map with numbers from records, the steps arcing along a line (see flow_arcs)
        self.lanes: list[float] = []  # per line: the y of the free lane over it
        self.width = self.height = 0.0

    def place(self) -> None:
        """Place everything, at the row width that gives the drawing a slide's proportions."""
        self._place(self._fit())

    def _fit(self) -> float:
        """The row width whose drawing comes nearest a slide's proportions, its rows folded as evenly as they go.

        For each number of lines of touchpoints, from one up, the narrowest row width that folds into that many
        (so the rows are even, not full and then nearly empty), until the drawing turns narrower than a slide.
        """
        def lines(room: float) -> int:
            return sum(max(len(b.lines) for b in row) for row in fold(self.blocks, room))

        low = _ROW_WIDTH
        room = max(low, sum(b.width + b.lead for b in self.blocks))
        best, best_score = room, math.inf
        while True:
            count, narrow, wide = lines(room), low, room
            for _ in range(_FITTING):  # the narrowest width that still folds into ``count`` lines
                middle = (narrow + wide) / 2
                narrow, wide = (narrow, middle) if lines(middle) <= count else (middle, wide)
            self._place(wide)
            score = abs(math.log(self.width / ((self.height + _HEADING) * _ASPECT)))
            if score < best_score:
                best, best_score = wide, score
            if self.width < (self.height + _HEADING) * _ASPECT or lines(narrow) <= count:
                return best
            room = narrow

    # -- building ---------------------------------------------------------------

    def _blocks(self) -> list[Block]:
        """Each stage's columns: its touchpoints grouped by rank in the flow, ranks left to right."""
        rank = ranks(self.journey, self.flow_edges)
        theme = self.flow.theme
        room: dict[str, float] = {}  # before a touchpoint, for the label of a step into it
        for edge in self.flow_edges:
            if text := step_label(edge):
                width = max(text_width(line, theme.small_size) for line in dot.wrap(text, theme.wrap_text))
                room[edge.target] = max(room.get(edge.target, 0.0), width + 2 * STACK_GAP)
        linked = {edge.source for edge in self.flow_edges} | {edge.target for edge in self.flow_edges}
        blocks = []
        for stage in self.journey.stages:
            by_rank: dict[int, list[Node]] = {}
            alone = [self.touchpoints[t.id] for t in stage.touchpoints if t.id not in linked]
            for touchpoint in sorted(stage.touchpoints, key=lambda t: rank[t.id]):
                if touchpoint.id in linked:
                    by_rank.setdefault(rank[touchpoint.id], []).append(self.touchpoints[touchpoint.id])
            columns = [Column(nodes, max([COLUMN_GAP, *(room.get(n.name, 0.0) for n in nodes)]))
                       for _, nodes in sorted(by_rank.items())]
            # Touchpoints no step drawn reaches (rare on a map from records): after the flow, in short columns, not one
            # tower that would make the whole row as tall.
            columns += [Column(alone[i:i + ALONE_PER_COLUMN]) for i in range(0, len(alone), ALONE_PER_COLUMN)]
            first = columns[0].nodes if columns else []
            lead = max([STAGE_GAP, *(room.get(n.name, 0.0) - 2 * PAD for n in first)])
            blocks.append(Block(stage, columns or [Column([self.flow.placeholder(stage)])],
                                self.flow.stage_header(stage), lead))
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
        if self.flow.widths.most:
            self.arcs = self._arcs()
        homes = self._homes(rows)
        top = _MARGIN
        self.line_tops, self.line_bottoms, self.lanes, self.under_rows, self.strips = [], [], [], [], [[]]
        for number, row in enumerate(rows):
            lines = self.row_lines[number]
            bottom = self._place_row(row, lines, top, arched)
            placed = {t.id for block in row for t in block.stage.touchpoints}
            strip = strip_lines([h for h in self.holders if homes[h.order] == number],
                                {t: self.touchpoints[t].x for t in placed}, self.room)
            above, below = strip[1::2], strip[::2]  # a strip of many lines: every other one over the row
            if above:  # the row moves down under them, and the lines under the row stay as near to it
                del self.line_tops[lines[0]:], self.line_bottoms[lines[0]:], self.lanes[lines[0]:]
                above_bottom = place_lines(above, top, _MARGIN, self.room)
                bottom = self._place_row(row, lines, above_bottom + _STRIP_GAP, arched)
            self.strips[-1] += [h for line in above for h in line]
            self.strips.append([h for line in below for h in line])
            self.under_rows.append(bottom + (_STRIP_GAP if below else _ROW_GAP) / 2)
            if below:
                bottom = place_lines(below, bottom + _STRIP_GAP, _MARGIN, self.room)
            top = bottom + _ROW_GAP
        if not rows and self.holders:  # a map of people and no stages: its holders, and nothing to reach
            top = place_lines(strip_lines(self.holders, {}, self.room), top, _MARGIN, self.room) + _ROW_GAP
        self.height = top - _ROW_GAP + _MARGIN
        self.width = max([_MARGIN, *(b.box[2] for b in self.blocks), *(h.left + h.width for h in self.holders)]) + _MARGIN

    def _index(self, rows: list[list[Block]]) -> None:
        """Number the lines of touchpoints, top to bottom, and note each node's line and place in it."""
        self.lines, self.line_of, self.row_lines, self.column_of = [], {}, [], {}
        for row in rows:
            first = len(self.lines)
            self.lines += [[] for _ in range(max(len(b.lines) for b in row))]
            for block in row:
                for number, line in enumerate(block.lines, first):
                    for column in line:
                        for node in column.nodes:
                            self.line_of[node.name] = (number, len(self.lines[number]))
                            self.column_of[node.name] = column
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

    def _arcs(self) -> Arcs:
        """The steps arcing along a line, on a map with numbers from records, each with its level (flow_arcs)."""
        theme, widths = self.flow.theme, self.flow.widths

        def free_side(name: str, above: bool) -> bool:
            nodes = self.column_of[name].nodes
            return nodes[0 if above else -1].name == name

        def room(edge: FlowEdge) -> float:
            text = step_label(edge)
            return label_room(dot.wrap(text, theme.wrap_text), theme.small_size, widths.label_gap(edge)) if text else 0

        return plan(self.flow_edges, self.line_of.__getitem__, free_side, widths.width, room)

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
            y += self.arcs.band(number, True) or (_ARC if number in arched else 0.0)
            self.line_tops.append(y)
            self.line_bottoms.append(y + height)
            y += height + self.arcs.band(number, False) + _LINE_GAP
        left = _MARGIN - row[0].lead
        for block in row:
            left += block.lead
            right = left + 2 * PAD + block.header[0]
            for number, line in enumerate(block.lines, lines[0]):
                x = left + PAD
                for index, column in enumerate(line):
                    x += column.gap if index else 0.0
                    self._place_column(column, x, self.line_tops[number] + height / 2)
                    x += column.width
                right = max(right, x + PAD)
            last = lines[0] + len(block.lines) - 1
            block.box = (left, top, right, self.line_bottoms[last] + self.arcs.band(last, False) + PAD)
            left = right
        self._sides(row)
        return max(b.box[3] for b in row)

    @staticmethod
    def _sides(row: list[Block]) -> None:
        """Each column's entry and exit (see Column): a stage's first and last keep the lines of steps outside the
        stage, not on its border nor over its name, within half the gap to the next stage (or the margin's lanes)."""
        for place, block in enumerate(row):
            before = block.lead / 2 if place else _LANE / 2
            after = row[place + 1].lead / 2 if place + 1 < len(row) else _LANE / 2
            for line in block.lines:
                for index, column in enumerate(line):
                    left = column.nodes[0].x - column.width / 2
                    column.entry = (left, column.gap / 2) if index else (block.box[0], before)
                    column.exit = ((left + column.width, line[index + 1].gap / 2) if index + 1 < len(line)
                                   else (block.box[2], after))

    @staticmethod
    def _place_column(column: Column, left: float, middle: float) -> None:
        y = middle - column.height / 2
        for node in column.nodes:
            node.x, node.y = left + column.width / 2, y + node.height / 2
            y += node.height + STACK_GAP

    # -- edges ------------------------------------------------------------------

    def step(self, edge: FlowEdge, lane: int = DETOUR_LANES // 2) -> tuple[list[Point], list[Point]]:
        """The route of one step of the flow (cubic Bézier control points, arrowhead at the last) and the part
        of it its label goes along: the whole route, or for a detour (in ``lane``, by default the middle one) its
        last lane (a detour's route is never the same object as that part)."""
        source, target = self.touchpoints[edge.source], self.touchpoints[edge.target]
        (line, column), (target_line, target_column) = self.line_of[edge.source], self.line_of[edge.target]
        if source is target:  # a loop on itself: a small loop over the top
            route = [(source.x - 12, source.top), (source.x - 36, source.top - 40), (source.x + 36, source.top - 40),
                     (source.x + 12, source.top)]
        elif line == target_line and target_column == column + 1:  # the next column: straight on
            start, end = (source.right, source.y), (target.left, target.y)
            middle = (start[0] + end[0]) / 2
            route = [start, (middle, start[1]), (middle, end[1]), end]
        elif line == target_line:  # further on or back along the line: over the top
            apex = self.line_tops[line] - _ARC * 0.8
            control = (8 * apex - source.top - target.top) / 6
            route = [(source.x, source.top), (source.x, control), (target.x, control), (target.x, target.top)]
        elif self.wraps(edge):  # out to the right, back along the lane over the target's line
            right, left, lane_y = self.margin(left=False), self.margin(left=True), self.lanes[target_line]
            route = polyline([(source.right, source.y), (right, source.y), (right, lane_y), (left, lane_y),
                              (left, target.y), (target.left, target.y)])
            return route, route
        else:
            return self._detour(source, target, line, target_line, lane)
        return route, route

    def wraps(self, edge: FlowEdge) -> bool:
        """Whether a step goes on from the last column of a line to the first of a later one, as text wraps (its
        route keeps to the middle lanes of the margins and of the lane over the target's line)."""
        (line, column), (target_line, target_column) = self.line_of[edge.source], self.line_of[edge.target]
        return target_line > line and column == len(self.lines[line]) - 1 and target_column == 0

    def _detour(self, source: Node, target: Node, line: int, target_line: int,
                lane: int) -> tuple[list[Point], list[Point]]:
        """A step to another line, kept clear of touchpoints and holders, in ``lane`` of the DETOUR_LANES.

        It leaves the source's right side into the gap after its column and enters the target's left side
        from the gap before its column. Between them: the free lane between two lines of one row; or, to the
        next row or back to the one before, the corridor between a row and its strip and a gap through the
        strip; or, further, the drawing's margin (the right one going on, the left going back). Each detour
        keeps to its lane, the lanes a little apart about the middle of the room they run in, so that none runs
        along a stage's or holder's outline. Returns the route and the part its label goes along.
        """
        shift = lane * _DETOUR_STEP
        spread = (DETOUR_LANES // 2) * _DETOUR_STEP
        offset = shift - spread  # the lane's, from the middle of the room
        exit_edge, exit_room = self.column_of[source.name].exit
        entry_edge, entry_room = self.column_of[target.name].entry
        exit_x = exit_edge + min(PAD / 2 + shift / 2, exit_room - 2)
        entry_x = entry_edge - min(PAD / 2 + shift / 2, entry_room - 2)
        start, end = [(source.right, source.y), (exit_x, source.y)], [(entry_x, target.y), (target.left, target.y)]
        row, target_row = self.row_of(line), self.row_of(target_line)
        rows = self.row_lines
        if row == target_row:  # along the lane between the two lines
            lane_y = self.lanes[max(line, target_line)] + offset
            along = [(exit_x, lane_y), (entry_x, lane_y)]
        elif target_row == row + 1 and line == rows[row][-1] and target_line == rows[target_row][0]:
            corridor, lane_y = self.under_rows[row] + offset, self.lanes[target_line] + offset
            gap = gap_through(self.strips[target_row], (exit_x + entry_x) / 2, offset, spread)
            along = [(exit_x, corridor), (gap, corridor), (gap, lane_y), (entry_x, lane_y)]
        elif target_row == row - 1 and line == rows[row][0] and target_line == rows[target_row][-1]:
            lane_y, corridor = self.lanes[line] + offset, self.under_rows[target_row] + offset
            gap = gap_through(self.strips[row], (exit_x + entry_x) / 2, offset, spread)
            along = [(exit_x, lane_y), (gap, lane_y), (gap, corridor), (entry_x, corridor)]
        else:
            margin = self.margin(left=target_line <= line) + offset
            up, down = self.lanes[line] + offset, self.lanes[target_line] + offset
            along = [(exit_x, up), (margin, up), (margin, down), (entry_x, down)]
        return polyline([*start, *along, *end]), polyline(along[-2:])

    def row_of(self, line: int) -> int:
        """The row of stages a line of touchpoints is in."""
        return next(number for number, lines in enumerate(self.row_lines) if line in lines)

    def margin(self, *, left: bool) -> float:
        """The x of the middle lane of the drawing's left (or right) margin."""
        return _MARGIN - _LANE if left else self.width - _MARGIN + _LANE
