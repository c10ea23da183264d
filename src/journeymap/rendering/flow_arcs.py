"""Steps that arc along a line of touchpoints on a map with numbers from records, each on a level of its own.

A step that skips a column, goes back or loops leaves its touchpoint's top (or bottom), runs along a level of
its own over (or under) the line and comes down (or up) into the other. Steps going on arc over the line and
steps going back under it, each where the touchpoints at its ends are free to be left that way (a touchpoint
with another stacked over it is left from below). Levels nest by span: short arcs low, long arcs high, two
arcs on one level only where they at most touch at a column. Between a level and the next stands a slot as
high as the labels on it, so each arc's label sits along its own level with no other level through it, and
the band of levels over a line grows with the arcs it holds. On a touchpoint's side the arcs' ends stand so
that no arc's rise crosses a lower arc's level: first a loop on the touchpoint itself, then the arcs to the
left, lowest first, then those to the right, highest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from journeymap.model import FlowEdge
from journeymap.rendering.flow_content import LINE, Node
from journeymap.rendering.flow_route import SHOWN, End, Free, Point, label_place, polyline
from journeymap.rendering.fonts import text_width

FOOT = 22.0  # from a line's top (or bottom) to its nearest level: room for a corner and an arrowhead
_CORNER = 8.0
_SPACE = 4.0  # between a label and the next level's line
_FAN = 0.7  # the share of a touchpoint's side its arcs' ends spread over
_LABEL_STEP = 3.0
_LOOP = 3.0  # how many times further apart a loop's ends stand than the ends of other arcs  # points between the places tried for a label along its level


@attrs.define
class Arc:
    """A step arcing along line ``line`` between the columns at places ``low`` and ``high`` of it."""

    index: int  # the step's among the flow's
    line: int
    source: str
    target: str
    low: int
    high: int
    above: bool
    width: float  # its line's, in points
    room: float  # how high its label stands over (or under) its level, gap included
    level: int = 0  # 1 is nearest the line

    def holds(self, other: Arc) -> bool:
        """Whether ``other``'s span lies within this one's, so that this arc must run over it."""
        return self.low <= other.low and other.high <= self.high

    def meets(self, other: Arc) -> bool:
        """Whether the two cannot share a level: their spans share more than a column, or a loop stands in the
        other's span."""
        if self.low == self.high or other.low == other.high:
            return max(self.low, other.low) <= min(self.high, other.high)
        return max(self.low, other.low) < min(self.high, other.high)


@attrs.define
class ArcRoute:
    """An arc's route, its level's y and the ends of its run along it."""

    route: list[Point]
    y: float
    left: float
    right: float
    above: bool


class Arcs:
    """The arcs of a flow along its lines, their levels, and how high each line's band of them is."""

    def __init__(self, arcs: list[Arc]) -> None:
        self.arcs = {arc.index: arc for arc in arcs}
        self.offsets: dict[tuple[int, bool], list[float]] = {}  # per line and side: each level's distance out
        self.bands: dict[tuple[int, bool], float] = {}
        sides: dict[tuple[int, bool], list[Arc]] = {}
        for arc in arcs:
            sides.setdefault((arc.line, arc.above), []).append(arc)
        for key, side in sides.items():
            self._stack(sorted(side, key=lambda a: (a.high - a.low, a.low, a.high, a.index)), key)

    def _stack(self, arcs: list[Arc], key: tuple[int, bool]) -> None:
        placed: list[Arc] = []
        for arc in arcs:  # over every arc within its span, on the lowest level no arc it meets is on
            taken = {other.level for other in placed if arc.meets(other)}
            arc.level = 1 + max((other.level for other in placed if arc.holds(other)), default=0)
            while arc.level in taken:
                arc.level += 1
            placed.append(arc)
        count = max(a.level for a in arcs)
        widths = [max((a.width for a in arcs if a.level == n), default=0.0) for n in range(1, count + 2)]
        rooms = [max((a.room for a in arcs if a.level == n), default=0.0) for n in range(1, count + 1)]
        offsets = [FOOT + widths[0] / 2]
        for n in range(1, count):
            offsets.append(offsets[-1] + widths[n - 1] / 2 + rooms[n - 1] + _SPACE + widths[n] / 2)
        self.offsets[key] = offsets
        self.bands[key] = offsets[-1] + widths[count - 1] / 2 + rooms[-1] + _SPACE

    def band(self, line: int, above: bool) -> float:
        """How far over (or under) the line its arcs and their labels reach; 0 for none."""
        return self.bands.get((line, above), 0.0)

    def routes(self, nodes: dict[str, Node], tops: list[float], bottoms: list[float],
               contributions: list[End]) -> tuple[dict[int, ArcRoute], dict[int, float]]:
        """Each arc's route, by its step's index, the touchpoints placed and each line's top and bottom; and where
        on a touchpoint's side with arcs' ends each of the ``contributions`` reaching that side ends, by its index:
        between the arcs to the left and those to the right, where it crosses none of them."""
        sides: dict[tuple[str, bool], list[tuple[tuple[int, float], int, bool]]] = {}
        for arc in self.arcs.values():
            for name, other, is_source in ((arc.source, arc.target, True), (arc.target, arc.source, False)):
                if arc.source == arc.target:
                    order = (0, 0.0 if is_source else 1.0)
                elif nodes[other].x < nodes[name].x:
                    order = (1, arc.level)
                else:
                    order = (3, -arc.level)
                sides.setdefault((name, arc.above), []).append((order, arc.index, is_source))
        for number, (asset, touchpoint, up, side) in enumerate(contributions):
            if not side and (touchpoint.name, not up) in sides:
                sides[touchpoint.name, not up].append(((2, asset.x), -1 - number, True))
        xs: dict[tuple[int, bool], float] = {}
        for (name, _), ends in sides.items():
            node, ends = nodes[name], sorted(ends)
            # A loop's two ends stand _LOOP steps apart, wide enough for its label to stand beside it.
            steps = [0.0]
            for before, after in zip(ends, ends[1:]):
                steps.append(steps[-1] + (_LOOP if before[0] == (0, 0.0) and after[0] == (0, 1.0) else 1.0))
            for step, (_, index, is_source) in zip(steps, ends):
                xs[index, is_source] = node.x + node.width * _FAN * ((step + 1) / (steps[-1] + 2) - 0.5)
        routes = {}
        for arc in self.arcs.values():
            out = self.offsets[arc.line, arc.above][arc.level - 1]
            y = tops[arc.line] - out if arc.above else bottoms[arc.line] + out
            source, target = nodes[arc.source], nodes[arc.target]
            start = (xs[arc.index, True], source.top if arc.above else source.bottom)
            end = (xs[arc.index, False], target.top if arc.above else target.bottom)
            routes[arc.index] = ArcRoute(_arch(start, end, y), y, min(start[0], end[0]), max(start[0], end[0]),
                                         arc.above)
        return routes, {-1 - index: x for (index, _), x in xs.items() if index < 0}


