"""The flow view: stages as clusters left to right, touchpoints in flow order, assets beside their holders.

Small maps are laid out by Graphviz's dot. dot's work grows with touchpoints times contributions (each
contribution's edge becomes a chain of dot's nodes across every rank between its asset and its touchpoint),
so a large map, one of more than 60 touchpoints or with touchpoints × contributions above 2,400, is placed
here and drawn as placed (the graph says ``layout=nop2``, which is neato -n2): stages fold into rows as text
into lines, touchpoints stand in columns ranked by the flow, each holder's assets lie in a strip under the
row that uses them most, and every edge's route is drawn here. That costs in proportion to the map. As PNG
or PDF a placed drawing larger than an A0 poster is scaled down to fit one (see page_size); as SVG, which a
reader zooms, it keeps its full size and its text every point it has.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import attrs
import graphviz

from journeymap.analysis import Analysis, PassiveTouchpoint
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.render import dot
from journeymap.render.legend import Key, badge, heading, mood_pill, signed
from journeymap.render.style import DEFAULT, Theme
from journeymap.text import WILLINGNESS_WORDS, hours, unused_badge, words

LARGE_TOUCHPOINTS = 60
"""A map of more touchpoints than this is placed here, not laid out by dot."""

LARGE_WORK = 2_400
"""A map whose touchpoints times contributions pass this is placed here, not laid out by dot."""


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The flow diagram of a journey as a Graphviz graph; a large map (see is_large) comes placed, for neato -n2."""
    if is_large(journey):
        return _Placed(_Flow(journey, analysis, theme, measure=True)).graph()
    return _Flow(journey, analysis, theme).graph()


def page_size(journey: Journey, analysis: Analysis, theme: Theme) -> str | None:
    """The size (inches, Graphviz's ``size``) a PNG or PDF of the flow is scaled to fit: A0 for a large map."""
    return _PAGE if is_large(journey) else None


def is_large(journey: Journey) -> bool:
    """Whether the flow view places a map itself: over 60 touchpoints, or touchpoints × contributions over 2,400."""
    count = len(journey.touchpoints)
    return count > LARGE_TOUCHPOINTS or count * len(journey.contributions) > LARGE_WORK


# -- what is drawn, whoever places it ---------------------------------------------------------------------

_LINE = 1.2  # Graphviz's line height, in ems
_SPACING = 2  # CELLSPACING of a label's stack (see _stack)
_CELL = 1  # its CELLPADDING
_TAG = 2  # CELLPADDING round a badge's or a mood pill's text
_NODE_MARGIN = (7.2, 4.32)  # the nodes' margin, "0.1,0.06" inches, on each side, in points


