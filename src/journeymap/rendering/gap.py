"""The gap view: the perception gap as a dumbbell chart, what staff think against what users say, per need."""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis, NeedGap
from journeymap.model import Journey
from journeymap.rendering import dot
from journeymap.rendering.legend import heading
from journeymap.rendering.fonts import text_width
from journeymap.rendering.style import DEFAULT, Box, Theme
from journeymap.rendering.survey_bars import Chart
from journeymap.wording import correlation, counted_needs, percent, points, sample, share_in_full

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
# A need counted from a survey: each group's 95% interval as a thin capped line, users' just above their circle,
# staff's just below their square, so the two never hide each other or the bar; n under each figure.
RAIL_OFFSET = MARKER / 2 + 4.0
RAIL_WIDTH = 1.5
CAP_HEIGHT = 6.0
FIGURE_RISE = 6.0  # a figure with its n beneath: the pair centred on the row
INTERVALS_NOTE = ("Thin lines: 95% intervals (Wilson), users' above the circle, staff's below the square. "
                  "n: how many answered.")
# Heights measured from Graphviz's drawing of DejaVu Sans, for placing text above and below the rows.
_HEADER_HEIGHT = 18.0
_TICK_HEIGHT = 16.0



def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The perception-gap chart of a journey: one row per need, largest gap (users above staff) first."""
    return _Gap(journey, analysis, theme).graph()


def ranked(analysis: Analysis) -> list[tuple[int, NeedGap]]:
    """The needs in the perception gap (those with both shares) with their index among the map's needs, largest
    gap first (ties keep the map's order)."""
    places = [index for index, need in enumerate(analysis.journey.needs) if need.has_shares]
    return sorted(zip(places, analysis.perception_gap), key=lambda item: -item[1].gap)


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
        self.counted = counted_needs(analysis.perception_gap)
        # The widest n decides the room beside the plot; a chart of needs without n keeps the room it always had.
        counts = [n for g in analysis.perception_gap for n in (g.need.n_users, g.need.n_staff) if n is not None]
        self.sample_width = max([FIGURE_WIDTH, *(text_width(sample(n), theme.small_size) for n in counts)])
        self.figure_room = max(FIGURE_ROOM, self.sample_width + 12.0)
        self.left = -self.figure_room - NAME_WIDTH
        self.right = PLOT_WIDTH + self.figure_room + GAP_WIDTH

    def graph(self) -> graphviz.Digraph:
        rows = ranked(self.analysis)
        if rows:
            bottom = self._rows(rows)
            if not self.counted:
                self._grid(bottom)
            self._headers()
            self._caption(bottom - 2 * _TICK_HEIGHT - 14)
        else:
            self._text("@empty", 0, 0, dot.font(self.theme.heading_size, self.theme.muted,
                                               "<I>No needs recorded yet.</I>") + "<BR/>" + dot.font(
                self.theme.small_size, self.theme.muted, dot.html(
                    ("Records do not say what people need; a survey does: journeymap survey DEFINITION --into MAP."
                     if self.journey.evidence is not None else
                     "Add needs to the map with the share of users and of staff naming each, "
                     "e.g. {name: Someone to talk to, users: 0.62, staff: 0.18}"))), "LEFT",
                width=self.right - self.left, **{"class": "placeholder"})
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
        if self.counted:  # figures pushed out past the intervals may meet a grid line: it goes under them
            self._grid(top)
        top = 0.0
        for row, ((index, gap), lines, height) in enumerate(zip(rows, names, heights)):
            self._row(index, gap, lines, top - height / 2, self._fill(row))
            top -= height
        return top

    def _fill(self, row: int) -> str:
        """The colour of a row's band, alternating."""
        return self.theme.stage.fill if row % 2 == 0 else self.theme.background

    def _band(self, index: int, gap: NeedGap, row: int, y: float, height: float) -> None:
        fill = self._fill(row)
        self.g.node(f"@band-{index}", pos=dot.pos((self.left + self.right) / 2, y), width=dot.inches(self.right - self.left),
                    height=dot.inches(height), fillcolor=fill, color=fill, **{
                        "id": dot.element_id("need", str(index)), "class": "need",
                        "tooltip": dot.attribute(self._tooltip(gap)),
                    })

    def _row(self, index: int, gap: NeedGap, lines: list[str], y: float, fill: str) -> None:
        theme = self.theme
        tooltip = dot.attribute(self._tooltip(gap))
        name = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
        self._text(f"@name-{index}", -self.figure_room - NAME_WIDTH / 2, y, dot.font(theme.text_size, theme.ink, name),
                   "LEFT", width=NAME_WIDTH, tooltip=tooltip, **{
                       "id": dot.element_id("need", str(index), "name"), "class": "need-name"})
        staff, users = gap.staff * PLOT_WIDTH, gap.users * PLOT_WIDTH
        if staff != users:
            bar = theme.gap_bar
            self.g.node(f"@bar-{index}", pos=dot.pos((staff + users) / 2, y), width=dot.inches(abs(users - staff)),
                        height=dot.inches(bar.width), fillcolor=bar.color, color=bar.color, tooltip=tooltip, **{
                            "id": dot.element_id("need", str(index), "bar"), "class": "bar"})
        users_right = users >= staff
        rails = [(who, bounds[0] * PLOT_WIDTH, bounds[1] * PLOT_WIDTH) for who, bounds in
                 (("staff", gap.staff_interval), ("users", gap.users_interval)) if bounds is not None]
        for who, low, high in rails:
            self._interval(index, who, low, high, y, tooltip)
        self._marker(index, "staff", theme.staff, "square", staff, y, tooltip)
        self._marker(index, "users", theme.users, "circle", users, y, tooltip)
        # A figure stands clear of every interval on its side: beyond the marker, or the farthest line end.
        right_end = max([high for _, _, high in rails], default=0.0)
        left_end = min([low for _, low, _ in rails], default=PLOT_WIDTH)
        for who, share, x, right, n in (("staff", gap.staff, staff, not users_right, gap.need.n_staff),
                                        ("users", gap.users, users, users_right, gap.need.n_users)):
            clear = max(0.0, right_end - x - MARKER / 2) if right else max(0.0, x - MARKER / 2 - left_end)
            clear += 3.0 if clear else 0.0  # a line's cap wants a little more room than a marker's edge
            self._figure(index, who, share, x + clear if right else x - clear, y, right=right, bold=who == "users",
                         n=n, fill=fill)
        self._text(f"@gap-{index}", PLOT_WIDTH + self.figure_room + GAP_WIDTH / 2, y,
                   dot.font(theme.text_size, theme.ink, f"<B>{dot.html(points(gap))}</B>"), "RIGHT",
                   width=GAP_WIDTH, tooltip=tooltip, **{
                       "id": dot.element_id("need", str(index), "gap"), "class": "gap-figure"})

    def _marker(self, index: int, who: str, box: Box, shape: str, x: float, y: float, tooltip: str) -> None:
        self.g.node(f"@{who}-{index}", shape=shape, pos=dot.pos(x, y), width=dot.inches(MARKER),
                    fillcolor=box.fill, color=box.border.color, penwidth=str(box.border.width), tooltip=tooltip,
                    **{"id": dot.element_id("need", str(index), who), "class": dot.classes("marker", who)})

    def _figure(self, index: int, who: str, share: float, x: float, y: float, *, right: bool, bold: bool,
                n: int | None, fill: str) -> None:
        """A group's share beside its marker (``x`` its centre, or where the intervals beside it end), outward;
        with its n beneath, in small muted type, when the need was counted."""
        text = dot.html(percent(share))
        offset = MARKER / 2 + 5 + FIGURE_WIDTH / 2
        align = "LEFT" if right else "RIGHT"
        figure = dot.font(self.theme.text_size, self.theme.ink, f"<B>{text}</B>" if bold else text)
        self._text(f"@{who}-figure-{index}", x + offset if right else x - offset,
                   y if n is None else y + FIGURE_RISE, figure if not self.counted else _on(figure, fill, align),
                   align, width=FIGURE_WIDTH, **{
                       "id": dot.element_id("need", str(index), who, "figure"), "class": dot.classes("figure", who)})
        if n is not None:
            shift = MARKER / 2 + 5 + self.sample_width / 2
            self._text(f"@{who}-n-{index}", x + shift if right else x - shift, y - LINE_HEIGHT + FIGURE_RISE,
                       _on(dot.font(self.theme.small_size, self.theme.muted, dot.html(sample(n))), fill, align), align,
                       width=self.sample_width, **{
                           "id": dot.element_id("need", str(index), who, "n"), "class": dot.classes("sample", who)})

    def _interval(self, index: int, who: str, low: float, high: float, y: float, tooltip: str) -> None:
        """A group's 95% interval, ``low`` to ``high`` on the plot: a thin line with a cap at each end, just above
        the users' circle or just below the staff's square, in the marker's colour."""
        colour = (self.theme.users if who == "users" else self.theme.staff).border.color
        rail_y = y + RAIL_OFFSET if who == "users" else y - RAIL_OFFSET
        ident = dot.element_id("need", str(index), who, "interval")
        self.g.node(f"@{who}-interval-{index}", pos=dot.pos((low + high) / 2, rail_y),
                    width=dot.inches(max(high - low, RAIL_WIDTH)), height=dot.inches(RAIL_WIDTH), fillcolor=colour,
                    color=colour, tooltip=tooltip, **{"id": ident, "class": dot.classes("interval", who)})
        for end, x in (("low", low), ("high", high)):
            self.g.node(f"@{who}-{end}-{index}", pos=dot.pos(x, rail_y), width=dot.inches(RAIL_WIDTH),
                        height=dot.inches(CAP_HEIGHT), fillcolor=colour, color=colour, tooltip=tooltip,
                        **{"id": f"{ident}-{end}", "class": dot.classes("interval-end", who)})

    def _tooltip(self, gap: NeedGap) -> str:
        return "\n".join([gap.need.name, f"Users: {share_in_full(gap.users, gap.need.n_users, gap.users_interval)}",
                          f"Staff: {share_in_full(gap.staff, gap.need.n_staff, gap.staff_interval)}",
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
        for name, x, words, align, width in (("need", self.left + NAME_WIDTH / 2, "need", "LEFT", NAME_WIDTH),
                                              ("gap", self.right - GAP_WIDTH / 2, "gap", "RIGHT", GAP_WIDTH)):
            self._text(f"@{name}-header", x, y, dot.font(theme.small_size, theme.muted, words), align, width=width,
                       **{"class": "header"})
        # An invisible point keeps the heading, which Graphviz sets just above the drawing, clear of the title.
        self.g.node("@top", shape="point", width="0.01", style="invis", pos=dot.pos(0, y + 2 * _HEADER_HEIGHT + 30))
        self._text("@chart-title", (self.left + self.right) / 2, y + _HEADER_HEIGHT + 8, dot.font(
            theme.heading_size, theme.ink, "<B>What users say they need, against what staff think they need</B>"),
            "LEFT", width=self.right - self.left, **{"class": "chart-title"})

    def _caption(self, top: float) -> None:
        theme = self.theme
        width = self.right - self.left
        lines = [wrapped for line in (
            agreement(self.analysis.rank_agreement, len(self.analysis.perception_gap)),
            "Sorted by gap: the needs users name far more often than staff come first. "
            "pts: percentage points, users minus staff.",
            *([INTERVALS_NOTE] if self.counted else []),
        ) for wrapped in dot.wrap(line, CAPTION_CHARS)]
        body = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
        self._text("@caption", (self.left + self.right) / 2, top - len(lines) * LINE_HEIGHT / 2,
                   dot.font(theme.small_size, theme.ink, body), "LEFT", width=width,
                   **{"id": "rank-agreement", "class": "caption"})

    def _text(self, name: str, x: float, y: float, markup: str, align: str, *, width: float,
              **attributes: str) -> None:
        """A piece of text in a cell ``width`` wide, aligned in it, its node named ``name``."""
        self.text(x, y, markup, align, width=width, node=name, **attributes)


def _on(markup: str, fill: str, align: str) -> str:
    """Text on a patch of its row's colour as wide as its cell, so a grid line passes under it unseen."""
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0" BGCOLOR="{fill}">'
            f'<TR><TD ALIGN="{align}">{markup}</TD></TR></TABLE>')


def _swatch(box: Box) -> str:
    """A hollow square like the staff marker, for the key over the plot."""
    return (f'<TABLE BORDER="{max(1, round(box.border.width))}" COLOR="{box.border.color}" BGCOLOR="{box.fill}" '
            f'FIXEDSIZE="TRUE" WIDTH="11" HEIGHT="11" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0">'
            f'<TR><TD></TD></TR></TABLE>')
