"""The report's "Progress over time" section: the trend view of a map's committed versions and a table of each
version's scorecard, when the report is given a history of two versions or more."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeymap.model import Journey
from journeymap.outcomes import OutcomeState
from journeymap.rendering.html_markup import escape, section, table, zoomable
from journeymap.rendering.style import Theme
from journeymap.rendering.trend import description, render_trend
from journeymap.scorecard import ScoredVersion
from journeymap.vocabulary import ActionStatus
from journeymap.wording import hours, percent

MIN_VERSIONS = 2
"""Fewer versions than this show no trend: the section is left out."""


def progress(versions: Sequence[ScoredVersion], journey: Journey, theme: Theme) -> str:
    """The section, or nothing for a history shorter than MIN_VERSIONS."""
    if len(versions) < MIN_VERSIONS:
        return ""
    intro = ("<p>Each committed version of the map, oldest first, dated by its commit: how much of what citizens "
             f"bring is used, and how far the outcomes and the action plan have come. "
             f"{escape(description(versions))}</p>")
    drawing = render_trend(versions, journey, "svg", theme=attrs.evolve(theme, title_block=False))  # the page's
    controls, figure = zoomable("trend", "Co-production over time", drawing)
    rows = [[v.label, v.short, v.subject, _assets(v), str(v.scorecard.passive_touchpoints),
             hours(v.scorecard.willing_hours_unused),
             str(v.scorecard.outcomes[OutcomeState.CO_PRODUCED]), str(v.scorecard.actions[ActionStatus.DONE])]
            for v in versions]
    figures = table("Each version's scorecard", ["Date", "Commit", "What changed", "Citizen assets used",
                                                 "Passive touchpoints", "Willing hours a month unused",
                                                 "Outcomes co-produced", "Actions done"],
                    rows, numeric={3, 4, 5, 6, 7})
    return section("progress", "Progress over time", intro, controls, figure, figures)


def _assets(version: ScoredVersion) -> str:
    card = version.scorecard
    share = card.share_used
    return f"{card.assets_used} of {card.citizen_assets}" + ("" if share is None else f" ({percent(share)})")
