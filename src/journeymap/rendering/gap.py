"""The gap view: the perception gap as a dumbbell chart, what staff think against what users say, per need."""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis, NeedGap
from journeymap.model import Journey
from journeymap.rendering import dot
from journeymap.rendering.legend import heading
from journeymap.rendering.style import DEFAULT, Box, Theme
from journeymap.rendering.survey_bars import Chart
from journeymap.wording import correlation, percent, points

# Sizes in points; x runs from 0 % at 0 to 100 % at PLOT_WIDTH, rows go down from y = 0.
PLOT_WIDTH = 440.0
NAME_WIDTH = 230.0
FIGURE_WIDTH = 38.0  # the room for "100%" beside a marker
FIGURE_ROOM = FIGURE_WIDTH + 12.0  # between the plot and the names, or the plot and the gap column
GAP_WIDTH = 76.0
ROW_HEIGHT = 34.0
LINE_HEIGHT = 14.0  # one wrapped line of a need's name
NAME_CHARS = 32
NAME_LIMIT = 96
CAPTION_CHARS = 120  # three lines; the tooltip has the whole name
MARKER = 12.0
BAR_HEIGHT = 4.0
TICKS = (0, 25, 50, 75, 100)
# Heights measured from Graphviz's drawing of DejaVu Sans, for placing text above and below the rows.
_HEADER_HEIGHT = 18.0
_TICK_HEIGHT = 16.0

