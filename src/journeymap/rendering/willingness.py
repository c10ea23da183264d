"""The willingness view: the share of each surveyed group willing to do more, weekly, monthly or not at all.

One stacked bar per survey and group, from 0 to 100 %, with its n. Under them, when the map has citizens, a bar of
the map's own citizens by the willingness recorded for them (those never asked counted apart), and the hours a
month their willing holders' unused assets could mean, where the map records hours. In a map discovered from
records those citizens are groups, each of many people, and the bar counts groups, not people. The key shows only
the answers drawn.
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.model_evidence import Survey, WillingnessCount
from journeymap.rendering import dot
from journeymap.rendering.style import DEFAULT, Badge, Theme
from journeymap.rendering.survey_bars import (
    NO_SURVEYS,
    Chart,
    add_survey,
    fits,
    fitted,
    separator,
    slug,
    unique,
    willingness_colours,
)
from journeymap.wording import counted, percent

# Sizes in points; x is 0 where the bars start, y goes down from 0.
PLOT_WIDTH = 480.0  # 100 %
GROUP_WIDTH = 150.0
N_WIDTH = 50.0
GAP = 10.0
BAR = 22.0
ROW = 32.0
LINE = 14.0
CAPTION_CHARS = 110
LEVELS = ("weekly", "monthly", "none")
WORDS = {"weekly": "a few hours a week or more", "monthly": "a few hours a month", "none": "not at all",
         "not_asked": "not asked"}
SHORT = {"weekly": "weekly", "monthly": "monthly", "none": "not at all", "not_asked": "not asked"}

_N_X = -GAP - N_WIDTH / 2
_GROUP_X = _N_X - N_WIDTH / 2 - GAP - GROUP_WIDTH / 2
_LEFT, _RIGHT = _GROUP_X - GROUP_WIDTH / 2, PLOT_WIDTH + GAP


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """Willingness to do more: each surveyed group's shares, and the map's own citizens, as stacked bars."""
    return _Willingness(journey, analysis, theme).graph()


def segments(counts: dict[str, int], width: float) -> list[tuple[str, float, float]]:
    """Each level's segment of a bar as (level, left, right) in points, in the order given, the bar ``width``
    points for everyone counted; levels nobody gave draw nothing."""
    total = sum(counts.values())
    found, edge = [], 0.0
    for level, count in counts.items():
        if total and count:
            found.append((level, edge, edge + count / total * width))
            edge += count / total * width
    return found


def drawn(surveys: list[Survey], counts: dict[str, int]) -> list[str]:
    """The answers some bar draws (a survey's, or the map's own counts, ``not_asked`` among them), in the key's
    order."""
    given = {level for survey in surveys for count in survey.willingness for level in LEVELS if getattr(count, level)}
    given |= {level for level, n in counts.items() if n}
    return [level for level in (*LEVELS, "not_asked") if level in given]


def map_counts(journey: Journey) -> dict[str, int]:
    """The map's citizens by the willingness recorded for them, those with none recorded as ``not_asked``."""
    counts = dict.fromkeys((*LEVELS, "not_asked"), 0)
    for actor in journey.actors:
        if actor.is_citizen:
            counts[actor.willingness.value if actor.willingness is not None else "not_asked"] += 1
    return counts


