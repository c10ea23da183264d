"""The flow's contributions, each from its asset to its touchpoint: one curve where that crosses nothing, else by
the corridors between rows and strips and down the margins, as steps to other rows go, clear of every other node,
every stage's name and other holders."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

import attrs

from journeymap.model import Journey
from journeymap.rendering.flow_content import Node
from journeymap.rendering.flow_fold import HOLDER_GAP, PAD, Block, Column, Holder
from journeymap.rendering.flow_place import Placed
from journeymap.rendering.flow_route import (FAN, End, Point, Rect, chords, curve, fan, gap_through, grid_cells, meets,
                                             polyline)

__all__ = ["contribution_ends", "contribution_routes"]

Lane = tuple[str, int]  # a corridor, margin or channel: what it is, and where (its y, or its x)
Side = tuple[str, bool, bool]  # a touchpoint's side: its name, whether its left side, whether reached going up

_CLEAR = 6.0  # how far an end on a touchpoint's top keeps right of its stage's name
_RUN_APART = 4.0  # between contributions running along one space between lines of holders
# The lanes of contributions along a corridor (from its middle), a margin (outwards from the steps' middle lane) and
# a channel beside a column (from its middle): the steps keep to 10 points either side of the middle; each asset's
# actual (or potential) contributions share one lane, a trunk, as far as they go together.
_CORRIDOR_LANES = (14.0, -14.0, 19.0, -19.0)
_MARGIN_LANES = (14.0, 19.0, 24.0, 29.0)
_CHANNEL_LANES = (0.0, -4.0, 4.0)
_SIDE_STEP = 9.0  # between the ends of contributions on one side of a touchpoint
_SIDE_INSET = 12.0  # from its corner to the first of them
_SIDE_MIDDLE = 6.0  # how far they keep from the middle of the side, where steps end
# A curve whose run across is more than this times its drop runs along the stages' borders and other curves: it
# goes by the corridors where they are as clear.
_SHALLOW = 3.0
# What crossing each costs, a route being chosen for the fewest: a node (as if the line were its), a stage's name
# (as if it struck it out), another holder's box.
_NODE, _NAME, _HOLDER = 4, 3, 1


def contribution_ends(journey: Journey, blocks: list[Block], assets: dict[str, Node],
                      touchpoints: dict[str, Node]) -> list[End]:
    """Each contribution's asset and touchpoint, whether it goes up to the touchpoint, and whether it reaches it
    from the side: a touchpoint with another stacked under it (or over it, for an edge from above) is, lest the
    edge seem to come from its neighbour."""
    stacked = {node.name: (column.nodes[0], column.nodes[-1]) for block in blocks
               for column in block.columns for node in column.nodes}
    ends = []
    for contribution in journey.contributions:
        asset, touchpoint = assets[contribution.asset], touchpoints[contribution.touchpoint]
        up = touchpoint.y < asset.y
        ends.append((asset, touchpoint, up, stacked[touchpoint.name][1 if up else 0] is not touchpoint))
    return ends


def contribution_routes(placed: Placed, ends: list[End], slots: dict[int, float]) -> list[list[Point]]:
    """Each contribution's route, from its asset's top (or bottom) to its touchpoint's bottom (or top), or to its
    side where another touchpoint is stacked on the way (see ``contribution_ends``).

    The ends fan out along each node's side in the order of the other ends, so that edges neither meet in one point
    nor cross where they start, and none ends under a stage's name; those on a touchpoint's left or right side stand
    a step apart; an asset's contributions by the corridors leave it at one point and run together, one trunk, as
    far as they go the same way. Where steps arc from a touchpoint's side,
    ``slots`` (by contribution) says where among them a contribution ends instead. A route is one curve, or where
    the asset's holder stands in a strip of several lines, a way between the lines and down a gap in each, then a
    curve. Where that would cross another node, a stage's name or another holder, it runs by the corridors instead
    (``_Corridors``), whichever way crosses least; to a row past the one next to its holder's strip, it always does.
    """
    return _Router(placed).routes(ends, slots)


class _Router:
    """The routes of one placed map's contributions."""

    def __init__(self, placed: Placed) -> None:
        self.placed = placed
        self.own = {asset.name: holder for holder in placed.holders for asset in holder.assets}
        self.block_of = {node.name: block for block in placed.blocks for column in block.columns
                         for node in column.nodes}
        self.obstacles = _Obstacles(placed)
        self.holders = sorted(placed.holders, key=lambda h: h.top)
        self.strip_of = {id(holder): number for number, strip in enumerate(placed.strips) for holder in strip}
        self.runs: Counter[int] = Counter()  # routes run along each space between lines of holders so far
        self.trunks: dict[Lane, dict[str, int]] = {}  # along each corridor, margin and channel: each trunk's lane
        self.sides: Counter[Side] = Counter()  # contributions ending on each side of a touchpoint so far
        self.exits: dict[str, float] = {}  # where each trunk leaves its asset

    def routes(self, ends: list[End], slots: dict[int, float]) -> list[list[Point]]:
        """Each contribution's route, in order (see ``contribution_routes``)."""
        starts = fan([(a, up, t.x, i) for i, (a, t, up, _) in enumerate(ends)])
        stops = fan([(t, up, a.x, i) for i, (a, t, up, side) in enumerate(ends) if not side],
                    self._clear_span) | slots
        routes = []
        contributions = self.placed.journey.contributions
        for index, ((asset, touchpoint, up, side), contribution) in enumerate(zip(ends, contributions)):
            start = (starts[index], asset.top if up else asset.bottom)
            own, holder = {asset.name, touchpoint.name}, self.own[asset.name]
            corridors = _Corridors(self, start, asset, touchpoint, up, f"{asset.name} {contribution.status.value}")
            # A curve to a row past the next crosses the rows between: the margins are the way there.
            best = None if corridors.far else self._direct(start, asset, touchpoint, up, side,
                                                           stops.get(index, touchpoint.x))
            shallow = best is not None and len(best.route) == 4 and \
                abs(best.route[3][0] - best.route[0][0]) > _SHALLOW * abs(best.route[3][1] - best.route[0][1])
            if best is None or shallow or self.obstacles.cost(best.crossable, own, holder, limit=1):
                ways = [(self.obstacles.cost(way.crossable, own, holder), order, way)
                        for order, way in enumerate((corridors.onto(stops.get(index)), corridors.beside()))
                        if way is not None]
                cost, _, way = min(ways, key=lambda item: item[:2])
                if best is None or cost < self.obstacles.cost(best.crossable, own, holder) + shallow:
                    best = way
            self._take(best)
            routes.append(best.route)
        return routes

    def _take(self, way: _Way) -> None:
        """Note the spaces, lanes and side ``way`` takes, for the routes after it."""
        self.runs = way.runs
        for lane, trunk in way.lanes:
            held = self.trunks.setdefault(lane, {})
            held.setdefault(trunk, len(held))
        if way.side is not None:
            self.sides[way.side] += 1
        if way.lanes:  # a way by the corridors: its trunk's
            self.exits.setdefault(way.lanes[0][1], way.route[0][0])

    def lane(self, lane: Lane, trunk: str, offsets: tuple[float, ...]) -> float:
        """The offset of ``trunk`` along ``lane``: its own once it has one, else the next free of ``offsets``."""
        held = self.trunks.get(lane, {})
        return offsets[held.get(trunk, len(held)) % len(offsets)]

    def side_end(self, touchpoint: Node, left: bool, up: bool) -> tuple[Point, Side]:
        """Where the next contribution ends on ``touchpoint``'s left (or right) side, coming up (or down) to it:
        near its bottom (top), each a step further in, clear of the middle where steps end."""
        side = (touchpoint.name, left, up)
        room = max(1, int((touchpoint.height / 2 - _SIDE_INSET - _SIDE_MIDDLE) // _SIDE_STEP) + 1)
        inset = _SIDE_INSET + _SIDE_STEP * (self.sides[side] % room)
        y = touchpoint.bottom - inset if up else touchpoint.top + inset
        return (touchpoint.left if left else touchpoint.right, y), side

    def _clear_span(self, node: Node, up: bool) -> tuple[float, float]:
        """The span of ``node``'s top (or with ``up`` its bottom) that the ends of contributions may spread over:
        the middle FAN of it, but on a touchpoint whose stage's name stands over it, right of the name, out to
        near its corner where the name leaves too little of the middle."""
        half = node.width * FAN / 2
        low, high = node.x - half, node.x + half
        block = self.block_of.get(node.name)
        if not up and block is not None and any(node is column.nodes[0] for column in block.lines[0]):
            named = block.box[0] + PAD + block.header[0] + _CLEAR
            high = max(high, min(named + 2 * _CLEAR, node.right - _CLEAR))
            if low < named < high:
                low = named
        return low, high

    def _direct(self, start: Point, asset: Node, touchpoint: Node, up: bool, side: bool, stop: float) -> _Way:
        """The route as one curve (after a way between the lines of holders where there are some between)."""
        towards = -1 if asset.x < touchpoint.x else 1  # the side of the touchpoint a route from the side reaches
        end, ending = self.side_end(touchpoint, towards < 0, up) if side else (
            (stop, touchpoint.bottom if up else touchpoint.top), None)
        runs = self.runs.copy()
        start, passage = _between_holders(start, end, self.holders, self.own.get(asset.name), runs)
        if side:
            bend = max(24.0, abs(end[1] - start[1]) / 2) * (-1 if up else 1)
            last = [start, (start[0], start[1] + bend), (end[0] + towards * 2 * PAD, end[1]), end]
        else:
            last = curve(start, end)
        return _Way(passage + last[1:] if passage else last, runs, side=ending)


@attrs.frozen
class _Way:
    """A route; the spaces between lines of holders it takes, counted with the routes' before it (``runs``); the
    corridors, margins and channels it runs along, each with its trunk (``lanes``); the side of its touchpoint it
    ends on, if it ends on one; and the parts of it that may cross anything (``ends``: its runs along corridors and
    margins, free by the layout, do not), or None for all of it."""

    route: list[Point]
    runs: Counter[int]
    lanes: tuple[tuple[Lane, str], ...] = ()
    side: Side | None = None
    ends: tuple[list[Point], ...] | None = None

    @property
    def crossable(self) -> tuple[list[Point], ...]:
        return (self.route,) if self.ends is None else self.ends


class _Corridors:
    """A contribution's ways by the corridors: out of its holder's strip (between its lines, down a gap in each)
    into the corridor beside it, along that to its touchpoint's, or where that is another (a row or more away, or
    between the lines of a stage) along it to the nearer margin, down that and along the touchpoint's; then onto
    the touchpoint's top or bottom, or beside its column to its side."""

    def __init__(self, router: _Router, start: Point, asset: Node, touchpoint: Node, up: bool, trunk: str) -> None:
        self.router, self.start, self.asset, self.touchpoint, self.up = router, start, asset, touchpoint, up
        self.trunk = trunk  # the contributions of one asset and status that run together
        placed = router.placed
        line = placed.line_of[touchpoint.name][0]
        row = placed.row_of(line)
        self.column: Column = placed.column_of[touchpoint.name]
        lines = placed.row_lines[row]
        # The corridor the route reaches the touchpoint by: over its line, or under it.
        if not up:
            self.near = placed.lanes[line]
        else:
            self.near = placed.lanes[line + 1] if line + 1 in lines else placed.under_rows[row]
        strip = router.strip_of[id(router.own[asset.name])]
        self.far = row not in (strip, strip - 1)  # the holder's strip is neither over nor under its row
        # The corridor out of the holder's strip towards the touchpoint: over the row under the strip, or under
        # the row over it.
        self.out = placed.lanes[placed.row_lines[strip][0]] if not up else placed.under_rows[strip - 1]

    def onto(self, stop: float | None) -> _Way | None:
        """The way onto the touchpoint's top (bottom), at ``stop`` (or its middle); None where another touchpoint
        stands there in its column."""
        touchpoint = self.touchpoint
        if self.column.nodes[-1 if self.up else 0] is not touchpoint:
            return None
        x = touchpoint.x if stop is None else stop
        return self._way(x, [(x, touchpoint.bottom if self.up else touchpoint.top)])

    def beside(self) -> _Way:
        """The way down (up) beside the touchpoint's column, in the middle of the room left of it, to its side."""
        edge, room = self.column.entry
        x = edge - room + max(2 - room, min(self._along("channel", edge, _CHANNEL_LANES) - edge, room - 2))
        end, side = self.router.side_end(self.touchpoint, True, self.up)
        return self._way(x, [(x, end[1]), end], side)

    def _along(self, kind: str, at: float, offsets: tuple[float, ...]) -> float:
        """Where the trunk runs along the corridor, margin or channel of ``kind`` at ``at``."""
        return at + self.router.lane((kind, round(at)), self.trunk, offsets)

    def _way(self, x: float, last: list[Point], side: Side | None = None) -> _Way:
        """The route to (``x``, the near corridor), then through ``last``, ending on the touchpoint's ``side``."""
        router, placed = self.router, self.router.placed
        lanes = [(("corridor", round(self.out)), self.trunk)]
        out = self._along("corridor", self.out, _CORRIDOR_LANES)
        points = []
        if self.out == self.near:  # the touchpoint's corridor is the one out of the strip
            aim = x
        else:  # along to the nearer margin, down (up) it, and along the touchpoint's corridor
            aim = min((placed.margin(left=True), placed.margin(left=False)),
                      key=lambda m: (abs(self.start[0] - m) + abs(m - x), m))
            outwards = -1 if aim < placed.width / 2 else 1
            margin = self._along("margin", aim, tuple(outwards * offset for offset in _MARGIN_LANES))
            near = self._along("corridor", self.near, _CORRIDOR_LANES)
            lanes += [(("margin", round(aim)), self.trunk), (("corridor", round(self.near)), self.trunk)]
            points = [(margin, out), (margin, near), (x, near)]
        if side is not None:
            lanes.append((("channel", round(self.column.entry[0])), self.trunk))
        runs = router.runs.copy()
        leaves = (router.exits.get(self.trunk, self.start[0]), self.start[1])  # where the trunk leaves the asset
        start, passage = _between_holders(leaves, (aim, out), router.holders, router.own.get(self.asset.name), runs)
        corner = points[-1] if points else (x, out)  # where the route leaves the corridors for the touchpoint
        points = [start, (start[0], out), *(points or [corner]), *last]
        route = polyline([point for point, before in zip(points, [None, *points]) if point != before])
        leaving = [*passage[:-1], *polyline([start, (start[0], out)])]
        return _Way(passage + route[1:] if passage else route, runs, tuple(lanes), side,
                    (leaving, polyline([corner, *last])))


class _Obstacles:
    """The nodes, stage names and holders a contribution keeps clear of, on a grid."""

    _CELL = 96.0

    def __init__(self, placed: Placed) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Rect, str, int]]] = {}
        for node in (*placed.touchpoints.values(), *placed.assets.values()):
            self._add((node.left, node.top, node.right, node.bottom), node.name, _NODE)
        for holder in placed.holders:
            title = holder.title
            self._add((title.left, title.top, title.right, title.bottom), title.name, _NODE)
            self._add((holder.left, holder.top, holder.left + holder.width, holder.top + holder.height),
                      f"holder {holder.actor.id}", _HOLDER)
        for block in placed.blocks:
            left, top = block.box[:2]
            self._add((left, top - PAD / 2, left + PAD + block.header[0] + 2, top + PAD + block.header[1]),
                      f"stage {block.stage.id}", _NAME)

    def _add(self, rect: Rect, name: str, cost: int) -> None:
        inner = (rect[0] + 1, rect[1] + 1, rect[2] - 1, rect[3] - 1)  # a line along an outline crosses nothing
        for cell in grid_cells(inner, self._CELL):
            self.cells.setdefault(cell, []).append((inner, name, cost))

    def cost(self, routes: Sequence[list[Point]], own: set[str], holder: Holder | None, limit: float = math.inf) -> int:
        """What ``routes`` (the parts of one) cross, each thing once, but for its ``own`` ends and its ``holder``;
        once that reaches ``limit``, no more is looked for."""
        mine = own | ({f"holder {holder.actor.id}"} if holder is not None else set())
        crossed: set[str] = set()
        total = 0
        for piece in (part[start:start + 4] for part in routes for start in range(0, len(part) - 3, 3)):
            xs, ys = {x for x, _ in piece}, {y for _, y in piece}
            # A run along an axis, as polyline draws the corridors' (the most of a long route), is one chord.
            for (ax, ay), (bx, by) in [(piece[0], piece[3])] if len(xs) == 1 or len(ys) == 1 else chords(piece):
                box = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
                straight = ax == bx or ay == by  # it crosses whatever its box overlaps
                for cell in grid_cells(box, self._CELL):
                    for rect, name, cost in self.cells.get(cell, ()):
                        if name in mine or name in crossed:
                            continue
                        if (rect[0] < box[2] and box[0] < rect[2] and rect[1] < box[3] and box[1] < rect[3]) if straight \
                                else meets((ax, ay, bx, by, 0.0), rect):
                            crossed.add(name)
                            total += cost
                            if total >= limit:
                                return total
        return total


