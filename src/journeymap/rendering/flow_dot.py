"""The flow of a small map for Graphviz's dot to lay out: stages in one band, holders in another, edges between."""

from __future__ import annotations

import graphviz

from journeymap.model import Actor, Asset, Stage
from journeymap.rendering import dot
from journeymap.rendering.flow_content import Flow


def graph(flow: Flow) -> graphviz.Digraph:
    """The whole drawing, for dot to lay out."""
    graph_attr = flow.graph_attributes()
    graph_attr.update(rankdir="LR", newrank="true", nodesep="0.4", ranksep="0.3")
    g = flow.digraph(graph_attr)
    holdings = flow.holdings()
    # Two invisible bands, one for the journey and one for the people who bring assets to it: dot keeps
    # sibling clusters apart, so the stages stay in one row and the holders in another (dot picks which
    # band goes on top; with contributions pointing into the journey, that is the people's).
    with g.subgraph(name="cluster_people") as band:
        band.attr(style="invis", label="", margin="0")
        for actor in flow.journey.actors:
            if holdings[actor.id]:
                _holder(flow, band, actor, holdings[actor.id])
    with g.subgraph(name="cluster_journey") as band:
        band.attr(style="invis", label="", margin="0")
        for stage in flow.journey.stages:
            _stage(flow, band, stage)
    for index, edge in enumerate(flow.journey.flow_edges):
        dot.edge(g, edge.source, edge.target, flow.flow_edge(index, edge))
    for index, contribution in enumerate(flow.journey.contributions):
        dot.edge(g, contribution.asset, contribution.touchpoint, flow.contribution(index, contribution))
    # Set last, so that no cluster inherits it.
    g.attr(label=flow.heading())
    return g


def _stage(flow: Flow, g: graphviz.Digraph, stage: Stage) -> None:
    with g.subgraph(name=f"cluster_stage_{stage.id}") as c:
        c.attr(**flow.stage_attributes(stage), margin="12")
        for touchpoint in stage.touchpoints:
            node = flow.touchpoint(touchpoint)
            dot.node(c, node.name, node.attributes)
        if not stage.touchpoints:
            node = flow.placeholder(stage)
            dot.node(c, node.name, node.attributes)


def _holder(flow: Flow, g: graphviz.Digraph, actor: Actor, assets: list[Asset]) -> None:
    with g.subgraph(name=f"cluster_actor_{actor.id}") as c:
        c.attr(**flow.holder_attributes(actor), margin="10")
        # One column per holder: its assets side by side in one rank, under where the first is used.
        with c.subgraph() as column:
            column.attr(rank="same")
            for node in (flow.holder_title(actor), *(flow.asset(asset, actor) for asset in assets)):
                dot.node(column, node.name, node.attributes)