_LEFT = -FIGURE_ROOM - NAME_WIDTH
_RIGHT = PLOT_WIDTH + FIGURE_ROOM + GAP_WIDTH


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The perception-gap chart of a journey: one row per need, largest gap (users above staff) first."""
    return _Gap(journey, analysis, theme).graph()


def ranked(analysis: Analysis) -> list[tuple[int, NeedGap]]:
    """The needs with their index in the map, largest gap first (ties keep the map's order)."""
    return sorted(enumerate(analysis.perception_gap), key=lambda item: -item[1].gap)


def agreement(rho: float | None, needs: int) -> str:
    """The caption telling how far staff and users rank the needs alike (Spearman's rank correlation)."""
    if rho is None:
        if needs < 2:
            return "Rank agreement needs two needs or more."
        return "Rank agreement cannot be worked out: one side gives every need the same share."
    if rho >= 0.7:
        words = "staff rank these needs much as users do"
    elif rho >= 0.3:
        words = "staff rank these needs only partly as users do"
    elif rho > -0.3:
        words = "staff rank these needs with little relation to how users do"
    else:
        words = "staff rank these needs almost the opposite way to users"
    return f"Rank agreement (Spearman's ρ) between users and staff: {correlation(rho)} — {words}."


class _Gap(Chart):
    """One drawing in progress."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        super().__init__(journey, theme, "gap")
        self.analysis = analysis

    def graph(self) -> graphviz.Digraph:
        rows = ranked(self.analysis)
        if rows:
            bottom = self._rows(rows)
            self._grid(bottom)
            self._headers()
            self._caption(bottom - 2 * _TICK_HEIGHT - 14)
        else:
            self._text("@empty", 0, 0, dot.font(self.theme.heading_size, self.theme.muted,
                                               "<I>No needs recorded yet.</I>") + "<BR/>" + dot.font(
                self.theme.small_size, self.theme.muted, dot.html(
                    "Add needs to the map with the share of users and of staff naming each, "
                    "e.g. {name: Someone to talk to, users: 0.62, staff: 0.18}")), "LEFT",
                width=_RIGHT - _LEFT, **{"class": "placeholder"})
        self.g.attr(label=dot.label(heading(self.journey, self.theme, ())))
        return self.g

    # -- the rows -------------------------------------------------------------------

    def _rows(self, rows: list[tuple[int, NeedGap]]) -> float:
        """Draw every row, top down; returns the y of the bottom of the last."""
        names = [dot.wrap(dot.shorten(gap.need.name, NAME_LIMIT), NAME_CHARS) for _, gap in rows]
        heights = [max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 14) for lines in names]
        top = 0.0
        # Bands first, then the bars, then the markers: Graphviz draws nodes in the order given.
        for row, ((index, gap), height) in enumerate(zip(rows, heights)):
            self._band(index, gap, row, top - height / 2, height)
            top -= height
        top = 0.0
        for (index, gap), lines, height in zip(rows, names, heights):
            self._row(index, gap, lines, top - height / 2)
            top -= height
        return top

    def _band(self, index: int, gap: NeedGap, row: int, y: float, height: float) -> None:
        fill = self.theme.stage.fill if row % 2 == 0 else self.theme.background
        self.g.node(f"@band-{index}", pos=dot.pos((_LEFT + _RIGHT) / 2, y), width=dot.inches(_RIGHT - _LEFT),
                    height=dot.inches(height), fillcolor=fill, color=fill, **{
                        "id": dot.element_id("need", str(index)), "class": "need",
                        "tooltip": dot.attribute(self._tooltip(gap)),
                    })

    def _row(self, index: int, gap: NeedGap, lines: list[str], y: float) -> None:
        theme = self.theme
        tooltip = dot.attribute(self._tooltip(gap))
        name = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
        self._text(f"@name-{index}", -FIGURE_ROOM - NAME_WIDTH / 2, y, dot.font(theme.text_size, theme.ink, name),
                   "LEFT", width=NAME_WIDTH, tooltip=tooltip, **{
                       "id": dot.element_id("need", str(index), "name"), "class": "need-name"})
        staff, users = gap.need.staff * PLOT_WIDTH, gap.need.users * PLOT_WIDTH
        if staff != users:
            bar = theme.gap_bar
            self.g.node(f"@bar-{index}", pos=dot.pos((staff + users) / 2, y), width=dot.inches(abs(users - staff)),
                        height=dot.inches(bar.width), fillcolor=bar.color, color=bar.color, tooltip=tooltip, **{
                            "id": dot.element_id("need", str(index), "bar"), "class": "bar"})
        users_right = users >= staff
        self._marker(index, "staff", theme.staff, "square", staff, y, tooltip)
        self._marker(index, "users", theme.users, "circle", users, y, tooltip)
        self._figure(index, "staff", gap.need.staff, staff, y, right=not users_right, bold=False)
        self._figure(index, "users", gap.need.users, users, y, right=users_right, bold=True)
        self._text(f"@gap-{index}", PLOT_WIDTH + FIGURE_ROOM + GAP_WIDTH / 2, y,
                   dot.font(theme.text_size, theme.ink, f"<B>{dot.html(points(gap))}</B>"), "RIGHT",
                   width=GAP_WIDTH, tooltip=tooltip, **{
                       "id": dot.element_id("need", str(index), "gap"), "class": "gap-figure"})

    def _marker(self, index: int, who: str, box: Box, shape: str, x: float, y: float, tooltip: str) -> None:
        self.g.node(f"@{who}-{index}", shape=shape, pos=dot.pos(x, y), width=dot.inches(MARKER),
                    fillcolor=box.fill, color=box.border.color, penwidth=str(box.border.width), tooltip=tooltip,
                    **{"id": dot.element_id("need", str(index), who), "class": dot.classes("marker", who)})

    def _figure(self, index: int, who: str, share: float, x: float, y: float, *, right: bool, bold: bool) -> None:
        text = dot.html(percent(share))
        offset = MARKER / 2 + 5 + FIGURE_WIDTH / 2
        self._text(f"@{who}-figure-{index}", x + offset if right else x - offset, y,
                   dot.font(self.theme.text_size, self.theme.ink, f"<B>{text}</B>" if bold else text),
                   "LEFT" if right else "RIGHT", width=FIGURE_WIDTH, **{
                       "id": dot.element_id("need", str(index), who, "figure"), "class": dot.classes("figure", who)})

    def _tooltip(self, gap: NeedGap) -> str:
        return "\n".join([gap.need.name, f"Users: {percent(gap.need.users)}", f"Staff: {percent(gap.need.staff)}",
                          f"Gap: {points(gap)} (users − staff)"])

    # -- axis, headers and caption ------------------------------------------------

    def _grid(self, bottom: float) -> None:
        theme = self.theme
        grid = theme.grid
        for tick in TICKS:
            x = tick / 100 * PLOT_WIDTH
            self.g.node(f"@grid-{tick}", pos=dot.pos(x, bottom / 2), width=dot.inches(grid.width),
                        height=dot.inches(-bottom), fillcolor=grid.color, color=grid.color, **{"class": "grid"})
            self._text(f"@tick-{tick}", x, bottom - _TICK_HEIGHT / 2 - 2,
                       dot.font(theme.small_size, theme.muted, f"{tick}%"), "CENTER", width=FIGURE_WIDTH,
                       **{"class": "tick"})
        self._text("@axis-title", PLOT_WIDTH / 2, bottom - _TICK_HEIGHT * 1.5 - 2, dot.font(
            theme.small_size, theme.muted, "share of each group naming the need"), "CENTER", width=PLOT_WIDTH,
            **{"class": "axis-title"})
        self.g.node("@axis", pos=dot.pos(PLOT_WIDTH / 2, bottom), width=dot.inches(PLOT_WIDTH), height="0.0139",
                    fillcolor=theme.muted, color=theme.muted, **{"class": "axis"})

    def _headers(self) -> None:
        """The chart's title, the key over the plot and the column headings, above the first row."""
        theme = self.theme
        y = _HEADER_HEIGHT / 2 + 4
        key = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR>'
               f'<TD>{_swatch(theme.staff)}</TD><TD> {dot.font(theme.small_size, theme.ink, "what staff think")}</TD>'
               f'<TD WIDTH="28"></TD>'
               f'<TD>{dot.font(theme.small_size + 5, theme.users.fill, "●")}</TD>'
               f'<TD>{dot.font(theme.small_size, theme.ink, "what users say")}</TD></TR></TABLE>')
        self.g.node("@key", shape="plain", fixedsize="false", style="", pos=dot.pos(PLOT_WIDTH / 2, y),
                    label=dot.label(key), **{"id": "gap-key", "class": "key"})
        for name, x, words, align, width in (("need", _LEFT + NAME_WIDTH / 2, "need", "LEFT", NAME_WIDTH),
                                              ("gap", _RIGHT - GAP_WIDTH / 2, "gap", "RIGHT", GAP_WIDTH)):
            self._text(f"@{name}-header", x, y, dot.font(theme.small_size, theme.muted, words), align, width=width,
                       **{"class": "header"})
        # An invisible point keeps the heading, which Graphviz sets just above the drawing, clear of the title.
        self.g.node("@top", shape="point", width="0.01", style="invis", pos=dot.pos(0, y + 2 * _HEADER_HEIGHT + 30))
        self._text("@chart-title", (_LEFT + _RIGHT) / 2, y + _HEADER_HEIGHT + 8, dot.font(
            theme.heading_size, theme.ink, "<B>What users say they need, against what staff think they need</B>"),
            "LEFT", width=_RIGHT - _LEFT, **{"class": "chart-title"})

    def _caption(self, top: float) -> None:
        theme = self.theme
        width = _RIGHT - _LEFT
        lines = [wrapped for line in (
            agreement(self.analysis.rank_agreement, len(self.analysis.perception_gap)),
            "Sorted by gap: the needs users name far more often than staff come first. "
            "pts: percentage points, users minus staff.",
        ) for wrapped in dot.wrap(line, CAPTION_CHARS)]
        body = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
        self._text("@caption", (_LEFT + _RIGHT) / 2, top - len(lines) * LINE_HEIGHT / 2,
                   dot.font(theme.small_size, theme.ink, body), "LEFT", width=width,
                   **{"id": "rank-agreement", "class": "caption"})

    def _text(self, name: str, x: float, y: float, markup: str, align: str, *, width: float,
              **attributes: str) -> None:
        """A piece of text in a cell ``width`` wide, aligned in it, its node named ``name``."""
        self.text(x, y, markup, align, width=width, node=name, **attributes)


def _swatch(box: Box) -> str:
    """A hollow square like the staff marker, for the key over the plot."""
    return (f'<TABLE BORDER="{max(1, round(box.border.width))}" COLOR="{box.border.color}" BGCOLOR="{box.fill}" '
            f'FIXEDSIZE="TRUE" WIDTH="11" HEIGHT="11" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0">'
            f'<TR><TD></TD></TR></TABLE>')