class _Willingness(Chart):
    """One drawing in progress."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        super().__init__(journey, theme, "willingness")
        self.analysis = analysis
        self.colours = willingness_colours(theme)
        self.ids: set[str] = set()

    def graph(self) -> graphviz.Digraph:
        self.title(0, "Willing to do more? A few hours a week, a few hours a month, or not at all",
                   _RIGHT - _LEFT, _LEFT)
        surveys = [survey for survey in self.journey.surveys if survey.willingness]
        counts = map_counts(self.journey)
        y = self._key(-34, drawn(surveys, counts))
        if not surveys:
            first = NO_SURVEYS if not self.journey.surveys else "No willingness question in this map's surveys yet."
            self.placeholder((_LEFT + _RIGHT) / 2, y - 24, _RIGHT - _LEFT, first, add_survey(self.journey))
            y -= 56
        for survey in surveys:
            y = self._survey(survey, y)
        if sum(counts.values()):
            y = self._map(counts, y)
        self._caption(y - 6, bool(surveys))
        return self.finish()

    def _key(self, y: float, levels: list[str]) -> float:
        """The key of the answers drawn, none if none is; returns the y below it."""
        if not levels:
            return y - 20
        border = separator(self.theme)[0]
        looks = dict.fromkeys(LEVELS, f'COLOR="{border}"')
        looks["not_asked"] = f'COLOR="{self.theme.muted}" STYLE="dashed"'  # as its segment of the bar is drawn
        cells = "".join(
            f'<TD BGCOLOR="{self.colours[level].fill}" BORDER="1" {looks[level]}>'
            f'{dot.font(self.theme.small_size, self.colours[level].text, dot.html(WORDS[level]))}</TD>'
            f'<TD WIDTH="4"></TD>' for level in levels)
        key = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>'
               f'<TD>{dot.font(self.theme.small_size, self.theme.muted, "<B>KEY</B>")}</TD><TD WIDTH="6"></TD>'
               f"{cells}</TR></TABLE>")
        self.g.node(self.name(), shape="plain", fixedsize="false", style="", pos=dot.pos(PLOT_WIDTH / 2, y),
                    label=dot.label(key), **{"class": "key"})
        return y - 20

    def _heading(self, y: float, words: str, about: str, ident: str) -> float:
        """A survey's title (bold) and what to know about it, its first line at ``y``, wrapped to the chart's width;
        returns how much taller than one line it is."""
        theme = self.theme
        lines = self.wrapped(words, theme.text_size, _RIGHT - _LEFT, bold=True, after=f"— {about}" if about else "")
        markup = '<BR ALIGN="LEFT"/>'.join(lines)
        extra = (len(lines) - 1) * LINE
        self.text((_LEFT + _RIGHT) / 2, y - extra / 2, dot.font(theme.text_size, theme.ink, markup), "LEFT",
                  width=_RIGHT - _LEFT, **{"id": ident, "class": "survey-title"})
        return extra

    def _survey(self, survey: Survey, top: float) -> float:
        """One survey's title and a bar per group; returns the y below them."""
        about = dot.join([f"{survey.held_back} in groups under {survey.threshold} held back"
                          if survey.held_back else None], "")
        extra = self._heading(top - 12, survey.title, about, unique(f"survey-{survey.id}", self.ids))
        y = top - 28 - extra - ROW / 2
        for count in survey.willingness:
            self._bar(unique(f"willingness-{survey.id}-{slug(count.group)}", self.ids), count.group,
                      {level: getattr(count, level) for level in LEVELS}, y, self._tooltip(survey, count))
            y -= ROW
        return y + ROW / 2 - 10

    def _map(self, counts: dict[str, int], top: float) -> float:
        """The map's own citizens as a bar of counts; returns the y below it and its line on hours."""
        groups = self.journey.evidence is not None  # from records: each citizen actor is a group of many people
        citizens = counted(sum(counts.values()), "citizen group" if groups else "citizen")
        title = "The citizen groups in this map" if groups else "The citizens in this map"
        about = ("groups from the records, each of many people: the willingness the map records for each"
                 if groups else "the willingness the map records for each")
        extra = self._heading(top - 12, title, about, unique("willingness-map-title", self.ids))
        y = top - 28 - extra - ROW / 2
        tooltip = "\n".join([title, *(f"{SHORT[level]}: {n}" for level, n in counts.items()),
                             *(self._group_lines() if groups else [])])
        self._bar("willingness-map", "in this map", counts, y, tooltip, in_number=True,
                  n=counted(sum(counts.values()), "group") if groups else None)
        hours = self.analysis.unused_willing_hours
        words = (f"Unused assets of willing holders could mean {hours:g} hours a month "
                 f"(where the map records hours; {citizens} in all)." if hours else
                 f"The map records no hours a month on willing holders' unused assets ({citizens} in all).")
        self.lines((_LEFT + _RIGHT) / 2, y - ROW / 2 - 8, [words], self.theme.text_size, self.theme.ink,
                   _RIGHT - _LEFT, **{"id": "willingness-hours", "class": "hours"})
        return y - ROW / 2 - 20

    def _group_lines(self) -> list[str]:
        """Each citizen group of a map from records, with what the records say of it and its willingness."""
        return [f"{actor.name}{f' ({actor.description})' if actor.description else ''}: "
                f"{SHORT[actor.willingness.value if actor.willingness is not None else 'not_asked']}"
                for actor in self.journey.actors if actor.is_citizen]

    def _bar(self, ident: str, group: str, counts: dict[str, int], y: float, tooltip: str, *,
             in_number: bool = False, n: str | None = None) -> None:
        theme = self.theme
        total = sum(counts.values())
        tip = dot.attribute(tooltip)
        self.text(_GROUP_X, y, dot.font(theme.text_size, theme.ink, dot.html(fitted(group, GROUP_WIDTH,
                                                                                        theme.text_size))),
                  "RIGHT", width=GROUP_WIDTH, tooltip=tip, **{"id": f"{ident}-group", "class": "group"})
        self.text(_N_X, y, dot.font(theme.small_size, theme.muted, dot.html(n or f"n={total}")), "RIGHT", width=N_WIDTH,
                  **{"id": f"{ident}-n", "class": "n"})
        self.rect(0, PLOT_WIDTH, y, BAR, "transparent", tooltip=tip,
                  **{"id": ident, "class": dot.classes("willingness", "map" if in_number else None)})
        for level, left, right in segments(counts, PLOT_WIDTH):
            colour: Badge = self.colours[level]
            dashed = level == "not_asked"
            self.rect(left, right, y, BAR, colour.fill, (theme.muted, 1.0) if dashed else separator(theme), tooltip=tip,
                      **{"id": f"{ident}-{level}", "class": dot.classes("willingness", "level", level),
                         **({"style": "filled,dashed"} if dashed else {})})
            figure = f"{counts[level]} {SHORT[level]}" if in_number else percent(counts[level] / total)
            if not fits(figure, right - left, theme.small_size) and in_number:
                figure = str(counts[level])
            if fits(figure, right - left, theme.small_size):
                self.text((left + right) / 2, y, dot.font(theme.small_size, colour.text, dot.html(figure)),
                          "CENTER", width=right - left, **{"class": "share"})

    def _tooltip(self, survey: Survey, count: WillingnessCount) -> str:
        return "\n".join([survey.title, f"{count.group}, n={count.n}",
                          *(f"{WORDS[level]}: {getattr(count, level)} ({percent(count.share(level))})"
                            for level in LEVELS)])

    def _caption(self, y: float, surveyed: bool) -> None:
        text = ("Each bar is one group's answers to whether they would be willing to do more, from 0 to 100 %; "
                "n: how many of the group answered. " if surveyed else "")
        text += ("Not everyone wants to do more, and not everyone can: 'not at all' is an answer to respect, "
                 "not a gap to close.")
        lines = dot.wrap(text, CAPTION_CHARS)
        self.lines((_LEFT + _RIGHT) / 2, y - len(lines) * LINE / 2, lines, self.theme.small_size, self.theme.ink,
                   _RIGHT - _LEFT, **{"class": "caption"})
