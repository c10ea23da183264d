"""The likert view: diverging stacked bars, one per statement and group, for the Likert counts of the map's surveys.

Disagreement runs left of a centre line and agreement right of it; a neutral level straddles the line, half on
each side. Statements come most agreed with first (the share agreeing, every group together); within a statement
the groups keep the survey's order, so that they compare alike from one statement to the next. Each bar carries
its n, the shares disagreeing and agreeing at its ends, and each level's share where the segment has room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.model_evidence import LikertCount, Survey
from journeymap.rendering import dot
from journeymap.rendering.survey_bars import (
    NO_SURVEYS,
    Chart,
    add_survey,
    diverging,
    fits,
    fitted,
    separator,
    slug,
    unique,
)
from journeymap.rendering.style import DEFAULT, Badge, Theme
from journeymap.wording import percent, whole_percent

# Sizes in points; x is 0 at the centre line, y goes down from 0.
HALF = 220.0  # from the centre line to the axis's end on either side
STATEMENT_WIDTH = 250.0
STATEMENT_CHARS = 38
STATEMENT_LIMIT = 200  # the tooltip has the whole statement
GROUP_WIDTH = 96.0
N_WIDTH = 46.0
TOTAL_WIDTH = 40.0  # the share disagreeing (left) or agreeing (right) beside a bar
GAP = 10.0
BAR = 18.0
ROW = 26.0
LINE = 14.0
BLOCK_GAP = 8.0
KEY_ROW = 22.0
TICK = 25  # a tick every 25 %
CAPTION_CHARS = 130

_PLOT_LEFT = -HALF - GAP - TOTAL_WIDTH
_PLOT_RIGHT = HALF + GAP + TOTAL_WIDTH
_N_X = _PLOT_LEFT - GAP - N_WIDTH / 2
_GROUP_X = _N_X - N_WIDTH / 2 - GAP - GROUP_WIDTH / 2
_STATEMENT_LEFT = _GROUP_X - GROUP_WIDTH / 2 - GAP - STATEMENT_WIDTH
_LEFT, _RIGHT = _STATEMENT_LEFT, _PLOT_RIGHT


@attrs.frozen
class Sides:
    """Where a scale's levels stand: the indices that disagree, the neutral one (if any), those that agree."""

    disagree: tuple[int, ...]
    neutral: int | None
    agree: tuple[int, ...]

    @classmethod
    def of(cls, count: LikertCount) -> Sides:
        """The sides of a count's scale: before the neutral level disagree, after it agree. A scale without one
        given parts in the middle; an odd one then has its middle level as neutral."""
        size = len(count.scale)
        middle = count.scale.index(count.neutral) if count.neutral is not None else (
            size // 2 if size % 2 else None)
        if middle is None:
            return cls(tuple(range(size // 2)), None, tuple(range(size // 2, size)))
        return cls(tuple(range(middle)), middle, tuple(range(middle + 1, size)))


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The Likert counts of a journey's surveys as diverging stacked bars, one panel per survey."""
    return _Likert(journey, theme).graph()


def agreeing(count: LikertCount) -> float:
    """The share of a group agreeing with a statement: the levels above the neutral one (0.0 when none answered)."""
    return sum(count.counts[i] for i in Sides.of(count).agree) / count.n if count.n else 0.0


def disagreeing(count: LikertCount) -> float:
    """The share of a group disagreeing with a statement: the levels below the neutral one."""
    return sum(count.counts[i] for i in Sides.of(count).disagree) / count.n if count.n else 0.0


def statements(survey: Survey) -> list[tuple[str, list[LikertCount]]]:
    """A survey's statements with their groups' counts, most agreed with first (every group's answers together);
    ties keep the survey's order, and the groups within a statement keep it too."""
    by_statement: dict[str, list[LikertCount]] = {}
    for count in survey.likert:
        by_statement.setdefault(count.statement, []).append(count)

    def agreement(item: tuple[int, tuple[str, list[LikertCount]]]) -> tuple[float, int]:
        index, (_, counts) = item
        answered = sum(c.n for c in counts)
        agree = sum(sum(c.counts[i] for i in Sides.of(c).agree) for c in counts)
        return (-(agree / answered) if answered else 0.0, index)

    return [item for _, item in sorted(enumerate(by_statement.items()), key=agreement)]


def segments(count: LikertCount, half: float) -> list[tuple[int, float, float]]:
    """Each level's segment of a bar as (level, left, right) in points, the centre line at 0 and ``half`` points
    for 100 %: disagreement leftwards from the line (or from the neutral half), the strongest outermost, agreement
    rightwards, the neutral level centred on the line; levels nobody gave are left out."""
    if not count.n:
        return []
    sides = Sides.of(count)
    width = [c / count.n * half for c in count.counts]
    found: list[tuple[int, float, float]] = []
    inner = width[sides.neutral] / 2 if sides.neutral is not None else 0.0
    if sides.neutral is not None:
        found.append((sides.neutral, -inner, inner))
    edge = -inner
    for level in reversed(sides.disagree):
        found.append((level, edge - width[level], edge))
        edge -= width[level]
    edge = inner
    for level in sides.agree:
        found.append((level, edge, edge + width[level]))
        edge += width[level]
    return sorted(segment for segment in found if count.counts[segment[0]])  # a level nobody gave draws nothing


def reach(counts: Sequence[LikertCount]) -> float:
    """The axis's end, as a share: the farthest any bar reaches from the centre line, up to the next 25 %."""
    farthest = 0.0
    for count in counts:
        for _, left, right in segments(count, 1.0):
            farthest = max(farthest, -left, right)
    return max(0.5, min(1.0, math.ceil(round(farthest * 100, 6) / TICK) * TICK / 100))


class _Likert(Chart):
    """One drawing in progress."""

    def __init__(self, journey: Journey, theme: Theme) -> None:
        super().__init__(journey, theme, "likert")
        self.ids: set[str] = set()

    def graph(self) -> graphviz.Digraph:
        surveys = [survey for survey in self.journey.surveys if survey.likert]
        self.title(0, "What people think: their answers on a Likert scale, statement by statement",
                   _RIGHT - _LEFT, _LEFT)
        if not surveys:
            first = NO_SURVEYS if not self.journey.surveys else "No Likert statements in this map's surveys yet."
            self.placeholder((_LEFT + _RIGHT) / 2, -40, _RIGHT - _LEFT, first, add_survey(self.journey))
            return self.finish()
        top = -28.0
        for survey in surveys:
            top = self._survey(survey, top) - 30
        return self.finish()

    # -- one survey -------------------------------------------------------------------

    def _survey(self, survey: Survey, top: float) -> float:
        """Draw one survey's panel from ``top`` down; returns the y of its bottom."""
        theme = self.theme
        respondents = sum(g.respondents for g in survey.respondents)
        about = [f"{respondents} respondents" if respondents else "",
                 f"{survey.held_back} in groups under {survey.threshold} held back" if survey.held_back else ""]
        self.text((_LEFT + _RIGHT) / 2, top - 10, dot.font(theme.text_size, theme.ink, "<B>" + dot.html(
            survey.title) + "</B>" + (dot.html(" — " + dot.join(about, "; ")) if any(about) else "")), "LEFT",
            width=_RIGHT - _LEFT, **{"id": unique(f"survey-{survey.id}", self.ids), "class": "survey-title"})
        y = self._keys(survey, top - 30)
        limit = reach(survey.likert)
        half = HALF / limit  # points for 100 %
        for words, x, align in (("◀ disagree", -HALF / 2 - 8, "RIGHT"), ("agree ▶", HALF / 2 + 8, "LEFT")):
            self.text(x, y - 8, dot.font(theme.small_size, theme.muted, words), align, width=HALF - 16,
                      **{"class": "side"})
        y -= 18
        plot_top = y
        blocks = statements(survey)
        heights = [self._height(counts, text) for text, counts in blocks]
        band_top = plot_top
        for row, height in enumerate(heights):  # under the grid: a shaded statement keeps its centre line
            if row % 2 == 0:
                self.rect(_LEFT, _RIGHT, band_top - height / 2, height, theme.stage.fill, **{"class": "band"})
            band_top -= height
        self._grid(plot_top, plot_top - sum(heights), half, limit)
        for statement, counts in blocks:
            y = self._statement(statement, counts, y, half, survey.id)
        return self._axis(y, half, limit)

    def _height(self, counts: list[LikertCount], statement: str) -> float:
        lines = dot.wrap(dot.shorten(statement, STATEMENT_LIMIT), STATEMENT_CHARS)
        return max(len(counts) * ROW, len(lines) * LINE + 8) + BLOCK_GAP

    def _keys(self, survey: Survey, y: float) -> float:
        """A key of the levels for each scale the survey uses, in the scale's order; returns the y below them."""
        scales: list[LikertCount] = []
        for count in survey.likert:
            if all((c.scale, c.neutral) != (count.scale, count.neutral) for c in scales):
                scales.append(count)
        for count in scales:
            colours = self._colours(count)
            cells = "".join(
                f'<TD BGCOLOR="{colour.fill}" BORDER="1" COLOR="{separator(self.theme)[0]}">'
                f'{dot.font(self.theme.small_size, colour.text, dot.html(level))}</TD><TD WIDTH="4"></TD>'
                for level, colour in zip(count.scale, colours))
            key = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>'
                   f'<TD>{dot.font(self.theme.small_size, self.theme.muted, "<B>KEY</B>")}</TD><TD WIDTH="6"></TD>'
                   f"{cells}</TR></TABLE>")
            self.g.node(self.name(), shape="plain", fixedsize="false", style="", pos=dot.pos(0, y), label=dot.label(
                key), **{"class": "key"})
            y -= KEY_ROW
        return y

    def _colours(self, count: LikertCount) -> list[Badge]:
        sides = Sides.of(count)
        return diverging(self.theme, len(sides.disagree), sides.neutral is not None, len(sides.agree))

    def _statement(self, statement: str, counts: list[LikertCount], top: float, half: float, survey_id: str) -> float:
        """One statement's rows, a bar for each group; returns the y below them."""
        theme = self.theme
        height = self._height(counts, statement)
        lines = dot.wrap(dot.shorten(statement, STATEMENT_LIMIT), STATEMENT_CHARS)
        bars = len(counts) * ROW
        self.lines(_STATEMENT_LEFT + STATEMENT_WIDTH / 2, top - BLOCK_GAP / 2 - (height - BLOCK_GAP) / 2, lines,
                   theme.text_size, theme.ink, STATEMENT_WIDTH, tooltip=dot.attribute(statement),
                   **{"class": "statement"})
        y = top - BLOCK_GAP / 2 - (height - BLOCK_GAP - bars) / 2 - ROW / 2
        for count in counts:
            self._bar(count, y, half, survey_id)
            y -= ROW
        return top - height

    def _bar(self, count: LikertCount, y: float, half: float, survey_id: str) -> None:
        theme = self.theme
        ident = unique(f"likert-{slug(count.statement)}-{slug(count.group)}", self.ids, survey_id)
        sides = Sides.of(count)
        tooltip = dot.attribute(self._tooltip(count))
        self.text(_GROUP_X, y, dot.font(theme.text_size, theme.ink, dot.html(fitted(
            count.group, GROUP_WIDTH, theme.text_size))), "RIGHT", width=GROUP_WIDTH, tooltip=tooltip,
            **{"id": f"{ident}-group", "class": "group"})
        self.text(_N_X, y, dot.font(theme.small_size, theme.muted, f"n={count.n}"), "RIGHT", width=N_WIDTH,
                  **{"id": f"{ident}-n", "class": "n"})
        self.rect(-half, half, y, BAR, "transparent", tooltip=tooltip, **{"id": ident, "class": "likert"})
        colours = self._colours(count)
        for level, left, right in segments(count, half):
            side = ("neutral" if level == sides.neutral else "disagree" if level in sides.disagree else "agree")
            colour = colours[level]
            self.rect(left, right, y, BAR, colour.fill, separator(theme), tooltip=tooltip,
                      **{"id": f"{ident}-{level}", "class": dot.classes("likert", "level", side, f"level-{level}")})
            figure = percent(count.counts[level] / count.n)
            if fits(figure, right - left, theme.small_size):
                self.text((left + right) / 2, y, dot.font(theme.small_size, colour.text, figure), "CENTER",
                          width=right - left, **{"class": "share"})
        for words, share, x, align in (("disagree", disagreeing(count), -HALF - GAP - TOTAL_WIDTH / 2, "RIGHT"),
                                       ("agree", agreeing(count), HALF + GAP + TOTAL_WIDTH / 2, "LEFT")):
            self.text(x, y, dot.font(theme.small_size, theme.ink, f"<B>{whole_percent(share)}%</B>"), align,
                      width=TOTAL_WIDTH, **{"id": f"{ident}-{words}", "class": f"total {words}"})

    def _tooltip(self, count: LikertCount) -> str:
        answers = [f"{level}: {c} ({percent(c / count.n) if count.n else '–'})"
                   for level, c in zip(count.scale, count.counts)]
        return "\n".join([count.statement, f"{count.group}, n={count.n}", *answers])

    # -- grid and axis ----------------------------------------------------------------

    def _grid(self, top: float, bottom: float, half: float, limit: float) -> None:
        grid = self.theme.grid
        steps = round(limit * 100) // TICK
        for step in range(-steps, steps + 1):
            x = step * TICK / 100 * half
            colour, width = (self.theme.muted, 1.2) if step == 0 else (grid.color, grid.width)
            self.rect(x - width / 2, x + width / 2, (top + bottom) / 2, top - bottom, colour,
                      **{"class": "centre" if step == 0 else "grid"})

    def _axis(self, y: float, half: float, limit: float) -> float:
        theme = self.theme
        steps = round(limit * 100) // TICK
        for step in range(-steps, steps + 1):
            self.text(step * TICK / 100 * half, y - 9, dot.font(theme.small_size, theme.muted,
                                                             f"{abs(step) * TICK}%"), "CENTER", width=36,
                      **{"class": "tick"})
        caption = ("Each bar is one group's answers to the statement: disagreement left of the centre line, agreement "
                   "right, the neutral answer split across it; the figures at the ends add up each side. Statements "
                   "most agreed with (every group together) come first. n: how many of the group answered.")
        lines = dot.wrap(caption, CAPTION_CHARS)
        self.lines((_LEFT + _RIGHT) / 2, y - 26 - len(lines) * LINE / 2, lines, theme.small_size, theme.ink,
                   _RIGHT - _LEFT, **{"class": "caption"})
        return y - 26 - len(lines) * LINE
