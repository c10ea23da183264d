"""The canvas view: the classic journey-map grid, stages as columns and lanes as rows, placed here for neato -n2."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence

import attrs
import graphviz

from journeymap.analysis import Analysis, PassiveTouchpoint, UnusedAsset
from journeymap.model import Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.render import dot
# The flow view's words and Graphviz attributes for the theme's boxes and lines, so both views speak alike.
from journeymap.render.legend import Key, badge, heading, signed
from journeymap.render.style import DEFAULT, Badge, Box, Stroke, Theme
from journeymap.text import WILLINGNESS_WORDS, hours, unused_badge, words
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN, Lane, Phase

# ---------------------------------------------------------------------------
# Measuring text. Graphviz measures with Pango after we have placed everything, so the grid is sized
# from DejaVu Sans's advance widths (thousandths of an em); a fixed-size node too small for its label
# makes Graphviz warn, which the tests turn into failures.


def _advances(groups: dict[int, str]) -> dict[str, float]:
    return {char: width / 1000 for width, chars in groups.items() for char in chars}


_REGULAR = _advances({
    278: "'ijl", 295: "IJ", 318: " ,.", 337: "/:;\\|", 352: "f", 361: "-", 390: "()[]", 392: "t", 401: "!",
    411: "r", 460: '"', 500: "*_`", 521: "s", 525: "z", 531: "?", 550: "c", 557: "L", 575: "F", 579: "k",
    592: "vxy", 603: "P", 611: "TY", 612: "o", 613: "a", 615: "e", 632: "E", 634: "hnu", 636: "$0123456789{}Sbdgpq",
    656: "K", 685: "AVXZ", 686: "B", 695: "R", 698: "C", 732: "U", 748: "N", 752: "H", 770: "D", 775: "G",
    780: "&", 787: "OQ", 818: "w", 838: "#+<=>^~", 863: "M", 950: "%", 974: "m", 989: "W", 1000: "@",
})
_BOLD = _advances({
    306: "'", 343: "ijl", 348: " ", 365: "/\\|", 372: "IJ", 380: ",.", 400: ":;", 415: "-", 435: "f",
    457: "!()[]", 478: "t", 493: "r", 500: "_`", 523: '"*', 580: "?", 582: "z", 595: "cs", 637: "L", 645: "x",
    652: "vy", 665: "k", 678: "ae", 683: "TEF", 687: "o", 696: "$0123456789", 716: "hnu{}bdgpq", 725: "SYZ",
    734: "PC", 762: "B", 771: "RX", 775: "AVK", 812: "U", 821: "G", 837: "DHN", 838: "#+<=>^~", 850: "OQ",
    872: "&", 924: "w", 995: "M", 1002: "@%", 1042: "m", 1103: "W",
})
_LINE = 1.2  # line height in ems; Pango gives DejaVu Sans about 1.1


# Beyond ASCII, the widest glyph of each range as Graphviz draws it (DejaVu Sans, other installed fonts, or
# a box showing the code where no font has the character): (end of the range, width in ems).
_RANGES = ((0x100, 1.0), (0x180, 1.1), (0x250, 1.45), (0x400, 1.1), (0x600, 1.3), (0x1E00, 1.65), (0x2000, 1.1),
           (0x2070, 1.75), (0x2190, 1.65), (0x2200, 0.9), (0x2500, 1.5), (0x2800, 1.3), (0x3000, 1.65),
           (0x3040, 2.5), (0x10000, 1.65), (0x110000, 1.8))
_ENDS = tuple(end for end, _ in _RANGES)


def _other_advance(char: str) -> float:
    return _RANGES[bisect.bisect_right(_ENDS, ord(char))][1]


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate, in points, of one line of DejaVu Sans at ``size`` points."""
    table = _BOLD if bold else _REGULAR
    other = 1.1 if bold else 1.0
    ems = sum(table[c] if c in table else _other_advance(c) * other for c in text)
    return ems * size * 1.04 + 2


# ---------------------------------------------------------------------------
# Label pieces that know their size.


@attrs.frozen
class _Block:
    """One row of a label: HTML-like markup and its estimated size in points."""

    markup: str
    width: float
    height: float


@functools.lru_cache(maxsize=4096)  # names of people and words of the vocabulary recur on every card
def _text(text: str, wrap: int, size: float, color: str, *, bold: bool = False) -> _Block:
    lines = dot.wrap(text, wrap)
    body = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
    markup = f'<FONT POINT-SIZE="{size}" COLOR="{color}">{f"<B>{body}</B>" if bold else body}</FONT>'
    width = max(text_width(line, size, bold=bold) for line in lines)
    return _Block(markup, width, len(lines) * size * _LINE)


