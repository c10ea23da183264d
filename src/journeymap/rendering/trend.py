"""The trend view: a map's co-production across its committed versions, one small chart per measure.

Not a view of one map (it is not in VIEWS): it draws a history's scorecards, oldest on the left, each version
dated by its commit. Five measures, each on its own scale from 0, each saying which way is better: the share of
citizen assets used, passive touchpoints, willing hours a month unused, outcomes co-produced, actions done; and for
maps discovered from records, how often citizens acted per case. Records hold only the assets people used, so the
share used of a version from records with none unused is not known, and not drawn.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

import attrs
import graphviz

from journeymap.model import Journey
from journeymap.rendering import dot, engine, svg
from journeymap.rendering.engine import GraphvizWarning
from journeymap.rendering.fonts import text_width
from journeymap.rendering.style import DEFAULT, THEMES, Stroke, Theme
from journeymap.rendering.survey_bars import Chart
from journeymap.scorecard import Scorecard, ScoredVersion, not_like_for_like
from journeymap.vocabulary import ActionStatus
from journeymap.outcomes import OutcomeState

TITLE = "Co-production over time"
FORMATS = ("svg", "png", "pdf", "dot")

# Sizes in points; x is 0 at the first version, y goes down from the chart's title.
PANEL_HEIGHT = 60.0
PANEL_GAP = 34.0  # between one panel's baseline and the next one's top: room for the figures above points
NAME_WIDTH = 196.0
SCALE_WIDTH = 40.0
GAP = 10.0
MIN_SPACING, MAX_WIDTH, MIN_WIDTH = 84.0, 640.0, 360.0
LABEL_ROOM = 74.0  # the narrowest gap between two dates printed on the axis
POINT = 8.0
LABEL_ALL_UP_TO = 12  # versions; beyond, only the first and last points carry their figure
CAPTION_CHARS = 120
LINE = 14.0


@attrs.frozen
class Measure:
    """One of the trend's charts: what it counts from a scorecard, how to print it and which way is better."""

    key: str
    name: str
    better: str  # "higher" or "lower"
    value: Callable[[Scorecard], float | None]
    figure: Callable[[Scorecard], str]
    detail: Callable[[Scorecard], str]  # the tooltip's words
    top: Callable[[Scorecard], float]  # the most the value could be, for the scale
    stroke: Callable[[Theme], Stroke]
    share: bool = False
    unknown: str = ""  # what the chart says where no version has a value


def _share(card: Scorecard) -> float | None:
    return None if card.share_used is None or not card.share_known else 100 * card.share_used


def _share_figure(card: Scorecard) -> str:
    if not card.share_known:
        return "not known"
    return "–" if card.share_used is None else f"{round(100 * card.share_used)}%"


def _acting_detail(card: Scorecard) -> str:
    if card.cases is None:
        return "not discovered from records"
    if card.co_delivery_cases is None:
        return f"{card.cases:,} cases; how often citizens acted is not counted in this version"
    return (f"citizens acted {card.co_delivery_cases:,} times over {card.cases:,} cases (a case counted once "
            f"for each touchpoint and group)")


