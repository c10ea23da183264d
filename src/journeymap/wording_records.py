"""Words and figures for what records say (maps from ``journeymap discover``): cases, durations, periods, and the
evidence block in a sentence, paths. The views, the report and the command line take them from here.

>>> duration(0.25), duration(2.5), duration(30), duration(24 * 9), duration(24 * 7 * 10)
('15 min', '2.5 h', '1.3 days', '9 days', '10 weeks')
>>> cases(1), cases(12345), wait(2.5, 30)
('1 case', '12,345 cases', '2.5 h (90% within 1.3 days)')

Paths (variants) are told compactly yet apart: a step or a run of steps repeated back to back is written once with
its count, and a path still too long has its middle counted, keeping as many steps at each end as it takes for the
steps shown to tell it from every other path.

>>> [ARROW.join(p) for p in told([["Referral", "Visit", "Visit", "Review"], ["Referral", "Visit", "Call", "Visit",
...                                                                        "Call"]])]
['Referral → Visit ×2 → Review', 'Referral → (Visit → Call) ×2']
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal

from journeymap.model_records import DEFAULT_THRESHOLD, LogEvidence
from journeymap.wording import MONTHS, counted, listed

HOURS_A_DAY = 24
DAYS_A_WEEK = 7
_WEEKS_FROM_DAYS = 28  # from four weeks on, a duration is told in weeks
_MONTHS_FROM_WEEKS = 26  # from half a year on, in months
_YEARS_FROM_MONTHS = 24  # from two years on, in years
DAYS_A_MONTH = 365.25 / 12


def duration(hours: float, *, finer: bool = False) -> str:
    """A duration in the unit a person would use: ``under a minute``, ``15 min``, ``2.5 h``, ``3 days``, ``6 weeks``,
    ``9.2 months``, ``3 years`` (two significant figures below ten, whole numbers above, rounded half up); the next
    unit where the figure would reach it (59.6 min is ``1 h``, not ``60 min``); ``finer``: with one decimal more,
    kept where it is 0 (``15.0 min``, ``2.50 h``, ``12.4 days``).

    >>> duration(40 * 7 * 24), duration(3 * 365.25 * 24), duration(10 * 24, finer=True), duration(10.5 * 24)
    ('9.2 months', '3 years', '10.0 days', '11 days')
    >>> duration(59.6 / 60), duration(23.9), duration(27.9 * 24), duration(25.99 * 7 * 24)
    ('1 h', '1 day', '4 weeks', '6 months')
    """
    if hours * 60 < 1:
        return "under a minute"
    return _told(*_in_unit(hours), finer)


def _told(value: float, unit: str, finer: bool) -> str:
    """A number of a unit as ``duration`` tells it."""
    if unit == "min":
        figure = f"{_rounded(value, 1 if finer else 0)}"
    else:
        tenths = _rounded(value, 2 if finer else 1)
        figure = f"{tenths}" if tenths < 10 else f"{_rounded(value, 1 if finer else 0):,}"
        figure = figure if finer else figure.removesuffix(".0")
    return f"{figure} {'day' if unit == 'days' and figure == '1' else unit}"


def durations(old: float, new: float) -> tuple[str, str]:
    """Two durations told as a before and after: in one unit, the smaller one's, where they straddle the step to the
    next by less than a tenth (59.4 and 60.6 min, not "59 min" and "1 h"); with one decimal more (``duration``'s
    ``finer``) where their figures would be the same or one apart, which would say too little or too much of the
    change; as they are where both ways tell them the same.

    >>> durations(10.42 * 24, 10.58 * 24), durations(10.49 * 24, 10.51 * 24), durations(24, 24.1)
    (('10.4 days', '10.6 days'), ('10.5 days', '10.5 days'), ('1 day', '1 day'))
    >>> durations(10 * 24, 12 * 24), durations(20, 30), durations(59.4 / 60, 60.6 / 60), durations(23.4, 23.6)
    (('10 days', '12 days'), ('20 h', '1.3 days'), ('59 min', '61 min'), ('23.4 h', '23.6 h'))
    """
    if min(old, new) * 60 < 1:
        return duration(old), duration(new)
    (old_value, old_unit), (new_value, new_unit) = _in_unit(old), _in_unit(new)
    if old_unit != new_unit:
        if max(old, new) >= 1.1 * min(old, new):
            return duration(old), duration(new)
        unit = old_unit if old < new else new_unit  # the smaller's
        old_value, new_value, old_unit, new_unit = old / _HOURS[unit], new / _HOURS[unit], unit, unit
    told = _told(old_value, old_unit, False), _told(new_value, new_unit, False)
    shown = _shown(old_value, old_unit), _shown(new_value, new_unit)
    step = 1 if old_unit == "min" or max(shown) >= 10 else Decimal("0.1")
    finer = _told(old_value, old_unit, True), _told(new_value, new_unit, True)
    if abs(shown[1] - shown[0]) > step or (told[0] == told[1] and finer[0] == finer[1]):
        return told
    return finer


# The hours in each unit ``duration`` tells a duration in.
_HOURS = {"min": 1 / 60, "h": 1.0, "days": HOURS_A_DAY, "weeks": HOURS_A_DAY * DAYS_A_WEEK,
          "months": HOURS_A_DAY * DAYS_A_MONTH, "years": HOURS_A_DAY * DAYS_A_MONTH * 12}


def _in_unit(hours: float) -> tuple[float, str]:
    """A duration (a minute or more) as a number of the unit ``duration`` tells it in, and that unit's word: the
    largest unit the duration's figure in the unit below would reach, rounded."""
    unit = "min"
    for larger, reached in (("h", 60), ("days", HOURS_A_DAY), ("weeks", _WEEKS_FROM_DAYS),
                            ("months", _MONTHS_FROM_WEEKS), ("years", _YEARS_FROM_MONTHS)):
        if _rounded(hours / _HOURS[unit], 0) < reached:
            break
        unit = larger
    return hours / _HOURS[unit], unit


