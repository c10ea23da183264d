"""Tests of the flow view's layout: placed in Python, drawn by neato -n2, at any size.

The examples are checked byte for byte against golden DOT in test_render.py; these tests hold maps small
and large to the SVG contract, and check what the placing promises: touchpoints in flow order, every edge
reaching its nodes, loops as separate curves, steps kept clear of the holders, nothing drawn over anything
else, the same map giving the same bytes.
"""

from __future__ import annotations

import io
import math
import random
import re
import struct
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analysis import analyse
from journeymap.io import loads
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.rendering import GraphvizWarning, render, source
from journeymap.rendering.flow import ranks
from journeymap.rendering.flow_route import Free, at, polyline, share_lanes, trace
from strategies import journeys, without_records
from test_render import ROOT, SVG, _load
from journeymap.wording import outcome_places

_NODE = re.compile(r'^\t+"(?P<name>[^"]+)" \[(?P<attributes>.*)\]$', re.MULTILINE)
_EDGE = re.compile(r'^\t+"(?P<tail>[^"]+)" -> "(?P<head>[^"]+)" \[(?P<attributes>.*)\]$', re.MULTILINE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
A0_PIXELS = (46.8 * 150, 33.1 * 150)  # the poster a large map is scaled to fit, at the default theme's dpi
TOUCHING = 0.5  # points: shapes this close are touching, not overlapping


def generated(size: int, seed: int = 3) -> Journey:
    """A map of ``size`` touchpoints in stages of ten, no flow written, contributions at random."""
    rng = random.Random(seed)
    people = [Actor(id=f"c{i}", name=f"Citizen {i}", role=rng.choice(["service_user", "carer", "neighbour"]),
                    willingness=rng.choice(["weekly", "none", None])) for i in range(max(2, size // 5))]
    staff = Actor(id="staff", name="Key worker", role="professional")
    assets = [Asset(id=f"a{i}", holder=rng.choice(people).id, kind=rng.choice(["time", "skills", "networks"]),
                    name=f"Asset number {i}", hours_per_month=rng.choice([None, 4]))
              for i in range(max(2, size // 4))]
    stages = [Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=[
        Touchpoint(id=f"t{t}", name=f"Touchpoint number {t}", actors=[rng.choice(people).id, "staff"],
                   emotion=rng.randint(-2, 2), pain_points=["Waited too long"] if rng.random() < 0.2 else [])
        for t in range(s * 10, min(size, s * 10 + 10))]) for s in range((size + 9) // 10)]
    contributions = [Contribution(asset=rng.choice(assets).id, touchpoint=f"t{rng.randrange(size)}",
                                  phase=rng.choice(["co_design", "co_delivery"]),
                                  status=rng.choice(["actual", "potential"])) for _ in range(size // 2)]
    return Journey(title=f"Generated journey of {size} touchpoints", persona="c0", actors=[*people, staff],
                   assets=assets, stages=stages, contributions=contributions)


LOOP = "try again"


def branching(size: int) -> Journey:
    """A map of ``size`` touchpoints in stages of eight whose flow branches, merges, skips ahead and loops back."""
    people = [Actor(id=f"p{i}", name=f"Person {i}", role="carer" if i % 2 else "service_user",
                    willingness=["weekly", "none", None][i % 3]) for i in range(max(2, size // 6))]
    staff = Actor(id="staff", name="Key worker", role="professional")
    assets = [Asset(id=f"a{i}", holder=people[i % len(people)].id, kind="time", name=f"Asset {i}")
              for i in range(max(2, size // 4))]
    ids = [f"t{i}" for i in range(size)]
    stages = [Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=[
        Touchpoint(id=ids[i], name=f"Step {i}", actors=[people[i % len(people)].id, "staff"])
        for i in range(s * 8, min(size, s * 8 + 8))]) for s in range((size + 7) // 8)]
    flow = []
    for i in range(0, size - 3, 4):  # each four: one step, two ways on, and back together
        flow += [FlowEdge(source=ids[i], target=ids[i + 1]), FlowEdge(source=ids[i], target=ids[i + 2], label="or"),
                 FlowEdge(source=ids[i + 1], target=ids[i + 3]), FlowEdge(source=ids[i + 2], target=ids[i + 3])]
        if i + 4 < size:
            flow.append(FlowEdge(source=ids[i + 3], target=ids[i + 4]))
        if i % 12 == 8:
            flow.append(FlowEdge(source=ids[i + 3], target=ids[i], label=LOOP))
        if i % 20 == 4 and i + 8 < size:
            flow.append(FlowEdge(source=ids[i], target=ids[i + 8], label="fast track"))
    flow.append(FlowEdge(source=ids[size // 2], target=ids[size // 2], label=LOOP))
    contributions = [Contribution(asset=assets[i % len(assets)].id, touchpoint=ids[i * 7 % size], phase="co_delivery",
                                  status="actual" if i % 3 else "potential") for i in range(size // 2)]
    return Journey(title=f"Branching journey of {size} touchpoints", persona="p0", actors=[*people, staff],
                   assets=assets, stages=stages, flow=flow, contributions=contributions)


def crisscross(size: int, seed: int = 5) -> Journey:
    """``generated`` with a flow from records: each touchpoint on to the next, and ``size`` more steps at random,
    on or back across rows, their lines as wide as their cases make them."""
    rng = random.Random(seed)
    journey = generated(size, seed)
    ids = [t.id for t in journey.touchpoints]
    pairs = {*zip(ids, ids[1:]), *((rng.choice(ids), rng.choice(ids)) for _ in range(size))}
    return journey.replace(flow=[FlowEdge(source=a, target=b, cases=rng.randint(5, 5000), median_hours=2.0)
                                 for a, b in sorted(pairs) if a != b])


def one_long_stage(size: int) -> Journey:
    """A map whose touchpoints are all in one stage, far wider than a row, and a stage with none yet."""
    journey = generated(size)
    return journey.replace(stages=[Stage(id="all", name="Everything at once, in one long stage",
                                         touchpoints=journey.touchpoints), Stage(id="later", name="Later")])


# -- reading the DOT and the SVG ----------------------------------------------------------------------------


@attrs.frozen
class Box:
    """A rectangle: left, top, right, bottom (y growing downwards in SVG, upwards in DOT: only order matters)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right - TOUCHING and other.left < self.right - TOUCHING
                and self.top < other.bottom - TOUCHING and other.top < self.bottom - TOUCHING)

    def holds(self, other: Box) -> bool:
        return (self.left <= other.left + TOUCHING and other.right <= self.right + TOUCHING
                and self.top <= other.top + TOUCHING and other.bottom <= self.bottom + TOUCHING)

    def on_edge(self, x: float, y: float) -> bool:
        """Whether (x, y) lies on this box's outline."""
        near = 0.2
        inside_x, inside_y = self.left - near <= x <= self.right + near, self.top - near <= y <= self.bottom + near
        return (inside_y and (abs(x - self.left) <= near or abs(x - self.right) <= near)) or \
            (inside_x and (abs(y - self.top) <= near or abs(y - self.bottom) <= near))


def _attribute(attributes: str, name: str) -> str:
    found = re.search(rf'(?:^| ){name}="([^"]*)"', attributes)
    assert found, f"no {name} in {attributes[:80]}..."
    return found.group(1)


def placed(dot: str) -> dict[str, Box]:
    """Every node of a placed graph's DOT, as the box it is drawn in (points, y upwards)."""
    boxes = {}
    for match in _NODE.finditer(dot):
        attributes = match.group("attributes")
        x, y = (float(v) for v in _attribute(attributes, "pos").rstrip("!").split(","))
        width, height = (72 * float(_attribute(attributes, key)) for key in ("width", "height"))
        boxes[match.group("name")] = Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)
    return boxes


def cluster_boxes(dot: str, kind: str) -> list[Box]:
    """The box of each cluster of ``kind`` (stage or actor) in a placed graph's DOT (points, y upwards)."""
    return [Box(*(float(v) for v in box.split(","))) for box in
            re.findall(rf'subgraph cluster_{kind}_\w+ \{{\n\t\t.*?bb="([\d.,]+)"', dot)]


def centre(box: Box) -> tuple[float, float]:
    return (box.left + box.right) / 2, (box.top + box.bottom) / 2


def edges(dot: str) -> Iterator[tuple[str, str, str]]:
    """Each edge of a DOT source: tail, head and attributes."""
    for match in _EDGE.finditer(dot):
        yield match.group("tail"), match.group("head"), match.group("attributes")


def drawn(group: ET.Element) -> Box:
    """The box round the first shape drawn in an SVG group (a node's or a cluster's outline)."""
    shape = next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
    numbers = [float(n) for n in _NUMBER.findall(shape.get("points") or shape.get("d") or "")]
    xs, ys = numbers[::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def groups(svg: ET.Element, kind: str) -> dict[str, ET.Element]:
    """The SVG groups with the class ``kind``, by id."""
    return {g.get("id", ""): g for g in svg.iter(f"{SVG}g") if kind in g.get("class", "").split()}


def quietly(journey: Journey, format: str) -> bytes:
    """The flow view drawn, failing on any Graphviz warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return render(journey, "flow", format)


@pytest.fixture(scope="module")
def large() -> Journey:
    return generated(200)


@pytest.fixture(scope="module")
def large_dot(large: Journey) -> str:
    return source(large, "flow")


@pytest.fixture(scope="module")
def large_svg(large: Journey) -> ET.Element:
    return ET.fromstring(quietly(large, "svg"))


@pytest.fixture(scope="module")
def branches() -> Journey:
    return branching(120)


# -- which maps are placed ------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_every_map_comes_placed_and_about_as_wide_as_a_slide(example: object) -> None:
    dot = source(_load(example), "flow")  # type: ignore[arg-type]
    assert "layout=nop2" in dot.splitlines()[1] and "rankdir" not in dot
    boxes = placed(dot).values()
    width = max(b.right for b in boxes) - min(b.left for b in boxes)
    height = max(b.bottom for b in boxes) - min(b.top for b in boxes)
    assert 1.2 < width / height < 4  # dot drew the sight-loss map at 2:1 with the journey a thin band in it


def _control_points(attributes: str) -> list[tuple[float, float]]:
    """An edge's spline as written in its pos (cubic Bézier pieces end to end; every third point a piece's end)."""
    return [(float(x), float(y)) for x, y in (p.split(",") for p in _attribute(attributes, "pos").split()[1:])]


def _route(attributes: str) -> list[tuple[float, float]]:
    """Points along an edge's spline (cubic Bézier pieces end to end), twenty a piece."""
    points = _control_points(attributes)
    along = []
    for start in range(0, len(points) - 3, 3):
        a, b, c, d = points[start:start + 4]
        for step in range(21):
            t = step / 20
            w = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3)
            along.append((sum(k * p[0] for k, p in zip(w, (a, b, c, d))), sum(k * p[1] for k, p in zip(w, (a, b, c, d)))))
    return along


def test_a_loop_between_two_touchpoints_is_two_curves_each_with_its_own_label() -> None:
    journey = _load(ROOT / "examples" / "stroke_discharge.yaml")
    dot = source(journey, "flow")
    steps = {(tail, head): attributes for tail, head, attributes in edges(dot)}
    there, back = steps["care_search", "delayed_days"], steps["delayed_days", "care_search"]
    assert _route(there) != _route(back)[::-1]  # not one line with a head at each end
    labels = [tuple(float(v) for v in _attribute(a, "lp").split(",")) for a in (there, back)]
    assert labels[0] != labels[1]
    for attributes, (x, y) in zip((there, back), labels):  # each label just over its own curve
        assert min(abs(px - x) + abs(py - y) for px, py in _route(attributes)) < 30


def test_steps_between_rows_keep_clear_of_the_holders() -> None:
    journey = _load(ROOT / "examples" / "stroke_discharge.yaml")
    dot = source(journey, "flow")
    holders = cluster_boxes(dot, "actor")
    assert holders
    touchpoints = {t.id for t in journey.touchpoints}
    for tail, head, attributes in edges(dot):
        if tail in touchpoints:  # a step of the flow, not a contribution
            for x, y in _route(attributes):
                assert not any(h.left < x < h.right and h.top < y < h.bottom for h in holders), (tail, head)


def test_contributions_from_a_strip_of_many_lines_pass_between_the_other_holders_not_through_them() -> None:
    citizens = [Actor(id=f"c{n}", name=f"Citizen {n}", role="carer") for n in range(14)]
    stages = [Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=[
        Touchpoint(id=f"t{s}{t}", name=f"Meeting {s}.{t}", actors=["c0"]) for t in range(2)]) for s in range(3)]
    journey = Journey(title="Many holders", persona="c0", actors=citizens, stages=stages,
                      assets=[Asset(id=f"a{n}", holder=f"c{n}", kind="time") for n in range(14)],
                      contributions=[Contribution(asset=f"a{n}", touchpoint=f"t{n % 3}{n % 2}", phase="co_delivery")
                                     for n in range(0, 14, 2)])
    dot = source(journey, "flow")
    holders, nodes = cluster_boxes(dot, "actor"), placed(dot)
    assert len({h.top for h in holders}) > 2  # a strip of several lines
    for tail, _, attributes in edges(dot):
        if not tail.startswith("a"):
            continue
        x, y = centre(nodes[tail])
        others = [h for h in holders if not (h.left < x < h.right and h.top < y < h.bottom)]  # all but its own
        for px, py in _route(attributes):
            assert not any(h.left + 1 < px < h.right - 1 and h.top + 1 < py < h.bottom - 1 for h in others), tail


def test_a_holder_whose_assets_reach_no_touchpoint_stands_next_to_the_others_not_at_the_far_edge() -> None:
    ann = Actor(id="ann", name="Ann", role="service_user", willingness="weekly")
    journey = Journey(title="One visit", persona="ann", actors=[ann, Actor(id="nurse", name="Nurse", role="professional")],
                      assets=[Asset(id="ann_time", holder="ann", kind="time", hours_per_month=4)],
                      stages=[Stage(id="only", name="Only stage", touchpoints=[
                          Touchpoint(id="visit", name="Visit", actors=["ann", "nurse"])])])
    dot = source(journey, "flow")
    (stage,), (holder,) = cluster_boxes(dot, "stage"), cluster_boxes(dot, "actor")
    assert holder.left <= stage.right  # it had stood at the right edge of a row as wide as a slide, far from all


# Maps whose steps go to other lines and rows; in the criss-cross one, more share a corridor than it has lanes.
ROOMY_MAPS = {"stroke discharge": lambda: _load(ROOT / "examples" / "stroke_discharge.yaml"),
              "records": lambda: _load(ROOT / "examples" / "records" / "community_care_map.yaml"),
              "generated": lambda: generated(200), "branching": lambda: branching(120),
              "one long stage": lambda: one_long_stage(100)}
MAPS_WITH_DETOURS = pytest.mark.parametrize("make", [*ROOMY_MAPS.values(), lambda: crisscross(60)],
                                            ids=[*ROOMY_MAPS, "criss-cross"])


@MAPS_WITH_DETOURS
def test_steps_run_down_beside_a_stage_never_along_its_border(make: object) -> None:
    # A line on a stage's outline reads as part of it, and one just inside runs over the stage's name.
    journey = make()  # type: ignore[operator]
    dot = source(journey, "flow")
    stages = cluster_boxes(dot, "stage")
    assert len(stages) == len(journey.stages)
    touchpoints = {t.id for t in journey.touchpoints}
    runs = 0
    for tail, head, attributes in edges(dot):
        if tail not in touchpoints:
            continue
        points = _control_points(attributes)
        for (x, y), (other_x, other_y) in zip(points, points[1:]):
            if x != other_x or abs(y - other_y) < 1:
                continue
            runs += 1
            low, high = sorted((y, other_y))
            for stage in stages:
                if stage.top < high and low < stage.bottom:
                    assert min(abs(x - stage.left), abs(x - stage.right)) >= 4, (tail, head, x, stage)
    assert runs


@MAPS_WITH_DETOURS
def test_steps_run_along_the_middle_of_the_room_between_rows_and_within_the_drawing(make: object) -> None:
    # A lane along a stage's or a holder's outline seems to outline it, or, just inside a stage, to cross out its
    # name; one down beside a holder keeps clear of it; the margin's lanes stay on the page.
    journey = make()  # type: ignore[operator]
    dot = source(journey, "flow")
    stages, holders = cluster_boxes(dot, "stage"), cluster_boxes(dot, "actor")
    clusters = stages + holders  # the drawing: round them, a margin of 52 points
    page = Box(min(b.left for b in clusters) - 52, min(b.top for b in clusters) - 52,
               max(b.right for b in clusters) + 52, max(b.bottom for b in clusters) + 52)
    touchpoints = {t.id for t in journey.touchpoints}
    lanes = 0
    for tail, head, attributes in edges(dot):
        if tail not in touchpoints:
            continue
        corners = _control_points(attributes)[::3]
        assert all(page.left <= x <= page.right and page.top <= y <= page.bottom for x, y in corners), (tail, head)
        for (x, y), (other_x, other_y) in zip(corners, corners[1:]):
            if y == other_y and abs(x - other_x) > 1:
                lanes += 1
                low, high = sorted((x, other_x))
                alongside = [b for b in clusters if b.left < high and low < b.right]
                assert all(min(abs(y - b.top), abs(y - b.bottom)) >= 6 for b in alongside), (tail, head, y)
            elif x == other_x and abs(y - other_y) > 1:
                low, high = sorted((y, other_y))
                alongside = [b for b in holders if b.top < high and low < b.bottom]
                assert all(min(abs(x - b.left), abs(x - b.right)) >= 4 for b in alongside), (tail, head, x)
    assert lanes


# Maps with labels on many edges near the outlines of stages and holders.
OUTLINED_MAPS = {"sight loss": lambda: _load(ROOT / "examples" / "sight_loss.yaml"), **{
    name: ROOMY_MAPS[name] for name in ("records", "generated", "branching")}}


@pytest.fixture(scope="module", params=OUTLINED_MAPS.values(), ids=OUTLINED_MAPS.keys())
def outlined(request: pytest.FixtureRequest) -> tuple[str, ET.Element]:
    """A map's flow as DOT and as SVG."""
    journey = request.param()
    return source(journey, "flow"), ET.fromstring(render(journey, "flow", "svg"))


def test_edge_labels_keep_off_the_outlines_of_stages_and_holders(outlined: tuple[str, ET.Element]) -> None:
    # A label across a stage's edge reads as crossed out, or as a name of the stage; on these maps each has room.
    svg = outlined[1]
    outlines = [drawn(g) for kind in ("stage", "actor") for g in groups(svg, kind).values()]
    labels = [box for g in groups(svg, "edge").values() for box in _label_boxes(g)]
    assert len(labels) >= 16
    across = [(box, outline) for box in labels for outline in outlines
              if box.overlaps(outline) and not (outline.left < box.left and box.right < outline.right
                                                and outline.top < box.top and box.bottom < outline.bottom)]
    assert across == []


def test_edge_labels_stay_within_the_drawing_and_its_margin(outlined: tuple[str, ET.Element]) -> None:
    # A label out in the page's pad, past the margin's lanes, widens the page and sits apart from the drawing.
    svg = outlined[1]
    clusters = [drawn(g) for kind in ("stage", "actor") for g in groups(svg, kind).values()]
    page = Box(min(b.left for b in clusters) - 52, min(b.top for b in clusters) - 52,
               max(b.right for b in clusters) + 52, max(b.bottom for b in clusters) + 52)
    labels = [box for g in groups(svg, "edge").values() for box in _label_boxes(g)]
    assert len(labels) >= 16
    assert [box for box in labels if not page.holds(box)] == []


@pytest.mark.parametrize("make", ROOMY_MAPS.values(), ids=ROOMY_MAPS.keys())
def test_steps_to_other_rows_run_side_by_side_never_one_over_another(make: object) -> None:
    # Two lines on one lane read as one: which way each goes is lost. (Where they leave or reach a touchpoint's
    # side they may share a few points, as a fork.)
    journey = make()  # type: ignore[operator]
    touchpoints = {t.id for t in journey.touchpoints}
    runs: list[tuple[bool, float, float, float, str]] = []
    for tail, head, attributes in edges(source(journey, "flow")):
        if tail not in touchpoints:
            continue
        corners = _control_points(attributes)[::3]
        for (x, y), (other_x, other_y) in list(zip(corners, corners[1:]))[1:-1]:
            if (x == other_x) != (y == other_y):
                runs.append((x == other_x, x if x == other_x else y, *sorted((y, other_y) if x == other_x else (x, other_x)),
                             f"{tail} -> {head}"))
    for index, (down, at_, low, high, step) in enumerate(runs):
        for other_down, other_at, other_low, other_high, other_step in runs[index + 1:]:
            assert not (down == other_down and abs(at_ - other_at) < 1 and low < other_high - 2
                        and other_low < high - 2 and step != other_step), (step, other_step)


def test_detours_take_the_lanes_nearest_the_middle_that_others_along_the_same_stretch_leave_free() -> None:
    along = [polyline([(0, 0), (0, 50), (x, 50), (x, 100)]) for x in (100, 150, 200)]
    elsewhere = polyline([(300, 0), (300, 60), (400, 60), (400, 100)])
    assert share_lanes([*along, elsewhere], 5) == [2, 1, 3, 2]  # each down from x=0, along y=50
    assert share_lanes([polyline([(120, 0), (120, 50), (180, 50)])], 5, pinned=[along[2]]) == [1]
    assert share_lanes([along[0]] * 4, 3) == [1, 0, 2, 1]  # more than lanes: the least taken, the middle first


coordinate = st.floats(-300, 300, allow_nan=False).map(lambda v: round(v, 1))
point = st.tuples(coordinate, coordinate)


@given(piece=st.lists(point, min_size=4, max_size=4), corner=point,
       size=st.tuples(st.floats(2, 120), st.floats(2, 40)), width=st.sampled_from([1.0, 2.5, 6.0]))
def test_a_traced_curve_keeps_labels_off_it_and_no_further(piece: list[tuple[float, float]],
                                                            corner: tuple[float, float],
                                                            size: tuple[float, float], width: float) -> None:
    # The curve is traced by chords within a point of it, each standing for the line a point wider: a label on the
    # line is never clear, one two points beyond the line's half width always is.
    free = Free()
    trace(free, piece, width)
    box = (corner[0], corner[1], corner[0] + size[0], corner[1] + size[1])
    samples = [at(piece, n / 2000) for n in range(2001)]
    inside = any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in samples)
    reach = width / 2 + 2.0 + 0.5  # half the width, the chords' leeway twice, and the samples' spacing
    far = all(not (box[0] - reach < x < box[2] + reach and box[1] - reach < y < box[3] + reach) for x, y in samples)
    if inside:
        assert not free.clear(box)
    if far:
        assert free.clear(box)


def test_a_label_keeps_a_gap_round_it_that_other_labels_keep_out_of() -> None:
    # Two labels side by side, or one over the other, read as one label.
    free = Free()
    assert free.first_clear([((50, 10), (0, 0, 100, 20), (0, 0, 100, 20))]) == (50, 10)
    assert not free.clear((0, 22, 100, 42)) and not free.clear((102, 0, 150, 20))  # 2 pt under, 2 pt beside
    assert free.clear((0, 24, 100, 44)) and free.clear((104, 0, 150, 20))


def test_a_large_map_comes_placed_for_neato(large: Journey, large_dot: str) -> None:
    header = large_dot.splitlines()[1]
    assert "layout=nop2" in header and " size=" not in header and "rankdir" not in header  # SVG at full size
    boxes = placed(large_dot)
    assert {t.id for t in large.touchpoints} | {a.id for a in large.assets} <= set(boxes)
    statements = list(edges(large_dot))
    assert len(statements) == len(large.flow_edges) + len(large.contributions)
    assert all(_attribute(attributes, "pos").startswith("e,") for _, _, attributes in statements)
    clusters = re.findall(r"subgraph (cluster_\w+) \{\n\t\t(.*)", large_dot)
    assert len(clusters) == len(large.stages) + len({a.holder for a in large.assets})
    assert all(re.match(r"bb=\"[\d.,]+\" ", attributes) for _, attributes in clusters)


# -- the flow's order ----------------------------------------------------------------------------------------


def test_without_a_flow_touchpoints_read_in_file_order(large: Journey, large_dot: str) -> None:
    boxes = placed(large_dot)
    # Rows top to bottom (DOT's y grows upwards), each left to right: as text reads.
    reading = sorted(large.touchpoints, key=lambda t: (-round(centre(boxes[t.id])[1]), centre(boxes[t.id])[0]))
    assert [t.id for t in reading] == [t.id for t in large.touchpoints]
    assert len({round(centre(boxes[t.id])[1]) for t in large.touchpoints}) > 1  # it did fold into rows


def test_ranks_rise_along_the_flow_and_loops_go_back(branches: Journey) -> None:
    rank = ranks(branches)
    assert set(rank) == {t.id for t in branches.touchpoints}
    for edge in branches.flow_edges:
        if edge.label == LOOP:
            assert rank[edge.target] <= rank[edge.source], edge
        else:
            assert rank[edge.target] > rank[edge.source], edge
    assert rank["t1"] == rank["t2"] == rank["t0"] + 1 and rank["t3"] == rank["t0"] + 2


def test_a_loop_is_told_from_the_walk_not_the_file_order() -> None:
    steps = [Touchpoint(id=i, name=i) for i in ("c", "a", "b")]  # written out of order
    journey = Journey(title="Out of order", stages=[Stage(name="Only", touchpoints=steps)],
                      flow=[FlowEdge(source="a", target="b"), FlowEdge(source="b", target="c"),
                            FlowEdge(source="c", target="a")])
    rank = ranks(journey)
    # The walk starts at c, the first written: c, then a, then b; b -> c closes the loop.
    assert rank == {"c": 0, "a": 1, "b": 2}


def test_columns_follow_the_ranks_within_each_stage(branches: Journey) -> None:
    rank, boxes = ranks(branches), placed(source(branches, "flow"))
    for stage in branches.stages:
        for a in stage.touchpoints:
            for b in stage.touchpoints:
                (ax, ay), (bx, by) = centre(boxes[a.id]), centre(boxes[b.id])
                if rank[a.id] < rank[b.id]:
                    assert ax < bx, (a.id, b.id)
                elif rank[a.id] == rank[b.id] and a.id != b.id:
                    assert ax == bx and ay != by, (a.id, b.id)  # branches stack in one column


@pytest.mark.parametrize("make", [lambda: generated(200), lambda: branching(120), lambda: one_long_stage(100)],
                         ids=["generated", "branching", "one long stage"])
def test_every_edge_leaves_its_tail_and_ends_on_its_head(make: object) -> None:
    journey = make()  # type: ignore[operator]
    dot = source(journey, "flow")
    boxes = placed(dot)
    for tail, head, attributes in edges(dot):
        end, *route = _attribute(attributes, "pos").split()
        tip = tuple(float(v) for v in end[2:].split(","))
        start = tuple(float(v) for v in route[0].split(","))
        assert len(route) % 3 == 1, attributes  # cubic pieces end to end
        assert boxes[tail].on_edge(*start), (tail, head, start)
        assert boxes[head].on_edge(*tip), (tail, head, tip)


# -- the drawing -------------------------------------------------------------------------------------------


def test_a_large_svg_keeps_the_contract(large: Journey, large_svg: ET.Element) -> None:
    analysis = analyse(large)
    elements = {e.get("id", ""): set(e.get("class", "").split()) for e in large_svg.iter() if e.get("id")}
    for touchpoint in large.touchpoints:
        passive = {"passive"} if analysis.passive_touchpoint(touchpoint.id) else set()
        assert elements[f"touchpoint-{touchpoint.id}"] >= {"touchpoint"} | passive
        assert ("passive" in elements[f"touchpoint-{touchpoint.id}"]) == bool(passive)
    for asset in large.assets:
        unused = analysis.unused_asset(asset.id)
        expected = {"asset"} | ({"unused", unused.grade} if unused else set())
        assert elements[f"asset-{asset.id}"] >= expected and ("unused" in elements[f"asset-{asset.id}"]) == bool(unused)
    for stage in large.stages:
        assert "stage" in elements[f"stage-{stage.id}"]
    for holder in {a.holder for a in large.assets}:
        assert "actor" in elements[f"actor-{holder}"]
    for index, c in enumerate(large.contributions):
        assert elements[f"contribution-{c.asset}-{c.touchpoint}-{index}"] >= {"contribution", c.status.value}
    for index, e in enumerate(large.flow_edges):
        assert "flow" in elements[f"flow-{e.source}-{e.target}-{index}"]


def test_nothing_in_a_large_drawing_lies_over_anything_else(large: Journey, large_svg: ET.Element) -> None:
    nodes = {name: drawn(g) for kind in ("touchpoint", "asset") for name, g in groups(large_svg, kind).items()}
    stages = {name: drawn(g) for name, g in groups(large_svg, "stage").items()}
    holders = {name: drawn(g) for name, g in groups(large_svg, "actor").items()}
    for boxes in (nodes, {**stages, **holders}):
        ordered = sorted(boxes.items(), key=lambda item: item[1].left)
        for i, (name, box) in enumerate(ordered):
            for other, other_box in ordered[i + 1:]:
                if other_box.left >= box.right:
                    break
                assert not box.overlaps(other_box), (name, other)
    for touchpoint in large.touchpoints:
        assert stages[f"stage-{large.stage_of(touchpoint).id}"].holds(nodes[f"touchpoint-{touchpoint.id}"])
    for asset in large.assets:
        assert holders[f"actor-{asset.holder}"].holds(nodes[f"asset-{asset.id}"])
    labels = []
    for edge in groups(large_svg, "edge").values():
        for text in edge.iter(f"{SVG}text"):
            x, y, size = (float(text.get(key, "0")) for key in ("x", "y", "font-size"))
            width = 0.5 * size * len(text.text or "")  # less than any DejaVu Sans text is wide
            left = x - {"start": 0, "end": width}.get(text.get("text-anchor", "middle"), width / 2)
            labels.append(Box(left, y - 0.7 * size, left + width, y))
    assert labels  # contributions' phases, some of them at least
    for i, label in enumerate(labels):
        assert not any(label.overlaps(box) for box in nodes.values())
        assert not any(label.overlaps(other) for other in labels[i + 1:])


def test_a_large_png_is_scaled_to_print_on_a_poster(large: Journey) -> None:
    png = quietly(large, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert width <= A0_PIXELS[0] + 1 and height <= A0_PIXELS[1] + 1
    assert max(width / A0_PIXELS[0], height / A0_PIXELS[1]) > 0.99  # scaled to the poster, not past it


def test_loops_branches_and_a_stage_wider_than_a_row_draw_without_warnings(branches: Journey) -> None:
    for journey in (branches, one_long_stage(100)):
        svg = ET.fromstring(quietly(journey, "svg"))
        stages = {name: drawn(g) for name, g in groups(svg, "stage").items()}
        assert set(stages) == {f"stage-{s.id}" for s in journey.stages}  # one cluster a stage, however wide
        for touchpoint in groups(svg, "touchpoint").values():
            owner = journey.stage_of(touchpoint.get("id", "").removeprefix("touchpoint-"))
            assert stages[f"stage-{owner.id}"].holds(drawn(touchpoint))


def test_a_stage_wider_than_a_row_folds_into_lines_inside_its_cluster() -> None:
    journey = one_long_stage(100)
    dot = source(journey, "flow")
    boxes = placed(dot)
    lines = {round(centre(boxes[t.id])[1]) for t in journey.touchpoints}
    assert len(lines) > 2
    assert '"@empty-later"' in dot and dot.count('id="stage-all"') == 1


def test_the_same_large_map_gives_the_same_bytes(branches: Journey) -> None:
    assert source(branches, "flow") == source(branching(120), "flow")
    assert quietly(branches, "svg") == quietly(branching(120), "svg")


def test_a_large_svg_keeps_its_full_size_and_a_large_pdf_fits_a_poster(large: Journey, large_svg: ET.Element) -> None:
    sizes = [float(t.get("font-size", "0")) for t in large_svg.iter(f"{SVG}text")]
    scale = re.search(r"scale\(([\d.]+)", large_svg.find(f"{SVG}g").get("transform", ""))  # type: ignore[union-attr]
    assert scale is not None and float(scale.group(1)) == 1.0 and min(sizes) >= 9  # never shrunk for a screen
    page = pypdf.PdfReader(io.BytesIO(quietly(large, "pdf"))).pages[0]
    fill = max(float(page.mediabox.width) / (46.8 * 72), float(page.mediabox.height) / (33.1 * 72))
    assert 0.99 < fill < 1.05  # A0 with Graphviz's pad round it


def test_a_tokenistic_touchpoint_carries_its_badge_class_and_key() -> None:
    from strategies import design_example
    from test_analysis import day_centre

    svg = ET.fromstring(render(day_centre(), format="svg"))
    classes = {e.get("id", ""): set(e.get("class", "").split()) for e in svg.iter() if e.get("id")}
    assert "tokenism" in classes["touchpoint-workshop"] and "tokenism" in classes["touchpoint-panel"]
    assert "tokenism" not in classes["touchpoint-trial"]
    words = " ".join(" ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text")).split())
    assert words.count("TOKENISM") == 3  # two cards and the key
    assert "co-design claimed, no citizen" in words and "tokenism: co-design or co-production claimed" in words
    plain = ET.fromstring(render(design_example(), format="svg"))
    assert "TOKENISM" not in "".join(plain.itertext())  # the key lists only what is drawn


def staff_and_citizen(status: str = "actual") -> Journey:
    """Ann's time used at a visit, and a key worker's network there too, actual or potential (enabling)."""
    return Journey(
        title="Staff assets", actors=[Actor(id="ann", name="Ann", role="service_user", willingness="weekly"),
                                      Actor(id="kw", name="Key worker", role="professional")],
        assets=[Asset(id="ann_time", holder="ann", kind="time"),
                Asset(id="kw_network", holder="kw", kind="networks", name="Knows the local groups")],
        stages=[Stage(id="s", name="Support", touchpoints=[Touchpoint(id="visit", name="Visit", actors=["ann", "kw"])])],
        contributions=[Contribution(asset="ann_time", touchpoint="visit", phase="co_delivery", status="actual"),
                       Contribution(asset="kw_network", touchpoint="visit", phase="co_delivery", status=status)])


def _shapes(svg: ET.Element, element_id: str) -> list[ET.Element]:
    group = next(e for e in svg.iter() if e.get("id") == element_id)
    return [e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon")]


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_a_staff_asset_and_what_it_enables_are_drawn_apart_and_quietly(theme: str) -> None:
    from journeymap.rendering import THEMES

    look = THEMES[theme]
    svg = ET.fromstring(render(staff_and_citizen(), format="svg", theme=look))
    classes = {e.get("id", ""): set(e.get("class", "").split()) for e in svg.iter() if e.get("id")}
    assert {"asset", "staff", "enabling"} <= classes["asset-kw_network"] and "unused" not in classes["asset-kw_network"]
    assert "enabling" not in classes["asset-ann_time"]
    enabling = next(i for i, c in classes.items() if i.startswith("contribution-kw_network"))
    own = next(i for i, c in classes.items() if i.startswith("contribution-ann_time"))
    assert "enabling" in classes[enabling] and "enabling" not in classes[own]
    colours = {s.get("stroke", "").upper() for s in _shapes(svg, enabling)} - {"NONE", ""}
    assert colours == {look.enabling.color.upper()}  # never the green of citizens' own nor potential's orange
    assert any("stroke-dasharray" in s.attrib for s in _shapes(svg, enabling) if s.tag == f"{SVG}path")
    assert {s.get("stroke", "").upper() for s in _shapes(svg, own)} >= {look.actual.color.upper()}
    words = " ".join(" ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text")).split())
    assert "staff asset" in words and "staff contribution enabling citizens" in words


def test_a_staff_asset_no_one_uses_says_so_quietly_without_the_unused_badge() -> None:
    svg = ET.fromstring(render(staff_and_citizen("potential"), format="svg"))
    node = next(e for e in svg.iter() if e.get("id") == "asset-kw_network")
    shown = " ".join("".join(node.itertext()).split())
    assert "not used yet" in shown and "UNUSED" not in shown and "unused" not in node.get("class", "")
    words = " ".join("".join(svg.itertext()).split())
    assert "UNUSED" not in words  # Ann's time is used; the key lists no unused citizen asset


# -- outcomes: a touchpoint serving one wears its numbered mark; the key lists them all -----------------------


def _example(name: str, theme: str = "default") -> ET.Element:
    from journeymap.io import load

    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return ET.fromstring(render(load(ROOT / "examples" / f"{name}.yaml"), "flow", "svg", theme=theme))


def _marks(group: ET.Element) -> list[tuple[str, float, float]]:
    """The outcome marks drawn in a node's group: their text and where it starts (x, baseline)."""
    return [("".join(t.itertext()), float(t.get("x", "nan")), float(t.get("y", "nan")))
            for t in group.iter(f"{SVG}text") if "".join(t.itertext()).startswith("◎")]


def test_touchpoints_serving_an_outcome_wear_its_numbered_mark() -> None:
    svg = _example("sight_loss")
    touchpoints = groups(svg, "touchpoint")
    expected = {"group": ["◎\u00a01"], "home_visit": ["◎\u00a01", "◎\u00a02"],  # friends: a contribution there names it
                "equipment": ["◎\u00a02"], "eclo_chat": ["◎\u00a03"], "registration": ["◎\u00a03"]}
    for ident, group in touchpoints.items():
        touchpoint = ident.removeprefix("touchpoint-")
        assert [text for text, _, _ in _marks(group)] == expected.get(touchpoint, []), touchpoint
        assert ("serves-outcome" in group.get("class", "").split()) == (touchpoint in expected)


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
def test_outcome_marks_sit_inside_their_card_apart_and_each_on_its_badge(theme: str) -> None:
    from journeymap.rendering import THEMES

    look = THEMES[theme]
    fills = {look.outcome_co_produced_badge.fill.lower(), look.outcome_service_only_badge.fill.lower()}
    svg = _example("sight_loss", theme)
    for ident, group in groups(svg, "touchpoint").items():
        card = drawn(group)
        badges = [drawn(p) for p in group.iter(f"{SVG}polygon") if (p.get("fill") or "").lower() in fills]
        marks = _marks(group)
        assert len(badges) >= len(marks), ident
        for n, box in enumerate(badges):
            assert card.holds(box), ident
            assert not any(box.overlaps(other) for other in badges[n + 1:]), ident
        for _, x, y in marks:  # each mark's text starts on a badge of its own
            assert any(b.left <= x <= b.right and b.top <= y <= b.bottom for b in badges), ident


def test_the_key_lists_every_outcome_by_number_with_its_state() -> None:
    words = " ".join(texts_of(_example("stroke_discharge")).split())
    assert "What matters to Ray, 67 and Pat (wife)" in words
    assert "Get home and stay home safely — co-produced" in words
    assert "Help to get back to driving — UNSERVED" in words  # nothing serves it: in the key all the same
    assert "A night's sleep and an afternoon off now and then — UNSERVED" in words


def test_a_touchpoint_s_tooltip_names_the_outcomes_served_there_and_their_state() -> None:
    svg = _example("sight_loss")
    tooltips = [a.get("{http://www.w3.org/1999/xlink}title", "") for a in svg.iter(f"{SVG}a")]
    (home,) = [t for t in tooltips if t.startswith("Home assessment\n")]
    assert "Serves: Get to know people and make friends (co-produced)" in home
    assert "Serves: Stay independent in my own home (co-produced)" in home
    (letter,) = [t for t in tooltips if t.startswith("Certificate of sight impairment\n")]
    assert "Serves: Know what support there is and how to get it (service only)" in letter


def test_a_map_without_outcomes_has_no_marks_and_no_outcomes_in_its_key() -> None:
    text = source(generated(12), "flow")
    assert "◎" not in text and "What matters" not in text


def texts_of(svg: ET.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(plans=True))
def test_every_journey_with_outcomes_draws_its_marks_and_key_without_warnings(journey: Journey) -> None:
    svg = ET.fromstring(quietly(journey, "svg"))  # Graphviz warns when a fixed-size table cannot hold its text
    words = texts_of(svg)
    for number in range(1, len(journey.outcomes) + 1):  # every outcome in the key, served or not
        assert f"◎\u00a0{number}" in words
    marked = {ident for ident, group in groups(svg, "touchpoint").items() if _marks(group)}
    served = {f"touchpoint-{t.id}" for t in journey.touchpoints
              if any(t.id in outcome_places(journey, f) for f in analyse(journey).outcomes)}
    assert marked == served


# -- numbers from records: cases and times on steps, touchpoints and stages ----------------------------------

RECORDS = ROOT / "tests" / "data" / "records" / "community_care.yaml"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


@pytest.fixture(scope="module")
def records() -> Journey:
    return _load(RECORDS)


@pytest.fixture(scope="module")
def records_svg(records: Journey) -> ET.Element:
    return ET.fromstring(quietly(records, "svg"))


def _tooltips(group: ET.Element) -> list[str]:
    return [a.get(XLINK_TITLE, "") for a in group.iter(f"{SVG}a")]


def test_a_step_with_cases_is_labelled_with_its_cases_and_median_and_its_tooltip_says_the_p90(
        records: Journey, records_svg: ET.Element) -> None:
    steps = groups(records_svg, "flow")
    first = steps["flow-referral_received-triage_call-0"]
    assert {"flow", "cases", "wait"} <= set(first.get("class", "").split())
    assert "884 cases · 1.1 days" in texts_of(first)
    assert any("884 cases" in t and "Median time: 1.1 days (90% within 4 days)" in t for t in _tooltips(first))
    signposted = texts_of(steps["flow-triage_call-closed-2"]).splitlines()  # its own words first, then its numbers
    assert signposted == ["signposted elsewhere", "96 cases · 2.2 h"]
    assert "45 min" in texts_of(steps["flow-six_week_review-closed-15"])  # minutes to weeks, in the unit people use
    assert "5.5 weeks" in texts_of(steps["flow-home_care-six_week_review-9"])


def _penwidth(attributes: str) -> float:
    return float(_attribute(attributes, "penwidth"))


def test_a_step_is_wider_the_more_cases_take_it_and_its_arrowhead_grows_with_it(records: Journey) -> None:
    from journeymap.rendering.records import WIDEST
    from journeymap.rendering.style import THEMES

    dot = source(records, "flow")
    cases = {(e.source, e.target): e.cases for e in records.flow_edges}
    steps = [(cases[tail, head], attributes) for tail, head, attributes in edges(dot) if (tail, head) in cases]
    assert len(steps) == len(records.flow_edges)
    steps.sort(key=lambda step: step[0] or 0)
    widths = [_penwidth(attributes) for _, attributes in steps]
    heads = [float(_attribute(attributes, "arrowsize")) for _, attributes in steps]
    assert widths == sorted(widths) and heads == sorted(heads)
    assert widths[-1] == WIDEST  # the busiest step (884 cases)
    assert THEMES["default"].flow.width < widths[0] < widths[0] + 0.2  # 5 cases of 884: a hair over the plain line
    assert widths[-1] / widths[0] > 3 and heads[-1] > heads[0] * 1.5


def test_a_wider_step_s_spline_stops_short_of_its_larger_arrowhead(records: Journey) -> None:
    dot = source(records, "flow")
    for _, _, attributes in edges(dot):
        if "arrowsize" in attributes:
            end, *points = _attribute(attributes, "pos").split()
            tip = tuple(float(v) for v in end.removeprefix("e,").split(","))
            last = tuple(float(v) for v in points[-1].split(","))
            length = ((tip[0] - last[0]) ** 2 + (tip[1] - last[1]) ** 2) ** 0.5
            assert length == pytest.approx(10 * float(_attribute(attributes, "arrowsize")), abs=0.15)


def test_every_step_label_keeps_clear_of_the_nodes_and_of_the_other_labels(records_svg: ET.Element) -> None:
    nodes = [drawn(g) for kind in ("touchpoint", "asset") for g in groups(records_svg, kind).values()]
    labels = []
    for edge in groups(records_svg, "edge").values():
        for text in edge.iter(f"{SVG}text"):
            x, y, size = (float(text.get(key, "0")) for key in ("x", "y", "font-size"))
            width = 0.5 * size * len(text.text or "")  # less than any DejaVu Sans text is wide
            left = x if text.get("text-anchor") == "start" else x - width / 2  # an HTML label's lines start at x
            labels.append(Box(left, y - 0.7 * size, left + width, y))
    assert len(labels) >= len(groups(records_svg, "flow"))
    for i, label in enumerate(labels):
        assert not any(label.overlaps(box) for box in nodes)
        assert not any(label.overlaps(other) for other in labels[i + 1:])


def _backdrop(step: ET.Element) -> ET.Element:
    """The box a step's numbers stand on (an HTML label's table: a borderless polygon)."""
    (box,) = [p for p in step.iter(f"{SVG}polygon") if p.get("stroke") == "transparent"]
    return box


def test_a_step_s_numbers_stand_on_a_backdrop_the_colour_of_what_lies_behind_them(records_svg: ET.Element) -> None:
    from journeymap.rendering.style import THEMES

    theme = THEMES["default"]
    stages = [drawn(g) for g in groups(records_svg, "stage").values()]
    holders = [drawn(g) for g in groups(records_svg, "actor").values()]
    seen = set()
    for step in groups(records_svg, "edge").values():
        if "flow" not in step.get("class", "").split():
            continue
        box = _backdrop(step)
        numbers = [float(n) for n in _NUMBER.findall(box.get("points", ""))]
        x, y = (min(numbers[::2]) + max(numbers[::2])) / 2, (min(numbers[1::2]) + max(numbers[1::2])) / 2
        behind = (theme.stage.fill if any(b.left <= x <= b.right and b.top <= y <= b.bottom for b in stages)
                  else theme.holder.fill if any(b.left <= x <= b.right and b.top <= y <= b.bottom for b in holders)
                  else theme.background)
        assert box.get("fill", "").upper() == behind.upper()
        seen.add(behind)
    assert theme.stage.fill in seen  # the example's steps are labelled inside stages and between them
    assert len(seen) > 1


def test_on_a_map_with_numbers_the_contributions_are_drawn_first_and_the_steps_numbers_over_them(
        records_svg: ET.Element) -> None:
    order = [g.get("class", "").split()[1] for g in records_svg.iter(f"{SVG}g")
             if g.get("class", "").startswith("edge ")]
    assert set(order) == {"contribution", "flow"}
    assert order == sorted(order, key=lambda kind: kind != "contribution")
    hand_made = [g.get("class", "").split()[1] for g in _example("stroke_discharge").iter(f"{SVG}g")
                 if g.get("class", "").startswith("edge ")]
    assert "contribution" in hand_made and hand_made == sorted(hand_made, key=lambda kind: kind != "flow")  # as ever


def test_a_curving_step_s_label_stays_off_its_own_line(records: Journey) -> None:
    dot = source(records, "flow")
    for tail, head in (("home_care", "befriending"), ("home_care", "medication_review"),
                       ("befriending", "six_week_review"), ("medication_review", "six_week_review")):
        (attributes,) = [a for t, h, a in edges(dot) if (t, h) == (tail, head)]
        x, y = (float(v) for v in _attribute(attributes, "lp").split(","))
        label = Box(x - 45, y - 6, x + 45, y + 6)  # about "255 cases · 9.8 days" at 10 pt
        assert not any(label.left < px < label.right and label.top < py < label.bottom
                       for px, py in _route(attributes)), (tail, head)


def test_a_touchpoint_and_a_stage_with_cases_say_so_and_carry_the_classes(records_svg: ET.Element) -> None:
    touchpoints = groups(records_svg, "touchpoint")
    referral = touchpoints["touchpoint-referral_received"]
    assert {"cases", "start"} <= set(referral.get("class", "").split())
    assert {"900 cases", "▶ 884 start here"} <= set(texts_of(referral).splitlines())
    assert any("Events: 912" in t and "Start here: 884 cases" in t for t in _tooltips(referral))
    closed = touchpoints["touchpoint-closed"]
    assert {"cases", "end"} <= set(closed.get("class", "").split()) and "start" not in closed.get("class", "")
    assert "598 end here ■" in texts_of(closed).splitlines()
    stage = groups(records_svg, "stage")["stage-assessment"]
    assert {"stage", "cases", "wait"} <= set(stage.get("class", "").split())
    assert "786 cases · wait on entry 8.9 days" in texts_of(stage)
    assert any("Wait on entry: 8.9 days (90% within 25 days)" in t for t in _tooltips(stage))
    assert "wait" not in groups(records_svg, "stage")["stage-referral"].get("class", "")  # no wait into the first


def test_the_first_stage_s_wait_says_it_is_of_cases_entering_from_a_later_stage(records: Journey) -> None:
    # Nothing comes before the first stage: its entry wait is only of cases going back to it (readmissions, say)
    first = records.stages[0].replace(median_hours=912.0, p90_hours=2000.0)
    svg = ET.fromstring(quietly(records.replace(stages=(first, *records.stages[1:])), "svg"))
    stage = groups(svg, "stage")["stage-referral"]
    assert "900 cases · wait on entry from a later stage 5.4 weeks" in texts_of(stage)
    tooltip = next(t for t in _tooltips(stage) if "Wait on" in t)
    assert "Wait on entry from a later stage: 5.4 weeks (90% within 12 weeks)" in tooltip
    assert "its wait is theirs alone, not that of all its cases" in tooltip
    assert "786 cases · wait on entry 8.9 days" in texts_of(groups(svg, "stage")["stage-assessment"])


def test_a_stage_s_name_and_numbers_start_at_one_left_edge(records_svg: ET.Element) -> None:
    for stage in groups(records_svg, "stage").values():  # the first stage's "900 cases" is shorter than its name
        lines = [t for t in stage.iter(f"{SVG}text")]
        assert len(lines) == 2 and len({t.get("x") for t in lines}) == 1, [t.text for t in lines]


def test_the_key_explains_widths_only_when_steps_have_cases(records_svg: ET.Element) -> None:
    assert "the wider the step, the more cases take it" in texts_of(records_svg)
    assert "the wider the step" not in texts_of(_example("stroke_discharge"))


def test_the_unused_asset_still_wears_the_loudest_outline(records: Journey) -> None:
    from journeymap.rendering.style import THEMES

    dot = source(records, "flow")
    widest_step = max(_penwidth(a) for t, _, a in edges(dot) if t in {tp.id for tp in records.touchpoints})
    unused = re.search(r'"people_experience" \[(.*)\]', dot)
    assert unused and "dashed" in _attribute(unused.group(1), "style")
    for theme in THEMES.values():
        assert widest_step <= theme.unused_willing.border.width + 2.5  # a step never outshouts it by much
    assert _attribute(unused.group(1), "color").lower() == "#d55e00"


@pytest.mark.parametrize("theme", ["default", "colourblind", "print"])
@pytest.mark.parametrize("format", ["svg", "png", "pdf", "dot"])
def test_a_discovered_map_draws_in_every_theme_and_format(records: Journey, theme: str, format: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        drawing = render(records, "flow", format, theme=theme)
    assert drawing == render(records, "flow", format, theme=theme) or format == "pdf"  # PDFs carry a date
    if format in ("svg", "dot"):
        assert "884 cases · 1.1 days" in drawing.decode("utf-8")


def test_a_map_without_numbers_draws_as_it_did_with_the_numbers_taken_away(records: Journey) -> None:
    bare = without_records(records)
    dot = source(bare, "flow")
    assert " cases" not in dot and "wait" not in dot and "start here" not in dot and "the wider" not in dot
    steps = [a for t, _, a in edges(dot) if t in {tp.id for tp in records.touchpoints}]
    assert {_penwidth(a) for a in steps} == {1.6} and not any("arrowsize" in a for a in steps)
    assert {_attribute(a, "class") for a in steps} == {"flow"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(records=True))
def test_every_discovered_journey_draws_each_step_s_numbers_without_warnings(journey: Journey) -> None:
    from journeymap.rendering.records import step_text

    svg = ET.fromstring(quietly(journey, "svg"))
    steps = groups(svg, "flow")
    for index, edge in enumerate(journey.flow_edges):
        group = steps[f"flow-{edge.source}-{edge.target}-{index}"]
        numbers = step_text(edge)
        assert ("cases" in group.get("class", "").split()) == (edge.cases is not None)
        if numbers:
            assert numbers in " ".join(texts_of(group).split()), numbers


# -- a discovered map's many steps along a line: each on its own level, every label clear -------------------------

DISCOVERED = ROOT / "examples" / "records" / "community_care_map.yaml"
_PATH = re.compile(r"-?\d+(?:\.\d+)?")


def _curve(d: str) -> list[tuple[float, float]]:
    """Points along an SVG path of cubic pieces ("M x,y C x,y x,y x,y ..."), ten a piece."""
    numbers = [float(n) for n in _PATH.findall(d)]
    points = list(zip(numbers[::2], numbers[1::2]))
    along = []
    for start in range(0, len(points) - 3, 3):
        a, b, c, d_ = points[start:start + 4]
        for step in range(11):
            t = step / 10
            w = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3)
            along.append((sum(k * p[0] for k, p in zip(w, (a, b, c, d_))),
                          sum(k * p[1] for k, p in zip(w, (a, b, c, d_)))))
    return along


def _label_boxes(group: ET.Element) -> list[Box]:
    """The box of each line of an edge's label as drawn: its measured width, from the cap height to the descent."""
    from journeymap.rendering.fonts import text_width

    boxes = []
    for text in group.iter(f"{SVG}text"):
        x, y, size = (float(text.get(key, "0")) for key in ("x", "y", "font-size"))
        width = 0.95 * text_width(text.text or "", size)
        left = {"start": x, "end": x - width}.get(text.get("text-anchor", ""), x - width / 2)
        boxes.append(Box(left, y - 0.72 * size, left + width, y + 0.2 * size))
    return boxes


def _crowding(svg: ET.Element) -> list[str]:
    """Every way an edge's label is crowded: on another label, on a node, or on a line not its own."""
    nodes = {name: drawn(g) for kind in ("touchpoint", "asset") for name, g in groups(svg, kind).items()}
    labelled = {name: _label_boxes(g) for name, g in groups(svg, "edge").items()}
    lines = {name: [(_curve(path.get("d", "")), float(path.get("stroke-width", "1")))
                    for path in g.iter(f"{SVG}path")] for name, g in groups(svg, "edge").items()}
    found = []
    labels = [(name, box) for name, boxes in labelled.items() for box in boxes]
    for i, (name, box) in enumerate(labels):
        found += [f"{name} on {other}" for other, other_box in labels[i + 1:]
                  if other != name and box.overlaps(other_box)]
        found += [f"{name} on node {node}" for node, node_box in nodes.items() if box.overlaps(node_box)]
        for other, drawn_lines in lines.items():
            for points, width in drawn_lines if other != name else ():
                reach = width / 2 - TOUCHING
                if any(box.left - reach < x < box.right + reach and box.top - reach < y < box.bottom + reach
                       for x, y in points):
                    found.append(f"{name} crossed by {other}")
                    break
    return found


def _steps(svg: ET.Element) -> dict[str, ET.Element]:
    return {name: g for name, g in groups(svg, "flow").items() if "edge" in g.get("class", "").split()}


@pytest.fixture(scope="module", params=[(DISCOVERED, "default"), (DISCOVERED, "colourblind"), (DISCOVERED, "print"),
                                        (RECORDS, "default"), (RECORDS, "colourblind"), (RECORDS, "print")],
                ids=lambda p: f"{p[0].stem}-{p[1]}")
def discovered_svg(request: pytest.FixtureRequest) -> ET.Element:
    path, theme = request.param
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return ET.fromstring(render(_load(path), "flow", "svg", theme=theme))


def test_no_label_of_a_discovered_map_lies_on_another_label_a_node_or_a_line_not_its_own(
        discovered_svg: ET.Element) -> None:
    assert len(_steps(discovered_svg)) >= 17
    assert _crowding(discovered_svg) == []


def test_a_discovered_step_s_label_stands_on_its_own_line_where_that_line_shows_either_side() -> None:
    """Labels over or under lanes side by side seemed to name the lane next to theirs ("28 cases" sat as near the
    line from a touchpoint of 14): on its own line, its backdrop breaking it, a label names that line alone. A step
    too short to show its line either side keeps its label over it."""
    dot = source(_load(DISCOVERED), "flow")

    def on_its_line(tail: str, head: str) -> bool:
        (attributes,) = [a for t, h, a in edges(dot) if (t, h) == (tail, head)]
        x, y = (float(v) for v in _attribute(attributes, "lp").split(","))
        route = _route(attributes)
        return min(_distance((x, y), a, b) for a, b in zip(route, route[1:])) < 1

    assert on_its_line("shopping_and_meals", "care_worker_visit")  # a lane of the loops under the line (98 cases)
    assert on_its_line("care_plan_agreed", "care_worker_visit")  # round the margin to the next row (400 cases)
    assert not on_its_line("referral_received", "triage_call")  # next door: over its line


def test_a_step_label_without_a_backdrop_stays_off_its_line() -> None:
    """A step with a time but no cases has no backdrop to break its line: its label keeps over it, unstruck."""
    journey = loads("""journeymap: 1
title: Times without cases
actors: [{id: pat, name: Pat, role: service_user}]
stages:
  - id: s
    name: Stage
    touchpoints: [{id: a, name: Alpha}, {id: b, name: Beta}, {id: c, name: Gamma}, {id: d, name: Delta},
                  {id: e, name: Epsilon}]
flow:
  - {from: a, to: b}
  - {from: b, to: c, median_hours: 2}
  - {from: c, to: d}
  - {from: d, to: e}
  - {from: a, to: e, median_hours: 30}
""")
    for t, h, attributes in edges(source(journey, "flow")):
        if "lp=" in attributes:
            x, y = (float(v) for v in _attribute(attributes, "lp").split(","))
            route = _route(attributes)
            assert min(_distance((x, y), a, b) for a, b in zip(route, route[1:])) > 4, (t, h)


def _distance(point: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far ``point`` is from the segment from ``a`` to ``b``."""
    (x, y), (ax, ay), (bx, by) = point, a, b
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if not length else max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length))
    return math.dist(point, (ax + t * (bx - ax), ay + t * (by - ay)))


@pytest.mark.parametrize("name", ["sight_loss", "sight_loss_to_be"])
def test_no_label_of_a_hand_made_map_lies_on_a_line_not_its_own(name: str) -> None:
    # Without a backdrop, a label with a line through it is hard to read, and seems to name that line.
    svg = _example(name)
    assert len(_steps(svg)) >= 8
    assert _crowding(svg) == []


def _contributions(svg: ET.Element) -> dict[str, ET.Element]:
    return {key: g for key, g in groups(svg, "edge").items() if key.startswith("contribution-")}


def _labelled(contributions: dict[str, ET.Element]) -> list[str]:
    """The contributions whose line is labelled with a phase."""
    return [key for key, g in contributions.items() if any(t.text and t.text.startswith("co-")
                                                            for t in g.iter(f"{SVG}text"))]


@pytest.mark.parametrize("name", ["sight_loss", "stroke_discharge"])
def test_every_contribution_of_an_example_shows_its_phase(name: str) -> None:
    # The phase (co-delivery, co-design...) is the point of a contribution: crowded out, it is only in a tooltip.
    contributions = _contributions(_example(name))
    assert len(contributions) >= 9 and _labelled(contributions) == list(contributions)


def test_a_records_maps_one_phase_is_named_once_in_the_key() -> None:
    # Discovered contributions are all co-delivery: one line of the key says so, not a label on each line (seven to
    # fifteen alike on a large log). Each line's tooltip still names it; the same map without records' numbers, as
    # a hand-made map, labels each line as before.
    svg = _example("records/community_care_map")
    contributions = _contributions(svg)
    assert len(contributions) >= 9 and _labelled(contributions) == []
    tooltips = [a.get(XLINK_TITLE) or "" for g in contributions.values() for a in g.iter(f"{SVG}a")]
    assert len(tooltips) == len(contributions) and all("co-delivery, actual" in text for text in tooltips)
    key = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("actual contribution")]
    assert key == ["actual contribution (happens today), each one co-delivery"]
    from journeymap.io import load
    journey = without_records(load(ROOT / "examples" / "records" / "community_care_map.yaml"))
    plain = _contributions(ET.fromstring(render(journey, "flow", "svg")))
    assert len(plain) == len(contributions) and _labelled(plain) == list(plain)


def _runs(points: list[tuple[float, float]], width: float) -> list[tuple[float, float, float, float]]:
    """An edge's level stretches, each whole: y, left, right, width."""
    runs: list[tuple[float, float, float, float]] = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if abs(ay - by) < 0.01 and abs(ax - bx) > 0.5:
            left, right = min(ax, bx), max(ax, bx)
            if runs and abs(runs[-1][0] - ay) < 0.01 and min(abs(runs[-1][1] - right), abs(runs[-1][2] - left)) < 0.01:
                left, right = min(left, runs[-1][1]), max(right, runs[-1][2])
                runs.pop()
            runs.append((ay, left, right, width))
    return runs


def test_no_two_steps_of_a_discovered_map_run_along_each_other_in_a_stage(discovered_svg: ET.Element) -> None:
    stages = [drawn(g) for g in groups(discovered_svg, "stage").values()]
    runs = {name: [run for path in g.iter(f"{SVG}path")
                   for run in _runs(_curve(path.get("d", "")), float(path.get("stroke-width", "1")))
                   if any(s.top < run[0] < s.bottom and s.left < run[1] < s.right for s in stages)]
            for name, g in _steps(discovered_svg).items()}
    named = sorted((run, name) for name, found in runs.items() for run in found)
    for i, ((y, left, right, width), name) in enumerate(named):
        for (other_y, other_left, other_right, other_width), other in named[i + 1:]:
            if other_y - y > (width + other_width) / 2 + 1:
                break
            # Or they leave (reach) a touchpoint's side together, as a fork (a join), or cross at one point.
            together = abs(left - other_left) < 0.5 or abs(right - other_right) < 0.5
            assert other == name or together or min(right, other_right) - max(left, other_left) < 2, (name, other)


def test_the_steps_along_the_busy_line_arc_over_it_going_on_and_under_it_going_back() -> None:
    dot = source(_load(DISCOVERED), "flow")
    boxes = placed(dot)
    visit = boxes["care_worker_visit"]
    steps = {(tail, head): _route(a) for tail, head, a in edges(dot)}
    on, back = steps["care_worker_visit", "lift_to_clinic"], steps["lift_to_clinic", "care_worker_visit"]
    clinic = boxes["lift_to_clinic"]
    assert max(y for _, y in on) > visit.bottom + 20 and min(y for _, y in on) > clinic.bottom - 1  # y grows upwards
    assert min(y for _, y in back) < visit.top - 20 and max(y for _, y in back) < clinic.top + 1  # under the line
    longest = steps["care_worker_visit", "six_week_review"]
    shorter = steps["care_worker_visit", "shopping_and_meals"]
    assert max(y for _, y in longest) > max(y for _, y in shorter) + 20  # long arcs stand over short ones


def test_a_touchpoint_whose_cases_come_or_go_by_steps_not_shown_says_so(records: Journey) -> None:
    from journeymap.rendering.records import unshown_steps

    # 884 of Referral's 900 cases start there: the other 16 came by steps each seen in fewer than 5 cases.
    assert unshown_steps(records) == {"referral_received": "No step into it shown: each in fewer than 5 cases"}
    referral = groups(ET.fromstring(quietly(records, "svg")), "touchpoint")["touchpoint-referral_received"]
    assert "No step into it shown: each in fewer than 5 cases" in " ".join(texts_of(referral).split())
    assert any("No step into it shown" in t for t in _tooltips(referral))
    # Befriending's every step taken away, under a --min-cases of 1,200 and a filter of variants.
    assert records.evidence is not None
    evidence = attrs.evolve(records.evidence, filters=[
        "activities and steps in fewer than 1,200 cases left out",
        "the most common variants covering 80% of cases (720 of 900 cases)"])
    alone = records.replace(flow=[e for e in records.flow if "befriending" not in (e.source, e.target)],
                            evidence=evidence)
    assert unshown_steps(alone)["befriending"] == (
        "No step into or out of it shown: each in fewer than 1,200 cases or left out by a filter")
    # A touchpoint every case of which starts and ends there needs no step; a hand-made map says nothing.
    drop_in = Touchpoint(id="drop_in", name="Drop-in", cases=10, starts=10, ends=10)
    assert unshown_steps(Journey(title="T", stages=[Stage(name="S", touchpoints=[drop_in])],
                                 evidence=attrs.evolve(evidence, variants=[]))) == {}
    assert unshown_steps(records.replace(evidence=None)) == {}


def test_a_map_from_records_with_no_step_shown_draws_no_step(records: Journey) -> None:
    # Each case's steps too rare to show: the view draws none, never the file order's default steps.
    bare = records.replace(flow=[])
    assert bare.flow_edges == () and records.replace(flow=[], evidence=None).flow_edges != ()
    drawn = ET.fromstring(quietly(bare, "svg"))
    assert not [ident for ident in groups(drawn, "flow") if ident.startswith("flow-")]
    assert [ident for ident in groups(ET.fromstring(quietly(records, "svg")), "flow") if ident.startswith("flow-")]


def test_a_map_of_many_touchpoints_is_told_of_a_min_cases_that_keeps_few_enough() -> None:
    from journeymap.model_records import LogEvidence
    from journeymap.rendering.records import dense_flow_note

    points = [Touchpoint(id=f"t{n}", name=f"Activity {n}", cases=100 + n) for n in range(70)]
    flow = [FlowEdge(source="t69", target="t68", cases=150), FlowEdge(source="t1", target="t2", cases=100),
            FlowEdge(source="t60", target="t50", cases=135)]
    evidence = LogEvidence(log="log.csv", cases=200, events=9000, first="2024-01-01", last="2024-12-31")
    journey = Journey(title="T", stages=[Stage(name="S", touchpoints=points)], flow=flow, evidence=evidence)
    # The 41st busiest touchpoint has 129 cases: 130 keeps the 40 busiest, and two of the steps.
    assert dense_flow_note(journey) == ("70 touchpoints make a dense flow view: --min-cases 130 would keep the 2 steps "
                                        "and 40 touchpoints seen in at least 130 cases")
    assert dense_flow_note(journey.replace(stages=[Stage(name="S", touchpoints=points[:60])],
                                           flow=flow[1:2])) is None


def test_a_dense_map_draws_its_busiest_steps_and_its_cards_say_what_is_not_drawn(
        records: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.rendering import records as numbers

    monkeypatch.setattr(numbers, "DENSE_STEPS", 5)  # the fixture's 14 steps are a tangle, keeping about 3
    monkeypatch.setattr(numbers, "READABLE_STEPS", 3)
    busiest = sorted((e.cases or 0 for e in records.flow), reverse=True)
    cut = busiest[3] + 1
    cut = -(-cut // 10 ** max(len(str(cut)) - 2, 0)) * 10 ** max(len(str(cut)) - 2, 0)
    kept = numbers.drawn_steps(records)
    assert [i for i, e in enumerate(records.flow) if (e.cases or 0) >= cut] == list(kept) and len(kept) <= 3
    drawn = ET.fromstring(quietly(records, "svg"))
    assert sorted(ident for ident in groups(drawn, "flow") if ident.startswith("flow-")) == sorted(
        f"flow-{records.flow[i].source}-{records.flow[i].target}-{i}" for i in kept)
    cards = groups(drawn, "touchpoint")
    into, out = {records.flow[i].target for i in kept}, {records.flow[i].source for i in kept}
    for point in records.touchpoints:
        assert point.cases is not None
        missing = ((point.id not in into and (point.starts or 0) < point.cases)
                   or (point.id not in out and (point.ends or 0) < point.cases))
        said = " ".join(texts_of(cards[f"touchpoint-{point.id}"]).split())
        assert (f"shown: each in fewer than {cut:,} cases" in said) == missing, point.id
    # The text of the map, the report's, tells every step still: only the drawing leaves some out.
    assert numbers.unshown_steps(records) == {"referral_received": "No step into it shown: each in fewer than 5 cases"}


def test_touchpoints_no_drawn_step_reaches_stand_after_the_flow_in_short_columns() -> None:
    from journeymap.rendering.flow_content import Flow
    from journeymap.rendering.flow_place import Placed
    from journeymap.rendering.style import DEFAULT

    names = "abcdefghi"
    journey = Journey(title="T", stages=[Stage(id="s", name="S", touchpoints=[
        Touchpoint(id=name, name=name.upper()) for name in names])], flow=[FlowEdge(source="a", target="b")])
    placed = Placed(Flow(journey, analyse(journey), DEFAULT))
    (block,) = placed.blocks
    assert [[node.name for node in column.nodes] for column in block.columns] == [
        ["a"], ["b"], ["c", "d", "e"], ["f", "g", "h"], ["i"]]  # not one tower making the row as tall
