"""The journey as a networkx graph, and the analyses that are graph questions (reachability, chokepoints).

networkx is imported by the functions that use it, not with this module: it takes longer to import than
the rest of journeymap, and most commands never ask a graph question.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from journeymap.errors import expect
from journeymap.model import Journey, Touchpoint

NODE_KINDS = ("actor", "asset", "stage", "touchpoint")
"""The ``kind`` attribute of the nodes of :func:`to_networkx`."""

EDGE_KINDS = ("holding", "membership", "presence", "flow", "contribution")
"""The ``kind`` attribute of the edges of :func:`to_networkx`."""

# Sentinels standing before every start and after every end; ids are strings, so these cannot clash.
_START, _END = ("journeymap", "start"), ("journeymap", "end")


def to_networkx(journey: Journey) -> nx.MultiDiGraph:
    """The journey as a ``MultiDiGraph``: one node per actor, asset, stage and touchpoint, keyed by id.

    Every node has ``kind`` (actor, asset, stage, touchpoint), ``obj`` (the model object) and ``name``;
    every edge has ``kind``: ``holding`` (actor → asset), ``membership`` (stage → touchpoint, ``order``),
    ``presence`` (actor → touchpoint), ``flow`` (touchpoint → touchpoint, ``label``, ``index``; the flow
    as written, or file order without one) and ``contribution`` (asset → touchpoint, ``phase``,
    ``status``, ``note``, ``index``). Nodes and edges are added in file order. What records say (maps from
    ``journeymap discover``) is there too, None where a map does not say it: touchpoints' and stages' ``cases``,
    touchpoints' ``events``, ``starts`` and ``ends``, flow steps' and stages' ``cases``, ``median_hours`` and
    ``p90_hours`` (a stage's: the wait on entering it, of its ``entry_cases``), contributions' ``cases`` and
    ``events``, and the graph's ``log``, ``cases``, ``events`` and ``threshold`` — e.g. the weight of a shortest path
    by median time.

    >>> from journeymap.model import Actor, Asset, Contribution, Journey, Stage, Touchpoint
    >>> journey = Journey(
    ...     title="Sight loss",
    ...     actors=[Actor(id="jenny", name="Jenny", role="carer")],
    ...     assets=[Asset(id="jenny_time", holder="jenny", kind="time")],
    ...     stages=[Stage(id="support", name="Support", touchpoints=[
    ...         Touchpoint(id="visit", name="Home visit", actors=["jenny"]),
    ...         Touchpoint(id="group", name="Group meeting")])],
    ...     contributions=[Contribution(asset="jenny_time", touchpoint="visit", phase="co_delivery")],
    ... )
    >>> graph = to_networkx(journey)
    >>> list(graph.nodes(data="kind"))
    [('jenny', 'actor'), ('jenny_time', 'asset'), ('support', 'stage'), ('visit', 'touchpoint'), ('group', 'touchpoint')]
    >>> [(u, v, kind) for u, v, kind in graph.edges(data="kind")]  # doctest: +NORMALIZE_WHITESPACE
    [('jenny', 'jenny_time', 'holding'), ('jenny', 'visit', 'presence'), ('jenny_time', 'visit', 'contribution'),
     ('support', 'visit', 'membership'), ('support', 'group', 'membership'), ('visit', 'group', 'flow')]
    >>> graph.nodes["visit"]["stage"], graph.nodes["jenny_time"]["obj"] is journey.assets[0]
    ('support', True)
    """
    expect(journey, Journey, "to_networkx(journey)")
    import networkx as nx

    evidence = journey.evidence
    graph = nx.MultiDiGraph(title=journey.title, persona=journey.persona, explicit_flow=bool(journey.flow),
                            log=evidence and evidence.log, cases=evidence and evidence.cases,
                            events=evidence and evidence.events, threshold=evidence and evidence.threshold)
    for actor in journey.actors:
        graph.add_node(actor.id, kind="actor", obj=actor, name=actor.name, role=actor.role.value,
                       side=actor.side.value, willingness=_value(actor.willingness))
    for asset in journey.assets:
        graph.add_node(asset.id, kind="asset", obj=asset, name=asset.label, asset_kind=asset.kind.value,
                       holder=asset.holder, hours_per_month=asset.hours_per_month)
    for stage in journey.stages:
        graph.add_node(stage.id, kind="stage", obj=stage, name=stage.name, cases=stage.cases,
                       median_hours=stage.median_hours, p90_hours=stage.p90_hours, entry_cases=stage.entry_cases)
    graph.add_nodes_from(_touchpoint_nodes(journey))
    for asset in journey.assets:
        graph.add_edge(asset.holder, asset.id, kind="holding")
    for stage in journey.stages:
        for order, touchpoint in enumerate(stage.touchpoints):
            graph.add_edge(stage.id, touchpoint.id, kind="membership", order=order)
    for touchpoint in journey.touchpoints:
        graph.add_edges_from((actor, touchpoint.id, {"kind": "presence"}) for actor in touchpoint.actors)
    graph.add_edges_from(_flow_steps(journey))
    for index, c in enumerate(journey.contributions):
        graph.add_edge(c.asset, c.touchpoint, kind="contribution", phase=c.phase.value, status=c.status.value,
                       note=c.note, index=index, cases=c.cases, events=c.events)
    return graph


def _touchpoint_nodes(journey: Journey) -> Iterator[tuple[str, dict[str, Any]]]:
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            yield touchpoint.id, {
                "kind": "touchpoint", "obj": touchpoint, "name": touchpoint.name, "stage": stage.id,
                "channel": touchpoint.channel, "emotion": touchpoint.emotion,
                "involvement": _value(touchpoint.involvement), "lane": _value(touchpoint.lane),
                "moment_of_truth": touchpoint.moment_of_truth, "cases": touchpoint.cases, "events": touchpoint.events,
                "starts": touchpoint.starts, "ends": touchpoint.ends,
            }


def _flow_steps(journey: Journey) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for index, step in enumerate(journey.flow_edges):
        yield step.source, step.target, {"kind": "flow", "label": step.label, "index": index, "cases": step.cases,
                                         "median_hours": step.median_hours, "p90_hours": step.p90_hours}


def _value(word: object) -> str | None:
    return None if word is None else str(word)


def flow_graph(journey: Journey) -> nx.DiGraph:
    """The touchpoints (every one, in file order) and the flow steps between them, as a ``DiGraph``.

    The touchpoint nodes and flow edges of :func:`to_networkx`, built without the rest of the map.
    """
    expect(journey, Journey, "flow_graph(journey)")
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_nodes_from(_touchpoint_nodes(journey))
    flow.add_edges_from(_flow_steps(journey))
    return flow


def start_touchpoints(journey: Journey) -> tuple[Touchpoint, ...]:
    """Touchpoints in the flow with no step into them from another; if every one has a way in, the first."""
    return _touchpoints(journey, _starts(flow_graph(journey)))


def end_touchpoints(journey: Journey) -> tuple[Touchpoint, ...]:
    """Touchpoints in the flow with no way out of them, or out of the loop they are in."""
    return _touchpoints(journey, _ends(flow_graph(journey)))


def reachable_from(journey: Journey, touchpoint: str | Touchpoint) -> tuple[Touchpoint, ...]:
    """The touchpoints the flow leads to from this one, in file order; never itself, even on a loop."""
    import networkx as nx

    return _touchpoints(journey, nx.descendants(flow_graph(journey), journey.touchpoint(touchpoint).id))


def unreachable_touchpoints(journey: Journey) -> tuple[Touchpoint, ...]:
    """Touchpoints no path along the flow leads to from a start (those outside an explicit flow among them)."""
    import networkx as nx

    flow = flow_graph(journey)
    starts = _starts(flow)
    reached = set(starts).union(*(nx.descendants(flow, s) for s in starts))
    return tuple(t for t in journey.touchpoints if t.id not in reached)


def chokepoints(journey: Journey) -> tuple[Touchpoint, ...]:
    """Touchpoints every path from a start to an end passes through, in the order they are met."""
    # The dominators of a sink after every end, from a source before every start: a loop adds no
    # chokepoint, a second way in or out makes fewer, and what cannot be reached is left out
    # (docs/networkx.md says more).
    if not journey.flow:  # touchpoints in file order: one path, through every one of them
        return journey.touchpoints
    import networkx as nx

    flow = flow_graph(journey)
    starts, ends = _starts(flow), _ends(flow)
    if not starts:
        return ()
    flow.add_edges_from((_START, s) for s in starts)
    flow.add_edges_from((e, _END) for e in ends)
    dominators = nx.immediate_dominators(flow, _START)
    tree = nx.DiGraph((parent, child) for child, parent in dominators.items() if child != parent)
    return tuple(journey.touchpoint(i) for i in nx.shortest_path(tree, _START, _END)[1:-1])


def _in_flow(flow: nx.DiGraph) -> list[str]:
    """Touchpoints with a flow step from or to them; every one when there are no steps (one touchpoint)."""
    return [n for n in flow if flow.degree(n)] or list(flow)


def _starts(flow: nx.DiGraph) -> list[str]:
    in_flow = _in_flow(flow)
    sources = [n for n in in_flow if not set(flow.predecessors(n)) - {n}]
    return sources or in_flow[:1]


def _ends(flow: nx.DiGraph) -> list[str]:
    import networkx as nx

    condensed = nx.condensation(flow)
    last = {n for c in condensed if not condensed.out_degree(c) for n in condensed.nodes[c]["members"]}
    return [n for n in _in_flow(flow) if n in last]


def _touchpoints(journey: Journey, ids: Iterable[str]) -> tuple[Touchpoint, ...]:
    """The touchpoints with these ids, in file order."""
    wanted = set(ids)
    return tuple(t for t in journey.touchpoints if t.id in wanted)

