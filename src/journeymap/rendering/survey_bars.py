"""What the likert and willingness views share: their colours from the theme, text and bars placed in points;
and the chart (a graph placed in points) that the gap view draws on too."""

from __future__ import annotations

import re

import graphviz

from journeymap.model import Journey
from journeymap.rendering import dot
from journeymap.rendering.fonts import text_width
from journeymap.rendering.legend import heading
from journeymap.rendering.style import Badge, Theme

NO_SURVEYS = "No survey results in this map yet."
ADD_SURVEY = "Write a survey's results in: journeymap survey DEFINITION --into MAP"

# Greys for a greyscale theme (print), dark to light, each apart from the next by lightness alone; the
# theme's own emotion greys end in white, which a bar on white paper cannot show.
_GREYS = ("#1A1A1A", "#595959", "#8C8C8C", "#BFBFBF", "#E6E6E6")
_DARK_INK, _LIGHT_INK = "#222222", "#FFFFFF"
_SLUG = re.compile(r"[^0-9a-z]+")


def add_survey(journey: Journey) -> str:
    """How to fill an empty survey view: ADD_SURVEY, said to a map from records as what they cannot tell."""
    if journey.evidence is None:
        return ADD_SURVEY
    return f"Records do not say what people think or would offer; a survey does. {ADD_SURVEY}"


def slug(text: str) -> str:
    """A statement or group as part of an SVG id: lower case letters and digits joined by underscores.

    >>> slug("Most citizens do not want to get engaged – only the 'usual suspects'")[:30]
    'most_citizens_do_not_want_to_g'
    """
    return _SLUG.sub("_", text.lower()).strip("_")[:60] or "x"


def unique(ident: str, taken: set[str], alternative: str = "") -> str:
    """``ident``, or, when taken, ``ident-ALTERNATIVE`` (e.g. the survey's id), else ``ident_2``, ``ident_3``...
    (never ``-2``, which a bar's level could be); records the one returned."""
    if ident in taken and alternative and f"{ident}-{alternative}" not in taken:
        ident = f"{ident}-{alternative}"
    chosen, number = ident, 1
    while chosen in taken:
        number += 1
        chosen = f"{ident}_{number}"
    taken.add(chosen)
    return chosen


def greyscale(theme: Theme) -> bool:
    """True for a theme without colour (print, or one built from it): its emotion scale is all greys."""
    return all(len({mood.fill[1:3], mood.fill[3:5], mood.fill[5:7]}) == 1 for mood in theme.emotion)


def diverging(theme: Theme, disagree: int, neutral: bool, agree: int) -> list[Badge]:
    """The colours of a scale's levels, first to last: the theme's emotion colours from its most negative to its
    most positive (greys dark to light in a greyscale theme), the neutral level its middle."""
    if greyscale(theme):
        stops = list(_GREYS)
    else:
        stops = [mood.fill for mood in theme.emotion]
    low, middle, high = stops[:2], stops[2], stops[3:][::-1]  # high: the strongest first, as low is
    colours = [*_ramp(low, disagree), *([middle] if neutral else []), *reversed(_ramp(high, agree))]
    return [Badge(fill=fill, text=ink_on(fill)) for fill in colours]


def _ramp(stops: list[str], count: int) -> list[str]:
    """``count`` colours from the strongest stop (first) to the mildest (last); a lone level takes their middle."""
    if count == 1:
        return [_mix(stops[0], stops[-1], 0.5)]
    return [_mix(stops[0], stops[-1], index / (count - 1)) for index in range(count)]


def separator(theme: Theme) -> tuple[str, float]:
    """The outline of a bar's segments: the background, parting colours; in greyscale, ink, so that the lightest
    grey still shows on paper."""
    return (theme.ink, 0.6) if greyscale(theme) else (theme.background, 1.0)


