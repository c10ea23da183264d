"""Tests of the flow's contributions as drawn: each reaches its touchpoint clear of every other node, every stage's
name and every other holder, by one curve where that is clear and by the corridors where it is not."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import pytest

from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.rendering import render
from journeymap.rendering.fonts import text_width
from test_flow import SVG, Box, branching, crisscross, drawn, generated, groups
from test_render import ROOT, _load

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def stacked() -> Journey:
    """Touchpoints no step reaches, stacked three to a column, and holders under them reaching the middle ones
    (as on a map discovered from records, where a group's time is given at many rare activities)."""
    people = [Actor(id="pat", name="Pat", role="service_user"), *(
        Actor(id=f"group{n}", name=f"Group {n}", role="volunteer") for n in range(3))]
    visits = [Touchpoint(id=f"visit{n}", name=f"Visit number {n}", actors=["pat"]) for n in range(12)]
    return Journey(title="Stacked", persona="pat", actors=people,
                   stages=[Stage(id="care", name="Care", touchpoints=visits)],
                   flow=[FlowEdge(source="visit0", target="visit1")],
                   assets=[Asset(id=f"time{n}", holder=f"group{n}", kind="time") for n in range(3)],
                   contributions=[Contribution(asset=f"time{n % 3}", touchpoint=f"visit{n}", phase="co_delivery")
                                  for n in range(12)])


MAPS: dict[str, Callable[[], Journey]] = {
    **{path.stem: (lambda path=path: _load(path)) for path in sorted((ROOT / "examples").glob("*.yaml"))},
    "records": lambda: _load(ROOT / "examples" / "records" / "community_care_map.yaml"),
    "generated": lambda: generated(200), "branching": lambda: branching(120), "crisscross": lambda: crisscross(60),
    "stacked": stacked}


def _route(path: ET.Element) -> Iterator[tuple[float, float]]:
    """Points along an SVG path of cubic Bézier pieces (M x,y C x,y x,y x,y ...), twenty a piece."""
    numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
    points = list(zip(numbers[::2], numbers[1::2]))
    for start in range(0, len(points) - 3, 3):
        a, b, c, d = points[start:start + 4]
        for step in range(21):
            t = step / 20
            w = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3)
            yield sum(k * p[0] for k, p in zip(w, (a, b, c, d))), sum(k * p[1] for k, p in zip(w, (a, b, c, d)))


def _name(stage: ET.Element) -> Box:
    """The box of a stage's name as drawn (its first line of text)."""
    text = next(stage.iter(f"{SVG}text"))
    x, y, size = (float(text.get(key, "0")) for key in ("x", "y", "font-size"))
    return Box(x, y - size, x + text_width(text.text or "", size, bold=True), y + 0.25 * size)


def _inside(box: Box, x: float, y: float) -> bool:
    return box.left + 1 < x < box.right - 1 and box.top + 1 < y < box.bottom - 1


@pytest.mark.parametrize("make", MAPS.values(), ids=MAPS.keys())
def test_no_contribution_crosses_another_node_a_stage_s_name_or_another_holder(make: Callable[[], Journey]) -> None:
    journey = make()
    svg = ET.fromstring(render(journey, "flow", "svg"))
    nodes = {name: drawn(g) for kind in ("touchpoint", "asset") for name, g in groups(svg, kind).items()}
    holders = {name: drawn(g) for name, g in groups(svg, "actor").items()}
    names = [_name(g) for g in groups(svg, "stage").values()]
    holder_of = {asset.id: asset.holder for asset in journey.assets}
    edges = groups(svg, "contribution")
    assert len(edges) == len(journey.contributions) > 0
    crossed = []
    for index, contribution in enumerate(journey.contributions):
        own = {f"asset-{contribution.asset}", f"touchpoint-{contribution.touchpoint}",
               f"actor-{holder_of[contribution.asset]}"}
        path = next(edges[f"contribution-{contribution.asset}-{contribution.touchpoint}-{index}"].iter(f"{SVG}path"))
        for x, y in _route(path):
            crossed += [(index, name) for name, box in {**nodes, **holders}.items()
                        if name not in own and _inside(box, x, y)]
            crossed += [(index, "a stage's name") for box in names if _inside(box, x, y)]
    assert sorted(set(crossed)) == []


def test_a_contribution_whose_curve_would_cross_a_stage_s_name_runs_by_the_corridor_instead() -> None:
    svg = ET.fromstring(render(_load(ROOT / "examples" / "sight_loss.yaml"), "flow", "svg"))
    (path,) = groups(svg, "contribution")["contribution-independence-home_visit-3"].iter(f"{SVG}path")
    numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
    points = list(zip(numbers[::2], numbers[1::2]))
    assert len(points) > 4  # not one curve: its curve struck out "Living well"
    corners = points[::3]
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(corners, corners[1:]))  # straight runs, as a corridor's



@pytest.mark.parametrize("make", MAPS.values(), ids=MAPS.keys())
def test_every_contribution_ends_at_an_arrowhead_of_its_own(make: Callable[[], Journey]) -> None:
    # Ends on one side of a touchpoint, as on a stacked column's, had met in one point: one line seemed to end there.
    svg = ET.fromstring(render(make(), "flow", "svg"))
    heads = [tuple(round(float(n)) for n in _NUMBER.findall(next(g.iter(f"{SVG}polygon")).get("points", ""))[:2])
             for g in groups(svg, "contribution").values()]
    assert len(heads) == len(set(heads)) > 0