def _top(holder: Holder) -> float:
    return holder.top


def _between_holders(start: Point, end: Point, holders: Sequence[Holder], own: Holder | None,
                     runs: Counter[int]) -> tuple[Point, list[Point]]:
    """Where a route from ``start`` (an asset of ``own``) towards ``end`` is clear of the lines of other ``holders``
    (sorted from the top down) between them, and its way there: straight down (or up) to the middle of the space before each line, below (or
    above) every holder of the line it leaves, along it to the gap between the line's holders nearest ``end``, and
    through the gap (an empty way where no line is in between). ``runs`` counts the routes run along each space so
    far: each runs a little apart from the ones before, not over them."""
    down = end[1] > start[1]
    low, high = sorted((start[1], end[1]))
    lines: dict[float, list[Holder]] = {}
    for holder in holders[bisect_right(holders, low, key=_top):bisect_left(holders, high, key=_top)]:
        if holder is not own and holder.top + holder.height < high:
            lines.setdefault(holder.top, []).append(holder)
    if not lines:
        return start, []
    # The line the route leaves:
    leaving = holders[bisect_left(holders, own.top, key=_top):bisect_right(holders, own.top, key=_top)] if own else []
    y = (max if down else min)([start[1], *((h.top + h.height) if down else h.top for h in leaving)])
    points = [start]
    x = start[0]
    for top in sorted(lines, reverse=not down):
        line = lines[top]
        bottom = max(h.top + h.height for h in line)
        near, far = (top, bottom) if down else (bottom, top)
        taken = runs[round(near)]
        runs[round(near)] += 1
        apart = min(_RUN_APART * ((taken + 1) // 2), abs(near - y) / 2 - 2) * (1 if taken % 2 else -1)
        before = (y + near) / 2 + apart
        x = gap_through(line, end[0])  # the gap nearest the touchpoint: the way on from it is short and plain
        y = far + (HOLDER_GAP / 2) * (1 if down else -1)
        points += [(points[-1][0], before), (x, before), (x, y)]
    return (x, y), polyline(points)
