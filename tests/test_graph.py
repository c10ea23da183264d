"""journeymap.graph: the networkx view of a journey, the graph analyses, and their use in checks and analysis."""

from __future__ import annotations

import doctest
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given

from journeymap.analysis import analyse
from journeymap.checks import find_warnings
from journeymap.graph import (
    EDGE_KINDS,
    NODE_KINDS,
    chokepoints,
    end_touchpoints,
    flow_graph,
    reachable_from,
    start_touchpoints,
    to_networkx,
    unreachable_touchpoints,
)
from journeymap.io import load
from journeymap.model import FlowEdge, Journey, Touchpoint
from journeymap.tables import analysis_tables
from strategies import actor, all_ids, design_example, journey, journeys, touchpoint

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sight_loss.yaml"


def flowing(*steps: str, touchpoints: str = "abcdef") -> Journey:
    """A one-stage journey of touchpoints named by letters, with these flow steps ("ab" is a → b)."""
    return journey(*(touchpoint(t) for t in touchpoints), flow=[FlowEdge(source=s[0], target=s[1]) for s in steps])


def ids(touchpoints: Iterable[Touchpoint]) -> list[str]:
    return [t.id for t in touchpoints]


# -- the graph -----------------------------------------------------------------


def test_the_design_example_as_a_graph() -> None:
    example = design_example()
    graph = to_networkx(example)
    assert list(graph.nodes(data="kind")) == [
        ("margaret", "actor"), ("jenny", "actor"), ("rehab", "actor"), ("club", "actor"),
        ("know_how", "asset"), ("jenny_time", "asset"), ("club_network", "asset"),
        ("diagnosis", "stage"), ("support", "stage"),
        ("clinic", "touchpoint"), ("home_visit", "touchpoint"), ("group", "touchpoint")]
    assert Counter(kind for _, _, kind in graph.edges(data="kind")) == {
        "holding": 3, "membership": 3, "presence": 7, "flow": 2, "contribution": 2}
    assert graph.nodes["clinic"] == {
        "kind": "touchpoint", "obj": example.touchpoint("clinic"), "name": "Eye clinic appointment",
        "stage": "diagnosis", "channel": "face_to_face", "emotion": -2, "involvement": "informing", "lane": None,
        "moment_of_truth": True, **dict.fromkeys(["cases", "events", "starts", "ends"])}
    assert graph.nodes["jenny"] == {"kind": "actor", "obj": example.actor("jenny"), "name": "Jenny (daughter)",
                                    "role": "carer", "side": "citizen", "willingness": "weekly"}
    assert graph.nodes["jenny_time"] == {"kind": "asset", "obj": example.asset("jenny_time"), "name": "Time",
                                         "asset_kind": "time", "holder": "jenny", "hours_per_month": 8}
    without_records = dict.fromkeys(["cases", "median_hours", "p90_hours"])  # a hand-made map's
    assert graph.nodes["support"] == {"kind": "stage", "obj": example.stage("support"), "name": "Getting support",
                                      **without_records, "entry_cases": None}
    assert list(graph.get_edge_data("clinic", "home_visit").values()) == [
        {"kind": "flow", "label": "referral", "index": 0, **without_records}]
    assert list(graph.get_edge_data("club_network", "clinic").values()) == [
        {"kind": "contribution", "phase": "co_delivery", "status": "potential",
         "note": "Group volunteers could meet people at the clinic", "index": 1, "cases": None, "events": None}]
    assert list(graph.get_edge_data("support", "group").values()) == [{"kind": "membership", "order": 1}]
    assert graph.graph == {"title": "Living well with sight loss", "persona": "margaret", "explicit_flow": True,
                           **dict.fromkeys(["log", "cases", "events", "threshold"])}  # from records: none


def test_without_a_flow_the_graph_follows_file_order() -> None:
    graph = to_networkx(journey(touchpoint("a"), touchpoint("b"), touchpoint("c")))
    assert [(u, v) for u, v, kind in graph.edges(data="kind") if kind == "flow"] == [("a", "b"), ("b", "c")]
    assert graph.graph["explicit_flow"] is False


