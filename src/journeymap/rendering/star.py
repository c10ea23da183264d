"""The star view: the Co-production Star, each phase a bar from the centre, actual then potential, on one scale.

The four phases stand on their axes in Governance International's order (commissioning at the top, then
clockwise design, delivery, assessment); a bar's solid part counts the phase's actual contributions and its
dashed part the potential ones, against dashed rings every 1, 2, 5, 10... contributions, with the figures at
its end. A phase with none draws no bar, only ``none yet``. Each phase's card names it (citizen voice or
action) and counts it by stage.
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis, PhaseCount
from journeymap.model import Contribution, Journey
from journeymap.rendering import dot
from journeymap.rendering.fonts import text_width
from journeymap.rendering.legend import Key, badge, heading
from journeymap.rendering.records import RECORDS_SHOW_DELIVERY
from journeymap.rendering.style import DEFAULT, Theme
from journeymap.vocabulary import Phase
from journeymap.wording import contribution_note, phase_kind, phase_meaning, phase_name

# Governance International's order, clockwise from the top: commission, design, deliver, assess.
_DIRECTION: dict[Phase, tuple[int, int]] = {
    Phase.CO_COMMISSIONING: (0, 1),
    Phase.CO_DESIGN: (1, 0),
    Phase.CO_DELIVERY: (0, -1),
    Phase.CO_ASSESSMENT: (-1, 0),
}

# Sizes in points.
BAR = 34.0  # how thick a phase's bar is
START = BAR / 2 + 6  # from the centre to where every bar starts, so that the four never meet
REACH = 220.0  # the length of the scale's last ring, which the longest bar reaches or nearly
TIP_GAP = 6.0  # between a bar's end and its figures
FIGURES = 22.0  # room beyond the longest bar for its figures
CARD_GAP = 14.0  # between that room and the card
CARD_WIDTH = 236.0
HEADING_GAP = 24.0
STAGE_NAME_CHARS = 22
_STAGE_COLUMNS = (128, 44, 56)  # widths of the by-stage table's columns, filling a card
_NONE_YET = 48.0  # how far out along its axis an empty phase says so
_MOST_RINGS = 5
_STEPS = (1, 2, 5)  # a ring every 1, 2, 5, 10, 20, 50... contributions
# Heights of the rows of a card, measured from Graphviz's drawing of DejaVu Sans.
_CARD_FIXED = 64.0
_CARD_BADGE = 23.0
_CARD_STAGE_HEADER = 21.0
_CARD_STAGE_ROW = 19.0


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The Co-production Star of a journey: a bar for each phase, actual then potential, on a common scale."""
    return _Star(journey, analysis, theme).graph()


def counts_text(count: PhaseCount) -> str:
    """The figures printed for a phase: ``3 actual · 2 potential``."""
    return f"{count.actual} actual · {count.potential} potential"


def ring_step(most: int) -> int:
    """Contributions between the scale's rings: 1, 2, 5, 10, 20, 50..., so that at most five rings reach ``most``.

    >>> ring_step(4), ring_step(8), ring_step(12), ring_step(230)
    (1, 2, 5, 50)
    """
    magnitude = 1
    while True:
        for step in _STEPS:
            if most <= step * magnitude * _MOST_RINGS:
                return step * magnitude
        magnitude *= 10


