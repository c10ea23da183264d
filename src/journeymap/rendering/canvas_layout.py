"""The canvas placed: column widths, rows of stages, row heights, and every node written where it goes."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import graphviz

from journeymap.rendering import dot
from journeymap.rendering.canvas_cards import (GAP, GUTTER, LEVEL, MARKER, MIN_COLUMN, MIN_HEADER, MIN_ROW, PAD,
                                            ROW_PAD, VISIBILITY_LABEL, Card, Group, Row)
from journeymap.rendering.canvas_content import Content
from journeymap.rendering.canvas_fold import Fold, fold
from journeymap.rendering.canvas_text import Block, small_caps, stack, stack_size, text
from journeymap.rendering.legend import signed
from journeymap.rendering.style import Box, Stroke
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN

FOLD_GAP = 48.0  # between one row of stages and the next
STRETCH = 1.25  # how much wider a row's columns may grow to end with the widest row


@attrs.define
class _Band:
    """One row of stages as placed: where it starts, how wide it is, and its lanes' rows' tops and heights."""

    fold: Fold
    number: int  # counting from 1
    top: float
    width: float = 0.0
    stage_height: float = MIN_ROW
    rows: dict[str, tuple[float, float]] = attrs.Factory(dict)  # a row's key: its top and height
    loose: list[tuple[float, float]] = attrs.Factory(list)  # rows tied to no column, top and bottom: no stage rules
    bottom: float = 0.0

    @property
    def prefix(self) -> str:
        """Before the names and ids of what is drawn for the row itself (headers, bands, rules) after the first."""
        return f"row{self.number}-" if self.number > 1 else ""


class Layout:
    """Column widths, rows of stages, row heights and the positions of everything, from the cards' sizes."""

    def __init__(self, content: Content, row_width: float) -> None:
        self.content = content
        self.theme = content.theme
        self.rows = [row for lane in content.lanes for row in lane.rows]
        headers = [r.header for r in self.rows]
        self.header_width = _header_width(headers)
        self.widths = self._column_widths()
        start = self.header_width + GUTTER
        if start + sum(self.widths) + GUTTER * len(self.widths) > row_width:
            everywhere = range(len(self.widths))
            self.header_width = _header_width([*headers, content.unused_header(everywhere), content.unused_header(())])
            start = self.header_width + GUTTER
        self.labels: dict[str, tuple[str, float]] = {}  # a row's header: markup and height, the same on every row
        self.folds = fold(content, self.widths, row_width - start)
        if len(self.folds) > 1:
            self._justify()
        self.lefts = [0.0] * len(self.widths)
        self.places: dict[str, tuple[float, float, float]] = {}  # loose cards: left, top within the row, width
        self.bands: list[_Band] = []
        top = 0.0
        for n, folded in enumerate(self.folds):
            band = _Band(folded, n + 1, top)
            self._place_columns(band, loose=n == 0)
            self.bands.append(band)
            top = band.bottom + FOLD_GAP
        self.height = self.bands[-1].bottom

    def _justify(self) -> None:
        """Widen the columns of rows nearly as wide as the widest, so that they end together like justified text."""
        spans = [sum(self.widths[c] + GUTTER for c in f.columns) for f in self.folds]
        widest = max(spans)
        for folded, span in zip(self.folds, spans):
            if folded.columns and span * STRETCH >= widest:
                extra = (widest - span) / len(folded.columns)
                for column in folded.columns:
                    self.widths[column] += extra

    def _place_columns(self, band: _Band, *, loose: bool) -> None:
        """Lefts of the row's columns, its width, and its rows' heights from the cards in them."""
        x = start = self.header_width + GUTTER
        for column in band.fold.columns:
            self.lefts[column] = x
            x += self.widths[column] + GUTTER
        right = x - GUTTER if band.fold.columns else start
        widths = [_loose_width(c) for r in self.rows for c in r.loose] if loose else []
        band.width = max([right, *(start + w for w in widths)]) + GUTTER
        band.stage_height = max([MIN_ROW, *(card.height for _, card in band.fold.stages)])
        top = band.top + band.stage_height + GUTTER / 2
        for row in (r for lane in self.content.lanes for r in self._shown(band, lane)):
            header = self._label(band, row)[1]
            cells = [_cell_height(cards) + 2 * ROW_PAD for cards in map(row.cells.get, band.fold.columns) if cards]
            if loose and row.loose:
                cells.append(self._flow(row.loose, band.width) + 2 * ROW_PAD)
            height = max([row.height, header, *cells])
            band.rows[row.key] = (top, height)
            if loose and row.loose:
                band.loose.append((top, top + height))
            top += height
        band.bottom = top

    def _flow(self, cards: Sequence[Card], width: float) -> float:
        """Place cards left to right across the whole row, a new line when one is full; the height they take."""
        start = self.header_width + GUTTER
        x, y, line = start, 0.0, 0.0
        for card in cards:
            card_width = _loose_width(card)
            if x > start and x + card_width > width - GUTTER:
                x, y, line = start, y + line + GAP, 0.0
            self.places[card.name] = (x, y, card_width)
            x += card_width + GUTTER
            line = max(line, card.height)
        return y + line

    def _column_widths(self) -> list[float]:
        widths = [MIN_COLUMN] * len(self.content.columns)
        for row in self.rows:
            for column, cards in row.cells.items():
                across = _across(cards)
                widths[column] = max(widths[column], across * max(c.width for c in cards) + (across - 1) * GAP)
        for columns, card in self.content.stages:
            span = sum(widths[c] for c in columns) + GUTTER * (len(columns) - 1)
            if card.width > span:  # a long stage name widens its columns alike
                extra = (card.width - span) / len(columns)
                for c in columns:
                    widths[c] += extra
        return widths

    def _shown(self, band: _Band, lane: Group) -> list[Row]:
        """A lane's rows on a row of stages: all on the first; after it, those tied to columns (perhaps none)."""
        return lane.rows if band.number == 1 else [r for r in lane.rows if r.cells or not r.loose]

    def _label(self, band: _Band, row: Row) -> tuple[str, float]:
        """A row's header as label markup, and its height; the unused lane's says how many could help there."""
        if band.number > 1 and row.key == "unused-here":
            return _header_label(self.content.unused_header(band.fold.columns), self.header_width)
        if row.key not in self.labels:
            self.labels[row.key] = _header_label(row.header, self.header_width)
        return self.labels[row.key]

    # -- drawing --------------------------------------------------------------------

    def pages(self, height: float, first: float, rest: float) -> list[list[_Band]]:
        """Rows grouped into pages of at most ``height`` points, after a heading of ``first`` or ``rest`` points."""
        pages: list[list[_Band]] = [[]]
        used = first
        for band in self.bands:
            tall = band.bottom - band.top + FOLD_GAP
            if pages[-1] and used + tall > height:
                pages.append([])
                used = rest
            pages[-1].append(band)
            used += tall
        return pages

    def draw(self, g: graphviz.Graph, bands: Sequence[_Band] | None = None) -> None:
        """Write every node and line of the rows (all unless given), bands first so that they lie underneath."""
        for band in self.bands if bands is None else bands:
            for lane in self.content.lanes:
                self._band(g, band, lane)
            self._stage_row(g, band)
            for lane in self.content.lanes:
                for row in self._shown(band, lane):
                    self._row_header(g, band, row, lane.header)
                    if row.key == "emotion":
                        self._emotion(g, band, row)
                    else:
                        self._cells(g, band, row)
            self._rules(g, band)
            self._visibility(g, band)

    def _place(self, g: graphviz.Graph, card: Card, x: float, top: float, width: float,
               height: float | None = None) -> None:
        """A card at its place, ``width`` wide, and ``height`` tall where that is taller than it (its rows at the top,
        where a card of that height has its own)."""
        height = card.height if height is None else max(height, card.height)
        attributes = dict(card.attrs)
        if "label" not in attributes:
            attributes["label"] = dot.label(stack(card.rows, width - 2 * PAD, height - card.height))
        self._node(g, card.name, x + width / 2, top + height / 2, width, height, attributes)

    def _node(self, g: graphviz.Graph, name: str, cx: float, cy: float, width: float, height: float,
              attributes: dict[str, str]) -> None:
        # Graphviz's y grows upwards; the grid's downwards from its top edge.
        dot.node(g, name, {"id": name.lstrip("@"), **attributes, "pos": f"{_pt(cx)},{_pt(self.height - cy)}!",
                           "width": dot.inches(width), "height": dot.inches(height)})

    def _band(self, g: graphviz.Graph, band: _Band, lane: Group) -> None:
        rows = self._shown(band, lane)
        if not rows:
            return
        top = band.rows[rows[0].key][0]
        last_top, last_height = band.rows[rows[-1].key]
        bottom = last_top + last_height
        key = f"{band.prefix}band-{lane.key}"
        self._node(g, f"@{key}", band.width / 2, (top + bottom) / 2, band.width, bottom - top, {
            **lane.band.attributes(rounded=False), "label": "", "class": "band", "id": key})

    def _stage_row(self, g: graphviz.Graph, band: _Band) -> None:
        theme = self.theme
        title = [small_caps("STAGES", theme.small_size, theme.muted)]
        if len(self.bands) > 1:
            title.append(text(f"row {band.number} of {len(self.bands)}", 40, theme.small_size, theme.muted))
        self._node(g, f"@{band.prefix}header-stages", self.header_width / 2, band.top + band.stage_height / 2,
                   self.header_width, band.stage_height, {
                       "label": dot.label(stack(title, self.header_width - 2 * PAD)), "color": theme.background,
                       "class": "lane-header", "id": f"{band.prefix}lane-stages", "labelloc": "c"})
        # A row's stages are as tall as its tallest (a stage with a wait from records has a line more), their names
        # level at the top.
        tallest = max((card.height for _, card in band.fold.stages), default=0.0)
        for columns, card in band.fold.stages:
            left = self.lefts[columns[0]]
            width = self.lefts[columns[-1]] + self.widths[columns[-1]] - left
            self._place(g, card, left, band.top + (band.stage_height - tallest) / 2, width, tallest)

    def _row_header(self, g: graphviz.Graph, band: _Band, row: Row, box: Box) -> None:
        top, height = band.rows[row.key]
        self._node(g, f"@{band.prefix}header-{row.key}", self.header_width / 2, top + height / 2, self.header_width,
                   height, {**box.attributes(rounded=False), "label": self._label(band, row)[0], "fontcolor": box.text,
                            "class": "lane-header", "id": f"{band.prefix}lane-{row.key}"})

    def _cells(self, g: graphviz.Graph, band: _Band, row: Row) -> None:
        row_top = band.rows[row.key][0]
        if not band.prefix:
            for card in row.loose:
                left, top, width = self.places[card.name]
                self._place(g, card, left, row_top + ROW_PAD + top, width)
        for column in band.fold.columns:
            cards = row.cells.get(column, ())
            across = _across(cards)
            width = (self.widths[column] - (across - 1) * GAP) / across
            top = row_top + ROW_PAD
            for line in _lines(cards):
                for place, card in enumerate(line):
                    self._place(g, card, self.lefts[column] + place * (width + GAP), top, width)
                top += max(card.height for card in line) + GAP

    def _emotion(self, g: graphviz.Graph, band: _Band, row: Row) -> None:
        theme = self.theme
        zero = band.rows[row.key][0] + ROW_PAD + MARKER / 2 + EMOTION_MAX * LEVEL
        self._rule(g, band, f"{band.prefix}emotion-neutral", zero,
                   Stroke(color=theme.stage.border.color, style="dotted", width=1.2), "scale")
        for emotion in range(EMOTION_MIN, EMOTION_MAX + 1):
            score = Block(f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}">'
                          f"{dot.html(signed(emotion))}</FONT>", 0, 0)
            self._node(g, f"@{band.prefix}scale-{emotion + 2}", self.header_width - 16, zero - emotion * LEVEL, 24,
                       LEVEL - 4, {"label": dot.label(score.markup), "labelloc": "c", "color": theme.stage.fill,
                                   "style": "filled", "fillcolor": theme.stage.fill, "class": "scale"})
        previous = previous_id = None
        for column in band.fold.columns:
            touchpoint = self.content.columns[column].touchpoint
            if touchpoint is None or touchpoint.emotion is None:
                continue
            (card,) = row.cells[column]
            name = card.name
            cx = self.lefts[column] + self.widths[column] / 2
            self._node(g, name, cx, zero - touchpoint.emotion * LEVEL, MARKER, MARKER, card.attrs)
            if previous is not None:
                dot.edge(g, previous, name, {
                    **theme.flow.attributes(), "id": f"emotion-{previous_id}-{touchpoint.id}",
                    "class": "emotion-curve"})
            previous, previous_id = name, touchpoint.id

    def _rule(self, g: graphviz.Graph, band: _Band, key: str, y: float, stroke: Stroke, kind: str = "rule") -> None:
        self._line(g, key, (self.header_width, y), (band.width, y), stroke, kind)

    def _line(self, g: graphviz.Graph, key: str, start: tuple[float, float], end: tuple[float, float],
              stroke: Stroke, kind: str) -> None:
        """A straight line between two invisible points (neato -n2 draws edges as placed)."""
        ends = f"@{key}-start", f"@{key}-end"
        for name, (x, y) in zip(ends, (start, end)):
            self._node(g, name, x, y, 0.1, 0.1, {"shape": "point", "style": "invis", "label": ""})
        dot.edge(g, ends[0], ends[1], {**stroke.attributes(), "id": key, "class": kind})

    def _rules(self, g: graphviz.Graph, band: _Band) -> None:
        """Thin lines between the rows of a lane, and between stages from top to bottom."""
        stroke = Stroke(color=self.theme.stage.border.color, width=0.8)
        for lane in self.content.lanes:
            for row in self._shown(band, lane)[1:]:
                if row.key != "blueprint-backstage":
                    self._rule(g, band, f"{band.prefix}rule-{row.key}", band.rows[row.key][0], stroke)
        for n, (columns, _) in enumerate(band.fold.stages[1:], start=1):
            x = self.lefts[columns[0]] - GUTTER / 2
            for part, (top, bottom) in enumerate(_column_runs(band)):
                key = f"{band.prefix}rule-stage-{n}" + (f"-{part + 1}" if part else "")
                self._line(g, key, (x, top), (x, bottom), stroke, "rule")

    def _visibility(self, g: graphviz.Graph, band: _Band) -> None:
        if "blueprint-backstage" not in band.rows:
            return
        theme = self.theme
        line = band.rows["blueprint-backstage"][0]
        stroke = Stroke(color=theme.ink, style="dashed", width=2.0)
        self._line(g, f"{band.prefix}line-of-visibility", (0, line), (band.width, line), stroke, "line-of-visibility")
        # The label sits just under the line, in the room the backstage header leaves for it.
        label = text("▲ line of visibility", 30, theme.small_size, theme.ink, bold=True)
        height = VISIBILITY_LABEL - 4
        self._node(g, f"@{band.prefix}line-of-visibility-label", self.header_width / 2, line + 2 + height / 2,
                   self.header_width - 4, height, {"label": dot.label(label.markup), "labelloc": "c",
                                                   "color": theme.stage.fill, "style": "filled",
                                                   "fillcolor": theme.stage.fill, "class": "line-of-visibility"})