@attrs.define
class _Node:
    """A node to draw, its estimated size and, once placed, its centre (points; y grows downwards)."""

    name: str
    attributes: dict[str, str]
    width: float
    height: float
    x: float = 0.0
    y: float = 0.0

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate, in points, of one line of text (the canvas's measure, imported only to measure)."""
    from journeymap.render.canvas import text_width as measure

    return measure(text, size, bold=bold)


class _Label:
    """An HTML-like label built row by row, with a generous estimate of its size in points if ``measure``."""

    def __init__(self, measure: bool) -> None:
        self.rows: list[str] = []
        self.measure = measure
        self.width = 0.0
        self.height = float(_SPACING)

    def add(self, markup: str, lines: Iterable[str], size: float, *, bold: bool = False, pad: float = 0.0) -> None:
        """Add a row: its markup, and the lines of text it shows at ``size`` points, ``pad`` round them."""
        self.rows.append(markup)
        if not self.measure:
            return
        shown = list(lines)
        self.width = max(self.width, max((text_width(line, size, bold=bold) for line in shown), default=0.0) + 2 * pad)
        self.height += len(shown) * size * _LINE + 2 * pad + 2 * _CELL + _SPACING

    def node(self, name: str, attributes: dict[str, str], penwidth: float) -> _Node:
        """A box node holding this label, sized for it."""
        width = self.width + 2 * (_CELL + _SPACING) + 2 * _NODE_MARGIN[0] + 2 * penwidth
        return _Node(name, {"label": dot.label(_stack(self.rows)), **attributes}, width,
                     self.height + 2 * _NODE_MARGIN[1] + 2 * penwidth)


class _Flow:
    """One drawing in progress; remembers which states it drew, for the legend."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme, *, measure: bool = False) -> None:
        self.journey = journey
        self.theme = theme
        self.analysis = analysis
        self.measure = measure  # estimate every node's size, for placing them here
        self.keys: set[Key] = set()
        self.emotions: set[int] = set()

    def graph_attributes(self) -> dict[str, str]:
        """The root graph's attributes that every layout shares."""
        theme = self.theme
        return {"fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "edgesfirst",
                "class": "journeymap flow"}

    def digraph(self, graph_attr: dict[str, str]) -> graphviz.Digraph:
        """An empty graph with the view's defaults for nodes and edges."""
        theme = self.theme
        return graphviz.Digraph(
            name=dot.graph_name(self.journey.title), graph_attr=graph_attr,
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "shape": "box", "margin": "0.1,0.06"},
            edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size), "fontcolor": theme.ink,
                       "arrowsize": "0.8"},
        )

    def heading(self) -> str:
        """The graph's label: title, persona and the legend of what was drawn (so: ask last)."""
        return dot.label(heading(self.journey, self.theme, self.keys, self.emotions))

    def graph(self) -> graphviz.Digraph:
        """The whole drawing, for dot to lay out."""
        graph_attr = self.graph_attributes()
        graph_attr.update(rankdir="LR", newrank="true", nodesep="0.4", ranksep="0.3")
        g = self.digraph(graph_attr)
        holdings = self.holdings()
        # Two invisible bands, one for the journey and one for the people who bring assets to it: dot keeps
        # sibling clusters apart, so the stages stay in one row and the holders in another (dot picks which
        # band goes on top; with contributions pointing into the journey, that is the people's).
        with g.subgraph(name="cluster_people") as band:
            band.attr(style="invis", label="", margin="0")
            for actor in self.journey.actors:
                if holdings[actor.id]:
                    self._holder(band, actor, holdings[actor.id])
        with g.subgraph(name="cluster_journey") as band:
            band.attr(style="invis", label="", margin="0")
            for stage in self.journey.stages:
                self._stage(band, stage)
        for index, edge in enumerate(self.journey.flow_edges):
            dot.edge(g, edge.source, edge.target, self.flow_edge(index, edge))
        for index, contribution in enumerate(self.journey.contributions):
            dot.edge(g, contribution.asset, contribution.touchpoint, self.contribution(index, contribution))
        # Set last, so that no cluster inherits it.
        g.attr(label=self.heading())
        return g

    def _stage(self, g: graphviz.Digraph, stage: Stage) -> None:
        with g.subgraph(name=f"cluster_stage_{stage.id}") as c:
            c.attr(**self.stage_attributes(stage), margin="12")
            for touchpoint in stage.touchpoints:
                node = self.touchpoint(touchpoint)
                dot.node(c, node.name, node.attributes)
            if not stage.touchpoints:
                node = self.placeholder(stage)
                dot.node(c, node.name, node.attributes)

    def _holder(self, g: graphviz.Digraph, actor: Actor, assets: list[Asset]) -> None:
        with g.subgraph(name=f"cluster_actor_{actor.id}") as c:
            c.attr(**self.holder_attributes(actor), margin="10")
            # One column per holder: its assets side by side in one rank, under where the first is used.
            with c.subgraph() as column:
                column.attr(rank="same")
                for node in (self.holder_title(actor), *(self.asset(asset, actor) for asset in assets)):
                    dot.node(column, node.name, node.attributes)

    # -- stages and touchpoints ----------------------------------------------

    def stage_attributes(self, stage: Stage) -> dict[str, str]:
        """A stage's cluster: its box, id, class, label and tooltip."""
        theme = self.theme
        return {**theme.stage.attributes(rounded=True),
                "id": dot.element_id("stage", stage.id), "class": "stage",
                "label": dot.label(f'<FONT POINT-SIZE="{theme.heading_size}"><B>'
                                   f'{dot.html_lines(stage.name, theme.wrap_name)}</B></FONT>'),
                "tooltip": dot.attribute(dot.join([stage.name, stage.description], "\n")),
                "fontcolor": theme.stage.text}

    def stage_header(self, stage: Stage) -> tuple[float, float]:
        """The estimated size of a stage's label, in points."""
        lines = dot.wrap(stage.name, self.theme.wrap_name)
        size = self.theme.heading_size
        return max(text_width(line, size, bold=True) for line in lines), len(lines) * size * _LINE

    def placeholder(self, stage: Stage) -> _Node:
        """What stands in a stage that has no touchpoints yet."""
        theme = self.theme
        text = "no touchpoints yet"
        return _Node(f"@empty-{stage.id}", {"label": dot.label(
            f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}"><I>{text}</I></FONT>'),
            "shape": "plain", "class": "placeholder"},
            text_width(text, theme.small_size) if self.measure else 0.0, theme.small_size * _LINE)

    def touchpoint(self, touchpoint: Touchpoint) -> _Node:
        """A touchpoint's node: name, channel and people, involvement, mood, pain points, passive or not."""
        theme = self.theme
        small = theme.small_size
        passive = self.analysis.passive_touchpoint(touchpoint.id)
        box = theme.passive if passive else theme.touchpoint
        self.keys.add(Key.PASSIVE if passive else Key.TOUCHPOINT)
        label = _Label(self.measure)
        if touchpoint.moment_of_truth:
            self.keys.add(Key.MOMENT_OF_TRUTH)
            label.add(badge(theme, theme.moment_badge, "★ MOMENT OF TRUTH"), ["★ MOMENT OF TRUTH"], small,
                      bold=True, pad=_TAG)
        label.add(f"<B>{dot.html_lines(touchpoint.name, theme.wrap_name)}</B>",
                  dot.wrap(touchpoint.name, theme.wrap_name), theme.text_size, bold=True)
        details = dot.join([words(touchpoint.channel) if touchpoint.channel else None, self._people(touchpoint)])
        if details:
            label.add(dot.font(small, theme.muted, dot.html_lines(details, theme.wrap_text)),
                      dot.wrap(details, theme.wrap_text), small)
        if touchpoint.involvement is not None:
            involvement = f"{words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})"
            label.add(dot.font(small, theme.muted, dot.html(involvement)), [involvement], small)
        if touchpoint.emotion is not None:
            self.keys.add(Key.EMOTION)
            self.emotions.add(touchpoint.emotion)
            label.add(mood_pill(theme, touchpoint.emotion),
                      [f"{signed(touchpoint.emotion)} {theme.mood(touchpoint.emotion).word}"], small, bold=True,
                      pad=_TAG)
        for pain in touchpoint.pain_points:
            text = "⚠ " + dot.shorten(pain, theme.pain_point_chars)
            label.add(dot.font(small, theme.ink, dot.html_lines(text, theme.wrap_text)),
                      dot.wrap(text, theme.wrap_text), small)
        if passive:
            citizens = "; ".join(a.name for a in passive.citizens)
            label.add(badge(theme, theme.passive_badge, "PASSIVE"), ["PASSIVE"], small, bold=True, pad=_TAG)
            text = f"done to or for {citizens}"
            label.add(dot.font(small, theme.ink, dot.html_lines(text, theme.wrap_text)),
                      dot.wrap(text, theme.wrap_text), small)
        return label.node(touchpoint.id, {
            **box.attributes(rounded=True),
            "id": dot.element_id("touchpoint", touchpoint.id),
            "class": dot.classes("touchpoint", "passive" if passive else None,
                                 "moment-of-truth" if touchpoint.moment_of_truth else None),
            "tooltip": dot.attribute(self._touchpoint_tooltip(touchpoint, passive)),
        }, box.border.width)

    def _people(self, touchpoint: Touchpoint) -> str | None:
        names = [self.journey.actor(a).name for a in touchpoint.actors]
        return "with " + "; ".join(names) if names else None  # names may hold commas ("Margaret, 78")

    def _touchpoint_tooltip(self, touchpoint: Touchpoint, passive: PassiveTouchpoint | None) -> str:
        lines = [touchpoint.name, touchpoint.description]
        if touchpoint.channel:
            lines.append(f"Channel: {words(touchpoint.channel)}")
        if touchpoint.actors:
            lines.append("Who is there: " + ", ".join(self.journey.actor(a).name for a in touchpoint.actors))
        if touchpoint.emotion is not None:
            lines.append(f"Emotion: {touchpoint.emotion:+d} ({self.theme.mood(touchpoint.emotion).word})")
        if touchpoint.involvement is not None:
            lines.append(f"Involvement: {words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})")
        lines += [f"Pain point: {p}" for p in touchpoint.pain_points]
        if touchpoint.moment_of_truth:
            lines.append("Moment of truth")
        if passive:
            lines.append("Passive: no citizen's asset is used here")
        return dot.join(lines, "\n")

    # -- actors and their assets ------------------------------------------------

    def holdings(self) -> dict[str, list[Asset]]:
        """Each actor's assets, in file order, by the actor's id."""
        held: dict[str, list[Asset]] = {actor.id: [] for actor in self.journey.actors}
        for asset in self.journey.assets:
            held[asset.holder].append(asset)
        return held

    def holder_attributes(self, actor: Actor) -> dict[str, str]:
        """A holder's cluster: its box, id, classes and tooltip (its title is a node: see holder_title)."""
        box = self.theme.persona_holder if actor.id == self.journey.persona else self.theme.holder
        return {**box.attributes(rounded=True),
                "id": dot.element_id("actor", actor.id),
                "class": dot.classes("actor", actor.side.value,
                                     "persona" if actor.id == self.journey.persona else None),
                "label": "", "fontcolor": box.text,
                "tooltip": dot.attribute(dot.join([actor.name, words(actor.role), actor.description,
                                                   WILLINGNESS_WORDS[actor.willingness]], "\n"))}

    def holder_title(self, actor: Actor) -> _Node:
        """The title over a holder's assets: who they are and what they bring.

        A node, not the cluster's label: in a left-to-right layout dot leaves no room for cluster labels
        between clusters stacked in one rank, and they would overlap.
        """
        theme = self.theme
        is_persona = actor.id == self.journey.persona
        box = theme.persona_holder if is_persona else theme.holder
        about = dot.join([words(actor.role), "persona" if is_persona else None,
                          WILLINGNESS_WORDS[actor.willingness] if actor.is_citizen else None])
        title = (f"<B>{dot.html_lines(actor.name, theme.wrap_text)}</B>&#160;brings"
                 f'<BR ALIGN="LEFT"/>{dot.font(theme.small_size, theme.muted, dot.html(about))}<BR ALIGN="LEFT"/>')
        width = height = 0.0
        if self.measure:
            names = dot.wrap(actor.name, theme.wrap_text)
            names[-1] += " brings"
            width = max(max(text_width(n, theme.text_size, bold=True) for n in names),
                        text_width(about, theme.small_size))
            height = (len(names) * theme.text_size + theme.small_size) * _LINE
        return _Node(f"@holder-{actor.id}", {"label": dot.label(title), "shape": "plain",
                                             "fontcolor": box.text, "class": "holder-title"}, width, height)

    def asset(self, asset: Asset, holder: Actor) -> _Node:
        """An asset's node, in the style of its use: in use, or unused and graded by its holder's willingness."""
        theme = self.theme
        unused = self.analysis.unused_asset(asset.id)
        grade = unused.grade if unused else None
        box, key = {
            None: (theme.asset, Key.ASSET),
            "willing": (theme.unused_willing, Key.UNUSED_WILLING),
            "unstated": (theme.unused, Key.UNUSED),
            "unwilling": (theme.unused_unwilling, Key.UNUSED_UNWILLING),
        }[grade]
        self.keys.add(key)
        label = _Label(self.measure)
        if unused:
            text = unused_badge(unused)
            label.add(badge(theme, theme.unwilling_badge if grade == "unwilling" else theme.unused_badge, text),
                      [text], theme.small_size, bold=True, pad=_TAG)
        label.add(dot.font(theme.text_size, box.text, f"<B>{dot.html_lines(asset.label, theme.wrap_name)}</B>"),
                  dot.wrap(asset.label, theme.wrap_name), theme.text_size, bold=True)
        offered = f"{hours(asset.hours_per_month)} h/month" if asset.hours_per_month is not None else None
        kind = words(asset.kind) if asset.name is not None else None  # an unnamed asset's label is its kind
        details = dot.join([kind, offered])
        if details:
            label.add(dot.font(theme.small_size, theme.muted if grade != "unwilling" else box.text, dot.html(details)),
                      [details], theme.small_size)
        return label.node(asset.id, {
            **box.attributes(rounded=False),
            "id": dot.element_id("asset", asset.id),
            "class": dot.classes("asset", "unused" if unused else None, grade),
            "tooltip": dot.attribute(dot.join([
                asset.label, f"{words(asset.kind)}, held by {holder.name}", offered, asset.description,
                f"Unused ({WILLINGNESS_WORDS[holder.willingness]})" if unused else None], "\n")),
        }, box.border.width)

    # -- edges ------------------------------------------------------------------

    def flow_edge(self, index: int, edge: FlowEdge) -> dict[str, str]:
        """A step of the flow: heavy, so that the journey's main line runs straight while contributions bend."""
        self.keys.add(Key.FLOW)
        stroke = self.theme.flow
        attrs: dict[str, str] = {
            **stroke.attributes(), "weight": "8",
            "id": dot.element_id("flow", edge.source, edge.target, index), "class": "flow",
            "tooltip": dot.attribute(f"{self.journey.touchpoint(edge.source).name} → "
                                     f"{self.journey.touchpoint(edge.target).name}"
                                     + (f"\n{edge.label}" if edge.label else "")),
        }
        if edge.label:
            attrs["label"] = dot.label(dot.html_lines(edge.label, self.theme.wrap_text))
        return attrs

    def contribution(self, index: int, contribution: Contribution) -> dict[str, str]:
        """A contribution's edge, from asset to touchpoint: solid if actual, dashed if potential."""
        actual = contribution.is_actual
        self.keys.add(Key.ACTUAL if actual else Key.POTENTIAL)
        stroke = self.theme.actual if actual else self.theme.potential
        asset = self.journey.asset(contribution.asset)
        touchpoint = self.journey.touchpoint(contribution.touchpoint)
        # Every contribution points forward, so a holder's column stands just before the first touchpoint
        # their assets reach; what happens today pulls harder than what could.
        weight = "2" if actual else "1"
        return {**stroke.attributes(), "weight": weight,
                "id": dot.element_id("contribution", contribution.asset, contribution.touchpoint, index),
                "class": dot.classes("contribution", contribution.status.value,
                                     "untapped" if self.analysis.is_untapped(contribution) else None),
                "label": dot.label(dot.html(words(contribution.phase))),
                "tooltip": dot.attribute(dot.join([
                    f"{asset.label} → {touchpoint.name}",
                    f"{words(contribution.phase)}, {contribution.status.value}", contribution.note], "\n"))}


