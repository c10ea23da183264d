"""Tests of the canvas's content: a lane of feelings no touchpoint fills is left out, and the heading says so.

A map discovered from records has no emotions and no pain points (records do not say how it felt): its canvas
draws neither lane, each left out on its own, and one line above the key says what is missing and where to find
it. A map with both draws as before (the golden DOT of tests/test_canvas.py holds it to that).
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.analysis import analyse
from journeymap.io import load
from journeymap.model import Journey, Touchpoint
from journeymap.rendering import THEMES, GraphvizWarning, render, source
from journeymap.rendering.canvas import pages
from journeymap.rendering.style import Theme
from strategies import design_example, journeys
from test_canvas import bands, nodes
from test_render import ROOT, by_id, texts

RECORDS_MAP = ROOT / "examples" / "records" / "community_care_map.yaml"
FROM_RECORDS = "How it feels and pain points: records do not say — add them from a survey or interviews"
NO_FEELINGS = "How it feels: not in this map yet — add it from a survey or interviews"
NO_PAIN_POINTS = "Pain points: not in this map yet — add them from a survey or interviews"
_HEADER = re.compile(r"^@(?P<row>row\d+-)?header-(?P<lane>.+)$")


def lanes(dot_source: str) -> dict[str, set[str]]:
    """Each row of stages' lanes as its headers name them, by the row's prefix ('' for the first)."""
    found: dict[str, set[str]] = {}
    for name in nodes(dot_source):
        match = _HEADER.match(name)
        if match:
            found.setdefault(match["row"] or "", set()).add(match["lane"])
    return found


def svg_of(journey: Journey, theme: str | Theme = "default") -> ET.Element:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return ET.fromstring(render(journey, view="canvas", format="svg", theme=theme))


def felt(journey: Journey, emotion: Callable[[Touchpoint], int | None],
         pain_points: Callable[[Touchpoint], list[str]]) -> Journey:
    """``journey`` with each touchpoint's emotion and pain points as given."""
    return journey.replace(stages=[s.replace(touchpoints=[t.replace(emotion=emotion(t), pain_points=pain_points(t))
                                                          for t in s.touchpoints]) for s in journey.stages])


@pytest.fixture(scope="module")
def discovered() -> Journey:
    return load(RECORDS_MAP)


@pytest.fixture(scope="module")
def discovered_source(discovered: Journey) -> str:
    return source(discovered, "canvas")


def test_a_discovered_map_draws_no_lane_of_feelings_on_any_row(discovered: Journey, discovered_source: str) -> None:
    assert discovered.evidence is not None
    assert not any(t.emotion is not None or t.pain_points for t in discovered.touchpoints)
    found = lanes(discovered_source)
    assert len(found) == len(bands(nodes(discovered_source))) > 1  # a folded map: every row is checked
    for row, keys in found.items():
        assert {"stages", "touchpoints", "unused-here"} <= keys, row
        assert not keys & {"emotion", "pain-points"}, row
    # Nor any of the emotion lane's furniture: its band, scale and neutral line.
    assert not [n for n in nodes(discovered_source) if re.search(r"band-(emotion|pain-points)|scale-|emotion-", n)]
    assert discovered_source == source(discovered, "canvas")


def test_a_discovered_map_says_what_is_missing_above_its_key(discovered: Journey) -> None:
    drawn = texts(svg_of(discovered))
    assert drawn.count(FROM_RECORDS) == 1
    assert drawn.index(FROM_RECORDS) < drawn.index("KEY")
    lines = drawn.splitlines()  # one line a text element: the lanes' headers would be lines of their own
    assert "How it feels" not in lines and "Pain points" not in lines and "emotion from −2 to +2" not in lines


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_note_is_there_without_the_title_block_in_every_theme(discovered: Journey, theme: str) -> None:
    # The report draws its canvas without the title block (the page has the title): the note must stay.
    untitled = attrs.evolve(THEMES[theme], title_block=False)
    drawn = texts(svg_of(discovered, untitled))
    assert FROM_RECORDS in drawn and discovered.title not in drawn