def _badge(theme: Theme, kind: Badge, text: str) -> _Block:
    # legend.badge: one cell, 2 pt of padding round bold small text.
    return _Block(badge(theme, kind, text), text_width(text, theme.small_size, bold=True) + 6,
                  theme.small_size * _LINE + 6)


_SPACING = 2  # CELLSPACING of a stack
_CELL = 1  # CELLPADDING of a stack


def _stack_size(rows: Sequence[_Block]) -> tuple[float, float]:
    width = max((r.width for r in rows), default=0.0) + 2 * (_CELL + _SPACING)
    height = _SPACING + sum(r.height + 2 * _CELL + _SPACING for r in rows)
    return width, height


def _stack(rows: Sequence[_Block], width: float) -> str:
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{r.markup}</TD></TR>' for r in rows)
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{_SPACING}" CELLPADDING="{_CELL}" '
            f'WIDTH="{int(width)}">{cells}</TABLE>')


# ---------------------------------------------------------------------------
# The grid: columns, lanes and their rows, cards in cells.

_PAD = 7.0  # inside a card, round its label
_GAP = 8.0  # between cards stacked in one cell
_GUTTER = 16.0  # between columns
_ROW_PAD = 10.0  # above and below the cards of a row
_MIN_COLUMN = 150.0
_MIN_HEADER = 150.0
_MIN_ROW = 44.0
_LEVEL = 24.0  # the emotion lane's height per step of emotion
_MARKER = 28.0  # an emotion marker's diameter
_HEADER_WRAP = 22
_VISIBILITY_LABEL = 22.0  # the height left under the line of visibility for its label


@attrs.frozen
class _Card:
    """A box in one cell of the grid, drawn as a fixed-size node."""

    name: str  # the node's name and its SVG id
    rows: tuple[_Block, ...]
    attrs: dict[str, str]
    width: float  # the narrowest the card can be
    height: float

    @classmethod
    def of(cls, name: str, rows: Sequence[_Block], attributes: dict[str, str]) -> _Card:
        """A card sized to hold its rows."""
        width, height = _stack_size(rows)
        return cls(name, tuple(rows), attributes, width + 2 * _PAD, height + 2 * _PAD)


@attrs.define
class _Row:
    """One row of the grid: a header on the left and a stack of cards in each column."""

    key: str
    header: tuple[_Block, ...]
    cells: dict[int, list[_Card]] = attrs.Factory(dict)
    height: float = _MIN_ROW
    top: float = 0.0
    loose: list[_Card] = attrs.Factory(list)  # cards tied to no column, laid out across the whole grid

    def add(self, column: int, card: _Card) -> None:
        """Put a card at the bottom of a cell."""
        self.cells.setdefault(column, []).append(card)


@attrs.define
class _Lane:
    """Rows drawn together on one band: the touchpoints, the emotion curve, the unused assets..."""

    key: str
    rows: list[_Row]
    band: Box
    header: Box


@attrs.frozen
class _Column:
    """One column: a touchpoint, or a stage that has none yet."""

    stage: Stage
    touchpoint: Touchpoint | None


_BLUEPRINT = {
    Lane.CUSTOMER: ("Customer actions", "what the person does"),
    Lane.FRONTSTAGE: ("Frontstage", "what they see of the service"),
    Lane.BACKSTAGE: ("Backstage", "what the service does out of sight"),
    Lane.SUPPORT: ("Support processes", "systems and other organisations"),
}
_LOUDNESS = {"willing": 0, "unstated": 1, "unwilling": 2}


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Graph:
    """The journey-map canvas of a journey as a Graphviz graph with every node placed (for neato -n2)."""
    return _Canvas(journey, analysis, theme).graph()


