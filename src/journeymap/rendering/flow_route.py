"""The flow's edges: routes as cubic Bézier control points, and free places for their labels."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from journeymap.rendering.flow_content import LINE, Node
from journeymap.rendering.flow_fold import Holder
from journeymap.rendering.fonts import text_width

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom
End = tuple[Node, Node, bool, bool]  # a contribution's asset and touchpoint, whether it goes up, whether from the side
# Where along an edge its label may go, best first: the middle, then further out, then in between.
_LABEL_TRIES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85, 0.1, 0.9, 0.95)
FAN = 0.7  # the share of a node's side that the ends of its edges spread over
_CLEAR = 4.0  # how far a line passing between two holders keeps from either
_PASS = 12.0  # as far as it keeps where the gap between them is wide enough
_LABEL_GAP = 3.0  # between two labels
# Room a label is first given either side along its line, from every line but its own and every other label: a line
# passing that near its end seems to be the one it names (lanes side by side, over and under it, are nearer).
_ROOM = 8.0
_OUTLINE_GAP = 2.0  # between a label and a stage's or holder's outline, where it can
# How much of a step's line a label on it leaves showing at least, either side (its width tells its cases); a step
# too short for that has its label over or under it.
SHOWN = 32.0
_SOLID, _LINE, _OUTLINE = range(3)  # what drew on a place: a node or label, a line, an outline
_FLAT = 1.0  # how far a curve may stray from the chords it is traced by, for labels to keep clear of
Chord = tuple[float, float, float, float, float]  # a line's piece: from x, y to x, y, and how far round it it is
Place = tuple[Point, Rect, Rect]  # a label's centre, its box, and its box with the room it is first given


class Free:
    """What is drawn where, on a grid, so that each edge label finds a place clear of nodes and other labels. Lines
    and the outlines of stages and holders are marked apart: a label keeps clear of outlines where it can, and one
    that finds no place clear of everything else may still cross lines (see least_crowded)."""

    _CELL = 96.0

    def __init__(self) -> None:
        # Each rect drawn (a chord's: round it), what drew it (_SOLID, _LINE, _OUTLINE), the chord where a curve's,
        # and whose line it is (an edge's number, -1 for none).
        self.cells: dict[tuple[int, int], list[tuple[Rect, int, Chord | None, int]]] = {}

    def _cells(self, rect: Rect) -> Iterator[tuple[int, int]]:
        return grid_cells(rect, self._CELL)

    def take(self, rect: Rect, *, line: bool = False, chord: Chord | None = None, owner: int = -1) -> None:
        """Mark ``rect`` as drawn on (by a piece of a ``line``, edge ``owner``'s, or by a node or a label), or only the
        ``chord`` of a curve within it."""
        self._mark(rect, _LINE if line else _SOLID, chord, owner)

    def _mark(self, rect: Rect, kind: int, chord: Chord | None = None, owner: int = -1) -> None:
        """Mark ``rect`` as drawn on by ``kind`` (``owner``'s), or only the ``chord`` of a curve within it."""
        entry, cells, size = (rect, kind, chord, owner), self.cells, self._CELL  # the loop written out: it is hot
        for i in range(int(rect[0] // size), int(rect[2] // size) + 1):
            for j in range(int(rect[1] // size), int(rect[3] // size) + 1):
                cells.setdefault((i, j), []).append(entry)

    def take_outline(self, box: Rect) -> None:
        """Mark the outline of ``box`` (a stage's or a holder's) as drawn on, _OUTLINE_GAP either side of it."""
        left, top, right, bottom = box
        for side in ((left, top, right, top), (left, bottom, right, bottom), (left, top, left, bottom),
                     (right, top, right, bottom)):
            self._mark((side[0] - _OUTLINE_GAP, side[1] - _OUTLINE_GAP, side[2] + _OUTLINE_GAP,
                        side[3] + _OUTLINE_GAP), _OUTLINE)

    def take_label(self, rect: Rect) -> None:
        """Mark a label's box as drawn on, with _LABEL_GAP round it: labels side by side would read as one."""
        self.take((rect[0] - _LABEL_GAP, rect[1] - _LABEL_GAP, rect[2] + _LABEL_GAP, rect[3] + _LABEL_GAP))

    def _overlapping(self, rect: Rect, own: int = -1) -> Iterator[int]:
        """For each thing drawn that overlaps ``rect`` (once per grid cell they share), what drew it; with ``own``, but
        for that edge's line."""
        return (kind for cell in self._cells(rect) for o, kind, chord, owner in self.cells.get(cell, ())
                if o[0] < rect[2] and rect[0] < o[2] and o[1] < rect[3] and rect[1] < o[3]
                and (own < 0 or owner != own) and (chord is None or meets(chord, rect)))

    def clear(self, rect: Rect) -> bool:
        """Whether nothing drawn overlaps ``rect``."""
        return not any(True for _ in self._overlapping(rect))

    def places(self, route: list[Point], lines: list[str], size: float, *, beside: bool, gap: float = 2.0,
               under: bool = False, on: bool = False) -> Iterator[Place]:
        """Where a label may go along ``route``, best first (beside it, right of it or with ``under`` left of it, or
        over it ``gap`` points clear, or with ``under`` under it; or ``on`` it, centred on the line): each Place,
        worked out as they are asked for."""
        width = max(text_width(line, size) for line in lines)
        height = len(lines) * size * LINE + 2
        side = -1 if under else 1
        for t in _LABEL_TRIES:
            x, y = at(route, t)
            if on:
                centre = (x, y)
            else:
                centre = (x + side * (2 + gap + width / 2), y) if beside else (x, y - side * (gap + height / 2))
            yield label_place(centre, width, height, along_x=not beside)

    def first_clear(self, places: Iterable[Place], *, outlines: bool = True, own: int = -1,
                    on_own: bool = False) -> Point | None:
        """The first of ``places`` that nothing drawn overlaps; for a label of edge ``own``, the first such with its
        room clear of all but its own line where one is, no further than one sweep of _LABEL_TRIES past the first
        that is only clear. Else (with ``outlines``) the first that only outlines overlap. Taken; None if none.
        ``on_own``: places on edge ``own``'s line, which a label there breaks: one must have its room clear."""
        clear: tuple[Point, Rect] | None = None  # the first place nothing overlaps
        across: tuple[Point, Rect] | None = None  # the first only outlines overlap
        left = len(_LABEL_TRIES)  # places still looked at for room, once one is clear
        for centre, rect, room in places:
            if clear is not None:
                left -= 1
                if left < 0:
                    break
            outlined = False
            for kind in self._overlapping(rect, own if on_own else -1):
                if kind != _OUTLINE:
                    break
                outlined = True
            else:
                if outlined:
                    across = across or (centre, rect)
                elif own < 0 or not any(True for _ in self._overlapping(room, own)):
                    self.take_label(rect)
                    return centre
                elif not on_own:  # a label on a line that another passes near would seem to name that one too
                    clear = clear or (centre, rect)
        chosen = clear or (across if outlines else None)
        if chosen is None:
            return None
        self.take_label(chosen[1])
        return chosen[0]

    def least_crowded(self, places: list[Place]) -> Point | None:
        """Of ``places``, the one crossing fewest lines and nothing else, or failing that fewest lines and outlines
        (one counting twice: across a stage's edge, a label seems to name the stage), taken; None if each overlaps a
        node or a label. (A label on a backdrop stays legible over lines drawn before it.)"""
        best: tuple[tuple[bool, int], int] | None = None
        for index, (_, rect, _) in enumerate(places):
            outlined, crossed = False, 0
            for kind in self._overlapping(rect):
                outlined = outlined or kind == _OUTLINE
                crossed += 2 if kind == _OUTLINE else 1
                if kind == _SOLID or (best is not None and (outlined, crossed) >= best[0]):  # no better: stop
                    break
            else:
                best = ((outlined, crossed), index)
        if best is None:
            return None
        centre, rect, _ = places[best[1]]
        self.take_label(rect)
        return centre


def label_place(centre: Point, width: float, height: float, *, along_x: bool) -> Place:
    """The Place of a label ``width`` by ``height`` at ``centre``, its room _ROOM either side along x (over or under
    a line) or, not ``along_x``, along y (beside one)."""
    x, y = centre
    box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
    across, down = (_ROOM, 0.0) if along_x else (0.0, _ROOM)
    return centre, box, (box[0] - across, box[1] - down, box[2] + across, box[3] + down)


def grid_cells(rect: Rect, size: float) -> Iterator[tuple[int, int]]:
    """The cells of a grid of ``size``-point squares that ``rect`` overlaps."""
    for i in range(int(rect[0] // size), int(rect[2] // size) + 1):
        for j in range(int(rect[1] // size), int(rect[3] // size) + 1):
            yield i, j


def at(route: list[Point], t: float) -> Point:
    """The point of a Bézier spline (cubic pieces end to end) a share ``t`` of the way along its pieces."""
    pieces = (len(route) - 1) // 3
    piece = min(int(t * pieces), pieces - 1)
    u = t * pieces - piece
    weights = ((1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u ** 2, u ** 3)
    points = route[3 * piece:3 * piece + 4]
    return (sum(w * p[0] for w, p in zip(weights, points)), sum(w * p[1] for w, p in zip(weights, points)))


def curve(start: Point, end: Point) -> list[Point]:
    """A cubic leaving ``start`` and reaching ``end`` vertically."""
    bend = max(24.0, abs(end[1] - start[1]) / 2) * (1 if end[1] > start[1] else -1)
    return [start, (start[0], start[1] + bend), (end[0], end[1] - bend), end]


def polyline(points: list[Point]) -> list[Point]:
    """Straight segments through ``points`` as cubic Bézier control points."""
    route = [points[0]]
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        route += [(ax + (bx - ax) / 3, ay + (by - ay) / 3), (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3), (bx, by)]
    return route


def fan(ends: list[tuple[Node, bool, float, int]],
        span: Callable[[Node, bool], tuple[float, float]] | None = None) -> dict[int, float]:
    """Where along its node's top or bottom side (``up``: its bottom) each edge ends: spread out in the order of their
    other ends, over the middle FAN of the side or the ``span`` of it given."""
    sides: dict[tuple[str, bool], list[tuple[float, int]]] = {}
    nodes: dict[str, Node] = {}
    for node, up, other, index in ends:
        sides.setdefault((node.name, up), []).append((other, index))
        nodes[node.name] = node
    placed = {}
    for (name, up), group in sides.items():
        node = nodes[name]
        low, high = span(node, up) if span else (node.x - node.width * FAN / 2, node.x + node.width * FAN / 2)
        for position, (_, index) in enumerate(sorted(group)):
            placed[index] = low + (high - low) * (position + 1) / (len(group) + 1)
    return placed


def gap_through(strip: Sequence[Holder], wanted: float, offset: float = 0.0, spread: float = 0.0) -> float:
    """The x where a line passes down through a strip of holders, ``offset`` from the middle of its bundle (lines
    ``spread`` either side of it at most): the bundle nearest ``wanted`` keeps _PASS from the holders; in a narrower
    gap it takes the middle, drawn together to keep _CLEAR (a line along a holder would seem to outline it)."""
    taken = sorted((h.left, h.left + h.width) for h in strip)
    free, cursor = [], -math.inf
    for left, right in taken:
        if left > cursor:
            free.append((cursor, left))
        cursor = max(cursor, right)
    free.append((cursor, math.inf))
    keep = _PASS + spread

    def middle(left: float, right: float) -> float:
        return (left + right) / 2 if right - left < 2 * keep else min(max(wanted, left + keep), right - keep)

    left, right = min(free, key=lambda gap: abs(middle(*gap) - wanted))
    room = (right - left) / 2 - _CLEAR
    return middle(left, right) + (offset * min(1.0, room / spread) if spread else 0.0)


def share_lanes(routes: Sequence[list[Point]], lanes: int, pinned: Sequence[list[Point]] = ()) -> list[int]:
    """A lane (0 to ``lanes`` - 1) for each detour, from its route in the middle lane (``polyline``'s): the one
    nearest the middle that no earlier detour running the same stretch the same way holds (along one lane or
    corridor, down one gap or margin), nor a ``pinned`` route (which keeps to the middle lane), else the one held
    least, so that lines run side by side, not one over another."""
    middle = lanes // 2
    held: dict[tuple[bool, int], list[tuple[float, float, int]]] = {}
    for route in pinned:
        for key, low, high in _runs(route):
            held.setdefault(key, []).append((low, high, middle))
    chosen = []
    for route in routes:
        runs = list(_runs(route))
        taken = Counter(lane for key, low, high in runs for other_low, other_high, lane in held.get(key, ())
                        if low < other_high and other_low < high)
        lane = min(range(lanes), key=lambda lane: (taken[lane], abs(lane - middle), lane))
        for key, low, high in runs:
            held.setdefault(key, []).append((low, high, lane))
        chosen.append(lane)
    return chosen


def _runs(route: list[Point]) -> Iterator[tuple[tuple[bool, int], float, float]]:
    """The straight runs of a ``polyline`` route: whether it runs down, where it runs (x down, else y, to the point),
    and the stretch it covers."""
    corners = route[::3]
    for (x, y), (other_x, other_y) in zip(corners, corners[1:]):
        if y == other_y and x != other_x:
            yield (False, round(y)), min(x, other_x), max(x, other_x)
        elif x == other_x and y != other_y:
            yield (True, round(x)), min(y, other_y), max(y, other_y)


def trace(free: Free, route: list[Point], width: float, owner: int = -1) -> None:
    """Mark a line ``width`` points wide along ``route`` (edge ``owner``'s) as drawn on, for labels to keep clear of:
    each straight run along an axis (as ``polyline`` draws them) as one box, any other piece as the chords it is
    near."""
    half = width / 2
    for start in range(0, len(route) - 3, 3):
        piece = route[start:start + 4]
        xs, ys = [x for x, _ in piece], [y for _, y in piece]
        if (min(xs) == max(xs) and _monotone(ys)) or (min(ys) == max(ys) and _monotone(xs)):  # a straight run
            free.take((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half), line=True, owner=owner)
            continue
        reach = half + _FLAT  # round a chord, all the line is
        for (ax, ay), (bx, by) in chords(piece):
            left, right = (ax, bx) if ax < bx else (bx, ax)
            top, bottom = (ay, by) if ay < by else (by, ay)
            free.take((left - reach, top - reach, right + reach, bottom + reach), line=True,
                      chord=(ax, ay, bx, by, reach), owner=owner)


def _monotone(values: list[float]) -> bool:
    return values == sorted(values) or values == sorted(values, reverse=True)


def chords(piece: list[Point]) -> Iterator[tuple[Point, Point]]:
    """A cubic piece as chords, in order, none straying _FLAT from the curve nor longer than a grid cell: halved
    (de Casteljau) until its control points lie that near its chord."""
    longest, flat = Free._CELL ** 2, _FLAT ** 2  # squared, as the distances are taken
    stack = [tuple(piece)]
    while stack:
        p0, p1, p2, p3 = stack.pop()
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = p0, p1, p2, p3
        if (x3 - x0) ** 2 + (y3 - y0) ** 2 <= longest and _off_squared(x1, y1, x0, y0, x3, y3) <= flat \
                and _off_squared(x2, y2, x0, y0, x3, y3) <= flat:
            yield p0, p3
            continue
        ax, ay, bx, by, cx, cy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 + x2) / 2, (y1 + y2) / 2, (x2 + x3) / 2, (y2 + y3) / 2
        dx, dy, ex, ey = (ax + bx) / 2, (ay + by) / 2, (bx + cx) / 2, (by + cy) / 2
        f = ((dx + ex) / 2, (dy + ey) / 2)
        stack += [(f, (ex, ey), (cx, cy), p3), (p0, (ax, ay), (dx, dy), f)]


def _off_squared(x: float, y: float, ax: float, ay: float, bx: float, by: float) -> float:
    """How far (x, y) lies from the segment from (ax, ay) to (bx, by), squared."""
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2


def meets(chord: Chord, rect: Rect) -> bool:
    """Whether a chord of a line (with its reach round it) crosses ``rect`` (Liang and Barsky's clipping)."""
    ax, ay, bx, by, half = chord
    dx, dy = bx - ax, by - ay
    low, high = 0.0, 1.0
    for p, q in ((-dx, ax - rect[0] + half), (dx, rect[2] + half - ax), (-dy, ay - rect[1] + half),
                 (dy, rect[3] + half - ay)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def place_step_label(free: Free, route: list[Point], along: list[Point], lines: list[str], size: float, gap: float,
                     *, numbered: bool, own: int = -1, on_line: bool = False) -> Point | None:
    """Where a step's label goes: over ``along`` (the route, or a detour's last lane), else under it. A step with
    numbers from records, whose label is longer: one curve is labelled over its highest point or under its lowest,
    where it cannot cross its own label; a route of many pieces over or under ``along``, or beside the route (beside
    a corridor it runs down). The first place clear of everything, else the first crossing only an outline, else
    the place crossing fewest lines (Free.least_crowded); ``own``: the step's number, as its line was traced.
    ``on_line`` (a label on a backdrop): first on its line where the line shows SHOWN points either side."""
    crowded = None  # where a label goes where every place crosses a line, if not in one of ``places``
    if on_line:  # on its line, which its backdrop breaks, its line showing either side: it can name no other
        reach = max(text_width(line, size) for line in lines) / 2 + SHOWN
        ends = (along[0], along[-1])
        on = (place for place in free.places(along, lines, size, beside=False, on=True)
              if all(math.dist(place[0], end) >= reach for end in ends))
        found = free.first_clear(on, outlines=False, own=own, on_own=True)
        if found is not None:
            return found
    if not numbered:  # a hand-made map's label: over its line all the same
        crowded = list(free.places(along, lines, size, beside=False, gap=gap))
        places = [*crowded, *free.places(along, lines, size, beside=False, gap=gap, under=True)]
    elif len(route) == 4:
        ys = [at(route, n / 16)[1] for n in range(17)]
        high, low = min(ys), max(ys)
        start, end = route[0][0], route[-1][0]
        places = [*free.places([(start, high), (start, high), (end, high), (end, high)], lines, size, beside=False,
                               gap=gap),
                  *free.places([(start, low), (start, low), (end, low), (end, low)], lines, size, beside=False,
                               gap=gap, under=True)]
    else:
        places = [*free.places(along, lines, size, beside=False, gap=gap),
                  *free.places(along, lines, size, beside=False, gap=gap, under=True),
                  *free.places(route, lines, size, beside=True, gap=gap)]
    return (free.first_clear(places, outlines=False, own=own) or free.first_clear(places)
            or free.least_crowded(crowded or places))
