"""The flow view: stages as clusters left to right, touchpoints in flow order, assets beside their holders.

Small maps are laid out by Graphviz's dot. dot's work grows with touchpoints times contributions (each
contribution's edge becomes a chain of dot's nodes across every rank between its asset and its touchpoint),
so a large map, one of more than 60 touchpoints or with touchpoints × contributions above 2,400, is placed
in Python and drawn as placed (the graph says ``layout=nop2``, which is neato -n2): stages fold into rows
as text into lines, touchpoints stand in columns ranked by the flow, each holder's assets lie in a strip
under the row that uses them most, and every edge's route is drawn in Python. That costs in proportion to
the map. As PNG or PDF a placed drawing larger than an A0 poster is scaled down to fit one (see page_size);
as SVG, which a reader zooms, it keeps its full size and its text every point it has.

The pieces: flow_content says what is drawn for each part of the map, and estimates each node's size for a
large map; flow_dot hands a small map to dot; flow_place places a large one, its stages as blocks of columns
folded into rows (flow_fold), its columns ranked by the flow (flow_rank), its edges routed and their labels
set clear of the nodes (flow_route).
"""

from __future__ import annotations

import graphviz

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.rendering import flow_dot
from journeymap.rendering.flow_content import Flow, text_width
from journeymap.rendering.flow_rank import ranks
from journeymap.rendering.style import DEFAULT, Theme

__all__ = ["LARGE_TOUCHPOINTS", "LARGE_WORK", "build", "is_large", "page_size", "ranks", "text_width"]

LARGE_TOUCHPOINTS = 60
"""A map of more touchpoints than this is placed in Python, not laid out by dot."""

LARGE_WORK = 2_400
"""A map whose touchpoints times contributions pass this is placed in Python, not laid out by dot."""


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The flow diagram of a journey as a Graphviz graph; a large map (see is_large) comes placed, for neato -n2."""
    if is_large(journey):
        from journeymap.rendering.flow_place import Placed  # a small map, the most common, never needs it

        return Placed(Flow(journey, analysis, theme, measure=True)).graph()
    return flow_dot.graph(Flow(journey, analysis, theme))


def page_size(journey: Journey, analysis: Analysis, theme: Theme) -> str | None:
    """The size (inches, Graphviz's ``size``) a PNG or PDF of the flow is scaled to fit: A0 for a large map."""
    if not is_large(journey):
        return None
    from journeymap.rendering.flow_place import PAGE

    return PAGE


def is_large(journey: Journey) -> bool:
    """Whether the flow view places a map itself: over 60 touchpoints, or touchpoints × contributions over 2,400."""
    count = len(journey.touchpoints)
    return count > LARGE_TOUCHPOINTS or count * len(journey.contributions) > LARGE_WORK

