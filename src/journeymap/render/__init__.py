"""Draw a journey: pick a view (which builds a Graphviz graph) and a format, get bytes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import cast

import attrs
import graphviz

from journeymap.analysis import Analysis, analyse
from journeymap.errors import RenderError, UsageError, did_you_mean
from journeymap.model import Journey
from journeymap.render import engine, flow
from journeymap.render.engine import GraphvizWarning
from journeymap.render.style import THEMES, Theme

ViewBuilder = Callable[[Journey, Analysis, Theme], "graphviz.Graph | graphviz.Digraph"]


@attrs.frozen
class View:
    """A way of drawing a journey: what builds its Graphviz graph, and how Graphviz lays that out."""

    build: ViewBuilder
    layout: str = "dot"  # see engine.LAYOUTS
    title: str = ""


VIEWS: Mapping[str, View] = MappingProxyType({
    "flow": View(flow.build, title="The journey as a flow"),
})
"""The views, by name: each builds a Graphviz graph from a journey, its analysis and a theme."""

FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot")
"""The output formats; ``dot`` is the Graphviz source itself."""

__all__ = ["FORMATS", "THEMES", "VIEWS", "GraphvizWarning", "View", "render", "source"]


def render(journey: Journey, view: str = "flow", format: str = "svg", *, analysis: Analysis | None = None,
           theme: str | Theme = "default") -> bytes:
    """Draw ``journey`` as ``view`` in ``format``; Graphviz's warnings are issued as GraphvizWarning."""
    if format not in FORMATS:
        raise UsageError(_unknown("format", format, FORMATS))
    chosen = _theme(theme)
    text = source(journey, view, analysis=analysis, theme=chosen)
    if format == "dot":
        return text.encode("utf-8")
    output = engine.run(text, format, dpi=chosen.png_dpi if format == "png" else None, layout=VIEWS[view].layout)
    for message in output.warnings:
        warnings.warn(f"Graphviz: {message}", GraphvizWarning, stacklevel=2)
    return output.data


def source(journey: Journey, view: str = "flow", *, analysis: Analysis | None = None,
           theme: str | Theme = "default") -> str:
    """The DOT source of ``view`` for ``journey``: deterministic, the same map gives the same text."""
    if view not in VIEWS:
        raise UsageError(_unknown("view", view, VIEWS))
    if analysis is None:
        analysis = analyse(journey)
    elif analysis.journey != journey:
        raise RenderError("the analysis given is of another journey; analyse this one or leave analysis out")
    return cast(str, VIEWS[view].build(journey, analysis, _theme(theme)).source)


def _theme(theme: str | Theme) -> Theme:
    if isinstance(theme, Theme):
        return theme
    if theme not in THEMES:
        raise UsageError(_unknown("theme", theme, THEMES))
    return THEMES[theme]


def _unknown(what: str, value: object, choices: Mapping[str, object] | tuple[str, ...]) -> str:
    hint = did_you_mean(value, choices)
    return f"unknown {what} {value!r}; " + (f"{hint} " if hint else "") + f"{what}s: {', '.join(choices)}"
