"""The flow's pieces as placed: stages as blocks of touchpoint columns folded into rows, holders' clusters."""

from __future__ import annotations

import math

import attrs

from journeymap.model import Actor, Stage
from journeymap.rendering.flow_content import Node

COLUMN_GAP = 36.0  # between columns of touchpoints
STAGE_GAP = 20.0  # between stages in a row
STACK_GAP = 14.0  # between touchpoints stacked in one column
PAD = 12.0  # inside a stage, round its touchpoints
HOLDER_PAD = 8.0
TITLE_GAP = 14.0  # between a holder's title and its assets
_ASSET_GAP = 10.0
HOLDER_GAP = 16.0  # between holders in a strip, and between its lines


@attrs.define
class Column:
    """Touchpoints of one stage and one rank, stacked."""

    nodes: list[Node]
    gap: float = COLUMN_GAP  # before it, when another column of its stage stands there
    width: float = attrs.field(init=False)
    height: float = attrs.field(init=False)
    # Once placed: the x that the lines of steps going into it (out of it) keep outside of, its own side or, for
    # the first (last) column of a stage's line, the stage's; and how far outside it they may run.
    entry: tuple[float, float] = attrs.field(init=False, default=(0.0, 0.0))
    exit: tuple[float, float] = attrs.field(init=False, default=(0.0, 0.0))

    def __attrs_post_init__(self) -> None:
        self.width = max(n.width for n in self.nodes)
        self.height = sum(n.height for n in self.nodes) + STACK_GAP * (len(self.nodes) - 1)


@attrs.define
class Block:
    """A stage as drawn: a cluster round lines of columns."""

    stage: Stage
    columns: list[Column]
    header: tuple[float, float]
    lead: float = STAGE_GAP  # before it in a row: room for the label of a step into its first column
    lines: list[list[Column]] = attrs.Factory(list)
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom
    width: float = attrs.field(init=False)  # on one line

    def __attrs_post_init__(self) -> None:
        inner = sum(c.width for c in self.columns) + sum(c.gap for c in self.columns[1:])
        self.width = max(inner, self.header[0]) + 2 * PAD


@attrs.define
class Holder:
    """An actor who holds assets: a cluster of a title and the assets, in lines to the right of it."""

    actor: Actor
    title: Node
    assets: list[Node]
    order: int  # among the holders, in file order
    reach: list[str] = attrs.Factory(list)  # the touchpoints its assets reach, once per contribution
    width: float = 0.0
    height: float = 0.0
    left: float = 0.0
    top: float = 0.0
    wanted: float = 0.0  # where its left side would best stand: centred under the touchpoints it reaches

    def arrange(self, room: float) -> None:
        """Place the title and assets relative to the cluster's corner, asset lines at most ``room`` wide."""
        self.title.x, self.title.y = HOLDER_PAD + self.title.width / 2, HOLDER_PAD + self.title.height / 2
        start = HOLDER_PAD + self.title.width + TITLE_GAP
        x, y, tallest, right = start, HOLDER_PAD, 0.0, start
        for node in self.assets:
            if x > start and x + node.width > start + room:
                x, y, tallest = start, y + tallest + _ASSET_GAP, 0.0
            node.x, node.y = x + node.width / 2, y + node.height / 2
            x += node.width + _ASSET_GAP
            tallest = max(tallest, node.height)
            right = max(right, node.right)
        self.width = right + HOLDER_PAD
        self.height = max(y + tallest, self.title.bottom) + HOLDER_PAD

    def move(self, left: float, top: float) -> None:
        """Put the cluster's top left corner at (left, top)."""
        for node in (self.title, *self.assets):
            node.x += left - self.left
            node.y += top - self.top
        self.left, self.top = left, top


def fold(blocks: list[Block], room: float) -> list[list[Block]]:
    """Rows of whole stages, as text wraps into lines; a stage wider than a row has rows of its own."""
    rows: list[list[Block]] = []
    width = math.inf
    for block in blocks:
        block.lines = [[]]
        inner = 0.0
        for column in block.columns:
            if block.lines[-1] and inner + column.gap + column.width > room - 2 * PAD:
                block.lines.append([])
            inner = inner + column.gap + column.width if block.lines[-1] else column.width
            block.lines[-1].append(column)
        if width + block.lead + block.width <= room and len(block.lines) == 1:
            rows[-1].append(block)
            width += block.lead + block.width
        else:
            rows.append([block])
            width = block.width if len(block.lines) == 1 else math.inf
    return rows


def strip_lines(holders: list[Holder], reached: dict[str, float], room: float) -> list[list[Holder]]:
    """Holders in lines at most ``room`` wide, left to right in the order of where they are wanted.

    A holder is wanted centred under the touchpoints its assets reach among ``reached`` (id: x), its row's.
    """
    for holder in holders:
        xs = [reached[t] for t in holder.reach if t in reached]
        holder.wanted = sum(xs) / len(xs) - holder.width / 2 if xs else math.inf
    lines: list[list[Holder]] = [[]]
    width = 0.0
    for holder in sorted(holders, key=lambda h: (h.wanted, h.order)):
        if lines[-1] and width + HOLDER_GAP + holder.width > room:
            lines.append([])
        width = width + HOLDER_GAP + holder.width if lines[-1] else holder.width
        lines[-1].append(holder)
    return lines if holders else []


def place_lines(lines: list[list[Holder]], top: float, left: float, room: float) -> float:
    """Place lines of holders from ``top`` down, between ``left`` and ``left + room``; the bottom of the last.

    In each line, holders are first pushed right as far as they are wanted (one wanted nowhere, as it reaches no
    touchpoint, stands next to the one before), then left as far as the line ends.
    """
    for line in lines:
        lefts, cursor = [], left
        for holder in line:
            lefts.append(cursor if math.isinf(holder.wanted) else max(cursor, min(holder.wanted, left + room)))
            cursor = lefts[-1] + holder.width + HOLDER_GAP
        limit = left + room
        for index in reversed(range(len(line))):
            lefts[index] = min(lefts[index], limit - line[index].width)
            limit = lefts[index] - HOLDER_GAP
        for holder, place in zip(line, lefts):
            holder.move(place, top)
        top += max(h.height for h in line) + HOLDER_GAP
    return top - HOLDER_GAP
