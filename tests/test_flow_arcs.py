"""Tests of flow_arcs: steps along a line of touchpoints on levels of their own, nested, ends ordered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import FlowEdge
from journeymap.rendering.flow_arcs import Arcs, plan
from journeymap.rendering.flow_content import Node

_COLUMNS = 7


def _arcs(pairs: list[tuple[int, int]], stacked_under: frozenset[int] = frozenset()) -> Arcs:
    """The arcs of steps between touchpoints t0..t6 on one line, column n holding tn (and un under it)."""
    edges = [FlowEdge(source=f"t{a}", target=f"t{b}") for a, b in pairs]
    return plan(edges, lambda name: (0, int(name[1:])),
                lambda name, above: above or int(name[1:]) not in stacked_under,
                lambda edge: 2.0, lambda edge: 14.0)


def test_steps_going_on_arc_over_the_line_and_going_back_under_it_but_not_the_next_column() -> None:
    arcs = _arcs([(0, 1), (0, 2), (2, 0), (1, 0), (3, 3)]).arcs
    assert set(arcs) == {1, 2, 3, 4}  # straight on to the next column is no arc
    assert arcs[1].above and not arcs[2].above and not arcs[3].above and arcs[4].above


def test_a_touchpoint_with_another_under_it_is_left_over_the_line() -> None:
    arcs = _arcs([(2, 0), (3, 1)], stacked_under=frozenset({2})).arcs
    assert arcs[0].above and not arcs[1].above


def test_long_arcs_stand_over_short_ones_and_touching_arcs_share_a_level() -> None:
    arcs = _arcs([(0, 2), (0, 4), (2, 4), (4, 6), (1, 5)]).arcs
    assert arcs[0].level == 1 and arcs[2].level == 1 and arcs[3].level == 1  # meeting only at a column
    assert arcs[1].level > max(arcs[0].level, arcs[2].level)
    assert arcs[4].level not in {arcs[0].level, arcs[1].level, arcs[2].level, arcs[3].level}


def test_the_band_grows_with_the_arcs_it_holds() -> None:
    one, three = _arcs([(0, 2)]), _arcs([(0, 2), (0, 4), (0, 6)])
    assert _arcs([]).band(0, True) == 0 and 0 < one.band(0, True) < three.band(0, True)
    assert three.band(0, False) == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, _COLUMNS - 1), st.integers(0, _COLUMNS - 1)), max_size=14, unique=True))
def test_no_arc_rises_through_a_lower_arc_it_shares_a_touchpoint_with(pairs: list[tuple[int, int]]) -> None:
    arcs = _arcs(pairs)
    nodes = {f"t{n}": Node(f"t{n}", {}, 160.0, 60.0, x=100.0 + 220 * n, y=300.0) for n in range(_COLUMNS)}
    routes, _ = arcs.routes(nodes, [270.0], [330.0], [])
    for index, arc in arcs.arcs.items():
        assert arc.level >= 1 and (routes[index].y < 270 if arc.above else routes[index].y > 330)
        for other_index, other in arcs.arcs.items():
            if other.level <= arc.level or other.above != arc.above:
                continue
            if arc.meets(other):
                assert other.level != arc.level
            if {arc.source, arc.target} & {other.source, other.target}:  # the higher's rises miss the lower's run
                run = routes[index]
                rises = {routes[other_index].route[0][0], routes[other_index].route[-1][0]}
                assert not any(run.left < x < run.right for x in rises), (arc, other)