class _Canvas:
    """One drawing in progress: fills the lanes, sizes the grid, then writes the nodes."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.theme = theme
        self.analysis = analysis
        self.unused_hours = analysis.unused_willing_hours
        self.columns = [_Column(stage, t) for stage in journey.stages for t in stage.touchpoints or (None,)]
        self.column_of = {c.touchpoint.id: i for i, c in enumerate(self.columns) if c.touchpoint}
        self.keys: set[Key] = set()
        self.emotions: set[int] = set()
        self.drawn: set[str] = set()  # the names of nodes drawn, so that each id is used once
        self.stages = self._stages()
        self.lanes = [self._touchpoints(), self._feelings(), self._pain_points(), self._co_production(),
                      self._unused()]

    def _stages(self) -> list[tuple[list[int], _Card]]:
        """A header per stage, spanning its columns; a long name wraps to the width the columns give it."""
        theme = self.theme
        spans: dict[str, tuple[Stage, list[int]]] = {}
        for column, c in enumerate(self.columns):
            spans.setdefault(c.stage.id, (c.stage, []))[1].append(column)
        headers = []
        for stage, columns in spans.values():
            span = len(columns) * (_MIN_COLUMN + _GUTTER) - _GUTTER
            wrap = max(theme.wrap_name, int((span - 2 * _PAD) / (theme.heading_size * 0.75)))
            rows = [_text(stage.name, wrap, theme.heading_size, theme.stage.text, bold=True)]
            if not stage.touchpoints:
                rows.append(_text("no touchpoints yet", theme.wrap_text, theme.small_size, theme.muted))
            card = self._card(dot.element_id("stage", stage.id), rows, theme.stage, rounded=True, classes=("stage",),
                              tooltip=dot.join([stage.name, stage.description], "\n"))
            headers.append((columns, attrs.evolve(card, attrs={**card.attrs, "labelloc": "c"})))
        return headers

    # -- filling the lanes --------------------------------------------------------

    def _touchpoints(self) -> _Lane:
        theme = self.theme
        touchpoints = [c.touchpoint for c in self.columns if c.touchpoint]
        blueprint = any(t.lane is not None for t in touchpoints)
        rows: dict[Lane | None, _Row] = {}
        if not blueprint:
            rows[None] = _Row("touchpoints", self._header("Touchpoints", "name, channel, who is there"))
        elif any(t.lane is None for t in touchpoints):
            rows[None] = _Row("touchpoints", self._header("No lane given", "touchpoints without a blueprint lane",
                                                          lane="Touchpoints"))
        if blueprint:
            for lane, (title, about) in _BLUEPRINT.items():
                header = self._header(title, about, lane=None if rows else "Touchpoints")
                if lane is Lane.BACKSTAGE:  # room for the line of visibility's label above the title
                    header = (_spacer(_VISIBILITY_LABEL), *header)
                rows[lane] = _Row(f"blueprint-{lane.value}", header)
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is not None:
                rows[touchpoint.lane if blueprint else None].add(column, self._touchpoint(touchpoint))
        return _Lane("touchpoints", list(rows.values()), band=_band(theme, theme.background), header=theme.stage)

    def _touchpoint(self, touchpoint: Touchpoint) -> _Card:
        theme = self.theme
        passive = self.analysis.passive_touchpoint(touchpoint.id)
        box = theme.passive if passive else theme.touchpoint
        self.keys.add(Key.PASSIVE if passive else Key.TOUCHPOINT)
        rows = []
        if touchpoint.moment_of_truth:
            self.keys.add(Key.MOMENT_OF_TRUTH)
            rows.append(_badge(theme, theme.moment_badge, "★ MOMENT OF TRUTH"))
        rows.append(_text(touchpoint.name, theme.wrap_name, theme.text_size, box.text, bold=True))
        people = "; ".join(self.journey.actor(a).name for a in touchpoint.actors)
        details = dot.join([words(touchpoint.channel) if touchpoint.channel else None,
                            f"with {people}" if people else None])
        if details:
            rows.append(_text(details, theme.wrap_text, theme.small_size, theme.muted))
        if touchpoint.involvement is not None:
            rows.append(_text(f"{words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})",
                              theme.wrap_text, theme.small_size, theme.muted))
        if passive:
            rows.append(_badge(theme, theme.passive_badge, "PASSIVE"))
            citizens = "; ".join(a.name for a in passive.citizens)
            rows.append(_text(f"done to or for {citizens}", theme.wrap_text, theme.small_size, box.text))
        return self._card(dot.element_id("touchpoint", touchpoint.id), rows, box, rounded=True,
                          classes=("touchpoint", "passive" if passive else None,
                                   "moment-of-truth" if touchpoint.moment_of_truth else None),
                          tooltip=self._touchpoint_tooltip(touchpoint, passive))

    def _touchpoint_tooltip(self, touchpoint: Touchpoint, passive: PassiveTouchpoint | None) -> str:
        # The emotion and the pain points have elements, and tooltips, of their own.
        involvement = touchpoint.involvement
        facts = {
            "Channel": touchpoint.channel and words(touchpoint.channel),
            "Who is there": "; ".join(self.journey.actor(a).name for a in touchpoint.actors),
            "Blueprint lane": touchpoint.lane and touchpoint.lane.value,
            "Involvement": involvement and f"{words(involvement)} ({words(involvement.group)})",
        }
        return dot.join([touchpoint.name, touchpoint.description, *(f"{k}: {v}" for k, v in facts.items() if v),
                         "Moment of truth" if touchpoint.moment_of_truth else None,
                         "Passive: no citizen's asset is used here" if passive else None], "\n")

    def _feelings(self) -> _Lane:
        theme = self.theme
        row = _Row("emotion", self._header("How it feels", "emotion from −2 to +2"))
        row.height = (EMOTION_MAX - EMOTION_MIN) * _LEVEL + _MARKER + 2 * _ROW_PAD
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is None or touchpoint.emotion is None:
                continue
            self.keys.add(Key.EMOTION)
            self.emotions.add(touchpoint.emotion)
            row.add(column, self._marker(touchpoint, touchpoint.emotion))
        return _Lane("emotion", [row], band=_band(theme, theme.stage.fill), header=theme.stage)

    def _marker(self, touchpoint: Touchpoint, emotion: int) -> _Card:
        theme = self.theme
        mood = theme.mood(emotion)
        score = _Block(f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{mood.text}"><B>{dot.html(signed(emotion))}'
                       f"</B></FONT>", _MARKER - 2 * _PAD, _MARKER - 2 * _PAD)
        return _Card.of(dot.element_id("touchpoint", touchpoint.id, "emotion"), (score,), {
            "shape": "circle", "style": "filled", "fillcolor": mood.fill, "color": theme.ink,
            "penwidth": "1.2", "labelloc": "c", "class": dot.classes("emotion", f"emotion-{emotion + 2}"),
            "label": dot.label(score.markup),
            "tooltip": dot.attribute(f"{touchpoint.name}\nEmotion: {signed(emotion)} ({mood.word})"),
        })

    def _pain_points(self) -> _Lane:
        theme = self.theme
        row = _Row("pain-points", self._header("Pain points", "what goes wrong"))
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is None or not touchpoint.pain_points:
                continue
            rows = [_text("⚠ " + dot.shorten(p, theme.pain_point_chars), theme.wrap_text, theme.small_size, theme.ink)
                    for p in touchpoint.pain_points]
            plain = Box(border=Stroke(color=theme.background), fill=theme.background, text=theme.ink)
            row.add(column, self._card(
                dot.element_id("touchpoint", touchpoint.id, "pain"), rows, plain, rounded=False,
                classes=("pain-points",),
                tooltip=dot.join([touchpoint.name, *(f"Pain point: {p}" for p in touchpoint.pain_points)], "\n")))
        return _Lane("pain-points", [row], band=_band(theme, theme.background), header=theme.stage)

    def _co_production(self) -> _Lane:
        theme = self.theme
        actual = [(i, c) for i, c in enumerate(self.journey.contributions) if c.is_actual]
        phases = [p for p in Phase if any(c.phase is p for _, c in actual)]
        rows = {p: _Row(f"co-production-{p.value}",
                        self._header(words(p).capitalize(), f"citizen {'action' if p.is_action else 'voice'}",
                                     lane="Co-production today" if n == 0 else None))
                for n, p in enumerate(phases)}
        if not rows:
            empty = _Row("co-production", self._header("Co-production today", "none recorded"))
            return _Lane("co-production", [empty], band=_band(theme, theme.stage.fill), header=theme.stage)
        box = Box(border=theme.actual, fill=theme.background, text=theme.ink)
        for index, contribution in actual:
            self.keys.add(Key.ACTUAL)
            asset = self.journey.asset(contribution.asset)
            card = self._card(
                dot.element_id("contribution", asset.id, contribution.touchpoint, index),
                [_text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                 *self._asset_details(asset, contribution.note)],
                box, rounded=True, classes=("contribution", "actual"),
                tooltip=self._contribution_tooltip(asset, contribution))
            rows[contribution.phase].add(self.column_of[contribution.touchpoint], card)
        return _Lane("co-production", list(rows.values()), band=_band(theme, theme.stage.fill), header=theme.stage)

    def _unused(self) -> _Lane:
        theme = self.theme
        loud = Box(border=theme.unused_willing.border, fill=theme.background, text=theme.unused_badge.text)
        count = len(self.analysis.unused_assets)
        about = (f"{count} asset{'s' if count != 1 else ''} people could bring" if count
                 else "none: every asset is in use")
        if self.unused_hours:
            about += f"\n{hours(self.unused_hours)} h/month on offer"
        here = _Row("unused-here", (_text("UNUSED ASSETS", _HEADER_WRAP, theme.heading_size + 3,
                                          theme.unused_badge.text, bold=True),
                                    _text(about, _HEADER_WRAP + 4, theme.small_size, theme.unused_badge.text),
                                    _spacer(4),
                                    *self._header("Could help here", "where a use is identified", inverse=True)))
        nowhere = _Row("unused-elsewhere", self._header("No place yet", "no use identified in this journey",
                                                        inverse=True))
        groups: dict[tuple[str, str], list[tuple[int, Contribution]]] = {}
        for index, contribution in enumerate(self.journey.contributions):
            if self.analysis.is_untapped(contribution):
                groups.setdefault((contribution.touchpoint, contribution.asset), []).append((index, contribution))
        for (touchpoint, asset_id), found in sorted(groups.items(), key=self._loudest_first):
            here.add(self.column_of[touchpoint], self._opportunity(self.journey.asset(asset_id), found))
        placed = {c.asset for c in self.journey.contributions}
        placeless = [u for u in self.analysis.unused_assets if u.asset.id not in placed]
        for unused in sorted(placeless, key=lambda u: _LOUDNESS[u.grade]):
            nowhere.loose.append(self._unused_card(unused, dot.element_id("asset", unused.asset.id), ()))
        rows = [here] + ([nowhere] if placeless else [])
        header = Box(border=theme.unused_willing.border, fill=theme.unused_badge.fill, text=theme.unused_badge.text)
        return _Lane("unused", rows, band=loud, header=header)

    def _loudest_first(self, item: tuple[tuple[str, str], list[tuple[int, Contribution]]]) -> tuple[int, int, int]:
        (touchpoint, asset), found = item
        unused = self.analysis.unused_asset(asset)
        return self.column_of[touchpoint], _LOUDNESS[unused.grade] if unused else 3, found[0][0]

    def _opportunity(self, asset: Asset, found: list[tuple[int, Contribution]]) -> _Card:
        """A card for an asset that could help at a touchpoint: loud if unused, an orange dash if used elsewhere."""
        unused = self.analysis.unused_asset(asset.id)
        contributions = [c for _, c in found]
        if unused is not None:
            name = dot.element_id("asset", asset.id)
            if name in self.drawn:
                name = dot.element_id("asset", asset.id, contributions[0].touchpoint)
            return self._unused_card(unused, name, contributions)
        theme = self.theme
        self.keys.add(Key.POTENTIAL)
        box = Box(border=theme.potential, fill=theme.background, text=theme.ink)
        phases = dot.join(dict.fromkeys(words(c.phase) for c in contributions))
        rows = [_text(f"untapped here · {phases}", theme.wrap_text, theme.small_size, theme.muted),
                _text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                *self._asset_details(asset, *(c.note for c in contributions))]
        return self._card(dot.element_id("contribution", asset.id, contributions[0].touchpoint, found[0][0]),
                          rows, box, rounded=True, classes=("contribution", "potential", "untapped"),
                          tooltip=dot.join([self._contribution_tooltip(asset, c) for c in contributions], "\n\n"))

    def _unused_card(self, unused: UnusedAsset, name: str, contributions: Sequence[Contribution]) -> _Card:
        theme = self.theme
        box, key = {
            "willing": (theme.unused_willing, Key.UNUSED_WILLING),
            "unstated": (theme.unused, Key.UNUSED),
            "unwilling": (theme.unused_unwilling, Key.UNUSED_UNWILLING),
        }[unused.grade]
        self.keys.add(key)
        asset = unused.asset
        tag = theme.unwilling_badge if unused.grade == "unwilling" else theme.unused_badge
        phases = dot.join(dict.fromkeys(words(c.phase) for c in contributions))
        rows = [_badge(theme, tag, unused_badge(unused)),
                _text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                *self._asset_details(asset, *(c.note for c in contributions), color=box.text)]
        if phases:
            rows.append(_text(f"could help: {phases}", theme.wrap_text, theme.small_size, box.text))
        tooltip = dot.join([asset.label, f"{words(asset.kind)}, held by {unused.holder.name}",
                            f"{hours(asset.hours_per_month)} h/month" if asset.hours_per_month is not None else None,
                            asset.description, f"Unused ({WILLINGNESS_WORDS[unused.holder.willingness]})",
                            *(self._contribution_tooltip(asset, c) for c in contributions)], "\n")
        return self._card(name, rows, box, rounded=False,
                          classes=("asset", "unused", unused.grade, "opportunity" if contributions else None),
                          tooltip=tooltip)

    def _asset_details(self, asset: Asset, *notes: str | None, color: str | None = None) -> list[_Block]:
        theme = self.theme
        holder = self.journey.actor(asset.holder)
        about = dot.join([holder.name, words(asset.kind) if asset.name is not None else None])
        rows = [_text(about, theme.wrap_text, theme.small_size, color or theme.muted)]
        rows += [_text("→ " + dot.shorten(n, theme.pain_point_chars), theme.wrap_text, theme.small_size,
                       color or theme.ink) for n in notes if n]
        return rows

    def _contribution_tooltip(self, asset: Asset, contribution: Contribution) -> str:
        touchpoint = self.journey.touchpoint(contribution.touchpoint)
        return dot.join([f"{asset.label} → {touchpoint.name}",
                         f"{words(contribution.phase)}, {contribution.status.value}", contribution.note], "\n")

    # -- cards and headers --------------------------------------------------------

    def _card(self, name: str, rows: Sequence[_Block], box: Box, *, rounded: bool,
              classes: Iterable[str | None], tooltip: str) -> _Card:
        self.drawn.add(name)
        return _Card.of(name, rows, {**box.attributes(rounded=rounded), "class": dot.classes(*classes),
                                     "tooltip": dot.attribute(tooltip)})

    def _header(self, title: str, about: str, *, lane: str | None = None, inverse: bool = False) -> tuple[_Block, ...]:
        """A row's header: the lane's name above its first row, then the row's title and what it holds."""
        theme = self.theme
        color = theme.unused_badge.text if inverse else theme.ink
        rows = [_text(lane.upper(), _HEADER_WRAP, theme.small_size, color if inverse else theme.muted, bold=True)
                ] if lane else []
        rows += [_text(title, _HEADER_WRAP, theme.heading_size, color, bold=True),
                 _text(about, _HEADER_WRAP + 4, theme.small_size, color if inverse else theme.muted)]
        return tuple(rows)

    # -- sizing and placing -------------------------------------------------------

    def graph(self) -> graphviz.Graph:
        """The Graphviz graph: the grid placed, then the heading and a legend of what was drawn."""
        theme = self.theme
        g = graphviz.Graph(
            name=dot.graph_name(self.journey.title),
            graph_attr={"fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                        "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "nodesfirst",
                        "class": "journeymap canvas"},
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "shape": "box", "fixedsize": "true", "margin": "0", "labelloc": "t"},
            edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size)},
        )
        grid = _Grid(self)
        grid.draw(g)
        g.attr(label=dot.label(heading(self.journey, theme, self.keys, self.emotions)))
        return g


