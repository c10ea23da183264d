"""Tests of where the flow's labels go: the grid of what is drawn, the first free place, the least crowded one."""

from __future__ import annotations

from journeymap.rendering.flow_route import Free, label_place, place_step_label, polyline, trace


def test_a_label_takes_the_first_free_place_along_its_route_and_the_next_one_another() -> None:
    free = Free()
    route = polyline([(0.0, 100.0), (400.0, 100.0)])
    first = free.first_clear(free.places(route, ["12 cases"], 10.0, beside=False))
    second = free.first_clear(free.places(route, ["12 cases"], 10.0, beside=False))
    assert first is not None and first[0] == 200.0 and first[1] < 100.0  # over the middle
    assert second is not None and second[0] != 200.0


def test_where_no_place_is_free_a_label_crosses_the_fewest_lines_and_never_a_node_or_a_label() -> None:
    free = Free()
    places = [label_place(centre, 10.0, 10.0, along_x=True) for centre in ((5.0, 5.0), (55.0, 5.0), (105.0, 5.0))]
    free.take((2.0, 2.0, 8.0, 8.0))  # a node under the first place
    free.take((45.0, 2.0, 65.0, 3.0), line=True)  # two lines through the second
    free.take((45.0, 6.0, 65.0, 7.0), line=True)
    free.take((95.0, 5.0, 115.0, 6.0), line=True)  # one through the third
    assert free.first_clear(places) is None
    assert free.least_crowded(places) == (105.0, 5.0)
    assert free.least_crowded(places) == (55.0, 5.0)  # the third now holds a label
    assert free.least_crowded(places) is None


def test_a_step_s_numbers_find_a_place_on_a_route_crossed_everywhere_by_lines() -> None:
    free = Free()
    for x in range(-100, 520, 6):  # lines across the whole route, every 6 points
        trace(free, polyline([(float(x), 0.0), (float(x), 200.0)]), 2.0)
    route = polyline([(0.0, 100.0), (200.0, 100.0), (400.0, 100.0)])
    place = place_step_label(free, route, route, ["884 cases · 1.1 days"], 10.0, 2.0, numbered=True)
    assert place is not None
    unnumbered = place_step_label(free, route, route, ["signposted"], 10.0, 2.0, numbered=False)
    assert unnumbered is not None and unnumbered[1] < 100.0  # a hand-made map's label: over its line all the same


def test_a_label_keeps_off_an_outline_where_it_can_and_crosses_one_rather_than_go_unlabelled() -> None:
    free = Free()
    free.take_outline((0.0, 0.0, 100.0, 50.0))
    across, inside = (label_place(centre, 40.0, 10.0, along_x=True) for centre in ((50.0, 50.0), (50.0, 30.0)))
    assert not free.clear(across[1])
    assert free.first_clear([across, inside]) == inside[0]  # the first place crosses the stage's bottom
    assert free.first_clear([across]) == across[0]  # and where none keeps off it, it is still labelled
    free = Free()
    free.take_outline((0.0, 0.0, 100.0, 50.0))
    free.take((0.0, 48.0, 200.0, 49.0), line=True)  # a line along the stage's bottom and on beside it
    beside = label_place((150.0, 50.0), 40.0, 10.0, along_x=True)
    assert free.least_crowded([across, beside]) == beside[0]  # an outline counts as a line crossed


def test_a_label_is_first_given_room_from_other_lines_along_its_own() -> None:
    """A line passing just past a label's end seems to be the one it names: the first place with _ROOM (8 points)
    either side along its line clear of every line but its own is taken before a nearer one that is only clear."""
    free = Free()
    route = polyline([(0.0, 100.0), (400.0, 100.0)])
    trace(free, route, 2.0, owner=0)
    trace(free, polyline([(225.0, 0.0), (225.0, 90.0)]), 2.0, owner=1)  # down to just over the middle's right end
    places = list(free.places(route, ["12 cases"], 10.0, beside=False))
    assert free.clear(places[0][1])  # the middle is clear, but 4 points from the other line
    roomy = free.first_clear(places, own=0)
    assert roomy is not None and roomy[0] < 200.0 and roomy[1] < 100.0  # further along, over its own line still
    assert Free().first_clear(places, own=0) == places[0][0]  # with nothing near, the middle
    own = Free()
    trace(own, route, 2.0, owner=0)
    trace(own, polyline([(225.0, 0.0), (225.0, 90.0)]), 2.0, owner=0)  # the same, but a piece of its own line
    assert own.first_clear(places, own=0) == places[0][0]
