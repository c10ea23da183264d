"""Tests of the star view (the Co-production Star), and what the star and gap views share: formats, themes,
titles and determinism (their golden DOT files are checked in test_render.py).
"""

from __future__ import annotations

import html
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.analysis import analyse
from journeymap.io import load
from journeymap.model import Actor, Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.rendering import VIEWS, GraphvizWarning, engine, render, source
from journeymap.rendering.star import REACH, counts_text, ring_step
from journeymap.vocabulary import Phase
from journeymap.wording import phase_name
from strategies import design_example, journeys
from test_render import HOSTILE, SVG, XLINK_TITLE, by_id, parse_svg, texts

ROOT = Path(__file__).resolve().parent.parent


def draw(journey: Journey, format: str = "svg", theme: str = "default", view: str = "star") -> bytes:
    """A view of a journey, failing on any Graphviz warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return render(journey, view=view, format=format, theme=theme)


def element(svg: ET.Element, ident: str) -> ET.Element:
    """The one element with this id."""
    found = [e for e in svg.iter() if e.get("id") == ident]
    assert len(found) == 1, ident
    return found[0]


def text_of(svg: ET.Element, ident: str) -> str:
    """The text drawn inside an element, spaces normalised."""
    return " ".join(" ".join("".join(t.itertext()) for t in element(svg, ident).iter(f"{SVG}text")).split())


def box(svg: ET.Element, ident: str) -> tuple[float, float, float, float]:
    """Left, right, top and bottom of the polygon drawn for an element."""
    points = element(svg, ident).find(f".//{SVG}polygon")
    assert points is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", points.get("points", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), max(xs), min(ys), max(ys)


def extent(svg: ET.Element, ident: str) -> tuple[float, float]:
    """The width and height of the polygon drawn for an element."""
    left, right, top, bottom = box(svg, ident)
    return right - left, bottom - top


def sight_loss_example() -> Journey:
    """The main example, examples/sight_loss.yaml."""
    return load(ROOT / "examples" / "sight_loss.yaml")


def tooltips(svg: ET.Element) -> list[str]:
    return [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]


@pytest.fixture(scope="module")
def sight_loss() -> Journey:
    return sight_loss_example()


@pytest.fixture(scope="module")
def sight_loss_svg(sight_loss: Journey) -> ET.Element:
    return parse_svg(draw(sight_loss))


# -- formats, shared with the gap view ------------------------------------------------

VIEW_TITLES = {"star": "The Co-production Star", "gap": "The perception gap"}


@pytest.mark.parametrize("view", VIEW_TITLES)
def test_the_views_are_registered_with_fixed_positions(view: str) -> None:
    assert VIEWS[view].layout == "fixed"
    assert VIEWS[view].title == VIEW_TITLES[view]


@pytest.mark.parametrize("view", VIEW_TITLES)
@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
@pytest.mark.parametrize("format", ["svg", "png", "pdf"])
def test_draws_in_every_format_and_theme_without_warnings(sight_loss: Journey, view: str, format: str,
                                                          theme: str) -> None:
    data = draw(sight_loss, format, theme, view)
    assert data.startswith({"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[format])


@pytest.mark.parametrize("view", VIEW_TITLES)
def test_the_svg_is_titled_by_the_journey(sight_loss: Journey, view: str) -> None:
    svg = parse_svg(draw(sight_loss, view=view))
    assert svg.find(f"{SVG}g/{SVG}title").text == "Living well with sight loss"
    assert {"journeymap", view} <= set(svg.find(f"{SVG}g").get("class", "").split())


@pytest.mark.parametrize("view", VIEW_TITLES)
def test_the_same_map_gives_the_same_bytes(sight_loss: Journey, view: str) -> None:
    assert draw(sight_loss, view=view) == draw(sight_loss_example(), view=view)
    assert source(sight_loss, view) == source(sight_loss_example(), view)


@pytest.mark.parametrize("view", ["flow", "canvas", *VIEW_TITLES])
def test_a_lone_bracket_draws(view: str) -> None:
    # Graphviz 2.43's HTML-label parser rejects a text that is a lone "]"; dot.html escapes it.
    assert ">]<" not in source(Journey(title="]"), view)
    draw(Journey(title="]"), view=view)


def test_themes_colour_the_points(sight_loss: Journey) -> None:
    from journeymap.rendering.style import THEMES
    for name, theme in THEMES.items():
        svg = draw(sight_loss, theme=name).decode().lower()
        assert f'fill="{theme.actual.color.lower()}"' in svg
        assert f'stroke="{theme.potential.color.lower()}"' in svg


def test_a_map_read_twice_draws_the_same_star(sight_loss: Journey) -> None:
    again = load(ROOT / "examples" / "sight_loss.yaml")
    assert draw(sight_loss, "svg") == draw(again, "svg")
    assert source(sight_loss, "star") == source(again, "star")


# -- what the star shows ------------------------------------------------------------


def test_each_phase_shows_its_counts(sight_loss: Journey, sight_loss_svg: ET.Element) -> None:
    coverage = analyse(sight_loss).star_coverage
    assert (coverage[Phase.CO_DELIVERY].actual, coverage[Phase.CO_DELIVERY].potential) == (4, 4)
    for phase, count in coverage.items():
        card = text_of(sight_loss_svg, f"phase-{phase.value}")
        assert phase_name(phase) in card
        assert counts_text(count) in " ".join(card.split())


def test_phases_are_marked_voice_or_action(sight_loss_svg: ET.Element) -> None:
    classes = by_id(sight_loss_svg)
    for phase in Phase:
        expected = "action" if phase is Phase.CO_DELIVERY else "voice"
        other = "voice" if expected == "action" else "action"
        assert {"phase", expected} <= classes[f"phase-{phase.value}"]
        assert other not in classes[f"phase-{phase.value}"]
    assert "citizen action" in text_of(sight_loss_svg, "phase-co_delivery")
    assert "citizen voice" in text_of(sight_loss_svg, "phase-co_design")


def test_bars_follow_one_scale_with_its_rings(sight_loss_svg: ET.Element) -> None:
    # Co-delivery has the most contributions (4 actual, 4 potential), so the rings go 2, 4, 6, 8 and its bar
    # reaches the last: its solid part (the actual ones) half the reach, its dashed part the other half.
    _, actual = extent(sight_loss_svg, "phase-co_delivery-actual")
    _, potential = extent(sight_loss_svg, "phase-co_delivery-potential")
    assert actual == pytest.approx(REACH / 2, abs=1.5) and potential == pytest.approx(REACH / 2, abs=1.5)
    across, _ = extent(sight_loss_svg, "phase-co_design-actual")  # a bar to the right: 1 of 8
    _, up = extent(sight_loss_svg, "phase-co_commissioning-potential")  # one potential: the same length
    assert across == pytest.approx(REACH / 8, abs=1.5) and up == pytest.approx(across, abs=0.5)
    classes = by_id(sight_loss_svg)
    assert {"point", "actual"} <= classes["phase-co_delivery-actual"]
    assert {"point", "potential"} <= classes["phase-co_delivery-potential"]
    assert "phase-co_commissioning-actual" not in classes  # none actual: no solid part
    assert sorted(i for i in classes if i.startswith("star-ring-")) == [f"star-ring-{n}" for n in (2, 4, 6, 8)]
    assert text_of(sight_loss_svg, "phase-co_delivery-figures") == "4 actual · 4 potential"
    assert "Rings every 2 contributions" in " ".join(texts(sight_loss_svg).split())


def test_ring_steps_keep_to_five_rings_at_most() -> None:
    for most in range(1, 2000, 7):
        step = ring_step(most)
        assert -(-most // step) <= 5 and str(step).strip("0") in ("1", "2", "5")
        assert step == 1 or -(-most // smaller(step)) > 5  # and no smaller step would do


def smaller(step: int) -> int:
    """The ring step before ``step`` in 1, 2, 5, 10, 20, 50..."""
    digits = str(step)
    return {"1": int(digits) // 2, "2": int(digits) // 2, "5": int(digits) * 2 // 5}[digits[0]]


def test_a_phase_with_no_contributions_draws_no_bar() -> None:
    svg = parse_svg(draw(design_example()))
    classes = by_id(svg)
    for phase in ("co_commissioning", "co_design", "co_assessment"):
        assert {"phase", "empty"} <= classes[f"phase-{phase}"]
        assert {"figures", "empty"} <= classes[f"phase-{phase}-empty"]
        assert text_of(svg, f"phase-{phase}-empty") == "none yet"
        assert f"phase-{phase}-actual" not in classes and f"phase-{phase}-potential" not in classes
        assert "NO CONTRIBUTIONS YET" in text_of(svg, f"phase-{phase}")
    assert "empty" not in classes["phase-co_delivery"]


def test_on_a_map_from_records_citizens_voice_is_not_in_the_records_not_missing() -> None:
    # Records show who took part in what was done: an empty voice phase is no finding there.
    discovered = load(ROOT / "examples" / "records" / "community_care_map.yaml")
    svg = parse_svg(draw(discovered))
    for phase in ("co_commissioning", "co_design", "co_assessment"):
        said = text_of(svg, f"phase-{phase}")
        assert "NOT IN THE RECORDS" in said and "NO CONTRIBUTIONS YET" not in said
    assert "NOT IN THE RECORDS" not in text_of(svg, "phase-co_delivery")
    heading = html.unescape(source(discovered, "star")).replace('<BR ALIGN="LEFT"/>', " ")
    assert "citizens' voice in commissioning, design and assessment is not in them: ask people." in heading
    assert "not in them" not in source(design_example(), "star")  # a hand-made map: as before


def test_a_journey_with_no_contributions_draws_no_bars_and_no_rings() -> None:
    journey = Journey(title="Nothing yet", stages=[Stage(id="s", name="Not yet")])
    svg = parse_svg(draw(journey))
    classes = by_id(svg)
    assert all({"phase", "empty"} <= classes[f"phase-{p.value}"] for p in Phase)
    assert not any(c & {"point", "ring"} for c in classes.values())
    assert "No contributions yet" in " ".join(texts(svg).split())


def test_counts_by_stage_are_shown_and_in_tooltips(sight_loss_svg: ET.Element) -> None:
    card = " ".join(text_of(sight_loss_svg, "phase-co_delivery").split())
    assert "by stage" in card and "Diagnosis 1 3" in card and "Living well 2 1" in card
    tips = tooltips(sight_loss_svg)
    assert any(t.startswith("Co-delivery (citizen action): 4 actual · 4 potential\n") and
               "\nDiagnosis: 1 actual · 3 potential\n" in t and "Drives her mum and takes notes" in t for t in tips)


def test_the_legend_shows_what_is_drawn(sight_loss_svg: ET.Element) -> None:
    text = texts(sight_loss_svg)
    for words in ("actual contribution", "potential contribution", "citizen voice", "citizen action"):
        assert words in text
    assert "Persona: Margaret, 78" in text
    only_actual = attrs.evolve(design_example(), contributions=design_example().contributions[:1])
    assert "potential contribution" not in texts(parse_svg(draw(only_actual)))


# -- hostile text ---------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_literal_text(text: str) -> None:
    journey = Journey(
        title=text, persona="p", actors=[Actor(id="p", name=text, role="service_user")],
        assets=[Asset(id="a", holder="p", kind="time", name=text)],
        stages=[Stage(id="s", name=text, touchpoints=[Touchpoint(id="t", name=text, actors=["p"])])],
        contributions=[Contribution(asset="a", touchpoint="t", phase="co_design", status="potential", note=text)],
    )
    svg = parse_svg(draw(journey))
    assert svg.find(f"{SVG}g/{SVG}title").text == " ".join(text.replace("\r\n", "\n").split("\n"))
    assert not any(e.tag.endswith(("TABLE", "b", "TD")) for e in svg.iter())
    assert {f"phase-{p.value}" for p in Phase} <= set(by_id(svg))
    flat = text.replace("\r\n", "\n").replace("\n", " ")
    assert any(flat in t.replace("\n", " ") for t in tooltips(svg))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_journey_draws_without_warnings(journey: Journey) -> None:
    text = source(journey, "star")
    output = engine.run(text, "svg", layout="fixed")
    assert output.warnings == ()
    classes = by_id(parse_svg(output.data))
    for phase in Phase:
        assert "phase" in classes[f"phase-{phase.value}"]