def test_the_graph_is_the_same_for_the_same_map() -> None:
    first, again = to_networkx(load(EXAMPLE)), to_networkx(load(EXAMPLE))
    assert list(first.nodes) == list(again.nodes)
    assert list(first.edges(keys=True, data="kind")) == list(again.edges(keys=True, data="kind"))


@given(journeys())
def test_one_node_per_item_and_one_edge_per_link(mapped: Journey) -> None:
    graph = to_networkx(mapped)
    assert list(graph.nodes) == all_ids(mapped)
    kinds = ["actor"] * len(mapped.actors) + ["asset"] * len(mapped.assets)
    kinds += ["stage"] * len(mapped.stages) + ["touchpoint"] * len(mapped.touchpoints)
    assert [kind for _, kind in graph.nodes(data="kind")] == kinds
    assert all(data["obj"].id == node for node, data in graph.nodes(data=True))
    counted = Counter(kind for _, _, kind in graph.edges(data="kind"))
    assert set(counted) <= set(EDGE_KINDS) and set(kinds) <= set(NODE_KINDS)
    assert counted["holding"] == len(mapped.assets)
    assert counted["membership"] == len(mapped.touchpoints)
    assert counted["presence"] == sum(len(t.actors) for t in mapped.touchpoints)
    assert counted["flow"] == len(mapped.flow_edges)
    assert counted["contribution"] == len(mapped.contributions)
    contributions = sorted((d["index"], u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "contribution")
    assert contributions == [(i, c.asset, c.touchpoint) for i, c in enumerate(mapped.contributions)]


@given(journeys(records=True))
def test_what_records_say_is_on_the_nodes_and_flow_edges(mapped: Journey) -> None:
    graph = to_networkx(mapped)
    for point in mapped.touchpoints:
        node = graph.nodes[point.id]
        assert (node["cases"], node["events"], node["starts"], node["ends"]) == (
            point.cases, point.events, point.starts, point.ends)
    for stage in mapped.stages:
        node = graph.nodes[stage.id]
        assert (node["cases"], node["median_hours"], node["p90_hours"], node["entry_cases"]) == (
            stage.cases, stage.median_hours, stage.p90_hours, stage.entry_cases)
    evidence = mapped.evidence
    if evidence is not None:
        assert (graph.graph["log"], graph.graph["cases"], graph.graph["events"], graph.graph["threshold"]) == (
            evidence.log, evidence.cases, evidence.events, evidence.threshold)
    steps = sorted((d["index"], u, v, d["cases"], d["median_hours"], d["p90_hours"])
                   for u, v, d in graph.edges(data=True) if d["kind"] == "flow")
    assert steps == [(i, e.source, e.target, e.cases, e.median_hours, e.p90_hours)
                     for i, e in enumerate(mapped.flow_edges)]


# -- reachability, starts and ends, against brute force ------------------------------


def successors(mapped: Journey) -> dict[str, set[str]]:
    nexts: dict[str, set[str]] = {t.id: set() for t in mapped.touchpoints}
    for step in mapped.flow_edges:
        nexts[step.source].add(step.target)
    return nexts


def closure(nexts: dict[str, set[str]], start: Iterable[str], without: str | None = None) -> set[str]:
    """Everything one or more steps from ``start``, never passing ``without``."""
    found: set[str] = set()
    frontier = {n for s in start if s != without for n in nexts[s]} - {without}
    while frontier:
        found |= frontier
        frontier = {n for f in frontier for n in nexts[f]} - found - {without}
    return found


def brute_starts_and_ends(mapped: Journey) -> tuple[list[str], list[str]]:
    nexts = successors(mapped)
    linked = {s.source for s in mapped.flow_edges} | {s.target for s in mapped.flow_edges}
    in_flow = [t.id for t in mapped.touchpoints if t.id in linked] or [t.id for t in mapped.touchpoints]
    sources = [t for t in in_flow if not any(t in nexts[o] for o in nexts if o != t)]
    ends = [t for t in in_flow if all(t in closure(nexts, [r]) for r in closure(nexts, [t]))]
    return sources or in_flow[:1], ends


@given(journeys())
def test_reachable_is_what_steps_lead_to(mapped: Journey) -> None:
    nexts = successors(mapped)
    for visit in mapped.touchpoints:
        assert set(ids(reachable_from(mapped, visit))) == closure(nexts, [visit.id]) - {visit.id}
        assert ids(reachable_from(mapped, visit.id)) == ids(reachable_from(mapped, visit))


@given(journeys())
def test_starts_ends_and_the_unreachable_agree_with_brute_force(mapped: Journey) -> None:
    starts, ends = brute_starts_and_ends(mapped)
    assert ids(start_touchpoints(mapped)) == starts
    assert ids(end_touchpoints(mapped)) == ends
    reached = set(starts) | closure(successors(mapped), starts)
    assert ids(unreachable_touchpoints(mapped)) == [t.id for t in mapped.touchpoints if t.id not in reached]


@given(journeys())
def test_chokepoints_are_the_touchpoints_whose_removal_cuts_every_start_from_every_end(mapped: Journey) -> None:
    starts, ends = brute_starts_and_ends(mapped)
    nexts = successors(mapped)
    cut = [t.id for t in mapped.touchpoints
           if t.id in starts + list(closure(nexts, starts))
           and not ({s for s in starts if s != t.id} | closure(nexts, starts, without=t.id)) & (set(ends) - {t.id})]
    found = ids(chokepoints(mapped))
    assert sorted(found) == sorted(cut)
    for earlier, later in zip(found, found[1:]):  # in the order a path meets them
        assert later in closure(nexts, [earlier])


def test_reachable_from_an_unknown_touchpoint_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="nowhere"):
        reachable_from(flowing("ab"), "nowhere")