def test_the_report_canvas_says_what_is_missing(discovered: Journey) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        report = render(discovered, format="html").decode("utf-8")
    start = report.rindex("<svg", 0, report.index('aria-labelledby="canvas-journeymap-title'))
    canvas = ET.fromstring(report[start:report.index("</svg>", start) + len("</svg>")])
    ids = by_id(canvas)
    # The report gives each view's ids a prefix of the view's name, so that the views' ids do not clash.
    assert "canvas-lane-touchpoints" in ids
    assert not {"canvas-lane-emotion", "canvas-lane-pain-points", "canvas-row2-lane-emotion"} & set(ids)
    assert FROM_RECORDS in texts(canvas)


def test_every_format_draws_a_map_without_feelings(discovered: Journey) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        assert render(discovered, view="canvas", format="png").startswith(b"\x89PNG")
        assert render(discovered, view="canvas", format="pdf").startswith(b"%PDF")


def test_only_the_first_page_carries_the_note(discovered: Journey) -> None:
    graphs = pages(discovered, analyse(discovered), page_height=500)
    assert len(graphs) > 1
    assert [FROM_RECORDS in g.source for g in graphs] == [True] + [False] * (len(graphs) - 1)
    assert not any("header-emotion" in g.source or "header-pain-points" in g.source for g in graphs)


def test_one_emotion_keeps_its_lane_and_no_pain_point_drops_only_the_pain_lane() -> None:
    design = design_example()
    first = design.touchpoints[0]
    journey = felt(design, lambda t: 1 if t.id == first.id else None, lambda t: [])
    text = source(journey, "canvas")
    assert lanes(text)[""] >= {"touchpoints", "emotion"} and "pain-points" not in lanes(text)[""]
    markers = [name for name, node in nodes(text).items() if "emotion" in node.classes]
    assert markers == [f"touchpoint-{first.id}-emotion"]
    drawn = texts(svg_of(journey))
    assert NO_PAIN_POINTS in drawn and "How it feels" in drawn and "records do not say" not in drawn


def test_one_pain_point_keeps_its_lane_and_no_emotion_drops_only_the_emotion_lane() -> None:
    design = design_example()
    last = design.touchpoints[-1]
    journey = felt(design, lambda t: None, lambda t: ["Waited an hour"] if t.id == last.id else [])
    text = source(journey, "canvas")
    assert lanes(text)[""] >= {"touchpoints", "pain-points"} and "emotion" not in lanes(text)[""]
    assert f"touchpoint-{last.id}-pain" in nodes(text)
    assert NO_FEELINGS in texts(svg_of(journey))


def test_a_discovered_map_given_one_emotion_says_only_pain_points_are_missing(discovered: Journey) -> None:
    first = discovered.touchpoints[0]
    journey = felt(discovered, lambda t: -1 if t.id == first.id else None, lambda t: [])
    text = source(journey, "canvas")
    assert all("emotion" in keys and "pain-points" not in keys for keys in lanes(text).values())
    assert "Pain points: records do not say — add them from a survey or interviews" in text


def test_a_map_with_both_draws_both_lanes_and_no_note() -> None:
    design = design_example()
    assert any(t.emotion is not None for t in design.touchpoints) and any(t.pain_points for t in design.touchpoints)
    text = source(design, "canvas")
    assert lanes(text)[""] >= {"emotion", "pain-points"}
    assert "not in this map" not in text and "records do not say" not in text


# Every note there is, by (from records, some emotion, some pain point); none when a map has both.
NOTES = {
    (True, False, False): FROM_RECORDS,
    (True, False, True): "How it feels: records do not say — add it from a survey or interviews",
    (True, True, False): "Pain points: records do not say — add them from a survey or interviews",
    (False, False, False): "How it feels and pain points: not in this map yet — add them from a survey or interviews",
    (False, False, True): NO_FEELINGS,
    (False, True, False): NO_PAIN_POINTS,
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(records=True))
def test_a_lane_of_feelings_is_drawn_exactly_when_a_touchpoint_fills_it(journey: Journey) -> None:
    text = source(journey, "canvas")
    has_emotion = any(t.emotion is not None for t in journey.touchpoints)
    has_pain = any(t.pain_points for t in journey.touchpoints)
    for keys in lanes(text).values():
        assert ("emotion" in keys) == has_emotion and ("pain-points" in keys) == has_pain
    expected = NOTES.get((journey.evidence is not None, has_emotion, has_pain))
    assert [note for note in NOTES.values() if note in text] == ([expected] if expected else [])