def _stack(rows: list[str]) -> str:
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">{cells}</TABLE>'


# -- large maps, placed here -------------------------------------------------------------------------------

_ROW_WIDTH = 2326.0  # the narrowest a row may be: A1 landscape less the pad, as the canvas folds
_ASPECT = math.sqrt(2)  # the whole drawing's width to height, as a landscape A-series page
# A0 landscape, in inches: a larger drawing is scaled down to print on one poster, which also keeps its PNG
# to some 35 megapixels at 150 dpi (drawn full size, a map of 1,000 touchpoints is ten times that).
_PAGE = "46.8,33.1"
_MARGIN = 32.0  # round the drawing: lanes for steps that go on in the next row
_LANE = 16.0  # how far outside the rows those lanes run
_COLUMN_GAP = 36.0  # between columns of touchpoints
_STAGE_GAP = 20.0  # between stages in a row
_STACK_GAP = 14.0  # between touchpoints stacked in one column
_PAD = 12.0  # inside a stage, round its touchpoints
_ARC = 28.0  # over a line of touchpoints that steps arc over, room for them
_LINE_GAP = 40.0  # between the lines of a stage too wide for one row
_STRIP_GAP = 44.0  # between a row of stages and the strip of holders under it
_ROW_GAP = 36.0  # between a strip and the next row
_HOLDER_PAD = 8.0
_TITLE_GAP = 14.0  # between a holder's title and its assets
_HOLDER_GAP = 16.0
_ASSET_GAP = 10.0
_ARROW = 8.0  # an arrowhead's length: Graphviz's 10 points times the arrowsize, 0.8
_FAN = 0.7  # the share of a node's side that the ends of its edges spread over
_FITTING = 10  # tries at the row width that gives the drawing its proportions

