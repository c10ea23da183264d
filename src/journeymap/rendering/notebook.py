"""How Jupyter shows a journey: what the renderers put in the model's display slot.

The model cannot draw (it imports nothing above itself), so it keeps a slot, :func:`journeymap.model.draw_in_notebooks`,
which journeymap.rendering fills with :func:`journey_svg` as it is imported (and ``import journeymap`` imports it).
A notebook shows a journey as it is displayed, and displaying must never hold the kernel for long nor fill the
notebook with megabytes: a small journey shows as its flow view, a larger one as its canvas (the grid reads at any
length), and a very large one as its one-line summary only (``render`` still draws it, on request).
"""

from __future__ import annotations

from journeymap.model import Journey

FLOW_MOST = 60
"""The most touchpoints a notebook shows as the flow view; beyond, the flow is too dense to read inline."""

CANVAS_MOST = 200
"""The most touchpoints a notebook draws at all (as the canvas); beyond, the SVG runs to megabytes."""


def journey_svg(journey: Journey) -> str | None:
    """The journey as a notebook shows it: its flow view, its canvas when large, None (text only) when very large."""
    count = len(journey.touchpoints)
    if count > CANVAS_MOST:
        return None
    return _svg(journey, "flow" if count <= FLOW_MOST else "canvas")


def flow_svg(journey: Journey) -> str:
    """The journey's flow view as SVG text, whatever its size."""
    return _svg(journey, "flow")


def _svg(journey: Journey, view: str) -> str:
    from journeymap.rendering import render  # this module is imported while journeymap.rendering is being set up

    return render(journey, view=view, format="svg").decode("utf-8")
