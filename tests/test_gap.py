"""Tests of the gap view: the perception gap as a dumbbell chart, its figures and SVG contract.

Formats, themes, determinism and the golden DOT file (tests/golden/sight_loss.gap.dot) are tested with the
star view's, in tests/test_star.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeymap.io import load
from journeymap.model import Journey, Need
from journeymap.rendering import engine, source
from journeymap.rendering.fonts import text_width
from journeymap.rendering.gap import PLOT_WIDTH, agreement
from journeymap.stats import wilson_interval
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


def test_a_map_from_records_without_needs_says_records_do_not_tell_them() -> None:
    discovered = load(Path(__file__).resolve().parent.parent / "examples" / "records" / "community_care_map.yaml")
    words = " ".join(texts(parse_svg(draw(discovered))).split())
    assert "No needs recorded yet. Records do not say what people need; a survey does" in words
    assert "Records do not say" not in texts(parse_svg(draw(attrs.evolve(sight_loss_example(), needs=()))))


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
@given(journeys(evidence=True))
def test_every_journey_draws_without_warnings(journey: Journey) -> None:
    text = source(journey, "gap")
    output = engine.run(text, "svg", layout="fixed")
    assert output.warnings == ()
    classes = by_id(parse_svg(output.data))
    for index, need in enumerate(journey.needs):
        if not need.has_shares:  # a citizen's own need told without figures: not in the perception gap
            assert f"need-{index}" not in classes
            continue
        assert "need" in classes[f"need-{index}"]
        assert "staff" in classes[f"need-{index}-staff"] and "users" in classes[f"need-{index}-users"]


# -- needs counted from a survey: n and 95% intervals -------------------------------------------------

EVIDENCE = Path(__file__).resolve().parent.parent / "examples" / "sight_loss_evidence.yaml"
Box = tuple[float, float, float, float]  # left, right, top, bottom (SVG y grows downwards)


def text_box(svg: ET.Element, ident: str) -> Box:
    """Where the text drawn for an element lies, from its anchor and DejaVu Sans's widths (a line's full height)."""
    spans = []
    for text in element(svg, ident).iter(f"{SVG}text"):
        words, size = "".join(text.itertext()), float(text.get("font-size", ""))
        width = text_width(words, size, bold=text.get("font-weight") == "bold")
        x, y = float(text.get("x", "")), float(text.get("y", ""))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        spans.append((left, left + width, y - 0.95 * size, y + 0.25 * size))
    assert spans, ident
    return (min(s[0] for s in spans), max(s[1] for s in spans), min(s[2] for s in spans), max(s[3] for s in spans))


def shape_box(svg: ET.Element, ident: str) -> Box:
    """Where the shape drawn for an element lies (polygon or ellipse)."""
    ellipse = element(svg, ident).find(f".//{SVG}ellipse")
    if ellipse is None:
        return box(svg, ident)
    cx, cy, rx, ry = (float(ellipse.get(a, "")) for a in ("cx", "cy", "rx", "ry"))
    return cx - rx, cx + rx, cy - ry, cy + ry


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


@pytest.fixture(scope="module")
def evidence_svg() -> ET.Element:
    return parse_svg(draw(load(EVIDENCE)))


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
@pytest.mark.parametrize("format", ["svg", "png", "pdf", "dot"])
def test_counted_needs_draw_in_every_format_and_theme_without_warnings(format: str, theme: str) -> None:
    data = draw_view(load(EVIDENCE), format, theme, "gap")
    assert data.startswith({"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[format])
    again = draw_view(load(EVIDENCE), format, theme, "gap")
    if format == "pdf":  # cairo stamps a PDF with the second it was made: the rest is the same
        data, again = (re.sub(rb"/CreationDate \(D:\d{14}Z\)", b"", pdf) for pdf in (data, again))
    assert again == data  # the same map, the same bytes


def test_counted_needs_draw_each_group_s_interval_where_wilson_puts_it(evidence_svg: ET.Element) -> None:
    zero = centre(evidence_svg, "need-0-staff")[0] - 10 / 28 * PLOT_WIDTH  # staff: 10 of 28
    # The survey's counts: users 91, 62, 53, 47 of 100; staff 10, 5, 18, 15 of 28 (the example's needs in order).
    for index, (users, staff) in enumerate([(91, 10), (62, 5), (53, 18), (47, 15)]):
        for who, count, n in (("users", users, 100), ("staff", staff, 28)):
            low, high = wilson_interval(count, n)
            left, right, top, bottom = box(evidence_svg, f"need-{index}-{who}-interval")
            assert (left - zero, right - zero) == (pytest.approx(low * PLOT_WIDTH, abs=1),
                                                   pytest.approx(high * PLOT_WIDTH, abs=1))
            assert {"interval", who} <= by_id(evidence_svg)[f"need-{index}-{who}-interval"]
            for end, x in (("low", low), ("high", high)):
                cap = box(evidence_svg, f"need-{index}-{who}-interval-{end}")
                assert (cap[0] + cap[1]) / 2 - zero == pytest.approx(x * PLOT_WIDTH, abs=1)
                assert cap[3] - cap[2] > bottom - top  # a cap stands taller than its line
            assert text_of(evidence_svg, f"need-{index}-{who}-n") == f"n={n}"
        # users' line above the row's markers, staff's below: never on top of each other or of the bar
        marker_y = centre(evidence_svg, f"need-{index}-users")[1]
        assert box(evidence_svg, f"need-{index}-users-interval")[3] < marker_y
        assert box(evidence_svg, f"need-{index}-staff-interval")[2] > marker_y


def test_counted_needs_keep_their_figures_and_give_intervals_in_tooltips_and_a_note(evidence_svg: ET.Element) -> None:
    for ident, (name, users, staff, gap) in zip(rows(evidence_svg), WILLIS_DUNSTAN):
        assert text_of(evidence_svg, f"{ident}-name") == name
        assert text_of(evidence_svg, f"{ident}-users-figure") == users
        assert text_of(evidence_svg, f"{ident}-staff-figure") == staff
        assert text_of(evidence_svg, f"{ident}-gap") == gap
    tips = [a.get(XLINK_TITLE, "") for a in evidence_svg.iter(f"{SVG}a")]
    assert ("Someone to talk to\nUsers: 62% (95% interval 52–71%, n=100)\nStaff: 18% (95% interval 8–36%, n=28)"
            "\nGap: +44 pts (users − staff)") in tips
    assert "95% intervals (Wilson)" in text_of(evidence_svg, "rank-agreement")


def test_needs_without_n_draw_no_interval_no_n_and_no_note(sight_loss_svg: ET.Element) -> None:
    classes = by_id(sight_loss_svg)
    assert not [i for i, c in classes.items() if c & {"interval", "interval-end", "sample"}]
    assert "Wilson" not in text_of(sight_loss_svg, "rank-agreement") and "n=" not in texts(sight_loss_svg)


def test_a_need_counted_for_one_group_only_draws_that_group_s_interval() -> None:
    journey = Journey(title="Half", needs=[Need(name="Friends", users=0.91, staff=0.36, n_users=54),
                                           Need(name="Typed", users=0.2, staff=0.4)])
    svg = parse_svg(draw(journey))
    classes = by_id(svg)
    assert "need-0-users-interval" in classes and "need-0-users-n" in classes
    assert not [i for i in classes if i.startswith(("need-0-staff-interval", "need-0-staff-n", "need-1-"))
                and i.endswith(("interval", "-n"))]
    assert text_of(svg, "need-0-users-n") == "n=54"
    assert "Wilson" in text_of(svg, "rank-agreement")  # one counted need is enough for the note


counts = st.none() | st.integers(1, 2000) | st.sampled_from([1, 3, 123456])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), counts, counts), min_size=1, max_size=4))
@example([(0.0, 1.0, 123456, 1), (1.0, 0.0, 5, 123456), (0.5, 0.5, 3, 3)])
@example([(0.55, 0.5, 100, 10), (0.02, 0.99, 40, 40)])
def test_figures_and_n_never_touch_an_interval_a_marker_or_the_columns(
        needs: list[tuple[float, float, int | None, int | None]]) -> None:
    journey = Journey(title="Counted", needs=[Need(name=f"Need {i}", users=u, staff=s, n_users=nu, n_staff=ns)
                                              for i, (u, s, nu, ns) in enumerate(needs)])
    svg = parse_svg(draw(journey))
    ids = by_id(svg)
    for index, (_, _, n_users, n_staff) in enumerate(needs):
        row = f"need-{index}"
        shapes = [shape_box(svg, i) for i in ids if i.startswith(f"{row}-") and ids[i] & {
            "interval", "interval-end", "marker"}]
        words = [text_box(svg, i) for i in ids if i.startswith(f"{row}-") and ids[i] & {"figure", "sample"}]
        assert len(words) == 2 + (n_users is not None) + (n_staff is not None)
        assert len(shapes) == 2 + 3 * ((n_users is not None) + (n_staff is not None))
        for text in words:
            assert not any(overlap(text, shape) for shape in shapes)
            assert text_box(svg, f"{row}-name")[1] < text[0] and text[1] < text_box(svg, f"{row}-gap")[0]