_Point = tuple[float, float]


@attrs.define
class _Column:
    """Touchpoints of one stage and one rank, stacked."""

    nodes: list[_Node]
    gap: float = _COLUMN_GAP  # before it, when another column of its stage stands there
    width: float = attrs.field(init=False)
    height: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.width = max(n.width for n in self.nodes)
        self.height = sum(n.height for n in self.nodes) + _STACK_GAP * (len(self.nodes) - 1)


@attrs.define
class _Block:
    """A stage as drawn: a cluster round lines of columns."""

    stage: Stage
    columns: list[_Column]
    header: tuple[float, float]
    lines: list[list[_Column]] = attrs.Factory(list)
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom
    width: float = attrs.field(init=False)  # on one line

    def __attrs_post_init__(self) -> None:
        inner = sum(c.width for c in self.columns) + sum(c.gap for c in self.columns[1:])
        self.width = max(inner, self.header[0]) + 2 * _PAD


@attrs.define
class _Holder:
    """An actor who holds assets: a cluster of a title and the assets, in lines to the right of it."""

    actor: Actor
    title: _Node
    assets: list[_Node]
    order: int  # among the holders, in file order
    reach: list[str] = attrs.Factory(list)  # the touchpoints its assets reach, once per contribution
    width: float = 0.0
    height: float = 0.0
    left: float = 0.0
    top: float = 0.0

    def arrange(self, room: float) -> None:
        """Place the title and assets relative to the cluster's corner, asset lines at most ``room`` wide."""
        self.title.x, self.title.y = _HOLDER_PAD + self.title.width / 2, _HOLDER_PAD + self.title.height / 2
        start = _HOLDER_PAD + self.title.width + _TITLE_GAP
        x, y, tallest, right = start, _HOLDER_PAD, 0.0, start
        for node in self.assets:
            if x > start and x + node.width > start + room:
                x, y, tallest = start, y + tallest + _ASSET_GAP, 0.0
            node.x, node.y = x + node.width / 2, y + node.height / 2
            x += node.width + _ASSET_GAP
            tallest = max(tallest, node.height)
            right = max(right, node.right)
        self.width = right + _HOLDER_PAD
        self.height = max(y + tallest, self.title.bottom) + _HOLDER_PAD

    def move(self, left: float, top: float) -> None:
        """Put the cluster's top left corner at (left, top)."""
        for node in (self.title, *self.assets):
            node.x += left - self.left
            node.y += top - self.top
        self.left, self.top = left, top