def _column_runs(band: _Band) -> list[tuple[float, float]]:
    """Tops and bottoms of the runs of rows tied to columns, between the rows of cards tied to none."""
    runs, top = [], band.top + band.stage_height + GUTTER / 2
    for start, end in band.loose:
        runs.append((top, start))
        top = end
    runs.append((top, band.bottom))
    return [(top, bottom) for top, bottom in runs if bottom > top]


def _header_label(header: Sequence[Block], width: float) -> tuple[str, float]:
    return dot.label(stack(header, width - 2 * PAD)), stack_size(header)[1] + 2 * PAD


def _header_width(headers: Sequence[Sequence[Block]]) -> float:
    return max([MIN_HEADER, *(stack_size(h)[0] + 2 * PAD for h in headers)])


def _loose_width(card: Card) -> float:
    return max(MIN_COLUMN, card.width)


def _across(cards: Sequence[Card]) -> int:
    """How many cards a cell sets side by side: one, but for a cell of many, whose stack would make its row tall."""
    return max(1, min(_MOST_ACROSS, -(-len(cards) // _MOST_DOWN)))


def _lines(cards: Sequence[Card]) -> list[Sequence[Card]]:
    """A cell's cards in lines of ``_across``, in their order (the loudest first)."""
    across = _across(cards)
    return [cards[i:i + across] for i in range(0, len(cards), across)]


_MOST_DOWN = 4  # cards a cell stacks before it sets them side by side
_MOST_ACROSS = 3  # as many as it sets side by side


def _cell_height(cards: Sequence[Card]) -> float:
    lines = _lines(cards)
    return sum(max(c.height for c in line) for line in lines) + GAP * (len(lines) - 1)


def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
