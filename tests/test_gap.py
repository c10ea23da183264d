"""Tests of the gap view: the perception gap as a dumbbell chart, its figures and SVG contract.

Formats, themes, determinism and the golden DOT file (tests/golden/sight_loss.gap.dot) are tested with the
star view's, in tests/test_star.py.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.model import Journey, Need
from journeymap.rendering import engine, source
from journeymap.rendering.gap import PLOT_WIDTH, agreement
from strategies import journeys
from test_render import HOSTILE, SVG, XLINK_TITLE, by_id, parse_svg, texts
from test_star import box, element, sight_loss_example, text_of
from test_star import draw as draw_view

# Willis and Dunstan's figures, as the sight-loss example records them: (need, users, staff), by gap.
WILLIS_DUNSTAN = [
    ("Get to know people and make friends", "91%", "36%", "+55 pts"),
    ("Someone to talk to", "62%", "18%", "+44 pts"),
    ("Information about specific support", "47%", "54%", "−7 pts"),
    ("Information about services", "53%", "64%", "−11 pts"),
]


def draw(journey: Journey) -> bytes:
    """The gap view, failing on any Graphviz warning."""
    return draw_view(journey, view="gap")


def centre(svg: ET.Element, ident: str) -> tuple[float, float]:
    """The centre of the shape drawn for an element (polygon or ellipse)."""
    shape = element(svg, ident)
    ellipse = shape.find(f".//{SVG}ellipse")
    if ellipse is not None:
        return float(ellipse.get("cx", "")), float(ellipse.get("cy", ""))
    left, right, top, bottom = box(svg, ident)
    return (left + right) / 2, (top + bottom) / 2


def rows(svg: ET.Element) -> list[str]:
    """The ids of the need rows, top to bottom as drawn."""
    ids = [ident for ident, classes in by_id(svg).items() if "need" in classes]
    return sorted(ids, key=lambda ident: centre(svg, ident)[1])


@pytest.fixture(scope="module")
def sight_loss_svg() -> ET.Element:
    return parse_svg(draw(sight_loss_example()))


# -- the figures ------------------------------------------------------------------------


def test_the_example_reproduces_willis_and_dunstan_sorted_by_gap(sight_loss_svg: ET.Element) -> None:
    order = rows(sight_loss_svg)
    assert order == ["need-0", "need-1", "need-3", "need-2"]  # the map's order is friends, talk, services, specific
    for ident, (name, users, staff, gap) in zip(order, WILLIS_DUNSTAN):
        assert text_of(sight_loss_svg, f"{ident}-name") == name
        assert text_of(sight_loss_svg, f"{ident}-users-figure") == users
        assert text_of(sight_loss_svg, f"{ident}-staff-figure") == staff
        assert text_of(sight_loss_svg, f"{ident}-gap") == gap


def test_markers_stand_at_their_shares(sight_loss_svg: ET.Element) -> None:
    zero = centre(sight_loss_svg, "need-0-staff")[0] - 0.36 * PLOT_WIDTH
    for index, (users, staff) in enumerate([(0.91, 0.36), (0.62, 0.18), (0.53, 0.64), (0.47, 0.54)]):
        users_x, users_y = centre(sight_loss_svg, f"need-{index}-users")
        staff_x, staff_y = centre(sight_loss_svg, f"need-{index}-staff")
        assert users_x - zero == pytest.approx(users * PLOT_WIDTH, abs=1)
        assert staff_x - zero == pytest.approx(staff * PLOT_WIDTH, abs=1)
        assert users_y == pytest.approx(staff_y)


def test_staff_and_users_differ_in_shape_and_colour(sight_loss_svg: ET.Element) -> None:
    classes = by_id(sight_loss_svg)
    assert {"marker", "staff"} <= classes["need-0-staff"] and {"marker", "users"} <= classes["need-0-users"]
    staff, users = element(sight_loss_svg, "need-0-staff"), element(sight_loss_svg, "need-0-users")
    assert staff.find(f".//{SVG}polygon") is not None and staff.find(f".//{SVG}ellipse") is None
    users_shape = users.find(f".//{SVG}ellipse")
    staff_shape = staff.find(f".//{SVG}polygon")
    assert users_shape is not None and staff_shape is not None
    assert users_shape.get("fill") != staff_shape.get("fill") and users_shape.get("stroke") != staff_shape.get("stroke")
    assert "what staff think" in texts(sight_loss_svg) and "what users say" in texts(sight_loss_svg)


def test_rows_carry_the_full_figures_in_tooltips(sight_loss_svg: ET.Element) -> None:
    tips = [a.get(XLINK_TITLE, "") for a in sight_loss_svg.iter(f"{SVG}a")]
    assert "Someone to talk to\nUsers: 62%\nStaff: 18%\nGap: +44 pts (users − staff)" in tips


def test_the_caption_gives_the_rank_agreement(sight_loss_svg: ET.Element) -> None:
    caption = text_of(sight_loss_svg, "rank-agreement")
    assert "Spearman" in caption and "−0.60" in caption and "opposite" in caption


def test_agreement_in_words() -> None:
    assert "much as users do" in agreement(0.9, 4)
    assert "little relation" in agreement(0.0, 4)
    assert "two needs or more" in agreement(None, 1)
    assert "same share" in agreement(None, 3)


def test_a_map_without_needs_says_so() -> None:
    journey = attrs.evolve(sight_loss_example(), needs=())
    svg = parse_svg(draw(journey))
    assert "No needs recorded yet." in texts(svg)
    assert not [i for i, c in by_id(svg).items() if "need" in c]


def test_equal_shares_and_extremes_draw_cleanly() -> None:
    journey = Journey(title="Edges", needs=[Need(name="Same", users=0.5, staff=0.5),
                                            Need(name="Ends", users=0.0, staff=1.0)])
    svg = parse_svg(draw(journey))
    assert text_of(svg, "need-0-gap") == "0 pts" and text_of(svg, "need-1-gap") == "−100 pts"
    assert rows(svg) == ["need-0", "need-1"]


# -- hostile text ---------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_need_names_and_titles_render_as_literal_text(text: str) -> None:
    journey = Journey(title=text, description=text, needs=[Need(name=text, users=0.7, staff=0.2),
                                                           Need(name="plain", users=0.1, staff=0.3)])
    svg = parse_svg(draw(journey))
    assert svg.find(f"{SVG}g/{SVG}title").text == " ".join(text.replace("\r\n", "\n").split("\n"))
    assert not any(e.tag.endswith(("TABLE", "b", "TD")) for e in svg.iter())
    assert {"need-0", "need-1"} <= set(by_id(svg))
    tips = [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]
    assert any(t.startswith(text.replace("\r\n", "\n") + "\nUsers: 70%") for t in tips)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_journey_draws_without_warnings(journey: Journey) -> None:
    text = source(journey, "gap")
    output = engine.run(text, "svg", layout="fixed")
    assert output.warnings == ()
    classes = by_id(parse_svg(output.data))
    for index in range(len(journey.needs)):
        assert "need" in classes[f"need-{index}"]
        assert "staff" in classes[f"need-{index}-staff"] and "users" in classes[f"need-{index}-users"]