def plan(edges: Iterable[FlowEdge], place: Callable[[str], tuple[int, int]], free_side: Callable[[str, bool], bool],
         width: Callable[[FlowEdge], float], room: Callable[[FlowEdge], float]) -> Arcs:
    """The arcs among ``edges``: the steps along a line (``place`` gives a touchpoint's line and column) that do
    not run straight on to the next column; over the line going on, under it going back, unless ``free_side``
    says a touchpoint at an end cannot be left over (True) or under (False) it."""
    arcs = []
    for index, edge in enumerate(edges):
        (line, column), (target_line, target_column) = place(edge.source), place(edge.target)
        if line != target_line or target_column == column + 1:
            continue
        above = target_column > column or (target_column == column and free_side(edge.source, True))
        if not (free_side(edge.source, above) and free_side(edge.target, above)) and \
                free_side(edge.source, not above) and free_side(edge.target, not above):
            above = not above
        arcs.append(Arc(index, line, edge.source, edge.target, min(column, target_column),
                        max(column, target_column), above, width(edge), room(edge)))
    return Arcs(arcs)


def label_room(lines: list[str], size: float, gap: float) -> float:
    """How high a label of ``lines`` at ``size`` points stands off its level, ``gap`` points clear of it."""
    return gap + len(lines) * size * LINE + 2


def place_label(free: Free, arc: ArcRoute, lines: list[str], size: float, gap: float, own: int = -1,
                on_line: bool = False) -> Point | None:
    """The centre of a free place for an arc's label along its level, over it (or under it, for an arc under its
    line), as near the middle of its run as is free (see Free.first_clear: ``own``, the step's number), taken; None
    if none. ``on_line`` (a label on a backdrop): on the level itself first, where it shows SHOWN points either side."""
    width = max(text_width(line, size) for line in lines)
    height = len(lines) * size * LINE + 2
    middle = (arc.left + arc.right) / 2

    def middle_first(reach: float) -> list[float]:
        """The places along the level at most ``reach`` from its middle, a step apart, the middle first."""
        steps = int(reach // _LABEL_STEP)
        return sorted((middle + n * _LABEL_STEP for n in range(-steps, steps + 1)), key=lambda x: abs(x - middle))

    on_level = (arc.right - arc.left) / 2 - width / 2 - SHOWN  # on the level, the level showing either side
    if on_line and on_level >= 0:
        found = free.first_clear((label_place((x, arc.y), width, height, along_x=True) for x in middle_first(on_level)),
                                 outlines=False, own=own, on_own=True)
        if found is not None:
            return found
    y = arc.y - gap - height / 2 if arc.above else arc.y + gap + height / 2
    reach = (arc.right - arc.left) / 2 + width / 2 - _LABEL_STEP  # the label still over some of the run
    return free.first_clear((label_place((x, y), width, height, along_x=True) for x in middle_first(reach)), own=own)


def _arch(start: Point, end: Point, y: float) -> list[Point]:
    """Up (or down) from ``start`` to the level ``y``, along it and down (or up) into ``end``, corners rounded."""
    (x0, y0), (x1, y1) = start, end
    toward = 1.0 if x1 >= x0 else -1.0
    outward = -1.0 if y < y0 else 1.0
    corner = min(_CORNER, abs(x1 - x0) / 2, abs(y - y0) / 2, abs(y - y1) / 2)
    rise = polyline([start, (x0, y - outward * corner)])
    run = [(x0, y), (x0, y), (x0 + toward * corner, y)]
    along = polyline([(x0 + toward * corner, y), (x1 - toward * corner, y)])[1:] if abs(x1 - x0) > 2 * corner else []
    turn = [(x1, y), (x1, y), (x1, y - outward * corner)]
    fall = polyline([(x1, y - outward * corner), end])[1:]
    return [*rise, *run, *along, *turn, *fall]
