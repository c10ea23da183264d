"""The canvas's building blocks: cards, rows, lanes and columns, and the makers of cards every lane uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from journeymap.analysis import Analysis
from journeymap.model import Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.rendering import dot
from journeymap.rendering.canvas_text import Block, stack_size, text
from journeymap.rendering.legend import Key
from journeymap.rendering.style import Box, Stroke, Theme
from journeymap.wording import contribution_facts, contribution_heading, tooltip_text, words

PAD = 7.0  # inside a card, round its label
GAP = 8.0  # between cards stacked in one cell
GUTTER = 16.0  # between columns
ROW_PAD = 10.0  # above and below the cards of a row
MIN_COLUMN = 150.0
MIN_HEADER = 150.0
MIN_ROW = 44.0
LEVEL = 24.0  # the emotion lane's height per step of emotion
MARKER = 28.0  # an emotion marker's diameter
HEADER_WRAP = 22
VISIBILITY_LABEL = 22.0  # the height left under the line of visibility for its label


@attrs.frozen
class Card:
    """A box in one cell of the grid, drawn as a fixed-size node."""

    name: str  # the node's name and its SVG id
    rows: tuple[Block, ...]
    attrs: dict[str, str]
    width: float  # the narrowest the card can be
    height: float

    @classmethod
    def of(cls, name: str, rows: Sequence[Block], attributes: dict[str, str]) -> Card:
        """A card sized to hold its rows."""
        width, height = stack_size(rows)
        return cls(name, tuple(rows), attributes, width + 2 * PAD, height + 2 * PAD)


@attrs.define
class Row:
    """One row of the grid: a header on the left and a stack of cards in each column."""

    key: str
    header: tuple[Block, ...]
    cells: dict[int, list[Card]] = attrs.Factory(dict)
    height: float = MIN_ROW  # the least it may be
    loose: list[Card] = attrs.Factory(list)  # cards tied to no column, laid out across the whole grid

    def add(self, column: int, card: Card) -> None:
        """Put a card at the bottom of a cell."""
        self.cells.setdefault(column, []).append(card)


@attrs.define
class Group:
    """Rows drawn together on one band: the touchpoints, the emotion curve, the unused assets..."""

    key: str
    rows: list[Row]
    band: Box
    header: Box


@attrs.frozen
class Column:
    """One column: a touchpoint, or a stage that has none yet."""

    stage: Stage
    touchpoint: Touchpoint | None


class Cards:
    """What every lane is filled from: the journey, its findings and theme, its columns, and the card makers."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.theme = theme
        self.analysis = analysis
        self.columns = [Column(stage, t) for stage in journey.stages for t in stage.touchpoints or (None,)]
        self.column_of = {c.touchpoint.id: i for i, c in enumerate(self.columns) if c.touchpoint}
        self.keys: set[Key] = set()
        self.drawn: set[str] = set()  # the names of nodes drawn, so that each id is used once

    def card(self, name: str, rows: Sequence[Block], box: Box, *, rounded: bool,
             classes: Iterable[str | None], tooltip: str) -> Card:
        """A card of ``rows`` in a box, its SVG classes and tooltip set, its name noted as drawn."""
        self.drawn.add(name)
        return Card.of(name, rows, {**box.attributes(rounded=rounded), "class": dot.classes(*classes),
                                     "tooltip": dot.attribute(tooltip)})

    def header(self, title: str, about: str, *, lane: str | None = None, inverse: bool = False) -> tuple[Block, ...]:
        """A row's header: the lane's name above its first row, then the row's title and what it holds."""
        theme = self.theme
        color = theme.unused_badge.text if inverse else theme.ink
        rows = [text(lane.upper(), HEADER_WRAP, theme.small_size, color if inverse else theme.muted, bold=True)
                ] if lane else []
        rows += [text(title, HEADER_WRAP, theme.heading_size, color, bold=True),
                 text(about, HEADER_WRAP + 4, theme.small_size, color if inverse else theme.muted)]
        return tuple(rows)

    def asset_details(self, asset: Asset, *notes: str | None, color: str | None = None) -> list[Block]:
        """An asset's holder and kind, then each note given, as rows of a card."""
        theme = self.theme
        holder = self.journey.actor(asset.holder)
        about = dot.join([holder.name, words(asset.kind) if asset.name is not None else None])
        rows = [text(about, theme.wrap_text, theme.small_size, color or theme.muted)]
        rows += [text("→ " + dot.shorten(n, theme.pain_point_chars), theme.wrap_text, theme.small_size,
                       color or theme.ink) for n in notes if n]
        return rows

    def contribution_tooltip(self, contribution: Contribution) -> str:
        """A contribution's tooltip: the asset and where it goes, its phase and status, and its note."""
        return tooltip_text(contribution_heading(self.journey, contribution), contribution_facts(contribution))


def band(theme: Theme, fill: str) -> Box:
    """A lane's background: filled, its outline the same colour."""
    return Box(border=Stroke(color=fill), fill=fill, text=theme.ink)