class _Placed:
    """A large map placed here: stages folded into rows, holders in strips under them, every edge routed."""

    def __init__(self, flow: _Flow) -> None:
        self.flow = flow
        self.journey = flow.journey
        self.flow_edges = self.journey.flow_edges
        self.touchpoints = {t.id: flow.touchpoint(t) for t in self.journey.touchpoints}
        self.blocks = self._blocks()
        self.assets: dict[str, _Node] = {}
        self.holders = self._holders()
        # Where things are, once placed (see _place):
        self.room = _ROW_WIDTH
        self.lines: list[list[_Column]] = []  # every line of touchpoints, top to bottom
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
                attributes["lp"] = self._point(place or _at(route, 0.5))
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

        low, high = _ROW_WIDTH, max(_ROW_WIDTH, sum(b.width + _STAGE_GAP for b in self.blocks))
        if wide_enough(low) or not wide_enough(high):
            return low if wide_enough(low) else high
        for _ in range(_FITTING):
            middle = (low + high) / 2
            low, high = (low, middle) if wide_enough(middle) else (middle, high)
        return high

    # -- building ---------------------------------------------------------------

    def _blocks(self) -> list[_Block]:
        """Each stage's columns: its touchpoints grouped by rank in the flow, ranks left to right."""
        rank = ranks(self.journey)
        theme = self.flow.theme
        room: dict[str, float] = {}  # before a touchpoint, for the label of a step into it
        for edge in self.flow_edges:
            if edge.label:
                width = max(text_width(line, theme.small_size) for line in dot.wrap(edge.label, theme.wrap_text))
                room[edge.target] = max(room.get(edge.target, 0.0), width + 2 * _STACK_GAP)
        blocks = []
        for stage in self.journey.stages:
            by_rank: dict[int, list[_Node]] = {}
            for touchpoint in sorted(stage.touchpoints, key=lambda t: rank[t.id]):
                by_rank.setdefault(rank[touchpoint.id], []).append(self.touchpoints[touchpoint.id])
            columns = [_Column(nodes, max([_COLUMN_GAP, *(room.get(n.name, 0.0) for n in nodes)]))
                       for _, nodes in sorted(by_rank.items())]
            blocks.append(_Block(stage, columns or [_Column([self.flow.placeholder(stage)])],
                                 self.flow.stage_header(stage)))
        return blocks

    def _holders(self) -> list[_Holder]:
        """The actors who hold assets, in file order, each arranged within its cluster."""
        holdings = self.flow.holdings()
        holders: list[_Holder] = []
        for actor in self.journey.actors:
            if holdings[actor.id]:
                assets = [self.flow.asset(asset, actor) for asset in holdings[actor.id]]
                self.assets.update((node.name, node) for node in assets)
                holder = _Holder(actor, self.flow.holder_title(actor), assets, len(holders))
                holder.arrange(_ROW_WIDTH - 2 * _HOLDER_PAD - _TITLE_GAP - holder.title.width)
                holders.append(holder)
        by_asset = {asset.name: holder for holder in holders for asset in holder.assets}
        for contribution in self.journey.contributions:
            by_asset[contribution.asset].reach.append(contribution.touchpoint)
        return holders

    # -- placing ----------------------------------------------------------------

    def _place(self, room: float) -> None:
        """Place everything in rows at most ``room`` wide, each row's holders in a strip under it."""
        self.room = room
        rows = self._fold()
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

    def _fold(self) -> list[list[_Block]]:
        """Rows of whole stages, as text wraps into lines; a stage wider than a row has rows of its own."""
        rows: list[list[_Block]] = []
        width = math.inf
        for block in self.blocks:
            block.lines = [[]]
            inner = 0.0
            for column in block.columns:
                if block.lines[-1] and inner + column.gap + column.width > self.room - 2 * _PAD:
                    block.lines.append([])
                inner = inner + column.gap + column.width if block.lines[-1] else column.width
                block.lines[-1].append(column)
            if width + _STAGE_GAP + block.width <= self.room and len(block.lines) == 1:
                rows[-1].append(block)
                width += _STAGE_GAP + block.width
            else:
                rows.append([block])
                width = block.width if len(block.lines) == 1 else math.inf
        return rows

    def _index(self, rows: list[list[_Block]]) -> None:
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

    def _homes(self, rows: list[list[_Block]]) -> list[int]:
        """For each holder, the row its assets reach most often (the last row if they reach none)."""
        row_of = {t.id: number for number, row in enumerate(rows) for b in row for t in b.stage.touchpoints}
        homes = []
        for holder in self.holders:
            counts: dict[int, int] = {}
            for touchpoint in holder.reach:
                counts[row_of[touchpoint]] = counts.get(row_of[touchpoint], 0) + 1
            homes.append(min(counts, key=lambda r: (-counts[r], r)) if counts else len(rows) - 1)
        return homes

    def _place_row(self, row: list[_Block], lines: range, top: float, arched: set[int]) -> float:
        """Place a row of stages, its ``lines`` of touchpoints, from ``top`` down; the row's bottom."""
        height = max(c.height for b in row for c in b.columns)
        y = top + max(b.header[1] for b in row) + _PAD
        for number in lines:
            self.lanes.append(top - _ROW_GAP / 2 if number == lines[0] else y - _LINE_GAP / 2)
            y += _ARC if number in arched else 0.0
            self.line_tops.append(y)
            y += height + _LINE_GAP
        left = _MARGIN
        for block in row:
            right = left + 2 * _PAD + block.header[0]
            for number, line in enumerate(block.lines, lines[0]):
                x = left + _PAD
                for index, column in enumerate(line):
                    x += column.gap if index else 0.0
                    self._place_column(column, x, self.line_tops[number] + height / 2)
                    x += column.width
                right = max(right, x + _PAD)
            block.box = (left, top, right, self.line_tops[lines[0] + len(block.lines) - 1] + height + _PAD)
            left = right + _STAGE_GAP
        return max(b.box[3] for b in row)

    @staticmethod
    def _place_column(column: _Column, left: float, middle: float) -> None:
        y = middle - column.height / 2
        for node in column.nodes:
            node.x, node.y = left + column.width / 2, y + node.height / 2
            y += node.height + _STACK_GAP

    def _place_strip(self, holders: list[_Holder], top: float) -> float:
        """Place holders under a row, each as near as fits under where its assets are used; the strip's bottom.

        Holders go left to right in the order of where they are wanted, in lines as full as the row allows;
        in each line, first pushed right as far as they are wanted, then left as far as the line ends.
        """
        wanted = {}
        for holder in holders:
            reach = [self.touchpoints[t].x for t in holder.reach if self.touchpoints[t].top < top]
            wanted[holder.order] = sum(reach) / len(reach) - holder.width / 2 if reach else math.inf
        order = sorted(holders, key=lambda h: (wanted[h.order], h.order))
        lines: list[list[_Holder]] = [[]]
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

    def _step(self, edge: FlowEdge) -> list[_Point]:
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
            return _polyline([(source.right, source.y), (right, source.y), (right, lane), (left, lane),
                              (left, target.y), (target.left, target.y)])
        if target_line > line:
            return _curve((source.x, source.bottom), (target.x, target.top))
        return _curve((source.x, source.top), (target.x, target.bottom))

    def _contributions(self) -> list[list[_Point]]:
        """Each contribution's route, from its asset's top (or bottom) to its touchpoint's bottom (or top).

        The ends fan out along each node's side in the order of the other ends, so that edges neither meet
        in one point nor cross where they start. A touchpoint with another stacked under it (or over it, for
        an edge from above) is reached from the side instead, lest the edge seem to come from its neighbour.
        """
        stacked = {node.name: (column.nodes[0], column.nodes[-1]) for block in self.blocks
                   for column in block.columns for node in column.nodes}
        ends: list[tuple[_Node, _Node, bool, bool]] = []
        for contribution in self.journey.contributions:
            asset, touchpoint = self.assets[contribution.asset], self.touchpoints[contribution.touchpoint]
            up = touchpoint.y < asset.y
            ends.append((asset, touchpoint, up, stacked[touchpoint.name][1 if up else 0] is not touchpoint))
        starts = _fan([(a, up, t.x, i) for i, (a, t, up, _) in enumerate(ends)])
        stops = _fan([(t, up, a.x, i) for i, (a, t, up, side) in enumerate(ends) if not side])
        routes = []
        for index, (asset, touchpoint, up, side) in enumerate(ends):
            start = (starts[index], asset.top if up else asset.bottom)
            if side:
                towards = -1 if asset.x < touchpoint.x else 1
                end = (touchpoint.x + towards * touchpoint.width / 2,
                       touchpoint.y + (1 if up else -1) * touchpoint.height / 4)
                bend = max(24.0, abs(end[1] - start[1]) / 2) * (-1 if up else 1)
                routes.append([start, (start[0], start[1] + bend), (end[0] + towards * 2 * _PAD, end[1]), end])
            else:
                routes.append(_curve(start, (stops[index], touchpoint.bottom if up else touchpoint.top)))
        return routes

    # -- DOT ------------------------------------------------------------------

    def _drawn(self) -> _Free:
        """What labels must keep clear of: every node and every stage's name."""
        free = _Free()
        for node in (*self.touchpoints.values(), *self.assets.values(), *(h.title for h in self.holders)):
            free.take((node.left, node.top, node.right, node.bottom))
        for block in self.blocks:
            left, top = block.box[:2]
            free.take((left, top, left + 2 * _PAD + block.header[0], top + block.header[1] + _PAD))
        return free

    def _point(self, point: _Point) -> str:
        return f"{point[0]:.1f},{self.height - point[1]:.1f}"

    def _node(self, g: graphviz.Digraph, node: _Node) -> None:
        dot.node(g, node.name, {**node.attributes, "pos": dot.pos(node.x, self.height - node.y),
                                "width": dot.inches(node.width), "height": dot.inches(node.height)})

    def _box(self, left: float, top: float, right: float, bottom: float) -> str:
        return f"{left:.1f},{self.height - bottom:.1f},{right:.1f},{self.height - top:.1f}"

    def _spline(self, points: list[_Point]) -> str:
        """An edge's pos: the spline, ending an arrowhead's length short of the last point, where the head is."""
        *route, (x, y) = points
        dx, dy = x - route[-1][0], y - route[-1][1]
        step = _ARROW / (math.hypot(dx, dy) or 1.0)
        route.append((x - dx * step, y - dy * step))
        return f"e,{x:.1f},{self.height - y:.1f} " + " ".join(f"{px:.1f},{self.height - py:.1f}" for px, py in route)