def test_a_line_has_every_touchpoint_as_a_chokepoint() -> None:
    mapped = journey(touchpoint("a"), touchpoint("b"), touchpoint("c"))
    assert ids(chokepoints(mapped)) == ["a", "b", "c"]
    assert ids(start_touchpoints(mapped)) == ["a"] and ids(end_touchpoints(mapped)) == ["c"]


def test_a_branch_is_not_a_chokepoint_but_where_it_joins_is() -> None:
    assert ids(chokepoints(flowing("ab", "ac", "bd", "cd", touchpoints="abcd"))) == ["a", "d"]


def test_a_loop_adds_no_chokepoint_and_ends_where_the_flow_leaves_it() -> None:
    mapped = flowing("ab", "bc", "cb", "cd", touchpoints="abcd")
    assert ids(chokepoints(mapped)) == ["a", "b", "c", "d"]
    assert ids(chokepoints(flowing("ab", "bc", "cb", "bd", touchpoints="abcd"))) == ["a", "b", "d"]


def test_a_loop_with_no_way_out_is_an_end() -> None:
    mapped = flowing("ab", "bc", "cb", "ad", touchpoints="abcd")
    assert ids(end_touchpoints(mapped)) == ["b", "c", "d"]
    assert ids(chokepoints(mapped)) == ["a"]


def test_two_ways_in_make_no_chokepoint_before_they_meet() -> None:
    mapped = flowing("ac", "bc", "cd", touchpoints="abcd")
    assert ids(start_touchpoints(mapped)) == ["a", "b"]
    assert ids(chokepoints(mapped)) == ["c", "d"]


def test_a_flow_that_loops_back_to_its_start_starts_at_the_first_touchpoint() -> None:
    mapped = flowing("ab", "bc", "ca", touchpoints="abc")
    assert ids(start_touchpoints(mapped)) == ["a"]
    assert ids(unreachable_touchpoints(mapped)) == []


def test_a_loop_nothing_leads_into_cannot_be_reached() -> None:
    mapped = flowing("ab", "cd", "dc", touchpoints="abcd")
    assert ids(unreachable_touchpoints(mapped)) == ["c", "d"]
    assert ids(chokepoints(mapped)) == ["a", "b"]


