"""The canvas view: the classic journey-map grid, stages as columns and lanes as rows, placed here for neato -n2.

A map too wide for a page folds into rows of whole stages (canvas_fold), each row with every lane and its
headers again. The pieces: canvas_text measures text, canvas_content fills the lanes with cards,
canvas_layout places and draws them.
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.render import dot
from journeymap.render.canvas_content import Content
from journeymap.render.canvas_fold import ROW_WIDTH
from journeymap.render.canvas_layout import Layout
from journeymap.render.canvas_text import text_width
from journeymap.render.legend import heading
from journeymap.render.style import DEFAULT, Theme

__all__ = ["ROW_WIDTH", "build", "text_width"]


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT, *,
          row_width: float = ROW_WIDTH) -> graphviz.Graph:
    """The journey-map canvas as a Graphviz graph placed for neato -n2, in rows of at most ``row_width`` points."""
    content = Content(journey, analysis, theme)
    g = graphviz.Graph(
        name=dot.graph_name(journey.title),
        graph_attr={"fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                    "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "nodesfirst",
                    "class": "journeymap canvas"},
        node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                   "shape": "box", "fixedsize": "true", "margin": "0", "labelloc": "t"},
        edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size)},
    )
    Layout(content, row_width).draw(g)
    g.attr(label=dot.label(heading(journey, theme, content.keys, content.emotions)))
    return g