_Rect = tuple[float, float, float, float]  # left, top, right, bottom
_LABEL_TRIES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # where along an edge its label may go, best first


class _Free:
    """What is drawn where, on a grid, so that each edge label finds a place clear of nodes and other labels."""

    _CELL = 96.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[_Rect]] = {}

    def _cells(self, rect: _Rect) -> Iterator[tuple[int, int]]:
        for i in range(int(rect[0] // self._CELL), int(rect[2] // self._CELL) + 1):
            for j in range(int(rect[1] // self._CELL), int(rect[3] // self._CELL) + 1):
                yield i, j

    def take(self, rect: _Rect) -> None:
        """Mark ``rect`` as drawn on."""
        for cell in self._cells(rect):
            self.cells.setdefault(cell, []).append(rect)

    def clear(self, rect: _Rect) -> bool:
        """Whether nothing drawn overlaps ``rect``."""
        return not any(o[0] < rect[2] and rect[0] < o[2] and o[1] < rect[3] and rect[1] < o[3]
                       for cell in self._cells(rect) for o in self.cells.get(cell, ()))

    def find(self, route: list[_Point], lines: list[str], size: float, *, beside: bool) -> _Point | None:
        """The centre of a free place for a label along ``route`` (beside it, or over it), taken; None if none."""
        width = max(text_width(line, size) for line in lines)
        height = len(lines) * size * _LINE + 2
        for t in _LABEL_TRIES:
            x, y = _at(route, t)
            centre = (x + 4 + width / 2, y) if beside else (x, y - 2 - height / 2)
            rect = (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)
            if self.clear(rect):
                self.take(rect)
                return centre
        return None


def _at(route: list[_Point], t: float) -> _Point:
    """The point of a Bézier spline (cubic pieces end to end) a share ``t`` of the way along its pieces."""
    pieces = (len(route) - 1) // 3
    piece = min(int(t * pieces), pieces - 1)
    u = t * pieces - piece
    weights = ((1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u ** 2, u ** 3)
    points = route[3 * piece:3 * piece + 4]
    return (sum(w * p[0] for w, p in zip(weights, points)), sum(w * p[1] for w, p in zip(weights, points)))


def _curve(start: _Point, end: _Point) -> list[_Point]:
    """A cubic leaving ``start`` and reaching ``end`` vertically."""
    bend = max(24.0, abs(end[1] - start[1]) / 2) * (1 if end[1] > start[1] else -1)
    return [start, (start[0], start[1] + bend), (end[0], end[1] - bend), end]


def _polyline(points: list[_Point]) -> list[_Point]:
    """Straight segments through ``points`` as cubic Bézier control points."""
    route = [points[0]]
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        route += [(ax + (bx - ax) / 3, ay + (by - ay) / 3), (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3), (bx, by)]
    return route


def _fan(ends: list[tuple[_Node, bool, float, int]]) -> dict[int, float]:
    """Where along its node's top or bottom side each edge ends: spread out in the order of their other ends."""
    sides: dict[tuple[str, bool], list[tuple[float, int]]] = {}
    nodes: dict[str, _Node] = {}
    for node, up, other, index in ends:
        sides.setdefault((node.name, up), []).append((other, index))
        nodes[node.name] = node
    placed = {}
    for (name, _), group in sides.items():
        node = nodes[name]
        for position, (_, index) in enumerate(sorted(group)):
            placed[index] = node.x + node.width * _FAN * ((position + 1) / (len(group) + 1) - 0.5)
    return placed


def ranks(journey: Journey) -> dict[str, int]:
    """Each touchpoint's rank in the flow: the most steps by which it can be reached, loops left out.

    A depth-first walk from each touchpoint in file order tells the loops, as dot does: a step back to a
    touchpoint whose walk has not finished closes one.
    """
    after: dict[str, list[str]] = {t.id: [] for t in journey.touchpoints}
    for edge in journey.flow_edges:
        after[edge.source].append(edge.target)
    walking: set[str] = set()
    seen: set[str] = set()
    finished: list[str] = []
    before: dict[str, list[str]] = {t: [] for t in after}  # the steps into each touchpoint, loops left out
    for root in after:
        if root in seen:
            continue
        seen.add(root)
        walking.add(root)
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(after[root]))]
        while stack:
            node, steps = stack[-1]
            for target in steps:
                if target in walking:
                    continue
                before[target].append(node)
                if target not in seen:
                    seen.add(target)
                    walking.add(target)
                    stack.append((target, iter(after[target])))
                    break
            else:
                walking.discard(node)
                finished.append(node)
                stack.pop()
    rank: dict[str, int] = {}
    for node in reversed(finished):  # each touchpoint after every one with a step into it
        rank[node] = max((rank[s] + 1 for s in before[node]), default=0)
    return rank
