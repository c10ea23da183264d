"""The report's survey results in words: what the likert and willingness views draw, as tables a screen reader reads."""

from __future__ import annotations

from journeymap.model import Journey
from journeymap.model_evidence import LikertCount, Survey, WillingnessCount
from journeymap.rendering.html_markup import escape, table
from journeymap.wording import counted, percent

__all__ = ["surveys_in_words"]


def surveys_in_words(journey: Journey) -> str:
    """Each survey of the map: who answered, the willingness and the Likert answers of each group, as counts and
    shares; nothing for a map with no survey results."""
    parts = [_survey(survey) for survey in journey.surveys]
    return "\n".join(["<h3>What the surveys found</h3>", *parts]) if parts else ""


def _survey(survey: Survey) -> str:
    answered = "; ".join(f"{g.group} {g.respondents:,}" for g in survey.respondents) or "no group shown"
    held = (f" {counted(survey.held_back, 'respondent')} in groups under {survey.threshold} are held back, as so "
            f"few could be recognised." if survey.held_back else "")
    parts = [f"<h4>{escape(survey.title)}</h4>", f"<p>{escape(f'Respondents: {answered}.{held}')}</p>"]
    if survey.willingness:
        parts.append(table(f"{survey.title}: willing to do more, by group",
                           ["Group", "Answered", "A few hours a week", "A few hours a month", "Not at all"],
                           [_willing_row(w) for w in survey.willingness], numeric={1, 2, 3, 4}))
    if survey.likert:
        parts.append(table(f"{survey.title}: agreement with each statement, by group",
                           ["Statement", "Group", "Answered", "Answers, from the scale's first level to its last"],
                           [_likert_row(c) for c in survey.likert], numeric={2}))
    return "\n".join(parts)


def _willing_row(count: WillingnessCount) -> list[str]:
    return [count.group, f"{count.n:,}", *(_share(getattr(count, level), count.n) for level in
                                           ("weekly", "monthly", "none"))]


def _likert_row(count: LikertCount) -> list[str]:
    return [count.statement, count.group, f"{count.n:,}",
            "; ".join(f"{level} {_share(n, count.n)}" for level, n in zip(count.scale, count.counts))]


def _share(part: int, whole: int) -> str:
    """A count and its share of ``whole``: ``9 (23%)``."""
    return f"{part:,} ({percent(part / whole)})" if whole else f"{part:,}"