def _mix(first: str, second: str, share: float) -> str:
    channels = [round(int(first[i:i + 2], 16) * (1 - share) + int(second[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02X}" for c in channels)


def _luminance(colour: str) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_on(fill: str) -> str:
    """Dark or white text, whichever reads better on ``fill``."""
    return _DARK_INK if contrast(fill, _DARK_INK) >= contrast(fill, _LIGHT_INK) else _LIGHT_INK


def fits(text: str, width: float, size: float) -> bool:
    """True when ``text`` at ``size`` points fits inside a segment ``width`` points wide, with a little room."""
    return text_width(text, size) + 4 <= width


def fitted(text: str, width: float, size: float) -> str:
    """``text`` shortened, with an ellipsis, until it fits ``width`` points at ``size`` points."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class Chart:
    """A chart in progress: a Graphviz graph whose nodes are placed in points (y up), for neato -n2."""

    def __init__(self, journey: Journey, theme: Theme, kind: str) -> None:
        self.journey = journey
        self.theme = theme
        self.g = graphviz.Digraph(
            name=dot.graph_name(journey.title),
            graph_attr={
                "fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                "pad": "0.4", "labelloc": "t", "labeljust": "l", "class": f"journeymap {kind}",
            },
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "fixedsize": "true", "label": "", "shape": "box", "style": "filled", "penwidth": "0"},
        )
        self._names = 0

    def name(self) -> str:
        """A fresh node name (never shown)."""
        self._names += 1
        return f"@{self._names}"

    def text(self, x: float, y: float, markup: str, align: str, *, width: float, node: str | None = None,
             **attributes: str) -> None:
        """A piece of text in a cell ``width`` wide centred on (x, y), aligned in it; as tall as its text.

        ``node`` names its node, where something refers to it; else it gets a fresh name.
        """
        table = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                 f'<TR><TD WIDTH="{width:g}" ALIGN="{align}" BALIGN="{align}">{markup}</TD></TR></TABLE>')
        self.g.node(node or self.name(), shape="plain", fixedsize="false", style="", pos=dot.pos(x, y),
                    label=dot.label(table), **attributes)

    def rect(self, left: float, right: float, y: float, height: float, fill: str,
             outline: tuple[str, float] | None = None, /, **attributes: str) -> None:
        """A filled rectangle from ``left`` to ``right``, centred on ``y``; ``outline`` its colour and width."""
        border, width = outline or (fill, 0.0)
        self.g.node(self.name(), pos=dot.pos((left + right) / 2, y), width=dot.inches(max(right - left, 0.1)),
                    height=dot.inches(height), fillcolor=fill, color=border, penwidth=f"{width:g}", **attributes)

    def title(self, y: float, words: str, width: float, left: float) -> None:
        """The chart's own title, bold, left-aligned at ``left``, with room above it for the heading."""
        self.g.node(self.name(), shape="point", width="0.01", style="invis", pos=dot.pos(left, y + 28))
        self.text(left + width / 2, y, dot.font(self.theme.heading_size, self.theme.ink, f"<B>{dot.html(words)}</B>"),
                  "LEFT", width=width, **{"class": "chart-title"})

    def lines(self, x: float, y: float, lines: list[str], size: float, colour: str, width: float,
              align: str = "LEFT", **attributes: str) -> None:
        """Wrapped lines of text, their block centred on (x, y)."""
        body = f'<BR ALIGN="{align}"/>'.join(dot.html(line) for line in lines)
        self.text(x, y, dot.font(size, colour, body), align, width=width, **attributes)

    def wrapped(self, words: str, size: float, width: float, *, bold: bool = False, after: str = "") -> list[str]:
        """``words`` (bold if asked) then ``after`` (plain) broken into lines of HTML markup no wider than ``width``
        points, as the font measures them (bold for both, to be safe)."""
        lines: list[str] = []
        line: list[tuple[str, bool]] = []
        for word, strong in [(w, bold) for w in words.split()] + [(w, False) for w in after.split()]:
            trial = " ".join(w for w, _ in [*line, (word, strong)])
            if line and text_width(trial, size, bold=True) > width:
                lines.append(_markup(line))
                line = []
            line.append((word, strong))
        return [*lines, _markup(line)] if line else lines

    def placeholder(self, x: float, y: float, width: float, first: str, second: str) -> None:
        """The panel a view draws when the map has nothing for it yet: what is missing, and how to add it."""
        theme = self.theme
        self.text(x, y, dot.font(theme.heading_size, theme.muted, f"<I>{dot.html(first)}</I>") + "<BR/>"
                  + dot.font(theme.small_size, theme.muted, dot.html(second)), "LEFT", width=width,
                  **{"class": "placeholder"})

    def finish(self) -> graphviz.Digraph:
        """The graph with the diagram's heading (title, persona and description) set above the drawing."""
        self.g.attr(label=dot.label(heading(self.journey, self.theme, ())))
        return self.g


def _markup(words: list[tuple[str, bool]]) -> str:
    """Words as one line of HTML markup, each run of bold ones in <B>, separated by no-break-safe spaces."""
    runs: list[tuple[bool, list[str]]] = []
    for word, strong in words:
        if runs and runs[-1][0] == strong:
            runs[-1][1].append(word)
        else:
            runs.append((strong, [word]))
    return "&#160;".join(f"<B>{dot.html(' '.join(ws))}</B>" if strong else dot.html(" ".join(ws)) for strong, ws in runs)


def willingness_colours(theme: Theme) -> dict[str, Badge]:
    """The colours of weekly, monthly and none: the theme's two most positive emotion colours and its neutral grey
    (greys dark to light in a greyscale theme); ``not_asked`` is the background, outlined."""
    if greyscale(theme):
        fills = [_GREYS[0], _GREYS[2], _GREYS[4]]
    else:
        fills = [theme.emotion[-1].fill, theme.emotion[-2].fill, theme.emotion[len(theme.emotion) // 2].fill]
    fills.append(theme.background)
    return {level: Badge(fill=fill, text=ink_on(fill))
            for level, fill in zip(("weekly", "monthly", "none", "not_asked"), fills)}
