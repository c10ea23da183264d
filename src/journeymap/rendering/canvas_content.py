"""The canvas's content: the journey's touchpoints, feelings, pain points and assets as cards in lanes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from journeymap.analysis import Analysis, Grade, UnusedAsset
from journeymap.model import Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.rendering import dot, records
from journeymap.rendering.canvas_cards import (
    GUTTER,
    HEADER_WRAP,
    LEVEL,
    MARKER,
    MIN_COLUMN,
    PAD,
    ROW_PAD,
    VISIBILITY_LABEL,
    Card,
    Cards,
    Group,
    Row,
    band,
)
from journeymap.rendering.canvas_outcomes import outcomes_lane
from journeymap.rendering.canvas_staff import staff_lane
from journeymap.rendering.canvas_text import Block, badge_block, spacer, text
from journeymap.rendering.legend import Key, unused_look
from journeymap.rendering.style import Box, Stroke, Theme
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN, Phase
# The words, figures and facts every view shares, so the canvas and the flow speak alike.
from journeymap.wording import (
    MOMENT_OF_TRUTH_BADGE,
    PASSIVE_BADGE,
    STAFF_TAG,
    TOKENISM_BADGE,
    Fact,
    asset_facts,
    card_details,
    contribution_note,
    counted,
    done_to_or_for,
    emotion,
    feelings_not_recorded,
    hours_a_month,
    involvement,
    no_co_production,
    no_unused_assets,
    phase_kind,
    phase_name,
    serves_facts,
    signed,
    tokenism_line,
    tooltip_text,
    touchpoint_facts,
    unused_badge,
    words,
)
from journeymap.vocabulary import Lane as Blueprint

_BLUEPRINT = {
    Blueprint.CUSTOMER: ("Customer actions", "what the person does"),
    Blueprint.FRONTSTAGE: ("Frontstage", "what they see of the service"),
    Blueprint.BACKSTAGE: ("Backstage", "what the service does out of sight"),
    Blueprint.SUPPORT: ("Support processes", "systems and other organisations"),
}
_LOUDNESS = {grade: n for n, grade in enumerate(Grade)}  # Grade lists the loudest first
_NONE_UNUSED = "none: every asset is in use"


class Content(Cards):
    """Everything the canvas shows, as cards in lanes: filled once, then placed by the layout."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        super().__init__(journey, analysis, theme)
        self.unused_hours = analysis.unused_willing_hours
        self.emotions: set[int] = set()
        self.unused_at: dict[int, set[str]] = {}  # the unused assets that could help at each column
        self.unused_lane_empty = False  # set by _unused: nothing unused, no use to suggest
        self.stages = self._stages()
        # A lane no touchpoint fills is left out, each on its own, and the heading says so (see not_recorded).
        felt = any(t.emotion is not None for t in journey.touchpoints)
        hurt = any(t.pain_points for t in journey.touchpoints)
        self.not_recorded = feelings_not_recorded(journey, emotion=not felt, pain_points=not hurt)
        self.lanes = [self._touchpoints(), *([self._feelings()] if felt else []),
                      *([self._pain_points()] if hurt else []), self._co_production()]
        outcomes = outcomes_lane(self)  # what co-production today serves, before what could be brought
        if outcomes is not None:
            self.lanes.append(outcomes)
        self.lanes.append(self._unused())
        staff = staff_lane(self)  # last and quiet: below the citizens' loud unused assets
        if staff is not None:
            self.lanes.append(staff)

    def _stages(self) -> list[tuple[list[int], Card]]:
        """A header per stage, spanning its columns; a long name wraps to the width the columns give it."""
        spans: dict[str, tuple[Stage, list[int]]] = {}
        for column, c in enumerate(self.columns):
            spans.setdefault(c.stage.id, (c.stage, []))[1].append(column)
        return [(columns, self.stage_card(stage, len(columns))) for stage, columns in spans.values()]

    def stage_card(self, stage: Stage, columns: int, *, after: Touchpoint | None = None) -> Card:
        """A stage's header over ``columns`` columns; with ``after``, of the part of it that goes on from there."""
        theme = self.theme
        span = columns * (MIN_COLUMN + GUTTER) - GUTTER
        wrap = max(theme.wrap_name, int((span - 2 * PAD) / (theme.heading_size * 0.75)))
        rows = [text(stage.name, wrap, theme.heading_size, theme.stage.text, bold=True)]
        # From records: its cases and the wait on entering it.
        first = stage.id == self.journey.stages[0].id
        rows += [text(line, wrap, theme.small_size, theme.stage.text)
                 for line in records.stage_lines(stage, first=first)]
        if not stage.touchpoints:
            rows.append(text("no touchpoints yet", theme.wrap_text, theme.small_size, theme.muted))
        if after is not None:
            rows.append(text("continued from the row above", wrap, theme.small_size, theme.muted))
        name = dot.element_id("stage", stage.id, *([after.id] if after else []))
        card = self.card(name, rows, theme.stage, rounded=True,
                         classes=("stage", "continued" if after else None, *records.stage_classes(stage)),
                         tooltip=dot.join([stage.name, stage.description,
                                           *map(str, records.stage_facts(stage, first=first))], "\n"))
        return attrs.evolve(card, attrs={**card.attrs, "labelloc": "c"})

    # -- filling the lanes --------------------------------------------------------

    def _touchpoints(self) -> Group:
        theme = self.theme
        touchpoints = [c.touchpoint for c in self.columns if c.touchpoint]
        blueprint = any(t.lane is not None for t in touchpoints)
        rows: dict[Blueprint | None, Row] = {}
        if not blueprint:
            rows[None] = Row("touchpoints", self.header("Touchpoints", "name, channel, who is there"))
        elif any(t.lane is None for t in touchpoints):
            rows[None] = Row("touchpoints", self.header("No lane given", "touchpoints without a blueprint lane",
                                                         lane="Touchpoints"))
        if blueprint:
            for lane, (title, about) in _BLUEPRINT.items():
                header = self.header(title, about, lane=None if rows else "Touchpoints")
                if lane is Blueprint.BACKSTAGE:  # room for the line of visibility's label above the title
                    header = (spacer(VISIBILITY_LABEL), *header)
                rows[lane] = Row(f"blueprint-{lane.value}", header)
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is not None:
                rows[touchpoint.lane if blueprint else None].add(column, self._touchpoint(touchpoint))
        return Group("touchpoints", list(rows.values()), band=band(theme, theme.background), header=theme.stage)

    def _touchpoint(self, touchpoint: Touchpoint) -> Card:
        theme = self.theme
        passive = self.analysis.passive_touchpoint(touchpoint.id)
        box = theme.passive if passive else theme.touchpoint
        self.keys.add(Key.PASSIVE if passive else Key.TOUCHPOINT)
        rows = []
        if touchpoint.moment_of_truth:
            self.keys.add(Key.MOMENT_OF_TRUTH)
            rows.append(badge_block(theme, theme.moment_badge, MOMENT_OF_TRUTH_BADGE))
        rows.append(text(touchpoint.name, theme.wrap_name, theme.text_size, box.text, bold=True))
        details = card_details(self.journey, touchpoint)
        if details:
            rows.append(text(details, theme.wrap_text, theme.small_size, theme.muted))
        rows += [text(line, theme.wrap_text, theme.small_size, box.text, bold=n == 0 and touchpoint.cases is not None)
                 for n, line in enumerate(records.touchpoint_lines(touchpoint))]  # from records: cases, starts, ends
        if touchpoint.involvement is not None:
            rows.append(text(involvement(touchpoint.involvement), theme.wrap_text, theme.small_size, theme.muted))
        tokenism = self.analysis.tokenistic(touchpoint.id)
        if tokenism:
            self.keys.add(Key.TOKENISM)
            rows.append(badge_block(theme, theme.tokenism_badge, TOKENISM_BADGE))
            rows.append(text(tokenism_line(tokenism), theme.wrap_text, theme.small_size, box.text))
        if passive:
            rows.append(badge_block(theme, theme.passive_badge, PASSIVE_BADGE))
            rows.append(text(done_to_or_for(passive), theme.wrap_text, theme.small_size, box.text))
        # The emotion and the pain points have lanes, and tooltips, of their own.
        serves = serves_facts(self.analysis, touchpoint)
        facts = touchpoint_facts(self.analysis, touchpoint, feelings=False) + records.touchpoint_facts(touchpoint) + serves
        return self.card(dot.element_id("touchpoint", touchpoint.id), rows, box, rounded=True,
                         classes=("touchpoint", "passive" if passive else None, "tokenism" if tokenism else None,
                                  "moment-of-truth" if touchpoint.moment_of_truth else None,
                                  "serves-outcome" if serves else None, *records.touchpoint_classes(touchpoint)),
                         tooltip=tooltip_text(touchpoint.name, facts))

    def _feelings(self) -> Group:
        theme = self.theme
        row = Row("emotion", self.header("How it feels", "emotion from −2 to +2"))
        row.height = (EMOTION_MAX - EMOTION_MIN) * LEVEL + MARKER + 2 * ROW_PAD
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is None or touchpoint.emotion is None:
                continue
            self.keys.add(Key.EMOTION)
            self.emotions.add(touchpoint.emotion)
            row.add(column, self._marker(touchpoint, touchpoint.emotion))
        return Group("emotion", [row], band=band(theme, theme.stage.fill), header=theme.stage)

    def _marker(self, touchpoint: Touchpoint, score: int) -> Card:
        theme = self.theme
        mood = theme.mood(score)
        figure = Block(f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{mood.text}"><B>{dot.html(signed(score))}'
                       f"</B></FONT>", MARKER - 2 * PAD, MARKER - 2 * PAD)
        return Card.of(dot.element_id("touchpoint", touchpoint.id, "emotion"), (figure,), {
            "shape": "circle", "style": "filled", "fillcolor": mood.fill, "color": theme.ink,
            "penwidth": "1.2", "labelloc": "c", "class": dot.classes("emotion", f"emotion-{score + 2}"),
            "label": dot.label(figure.markup),
            "tooltip": dot.attribute(tooltip_text(touchpoint.name, [Fact("Emotion", emotion(score))])),
        })

    def _pain_points(self) -> Group:
        theme = self.theme
        row = Row("pain-points", self.header("Pain points", "what goes wrong"))
        for column, touchpoint in enumerate(c.touchpoint for c in self.columns):
            if touchpoint is None or not touchpoint.pain_points:
                continue
            rows = [text("⚠ " + dot.shorten(p, theme.pain_point_chars), theme.wrap_text, theme.small_size, theme.ink)
                    for p in touchpoint.pain_points]
            plain = Box(border=Stroke(color=theme.background), fill=theme.background, text=theme.ink)
            row.add(column, self.card(
                dot.element_id("touchpoint", touchpoint.id, "pain"), rows, plain, rounded=False,
                classes=("pain-points",),
                tooltip=tooltip_text(touchpoint.name, [Fact("Pain point", p) for p in touchpoint.pain_points])))
        return Group("pain-points", [row], band=band(theme, theme.background), header=theme.stage)

    def _co_production(self) -> Group:
        theme = self.theme
        actual = [(i, c) for i, c in enumerate(self.journey.contributions) if c.is_actual]
        phases = [p for p in Phase if any(c.phase is p for _, c in actual)]
        rows = {p: Row(f"co-production-{p.value}",
                        self.header(phase_name(p), f"citizen {phase_kind(p)}",
                                    lane="Co-production today" if n == 0 else None))
                for n, p in enumerate(phases)}
        if not rows:
            empty = Row("co-production", self.header("Co-production today", no_co_production(self.journey)))
            return Group("co-production", [empty], band=band(theme, theme.stage.fill), header=theme.stage)
        citizens = Box(border=theme.actual, fill=theme.background, text=theme.ink)
        # A professional's contribution enabling citizens: a muted card, told apart from citizens' own.
        staff = Box(border=theme.enabling, fill=theme.background, text=theme.staff_asset.text)
        for index, contribution in actual:
            enabling = self.analysis.is_enabling(contribution)
            self.keys.add(Key.ENABLING if enabling else Key.ACTUAL)
            box = staff if enabling else citizens
            asset = self.journey.asset(contribution.asset)
            tag = [text(STAFF_TAG, theme.wrap_name, theme.small_size, box.text)] if enabling else []
            card = self.card(
                dot.element_id("contribution", asset.id, contribution.touchpoint, index),
                [*tag, text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                 *self.asset_details(asset, contribution_note(contribution), color=box.text if enabling else None)],
                box, rounded=True, classes=("contribution", "actual", "enabling" if enabling else None),
                tooltip=self.contribution_tooltip(contribution))
            rows[contribution.phase].add(self.column_of[contribution.touchpoint], card)
        return Group("co-production", list(rows.values()), band=band(theme, theme.stage.fill), header=theme.stage)

    def _unused(self) -> Group:
        theme = self.theme
        band = Box(border=theme.unused_willing.border, fill=theme.background, text=theme.unused_badge.text)  # loud
        count = len(self.analysis.unused_assets)
        groups: dict[tuple[str, str], list[tuple[int, Contribution]]] = {}
        for index, contribution in enumerate(self.journey.contributions):
            if self.analysis.is_untapped(contribution):
                groups.setdefault((contribution.touchpoint, contribution.asset), []).append((index, contribution))
        # Nothing unused and no use to suggest (a map discovered from records, often): the lane only says so.
        self.unused_lane_empty = not count and not groups
        about = f"{counted(count, 'asset')} people could bring" if count else self._none_unused()
        if self.unused_hours:
            about += f"\n{hours_a_month(self.unused_hours, short=True)} on offer"
        here = Row("unused-here", self._unused_header(about))
        nowhere = Row("unused-elsewhere", self.header("No place yet", "no use identified in this journey",
                                                       inverse=True))
        for (touchpoint, asset_id), found in sorted(groups.items(), key=self._loudest_first):
            column = self.column_of[touchpoint]
            here.add(column, self._opportunity(self.journey.asset(asset_id), found))
            if self.analysis.unused_asset(asset_id) is not None:
                self.unused_at.setdefault(column, set()).add(asset_id)
        placed = {c.asset for c in self.journey.contributions}
        placeless = [u for u in self.analysis.unused_assets if u.asset.id not in placed]
        for unused in sorted(placeless, key=lambda u: _LOUDNESS[u.grade]):
            nowhere.loose.append(self._unused_card(unused, dot.element_id("asset", unused.asset.id), ()))
        rows = [here] + ([nowhere] if placeless else [])
        header = Box(border=theme.unused_willing.border, fill=theme.unused_badge.fill, text=theme.unused_badge.text)
        if not count:  # none found (or none known, from records): grey, not loud, whatever use it may suggest
            quiet = Stroke(color=theme.muted, style="dashed", width=theme.unused_unwilling.border.width)
            band = Box(border=quiet, fill=theme.background, text=theme.passive_badge.text)
            header = Box(border=quiet, fill=theme.passive_badge.fill, text=theme.passive_badge.text)
        return Group("unused", rows, band=band, header=header)

    def unused_header(self, columns: Iterable[int]) -> tuple[Block, ...]:
        """The unused lane's header on a later row of a folded canvas: how many could help in its stages."""
        count = len(self.analysis.unused_assets)
        here = len(set().union(*(self.unused_at.get(c, set()) for c in columns)))
        # A line break of our own: the header's width is set before the rows are known, from the widest case.
        if not count:
            return self._unused_header(self._none_unused())
        return self._unused_header(f"{here or 'none'} of the {count}\ncould help in these stages")

    def _none_unused(self) -> str:
        """What the unused lane says with nothing unused: every asset in use, or (as analyse says) nothing to judge."""
        journey = self.journey
        return _NONE_UNUSED if journey.assets and journey.evidence is None else no_unused_assets(journey)

    def _unused_header(self, about: str) -> tuple[Block, ...]:
        theme = self.theme
        heading = (text("UNUSED ASSETS", HEADER_WRAP, theme.heading_size + 3, theme.unused_badge.text, bold=True),
                   text(about, HEADER_WRAP + 4, theme.small_size, theme.unused_badge.text))
        if self.unused_lane_empty:
            return heading
        return (*heading, spacer(4), *self.header("Could help here", "where a use is identified", inverse=True))

    def _loudest_first(self, item: tuple[tuple[str, str], list[tuple[int, Contribution]]]) -> tuple[int, int, int]:
        (touchpoint, asset), found = item
        unused = self.analysis.unused_asset(asset)
        return self.column_of[touchpoint], _LOUDNESS[unused.grade] if unused else 3, found[0][0]

    def _opportunity(self, asset: Asset, found: list[tuple[int, Contribution]]) -> Card:
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
        rows = [text(f"untapped here · {phases}", theme.wrap_text, theme.small_size, theme.muted),
                text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                *self.asset_details(asset, *map(contribution_note, contributions))]
        return self.card(dot.element_id("contribution", asset.id, contributions[0].touchpoint, found[0][0]),
                         rows, box, rounded=True, classes=("contribution", "potential", "untapped"),
                         tooltip="\n\n".join(self.contribution_tooltip(c) for c in contributions))

    def _unused_card(self, unused: UnusedAsset, name: str, contributions: Sequence[Contribution]) -> Card:
        theme = self.theme
        look = unused_look(theme, unused.grade)
        box = look.box
        self.keys.add(look.key)
        asset = unused.asset
        phases = dot.join(dict.fromkeys(words(c.phase) for c in contributions))
        rows = [badge_block(theme, look.badge, unused_badge(unused)),
                text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
                *self.asset_details(asset, *map(contribution_note, contributions), color=box.text)]
        if phases:
            rows.append(text(f"could help: {phases}", theme.wrap_text, theme.small_size, box.text))
        tooltip = "\n".join([tooltip_text(asset.label, asset_facts(self.analysis, asset)),
                              *(self.contribution_tooltip(c) for c in contributions)])
        return self.card(name, rows, box, rounded=False,
                         classes=("asset", "unused", unused.grade, "opportunity" if contributions else None),
                         tooltip=tooltip)
