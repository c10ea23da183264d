"""The star view: the Co-production Star, each phase a point whose length counts its actual and potential contributions."""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis, PhaseCount
from journeymap.model import Contribution, Journey
from journeymap.rendering import dot
from journeymap.rendering.legend import Key, badge, heading
from journeymap.rendering.style import DEFAULT, Theme
from journeymap.vocabulary import Phase
from journeymap.wording import phase_kind, phase_meaning, phase_name

# Governance International's order, clockwise from the top: commission, design, deliver, assess.
_DIRECTION: dict[Phase, tuple[int, int]] = {
    Phase.CO_COMMISSIONING: (0, 1),
    Phase.CO_DESIGN: (1, 0),
    Phase.CO_DELIVERY: (0, -1),
    Phase.CO_ASSESSMENT: (-1, 0),
}
_ORIENTATION = {(0, 1): "0", (1, 0): "-90", (0, -1): "180", (-1, 0): "90"}

# Sizes in points.
HUB = 40.0  # half the side of the centre square, on whose sides the points stand
REACH = 170.0  # the length of the longest point
EMPTY_REACH = 56.0  # the outline drawn where a phase has no contributions
CARD_GAP = 16.0  # between the longest possible point and its card
CARD_WIDTH = 236.0
HEADING_GAP = 24.0
STAGE_NAME_CHARS = 22
_STAGE_COLUMNS = (128, 44, 56)  # widths of the by-stage table's columns, filling a card
# Graphviz's polygon triangle fills three quarters of its box along its axis: from -1/4 to +1/2 of the box.
_TRIANGLE_SPAN = 0.75
# Heights of the rows of a card, measured from Graphviz's drawing of DejaVu Sans.
_CARD_FIXED = 64.0
_CARD_BADGE = 23.0
_CARD_STAGE_HEADER = 21.0
_CARD_STAGE_ROW = 19.0


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The Co-production Star of a journey: four points sized by actual and potential contributions."""
    return _Star(journey, analysis, theme).graph()


def counts_text(count: PhaseCount) -> str:
    """The figures printed for a phase: ``3 actual · 2 potential``."""
    return f"{count.actual} actual · {count.potential} potential"


class _Star:
    """One drawing in progress; remembers which states it drew, for the legend."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.analysis = analysis
        self.theme = theme
        self.keys: set[Key] = set()
        longest = max((c.total for c in analysis.star_coverage.values()), default=0)
        self.scale = REACH / longest if longest else 0.0

    def graph(self) -> graphviz.Digraph:
        theme = self.theme
        g = graphviz.Digraph(
            name=dot.graph_name(self.journey.title),
            graph_attr={
                "fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "edgesfirst",
                "splines": "line", "class": "journeymap star",
            },
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "fixedsize": "true", "label": ""},
            edge_attr={"dir": "none", "arrowhead": "none"},
        )
        self._hub(g)
        for phase in Phase:
            self._phase(g, phase)
        # Room between the heading, which Graphviz sets just above the drawing, and the top card.
        top = HUB + REACH + CARD_GAP + self._card_height(Phase.CO_COMMISSIONING) + HEADING_GAP
        g.node("@top", shape="point", width="0.01", style="invis", pos=dot.pos(0, top))
        g.attr(label=dot.label(heading(self.journey, theme, self.keys)))
        return g

    def _hub(self, g: graphviz.Digraph) -> None:
        theme = self.theme
        total = sum(c.total for c in self.analysis.star_coverage.values())
        noun = "contribution" if total == 1 else "contributions"
        label = (dot.font(theme.title_size - 4, theme.stage.text, f"<B>{total}</B>") + "<BR/>"
                 + dot.font(theme.small_size, theme.muted, noun))
        g.node("@hub", shape="square", width=dot.inches(2 * HUB), pos=dot.pos(0, 0), label=dot.label(label),
               style="filled", fillcolor=theme.stage.fill, color=theme.stage.border.color,
               penwidth=str(theme.stage.border.width), **{
                   "id": "star-hub", "class": "hub",
                   "tooltip": dot.attribute(f"{total} {noun} in all, actual and potential"),
               })

    # -- one point of the star ----------------------------------------------------

    def _phase(self, g: graphviz.Digraph, phase: Phase) -> None:
        count = self.analysis.star_coverage[phase]
        self.keys.add(Key.ACTION if phase.is_action else Key.VOICE)
        tooltip = dot.attribute(self._tooltip(phase, count))
        self._guide(g, phase)
        if count.total == 0:
            stroke = self.theme.empty_phase
            self._triangle(g, phase, "empty", EMPTY_REACH, tooltip, style=stroke.style, color=stroke.color,
                           penwidth=str(stroke.width))
        if count.potential:
            self.keys.add(Key.POTENTIAL)
            stroke = self.theme.potential
            self._triangle(g, phase, "potential", count.total * self.scale, tooltip,
                           style=f"{stroke.style},filled", color=stroke.color, fillcolor=self.theme.background,
                           penwidth=str(stroke.width))
        if count.actual:
            self.keys.add(Key.ACTUAL)
            stroke = self.theme.actual
            self._triangle(g, phase, "actual", count.actual * self.scale, tooltip, style="filled",
                           color=stroke.color, fillcolor=stroke.color, penwidth=str(stroke.width))
        self._card(g, phase, count, tooltip)

    def _triangle(self, g: graphviz.Digraph, phase: Phase, state: str, length: float, tooltip: str,
                  **style: str) -> None:
        dx, dy = _DIRECTION[phase]
        along = length / _TRIANGLE_SPAN
        middle = HUB + along / 4
        across = 2 * HUB
        width, height = (across, along) if dx == 0 else (along, across)
        g.node(f"@{phase.value}-{state}", shape="triangle", orientation=_ORIENTATION[(dx, dy)],
               width=dot.inches(width), height=dot.inches(height), pos=dot.pos(dx * middle, dy * middle),
               **style, **{
                   "id": dot.element_id("phase", phase.value, state),
                   "class": dot.classes("point", state), "tooltip": tooltip,
               })

    def _guide(self, g: graphviz.Digraph, phase: Phase) -> None:
        """A faint track from the centre to the card: the whole length a point could reach."""
        dx, dy = _DIRECTION[phase]
        end = HUB + REACH + CARD_GAP
        g.node(f"@{phase.value}-end", shape="point", width="0.01", style="invis", pos=dot.pos(dx * end, dy * end))
        grid = self.theme.grid
        g.edge("@hub", f"@{phase.value}-end", color=grid.color, penwidth=str(grid.width), style=grid.style, **{
            "id": dot.element_id("phase", phase.value, "track"), "class": "track",
        })

    # -- the card beside each point -------------------------------------------------

    def _card(self, g: graphviz.Digraph, phase: Phase, count: PhaseCount, tooltip: str) -> None:
        theme = self.theme
        box = theme.action if phase.is_action else theme.voice
        rows = [
            dot.font(theme.heading_size + 1, box.text, f"<B>{dot.html(phase_name(phase))}</B>"),
            dot.font(theme.small_size, theme.muted, dot.html(f"citizen {phase_kind(phase)}: {phase_meaning(phase)}")),
            dot.font(theme.text_size, box.text, f"<B>{count.actual}</B>&#160;actual · <B>{count.potential}</B>&#160;potential"),
        ]
        if count.total == 0:
            rows.append(badge(theme, theme.unused_badge, "NO CONTRIBUTIONS YET"))
        stages = self._stage_rows(phase)
        cells = "".join(f'<TR><TD ALIGN="LEFT" COLSPAN="3">{row}</TD></TR>' for row in rows) + stages
        table = (f'<TABLE BORDER="{max(1, round(box.border.width))}" COLOR="{box.border.color}" '
                 f'BGCOLOR="{box.fill}" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
                 f'WIDTH="{CARD_WIDTH:g}">{cells}</TABLE>')
        dx, dy = _DIRECTION[phase]
        near = HUB + REACH + CARD_GAP
        height = self._card_height(phase)
        x = dx * (near + CARD_WIDTH / 2)
        y = dy * (near + height / 2)
        g.node(f"@{phase.value}-card", shape="plain", fixedsize="false", pos=dot.pos(x, y), label=dot.label(table),
               **{"id": dot.element_id("phase", phase.value),
                  "class": dot.classes("phase", "action" if phase.is_action else "voice",
                                       "empty" if count.total == 0 else None),
                  "tooltip": tooltip})

    def _by_stage(self, phase: Phase) -> list[tuple[str, PhaseCount]]:
        """The stages where this phase has contributions, in journey order, with their counts."""
        rows = []
        for stage in self.journey.stages:
            count = self.analysis.star_coverage_by_stage[stage.id][phase]
            if count.total:
                rows.append((stage.name, count))
        return rows

    def _stage_rows(self, phase: Phase) -> str:
        """The card's small table of where along the journey the phase's contributions are."""
        rows = self._by_stage(phase)
        if not rows:
            return ""
        theme = self.theme
        rule = f' SIDES="T" BORDER="1" COLOR="{theme.grid.color}"'
        heads = ("by stage", "actual", "potential")
        header = "".join(
            f'<TD ALIGN="{"LEFT" if i == 0 else "RIGHT"}" WIDTH="{width}"{rule}>'
            f'{dot.font(theme.small_size, theme.muted, head)}</TD>'
            for i, (head, width) in enumerate(zip(heads, _STAGE_COLUMNS)))
        body = "".join(
            f'<TR><TD ALIGN="LEFT">{dot.font(theme.small_size, theme.ink, dot.html(dot.shorten(name, STAGE_NAME_CHARS)))}</TD>'
            f'<TD ALIGN="RIGHT">{dot.font(theme.small_size, theme.ink, _figure(count.actual))}</TD>'
            f'<TD ALIGN="RIGHT">{dot.font(theme.small_size, theme.ink, _figure(count.potential))}</TD></TR>'
            for name, count in rows)
        return f"<TR>{header}</TR>{body}"

    def _card_height(self, phase: Phase) -> float:
        """How tall Graphviz draws a card, from its rows (see the measured row heights above)."""
        count = self.analysis.star_coverage[phase]
        stages = len(self._by_stage(phase))
        return (_CARD_FIXED + (_CARD_BADGE if count.total == 0 else 0)
                + (_CARD_STAGE_HEADER + stages * _CARD_STAGE_ROW if stages else 0))

    # -- tooltips -------------------------------------------------------------------

    def _tooltip(self, phase: Phase, count: PhaseCount) -> str:
        lines = [f"{phase_name(phase)} (citizen {phase_kind(phase)}): {counts_text(count)}"]
        lines += [f"{name}: {counts_text(stage_count)}" for name, stage_count in self._by_stage(phase)]
        for contribution in self.journey.contributions:
            if contribution.phase is phase:
                lines.append(self._describe(contribution))
        return "\n".join(lines)

    def _describe(self, contribution: Contribution) -> str:
        asset = self.journey.asset(contribution.asset)
        holder = self.journey.holder(asset)
        touchpoint = self.journey.touchpoint(contribution.touchpoint)
        text = f"{contribution.status.value.capitalize()}: {asset.label} ({holder.name}) at {touchpoint.name}"
        return text + (f" — {contribution.note}" if contribution.note else "")


def _figure(value: int) -> str:
    return str(value) if value else "–"