class _Star:
    """One drawing in progress; remembers which states it drew, for the legend."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.analysis = analysis
        self.theme = theme
        self.keys: set[Key] = set()
        self.taken: list[tuple[float, float, float, float]] = []  # where the phases' figures are
        most = max((c.total for c in analysis.star_coverage.values()), default=0)
        self.step = ring_step(most) if most else 0
        rings = -(-most // self.step) if most else 0  # enough rings to hold the longest bar
        self.rings = [self.step * k for k in range(1, rings + 1)]
        self.unit = REACH / self.rings[-1] if self.rings else 0.0  # points per contribution

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
        self._scale(g)
        for phase in Phase:
            self._phase(g, phase)
        self._ring_figures(g)
        self._caption(g)
        # Room between the heading, which Graphviz sets just above the drawing, and the top card.
        top = self._card_distance() + self._card_height(Phase.CO_COMMISSIONING) + HEADING_GAP
        g.node("@top", shape="point", width="0.01", style="invis", pos=dot.pos(0, top))
        note = RECORDS_SHOW_DELIVERY if any(self._unrecorded(phase) for phase in Phase) else None
        g.attr(label=dot.label(heading(self.journey, theme, self.keys, note=note)))
        return g

    def _unrecorded(self, phase: Phase) -> bool:
        """Whether ``phase`` is one of citizens' voice with nothing in it on a map from records, which show only who
        took part in what was done (co-delivery): its emptiness is no finding."""
        return (self.journey.evidence is not None and not phase.is_action
                and not any(c.phase is phase for c in self.journey.contributions))

    def _card_distance(self) -> float:
        return START + REACH + FIGURES + CARD_GAP

    # -- the scale: a centre, rings, and a track along each phase's axis ------------

    def _scale(self, g: graphviz.Digraph) -> None:
        grid = self.theme.grid
        g.node("@centre", shape="circle", width=dot.inches(6), pos=dot.pos(0, 0), style="filled",
               fillcolor=grid.color, color=grid.color, **{"id": "star-centre", "class": "centre"})
        for count in self.rings:
            radius = START + count * self.unit
            g.node(f"@ring-{count}", shape="circle", width=dot.inches(2 * radius), pos=dot.pos(0, 0),
                   color=grid.color, penwidth=str(grid.width), style="dashed", **{
                       "id": f"star-ring-{count}", "class": "ring",
                       "tooltip": dot.attribute(f"{count} contribution{'' if count == 1 else 's'}"),
                   })
        for phase in Phase:
            dx, dy = _DIRECTION[phase]
            end = self._card_distance()
            g.node(f"@{phase.value}-end", shape="point", width="0.01", style="invis", pos=dot.pos(dx * end, dy * end))
            g.edge("@centre", f"@{phase.value}-end", color=grid.color, penwidth=str(grid.width), style=grid.style,
                   **{"id": dot.element_id("phase", phase.value, "track"), "class": "track"})

    def _ring_figures(self, g: graphviz.Digraph) -> None:
        """Each ring's figure on a diagonal, where no bar runs: the first of them clear of the phases' figures."""
        theme = self.theme
        height = theme.small_size * 1.2
        for count in self.rings:
            along = (START + count * self.unit) * 0.7071 + 6
            width = text_width(str(count), theme.small_size)
            for sx, sy in ((1, -1), (1, 1), (-1, 1)):  # below right, above right, above left (the caption's below left)
                box = (sx * along - width / 2, sy * along - height / 2, sx * along + width / 2, sy * along + height / 2)
                if not any(_overlap(box, taken) for taken in self.taken):
                    break
            g.node(f"@ring-{count}-figure", shape="plain", fixedsize="false", pos=dot.pos(sx * along, sy * along),
                   label=dot.label(dot.font(theme.small_size, theme.muted, str(count))), **{"class": "ring-figure"})

    def _caption(self, g: graphviz.Digraph) -> None:
        """What the drawing counts and how its rings read, in the empty corner below co-assessment."""
        coverage = self.analysis.star_coverage.values()
        actual, potential = sum(c.actual for c in coverage), sum(c.potential for c in coverage)
        total = actual + potential
        if total:
            rings = f"Rings every {self.step} contribution{'' if self.step == 1 else 's'}."
            text = f"{total} contribution{'' if total == 1 else 's'}: {actual} actual, {potential} potential. {rings}"
        else:
            text = "No contributions yet: nothing citizens bring is used or planned in any phase."
        lines = dot.wrap(text, 34)
        theme = self.theme
        width = max(text_width(line, theme.small_size) for line in lines)
        corner = (START + REACH) * 0.78  # its top right corner clear of the rings, below co-assessment
        g.node("@caption", shape="plain", fixedsize="false",
               pos=dot.pos(-corner - width / 2, -corner - len(lines) * theme.small_size * 0.6),
               label=dot.label(dot.font(theme.small_size, theme.muted, '<BR ALIGN="LEFT"/>'.join(
                   dot.html(line) for line in lines) + '<BR ALIGN="LEFT"/>')),
               **{"id": "star-caption", "class": "caption"})

    # -- one phase: its bar, actual then potential, and its figures -----------------

    def _phase(self, g: graphviz.Digraph, phase: Phase) -> None:
        count = self.analysis.star_coverage[phase]
        self.keys.add(Key.ACTION if phase.is_action else Key.VOICE)
        tooltip = dot.attribute(self._tooltip(phase, count))
        if count.actual:
            self.keys.add(Key.ACTUAL)
            stroke = self.theme.actual
            self._bar(g, phase, "actual", 0, count.actual, tooltip, style="filled", color=stroke.color,
                      fillcolor=stroke.color, penwidth=str(stroke.width))
        if count.potential:
            self.keys.add(Key.POTENTIAL)
            stroke = self.theme.potential
            self._bar(g, phase, "potential", count.actual, count.potential, tooltip, style=f"{stroke.style},filled",
                      color=stroke.color, fillcolor=self.theme.background, penwidth=str(stroke.width))
        self._figures(g, phase, count, tooltip)
        self._card(g, phase, count, tooltip)

    def _bar(self, g: graphviz.Digraph, phase: Phase, state: str, after: int, count: int, tooltip: str,
             **style: str) -> None:
        """The part of a phase's bar for ``count`` contributions, beginning where ``after`` of them end."""
        dx, dy = _DIRECTION[phase]
        length = count * self.unit
        middle = START + after * self.unit + length / 2
        width, height = (BAR, length) if dx == 0 else (length, BAR)
        g.node(f"@{phase.value}-{state}", shape="box", width=dot.inches(width), height=dot.inches(height),
               pos=dot.pos(dx * middle, dy * middle), **style, **{
                   "id": dot.element_id("phase", phase.value, state),
                   "class": dot.classes("point", state), "tooltip": tooltip,
               })

    def _figures(self, g: graphviz.Digraph, phase: Phase, count: PhaseCount, tooltip: str) -> None:
        """The phase's figures at the end of its bar; ``none yet`` near the centre for a phase with none."""
        theme = self.theme
        dx, dy = _DIRECTION[phase]
        if count.total:
            text = f"<B>{count.actual}</B>&#160;actual · <B>{count.potential}</B>&#160;potential"
            plain = counts_text(count)
        else:
            text = plain = "none yet"
        label = dot.font(theme.small_size, theme.ink if count.total else theme.muted, text)
        width, height = text_width(plain, theme.small_size, bold=bool(count.total)), theme.small_size * 1.2
        end = START + (count.total * self.unit if count.total else _NONE_YET) + TIP_GAP
        if dx == 0:  # above or below the end of a vertical bar
            x, y = 0.0, dy * (end + height / 2)
        else:  # over the end of a horizontal bar, inward from it
            x, y = dx * max(end - TIP_GAP - width / 2, START + width / 2), BAR / 2 + TIP_GAP + height / 2
        self.taken.append((x - width / 2, y - height / 2, x + width / 2, y + height / 2))
        g.node(f"@{phase.value}-figures", shape="plain", fixedsize="false", pos=dot.pos(x, y), label=dot.label(label),
               **{"id": dot.element_id("phase", phase.value, "figures" if count.total else "empty"),
                  "class": dot.classes("figures", None if count.total else "empty"), "tooltip": tooltip})

    # -- the card beside each point -------------------------------------------------

    def _card(self, g: graphviz.Digraph, phase: Phase, count: PhaseCount, tooltip: str) -> None:
        theme = self.theme
        box = theme.action if phase.is_action else theme.voice
        rows = [
            dot.font(theme.heading_size + 1, box.text, f"<B>{dot.html(phase_name(phase))}</B>"),
            dot.font(theme.small_size, theme.muted, dot.html(f"citizen {phase_kind(phase)}: {phase_meaning(phase)}")),
            dot.font(theme.text_size, box.text, f"<B>{count.actual}</B>&#160;actual · <B>{count.potential}</B>&#160;potential"),
        ]
        if count.total == 0 and self._unrecorded(phase):
            rows.append(badge(theme, theme.passive_badge, "NOT IN THE RECORDS"))
        elif count.total == 0:
            rows.append(badge(theme, theme.unused_badge, "NO CONTRIBUTIONS YET"))
        stages = self._stage_rows(phase)
        cells = "".join(f'<TR><TD ALIGN="LEFT" COLSPAN="3">{row}</TD></TR>' for row in rows) + stages
        table = (f'<TABLE BORDER="{max(1, round(box.border.width))}" COLOR="{box.border.color}" '
                 f'BGCOLOR="{box.fill}" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
                 f'WIDTH="{CARD_WIDTH:g}">{cells}</TABLE>')
        dx, dy = _DIRECTION[phase]
        near = self._card_distance()
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
        for contribution in self.journey.contributions:  # citizens' own: staff's enabling ones are not counted
            if contribution.phase is phase and not self.analysis.is_enabling(contribution):
                lines.append(self._describe(contribution))
        return "\n".join(lines)

    def _describe(self, contribution: Contribution) -> str:
        asset = self.journey.asset(contribution.asset)
        holder = self.journey.holder(asset)
        touchpoint = self.journey.touchpoint(contribution.touchpoint)
        text = f"{contribution.status.value.capitalize()}: {asset.label} ({holder.name}) at {touchpoint.name}"
        note = contribution_note(contribution)
        return text + (f" — {note}" if note else "")


def _figure(value: int) -> str:
    return str(value) if value else "–"


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
