"""How a notebook shows a journey and an analysis: drawn when small enough, summarised always, never for long."""

from __future__ import annotations

import time

import journeymap  # noqa: F401  # fills the model's notebook slot, as in a notebook
from journeymap.analysis import analyse
from journeymap.rendering.notebook import CANVAS_MOST, FLOW_MOST, journey_svg
from strategies import design_example, large_journey


def test_a_small_journey_shows_as_its_flow_view() -> None:
    bundle = design_example()._repr_mimebundle_()
    assert 'class="graph journeymap flow"' in bundle["image/svg+xml"]
    assert bundle["text/plain"].startswith("Journey 'Living well with sight loss': 2 stages, 3 touchpoints")


def test_a_journey_past_the_flow_limit_shows_as_its_canvas() -> None:
    journey = large_journey([FLOW_MOST // 2, FLOW_MOST // 2 + 1])
    svg = journey_svg(journey)
    assert svg is not None and "journeymap canvas" in svg and "journeymap flow" not in svg


def test_a_very_large_journey_shows_its_summary_at_once_and_draws_nothing() -> None:
    journey = large_journey([CANVAS_MOST // 2, CANVAS_MOST // 2 + 1])
    start = time.perf_counter()
    bundle = journey._repr_mimebundle_()
    assert time.perf_counter() - start < 1.0
    assert bundle == {"text/plain": f"Journey 'A large journey': 2 stages, {CANVAS_MOST + 1} touchpoints, "
                                    f"13 actors, 67 assets, 100 contributions"}
    assert list(analyse(journey)._repr_mimebundle_()) == ["text/plain"]


def test_an_analysis_in_a_notebook_shows_the_journey_drawn_with_its_one_line_summary() -> None:
    bundle = analyse(design_example())._repr_mimebundle_()
    assert bundle["text/plain"].startswith("<Analysis of 'Living well with sight loss': 2 unused assets")
    assert "\n" not in bundle["text/plain"] and 'know_how" class="node asset unused' in bundle["image/svg+xml"]
