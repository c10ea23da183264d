"""Draw a journey: pick a view (which builds a Graphviz graph) and a format, get bytes."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import attrs
import graphviz

from journeymap.analysis import Analysis, analyse
from journeymap.errors import GraphvizNotFoundError, JourneyMapWarning, RenderError, UsageError, did_you_mean, expect
from journeymap.model import Journey, draw_in_notebooks
from journeymap.rendering import engine, notebook, pdf, svg
from journeymap.rendering.engine import GraphvizWarning
from journeymap.rendering.style import THEMES, Theme
from journeymap.wording import summary

if TYPE_CHECKING:
    from journeymap.rendering import html
    from journeymap.scorecard import ScoredVersion

ViewBuilder = Callable[[Journey, Analysis, Theme], "graphviz.Graph | graphviz.Digraph"]
PagesBuilder = Callable[[Journey, Analysis, Theme], "list[graphviz.Graph]"]


@attrs.frozen
class View:
    """A way of drawing a journey: what builds its Graphviz graph, and how Graphviz lays that out.

    >>> from journeymap import VIEWS
    >>> [(name, view.layout) for name, view in VIEWS.items()]
    [('flow', 'fixed'), ('canvas', 'fixed'), ('star', 'fixed'), ('gap', 'fixed'), ('likert', 'fixed'), ('willingness', 'fixed')]
    """

    build: ViewBuilder
    layout: str = "dot"  # see engine.LAYOUTS
    title: str = ""
    pages: PagesBuilder | None = None  # for a view that folds onto pages: one graph a page, for a PDF
    page_size: Callable[[Journey, Analysis, Theme], str | None] | None = None  # what a PNG or PDF must fit


def _builder(module: str, function: str = "build") -> Any:
    """A view's ``build`` (or ``pages``), imported when first called: a command draws one view, not four."""
    def build(journey: Journey, analysis: Analysis, theme: Theme) -> Any:
        view = importlib.import_module(f"journeymap.rendering.{module}")
        return getattr(view, function)(journey, analysis, theme)

    build.__doc__ = f"journeymap.rendering.{module}.{function}, imported when first called."
    return build


VIEWS: Mapping[str, View] = MappingProxyType({
    "flow": View(_builder("flow"), layout="fixed", title="The journey as a flow",
                 page_size=_builder("flow", "page_size")),
    "canvas": View(_builder("canvas"), layout="fixed", title="The journey-map canvas",
                   pages=_builder("canvas", "pages")),
    "star": View(_builder("star"), layout="fixed", title="The Co-production Star"),
    "gap": View(_builder("gap"), layout="fixed", title="The perception gap"),
    "likert": View(_builder("likert"), layout="fixed", title="What people think (Likert)"),
    "willingness": View(_builder("willingness"), layout="fixed", title="Willing to do more"),
})
"""The views, by name: each builds a Graphviz graph from a journey, its analysis and a theme."""

FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot", "html", "mermaid")
"""The formats a journey renders to; ``dot`` is the Graphviz source itself, ``html`` the report holding every
view, ``mermaid`` a Mermaid ``journey`` diagram of the journey part (whatever the view)."""

__all__ = ["FORMATS", "THEMES", "VIEWS", "GraphvizWarning", "View", "render", "source", "view_title"]


