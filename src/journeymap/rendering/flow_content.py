"""What the flow view draws: stage clusters, touchpoint cards, holders, assets and edges.

Every node comes with a generous estimate of its size, in points, for flow_place to place it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeymap.analysis import Analysis
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.rendering import dot
from journeymap.rendering.fonts import text_width
from journeymap.rendering import records
from journeymap.rendering.legend import Key, OutcomeLine, badge, heading, mood_pill, outcome_marks, unused_look
from journeymap.rendering.style import Box, Theme
from journeymap.wording import (
    MOMENT_OF_TRUTH_BADGE,
    PASSIVE_BADGE,
    STAFF_NOT_USED,
    STAFF_TAG,
    TOKENISM_BADGE,
    asset_facts,
    card_details,
    contribution_facts,
    contribution_heading,
    done_to_or_for,
    hours_a_month,
    involvement,
    outcome_places,
    serves_facts,
    signed,
    tokenism_line,
    tooltip_text,
    touchpoint_facts,
    unused_badge,
    what_matters,
    willingness,
    words,
)

LINE = 1.2  # Graphviz's line height, in ems
_SPACING = 2  # CELLSPACING of a label's stack (see _stack)
_CELL = 1  # its CELLPADDING
_TAG = 2  # CELLPADDING round a badge's or a mood pill's text
_BACKDROP_PAD = 1  # CELLPADDING round a step's numbers on their backdrop
_NODE_MARGIN = (7.2, 4.32)  # the nodes' margin, "0.1,0.06" inches, on each side, in points


@attrs.define
class Node:
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


class _Label:
    """An HTML-like label built row by row, with a generous estimate of its size in points."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self.width = 0.0
        self.height = float(_SPACING)

    def add(self, markup: str, lines: Iterable[str], size: float, *, bold: bool = False, pad: float = 0.0) -> None:
        """Add a row: its markup, and the lines of text it shows at ``size`` points, ``pad`` round them."""
        self.rows.append(markup)
        shown = list(lines)
        self.width = max(self.width, max((text_width(line, size, bold=bold) for line in shown), default=0.0) + 2 * pad)
        self.height += len(shown) * size * LINE + 2 * pad + 2 * _CELL + _SPACING

    def add_sized(self, markup: str, width: float, height: float) -> None:
        """Add a row of a known size (a table of a fixed size)."""
        self.rows.append(markup)
        self.width = max(self.width, width)
        self.height += height + 2 * _CELL + _SPACING

    def node(self, name: str, attributes: dict[str, str], penwidth: float) -> Node:
        """A box node holding this label, sized for it."""
        width = self.width + 2 * (_CELL + _SPACING) + 2 * _NODE_MARGIN[0] + 2 * penwidth
        return Node(name, {"label": dot.label(_stack(self.rows)), **attributes}, width,
                    self.height + 2 * _NODE_MARGIN[1] + 2 * penwidth)


