"""Jupyter shows a journey as its flow view: on import, the renderers fill the model's display slot.

The model cannot draw (it imports nothing above itself), so it keeps a slot, :func:`journeymap.model.draw_in_notebooks`,
and this module puts the flow view in it. ``import journeymap`` imports the renderers, and so this module.
"""

from __future__ import annotations

from journeymap.model import Journey, draw_in_notebooks


def flow_svg(journey: Journey) -> str:
    """The journey's flow view as SVG text, as a notebook shows it."""
    from journeymap.rendering import render  # this module is imported while journeymap.rendering is being set up

    return render(journey, view="flow", format="svg").decode("utf-8")


draw_in_notebooks(flow_svg)
