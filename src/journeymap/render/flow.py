"""The flow view: stages as clusters left to right, touchpoints in flow order, assets beside their holders."""

from __future__ import annotations


import graphviz

from journeymap.analysis import Analysis, PassiveTouchpoint
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.render import dot
from journeymap.render.legend import Key, badge, heading, mood_pill
from journeymap.render.style import DEFAULT, Theme
from journeymap.text import WILLINGNESS_WORDS, hours, unused_badge, words

_LARGE = 60  # touchpoints; above this, layout quality gives way to layout time


def build(journey: Journey, analysis: Analysis, theme: Theme = DEFAULT) -> graphviz.Digraph:
    """The flow diagram of a journey as a Graphviz graph, annotated with the analysis's findings."""
    return _Flow(journey, analysis, theme).graph()


class _Flow:
    """One drawing in progress; remembers which states it drew, for the legend."""

    def __init__(self, journey: Journey, analysis: Analysis, theme: Theme) -> None:
        self.journey = journey
        self.theme = theme
        self.analysis = analysis
        self.keys: set[Key] = set()
        self.emotions: set[int] = set()

    def graph(self) -> graphviz.Digraph:
        theme = self.theme
        g = graphviz.Digraph(
            name=dot.graph_name(self.journey.title),
            graph_attr={
                "rankdir": "LR", "newrank": "true", "fontname": theme.font, "fontsize": str(theme.heading_size),
                "bgcolor": theme.background, "pad": "0.4", "nodesep": "0.4", "ranksep": "0.3",
                "labelloc": "t", "labeljust": "l", "outputorder": "edgesfirst", "class": "journeymap flow",
            },
            node_attr={"fontname": theme.font, "fontsize": str(theme.text_size), "fontcolor": theme.ink,
                       "shape": "box", "margin": "0.1,0.06"},
            edge_attr={"fontname": theme.font, "fontsize": str(theme.small_size), "fontcolor": theme.ink,
                       "arrowsize": "0.8"},
        )
        if len(self.journey.touchpoints) > _LARGE:
            # dot's crossing minimisation grows much faster than the map: on large maps, fewer passes.
            g.graph_attr.update(mclimit="0.2", remincross="false")
        # Two invisible bands, one for the journey and one for the people who bring assets to it: dot keeps
        # sibling clusters apart, so the stages stay in one row and the holders in another (dot picks which
        # band goes on top; with contributions pointing into the journey, that is the people's).
        with g.subgraph(name="cluster_people") as band:
            band.attr(style="invis", label="", margin="0")
            for actor in self.journey.actors:
                self._holder(band, actor)
        with g.subgraph(name="cluster_journey") as band:
            band.attr(style="invis", label="", margin="0")
            for stage in self.journey.stages:
                self._stage(band, stage)
        for index, edge in enumerate(self.journey.flow_edges):
            self._flow_edge(g, index, edge)
        for index, contribution in enumerate(self.journey.contributions):
            self._contribution(g, index, contribution)
        # Set last, so that no cluster inherits it.
        g.attr(label=dot.label(heading(self.journey, theme, self.keys, self.emotions)))
        return g

    # -- stages and touchpoints ----------------------------------------------

    def _stage(self, g: graphviz.Digraph, stage: Stage) -> None:
        theme = self.theme
        with g.subgraph(name=f"cluster_stage_{stage.id}") as c:
            c.attr(**theme.stage.attributes(rounded=True), **{
                "id": dot.element_id("stage", stage.id), "class": "stage",
                "label": dot.label(f'<FONT POINT-SIZE="{theme.heading_size}"><B>'
                                   f'{dot.html_lines(stage.name, theme.wrap_name)}</B></FONT>'),
                "tooltip": dot.attribute(dot.join([stage.name, stage.description], "\n")),
                "fontcolor": theme.stage.text, "margin": "12",
            })
            for touchpoint in stage.touchpoints:
                self._touchpoint(c, touchpoint)
            if not stage.touchpoints:
                dot.node(c, f"@empty-{stage.id}", {"label": dot.label(
                    f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}"><I>no touchpoints yet</I></FONT>'),
                    "shape": "plain", "class": "placeholder"})

    def _touchpoint(self, g: graphviz.Digraph, touchpoint: Touchpoint) -> None:
        theme = self.theme
        passive = self.analysis.passive_touchpoint(touchpoint.id)
        box = theme.passive if passive else theme.touchpoint
        self.keys.add(Key.PASSIVE if passive else Key.TOUCHPOINT)
        rows = []
        if touchpoint.moment_of_truth:
            self.keys.add(Key.MOMENT_OF_TRUTH)
            rows.append(badge(theme, theme.moment_badge, "★ MOMENT OF TRUTH"))
        rows.append(f"<B>{dot.html_lines(touchpoint.name, theme.wrap_name)}</B>")
        details = dot.join([words(touchpoint.channel) if touchpoint.channel else None, self._people(touchpoint)])
        if details:
            rows.append(dot.font(theme.small_size, theme.muted, dot.html_lines(details, theme.wrap_text)))
        if touchpoint.involvement is not None:
            rows.append(dot.font(theme.small_size, theme.muted, dot.html(
                f"{words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})")))
        if touchpoint.emotion is not None:
            self.keys.add(Key.EMOTION)
            self.emotions.add(touchpoint.emotion)
            rows.append(mood_pill(theme, touchpoint.emotion))
        for pain in touchpoint.pain_points:
            rows.append(dot.font(theme.small_size, theme.ink,
                              dot.html_lines("⚠ " + dot.shorten(pain, theme.pain_point_chars), theme.wrap_text)))
        if passive:
            citizens = "; ".join(a.name for a in passive.citizens)
            rows.append(badge(theme, theme.passive_badge, "PASSIVE"))
            rows.append(dot.font(theme.small_size, theme.ink,
                              dot.html_lines(f"done to or for {citizens}", theme.wrap_text)))
        dot.node(g, touchpoint.id, {
            "label": dot.label(_stack(rows)), **box.attributes(rounded=True),
            "id": dot.element_id("touchpoint", touchpoint.id),
            "class": dot.classes("touchpoint", "passive" if passive else None,
                                 "moment-of-truth" if touchpoint.moment_of_truth else None),
            "tooltip": dot.attribute(self._touchpoint_tooltip(touchpoint, passive)),
        })

    def _people(self, touchpoint: Touchpoint) -> str | None:
        names = [self.journey.actor(a).name for a in touchpoint.actors]
        return "with " + "; ".join(names) if names else None  # names may hold commas ("Margaret, 78")

    def _touchpoint_tooltip(self, touchpoint: Touchpoint, passive: PassiveTouchpoint | None) -> str:
        lines = [touchpoint.name, touchpoint.description]
        if touchpoint.channel:
            lines.append(f"Channel: {words(touchpoint.channel)}")
        if touchpoint.actors:
            lines.append("Who is there: " + ", ".join(self.journey.actor(a).name for a in touchpoint.actors))
        if touchpoint.emotion is not None:
            lines.append(f"Emotion: {touchpoint.emotion:+d} ({self.theme.mood(touchpoint.emotion).word})")
        if touchpoint.involvement is not None:
            lines.append(f"Involvement: {words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})")
        lines += [f"Pain point: {p}" for p in touchpoint.pain_points]
        if touchpoint.moment_of_truth:
            lines.append("Moment of truth")
        if passive:
            lines.append("Passive: no citizen's asset is used here")
        return dot.join(lines, "\n")

    # -- actors and their assets ------------------------------------------------

    def _holder(self, g: graphviz.Digraph, actor: Actor) -> None:
        assets = [a for a in self.journey.assets if a.holder == actor.id]
        if not assets:
            return
        theme = self.theme
        is_persona = actor.id == self.journey.persona
        box = theme.persona_holder if is_persona else theme.holder
        about = dot.join([words(actor.role), "persona" if is_persona else None,
                          WILLINGNESS_WORDS[actor.willingness] if actor.is_citizen else None])
        title = (f"<B>{dot.html_lines(actor.name, theme.wrap_text)}</B>&#160;brings"
                 f'<BR ALIGN="LEFT"/>{dot.font(theme.small_size, theme.muted, dot.html(about))}<BR ALIGN="LEFT"/>')
        with g.subgraph(name=f"cluster_actor_{actor.id}") as c:
            c.attr(**box.attributes(rounded=True), **{
                "id": dot.element_id("actor", actor.id),
                "class": dot.classes("actor", actor.side.value, "persona" if is_persona else None),
                "label": "", "fontcolor": box.text, "margin": "10",
                "tooltip": dot.attribute(dot.join([actor.name, words(actor.role), actor.description,
                                                   WILLINGNESS_WORDS[actor.willingness]], "\n")),
            })
            # One column per holder: its assets side by side in one rank, under where the first is used.
            with c.subgraph() as column:
                column.attr(rank="same")
                # The title is a node, not the cluster's label: in a left-to-right layout dot leaves no room
                # for cluster labels between clusters stacked in one rank, and they would overlap.
                dot.node(column, f"@holder-{actor.id}", {"label": dot.label(title), "shape": "plain",
                                                          "fontcolor": box.text, "class": "holder-title"})
                for asset in assets:
                    self._asset(column, asset, actor)

    def _asset(self, g: graphviz.Digraph, asset: Asset, holder: Actor) -> None:
        theme = self.theme
        unused = self.analysis.unused_asset(asset.id)
        grade = unused.grade if unused else None
        box, key = {
            None: (theme.asset, Key.ASSET),
            "willing": (theme.unused_willing, Key.UNUSED_WILLING),
            "unstated": (theme.unused, Key.UNUSED),
            "unwilling": (theme.unused_unwilling, Key.UNUSED_UNWILLING),
        }[grade]
        self.keys.add(key)
        rows = []
        if unused:
            rows.append(badge(theme, theme.unwilling_badge if grade == "unwilling" else theme.unused_badge,
                              unused_badge(unused)))
        rows.append(dot.font(theme.text_size, box.text, f"<B>{dot.html_lines(asset.label, theme.wrap_name)}</B>"))
        offered = f"{hours(asset.hours_per_month)} h/month" if asset.hours_per_month is not None else None
        kind = words(asset.kind) if asset.name is not None else None  # an unnamed asset's label is its kind
        details = dot.join([kind, offered])
        if details:
            rows.append(dot.font(theme.small_size, theme.muted if grade != "unwilling" else box.text, dot.html(details)))
        dot.node(g, asset.id, {
            "label": dot.label(_stack(rows)), **box.attributes(rounded=False),
            "id": dot.element_id("asset", asset.id),
            "class": dot.classes("asset", "unused" if unused else None, grade),
            "tooltip": dot.attribute(dot.join([
                asset.label, f"{words(asset.kind)}, held by {holder.name}", offered, asset.description,
                f"Unused ({WILLINGNESS_WORDS[holder.willingness]})" if unused else None], "\n")),
        })


    # -- edges ------------------------------------------------------------------

    def _flow_edge(self, g: graphviz.Digraph, index: int, edge: FlowEdge) -> None:
        self.keys.add(Key.FLOW)
        stroke = self.theme.flow
        attrs: dict[str, str] = {
            **stroke.attributes(), "weight": "8",
            "id": dot.element_id("flow", edge.source, edge.target, index), "class": "flow",
            "tooltip": dot.attribute(f"{self.journey.touchpoint(edge.source).name} → "
                                     f"{self.journey.touchpoint(edge.target).name}"
                                     + (f"\n{edge.label}" if edge.label else "")),
        }
        if edge.label:
            attrs["label"] = dot.label(dot.html_lines(edge.label, self.theme.wrap_text))
        # Heavy, so the journey's main line runs straight while contributions bend to meet it.
        dot.edge(g, edge.source, edge.target, attrs)

    def _contribution(self, g: graphviz.Digraph, index: int, contribution: Contribution) -> None:
        actual = contribution.is_actual
        self.keys.add(Key.ACTUAL if actual else Key.POTENTIAL)
        stroke = self.theme.actual if actual else self.theme.potential
        asset = self.journey.asset(contribution.asset)
        touchpoint = self.journey.touchpoint(contribution.touchpoint)
        # Every contribution points forward, so a holder's column stands just before the first touchpoint
        # their assets reach; what happens today pulls harder than what could.
        weight = "2" if actual else "1"
        dot.edge(g, contribution.asset, contribution.touchpoint, {**stroke.attributes(), "weight": weight,
            "id": dot.element_id("contribution", contribution.asset, contribution.touchpoint, index),
            "class": dot.classes("contribution", contribution.status.value,
                                 "untapped" if self.analysis.is_untapped(contribution) else None),
            "label": dot.label(dot.html(words(contribution.phase))),
            "tooltip": dot.attribute(dot.join([
                f"{asset.label} → {touchpoint.name}",
                f"{words(contribution.phase)}, {contribution.status.value}", contribution.note], "\n")),
        })





def _stack(rows: list[str]) -> str:
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">{cells}</TABLE>'
