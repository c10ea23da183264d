"""Folding a wide canvas into rows of whole stages, as text wraps into lines, each row no wider than a page."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeymap.rendering.canvas_cards import GUTTER, Card
from journeymap.rendering.canvas_content import Content

ROW_WIDTH = 2326.0
"""The widest a row of the canvas may be, in points: A1 landscape (841 mm) less Graphviz's 0.4-inch pad on
each side, so a row prints at full size, text at 9 pt or more, on the usual paper of a journey-mapping wall,
and fills a wide screen. A map that fits is drawn as one row, as it always was."""

_START_HERE = 0.25  # the share of a row that must be free for a stage too wide for any row to begin in it
_ROUNDS = 4  # times to fold again after a stage's part had to widen its columns to hold its header


@attrs.frozen
class Fold:
    """One row of the folded canvas: a run of columns, and the stage headers over them."""

    columns: range
    stages: tuple[tuple[range, Card], ...]


def fold(content: Content, widths: list[float], room: float) -> list[Fold]:
    """The canvas's rows of whole stages, balanced, each with columns of at most ``room`` points and gutters."""
    stages = [(range(columns[0], columns[-1] + 1), card) for columns, card in content.stages]
    if sum(widths) + GUTTER * len(widths) <= room:
        return [Fold(range(len(widths)), tuple(stages))]
    # A stage wider than a row goes on over the next rows, each part under a header of its own; a part
    # narrower than its stage's name widens its columns, which may move the breaks: then fold again.
    for _ in range(_ROUNDS):
        rows = _balanced([span for span, _ in stages], [w + GUTTER for w in widths], room)
        folds = [Fold(row, tuple(parts)) for row, parts in zip(rows, _parts(content, stages, rows))]
        if not any([_widen(widths, columns, card.width) for f in folds for columns, card in f.stages]):
            break
    return folds


def _parts(content: Content, stages: list[tuple[range, Card]], rows: list[range]) -> list[list[tuple[range, Card]]]:
    """The stages in each row, each under its own header, or under one for the part of it in the row."""
    parts: list[list[tuple[range, Card]]] = [[] for _ in rows]
    row = 0
    for span, card in stages:  # both in order: one pass
        while rows[row].stop <= span.start:
            row += 1
        for n in range(row, len(rows)):
            columns = range(max(span.start, rows[n].start), min(span.stop, rows[n].stop))
            if not columns:
                break
            header = card
            if columns != span:
                stage = content.columns[span.start].stage
                after = content.columns[columns.start].touchpoint if columns.start > span.start else None
                header = content.stage_card(stage, len(columns), after=after)
            parts[n].append((columns, header))
    return parts


def _widen(widths: list[float], columns: range, width: float) -> bool:
    """Widen columns alike so that together they are at least ``width`` wide; whether they had to."""
    span = sum(widths[c] for c in columns) + GUTTER * (len(columns) - 1)
    if width <= span:
        return False
    extra = (width - span) / len(columns)
    for c in columns:
        widths[c] += extra
    return True


def _rows(stages: Sequence[range], costs: Sequence[float], room: float) -> list[range]:
    """Rows of columns filled as text fills lines: stages are words, kept whole unless longer than a line."""
    rows, start, used = [], 0, 0.0
    for span in stages:
        cost = sum(costs[c] for c in span)
        if used + cost <= room:
            used += cost
            continue
        if cost <= room or room - used < room * _START_HERE:
            if span.start > start:
                rows.append(range(start, span.start))
            start, used = span.start, 0.0
            if cost <= room:
                used = cost
                continue
        for column in span:  # a stage too wide for any row: break it between columns
            if used + costs[column] > room and column > start:
                rows.append(range(start, column))
                start, used = column, 0.0
            used += costs[column]
    if len(costs) > start or not rows:
        rows.append(range(start, len(costs)))
    return rows


def _balanced(stages: Sequence[range], costs: Sequence[float], room: float) -> list[range]:
    """As few rows as fit in ``room``, laid out in the narrowest room that needs no more of them: even rows."""
    high = max([room, *costs])
    count = len(_rows(stages, costs, high))
    low = max(costs, default=0.0)
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_rows(stages, costs, middle)) <= count:
            high = middle
        else:
            low = middle
    return _rows(stages, costs, high)
