"""Tests of the likert view: diverging stacked bars per statement and group, their widths, order, n and contract."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from journeymap.io import load
from journeymap.model import Journey
from journeymap.model_evidence import GroupCount, LikertCount, Survey
from journeymap.rendering import VIEWS, render, source
from journeymap.rendering.likert import HALF, Sides, agreeing, reach, segments, statements
from journeymap.rendering.style import THEMES
from journeymap.rendering.survey_bars import ADD_SURVEY, add_survey, contrast, diverging, greyscale, slug
from test_render import SVG, XLINK_TITLE, by_id, parse_svg, texts
from test_star import box, draw, element, sight_loss_example, text_of

SCALE = ("Strongly disagree", "Disagree", "No opinion/Neutral", "Agree", "Strongly agree")
# The opinion survey's counts (examples/surveys/opinion_survey.yaml, `journeymap survey ... --json`).
OPINION = {
    "Most citizens do not want to get engaged – only the 'usual suspects'":
        {"citizens": (9, 14, 6, 8, 2), "professionals": (2, 6, 5, 13, 6)},
    "Front-line staff are keen to give citizens a bigger role in public services":
        {"citizens": (5, 12, 10, 10, 3), "professionals": (1, 4, 7, 14, 6)},
    "Citizens trust politicians to do what is good for their well-being.":
        {"citizens": (12, 15, 7, 5, 1), "professionals": (6, 12, 8, 6, 0)},
    "Citizens trust public service professionals to do what is good for their well-being.":
        {"citizens": (2, 6, 9, 18, 4), "professionals": (0, 2, 5, 17, 8)},
}


def opinion_survey() -> Survey:
    return Survey(title="What we think about co-production", held_back=3,
                  respondents=[GroupCount(group="citizens", respondents=40),
                               GroupCount(group="professionals", respondents=32)],
                  likert=[LikertCount(statement=statement, group=group, scale=SCALE, counts=counts,
                                      neutral="No opinion/Neutral")
                          for statement, groups in OPINION.items() for group, counts in groups.items()])


def with_opinion() -> Journey:
    return attrs.evolve(sight_loss_example(), surveys=(opinion_survey(),))


def bar_id(statement: str, group: str) -> str:
    return f"likert-{slug(statement)}-{group}"


@pytest.fixture(scope="module")
def svg() -> ET.Element:
    return parse_svg(draw(with_opinion(), view="likert"))


def width(svg: ET.Element, ident: str) -> float:
    left, right, _, _ = box(svg, ident)
    return right - left


def middle_y(svg: ET.Element, ident: str) -> float:
    _, _, top, bottom = box(svg, ident)
    return (top + bottom) / 2


# -- the contract ------------------------------------------------------------------


def test_registered_as_a_fixed_view() -> None:
    assert VIEWS["likert"].layout == "fixed" and "Likert" in VIEWS["likert"].title


def test_the_svg_is_titled_and_every_bar_and_level_carries_its_id_and_classes(svg: ET.Element) -> None:
    assert svg.find(f"{SVG}title").text.startswith("Living well with sight loss — What people think")
    assert svg.find(f"{SVG}desc") is not None
    assert {"journeymap", "likert"} <= set(svg.find(f"{SVG}g").get("class", "").split())
    classes = by_id(svg)
    for statement, groups in OPINION.items():
        for group, counts in groups.items():
            ident = bar_id(statement, group)
            assert "likert" in classes[ident]
            for level, count in enumerate(counts):
                side = "disagree" if level < 2 else "neutral" if level == 2 else "agree"
                if count:
                    assert {"likert", "level", side, f"level-{level}"} <= classes[f"{ident}-{level}"]
                else:
                    assert f"{ident}-{level}" not in classes  # nobody gave it: nothing drawn


def test_bar_widths_follow_the_counts_with_the_neutral_level_split_across_the_centre(svg: ET.Element) -> None:
    statement = "Most citizens do not want to get engaged – only the 'usual suspects'"
    ident = bar_id(statement, "citizens")  # 9, 14, 6, 8, 2 of 39, an axis to 100 %
    scale = HALF / reach(opinion_survey().likert)
    for level, count in enumerate((9, 14, 6, 8, 2)):
        assert width(svg, f"{ident}-{level}") == pytest.approx(count / 39 * scale, abs=1.2)
    centre = element(svg, f"{ident}-2")
    left, right, _, _ = box(svg, f"{ident}-2")
    # the neutral segment straddles the centre line, whose x the professionals' neutral segment shares
    other_left, other_right, _, _ = box(svg, f"{bar_id(statement, 'professionals')}-2")
    assert (left + right) / 2 == pytest.approx((other_left + other_right) / 2, abs=0.5)
    assert centre is not None
    assert box(svg, f"{ident}-1")[1] == pytest.approx(left, abs=1)  # disagree ends where neutral starts
    assert box(svg, f"{ident}-3")[0] == pytest.approx(right, abs=1)  # agree starts where neutral ends
    assert box(svg, f"{ident}-0")[1] == pytest.approx(box(svg, f"{ident}-1")[0], abs=1)  # strongest outermost


def test_statements_are_sorted_by_agreement_every_group_together(svg: ET.Element) -> None:
    drawn = sorted(OPINION, key=lambda s: middle_y(svg, f"{bar_id(s, 'citizens')}-2"))
    share = {s: sum(c[3] + c[4] for c in g.values()) / sum(sum(c) for c in g.values()) for s, g in OPINION.items()}
    assert drawn == sorted(OPINION, key=lambda s: -share[s])
    assert drawn[0].startswith("Citizens trust public service professionals") and "politicians" in drawn[-1]
    for statement in OPINION:  # groups keep the survey's order under their statement
        assert middle_y(svg, f"{bar_id(statement, 'citizens')}-2") < middle_y(
            svg, f"{bar_id(statement, 'professionals')}-2")


def test_each_bar_shows_its_n_and_the_shares_on_either_side(svg: ET.Element) -> None:
    ident = bar_id("Citizens trust politicians to do what is good for their well-being.", "citizens")
    assert text_of(svg, f"{ident}-n") == "n=40"
    assert text_of(svg, f"{ident}-disagree") == "68%" and text_of(svg, f"{ident}-agree") == "15%"
    tips = [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]
    assert any(t.startswith("Citizens trust politicians") and "Strongly disagree: 12 (30%)" in t for t in tips)
    assert "30%" in texts(svg) and "72 respondents; 3 in groups under 5 held back" in texts(svg)


def test_a_key_lists_every_level_in_the_scale_s_order(svg: ET.Element) -> None:
    words = texts(svg)
    positions = [words.index(level) for level in SCALE]
    assert positions == sorted(positions)


# -- the layout maths -----------------------------------------------------------------


def test_sides_with_and_without_a_neutral_level() -> None:
    five = LikertCount(statement="S", group="g", scale=SCALE, counts=(1, 1, 1, 1, 1), neutral=SCALE[2])
    four = LikertCount(statement="S", group="g", scale=("SD", "D", "A", "SA"), counts=(1, 2, 3, 4))
    odd = LikertCount(statement="S", group="g", scale=("D", "M", "A"), counts=(1, 1, 1))
    assert Sides.of(five) == Sides((0, 1), 2, (3, 4))
    assert Sides.of(four) == Sides((0, 1), None, (2, 3))
    assert Sides.of(odd) == Sides((0,), 1, (2,))
    assert agreeing(four) == pytest.approx(0.7)
    assert segments(four, 100) == [(0, -30, -20), (1, -20, 0), (2, 0, 30), (3, 30, 70)]
    assert [round(x, 6) for _, *xs in segments(five, 100) for x in xs][4:6] == [-10, 10]  # neutral: -10..10


def test_the_axis_reaches_the_farthest_bar_rounded_up_to_a_quarter() -> None:
    near = LikertCount(statement="S", group="g", scale=("D", "A"), counts=(3, 7))
    assert reach([near]) == 0.75
    assert reach([LikertCount(statement="S", group="g", scale=("D", "A"), counts=(0, 10))]) == 1.0
    assert reach([LikertCount(statement="S", group="g", scale=("D", "A"), counts=(1, 1))]) == 0.5


def test_ties_keep_the_survey_s_order() -> None:
    counts = [LikertCount(statement=s, group="g", scale=("D", "A"), counts=(5, 5)) for s in ("B", "A", "C")]
    assert [s for s, _ in statements(Survey(title="T", likert=counts))] == ["B", "A", "C"]


# -- themes, formats, determinism -------------------------------------------------------


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_level_has_its_own_colour_and_readable_figures(theme: str) -> None:
    colours = diverging(THEMES[theme], 2, True, 2)
    assert len({c.fill.upper() for c in colours}) == 5
    assert all(contrast(c.fill, c.text) >= 4.0 for c in colours)
    seven = diverging(THEMES[theme], 3, True, 3)
    assert len({c.fill.upper() for c in seven}) == 7


def test_print_draws_in_greys_only_dark_to_light() -> None:
    assert greyscale(THEMES["print"]) and not greyscale(THEMES["default"])
    fills = [c.fill for c in diverging(THEMES["print"], 2, True, 2)]
    assert all(f[1:3] == f[3:5] == f[5:7] for f in fills)
    assert [int(f[1:3], 16) for f in fills] == sorted(int(f[1:3], 16) for f in fills)
    svg = draw(with_opinion(), view="likert", theme="print").decode()
    drawn = re.findall(r'fill="#([0-9a-fA-F]{6})"', svg)
    assert drawn and all(f[0:2] == f[2:4] == f[4:6] for f in drawn)


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("format", ["svg", "png", "pdf", "dot"])
def test_draws_in_every_format_and_theme_without_graphviz_warnings(theme: str, format: str) -> None:
    data = draw(with_opinion(), format, theme, "likert")
    assert data.startswith({"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[format])


def test_the_same_map_gives_the_same_bytes() -> None:
    assert draw(with_opinion(), view="likert") == draw(with_opinion(), view="likert")
    assert source(with_opinion(), "likert") == source(with_opinion(), "likert")


# -- nothing to draw, and odd input -----------------------------------------------------------


def test_a_map_without_surveys_says_how_to_add_them() -> None:
    svg = parse_svg(draw(sight_loss_example(), view="likert"))
    words = texts(svg)
    assert "No survey results in this map yet." in words
    assert "--into MAP" in words
    assert not [i for i, c in by_id(svg).items() if "likert" in c and "graph" not in c]


def test_a_survey_without_likert_statements_says_so() -> None:
    journey = Journey(title="T", surveys=[Survey(title="Needs only")])
    assert "No Likert statements in this map's surveys yet." in texts(parse_svg(draw(journey, view="likert")))


def test_two_surveys_with_the_same_statement_get_distinct_ids() -> None:
    again = attrs.evolve(opinion_survey(), title="Asked again", id="again")
    journey = attrs.evolve(with_opinion(), surveys=(opinion_survey(), again))
    ids = [e.get("id") for e in parse_svg(draw(journey, view="likert")).iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    first = bar_id("Citizens trust politicians to do what is good for their well-being.", "citizens")
    assert {first, f"{first}-2", f"{first}-again", f"{first}-again-2"} <= set(ids)


def test_an_even_scale_and_a_group_nobody_in_draw() -> None:
    counts = [LikertCount(statement="A long statement " * 12, group="a group with a rather long name indeed",
                          scale=("No", "Yes"), counts=(0, 9)),
              LikertCount(statement="B <&> \\N ]", group="g", scale=("No", "Yes"), counts=(6, 0))]
    svg = parse_svg(draw(Journey(title="T", surveys=[Survey(title="S", likert=counts)]), view="likert"))
    classes = by_id(svg)
    assert "agree" in classes[f"likert-{slug('A long statement ' * 12)}-{slug(counts[0].group)}-1"]
    assert "disagree" in classes["likert-b_n-g-0"]
    assert "B <&> \\N ]" in texts(svg)


@pytest.mark.parametrize("view", ["likert", "willingness"])
def test_a_map_from_records_without_surveys_says_records_do_not_tell_what_people_think(view: str) -> None:
    discovered = load(Path(__file__).resolve().parent.parent / "examples" / "records" / "community_care_map.yaml")
    assert add_survey(discovered).startswith("Records do not say what people think or would offer; a survey does.")
    assert add_survey(Journey(title="T")) == ADD_SURVEY
    words = " ".join(texts(parse_svg(render(discovered, view=view, format="svg"))).split())
    assert "Records do not say what people think or would offer; a survey does." in words


def test_the_shaded_statements_lie_under_the_grid_and_its_centre_line(svg: ET.Element) -> None:
    """A band drawn after the grid hid the centre line, which matters most on a diverging chart, every other
    statement."""
    order = [g.get("class", "").split()[-1] for g in svg.iter(f"{SVG}g")
             if {"band", "grid", "centre"} & set(g.get("class", "").split())]
    assert "band" in order and "centre" in order
    assert order == sorted(order, key=lambda kind: kind != "band")  # every band first
