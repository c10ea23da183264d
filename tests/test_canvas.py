"""Tests of the canvas view: real Graphviz runs, the SVG contract, the grid's positions, escaping and golden DOT.

The golden DOT lives in tests/golden/sight_loss.canvas.dot, laid out one attribute a line by tests/golden_dot.py.
After an intended change to the drawing, regenerate it with
``JOURNEYMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_canvas.py`` and review the diff before committing.
"""

from __future__ import annotations

import re
import struct
import warnings
import zlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.analysis import analyse
from journeymap.io import load
from journeymap.model import Actor, Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.rendering import THEMES, GraphvizWarning, engine, render, source
from journeymap.rendering.canvas import PAGE_HEIGHT, ROW_WIDTH, build, pages, text_width
from journeymap.rendering.canvas_fold import _rows
from golden_dot import assert_matches_golden
from strategies import design_example, journeys, large_journey, without_records
from test_render import HOSTILE, ROOT, SVG, XLINK_TITLE, by_id, texts

# One statement a line: a name in quotes, optionally "-- other", then the attributes.
_STATEMENT = re.compile(r'^\t"(?P<name>[^"]+)"(?: -- "(?P<other>[^"]+)")? \[(?P<attributes>.*)\]$')
EPSILON = 0.05  # points: sizes are written in inches to four places
_ATTRIBUTE = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|<.*?>(?= \w+=|$))')


@attrs.frozen
class Node:
    """A node of the canvas's DOT as placed: centre and size in points, Graphviz's y growing upwards."""

    name: str
    x: float
    y: float
    width: float
    height: float
    classes: frozenset[str]

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2


def statements(dot_source: str) -> Iterator[tuple[str, str | None, dict[str, str]]]:
    for line in dot_source.splitlines():
        match = _STATEMENT.match(line)
        if match:
            attributes = {k: v.strip('"') for k, v in _ATTRIBUTE.findall(match["attributes"])}
            yield match["name"], match["other"], attributes


def nodes(dot_source: str) -> dict[str, Node]:
    placed = {}
    for name, other, a in statements(dot_source):
        if other is None:
            x, y = (float(v) for v in a["pos"].rstrip("!").split(","))
            placed[name] = Node(name, x, y, float(a["width"]) * 72, float(a["height"]) * 72,
                                frozenset(a.get("class", "").split()))
    return placed


def edges(dot_source: str) -> list[tuple[str, str, dict[str, str]]]:
    return [(name, other, a) for name, other, a in statements(dot_source) if other is not None]


def canvas_svg(journey: Journey, theme: str = "default") -> ET.Element:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return ET.fromstring(render(journey, view="canvas", format="svg", theme=theme))


@pytest.fixture(scope="module")
def design() -> Journey:
    return design_example()


@pytest.fixture(scope="module")
def sight_loss() -> Journey:
    return load(ROOT / "examples" / "sight_loss.yaml")


@pytest.fixture(scope="module")
def stroke() -> Journey:
    return load(ROOT / "examples" / "stroke_discharge.yaml")


@pytest.fixture(scope="module")
def design_svg(design: Journey) -> ET.Element:
    return canvas_svg(design)


@pytest.fixture(scope="module")
def sight_loss_svg(sight_loss: Journey) -> ET.Element:
    return canvas_svg(sight_loss)


# -- the view and its formats --------------------------------------------------------


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_every_format_draws_without_warnings(sight_loss: Journey, theme: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        png = render(sight_loss, view="canvas", format="png", theme=theme)
        pdf = render(sight_loss, view="canvas", format="pdf", theme=theme)
        svg = render(sight_loss, view="canvas", format="svg", theme=theme)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and pdf.startswith(b"%PDF")
    width, height = struct.unpack(">II", png[16:24])
    assert 2000 < width < 8000 and 1500 < height < 6000
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_the_same_map_gives_the_same_bytes(sight_loss: Journey) -> None:
    again = load(ROOT / "examples" / "sight_loss.yaml")
    for format in ("dot", "svg"):
        assert render(sight_loss, view="canvas", format=format) == render(again, view="canvas", format=format)


def test_text_is_never_below_nine_points(sight_loss_svg: ET.Element) -> None:
    sizes = {float(t.get("font-size", "0")) for t in sight_loss_svg.iter(f"{SVG}text")}
    assert sizes and min(sizes) >= 9


def test_the_print_theme_is_grey_throughout(sight_loss: Journey) -> None:
    svg = render(sight_loss, view="canvas", format="svg", theme="print").decode("utf-8")
    colours = set(re.findall(r'(?:fill|stroke)="#([0-9a-fA-F]{6})"', svg))
    assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours


def test_themes_colour_the_unused_assets(sight_loss: Journey) -> None:
    for theme in ("default", "colourblind"):
        assert 'stroke="#d55e00"' in render(sight_loss, view="canvas", format="svg", theme=theme).decode().lower()


# -- the SVG contract ----------------------------------------------------------------------


@pytest.mark.parametrize("example", ["design", "sight_loss"])
def test_every_unused_asset_and_passive_touchpoint_is_marked(example: str, request: pytest.FixtureRequest) -> None:
    journey: Journey = request.getfixturevalue(example)
    classes = by_id(request.getfixturevalue(f"{example}_svg"))
    findings = analyse(journey)
    assert findings.unused_assets
    for unused in findings.unused_assets:
        assert {"asset", "unused", unused.grade} <= classes[f"asset-{unused.asset.id}"]
        assert ("unwilling" in classes[f"asset-{unused.asset.id}"]) == (unused.holder.willing is False)
    passive = {p.touchpoint.id for p in findings.passive_touchpoints}
    assert passive
    for touchpoint in journey.touchpoints:
        assert "touchpoint" in classes[f"touchpoint-{touchpoint.id}"]
        assert ("passive" in classes[f"touchpoint-{touchpoint.id}"]) == (touchpoint.id in passive)
    for stage in journey.stages:
        assert "stage" in classes[f"stage-{stage.id}"]
    for index, contribution in enumerate(journey.contributions):
        if contribution.is_actual:
            key = f"contribution-{contribution.asset}-{contribution.touchpoint}-{index}"
            assert {"contribution", "actual"} <= classes[key]


def test_the_sight_loss_map_marks_its_unwilling_holder_and_untapped_uses(sight_loss_svg: ET.Element) -> None:
    classes = by_id(sight_loss_svg)
    assert {"asset", "unused", "unwilling"} <= classes["asset-tom_car"]
    # Arthur's story is used at the group, so at the liaison chat it is an untapped potential contribution.
    assert {"contribution", "potential", "untapped"} <= classes["contribution-arthur_story-eclo_chat-6"]
    assert "asset-arthur_story" not in classes
    # Margaret's know-how could help at two touchpoints: drawn at both, the first under the asset's own id.
    assert {"asset", "unused", "opportunity"} <= classes["asset-know_how"]
    assert {"asset", "unused", "opportunity"} <= classes["asset-know_how-review"]


def test_ids_are_unique(sight_loss: Journey) -> None:
    svg = render(sight_loss, view="canvas", format="svg").decode("utf-8")
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))


def test_elements_carry_their_full_text_as_tooltips(sight_loss_svg: ET.Element) -> None:
    tooltips = [a.get(XLINK_TITLE, "") for a in sight_loss_svg.iter(f"{SVG}a")]
    assert any(t.startswith("Eye clinic appointment\n") for t in tooltips)
    assert any("Group volunteers could meet people at the clinic" in t for t in tooltips)
    assert any("Pain point: Told nothing more can be done" in t for t in tooltips)
    assert any("Emotion: −2 (very negative)" in t for t in tooltips)


