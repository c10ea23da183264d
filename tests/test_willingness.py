"""Tests of the willingness view: each surveyed group's shares weekly / monthly / not at all, and the map's own."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs
import pytest

from journeymap.io import load
from journeymap.model import Actor, Asset, Journey
from journeymap.model_evidence import GroupCount, Survey, WillingnessCount
from journeymap.rendering import VIEWS, source
from journeymap.rendering.style import THEMES
from journeymap.rendering.survey_bars import contrast, willingness_colours
from journeymap.rendering.willingness import PLOT_WIDTH, map_counts, segments
from test_render import ROOT, SVG, XLINK_TITLE, by_id, parse_svg, texts
from test_star import box, draw, element, sight_loss_example, text_of


def needs_survey() -> Survey:
    """The willingness question reproducing 28/43/29 (examples/surveys/sight_loss_survey.yaml)."""
    return Survey(title="Needs of older people with sight loss", held_back=3,
                  respondents=[GroupCount(group="users", respondents=100), GroupCount(group="staff", respondents=28)],
                  willingness=[WillingnessCount(group="users", weekly=28, monthly=43, none=29),
                               WillingnessCount(group="staff", weekly=4, monthly=10, none=14)])


def with_survey() -> Journey:
    return attrs.evolve(sight_loss_example(), surveys=(needs_survey(),))


@pytest.fixture(scope="module")
def svg() -> ET.Element:
    return parse_svg(draw(with_survey(), view="willingness"))


def width(svg: ET.Element, ident: str) -> float:
    left, right, _, _ = box(svg, ident)
    return right - left


def test_registered_as_a_fixed_view() -> None:
    assert VIEWS["willingness"].layout == "fixed"


def test_the_svg_is_titled_and_each_bar_carries_its_id_and_classes(svg: ET.Element) -> None:
    assert svg.find(f"{SVG}title").text.startswith("Living well with sight loss — Willing to do more")
    assert svg.find(f"{SVG}desc") is not None
    classes = by_id(svg)
    assert {"journeymap", "willingness"} <= classes["graph0"]
    for group in ("users", "staff"):
        ident = f"willingness-needs_of_older_people_with_sight_loss-{group}"
        assert "willingness" in classes[ident]
        for level in ("weekly", "monthly", "none"):
            assert {"willingness", "level", level} <= classes[f"{ident}-{level}"]


def test_the_example_reproduces_28_43_29_with_widths_to_match(svg: ET.Element) -> None:
    ident = "willingness-needs_of_older_people_with_sight_loss-users"
    for level, share in (("weekly", 0.28), ("monthly", 0.43), ("none", 0.29)):
        assert width(svg, f"{ident}-{level}") == pytest.approx(share * PLOT_WIDTH, abs=1.2)
    words = texts(svg)
    assert all(f in words for f in ("28%", "43%", "29%"))
    assert text_of(svg, f"{ident}-n") == "n=100"
    assert box(svg, f"{ident}-weekly")[1] == pytest.approx(box(svg, f"{ident}-monthly")[0], abs=1)
    tips = [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]
    assert any("users, n=100" in t and "a few hours a week or more: 28 (28%)" in t for t in tips)


def test_the_map_s_own_citizens_are_a_second_bar_of_counts(svg: ET.Element) -> None:
    counts = map_counts(sight_loss_example())
    assert sum(counts.values()) == len([a for a in sight_loss_example().actors if a.is_citizen])
    classes = by_id(svg)
    assert {"willingness", "map"} <= classes["willingness-map"]
    assert text_of(svg, "willingness-map-n") == f"n={sum(counts.values())}"
    for level, count in counts.items():
        if count:
            assert "level" in classes[f"willingness-map-{level}"]
    assert f"{counts['weekly']} weekly" in texts(svg)


def test_not_asked_is_counted_apart_and_the_hours_told() -> None:
    ann = Actor(id="ann", name="Ann", role="service_user", willingness="weekly")
    bob = Actor(id="bob", name="Bob", role="carer")
    sue = Actor(id="sue", name="Sue", role="professional", willingness="none")
    journey = Journey(title="Hours", actors=[ann, bob, sue],
                      assets=[Asset(holder=ann, kind="time", hours_per_month=6)])
    svg = parse_svg(draw(journey, view="willingness"))
    assert map_counts(journey) == {"weekly": 1, "monthly": 0, "none": 0, "not_asked": 1}  # Sue is staff
    classes = by_id(svg)
    assert "not_asked" in classes["willingness-map-not_asked"] and "willingness-map-monthly" not in classes
    assert "could mean 6 hours a month" in text_of(svg, "willingness-hours")
    assert "No survey results in this map yet." in texts(svg)


def key_words(svg: ET.Element) -> list[str]:
    (key,) = [g for g in svg.iter(f"{SVG}g") if "key" in g.get("class", "").split()]
    return [t for t in texts(key).splitlines() if t != "KEY"]


def test_the_key_shows_only_the_answers_drawn(svg: ET.Element) -> None:
    assert key_words(svg) == ["a few hours a week or more", "a few hours a month", "not at all"]
    ann = Actor(id="ann", name="Ann", role="service_user", willingness="monthly")
    bob = Actor(id="bob", name="Bob", role="carer")
    drawn = parse_svg(draw(Journey(title="Two", actors=[ann, bob]), view="willingness"))
    assert key_words(drawn) == ["a few hours a month", "not asked"]
    nothing = parse_svg(draw(Journey(title="Empty"), view="willingness"))
    assert not [g for g in nothing.iter(f"{SVG}g") if "key" in g.get("class", "").split()]


def test_a_map_from_records_counts_its_citizen_groups_as_groups_not_people() -> None:
    journey = load(ROOT / "tests" / "data" / "records" / "community_care.yaml")  # people monthly, carers not asked,
    people = journey.actor("people").replace(description="900 cases")  # volunteers weekly
    journey = journey.replace(actors=[people if a.id == "people" else a for a in journey.actors])
    svg = parse_svg(draw(journey, view="willingness"))
    words = " ".join(texts(svg).split())
    assert "The citizen groups in this map — groups from the records, each of many people" in words
    assert text_of(svg, "willingness-map-n") == "3 groups"
    assert "(3 citizen groups in all)" in text_of(svg, "willingness-hours")
    assert "citizens in all" not in words and "n=3" not in words
    tips = "\n".join(a.get(XLINK_TITLE, "") for a in element(svg, "willingness-map").iter(f"{SVG}a"))
    assert "People using the service (900 cases): monthly" in tips and "Carers: not asked" in tips
    assert key_words(svg) == ["a few hours a week or more", "a few hours a month", "not asked"]
    bare = parse_svg(draw(journey.replace(evidence=None), view="willingness"))  # drawn by hand: people, as before
    assert text_of(bare, "willingness-map-n") == "n=3"
    assert "The citizens in this map" in " ".join(texts(bare).split())


def test_segments_follow_the_counts() -> None:
    assert segments({"weekly": 1, "monthly": 0, "none": 3}, 100) == [("weekly", 0, 25), ("none", 25, 100)]
    assert segments({"weekly": 0}, 100) == []


@pytest.mark.parametrize("theme", list(THEMES))
def test_each_level_has_its_own_colour_and_readable_figures(theme: str) -> None:
    colours = willingness_colours(THEMES[theme])
    assert len({colours[level].fill for level in ("weekly", "monthly", "none")}) == 3
    assert all(contrast(c.fill, c.text) >= 4.0 for c in colours.values())


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("format", ["svg", "png", "pdf", "dot"])
def test_draws_in_every_format_and_theme_without_graphviz_warnings(theme: str, format: str) -> None:
    data = draw(with_survey(), format, theme, "willingness")
    assert data.startswith({"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[format])


def test_the_same_map_gives_the_same_bytes() -> None:
    assert draw(with_survey(), view="willingness") == draw(with_survey(), view="willingness")
    assert source(with_survey(), "willingness") == source(with_survey(), "willingness")


def test_a_map_without_surveys_or_citizens_says_how_to_add_results() -> None:
    svg = parse_svg(draw(Journey(title="Empty"), view="willingness"))
    words = texts(svg)
    assert "No survey results in this map yet." in words and "--into MAP" in words
    assert not [i for i, c in by_id(svg).items() if "willingness" in c and "graph" not in c]


def test_a_survey_without_the_question_says_so() -> None:
    journey = Journey(title="T", surveys=[Survey(title="Opinions only")])
    assert "No willingness question in this map's surveys yet." in texts(parse_svg(draw(journey, view="willingness")))


def test_a_long_survey_title_wraps_within_the_chart_and_above_its_bars() -> None:
    title = "Needs of older people with sight loss, and what staff think they need, asked in three cities " \
            "over two winters (synthetic respondents)"
    journey = attrs.evolve(sight_loss_example(), surveys=(attrs.evolve(needs_survey(), title=title, id="long"),))
    svg = parse_svg(draw(journey, view="willingness"))
    lines = [t for t in element(svg, "survey-long").iter(f"{SVG}text")]
    assert len({t.get("y") for t in lines}) >= 2  # wrapped
    assert " ".join("".join(t.itertext()) for t in lines).split() == f"{title} — 3 in groups under 5 held back".split()
    _, right, _, _ = box(svg, "willingness-long-users")
    _, _, bar_top, _ = box(svg, "willingness-long-users-weekly")
    assert max(float(t.get("y", 0)) for t in lines) < bar_top - 8
    assert max(float(t.get("x", 0)) for t in lines) < right