class Flow:
    """One drawing in progress; remembers which states it drew, for the legend."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.theme = theme
        self.analysis = analysis
        self.keys: set[Key] = set()
        self.emotions: set[int] = set()
        # Each outcome's number, and where it is served: a touchpoint serving one wears its mark.
        self.outcomes = [(n, f, outcome_places(journey, f)) for n, f in enumerate(analysis.outcomes, start=1)]
        self.widths = records.Widths(journey.flow_edges, theme.flow.width)  # steps wider for more cases
        self.steps = records.drawn_steps(journey)  # each step's place in the map's flow: all, unless a tangle
        self.unshown = records.unshown_steps(journey, drawn=True)  # the cards whose steps in or out are not drawn
        # One phase of all (co-delivery, on a map from records): the key names it once, not a label on each line.
        phases = {contribution.phase for contribution in journey.contributions}
        self.one_phase = words(phases.pop()) if self.widths.most and len(phases) == 1 else None

    def heading(self) -> str:
        """The graph's label: title, persona and the legend of what was drawn (so: ask last), listing every
        outcome, served or not, by the number its touchpoints' marks show."""
        lines = [OutcomeLine(n, f.outcome.name, f.state) for n, f, _ in self.outcomes]
        return dot.label(heading(self.journey, self.theme, self.keys, self.emotions, lines,
                                 outcomes_title=what_matters(self.journey, self.analysis.outcomes),
                                 one_phase=self.one_phase, note=records.dense_flow_advice(self.journey)))

    # -- stages and touchpoints ----------------------------------------------

    def stage_attributes(self, stage: Stage) -> dict[str, str]:
        """A stage's cluster: its box, id, class, label and tooltip."""
        theme = self.theme
        label = f'<FONT POINT-SIZE="{theme.heading_size}"><B>{dot.html_lines(stage.name, theme.wrap_name)}</B></FONT>'
        numbers = records.stage_line(stage, first=self.first(stage))
        if numbers:  # from records: the stage's cases and the wait on entering it
            label += f'<BR ALIGN="LEFT"/>{dot.font(theme.small_size, theme.stage.text, dot.html(numbers))}'
        label = dot.flush_left(label)
        facts = [str(fact) for fact in records.stage_facts(stage, first=self.first(stage))]
        return {**theme.stage.attributes(rounded=True),
                "id": dot.element_id("stage", stage.id), "class": dot.classes("stage", *records.stage_classes(stage)),
                "label": dot.label(label),
                "tooltip": dot.attribute(dot.join([stage.name, stage.description, *facts], "\n")),
                "fontcolor": theme.stage.text}

    def first(self, stage: Stage) -> bool:
        """Whether ``stage`` is the journey's first, whose entry wait is only of cases going back to it."""
        return stage.id == self.journey.stages[0].id

    def stage_header(self, stage: Stage) -> tuple[float, float]:
        """The estimated size of a stage's label, in points."""
        theme = self.theme
        lines = dot.wrap(stage.name, theme.wrap_name)
        size = theme.heading_size
        width, height = max(text_width(line, size, bold=True) for line in lines), len(lines) * size * LINE
        numbers = records.stage_line(stage, first=self.first(stage))
        if numbers:
            width, height = max(width, text_width(numbers, theme.small_size)), height + theme.small_size * LINE
        return width, height

    def placeholder(self, stage: Stage) -> Node:
        """What stands in a stage that has no touchpoints yet."""
        theme = self.theme
        text = "no touchpoints yet"
        return Node(f"@empty-{stage.id}", {"label": dot.label(
            f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}"><I>{text}</I></FONT>'),
            "shape": "plain", "class": "placeholder"},
            text_width(text, theme.small_size), theme.small_size * LINE)

    def touchpoint(self, touchpoint: Touchpoint) -> Node:
        """A touchpoint's node: name, channel and people, involvement, mood, pain points, passive or not."""
        theme = self.theme
        small = theme.small_size
        passive = self.analysis.passive_touchpoint(touchpoint.id)
        box = theme.passive if passive else theme.touchpoint
        self.keys.add(Key.PASSIVE if passive else Key.TOUCHPOINT)
        label = _Label()
        if touchpoint.moment_of_truth:
            self.keys.add(Key.MOMENT_OF_TRUTH)
            label.add(badge(theme, theme.moment_badge, MOMENT_OF_TRUTH_BADGE), [MOMENT_OF_TRUTH_BADGE], small,
                      bold=True, pad=_TAG)
        label.add(f"<B>{dot.html_lines(touchpoint.name, theme.wrap_name)}</B>",
                  dot.wrap(touchpoint.name, theme.wrap_name), theme.text_size, bold=True)
        details = card_details(self.journey, touchpoint)
        if details:
            label.add(dot.font(small, theme.muted, dot.html_lines(details, theme.wrap_text)),
                      dot.wrap(details, theme.wrap_text), small)
        self._numbers(label, touchpoint)
        if touchpoint.involvement is not None:
            rung = involvement(touchpoint.involvement)
            label.add(dot.font(small, theme.muted, dot.html(rung)), [rung], small)
        serves = self._outcome_marks(label, touchpoint)
        tokenism = self.analysis.tokenistic(touchpoint.id)
        if tokenism:
            self.keys.add(Key.TOKENISM)
            label.add(badge(theme, theme.tokenism_badge, TOKENISM_BADGE), [TOKENISM_BADGE], small, bold=True,
                      pad=_TAG)
            text = tokenism_line(tokenism)
            label.add(dot.font(small, theme.ink, dot.html_lines(text, theme.wrap_text)),
                      dot.wrap(text, theme.wrap_text), small)
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
            label.add(badge(theme, theme.passive_badge, PASSIVE_BADGE), [PASSIVE_BADGE], small, bold=True,
                      pad=_TAG)
            text = done_to_or_for(passive)
            label.add(dot.font(small, theme.ink, dot.html_lines(text, theme.wrap_text)),
                      dot.wrap(text, theme.wrap_text), small)
        return label.node(touchpoint.id, {
            **box.attributes(rounded=True),
            "id": dot.element_id("touchpoint", touchpoint.id),
            "class": dot.classes("touchpoint", "passive" if passive else None, "tokenism" if tokenism else None,
                                 "moment-of-truth" if touchpoint.moment_of_truth else None,
                                 "serves-outcome" if serves else None, *records.touchpoint_classes(touchpoint)),
            "tooltip": dot.attribute(tooltip_text(touchpoint.name, touchpoint_facts(self.analysis, touchpoint)
                                                  + records.touchpoint_facts(touchpoint, self.unshown.get(
                                                      touchpoint.id)) + serves_facts(self.analysis, touchpoint))),
        }, box.border.width)

    def _numbers(self, label: _Label, touchpoint: Touchpoint) -> None:
        """From records: the touchpoint's cases, in bold, then the cases starting and ending there."""
        theme = self.theme
        for n, line in enumerate(records.touchpoint_lines(touchpoint)):
            bold = n == 0 and touchpoint.cases is not None
            text = f"<B>{dot.html(line)}</B>" if bold else dot.html(line)
            label.add(dot.font(theme.small_size, theme.ink, text), [line], theme.small_size, bold=bold)
        if unshown := self.unshown.get(touchpoint.id):  # grey: what the drawing lacks, not a number of its own
            label.add(dot.font(theme.small_size, theme.muted, f"<I>{dot.html_lines(unshown, theme.wrap_text)}</I>"),
                      dot.wrap(unshown, theme.wrap_text), theme.small_size)

    def _outcome_marks(self, label: _Label, touchpoint: Touchpoint) -> bool:
        """A row of small numbered marks, one per outcome served at the touchpoint, in its state's colours (the
        key lists the outcomes by number, with their names and states); whether there were any."""
        marks = [(n, f.state) for n, f, places in self.outcomes if touchpoint.id in places]
        if marks:
            label.add_sized(*outcome_marks(self.theme, marks))
        return bool(marks)

    # -- actors and their assets ------------------------------------------------

    def holdings(self) -> dict[str, list[Asset]]:
        """Each actor's assets, in file order, by the actor's id."""
        held: dict[str, list[Asset]] = {actor.id: [] for actor in self.journey.actors}
        for asset in self.journey.assets:
            held[asset.holder].append(asset)
        return held

    def holder_attributes(self, actor: Actor) -> dict[str, str]:
        """A holder's cluster: its box, id, classes and tooltip (its title is a node: see holder_title)."""
        box = self.holder_box(actor)
        return {**box.attributes(rounded=True),
                "id": dot.element_id("actor", actor.id),
                "class": dot.classes("actor", actor.side.value,
                                     "persona" if actor.id == self.journey.persona else None),
                "label": "", "fontcolor": box.text,
                "tooltip": dot.attribute(dot.join([actor.name, words(actor.role), actor.description,
                                                   willingness(actor.willingness)], "\n"))}

    def holder_box(self, actor: Actor) -> Box:
        """How a holder's cluster is drawn: the persona's stands out."""
        return self.theme.persona_holder if actor.id == self.journey.persona else self.theme.holder

    def holder_title(self, actor: Actor) -> Node:
        """The title over a holder's assets: who they are and what they bring.

        A node, not the cluster's label: in a left-to-right layout dot leaves no room for cluster labels
        between clusters stacked in one rank, and they would overlap.
        """
        theme = self.theme
        is_persona = actor.id == self.journey.persona
        box = theme.persona_holder if is_persona else theme.holder
        about = dot.join([words(actor.role), "persona" if is_persona else None,
                          willingness(actor.willingness) if actor.is_citizen else None])
        title = (f"<B>{dot.html_lines(actor.name, theme.wrap_text)}</B>&#160;brings"
                 f'<BR ALIGN="LEFT"/>{dot.font(theme.small_size, theme.muted, dot.html(about))}<BR ALIGN="LEFT"/>')
        names = dot.wrap(actor.name, theme.wrap_text)
        names[-1] += " brings"
        width = max(max(text_width(n, theme.text_size, bold=True) for n in names), text_width(about, theme.small_size))
        height = (len(names) * theme.text_size + theme.small_size) * LINE
        return Node(f"@holder-{actor.id}", {"label": dot.label(title), "shape": "plain",
                                            "fontcolor": box.text, "class": "holder-title"}, width, height)

    def asset(self, asset: Asset, holder: Actor) -> Node:
        """An asset's node, in the style of its use: in use, or unused and graded by its holder's willingness.

        ``holder`` is the asset's holder, as the layouts have it at hand; the facts find it themselves.
        """
        theme = self.theme
        if not holder.is_citizen:
            return self._staff_asset(asset)
        unused = self.analysis.unused_asset(asset.id)
        look = unused_look(theme, unused.grade) if unused else None
        box = look.box if look else theme.asset
        self.keys.add(look.key if look else Key.ASSET)
        label = _Label()
        if unused and look:
            text = unused_badge(unused)
            label.add(badge(theme, look.badge, text), [text], theme.small_size, bold=True, pad=_TAG)
        label.add(dot.font(theme.text_size, box.text, f"<B>{dot.html_lines(asset.label, theme.wrap_name)}</B>"),
                  dot.wrap(asset.label, theme.wrap_name), theme.text_size, bold=True)
        offered = hours_a_month(asset.hours_per_month, short=True) if asset.hours_per_month is not None else None
        kind = words(asset.kind) if asset.name is not None else None  # an unnamed asset's label is its kind
        details = dot.join([kind, offered])
        if details:
            label.add(dot.font(theme.small_size, box.text if look and look.faded else theme.muted, dot.html(details)),
                      [details], theme.small_size)
        return label.node(asset.id, {
            **box.attributes(rounded=False),
            "id": dot.element_id("asset", asset.id),
            "class": dot.classes("asset", "unused" if unused else None, unused.grade if unused else None),
            "tooltip": dot.attribute(tooltip_text(asset.label, asset_facts(self.analysis, asset))),
        }, box.border.width)

    def _staff_asset(self, asset: Asset) -> Node:
        """A staff asset's node: a thin grey outline tagged "staff", quiet whether used or not."""
        theme = self.theme
        box = theme.staff_asset
        self.keys.add(Key.STAFF_ASSET)
        not_used = any(u.asset.id == asset.id for u in self.analysis.unused_staff_assets)
        label = _Label()
        label.add(dot.font(theme.small_size, box.text, dot.html(STAFF_TAG)), [STAFF_TAG], theme.small_size)
        label.add(dot.font(theme.text_size, box.text, f"<B>{dot.html_lines(asset.label, theme.wrap_name)}</B>"),
                  dot.wrap(asset.label, theme.wrap_name), theme.text_size, bold=True)
        kind = words(asset.kind) if asset.name is not None else None
        details = dot.join([kind, STAFF_NOT_USED if not_used else None])
        if details:
            label.add(dot.font(theme.small_size, box.text, f"<I>{dot.html(details)}</I>"), [details], theme.small_size)
        return label.node(asset.id, {
            **box.attributes(rounded=False),
            "id": dot.element_id("asset", asset.id),
            "class": dot.classes("asset", "staff", "enabling", "not-used" if not_used else None),
            "tooltip": dot.attribute(tooltip_text(asset.label, asset_facts(self.analysis, asset))),
        }, box.border.width)

    # -- edges ------------------------------------------------------------------

    def flow_edge(self, index: int, edge: FlowEdge, backdrop: str | None = None) -> dict[str, str]:
        """A step of the flow: heavy, so that the journey's main line runs straight while contributions bend; from
        records, as wide as its share of cases and labelled with its cases and median time. A ``backdrop`` colour
        fills the label's box, so that lines drawn before it pass behind its numbers, not through them."""
        self.keys.add(Key.FLOW)
        stroke = self.theme.flow
        facts = [str(fact) for fact in records.step_facts(edge)]
        attrs: dict[str, str] = {
            **stroke.attributes(), "weight": "8",
            "id": dot.element_id("flow", edge.source, edge.target, index),
            "class": dot.classes("flow", *records.step_classes(edge)),
            "tooltip": dot.attribute("\n".join([f"{self.journey.touchpoint(edge.source).name} → "
                                                f"{self.journey.touchpoint(edge.target).name}",
                                                *([edge.label] if edge.label else []), *facts])),
        }
        if edge.cases is not None:
            self.keys.add(Key.FLOW_CASES)
            scale = self.widths.arrow_scale(edge)
            attrs.update(penwidth=f"{self.widths.width(edge):.2f}", arrowsize=f"{0.8 * scale:.2f}")
        text = records.step_label(edge)
        if text:
            lines = dot.flush_left(dot.html_lines(text, self.theme.wrap_text))
            attrs["label"] = dot.label(lines if backdrop is None else (
                f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{_BACKDROP_PAD}" '
                f'BGCOLOR="{backdrop}"><TR><TD>{lines}</TD></TR></TABLE>'))
        return attrs

    def contribution(self, index: int, contribution: Contribution) -> dict[str, str]:
        """A contribution's edge, from asset to touchpoint: solid if actual, dashed if potential; labelled with its
        phase unless the key names the one phase of all."""
        actual = contribution.is_actual
        enabling = self.analysis.is_enabling(contribution)
        if enabling:  # a professional's, enabling citizens: its own quiet line, whether actual or potential
            self.keys.add(Key.ENABLING)
            stroke = self.theme.enabling
        else:
            self.keys.add(Key.ACTUAL if actual else Key.POTENTIAL)
            stroke = self.theme.actual if actual else self.theme.potential
        # What happens today pulls harder than what could.
        return {**stroke.attributes(), "weight": "2" if actual else "1",
                "id": dot.element_id("contribution", contribution.asset, contribution.touchpoint, index),
                "class": dot.classes("contribution", contribution.status.value, "enabling" if enabling else None,
                                     "untapped" if self.analysis.is_untapped(contribution) else None),
                **({} if self.one_phase else {"label": dot.label(dot.html(words(contribution.phase)))}),
                "tooltip": dot.attribute(tooltip_text(contribution_heading(self.journey, contribution),
                                                 contribution_facts(contribution)))}


def _stack(rows: list[str]) -> str:
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">{cells}</TABLE>'
