"""The flow view: stages left to right folded into rows, touchpoints in flow order, holders in strips under them.

Every map is placed here and drawn as placed (the graph says ``layout=nop2``, which is neato -n2): stages fold
into rows as text into lines, at the row width that gives the drawing the proportions of a landscape page;
touchpoints stand in columns ranked by the flow; each holder's assets lie in a strip under the row that uses
them most; every edge is routed here. A step to the next column runs straight on with its label in a gap
made wide enough for it; a step back or further along a line arcs over the line, so that a loop between two
touchpoints is two separate curves; a step to another row keeps to the corridors between rows and strips. A
contribution is one curve from its asset where that crosses no other node, stage name or holder; else it too keeps
to the corridors, and to the margins to reach another row. That costs in proportion to the map. As PNG or PDF a
drawing larger than an A0 poster is scaled down to fit one (see page_size); as SVG, which a reader zooms, it keeps
its full size and its text every point it has.

The pieces: flow_content says what is drawn for each part of the map and estimates each node's size;
flow_place places it all, its stages as blocks of columns folded into rows (flow_fold), its columns ranked by
the flow (flow_rank), its edges routed and their labels set clear of the nodes (flow_route, and flow_reach for
the contributions); flow_draw writes the DOT of it all, as placed.
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.rendering.flow_content import Flow
from journeymap.rendering.flow_draw import draw
from journeymap.rendering.flow_place import PAGE, Placed
from journeymap.rendering.flow_rank import ranks
from journeymap.rendering.style import DEFAULT, Theme

__all__ = ["build", "page_size", "ranks"]


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The flow diagram of a journey as a Graphviz graph, every node and edge placed, for neato -n2."""
    placed = Placed(Flow(journey, analysis, theme))
    placed.place()
    return draw(placed)


def page_size(journey: Journey, analysis: Analysis, theme: Theme) -> str:
    """The size (inches, Graphviz's ``size``) a PNG or PDF of the flow is scaled down to if larger: A0."""
    return PAGE