class _Grid:
    """Column widths, row heights and the positions of everything, computed from the cards' sizes."""

    def __init__(self, canvas: _Canvas) -> None:
        self.canvas = canvas
        self.theme = canvas.theme
        self.rows = [row for lane in canvas.lanes for row in lane.rows]
        self.header_width = max([_MIN_HEADER, *(_stack_size(r.header)[0] + 2 * _PAD for r in self.rows)])
        self.widths = self._column_widths()
        self.lefts = self._lefts()
        self.stage_height = max([_MIN_ROW, *(card.height for _, card in canvas.stages)])
        start = self.header_width + _GUTTER
        right = self.lefts[-1] + self.widths[-1] if self.widths else start
        loose = [_loose_width(c) for r in self.rows for c in r.loose]
        self.width = max([right, *(start + w for w in loose)]) + _GUTTER
        self.places: dict[str, tuple[float, float, float]] = {}  # loose cards: left, top within the row, width
        top = self.stage_height + _GUTTER / 2
        self.columns_end: float | None = None  # the top of the first row tied to no column: stage rules stop there
        for row in self.rows:
            header = _stack_size(row.header)[1] + 2 * _PAD
            cells = [_cell_height(cards) + 2 * _ROW_PAD for cards in row.cells.values()]
            if row.loose:
                cells.append(self._flow(row.loose) + 2 * _ROW_PAD)
                self.columns_end = self.columns_end or top
            row.height = max([row.height, header, *cells])
            row.top = top
            top += row.height
        self.height = top

    def _flow(self, cards: Sequence[_Card]) -> float:
        """Place cards left to right across the whole grid, a new line when one is full; the height they take."""
        start = self.header_width + _GUTTER
        x, y, line = start, 0.0, 0.0
        for card in cards:
            width = _loose_width(card)
            if x > start and x + width > self.width - _GUTTER:
                x, y, line = start, y + line + _GAP, 0.0
            self.places[card.name] = (x, y, width)
            x += width + _GUTTER
            line = max(line, card.height)
        return y + line

    def _column_widths(self) -> list[float]:
        widths = [_MIN_COLUMN] * len(self.canvas.columns)
        for row in self.rows:
            for column, cards in row.cells.items():
                widths[column] = max([widths[column], *(c.width for c in cards)])
        for columns, card in self.canvas.stages:
            span = sum(widths[c] for c in columns) + _GUTTER * (len(columns) - 1)
            if card.width > span:  # a long stage name widens its columns alike
                extra = (card.width - span) / len(columns)
                for c in columns:
                    widths[c] += extra
        return widths

    def _lefts(self) -> list[float]:
        lefts, x = [], self.header_width + _GUTTER
        for width in self.widths:
            lefts.append(x)
            x += width + _GUTTER
        return lefts

    # -- drawing --------------------------------------------------------------------

    def draw(self, g: graphviz.Graph) -> None:
        """Write every node and line, bands first so that they lie underneath."""
        for lane in self.canvas.lanes:
            self._band(g, lane)
        self._stage_row(g)
        for lane in self.canvas.lanes:
            for row in lane.rows:
                self._row_header(g, row, lane.header)
                if row.key == "emotion":
                    self._emotion(g, row)
                else:
                    self._cells(g, row)
        self._rules(g)
        self._visibility(g)

    def _place(self, g: graphviz.Graph, card: _Card, x: float, top: float, width: float) -> None:
        attributes = dict(card.attrs)
        if "label" not in attributes:
            attributes["label"] = dot.label(_stack(card.rows, width - 2 * _PAD))
        self._node(g, card.name, x + width / 2, top + card.height / 2, width, card.height, attributes)

    def _node(self, g: graphviz.Graph, name: str, cx: float, cy: float, width: float, height: float,
              attributes: dict[str, str]) -> None:
        # Graphviz's y grows upwards; the grid's downwards from its top edge.
        dot.node(g, name, {"id": name.lstrip("@"), **attributes, "pos": f"{_pt(cx)},{_pt(self.height - cy)}!",
                           "width": dot.inches(width), "height": dot.inches(height)})

    def _band(self, g: graphviz.Graph, lane: _Lane) -> None:
        top, bottom = lane.rows[0].top, lane.rows[-1].top + lane.rows[-1].height
        self._node(g, f"@band-{lane.key}", self.width / 2, (top + bottom) / 2, self.width, bottom - top, {
            **lane.band.attributes(rounded=False), "label": "", "class": "band", "id": f"band-{lane.key}"})

    def _stage_row(self, g: graphviz.Graph) -> None:
        theme = self.theme
        title = _Block(f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}"><B>STAGES</B></FONT>', 0, 0)
        self._node(g, "@header-stages", self.header_width / 2, self.stage_height / 2, self.header_width,
                   self.stage_height, {"label": dot.label(_stack([title], self.header_width - 2 * _PAD)),
                                       "color": theme.background, "class": "lane-header", "id": "lane-stages",
                                       "labelloc": "c"})
        for columns, card in self.canvas.stages:
            left = self.lefts[columns[0]]
            width = self.lefts[columns[-1]] + self.widths[columns[-1]] - left
            self._place(g, card, left, (self.stage_height - card.height) / 2, width)

    def _row_header(self, g: graphviz.Graph, row: _Row, box: Box) -> None:
        self._node(g, f"@header-{row.key}", self.header_width / 2, row.top + row.height / 2, self.header_width,
                   row.height, {**box.attributes(rounded=False), "label": dot.label(
                       _stack(row.header, self.header_width - 2 * _PAD)), "fontcolor": box.text,
                       "class": "lane-header", "id": f"lane-{row.key}"})

    def _cells(self, g: graphviz.Graph, row: _Row) -> None:
        for card in row.loose:
            left, top, width = self.places[card.name]
            self._place(g, card, left, row.top + _ROW_PAD + top, width)
        for column, cards in sorted(row.cells.items()):
            top = row.top + _ROW_PAD
            for card in cards:
                self._place(g, card, self.lefts[column], top, self.widths[column])
                top += card.height + _GAP

    def _emotion(self, g: graphviz.Graph, row: _Row) -> None:
        theme = self.theme
        zero = row.top + _ROW_PAD + _MARKER / 2 + EMOTION_MAX * _LEVEL
        self._rule(g, "emotion-neutral", zero, Stroke(color=theme.stage.border.color, style="dotted", width=1.2),
                   "scale")
        for emotion in range(EMOTION_MIN, EMOTION_MAX + 1):
            score = _Block(f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}">'
                           f"{dot.html(signed(emotion))}</FONT>", 0, 0)
            self._node(g, f"@scale-{emotion + 2}", self.header_width - 16, zero - emotion * _LEVEL, 24, _LEVEL - 4, {
                "label": dot.label(score.markup), "labelloc": "c", "color": theme.stage.fill,
                "style": "filled", "fillcolor": theme.stage.fill, "class": "scale"})
        previous = previous_id = None
        for column, (card,) in sorted(row.cells.items()):
            name = card.name
            touchpoint = self.canvas.columns[column].touchpoint
            if touchpoint is None or touchpoint.emotion is None:
                continue  # never: only touchpoints with an emotion have a marker
            cx = self.lefts[column] + self.widths[column] / 2
            self._node(g, name, cx, zero - touchpoint.emotion * _LEVEL, _MARKER, _MARKER, card.attrs)
            if previous is not None:
                dot.edge(g, previous, name, {
                    **theme.flow.attributes(), "id": f"emotion-{previous_id}-{touchpoint.id}",
                    "class": "emotion-curve"})
            previous, previous_id = name, touchpoint.id

    def _rule(self, g: graphviz.Graph, key: str, y: float, stroke: Stroke, kind: str = "rule") -> None:
        self._line(g, key, (self.header_width, y), (self.width, y), stroke, kind)

    def _line(self, g: graphviz.Graph, key: str, start: tuple[float, float], end: tuple[float, float],
              stroke: Stroke, kind: str) -> None:
        """A straight line between two invisible points (neato -n2 draws edges as placed)."""
        ends = f"@{key}-start", f"@{key}-end"
        for name, (x, y) in zip(ends, (start, end)):
            self._node(g, name, x, y, 0.1, 0.1, {"shape": "point", "style": "invis", "label": ""})
        dot.edge(g, ends[0], ends[1], {**stroke.attributes(), "id": key, "class": kind})

    def _rules(self, g: graphviz.Graph) -> None:
        """Thin lines between the rows of a lane, and between stages from top to bottom."""
        stroke = Stroke(color=self.theme.stage.border.color, width=0.8)
        for lane in self.canvas.lanes:
            for row in lane.rows[1:]:
                if row.key != "blueprint-backstage":
                    self._rule(g, f"rule-{row.key}", row.top, stroke)
        top = self.stage_height + _GUTTER / 2
        for n, (columns, _) in enumerate(self.canvas.stages[1:], start=1):
            x = self.lefts[columns[0]] - _GUTTER / 2
            self._line(g, f"rule-stage-{n}", (x, top), (x, self.columns_end or self.height), stroke, "rule")

    def _visibility(self, g: graphviz.Graph) -> None:
        backstage = next((r for r in self.rows if r.key == "blueprint-backstage"), None)
        if backstage is None:
            return
        theme = self.theme
        stroke = Stroke(color=theme.ink, style="dashed", width=2.0)
        self._line(g, "line-of-visibility", (0, backstage.top), (self.width, backstage.top), stroke,
                   "line-of-visibility")
        # The label sits just under the line, in the room the backstage header leaves for it.
        label = _text("▲ line of visibility", 30, theme.small_size, theme.ink, bold=True)
        height = _VISIBILITY_LABEL - 4
        self._node(g, "@line-of-visibility-label", self.header_width / 2, backstage.top + 2 + height / 2,
                   self.header_width - 4, height, {"label": dot.label(label.markup), "labelloc": "c",
                                                   "color": theme.stage.fill, "style": "filled",
                                                   "fillcolor": theme.stage.fill, "class": "line-of-visibility"})


def _spacer(height: float) -> _Block:
    return _Block(f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD HEIGHT="{int(height)}"></TD></TR>'
                  "</TABLE>", 0, int(height))


def _loose_width(card: _Card) -> float:
    return max(_MIN_COLUMN, card.width)


def _cell_height(cards: Sequence[_Card]) -> float:
    return sum(c.height for c in cards) + _GAP * (len(cards) - 1)


def _band(theme: Theme, fill: str) -> Box:
    return Box(border=Stroke(color=fill), fill=fill, text=theme.ink)




def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")

