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


def progress(versions: Sequence[ScoredVersion], journey: Journey, theme: Theme, skipped: Sequence[str] = ()) -> str:
    """The section, naming the ``skipped`` versions (``History.skipped``), or nothing for a history shorter than
    MIN_VERSIONS."""
    if len(versions) < MIN_VERSIONS:
        return ""
    intro = ("<p>Each committed version of the map, oldest first, dated by its commit: how much of what citizens "
             f"bring is used, and how far the outcomes and the action plan have come. "
             f"{escape(description(versions, skipped))}</p>")
    drawing = render_trend(versions, journey, "svg", theme=attrs.evolve(theme, title_block=False),  # the page's
                           skipped=skipped)
    controls, figure = zoomable("trend", "Co-production over time", drawing)
    counted = any(v.scorecard.cases is not None for v in versions)  # from records: their cases too
    headers = ["Date", "Commit", "What changed", *(["Cases", "Citizens acting, times per case"] if counted else []),
               "Citizen assets used", "Passive touchpoints", "Willing hours a month unused", "Outcomes co-produced",
               "Actions done"]
    rows = [[v.label, v.short, v.subject, *(_records(v) if counted else []), _assets(v),
             str(v.scorecard.passive_touchpoints), hours(v.scorecard.willing_hours_unused),
             str(v.scorecard.outcomes[OutcomeState.CO_PRODUCED]), str(v.scorecard.actions[ActionStatus.DONE])]
            for v in versions]
    figures = table("Each version's scorecard", headers, rows, numeric=set(range(3, len(headers))))
    return section("progress", "Progress over time", intro, controls, figure, figures)


def _records(version: ScoredVersion) -> list[str]:
    """A version's cases and how often citizens acted per case, from records; dashes for a version not from them."""
    card = version.scorecard
    acting = card.acting_per_case
    return [f"{card.cases:,}" if card.cases is not None else "–", f"{acting:.2f}" if acting is not None else "–"]


def _assets(version: ScoredVersion) -> str:
    card = version.scorecard
    if not card.share_known:
        return f"{card.assets_used} of {card.citizen_assets}: records show only those used"
    share = card.share_used
    return f"{card.assets_used} of {card.citizen_assets}" + ("" if share is None else f" ({percent(share)})")