def _shown(value: float, unit: str) -> Decimal:
    """A number of a unit as ``duration`` shows it."""
    tenths = _rounded(value, 1)
    return _rounded(value, 0) if unit == "min" or tenths >= 10 else tenths


def _rounded(value: float, decimals: int) -> Decimal:
    """``value`` rounded half up, as people round (10.5 days is 11), to ``decimals`` places (of any float, numpy's
    too, however large)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                                                context=_WIDE)


_WIDE = Context(prec=400)  # enough digits for the largest float to a few decimal places


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


def hidden_parts(evidence: LogEvidence) -> list[str]:
    """What the threshold and filters kept off the map, kind by kind: ``1 activity``, ``11 steps``..."""
    hidden = evidence.hidden
    return [counted(count, noun, plural) for count, noun, plural in (
        (hidden.activities, "activity", "activities"), (hidden.pairs, "step", None),
        (hidden.contributions, "contribution", None), (hidden.stage_waits, "stage wait", None),
        (hidden.variants, "variant", None)) if count]


def hidden_sentence(evidence: LogEvidence) -> str | None:
    """What the threshold and filters kept off the map, in a sentence; None when nothing was hidden."""
    parts = hidden_parts(evidence)
    if not parts:
        return None
    filtered = " or left out by a filter" if evidence.filters else ""
    each = "each " if evidence.hidden.total > 1 else ""
    return f"Not shown: {listed(parts)}, {each}seen in fewer than {cases(evidence.threshold)}{filtered}."


def map_cases(evidence: LogEvidence) -> str:
    """The cases a map counts: ``500 cases``, or ``89 of its 400 cases`` where a filter kept only some of the log's.

    >>> map_cases(LogEvidence(log="log.csv", cases=89, events=900, first="2024-01-01", last="2024-03-31",
    ...     filters=["the most common variants covering 20% of cases (89 of 400 cases)"]))
    '89 of its 400 cases'
    """
    total = evidence.log_cases
    return cases(evidence.cases) if total is None else f"{evidence.cases:,} of its {total:,} cases"


def low_threshold(evidence: LogEvidence) -> str | None:
    """What a map discovered with a disclosure threshold under the default says of it; None at the default or above.

    >>> low_threshold(LogEvidence(log="log.csv", cases=9, events=30, first="2024-01-01", last="2024-03-31",
    ...     threshold=1))
    'The disclosure threshold is 1 case, under the default of 5: a figure may describe a single person.'
    """
    least = evidence.threshold
    if least >= DEFAULT_THRESHOLD:
        return None
    few = "a single person" if least == 1 else f"as few as {least} people"
    return (f"The disclosure threshold is {cases(least)}, under the default of {DEFAULT_THRESHOLD}: a figure may "
            f"describe {few}.")


def evidence_sentence(evidence: LogEvidence) -> str:
    """The log behind a map in one sentence: ``Discovered from referrals.csv: 500 cases, 4,210 events,
    4 March 2024 to 9 March 2024.`` (``89 of its 400 cases`` where a filter kept only some)."""
    return (f"Discovered from {evidence.log}: {map_cases(evidence)}, "
            f"{evidence.events:,} {'event' if evidence.events == 1 else 'events'}, {period(evidence)}.")


ARROW = " → "
LONGEST = 10
"""A path of more parts than this (a repeated run is one part) has its middle counted."""
_ENDS = 3  # parts kept at each end of a long path, at least
_RUN = 3  # the longest run of steps looked for repeats


def parts(names: Sequence[str]) -> list[str]:
    """A path's parts: each step, or a run of steps repeated back to back as one part with its count.

    >>> parts(["A", "B", "B", "B", "C", "D", "C", "D", "E"])
    ['A', 'B ×3', '(C → D) ×2', 'E']
    """
    found: list[str] = []
    at = 0
    while at < len(names):
        size, times = _longest_repeat(names, at)
        if times == 1:
            found.append(names[at])
        else:
            inner = parts(names[at:at + size])
            found.append(f"{inner[0] if len(inner) == 1 else '(' + ARROW.join(inner) + ')'} ×{times}")
        at += size * times
    return found


def _longest_repeat(names: Sequence[str], at: int) -> tuple[int, int]:
    """The run starting at ``at`` whose back-to-back repeats cover most steps: its size and how many times; the
    shorter run on a tie, (1, 1) for none."""
    best = (1, 1)
    for size in range(1, _RUN + 1):
        run, times = names[at:at + size], 1
        while len(run) == size and names[at + size * times:at + size * (times + 1)] == run:
            times += 1
        if times > 1 and size * (times - 1) > best[0] * (best[1] - 1):
            best = (size, times)
    return best


def told(paths: Sequence[Sequence[str]], longest: int = LONGEST) -> list[list[str]]:
    """Each path's parts as shown, in order, to be joined by arrows; one of more than ``longest`` parts has its middle
    counted, keeping more at each end until no other path begins and ends with the same parts (so the steps shown
    tell it apart), or is shown whole when that leaves nothing to count.

    >>> told([list("ABCDEFGH"), list("ABXDEFGH")], longest=4)[1]
    ['A', 'B', 'X', '… 2 more …', 'F', 'G', 'H']
    """
    every = [parts(names) for names in paths]
    shown = [list(p) for p in every]
    for index, path in enumerate(every):
        if len(path) <= longest:
            continue
        others = [p for i, p in enumerate(every) if i != index]
        ends = _ENDS
        while 2 * ends < len(path) - 1:
            head, tail = path[:ends], path[-ends:]
            if not any(p[:ends] == head and p[-ends:] == tail for p in others):
                shown[index] = [*head, f"… {len(path) - 2 * ends} more …", *tail]
                break
            ends += 1
    return shown


def optional_duration(hours: float | None) -> str:
    """A duration in words, or a dash when the records give none."""
    return "—" if hours is None else duration(hours)


def entry_wait(hours: float | None, *, first: bool = False) -> str:
    """A stage's median entry wait in a table's row (a dash for none); the ``first`` stage's says it is of cases
    going back to it from a later one, as nothing comes before it."""
    said = optional_duration(hours)
    return f"{said}, from a later stage" if first and hours is not None else said