MEASURES: tuple[Measure, ...] = (
    Measure("assets-used", "Citizen assets used", "higher", _share, _share_figure,
            lambda c: f"{c.assets_used} of {c.citizen_assets} citizen assets used", lambda c: 100.0,
            lambda t: t.actual, share=True,
            unknown="Not known from records: they hold only the assets people used. Ask people what else they "
                    "would bring."),
    Measure("passive", "Passive touchpoints", "lower", lambda c: float(c.passive_touchpoints),
            lambda c: str(c.passive_touchpoints),
            lambda c: f"{c.passive_touchpoints} of {c.touchpoints_with_citizen} touchpoints with a citizen are passive",
            lambda c: float(c.touchpoints_with_citizen), lambda t: t.passive.border),
    Measure("hours-unused", "Willing hours a month unused", "lower", lambda c: c.willing_hours_unused,
            lambda c: f"{c.willing_hours_unused:g}",
            lambda c: f"{c.willing_hours_unused:g} willing hours a month unused, {c.willing_hours_used:g} used",
            lambda c: c.willing_hours_unused + c.willing_hours_used, lambda t: t.unused.border),
    Measure("outcomes", "Outcomes co-produced", "higher", lambda c: float(c.outcomes[OutcomeState.CO_PRODUCED]),
            lambda c: str(c.outcomes[OutcomeState.CO_PRODUCED]),
            lambda c: (f"{c.outcomes[OutcomeState.CO_PRODUCED]} of {c.outcome_count} outcomes co-produced, "
                       f"{c.outcomes[OutcomeState.SERVICE_ONLY]} service-only, "
                       f"{c.outcomes[OutcomeState.UNSERVED]} unserved"),
            lambda c: float(c.outcome_count), lambda t: t.actual),
    Measure("actions", "Actions done", "higher", lambda c: float(c.actions[ActionStatus.DONE]),
            lambda c: str(c.actions[ActionStatus.DONE]),
            lambda c: ", ".join(f"{c.actions[s]} {s.value}" for s in ActionStatus) + " (actions)",
            lambda c: float(c.action_count), lambda t: Stroke(color=t.ink, width=2.0)),
)
CITIZENS_ACTING = Measure(
    "citizens-acting", "Citizens acting, times per case", "higher", lambda c: c.acting_per_case,
    lambda c: "–" if c.acting_per_case is None else f"{c.acting_per_case:.2f}", _acting_detail,
    lambda c: c.acting_per_case or 0.0, lambda t: t.actual)
"""From records: the times citizens acted at a touchpoint, per case (Scorecard.acting_per_case)."""


def measures(versions: Sequence[ScoredVersion]) -> tuple[Measure, ...]:
    """The charts of a history: MEASURES, with CITIZENS_ACTING second where a version was discovered from records."""
    if any(v.scorecard.cases is not None for v in versions):
        return (MEASURES[0], CITIZENS_ACTING, *MEASURES[1:])
    return MEASURES


def nice_top(most: float) -> float:
    """The top of a scale holding ``most``: 1, 2 or 5 times a power of ten (at least 1).

    >>> [nice_top(n) for n in (0, 1, 3, 7, 12, 40)]
    [1.0, 1.0, 5.0, 10.0, 20.0, 50.0]
    """
    if most <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(most))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= most))


def build(versions: Sequence[ScoredVersion], journey: Journey | None = None, theme: Theme = DEFAULT,
          skipped: Sequence[str] = ()) -> graphviz.Digraph:
    """The trend chart of scored versions, oldest first; ``journey`` (the map as it stands) gives the heading;
    ``skipped``: the versions left out as they do not read (``History.skipped``), which it names."""
    return _Trend(versions, journey or Journey(title=TITLE), theme, skipped).graph()


def render_trend(versions: Sequence[ScoredVersion], journey: Journey | None = None, format: str = "svg", *,
                 theme: str | Theme = "default", skipped: Sequence[str] = ()) -> bytes:
    """The trend view in ``format`` (svg, png, pdf or dot), naming the ``skipped`` versions (see ``build``);
    Graphviz's warnings are issued as GraphvizWarning."""
    chosen = theme if isinstance(theme, Theme) else THEMES[theme]
    if format not in FORMATS:
        raise ValueError(f"the trend is drawn as {', '.join(FORMATS)}, not {format!r}")
    text: str = build(versions, journey, chosen, skipped).source
    if format == "dot":
        return text.encode("utf-8")
    output = engine.run(text, format, dpi=chosen.png_dpi if format == "png" else None, layout="fixed")
    for message in output.warnings:
        warnings.warn(f"Graphviz: {message}", GraphvizWarning, stacklevel=2)
    if format == "svg":
        title = (journey.title + " — " if journey is not None else "") + TITLE
        return svg.accessible(output.data, title, description(versions, skipped))
    return output.data


