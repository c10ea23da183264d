"""The flow drawn as flow_place placed it: a DOT graph for neato -n2, every cluster, node and edge where it stands,
each label where it keeps clear (flow_route), y turned upwards as Graphviz counts it."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import chain

import graphviz

from journeymap.rendering import dot
from journeymap.rendering.flow_content import Node
from journeymap.rendering.flow_fold import PAD
from journeymap.rendering.flow_place import DETOUR_LANES, Placed
from journeymap.rendering.flow_reach import contribution_ends, contribution_routes
from journeymap.rendering.flow_route import Free, Place, Point, at, place_step_label, share_lanes, trace
from journeymap.rendering.flow_arcs import ArcRoute, place_label
from journeymap.rendering.records import step_label, step_text
from journeymap.wording import words

__all__ = ["draw"]

_ARROW = 8.0  # an arrowhead's length: Graphviz's 10 points times the arrowsize, 0.8


_BORDER = 2.0  # as far as a node's border may be drawn outside its box: a thick one is drawn half outside


def draw(placed: Placed) -> graphviz.Digraph:
    """The whole drawing of a placed map, every node and edge at its place, for neato -n2."""
    return _Drawing(placed).graph()


class _Drawing:
    """One placed map being written as DOT."""

    def __init__(self, placed: Placed) -> None:
        self.placed = placed
        self.flow = placed.flow
        self.height = placed.height

    def graph(self) -> graphviz.Digraph:
        placed, flow, theme = self.placed, self.flow, self.flow.theme
        g = graphviz.Digraph(
            name=dot.graph_name(placed.journey.title),
            graph_attr={"fontname": theme.font, "fontsize": str(theme.heading_size), "bgcolor": theme.background,
                        "pad": "0.4", "labelloc": "t", "labeljust": "l", "outputorder": "edgesfirst",
                        "class": "journeymap flow", "layout": "nop2"},
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "shape": "box", "margin": "0.1,0.06"},
            edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size), "fontcolor": theme.ink,
                       "arrowsize": "0.8"},
        )
        widths = flow.widths  # from records, a step's width and arrowhead grow with its cases
        # Graphviz draws the edges of the nodes declared first first: on a map with numbers, the holders' (the
        # contributions), so that the steps' labels, on their backdrops, stay over them.
        clusters = (self._stage_clusters, self._holder_clusters)
        for declare in reversed(clusters) if widths.most else clusters:
            declare(g)
        free = self._drawn()
        ends = contribution_ends(placed.journey, placed.blocks, placed.assets, placed.touchpoints)
        arcs, slots = placed.arcs.routes(placed.touchpoints, placed.line_tops, placed.line_bottoms, ends)
        steps = self._steps(arcs)
        # Labels keep clear of the lines where they can, and first of every line but their own (by its number).
        for index, (edge, (route, _)) in enumerate(zip(placed.flow_edges, steps)):
            trace(free, route, widths.width(edge), owner=index)
        contributions = contribution_routes(placed, ends, slots)
        for index, route in enumerate(contributions, start=len(steps)):
            trace(free, route, theme.actual.width, owner=index)
        backdrops = bool(widths.most)  # steps with cases: their labels on backdrops, which may break their lines
        for index, (edge, (route, along)) in enumerate(zip(placed.flow_edges, steps)):
            place: Point | None = None
            if text := step_label(edge):  # over the line, and drawn even where no place is free: the flow needs it
                lines, gap = dot.wrap(text, theme.wrap_text), widths.label_gap(edge)
                place = ((index in arcs and place_label(free, arcs[index], lines, theme.small_size, gap, index,
                                                        on_line=backdrops))
                         or place_step_label(free, route, along, lines, theme.small_size, gap,
                                             numbered=step_text(edge) is not None, own=index, on_line=backdrops)
                         or at(along, 0.5))
            backdrop = self._backdrop(place) if place and backdrops else None
            attributes = {**flow.flow_edge(flow.steps[index], edge, backdrop),  # its id: its place in the map
                          "pos": self._spline(route, widths.arrow_scale(edge))}
            if place:
                attributes["lp"] = self._point(place)
            dot.edge(g, edge.source, edge.target, attributes)
        for index, (contribution, route) in enumerate(zip(placed.journey.contributions, contributions)):
            own = len(steps) + index
            attributes = {**flow.contribution(index, contribution), "pos": self._spline(route)}
            if "label" in attributes:  # the phase, unless the key names it once for all
                phase = [words(contribution.phase)]
                last, whole = (self._label_places(free, piece, phase) for piece in (route[-4:], route))
                if len(route) == 4:  # one curve
                    tries = list(last)
                    place = free.first_clear(tries, own=own) or free.least_crowded(tries)
                else:  # a way between holders or by the corridors too: only where it crosses nothing at all
                    place = free.first_clear(chain(last, whole), outlines=False, own=own)
                if place is None:  # crowded out: the tooltip still names the phase
                    del attributes["label"]
                else:
                    attributes["lp"] = self._point(place)
            dot.edge(g, contribution.asset, contribution.touchpoint, attributes)
        g.attr(label=flow.heading())
        return g

    def _label_places(self, free: Free, piece: list[Point], lines: list[str]) -> Iterator[Place]:
        """Where a contribution's label may go along ``piece``: beside it, right then left, then over and under it."""
        for beside in (True, False):
            for under in (False, True):
                yield from free.places(piece, lines, self.flow.theme.small_size, beside=beside, under=under)

    def _stage_clusters(self, g: graphviz.Digraph) -> None:
        """Each stage's cluster, with its touchpoints."""
        for block in self.placed.blocks:
            with g.subgraph(name=f"cluster_stage_{block.stage.id}") as c:
                c.attr(**self.flow.stage_attributes(block.stage), bb=self._box(*block.box))
                for column in block.columns:
                    for node in column.nodes:
                        self._node(c, node)

    def _holder_clusters(self, g: graphviz.Digraph) -> None:
        """Each holder's cluster, with its title and assets."""
        for holder in self.placed.holders:
            with g.subgraph(name=f"cluster_actor_{holder.actor.id}") as c:
                c.attr(**self.flow.holder_attributes(holder.actor),
                       bb=self._box(holder.left, holder.top, holder.left + holder.width, holder.top + holder.height))
                for node in (holder.title, *holder.assets):
                    self._node(c, node)

    def _steps(self, arcs: dict[int, ArcRoute]) -> list[tuple[list[Point], list[Point]]]:
        """Each step's route and the part its label goes along: its arc's, or as placed, each detour in the lane
        share_lanes gives it, clear of the other detours and of the steps that wrap round the margins."""
        placed = self.placed
        steps = [(arcs[index].route,) * 2 if index in arcs else placed.step(edge)
                 for index, edge in enumerate(placed.flow_edges)]
        detours = [index for index, (route, along) in enumerate(steps) if along is not route]
        wraps = [route for index, (edge, (route, _)) in enumerate(zip(placed.flow_edges, steps))
                 if index not in arcs and placed.wraps(edge)]
        lanes = share_lanes([steps[index][0] for index in detours], DETOUR_LANES, wraps)
        for index, lane in zip(detours, lanes):
            steps[index] = placed.step(placed.flow_edges[index], lane)
        return steps

    def _drawn(self) -> Free:
        """What labels must keep clear of: every node, every stage's name and the page's edges; and, where they can,
        the outlines of the stages and holders."""
        placed, free = self.placed, Free()
        width, height, beyond = placed.width, placed.height, 100.0
        for strip in ((-beyond, -beyond, 0.0, height + beyond), (width, -beyond, width + beyond, height + beyond),
                      (0.0, -beyond, width, 0.0), (0.0, height, width, height + beyond)):
            free.take(strip)
        for node in (*placed.touchpoints.values(), *placed.assets.values(), *(h.title for h in placed.holders)):
            free.take((node.left - _BORDER, node.top - _BORDER, node.right + _BORDER, node.bottom + _BORDER))
        for block in placed.blocks:
            left, top = block.box[:2]
            free.take((left, top, left + 2 * PAD + block.header[0], top + block.header[1] + PAD))
            free.take_outline(block.box)
        for holder in placed.holders:
            free.take_outline((holder.left, holder.top, holder.left + holder.width, holder.top + holder.height))
        return free

    def _backdrop(self, point: Point) -> str:
        """The colour behind ``point``: its stage's fill, its holder's, or the page's."""
        x, y = point
        theme = self.flow.theme
        for block in self.placed.blocks:
            left, top, right, bottom = block.box
            if left <= x <= right and top <= y <= bottom:
                return theme.stage.fill
        for holder in self.placed.holders:
            if holder.left <= x <= holder.left + holder.width and holder.top <= y <= holder.top + holder.height:
                return self.flow.holder_box(holder.actor).fill
        return theme.background

    def _point(self, point: Point) -> str:
        return f"{point[0]:.1f},{self.height - point[1]:.1f}"

    def _node(self, g: graphviz.Digraph, node: Node) -> None:
        dot.node(g, node.name, {**node.attributes, "pos": dot.pos(node.x, self.height - node.y),
                                "width": dot.inches(node.width), "height": dot.inches(node.height)})

    def _box(self, left: float, top: float, right: float, bottom: float) -> str:
        return f"{left:.1f},{self.height - bottom:.1f},{right:.1f},{self.height - top:.1f}"

    def _spline(self, points: list[Point], scale: float = 1.0) -> str:
        """An edge's pos: the spline, ending an arrowhead's length (``scale`` times the theme's) short of the last
        point, where the head is."""
        *route, (x, y) = points
        dx, dy = x - route[-1][0], y - route[-1][1]
        step = _ARROW * scale / (math.hypot(dx, dy) or 1.0)
        route.append((x - dx * step, y - dy * step))
        return f"e,{x:.1f},{self.height - y:.1f} " + " ".join(f"{px:.1f},{self.height - py:.1f}" for px, py in route)