def test_a_touchpoint_outside_an_explicit_flow_is_neither_start_nor_reached() -> None:
    mapped = flowing("ab", "bc", touchpoints="abcd")
    assert ids(start_touchpoints(mapped)) == ["a"]
    assert ids(unreachable_touchpoints(mapped)) == ["d"]
    assert ids(chokepoints(mapped)) == ["a", "b", "c"]


def test_one_touchpoint_and_none() -> None:
    alone = journey(touchpoint("a"))
    assert ids(chokepoints(alone)) == ["a"] and ids(unreachable_touchpoints(alone)) == []
    empty = Journey(title="Nothing yet")
    assert chokepoints(empty) == start_touchpoints(empty) == end_touchpoints(empty) == ()
    assert list(flow_graph(empty)) == []


def test_the_sight_loss_example() -> None:
    example = load(EXAMPLE)
    assert ids(chokepoints(example)) == ["gp_visit", "clinic", "eclo_chat", "group", "review"]
    assert ids(reachable_from(example, "registration")) == ["home_visit", "equipment", "group", "review"]
    assert unreachable_touchpoints(example) == ()


# -- in checks and in the analysis -----------------------------------------------------


def test_check_warns_about_a_touchpoint_the_flow_cannot_reach() -> None:
    mapped = flowing("ab", "cd", "dc", touchpoints="abcd")
    warnings = [w for w in find_warnings(mapped) if "reached" in w.message]
    assert [(w.path, w.value) for w in warnings] == [
        (("stages", 0, "touchpoints", 2), "c"), (("stages", 0, "touchpoints", 3), "d")]
    assert warnings[0].message == "touchpoint 'c' cannot be reached along the flow"
    assert warnings[0].suggestion == ("no path of flow steps leads to it from where the journey starts ('a'); "
                                      "add a step into it from a touchpoint on the way")


def test_a_touchpoint_outside_the_flow_is_warned_about_once() -> None:
    (warning,) = find_warnings(flowing("ab", "bc", touchpoints="abcd"))
    assert warning.message == "touchpoint 'd' is not in the flow"


def test_the_analysis_lists_the_moments_everyone_passes_through() -> None:
    found = analyse(flowing("ab", "ac", "bd", "cd", touchpoints="abcd"))
    assert [(c.touchpoint.id, c.stage.id) for c in found.chokepoints] == [("a", "s"), ("d", "s")]
    assert found.to_dict()["chokepoints"] == [{"touchpoint": "a", "stage": "s", "passive": False},
                                              {"touchpoint": "d", "stage": "s", "passive": False}]
    assert analyse(design_example()).to_dict()["chokepoints"] == [
        {"touchpoint": "clinic", "stage": "diagnosis", "passive": True},
        {"touchpoint": "home_visit", "stage": "support", "passive": False},
        {"touchpoint": "group", "stage": "support", "passive": True}]


def test_the_analysis_tables_show_them_and_whether_they_are_passive() -> None:
    text = analysis_tables(analyse(journey(touchpoint("a", "ann"), touchpoint("b"), actors=[actor("ann")])))
    assert "Chokepoints: moments everyone passes through (2)\ntouchpoint  stage  passive\n" in text
    assert "\nA           Stage  yes\nB           Stage  no\n" in text


# -- docs/networkx.md ----------------------------------------------------------------


def test_the_worked_example_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "networkx.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", page, re.S)
    assert len(blocks) >= 5
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "docs/networkx.md", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    monkeypatch.chdir(ROOT)
    runner.run(test)
    assert len(test.examples) >= 15
    assert runner.summarize(verbose=False).failed == 0


@given(journey=journeys())
def test_without_a_flow_the_chokepoints_are_every_touchpoint_as_networkx_finds(journey: Journey) -> None:
    linear = journey.replace(flow=[])
    written_out = linear.replace(flow=list(linear.flow_edges))  # the same chain as a flow: networkx answers
    assert chokepoints(linear) == (chokepoints(written_out) if written_out.flow else linear.touchpoints)
