"""The canvas view: the classic journey-map grid, stages as columns and lanes as rows, placed here for neato -n2.

A map too wide for a page folds into rows of whole stages (canvas_fold), each row with every lane and its
headers again; :func:`pages` groups the rows into pages, one graph each, for a PDF of many pages. The pieces:
canvas_text measures text, canvas_cards makes cards, canvas_content fills the lanes with them (canvas_staff the
quiet lane of staff assets), canvas_layout places and draws them.
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.rendering import dot
from journeymap.rendering.canvas_content import Content
from journeymap.rendering.canvas_fold import ROW_WIDTH
from journeymap.rendering.canvas_layout import Layout
from journeymap.rendering.canvas_text import text_width
from journeymap.rendering.legend import heading
from journeymap.rendering.style import DEFAULT, Theme

__all__ = ["PAGE_HEIGHT", "ROW_WIDTH", "build", "pages", "text_width"]

PAGE_HEIGHT = 1626.0
"""The tallest a page of :func:`pages` may be, in points: A1 landscape (594 mm) less the pad, the paper a
row's width is made for. A row taller than that has a page of its own, as tall as it needs."""
_HEADING = 400.0  # an estimate of the title, persona, description and legend above the first page's rows
_RUNNING_HEAD = 40.0


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT, *,
          row_width: float = ROW_WIDTH) -> graphviz.Graph:
    """The journey-map canvas as a Graphviz graph placed for neato -n2, in rows of at most ``row_width`` points."""
    content = Content(journey, analysis, theme)
    g = _graph(journey, theme)
    Layout(content, row_width).draw(g)
    g.attr(label=dot.label(heading(journey, theme, content.keys, content.emotions, note=content.not_recorded)))
    return g


def pages(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT, *, row_width: float = ROW_WIDTH,
          page_height: float = PAGE_HEIGHT) -> list[graphviz.Graph]:
    """The canvas as pages of whole rows, the heading on the first, for a PDF of one page per graph."""
    content = Content(journey, analysis, theme)
    layout = Layout(content, row_width)
    groups = layout.pages(page_height, _HEADING, _RUNNING_HEAD)
    graphs = []
    for n, bands in enumerate(groups, start=1):
        g = _graph(journey, theme)
        layout.draw(g, bands)
        head = (heading(journey, theme, content.keys, content.emotions, note=content.not_recorded) if n == 1 else
                dot.font(theme.small_size, theme.muted, f"{dot.html(journey.title)} — page {n} of {len(groups)}"))
        g.attr(label=dot.label(head))
        graphs.append(g)
    return graphs


def _graph(journey: Journey, theme: Theme) -> graphviz.Graph:
    return graphviz.Graph(
        name=dot.graph_name(journey.title),
        graph_attr={"fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                    "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "nodesfirst",
                    "class": "journeymap canvas"},
        node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                   "shape": "box", "fixedsize": "true", "margin": "0", "labelloc": "t"},
        edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size)},
    )
