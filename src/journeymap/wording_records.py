"""Words and figures for what records say (maps from ``journeymap discover``): cases, durations, periods, and the
evidence block in a sentence. The views, the report and the command line take them from here.

>>> duration(0.25), duration(2.5), duration(30), duration(24 * 9), duration(24 * 7 * 10)
('15 min', '2.5 h', '1.2 days', '9 days', '10 weeks')
>>> cases(1), cases(12345), wait(2.5, 30)
('1 case', '12,345 cases', '2.5 h (90% within 1.2 days)')
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from journeymap.model_records import LogEvidence
from journeymap.wording import MONTHS, counted, listed

HOURS_A_DAY = 24
DAYS_A_WEEK = 7
_WEEKS_FROM_DAYS = 28  # from four weeks on, a duration is told in weeks


def duration(hours: float) -> str:
    """A duration in the unit a person would use: ``under a minute``, ``15 min``, ``2.5 h``, ``3 days``, ``6 weeks``
    (two significant figures below ten, whole numbers above)."""
    minutes = hours * 60
    if minutes < 1:
        return "under a minute"
    if hours < 1:
        return f"{round(minutes)} min"
    if hours < HOURS_A_DAY:
        return f"{_figure(hours)} h"
    days = hours / HOURS_A_DAY
    if days < _WEEKS_FROM_DAYS:
        return f"{_figure(days)} {'day' if _figure(days) == '1' else 'days'}"
    return f"{_figure(days / DAYS_A_WEEK)} weeks"


def _figure(value: float) -> str:
    """``2.5``, ``1.3``, ``12``: one decimal below ten (none when it is .0), whole numbers from ten."""
    text = f"{value:.1f}" if value < 9.95 else f"{round(value):,}"
    return text.removesuffix(".0")


def cases(number: int) -> str:
    """``1 case``, ``12,345 cases``."""
    return f"{number:,} {'case' if number == 1 else 'cases'}"


def wait(median_hours: float, p90_hours: float | None) -> str:
    """A wait as its median and, when known, the time 90% of cases are within: ``2.5 h (90% within 1.3 days)``."""
    told = duration(median_hours)
    return told if p90_hours is None else f"{told} (90% within {duration(p90_hours)})"


def day(moment: datetime.datetime) -> str:
    """A timestamp's day as people write it, whatever the locale: ``4 March 2024``."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def period(evidence: LogEvidence) -> str:
    """The log's period: ``4 March 2024 to 9 March 2024`` (one day when both are the same)."""
    first, last = day(evidence.first), day(evidence.last)
    return first if first == last else f"{first} to {last}"


def hidden_sentence(evidence: LogEvidence) -> str | None:
    """What the threshold and filters kept off the map, in a sentence; None when nothing was hidden."""
    hidden = evidence.hidden
    parts = [counted(count, noun, plural) for count, noun, plural in (
        (hidden.activities, "activity", "activities"), (hidden.pairs, "step", None),
        (hidden.contributions, "contribution", None), (hidden.stage_waits, "stage wait", None),
        (hidden.variants, "variant", None)) if count]
    if not parts:
        return None
    return (f"Not shown: {listed(parts)}, each seen in fewer than {evidence.threshold} cases or left out by a "
            f"filter.")


def evidence_sentence(evidence: LogEvidence) -> str:
    """The log behind a map in one sentence: ``Discovered from referrals.csv: 500 cases, 4,210 events,
    4 March 2024 to 9 March 2024.``"""
    return (f"Discovered from {evidence.log}: {cases(evidence.cases)}, "
            f"{evidence.events:,} {'event' if evidence.events == 1 else 'events'}, {period(evidence)}.")


PATH_STEPS = 8
"""A path of more steps than this is told by its first and last three, the steps between counted."""
_PATH_ENDS = 3


def path(names: Sequence[str], limit: int = PATH_STEPS) -> str:
    """A path as its steps joined by arrows; one longer than ``limit`` has its middle counted, never cut silently.

    >>> path(["Referral", "Triage", "Closed"])
    'Referral → Triage → Closed'
    >>> path("ABCDEFGHIJK")
    'A → B → C → … 5 more … → I → J → K'
    """
    if len(names) <= limit:
        return " → ".join(names)
    middle = len(names) - 2 * _PATH_ENDS
    return " → ".join([*names[:_PATH_ENDS], f"… {middle} more …", *names[-_PATH_ENDS:]])


def optional_duration(hours: float | None) -> str:
    """A duration in words, or a dash when the records give none."""
    return "—" if hours is None else duration(hours)
