"""Jupyter shows a journey as its flow view: what the renderers put in the model's display slot.

The model cannot draw (it imports nothing above itself), so it keeps a slot, :func:`journeymap.model.draw_in_notebooks`,
which journeymap.rendering fills with :func:`flow_svg` as it is imported (and ``import journeymap`` imports it).
"""

from __future__ import annotations

from journeymap.model import Journey


def flow_svg(journey: Journey) -> str:
    """The journey's flow view as SVG text, as a notebook shows it."""
    from journeymap.rendering import render  # this module is imported while journeymap.rendering is being set up

    return render(journey, view="flow", format="svg").decode("utf-8")