def render(journey: Journey, view: str = "flow", format: str = "svg", *, analysis: Analysis | None = None,
           theme: str | Theme = "default", history: Sequence[ScoredVersion] = (),
           history_skipped: Sequence[str] = ()) -> bytes:
    """Draw ``journey`` as ``view`` in ``format``; Graphviz's warnings are issued as GraphvizWarning.

    ``format="html"`` gives the self-contained report (UTF-8), which holds every view whatever ``view`` says (one
    that cannot be drawn, e.g. in the time Graphviz is given, is left out saying why, with a JourneyMapWarning,
    unless none can be);
    ``history`` (the map's scored versions, oldest first, e.g. ``journeymap.history.read_history(path).scored``)
    gives the report a section on progress over time when it holds two or more, which names the versions
    ``history_skipped`` says were left out (that history's ``skipped``);
    ``format="mermaid"`` a Mermaid ``journey`` diagram (UTF-8), warning (JourneyMapWarning) what it leaves out.
    A canvas too tall for one A1 page gives a PDF of one page per group of rows.
    Every SVG carries a root ``<title>`` (the journey and the view) and ``<desc>`` (the findings in brief).

    >>> from journeymap import Journey, Stage, Touchpoint
    >>> journey = Journey(title="Short", stages=[Stage(name="Only", touchpoints=[Touchpoint(name="Call")])])
    >>> render(journey, view="canvas", format="svg")[:5], render(journey, format="png")[:4]
    (b'<?xml', b'\x89PNG')
    >>> render(journey, view="flwo")
    Traceback (most recent call last):
    ...
    journeymap.errors.UsageError: unknown view 'flwo'; did you mean 'flow'? views: flow, canvas, star, gap, likert, willingness
    """
    expect(journey, Journey, "render(journey)")
    if format not in FORMATS:
        raise UsageError(_unknown("format", format, FORMATS))
    chosen = _theme(theme)
    _view(view)
    if format == "mermaid":
        from journeymap.rendering.mermaid import write_mermaid

        return write_mermaid(journey).encode("utf-8")
    findings = _analysis(journey, analysis)
    if format == "html":
        from journeymap.rendering import html  # only the report needs it

        untitled = attrs.evolve(chosen, title_block=False)  # the report's page has the title, once
        return html.report(findings, _report_diagrams(journey, findings, untitled), chosen, history, history_skipped)
    pages = _view(view).pages
    if format == "pdf" and pages is not None:
        graphs = pages(journey, findings, chosen)
        if len(graphs) > 1:  # one run draws every page, as one PDF each
            output = engine.run("\n".join(g.source for g in graphs), format, layout=VIEWS[view].layout)
            _warn(output)
            return pdf.bound(output.data, len(graphs))
    text = source(journey, view, analysis=findings, theme=chosen)
    if format == "dot":
        return text.encode("utf-8")
    fit = VIEWS[view].page_size
    size = fit(journey, findings, chosen) if fit is not None and format in ("png", "pdf") else None
    output = engine.run(text, format, dpi=chosen.png_dpi if format == "png" else None, layout=VIEWS[view].layout,
                        size=size)
    _warn(output)
    if format == "svg":
        return svg.accessible(output.data, f"{journey.title} — {view_title(view)}", summary(findings))
    return output.data


def _report_diagrams(journey: Journey, findings: Analysis, theme: Theme) -> list[html.Diagram]:
    """Every view drawn for the report; one that cannot be drawn (too large to draw in time...) left out with the
    reason, and a JourneyMapWarning saying so, so that it does not take the others down. When no view can be
    drawn, Graphviz itself is at fault, not a view: the first view's error is raised."""
    from journeymap.rendering import html

    diagrams, failures = [], []
    for view in VIEWS:
        try:
            drawn = render(journey, view, "svg", analysis=findings, theme=theme)
        except GraphvizNotFoundError:
            raise
        except RenderError as error:
            failures.append(error)
            diagrams.append(html.Diagram(name=view, title=view_title(view), left_out=str(error)))
        else:
            diagrams.append(html.Diagram(name=view, title=view_title(view), svg=drawn))
    if len(failures) == len(VIEWS):
        raise failures[0]
    for diagram in diagrams:
        if diagram.left_out is not None:
            warnings.warn(f"the report leaves out the {diagram.name} view, which could not be drawn: "
                          f"{diagram.left_out}", JourneyMapWarning, stacklevel=3)
    return diagrams


def _warn(output: engine.Output) -> None:
    for message in output.warnings:
        warnings.warn(f"Graphviz: {message}", GraphvizWarning, stacklevel=3)


def source(journey: Journey, view: str = "flow", *, analysis: Analysis | None = None,
           theme: str | Theme = "default") -> str:
    """The DOT source of ``view`` for ``journey``: deterministic, the same map gives the same text.

    >>> from journeymap import Journey
    >>> source(Journey(title="Empty"), "flow").splitlines()[0]
    'digraph Empty {'
    """
    return cast(str, _view(view).build(journey, _analysis(journey, analysis), _theme(theme)).source)


def view_title(view: str) -> str:
    """A view's title in words, e.g. ``The journey as a flow``."""
    return _view(view).title or f"The {view} view"


def _view(name: str) -> View:
    if name not in VIEWS:
        raise UsageError(_unknown("view", name, VIEWS))
    return VIEWS[name]


def _analysis(journey: Journey, analysis: Analysis | None) -> Analysis:
    if analysis is None:
        return analyse(journey)
    if analysis.journey != journey:
        raise RenderError("the analysis given is of another journey; analyse this one or leave analysis out")
    return analysis


def _theme(theme: str | Theme) -> Theme:
    if isinstance(theme, Theme):
        return theme
    if theme not in THEMES:
        raise UsageError(_unknown("theme", theme, THEMES))
    return THEMES[theme]


def _unknown(what: str, value: object, choices: Mapping[str, object] | tuple[str, ...]) -> str:
    hint = did_you_mean(value, choices)
    return f"unknown {what} {value!r}; " + (f"{hint} " if hint else "") + f"{what}s: {', '.join(choices)}"


draw_in_notebooks(notebook.journey_svg)  # a journey in a notebook shows as its flow view (its canvas when large)