def description(versions: Sequence[ScoredVersion], skipped: Sequence[str] = ()) -> str:
    """The trend in words: each measure from the first version to the last, and the versions left out."""
    if not versions:
        return "No version of the map to show."
    first, last = versions[0], versions[-1]
    changes = "; ".join(f"{m.name.lower()} {m.figure(first.scorecard)} → {m.figure(last.scorecard)}"
                        for m in measures(versions))
    return " ".join([f"{len(versions)} versions, from {first.label} to {last.label}: {changes}.",
                     *_notes(versions, skipped)])


def _notes(versions: Sequence[ScoredVersion], skipped: Sequence[str]) -> list[str]:
    """What the trend warns of: versions not like for like, and those it leaves out as they do not read."""
    some = "version of the map that does not read" if len(skipped) == 1 else "versions of the map that do not read"
    left_out = f"Left out: {len(skipped)} {some} ({', '.join(skipped)}); journeymap history says why."
    return [note for note in (not_like_for_like(v.scorecard for v in versions), left_out if skipped else None) if note]


class _Trend(Chart):
    """One drawing in progress."""

    def __init__(self, versions: Sequence[ScoredVersion], journey: Journey, theme: Theme,
                 skipped: Sequence[str]) -> None:
        super().__init__(journey, theme, "trend")
        self.skipped = skipped
        self.g.attr(splines="line")
        self.versions = list(versions)
        count = len(self.versions)
        self.width = min(MAX_WIDTH, max(MIN_WIDTH, MIN_SPACING * (count - 1)))
        self.xs = [self.width / 2] if count == 1 else [self.width * i / (count - 1) for i in range(count)]
        self.left = -GAP - SCALE_WIDTH - GAP - NAME_WIDTH
        self.right = self.width + 2 * GAP

    def graph(self) -> graphviz.Digraph:
        theme = self.theme
        if not self.versions:
            self.placeholder((self.left + self.right) / 2, -30, self.right - self.left, "No version of the map reads.",
                             "Commit the map to git, then run: journeymap history MAP -o trend.svg")
            return self.finish()
        first, last = self.versions[0].label, self.versions[-1].label
        span = f"{len(self.versions)} versions, {first} to {last}" if len(self.versions) > 1 else f"one version, {first}"
        self.title(0, f"{TITLE}: {span}", self.right - self.left, self.left)
        top = -34.0
        for measure in measures(self.versions):
            self._panel(measure, top)
            top -= PANEL_HEIGHT + PANEL_GAP
        # Once, under the last chart: the versions line up in every one. Versions of one day are told apart by
        # their commits, on a line of their own.
        labels = [v.label for v in self.versions]
        same_day = len(set(labels)) < len(labels)
        self._dates(top + PANEL_GAP - 14, commits=same_day)
        bottom = top + PANEL_GAP - 34 - (LINE if same_day else 0)
        text = ("Each point is a committed version of the map, oldest on the left, dated by its commit; each chart "
                "has its own scale from 0 and says which way is better. In the SVG, hover over a point for its "
                "figures and the commit's message.")
        notes = [(note, theme.unused_badge.fill, "note") for note in _notes(self.versions, self.skipped)]
        for words, colour, kind in (*notes, (text, theme.ink, "caption")):
            if words:
                lines = dot.wrap(words, CAPTION_CHARS)
                self.lines((self.left + self.right) / 2, bottom - len(lines) * LINE / 2, lines, theme.small_size,
                           colour, self.right - self.left, **{"class": kind})
                bottom -= len(lines) * LINE + LINE / 2
        return self.finish()

    def _panel(self, measure: Measure, top: float) -> None:
        """One measure's chart, its top at ``top``: name, scale, grid, line, points and the dates below."""
        theme = self.theme
        base = top - PANEL_HEIGHT
        cards = [v.scorecard for v in self.versions]
        high = 100.0 if measure.share else nice_top(max(measure.top(c) for c in cards))
        name_x = self.left + NAME_WIDTH / 2
        better = f"{measure.better} is better"
        self.text(name_x, top - PANEL_HEIGHT / 2,
                  dot.font(theme.text_size, theme.ink, f"<B>{dot.html(measure.name)}</B>") + "<BR ALIGN=\"LEFT\"/>"
                  + dot.font(theme.small_size, theme.muted, dot.html(better)) + "<BR ALIGN=\"LEFT\"/>", "LEFT",
                  width=NAME_WIDTH, **{"id": f"trend-{measure.key}-name", "class": "measure-name"})
        scale_x = -GAP - SCALE_WIDTH / 2
        for mark, y in ((high, top), (0.0, base)):
            words = f"{mark:g}%" if measure.share else f"{mark:g}"
            self.text(scale_x, y, dot.font(theme.small_size, theme.muted, words), "RIGHT", width=SCALE_WIDTH,
                      **{"class": "scale"})
        grid = theme.grid
        self.rect(-GAP / 2, self.width + GAP / 2, top, grid.width, grid.color, **{"class": "grid"})
        self.rect(-GAP / 2, self.width + GAP / 2, base, 1.0, theme.muted, **{"class": "axis"})
        stroke = measure.stroke(theme)
        if measure.unknown and all(measure.value(card) is None for card in cards):
            lines = dot.wrap(measure.unknown, round(CAPTION_CHARS * self.width / MAX_WIDTH))
            self.lines(self.width / 2, base + PANEL_HEIGHT / 2, lines, theme.small_size, theme.muted, self.width,
                       "CENTER", **{"class": "unknown"})
            return
        points: list[str | None] = []
        for index, (version, x) in enumerate(zip(self.versions, self.xs)):
            value = measure.value(version.scorecard)
            if value is None:
                points.append(None)
                continue
            y = base + PANEL_HEIGHT * min(value, high) / high
            name = f"trend-{measure.key}-{index}"
            tip = f"{version.label} ({version.short}) {version.subject}\n{measure.detail(version.scorecard)}"
            self.g.node(name, shape="circle", fixedsize="true", width=dot.inches(POINT), height=dot.inches(POINT),
                        style="filled", fillcolor=stroke.color, color=theme.background, penwidth="1",
                        pos=dot.pos(x, y), tooltip=dot.attribute(tip),
                        **{"id": name, "class": dot.classes("trend-point", measure.key)})
            points.append(name)
            if len(self.versions) <= LABEL_ALL_UP_TO or index in (0, len(self.versions) - 1):
                figure = measure.figure(version.scorecard)
                self.text(x, y + 12, dot.font(theme.small_size, theme.ink, dot.html(figure)), "CENTER",
                          width=max(24.0, text_width(figure, theme.small_size) + 4), **{"class": "figure"})
        for index, (tail, head) in enumerate(zip(points, points[1:])):
            if tail is not None and head is not None:
                dot.edge(self.g, tail, head, {**stroke.attributes(), "dir": "none", "id": f"trend-{measure.key}-line-{index}",
                                              "class": dot.classes("trend-line", measure.key)})

    def _dates(self, y: float, *, commits: bool) -> None:
        """Each version's date under a panel, thinned so that none runs into the next; with ``commits``, its commit's
        short hash under it."""
        theme = self.theme
        spacing = self.xs[1] - self.xs[0] if len(self.xs) > 1 else LABEL_ROOM
        step = max(1, math.ceil(LABEL_ROOM / spacing))
        last = len(self.versions) - 1
        shown = list(range(0, last + 1, step))
        if shown[-1] != last:  # the latest version is always dated, in place of a date too close to it
            shown[-1 if len(shown) > 1 and last - shown[-1] < step else len(shown):] = [last]
        for index in shown:
            version = self.versions[index]
            words = [version.label, version.short] if commits and version.commit else [version.label]
            self.lines(self.xs[index], y - (len(words) - 1) * LINE / 2, words, theme.small_size, theme.muted,
                       LABEL_ROOM, "CENTER", **{"class": "date"})
