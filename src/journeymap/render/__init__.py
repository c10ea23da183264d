"""Draw a journey: pick a view (which builds a Graphviz graph) and a format, get bytes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import cast

import graphviz

from journeymap.analysis import Analysis, analyse
from journeymap.errors import RenderError, did_you_mean
from journeymap.model import Journey
from journeymap.render import engine, flow
from journeymap.render.engine import GraphvizWarning
from journeymap.render.style import DEFAULT, Theme

ViewBuilder = Callable[[Journey, Analysis, Theme], graphviz.Digraph]

VIEWS: Mapping[str, ViewBuilder] = MappingProxyType({"flow": flow.build})
"""The views, by name: each builds a Graphviz graph from a journey, its analysis and a theme."""

FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot")
"""The output formats; ``dot`` is the Graphviz source itself."""

__all__ = ["FORMATS", "VIEWS", "GraphvizWarning", "render", "source"]


def render(journey: Journey, view: str = "flow", format: str = "svg", *, analysis: Analysis | None = None) -> bytes:
    """Draw ``journey`` as ``view`` in ``format``; Graphviz's warnings are issued as GraphvizWarning."""
    if format not in FORMATS:
        raise RenderError(_unknown("format", format, FORMATS))
    text = source(journey, view, analysis=analysis)
    if format == "dot":
        return text.encode("utf-8")
    output = engine.run(text, format, dpi=DEFAULT.png_dpi if format == "png" else None)
    for message in output.warnings:
        warnings.warn(f"Graphviz: {message}", GraphvizWarning, stacklevel=2)
    return output.data


def source(journey: Journey, view: str = "flow", *, analysis: Analysis | None = None) -> str:
    """The DOT source of ``view`` for ``journey``: deterministic, the same map gives the same text."""
    if view not in VIEWS:
        raise RenderError(_unknown("view", view, VIEWS))
    if analysis is None:
        analysis = analyse(journey)
    elif analysis.journey != journey:
        raise RenderError("the analysis given is of another journey; analyse this one or leave analysis out")
    return cast(str, VIEWS[view](journey, analysis, DEFAULT).source)


def _unknown(what: str, value: object, choices: Mapping[str, object] | tuple[str, ...]) -> str:
    hint = did_you_mean(value, choices)
    return f"unknown {what} {value!r}; " + (f"{hint} " if hint else "") + f"{what}s: {', '.join(choices)}"