def test_title_persona_description_and_legend(design_svg: ET.Element) -> None:
    text = texts(design_svg)
    for words in ("Living well with sight loss", "Persona: Margaret, 78",
                  "From diagnosis to living well, as Margaret tells it", "KEY",
                  "unused asset, holder willing to do more", "actual contribution", "MOMENT OF TRUTH",
                  "passive: citizens there", "how it feels", "UNUSED ASSETS"):
        assert words in text
    for absent in ("holder not looking to do more", "potential contribution", "willingness not asked",
                   "next step", "line of visibility", "neutral"):
        assert absent not in text


def test_the_legend_of_the_sight_loss_map_has_what_it_draws(sight_loss_svg: ET.Element) -> None:
    text = texts(sight_loss_svg)
    for words in ("holder not looking to do more", "potential contribution", "neutral", "line of visibility"):
        assert words in text


# -- the grid -------------------------------------------------------------------------------


def test_columns_follow_the_stages_and_touchpoints_in_order(sight_loss: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    xs = [placed[f"touchpoint-{t.id}"].x for t in sight_loss.touchpoints]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    stage_lefts = [placed[f"stage-{s.id}"].left for s in sight_loss.stages]
    assert stage_lefts == sorted(stage_lefts)
    for stage in sight_loss.stages:
        header = placed[f"stage-{stage.id}"]
        for touchpoint in stage.touchpoints:
            card = placed[f"touchpoint-{touchpoint.id}"]
            assert header.left <= card.left + EPSILON and card.right <= header.right + EPSILON
            assert card.top < header.bottom


def test_lanes_run_down_the_page_in_order(sight_loss: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    order = ["lane-blueprint-customer", "lane-blueprint-frontstage", "lane-blueprint-backstage",
             "lane-blueprint-support", "lane-emotion", "lane-pain-points", "lane-co-production-co_design",
             "lane-co-production-co_delivery", "lane-unused-here"]
    tops = [placed["@" + name.replace("lane-", "header-")].top for name in order]
    assert tops == sorted(tops, reverse=True)


def test_emotion_markers_rise_with_the_emotion(sight_loss: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    felt = [t for t in sight_loss.touchpoints if t.emotion is not None]
    markers = {t.id: placed[f"touchpoint-{t.id}-emotion"] for t in felt}
    for a in felt:
        assert markers[a.id].x == placed[f"touchpoint-{a.id}"].x
        for b in felt:
            if a.emotion is not None and b.emotion is not None and a.emotion < b.emotion:
                assert markers[a.id].y < markers[b.id].y
            elif a.emotion == b.emotion:
                assert markers[a.id].y == markers[b.id].y
    assert "touchpoint-review-emotion" not in placed  # the review has no emotion


def test_the_emotion_curve_joins_across_touchpoints_without_one(sight_loss: Journey) -> None:
    curve = [(a, b) for a, b, attributes in edges(source(sight_loss, "canvas"))
             if attributes["class"] == "emotion-curve"]
    felt = [f"touchpoint-{t.id}-emotion" for t in sight_loss.touchpoints if t.emotion is not None]
    assert curve == list(zip(felt, felt[1:]))


def test_blueprint_lanes_and_the_line_of_visibility_only_when_used(sight_loss: Journey, design: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    visibility = next(a for _, _, a in edges(source(sight_loss, "canvas")) if a["id"] == "line-of-visibility")
    line = placed["@line-of-visibility-start"].y
    assert visibility["style"] == "dashed"
    for touchpoint in sight_loss.touchpoints:
        card = placed[f"touchpoint-{touchpoint.id}"]
        lane = placed[f"@header-blueprint-{touchpoint.lane}"]
        assert lane.bottom <= card.bottom + EPSILON and card.top <= lane.top + EPSILON
        assert (card.bottom > line) == (touchpoint.lane in ("customer", "frontstage"))
    plain = source(design, "canvas")
    assert "blueprint" not in plain and "line-of-visibility" not in plain
    assert "@header-touchpoints" in nodes(plain)


def test_touchpoints_without_a_lane_get_their_own_row_in_a_blueprint(design: Journey) -> None:
    stages = [attrs.evolve(design.stages[0], touchpoints=[attrs.evolve(design.stages[0].touchpoints[0],
                                                                      lane="backstage")]), *design.stages[1:]]
    placed = nodes(source(attrs.evolve(design, stages=stages), "canvas"))
    assert "@header-touchpoints" in placed and "@header-blueprint-backstage" in placed
    assert placed["touchpoint-home_visit"].y > placed["@line-of-visibility-start"].y > placed["touchpoint-clinic"].y


def test_unused_assets_stand_under_where_they_could_help(sight_loss: Journey, design: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    assert placed["asset-club_network"].x == placed["touchpoint-clinic"].x
    assert placed["asset-know_how"].x == placed["touchpoint-registration"].x
    assert placed["asset-know_how-review"].x == placed["touchpoint-review"].x
    lowest = min(n.bottom for n in placed.values() if "contribution" in n.classes and "actual" in n.classes)
    assert all(n.top < lowest for n in placed.values() if "unused" in n.classes)
    # The design example's know-how has no place: it sits in its own row, tied to no column.
    plain = nodes(source(design, "canvas"))
    assert "@header-unused-elsewhere" in plain
    row = plain["@header-unused-elsewhere"]
    assert row.bottom <= plain["asset-know_how"].bottom + EPSILON and plain["asset-know_how"].top <= row.top + EPSILON


def test_unused_assets_are_loud_and_say_what_is_on_offer(design: Journey) -> None:
    text = texts(canvas_svg(attrs.evolve(design, contributions=()))).replace("\n", " ")
    assert "UNUSED · offers 8 h/month · willing weekly" in text
    assert "8 h/month on offer" in text
    assert "3 assets people could bring" in text


@pytest.mark.parametrize("example", ["design", "sight_loss", "stroke"])
def test_nothing_drawn_overlaps(example: str, request: pytest.FixtureRequest) -> None:
    placed = nodes(source(request.getfixturevalue(example), "canvas"))
    drawn = [n for n in placed.values() if n.classes & {"touchpoint", "emotion", "pain-points", "contribution",
                                                        "asset", "stage", "lane-header", "outcome"}]
    assert len(drawn) > 10
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            apart = (a.right <= b.left + EPSILON or b.right <= a.left + EPSILON
                     or a.top <= b.bottom + EPSILON or b.top <= a.bottom + EPSILON)
            assert apart, (a.name, b.name)


def test_column_widths_follow_their_content() -> None:
    long = Touchpoint(id="long", name="A touchpoint with a rather long name " * 2, actors=["p"],
                      pain_points=["W" * 60])
    journey = Journey(title="Widths", actors=[Actor(id="p", name="Pat", role="service_user")], stages=[
        Stage(id="s", name="S", touchpoints=[Touchpoint(id="short", name="Short"), long])])
    placed = nodes(source(journey, "canvas"))
    assert placed["touchpoint-long"].width > placed["touchpoint-short"].width
    assert placed["touchpoint-long-pain"].width >= text_width("⚠ " + "W" * 31, 10)


def test_maps_with_little_in_them_still_draw() -> None:
    person = [Actor(id="p", name="Pat", role="carer")]
    for journey in (
        Journey(title="Empty"),
        Journey(title="No touchpoints yet", stages=[Stage(id="s", name="Not yet")]),
        Journey(title="Assets only", actors=person, assets=[Asset(id="a", holder="p", kind="time")]),
        Journey(title="One", actors=person, assets=[Asset(id="a", holder="p", kind="time")],
                stages=[Stage(id="s", name="S", touchpoints=[Touchpoint(id="t", name="T", actors=["p"])])],
                contributions=[Contribution(asset="a", touchpoint="t", phase="co_design")]),
    ):
        svg = canvas_svg(journey)
        assert journey.title in texts(svg)
    assert "no touchpoints yet" in texts(canvas_svg(Journey(title="E", stages=[Stage(id="s", name="Not yet")])))


# -- hostile text --------------------------------------------------------------------------

_OURS = re.compile(r"^(@|touchpoint-|asset-|contribution-|stage-)")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_literal_text(text: str) -> None:
    journey = Journey(
        title=text, description=text, persona="p",
        actors=[Actor(id="p", name=text, role="service_user", willingness="weekly", description=text)],
        assets=[Asset(id="a", holder="p", kind="time", name=text, description=text),
                Asset(id="b", holder="p", kind="skills", name=text)],
        stages=[Stage(id="s", name=text, description=text, touchpoints=[
            Touchpoint(id="t", name=text, channel=text, actors=["p"], pain_points=[text], description=text,
                       emotion=-1, lane="frontstage", moment_of_truth=True),
            Touchpoint(id="u", name="next", emotion=1),
        ])],
        contributions=[Contribution(asset="a", touchpoint="t", phase="co_design", status="potential", note=text),
                       Contribution(asset="b", touchpoint="u", phase="co_delivery", note=text)],
    )
    svg = canvas_svg(journey)
    assert svg.find(f"{SVG}g/{SVG}title").text == " ".join(text.replace("\r\n", "\n").split("\n"))
    assert not any(e.tag.endswith(("TABLE", "b", "TD")) for e in svg.iter())
    assert {"touchpoint-t", "touchpoint-u", "asset-a", "contribution-b-u-1", "stage-s"} <= set(by_id(svg))
    titles = [e.findtext(f"{SVG}title", "") for e in svg.iter(f"{SVG}g") if "node" in e.get("class", "")]
    assert titles and all(_OURS.match(t) for t in titles), titles
    assert text.split()[0][:20] in texts(svg).replace("\n", "")
    tooltips = [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]
    assert any(t.replace("\n", " ").startswith(" ".join(text.replace("\r\n", "\n").split("\n"))) for t in tooltips)


@pytest.mark.parametrize("char", ["W", "@", "m", "Ǳ", "Ж", "Ш", "Ω", "‱", "⃧", "〯", "ﷺ", "ې", "日", "𒐫", "👵🏽", "☕"])
def test_the_widest_characters_fit_their_boxes(char: str) -> None:
    text = char * 40
    journey = Journey(title=text, actors=[Actor(id="p", name=text, role="carer")],
                      assets=[Asset(id="a", holder="p", kind="time", name=text)],
                      stages=[Stage(id="s", name=text, touchpoints=[
                          Touchpoint(id="t", name=text, channel=text, actors=["p"], pain_points=[text])])],
                      contributions=[Contribution(asset="a", touchpoint="t", phase="co_design", note=text)])
    canvas_svg(journey)  # Graphviz warns when a label is larger than its fixed-size box


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_journey_draws_without_warnings(journey: Journey) -> None:
    text = source(journey, "canvas")
    assert text == source(journey, "canvas")
    classes = by_id(canvas_svg(journey))
    findings = analyse(journey)
    for unused in findings.unused_assets:
        assert {"asset", "unused"} <= classes[f"asset-{unused.asset.id}"]
    for touchpoint in journey.touchpoints:
        expected = {"touchpoint", "passive"} if findings.is_passive(touchpoint) else {"touchpoint"}
        assert expected <= classes[f"touchpoint-{touchpoint.id}"]
    placed = nodes(text)
    rows = bands(placed)  # a map too wide for a page reads row after row, each from left to right
    order = [(band_of(rows, placed[f"touchpoint-{t.id}"]), placed[f"touchpoint-{t.id}"].x) for t in journey.touchpoints]
    assert order == sorted(order)


# -- golden DOT ---------------------------------------------------------------------------


def test_the_example_matches_its_golden_dot(sight_loss: Journey) -> None:
    assert_matches_golden("sight_loss.canvas.dot", render(sight_loss, view="canvas", format="dot").decode("utf-8"))


# -- large maps fold into rows of whole stages ------------------------------------------------


@attrs.frozen
class Band:
    """One row of a folded canvas in its DOT: the prefix of its furniture, and its top and bottom edges."""

    prefix: str
    top: float
    bottom: float

    def holds(self, node: Node) -> bool:
        return self.bottom - EPSILON <= node.bottom and node.top <= self.top + EPSILON


def bands(placed: dict[str, Node]) -> list[Band]:
    """The rows of stages, top first, each from its stages' header to the bottom of its last lane."""
    prefixes = [p for p in ["", *(f"row{n}-" for n in range(2, len(placed)))] if f"@{p}header-stages" in placed]
    last = [f"band-{lane}" for lane in ("staff", "unused")]  # the quiet staff lane, when drawn, comes last
    return [Band(p, placed[f"@{p}header-stages"].top, next(placed[f"@{p}{b}"] for b in last if f"@{p}{b}" in placed)
                 .bottom) for p in prefixes]


def band_of(rows: list[Band], node: Node) -> int:
    (index,) = [i for i, band in enumerate(rows) if band.holds(node)]
    return index


@pytest.fixture(scope="module")
def large() -> Journey:
    return large_journey([10] * 30)


@pytest.fixture(scope="module")
def large_source(large: Journey) -> str:
    return source(large, "canvas")


@pytest.fixture(scope="module")
def large_svg(large: Journey) -> ET.Element:
    return canvas_svg(large)


def test_a_large_map_folds_into_rows_no_wider_than_a_page(large: Journey, large_source: str) -> None:
    placed = nodes(large_source)
    rows = bands(placed)
    # Ten touchpoints make a stage nearly as wide as a row: one stage to a row, each whole.
    assert len(rows) == len(large.stages) == 30
    for band, stage in zip(rows, large.stages):
        assert band.holds(placed[f"stage-{stage.id}"])
        assert all(band.holds(placed[f"touchpoint-{t.id}"]) for t in stage.touchpoints)
    assert all(n.left >= -EPSILON and n.right <= ROW_WIDTH + EPSILON for n in placed.values())
    assert all(a.bottom > b.top for a, b in zip(rows, rows[1:]))  # top to bottom, apart


def test_every_row_repeats_the_lane_headers_and_the_unused_lane(large_source: str) -> None:
    placed = nodes(large_source)
    rows = bands(placed)
    for band in rows:
        for lane in ("touchpoints", "emotion", "pain-points", "co-production-co_design", "co-production-co_delivery",
                     "unused-here"):
            header = placed[f"@{band.prefix}header-{lane}"]
            assert band.holds(header) and {"lane-header"} <= header.classes
        assert {"band"} <= placed[f"@{band.prefix}band-unused"].classes
        assert placed[f"@{band.prefix}header-unused-here"].width == placed["@header-unused-here"].width
    # Assets with no place in the journey are on the first row only, which is read first.
    assert rows[0].holds(placed["@header-unused-elsewhere"])
    assert not any(name.endswith("header-unused-elsewhere") for name in placed if name.startswith("@row"))


def test_every_unused_asset_appears_once_in_the_row_where_it_could_help(large: Journey, large_source: str,
                                                                         large_svg: ET.Element) -> None:
    placed = nodes(large_source)
    rows = bands(placed)
    findings = analyse(large)
    ids = [e.get("id") for e in large_svg.iter() if e.get("id")]
    cards: dict[tuple[str, str], list[Node]] = {}
    for name, node in placed.items():
        if {"asset", "unused"} <= node.classes:
            asset = name.split("-")[1]
            cards.setdefault((asset, name), []).append(node)
    placeless = {u.asset.id for u in findings.unused_assets} - {c.asset for c in large.contributions}
    assert placeless and len(findings.unused_assets) > len(placeless)
    for unused in findings.unused_assets:
        asset = unused.asset.id
        assert ids.count(f"asset-{asset}") == 1
        if asset in placeless:
            assert rows[0].holds(placed[f"asset-{asset}"])
            assert placed[f"asset-{asset}"].bottom < placed["@header-unused-elsewhere"].top
            continue
        untapped = {c.touchpoint for c in large.contributions if c.asset == asset and findings.is_untapped(c)}
        drawn = [n for (a, _), found in cards.items() if a == asset for n in found]
        assert len(drawn) == len(untapped)
        for node in drawn:
            (touchpoint,) = [t for t in untapped if placed[f"touchpoint-{t}"].x == node.x]
            band = band_of(rows, placed[f"touchpoint-{touchpoint}"])
            assert band_of(rows, node) == band
            unused_lane = placed[f"@{rows[band].prefix}header-unused-here"]
            assert unused_lane.bottom <= node.bottom and node.top <= unused_lane.top


def test_the_emotion_curve_stays_in_its_row(large_source: str) -> None:
    placed = nodes(large_source)
    rows = bands(placed)
    curve = [(a, b) for a, b, attributes in edges(large_source) if attributes["class"] == "emotion-curve"]
    for a, b in curve:
        assert band_of(rows, placed[a]) == band_of(rows, placed[b])
    markers = [n for n in placed.values() if "emotion" in n.classes]
    assert len(curve) == len(markers) - len(rows)  # one line fewer than markers in each row


def test_nothing_drawn_overlaps_on_any_row(large_source: str) -> None:
    placed = nodes(large_source)
    drawn = sorted((n for n in placed.values() if n.classes & {"touchpoint", "emotion", "pain-points", "outcome",
                                                                "contribution", "asset", "stage", "lane-header"}),
                   key=lambda n: n.bottom)
    for i, a in enumerate(drawn):  # sorted by bottom edge: only nodes starting below a's top can overlap it
        for b in drawn[i + 1:]:
            if b.bottom >= a.top - EPSILON:
                break
            assert a.right <= b.left + EPSILON or b.right <= a.left + EPSILON, (a.name, b.name)


def test_a_folded_map_gives_the_same_bytes(large: Journey) -> None:
    again = large_journey([10] * 30)
    assert source(large, "canvas") == source(again, "canvas")
    assert render(large, view="canvas", format="svg") == render(again, view="canvas", format="svg")


def test_the_svg_contract_holds_on_every_row(large: Journey, large_svg: ET.Element) -> None:
    classes = by_id(large_svg)
    ids = [e.get("id") for e in large_svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    findings = analyse(large)
    for touchpoint in large.touchpoints:
        expected = {"touchpoint", "passive"} if findings.is_passive(touchpoint) else {"touchpoint"}
        assert expected <= classes[f"touchpoint-{touchpoint.id}"]
        assert "emotion" in classes[f"touchpoint-{touchpoint.id}-emotion"]
    for unused in findings.unused_assets:
        assert {"asset", "unused", unused.grade} <= classes[f"asset-{unused.asset.id}"]
    for stage in large.stages:
        assert "stage" in classes[f"stage-{stage.id}"]
    for row in range(2, 31):
        for lane in ("stages", "touchpoints", "emotion", "unused-here"):
            assert "lane-header" in classes[f"row{row}-lane-{lane}"]
        assert "band" in classes[f"row{row}-band-unused"]
    assert "row 30 of 30" in texts(large_svg)


def test_rows_are_balanced_rather_than_filled(large_source: str) -> None:
    # Nine stages of three: four fit in a row, but rows of 3, 3 and 3 read better than 4, 4 and 1.
    journey = large_journey([3] * 9)
    placed = nodes(source(journey, "canvas"))
    rows = bands(placed)
    assert [sum(1 for s in journey.stages if band.holds(placed[f"stage-{s.id}"])) for band in rows] == [3, 3, 3]
    widths = {round(placed[f"@{band.prefix}band-touchpoints"].width, 2) for band in rows}
    assert len(widths) == 1  # justified: the rows end together
    for band in rows:  # the rules between its stages, from its stage headers down to its last lane
        rules = [placed[f"@{band.prefix}rule-stage-{n}-start"] for n in (1, 2)]
        assert all(band.holds(r) for r in rules) and f"@{band.prefix}rule-stage-3-start" not in placed


def test_a_stage_wider_than_a_row_goes_on_over_the_next_rows() -> None:
    journey = large_journey([2, 3, 40, 3, 2])
    placed = nodes(source(journey, "canvas"))
    rows = bands(placed)
    long = journey.stages[2]
    parts = sorted((n for name, n in placed.items() if name.startswith(f"stage-{long.id}")), key=lambda n: -n.y)
    assert len(parts) >= 3 and "continued" not in parts[0].classes
    assert all({"stage", "continued"} <= p.classes for p in parts[1:])
    assert [band_of(rows, p) for p in parts] == list(range(band_of(rows, parts[0]), band_of(rows, parts[-1]) + 1))
    # It begins in the row of the stages before it, and each of its touchpoints sits under one of its parts.
    assert band_of(rows, parts[0]) == band_of(rows, placed["stage-s1"])
    for touchpoint in long.touchpoints:
        card = placed[f"touchpoint-{touchpoint.id}"]
        (part,) = [p for p in parts if band_of(rows, p) == band_of(rows, card)]
        assert part.left - EPSILON <= card.left and card.right <= part.right + EPSILON
    text = source(journey, "canvas")
    assert text.count("continued from the row above") == len(parts) - 1


def test_a_narrow_row_folds_even_the_example_with_its_blueprint(sight_loss: Journey) -> None:
    graph = build(sight_loss, analyse(sight_loss), THEMES["default"], row_width=1000)
    placed = nodes(graph.source)
    rows = bands(placed)
    assert len(rows) > 1
    lines = [a for _, _, a in edges(graph.source) if a["class"] == "line-of-visibility"]
    assert len(lines) == len(rows)  # the line of visibility runs across every row
    for band in rows:
        assert band.holds(placed[f"@{band.prefix}header-blueprint-backstage"])
    output = engine.run(graph.source, "svg", layout="fixed")
    assert not output.warnings
    classes = by_id(ET.fromstring(output.data))
    assert {"asset", "unused", "opportunity"} <= classes["asset-know_how"]
    assert {"asset", "unused", "unwilling"} <= classes["asset-tom_car"]


def test_a_map_too_tall_for_a_png_still_draws_scaled_down() -> None:
    journey = large_journey([10] * 12)
    graph = build(journey, analyse(journey), THEMES["default"], row_width=420)  # one touchpoint to a row
    output = engine.run(graph.source, "png", dpi=150, layout="fixed")
    width, height = struct.unpack(">II", output.data[16:24])
    assert height == 32767 and width < height / 10  # cairo's limit: Graphviz scales the drawing down to fit
    assert any("too large for cairo-renderer bitmaps" in w for w in output.warnings)
    top = _png_rows(output.data, 400)
    assert sum(1 for row in top for i in range(0, len(row), 4) if min(row[i:i + 3]) < 128) > 1000  # not blank


def test_folding_starts_a_too_wide_stage_where_a_quarter_of_the_row_is_free() -> None:
    assert _rows([range(0, 2), range(2, 12)], [1.0] * 12, 4) == [range(0, 4), range(4, 8), range(8, 12)]
    assert _rows([range(0, 4), range(4, 14)], [1.0] * 14, 5) == [range(0, 4), range(4, 9), range(9, 14)]
    assert _rows([range(0, 2), range(2, 4), range(4, 5)], [1.0] * 5, 4) == [range(0, 4), range(4, 5)]


def test_pages_hold_whole_rows_and_draw_as_one_pdf_each_from_one_run(large: Journey, large_source: str) -> None:
    graphs = pages(large, analyse(large))
    sources = [g.source for g in graphs]
    assert 1 < len(graphs) < 30
    # Every row once, in order, on some page; every card of the single graph on exactly one page.
    on_pages = [nodes(text) for text in sources]
    rows = [band for placed in on_pages for band in bands(placed)]
    assert [band.prefix for band in rows] == [band.prefix for band in bands(nodes(large_source))]
    names = [name for placed in on_pages for name in placed]
    assert sorted(names) == sorted(nodes(large_source)) and len(names) == len(set(names))
    for placed in on_pages:
        height = max(n.top for n in placed.values()) - min(n.bottom for n in placed.values())
        assert height <= PAGE_HEIGHT or len(bands(placed)) == 1
    assert "KEY" in sources[0] and f"page 2 of {len(graphs)}" in sources[1]
    output = engine.run("\n".join(sources), "pdf", layout="fixed")  # Graphviz draws each graph as a PDF
    assert output.data.count(b"%%EOF") == len(graphs) and not output.warnings


def _png_rows(data: bytes, count: int) -> list[bytes]:
    """The first ``count`` rows of an 8-bit RGB or RGBA PNG (cairo writes RGB where every pixel is opaque), unfiltered
    and as RGBA (no imaging library needed)."""
    chunks, position = b"", 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            chunks += data[position + 8:position + 8 + length]
        position += length + 12
    width, depth, colour = struct.unpack(">I4xBB", data[16:26])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 4 if colour == 6 else 3
    stride, raw = width * channels, zlib.decompress(chunks)
    rows, previous = [], bytearray(stride)
    for y in range(count):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            back = i - channels
            left, up, corner = line[back] if back >= 0 else 0, previous[i], previous[back] if back >= 0 else 0
            guess = left + up - corner
            paeth = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]
            line[i] = (line[i] + (0, left, up, (left + up) // 2, paeth)[kind]) & 255
        pixels = [line[i:i + channels] for i in range(0, stride, channels)]
        rows.append(b"".join(bytes(p) + (b"" if channels == 4 else b"\xff") for p in pixels))
        previous = line
    return rows


def test_a_tokenistic_touchpoint_card_carries_its_badge_class_and_key() -> None:
    from test_analysis import day_centre

    svg = ET.fromstring(render(day_centre(), view="canvas", format="svg"))
    classes = by_id(svg)
    assert "tokenism" in classes["touchpoint-workshop"] and "tokenism" not in classes["touchpoint-trial"]
    shown = " ".join(texts(svg).split())
    assert shown.count("TOKENISM") == 3 and "co-production claimed, no citizen's asset used" in shown


def test_a_staff_contribution_is_a_muted_card_apart_from_citizens_own() -> None:
    from test_flow import staff_and_citizen

    theme = THEMES["default"]
    svg = ET.fromstring(render(staff_and_citizen(), view="canvas", format="svg"))
    classes = by_id(svg)
    enabling = next(i for i in classes if i.startswith("contribution-kw_network"))
    own = next(i for i in classes if i.startswith("contribution-ann_time"))
    assert "enabling" in classes[enabling] and "enabling" not in classes[own]
    strokes = {e.get("id"): {s.get("stroke", "").upper() for s in e.iter() if s.tag in (f"{SVG}path", f"{SVG}polygon")}
               for e in svg.iter() if e.get("id") in (enabling, own)}
    assert theme.enabling.color.upper() in strokes[enabling] and theme.actual.color.upper() not in strokes[enabling]
    assert theme.actual.color.upper() in strokes[own]
    shown = " ".join(texts(svg).split())
    assert "staff contribution enabling citizens" in shown


# -- staff assets: what professionals could enable, quieter than citizens' own --------------------------------


def with_staff(journey: Journey) -> Journey:
    """The sight-loss map with staff assets: the rehab officer's network could also help at the liaison chat, the
    liaison officer's knowledge only could (at the registration), and the GP's has no use identified at all."""
    return attrs.evolve(
        journey,
        assets=[*journey.assets,
                Asset(id="eclo_benefits", holder="eclo", kind="knowledge", name="Knows the benefits and concessions"),
                Asset(id="gp_register", holder="gp", kind="knowledge", name="Knows which patients live alone")],
        contributions=[*journey.contributions,
                       Contribution(asset="rehab_network", touchpoint="eclo_chat", phase="co_delivery",
                                    status="potential", note="Could say which groups meet near Margaret"),
                       Contribution(asset="eclo_benefits", touchpoint="registration", phase="co_delivery",
                                    status="potential", note="Could help fill in the forms")])


@pytest.fixture(scope="module")
def staffed(sight_loss: Journey) -> Journey:
    return with_staff(sight_loss)


def _staff_ids(journey: Journey) -> dict[str, str]:
    """The SVG ids of the staff cards of ``with_staff``'s map, by what each shows."""
    index = {(c.asset, c.touchpoint): i for i, c in enumerate(journey.contributions)}
    return {"used elsewhere": f"contribution-rehab_network-eclo_chat-{index['rehab_network', 'eclo_chat']}",
            "only potential": f"contribution-eclo_benefits-registration-{index['eclo_benefits', 'registration']}",
            "no use": "asset-gp_register"}


def test_staff_assets_potential_or_not_used_get_a_quiet_lane_below_citizens_unused_assets(staffed: Journey) -> None:
    ids = _staff_ids(staffed)
    placed = nodes(source(staffed, "canvas"))
    potential = placed[ids["used elsewhere"]], placed[ids["only potential"]]
    assert potential[0].x == placed["touchpoint-eclo_chat"].x and potential[1].x == placed["touchpoint-registration"].x
    here, nowhere, unused = placed["@header-staff-here"], placed["@header-staff-elsewhere"], placed["@band-unused"]
    assert here.top <= unused.bottom + EPSILON and nowhere.top <= here.bottom + EPSILON
    for card, row in [*((p, here) for p in potential), (placed[ids["no use"]], nowhere)]:
        assert row.bottom <= card.bottom + EPSILON and card.top <= row.top + EPSILON
    # The rehab officer's actual contribution stays in the co-production lane, where it was.
    actual = next(n for name, n in placed.items() if name.startswith("contribution-rehab_network-home_visit"))
    assert actual.y > placed["@band-unused"].top


def test_staff_cards_are_classed_apart_and_never_among_the_unused_assets(staffed: Journey, sight_loss: Journey) -> None:
    ids = _staff_ids(staffed)
    svg = canvas_svg(staffed)
    classes = by_id(svg)
    assert classes[ids["used elsewhere"]] == {"node", "asset", "staff", "enabling", "potential"}
    assert classes[ids["only potential"]] == {"node", "asset", "staff", "enabling", "potential", "not-used"}
    assert classes[ids["no use"]] == {"node", "asset", "staff", "enabling", "not-used"}
    assert not any("staff" in c and c & {"unused", "untapped", "opportunity"} for c in classes.values())
    # Citizens' unused assets are counted as before: the staff ones are not among them.
    assert "5 assets people could bring" in " ".join(texts(svg).split())
    assert "5 assets people could bring" in " ".join(texts(canvas_svg(sight_loss)).split())
    shown = {i: " ".join(texts(next(e for e in svg.iter() if e.get("id") == i)).split()) for i in ids.values()}
    assert shown[ids["used elsewhere"]].startswith("staff · co-delivery Knows the local groups")
    assert "not used yet" not in shown[ids["used elsewhere"]] and "UNUSED" not in " ".join(shown.values())
    assert shown[ids["only potential"]].endswith("→ Could help fill in the forms not used yet")
    assert shown[ids["no use"]] == "staff · not used yet Knows which patients live alone GP · knowledge"


def test_staff_cards_carry_the_card_facts_as_tooltips_and_the_legend_their_key(staffed: Journey) -> None:
    ids = _staff_ids(staffed)
    svg = canvas_svg(staffed)
    tooltips = {g.get("id"): a.get(XLINK_TITLE, "") for g in svg.iter(f"{SVG}g") for a in g.findall(f"{SVG}a")}
    staff = "Staff asset: it enables citizens, counted apart from their own"
    assert tooltips[f"a_{ids['no use']}"] == f"Knows which patients live alone\nknowledge, held by GP\n{staff}\nNot used yet"
    only = tooltips[f"a_{ids['only potential']}"]
    assert staff in only and "Not used yet" in only
    assert "Knows the benefits and concessions → Certificate of sight impairment\nco-delivery, potential" in only
    assert "Could help fill in the forms" in only
    assert "Not used yet" not in tooltips[f"a_{ids['used elsewhere']}"]
    assert "staff asset" in texts(svg).split("\n")


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_staff_cards_are_thin_and_grey_dashed_where_only_potential_in_every_theme(staffed: Journey, theme: str) -> None:
    look = THEMES[theme]
    ids = _staff_ids(staffed)
    svg = canvas_svg(staffed, theme)
    # Never the colours of citizens' loud unused assets, their potential or actual contributions; as thin as it gets.
    loud = {look.unused_willing.border.color, look.unused.border.color, look.potential.color, look.actual.color}
    for name, element_id in ids.items():
        (shape,) = _outlines(svg, element_id)
        assert shape.get("stroke", "").upper() == look.staff_asset.border.color.upper(), name
        assert shape.get("stroke", "").upper() not in {c.upper() for c in loud}
        assert float(shape.get("stroke-width", "1")) < look.unused_unwilling.border.width
        assert ("stroke-dasharray" in shape.attrib) == (name != "no use"), name


def _outlines(svg: ET.Element, element_id: str) -> list[ET.Element]:
    group = next(e for e in svg.iter() if e.get("id") == element_id)
    return [e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon") and e.get("stroke") not in (None, "none",
                                                                                                          "transparent")]


def test_a_map_without_staff_potential_or_unused_staff_assets_has_no_staff_lane(sight_loss: Journey) -> None:
    assert analyse(sight_loss).enabling and not analyse(sight_loss).unused_staff_assets
    assert "staff-here" not in source(sight_loss, "canvas") and "band-staff" not in source(sight_loss, "canvas")


def test_stage_rules_go_on_below_a_row_of_cards_tied_to_no_column(staffed: Journey) -> None:
    # Jenny's cooking has no place: its row, tied to no column, sits between the unused and the staff lanes.
    journey = attrs.evolve(staffed, assets=[*staffed.assets, Asset(id="cooking", holder="jenny", kind="skills",
                                                                     name="Cooks for the freezer")])
    dot_source = source(journey, "canvas")
    placed = nodes(dot_source)
    loose, here = placed["@header-unused-elsewhere"], placed["@header-staff-here"]
    rules = [(placed[f"@{a['id']}-start"].y, placed[f"@{a['id']}-end"].y)
             for _, _, a in edges(dot_source) if a["id"].startswith("rule-stage-1")]
    assert len(rules) == 2  # the first stage rule, in two parts: above the loose row, and through the staff lane
    for top, bottom in rules:
        assert bottom >= loose.top - EPSILON or top <= loose.bottom + EPSILON  # never across the loose row
    assert any(top >= here.top - EPSILON and bottom <= here.bottom + EPSILON for top, bottom in rules)
    assert not any(n.classes & {"staff"} and "unused" in n.classes for n in placed.values())


def test_staff_cards_draw_nothing_overlapping_and_unique_ids(staffed: Journey) -> None:
    placed = nodes(source(staffed, "canvas"))
    drawn = [n for n in placed.values() if n.classes & {"touchpoint", "contribution", "asset", "stage", "lane-header"}]
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            assert (a.right <= b.left + EPSILON or b.right <= a.left + EPSILON
                    or a.top <= b.bottom + EPSILON or b.top <= a.bottom + EPSILON), (a.name, b.name)
    svg = render(staffed, view="canvas", format="svg").decode("utf-8")
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))


def test_a_folded_canvas_puts_each_staff_card_once_in_the_row_of_its_stage(staffed: Journey) -> None:
    graph = build(staffed, analyse(staffed), THEMES["default"], row_width=1000)
    placed = nodes(graph.source)
    rows = bands(placed)
    assert len(rows) > 1
    ids = _staff_ids(staffed)
    for touchpoint, element_id in (("eclo_chat", ids["used elsewhere"]), ("registration", ids["only potential"])):
        assert band_of(rows, placed[element_id]) == band_of(rows, placed[f"touchpoint-{touchpoint}"])
    assert band_of(rows, placed[ids["no use"]]) == 0  # tied to no column: on the first row, once
    assert "@row2-header-staff-elsewhere" not in placed
    for band in rows:
        assert band.holds(placed[f"@{band.prefix}header-staff-here"])
    output = engine.run(graph.source, "svg", layout="fixed")
    assert not output.warnings
    classes = by_id(ET.fromstring(output.data))
    assert {"asset", "staff", "not-used"} <= classes[ids["no use"]]



# -- outcomes: what matters to the person ---------------------------------------------------------------


def test_the_outcomes_lane_comes_after_co_production_today_and_before_the_unused_assets(sight_loss: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    tops = [placed[f"@header-{row}"].top for row in ("co-production-co_delivery", "outcomes-here", "unused-here")]
    assert tops == sorted(tops, reverse=True)
    lane = placed["@header-outcomes-here"]
    for outcome in sight_loss.outcomes:
        card = placed[f"outcome-{outcome.id}"]
        assert lane.bottom - EPSILON <= card.bottom and card.top <= lane.top + EPSILON


def test_an_outcome_card_stands_under_the_first_touchpoint_that_serves_it(sight_loss: Journey) -> None:
    placed = nodes(source(sight_loss, "canvas"))
    # friends: the support group serves it (a staff contribution at the home visit names it too: not first);
    # own_home: the home visit, then the equipment; know_support: the liaison chat, then the letter.
    for outcome, touchpoint in [("friends", "group"), ("own_home", "home_visit"), ("know_support", "eclo_chat")]:
        card, column = placed[f"outcome-{outcome}"], placed[f"touchpoint-{touchpoint}"]
        assert abs(card.left - column.left) <= EPSILON and abs(card.right - column.right) <= EPSILON, outcome


def test_an_unserved_outcome_stands_in_a_row_of_its_own_saying_so(stroke: Journey) -> None:
    placed = nodes(source(stroke, "canvas"))
    row = placed["@header-outcomes-unserved"]
    served = placed["@header-outcomes-here"]
    assert row.top <= served.bottom + EPSILON
    for outcome in ("drive_again", "time_off"):
        card = placed[f"outcome-{outcome}"]
        assert row.bottom - EPSILON <= card.bottom and card.top <= row.top + EPSILON
    words = " ".join(texts(canvas_svg(stroke)).split())
    assert "No touchpoint serves it yet" in words and "2 outcomes nothing in the journey serves" in words


def test_outcome_cards_carry_their_id_state_class_words_and_facts(sight_loss_svg: ET.Element, stroke: Journey) -> None:
    classes = by_id(sight_loss_svg)
    assert {"outcome", "co-produced"} <= classes["outcome-friends"]
    assert {"outcome", "co-produced"} <= classes["outcome-own_home"]
    assert {"outcome", "service-only"} <= classes["outcome-know_support"]
    assert {"touchpoint", "serves-outcome"} <= classes["touchpoint-group"]
    assert "serves-outcome" not in classes["touchpoint-gp_visit"]
    words = " ".join(texts(sight_loss_svg).split())
    assert "OUTCOMES" in words and "What matters to Margaret, 78" in words
    assert "◎ 1 · CO-PRODUCED" in words and "◎ 3 · SERVICE ONLY" in words
    assert "+ Jenny (daughter): Time" in words  # what citizens bring to a co-produced outcome, named
    assert "also served at: Equipment delivered" in words
    tooltips = [a.get(XLINK_TITLE, "") for a in sight_loss_svg.iter(f"{SVG}a")]
    assert any(t.startswith("Know what support there is and how to get it\nFor: Margaret, 78\nState: service only")
               for t in tooltips)
    assert any(t.startswith("First support-group meeting\n") and
               "Serves: Get to know people and make friends (co-produced)" in t for t in tooltips)
    stroke_svg = canvas_svg(stroke)
    assert {"outcome", "unserved"} <= by_id(stroke_svg)["outcome-drive_again"]
    words = " ".join(texts(stroke_svg).split())
    assert "◎ 3 · NOT SERVED YET" in words and "for Ray, 67" in words and "for Pat (wife)" in words
    assert "What matters to Ray, 67 and Pat" in words


def _outline(svg: ET.Element, element_id: str) -> ET.Element:
    group = next(e for e in svg.iter() if e.get("id") == element_id)
    return next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_the_three_outcome_states_differ_by_stroke_not_colour_alone(stroke: Journey, sight_loss: Journey,
                                                                     theme: str) -> None:
    served, unserved = canvas_svg(sight_loss, theme), canvas_svg(stroke, theme)
    co_produced, service_only = _outline(served, "outcome-friends"), _outline(served, "outcome-know_support")
    nothing = _outline(unserved, "outcome-drive_again")
    assert "stroke-dasharray" in nothing.attrib
    assert "stroke-dasharray" not in co_produced.attrib and "stroke-dasharray" not in service_only.attrib
    assert float(co_produced.get("stroke-width", "1")) > float(service_only.get("stroke-width", "1"))
    assert co_produced.get("fill") != service_only.get("fill")  # a tint, in greyscale too
    legend_words = texts(served)
    assert "outcome co-produced: citizens' own contributions serve it" in legend_words
    assert "outcome served by the service only: not co-produced" in legend_words
    assert "outcome nothing in the journey serves yet" in texts(unserved)


def test_a_map_without_outcomes_draws_no_outcomes_lane(design: Journey) -> None:
    assert not design.outcomes
    text = source(design, "canvas")
    assert "outcomes" not in text.lower()


def _with_outcomes(journey: Journey) -> Journey:
    """``journey`` with an outcome served at every seventh touchpoint, and one nothing serves."""
    from journeymap.model import Outcome

    stages = [stage.replace(touchpoints=[t.replace(serves=["o1"] if n % 7 == 0 else [])
                                         for n, t in enumerate(stage.touchpoints, start=int(stage.id[1:]) * 10)])
              for stage in journey.stages]
    return journey.replace(stages=stages, outcomes=[Outcome(id="o1", name="Feel at home"),
                                                    Outcome(id="o2", name="Nothing serves this")])


def test_a_folded_canvas_keeps_each_outcome_in_the_row_of_its_touchpoint() -> None:
    journey = _with_outcomes(large_journey([10] * 30))
    text = source(journey, "canvas")
    placed = nodes(text)
    rows = bands(placed)
    assert len(rows) > 1
    assert band_of(rows, placed["outcome-o1"]) == band_of(rows, placed["touchpoint-t0"])
    assert band_of(rows, placed["outcome-o2"]) == 0  # the unserved stand in the first row, with the placeless
    assert "@row2-header-outcomes-here" in placed and "@row2-header-outcomes-unserved" not in placed
    drawn = sorted((n for n in placed.values() if n.classes & {"touchpoint", "outcome", "asset", "contribution",
                                                                "lane-header"}), key=lambda n: n.bottom)
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            if b.bottom >= a.top - EPSILON:
                break
            assert a.right <= b.left + EPSILON or b.right <= a.left + EPSILON, (a.name, b.name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        assert render(journey, view="canvas", format="svg").startswith(b"<?xml")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(plans=True))
def test_every_journey_with_outcomes_draws_each_once_in_its_state_without_warnings(journey: Journey) -> None:
    classes = by_id(canvas_svg(journey))  # Graphviz warns when a label is larger than its fixed-size box
    for finding in analyse(journey).outcomes:
        assert {"outcome", finding.state.value.replace("_", "-")} <= classes[f"outcome-{finding.outcome.id}"]
    assert sum(1 for ident in classes if ident.startswith("outcome-")) == len(journey.outcomes)


# -- numbers from records: cases on the touchpoint cards, the wait on entering each stage in its header ----------

RECORDS = ROOT / "tests" / "data" / "records" / "community_care.yaml"


@pytest.fixture(scope="module")
def records() -> Journey:
    return load(RECORDS)


@pytest.fixture(scope="module")
def records_svg(records: Journey) -> ET.Element:
    return canvas_svg(records)


def _group(svg: ET.Element, ident: str) -> ET.Element:
    (found,) = [g for g in svg.iter(f"{SVG}g") if g.get("id") == ident]
    return found


def _tooltip(group: ET.Element) -> str:
    return "\n".join(a.get(XLINK_TITLE, "") for a in group.iter(f"{SVG}a"))


def test_a_touchpoint_card_shows_its_cases_and_where_cases_start_and_end(records_svg: ET.Element) -> None:
    referral = _group(records_svg, "touchpoint-referral_received")
    assert {"touchpoint", "cases", "start"} <= set(referral.get("class", "").split())
    assert {"900 cases", "▶ 884 start here"} <= set(texts(referral).splitlines())
    assert "Events: 912" in _tooltip(referral) and "Start here: 884 cases" in _tooltip(referral)
    closed = _group(records_svg, "touchpoint-closed")
    assert {"cases", "end"} <= set(closed.get("class", "").split())
    assert {"622 cases", "598 end here ■"} <= set(texts(closed).splitlines())
    assert "start" not in _group(records_svg, "touchpoint-home_care").get("class", "").split()


def test_each_stage_header_shows_its_cases_and_the_wait_on_entering_it(records_svg: ET.Element) -> None:
    review = _group(records_svg, "stage-review")
    assert {"stage", "cases", "wait"} <= set(review.get("class", "").split())
    assert texts(review).splitlines()[1:] == ["655 cases", "wait on entry 5.4 weeks", "(90% within 8.9 weeks)"]
    assert "Wait on entry: 5.4 weeks (90% within 8.9 weeks)" in _tooltip(review)
    assert texts(_group(records_svg, "stage-moving_on")).splitlines()[2] == "wait on entry 45 min"
    first = _group(records_svg, "stage-referral")  # nobody waits to enter the journey's first stage
    assert texts(first).splitlines()[1:] == ["900 cases"] and "wait" not in first.get("class", "").split()


def test_the_first_stage_s_header_says_its_wait_is_of_cases_entering_from_a_later_stage(records: Journey) -> None:
    first = records.stages[0].replace(median_hours=912.0)
    svg = canvas_svg(records.replace(stages=(first, *records.stages[1:])))
    header = _group(svg, "stage-referral")
    assert " ".join(texts(header).split()).endswith("900 cases wait on entry from a later stage 5.4 weeks")
    assert "Wait on entry from a later stage: 5.4 weeks" in _tooltip(header)
    assert texts(_group(svg, "stage-review")).splitlines()[2] == "wait on entry 5.4 weeks"


def test_the_stages_of_a_row_are_as_tall_as_its_tallest_their_names_level(records: Journey,
                                                                           records_svg: ET.Element) -> None:
    stages = {name: n for name, n in nodes(source(records, "canvas")).items() if "stage" in n.classes}
    rows: dict[float, list[str]] = {}
    for name, stage in stages.items():  # the first stage has no wait line: alone, it would be shorter
        rows.setdefault(round(stage.top), []).append(name)
    assert len(stages) == len(records.stages) and len(rows) == 2
    for names in rows.values():
        assert max(stages[n].bottom for n in names) - min(stages[n].bottom for n in names) < EPSILON
        levels = [float(next(_group(records_svg, n).iter(f"{SVG}text")).get("y", "")) for n in names]
        assert max(levels) - min(levels) <= 1.5, names  # a point's rounding at most


def test_a_discovered_canvas_keeps_its_cards_apart_and_its_unused_asset_loud(records: Journey) -> None:
    placed = nodes(source(records, "canvas"))
    drawn = [n for n in placed.values() if n.classes & {"touchpoint", "contribution", "asset", "stage", "lane-header"}]
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            assert (a.right <= b.left + EPSILON or b.right <= a.left + EPSILON
                    or a.top <= b.bottom + EPSILON or b.top <= a.bottom + EPSILON), (a.name, b.name)
    assert {"asset", "unused", "willing"} <= placed["asset-people_experience"].classes


def test_an_unused_lane_with_nothing_to_show_only_says_so(records: Journey) -> None:
    # Every asset used and no use to suggest, as often on a discovered map: no "Could help here" row to leave empty.
    busy = load(ROOT / "examples" / "records" / "community_care_map.yaml")
    assert not analyse(busy).unused_assets and analyse(records).unused_assets
    empty, loud = nodes(source(busy, "canvas")), nodes(source(records, "canvas"))
    assert empty["@header-unused-here"].height < loud["@header-unused-here"].height
    busy_words, loud_words = (" ".join(texts(canvas_svg(journey)).split()) for journey in (busy, records))
    assert "none that records can show" in busy_words and "Could help here" not in busy_words
    assert "Could help here" in loud_words


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_a_discovered_canvas_draws_in_every_format_and_theme(records: Journey, theme: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        drawings = {format: render(records, view="canvas", format=format, theme=theme)
                    for format in ("svg", "png", "pdf", "dot")}
    assert drawings["png"][:8] == b"\x89PNG\r\n\x1a\n" and drawings["pdf"].startswith(b"%PDF")
    for format in ("svg", "dot"):
        assert "wait on entry 8.9 days" in drawings[format].decode("utf-8")
        assert drawings[format] == render(records, view="canvas", format=format, theme=theme)


def test_a_canvas_without_numbers_has_no_cases_lines_or_classes(records: Journey) -> None:
    bare = without_records(records)
    text = source(bare, "canvas")
    assert " cases" not in text and "wait on entry" not in text and "start here" not in text
    assert not any(n.classes & {"cases", "wait", "start", "end"} for n in nodes(text).values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(records=True))
def test_every_discovered_journey_draws_its_numbers_without_warnings(journey: Journey) -> None:
    from journeymap.rendering.records import stage_lines, touchpoint_lines

    svg = canvas_svg(journey)
    classes = by_id(svg)
    words = " ".join(texts(svg).split())  # a narrow card wraps a line
    for touchpoint in journey.touchpoints:
        assert ("cases" in classes[f"touchpoint-{touchpoint.id}"]) == (touchpoint.cases is not None)
        for line in touchpoint_lines(touchpoint):
            assert line in words
    for stage in journey.stages:
        for line in stage_lines(stage, first=stage.id == journey.stages[0].id):
            assert line in words


def test_a_map_with_no_assets_says_there_is_nothing_to_judge_as_analyse_does() -> None:
    ann, gp = Actor(id="ann", name="Ann", role="service_user"), Actor(id="gp", name="GP", role="professional")
    visit = Touchpoint(id="visit", name="First visit", actors=[ann, gp])
    journey = Journey(title="No assets yet", actors=[ann, gp], stages=[Stage(name="Start", touchpoints=[visit])])
    words = " ".join(texts(canvas_svg(journey)).split())
    assert "nothing to judge: the map records no assets (what people bring) yet" in words
    assert "every asset is in use" not in words


def test_a_folded_canvas_with_every_asset_in_use_says_so_on_every_row() -> None:
    discovered = load(ROOT / "examples" / "records" / "community_care_map.yaml")  # every group's time is used
    assert analyse(discovered).unused_assets == ()
    dot_source = source(discovered, view="canvas")
    # one header a row: the canvas folds into two rows or more, and none says "none of the 0"
    assert dot_source.count("none that records") >= 2 and "of the 0" not in dot_source


@pytest.mark.parametrize("view", ["canvas", "flow"])
def test_a_channel_of_no_words_draws_as_no_channel(view: str) -> None:
    # "_" reads as a space: its line would be an empty font tag, which Graphviz refuses (found by hypothesis).
    journey = Journey(title="T", stages=[Stage(name="S", touchpoints=[Touchpoint(name="Call", channel="_")])])
    assert re.search(r"<FONT[^>]*>\s*</FONT>", source(journey, view)) is None
    assert render(journey, view=view, format="svg").startswith(b"<?xml")


@pytest.mark.parametrize("theme", THEMES)
def test_a_map_with_nothing_unused_draws_its_unused_lane_grey_not_loud(theme: str) -> None:
    # Records hold only the assets people used: an empty lane says so in grey; a hand-made map's with assets unused
    # stays loud, and one with every asset used is grey too.
    style = THEMES[theme]
    discovered = source(load(ROOT / "examples" / "records" / "community_care_map.yaml"), "canvas", theme=theme)
    header = re.search(r'id="lane-unused-here"[^\]]*', discovered)
    assert header is not None and f'fillcolor="{style.passive_badge.fill}"' in header[0]
    assert f'fillcolor="{style.unused_badge.fill}"' not in header[0]
    assert "none that records can" in discovered
    drawn = source(load(ROOT / "examples" / "sight_loss.yaml"), "canvas", theme=theme)
    hand_made = re.search(r'id="lane-unused-here"[^\]]*', drawn)
    assert hand_made is not None and f'fillcolor="{style.unused_badge.fill}"' in hand_made[0]
    ann = Actor(id="ann", name="Ann", role="service_user")
    all_used = Journey(title="All used", persona="ann", actors=[ann], assets=[Asset(id="t", holder="ann", kind="time")],
                       stages=[Stage(name="S", touchpoints=[Touchpoint(id="v", name="Visit", actors=["ann"])])],
                       contributions=[Contribution(asset="t", touchpoint="v", phase="co_delivery")])
    quiet = re.search(r'id="lane-unused-here"[^\]]*', source(all_used, "canvas", theme=theme))
    assert quiet is not None and f'fillcolor="{style.passive_badge.fill}"' in quiet[0]  # none found: no alarm


def test_a_map_from_records_that_name_no_role_says_co_production_is_not_known_not_none() -> None:
    from journeymap.model_records import LogEvidence

    person = Actor(id="people", name="People using the service", role="service_user")
    visit, review = (Touchpoint(id=i, name=i.title(), actors=["people"], cases=12, events=12) for i in ("visit", "review"))
    evidence = LogEvidence(log="log.csv", cases=12, events=24, first="2024-01-01T00:00:00+00:00",
                           last="2024-01-05T00:00:00+00:00", co_production_unknown=["visit", "review"])
    journey = Journey(title="From records", persona="people", actors=[person], evidence=evidence,
                      stages=[Stage(name="Care", touchpoints=[visit, review])])
    words = " ".join(texts(canvas_svg(journey)).split())
    assert "Co-production today not known: the records do not say who took part" in words
    assert "none that records can show: ask people what they would bring" in words
    assert "nothing to judge" not in words and "none recorded" not in words
    known = attrs.evolve(journey, evidence=attrs.evolve(evidence, co_production_unknown=["visit"]))
    assert "Co-production today none that the records show" in " ".join(texts(canvas_svg(known)).split())


def test_a_cell_of_many_cards_sets_them_side_by_side_in_reading_order_without_overlap() -> None:
    rose = Actor(id="rose", name="Rose", role="service_user", willingness="weekly")
    assets = [Asset(id=f"a{n}", holder="rose", kind="skills", name=f"Skill number {n}") for n in range(12)]
    journey = Journey(title="Many", persona="rose", actors=[rose], assets=assets,
                      stages=[Stage(name="S", touchpoints=[Touchpoint(id="t", name="Assessment", actors=["rose"])])],
                      contributions=[Contribution(asset=a.id, touchpoint="t", phase="co_design", status="potential")
                                     for a in assets])
    placed = nodes(source(journey, "canvas"))
    cards = [placed[name] for name in placed if name.startswith("asset-a")]
    assert len(cards) == 12 and len({round(c.x) for c in cards}) == 3  # four lines of three, not a tower of twelve
    by_line = sorted(cards, key=lambda c: (-round(c.y), c.x))
    assert [c.name for c in by_line] == [f"asset-a{n}" for n in range(12)]  # the order kept, line by line
    for i, card in enumerate(cards):
        for other in cards[i + 1:]:
            assert card.right <= other.left or other.right <= card.left or card.bottom >= other.top \
                or other.bottom >= card.top  # y grows upwards: apart on one axis at least
