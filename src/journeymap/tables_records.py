"""What changed in the records between two discovered maps, as ``journeymap diff`` prints it: the log's lines, then
titled plain-text tables of touchpoints' cases, steps and stages' entry waits (each capped, the rest counted)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeymap.comparison_records import (NOTABLE_HOURS, NOTABLE_POINTS, NOTABLE_SHARE, CasesChange, RecordsDiff,
                                           StepChange, filter_rules, relative)
from journeymap.model_records import LogEvidence
from journeymap.tables import table
from journeymap.wording import MINUS, joined, listed, percent, whole_percent
from journeymap.wording_records import cases, duration, durations, evidence_sentence, hidden_parts, period

LISTED = 10
"""How many of each kind of change the text lists (the largest); the rest are counted, and ``--json`` has all."""

MISSING = "—"


def records_tables(changes: RecordsDiff) -> str:
    """The records' changes: the log (name, cases, events, period, threshold, filters, what was held back), then
    touchpoints' cases, the cases of the contributions they show, steps changed, new and gone, and stages' entry
    waits, each with a count and a table."""
    old, new = changes.old, changes.new
    if old is None or new is None:
        side, evidence = ("new", new) if old is None else ("old", old)
        assert evidence is not None
        return "\n".join([f"Records: {evidence.log}", f"Only the {side} map is discovered from records. "
                          f"{evidence_sentence(evidence)}",
                          "Counts are compared only between two maps discovered from records."])
    log_lines = [
        f"Records: {_before_after(old.log, new.log)}",
        joined([f"Cases {_figures(old.cases, new.cases)}", f"events {_figures(old.events, new.events)}"]),
        f"Period: {_before_after(period(old), period(new))}",
        *([] if changes.within is None else [
            f"The {changes.within} map's period lies within the other's: the other log may hold its cases too, so "
            f"their counts overlap."]),
        f"Disclosure threshold: {_before_after(cases(old.threshold), cases(new.threshold))}",
        f"Filters: {_before_after(_filters(old), _filters(new))}",
        f"Held back (below the threshold or filtered out): {_before_after(_held_back(old), _held_back(new))}",
        *([] if changes.like_for_like else ["Not like for like: the maps were discovered with different thresholds "
                                            "or filters, so their counts differ for that reason too."]),
    ]
    sections = [
        "\n".join(log_lines),
        _capped("Touchpoints whose cases changed", ["touchpoint", "cases", "change", "relative", "of all cases"],
                [(c.touchpoint.name, _before_after(_count(c.old), _count(c.new)), _change(c),
                  _relative(c.old, c.new), _before_after(_share(c.old_share), _share(c.new_share)))
                 for c in changes.touchpoints]),
        _capped("Co-production: the cases in which a group acted at a touchpoint, changed",
                ["asset", "touchpoint", "cases", "change", "relative", "of all cases"],
                [(c.asset.label, c.touchpoint.name, _before_after(_count(c.old), _count(c.new)), _change(c),
                  _relative(c.old, c.new), _before_after(_share(c.old_share), _share(c.new_share)))
                 for c in changes.contributions]),
        _capped("Steps whose share of cases or median time changed notably",
                ["from", "to", "cases", "of all cases", "median time"],
                [(s.source.name, s.target.name, _before_after(_count(s.old_cases), _count(s.new_cases)),
                  _before_after(_share(s.old_share), _share(s.new_share)),
                  _change_of(s.old_median, s.new_median)) for s in changes.steps_changed]),
        _steps_section("Steps new on the map", changes.steps_new, lambda s: (s.new_cases, s.new_median)),
        _steps_section("Steps no longer on the map", changes.steps_gone, lambda s: (s.old_cases, s.old_median)),
        _capped("Stage entry waits changed", ["stage", "cases", "median wait", "90% within"],
                [(w.new.name, _before_after(_count(w.old.cases), _count(w.new.cases)),
                  _change_of(w.old.median_hours, w.new.median_hours),
                  _before_after(*_durations(w.old.p90_hours, w.new.p90_hours))) for w in changes.stage_waits]),
        (f"A step is listed when its share of all cases or its median time changed notably, a stage when its "
         f"entry wait did:\nthe larger figure at least {percent(NOTABLE_SHARE)} above the smaller, and "
         f"{_points(NOTABLE_POINTS)} or {duration(NOTABLE_HOURS)} apart.\n{MISSING}: not on that map (seen in "
         f"fewer cases than its disclosure threshold, left out by a filter, or not seen at all)."),
    ]
    return "\n\n".join(sections)


def not_like_for_like(changes: RecordsDiff | None) -> str | None:
    """The warning that two discovered maps' counts differ because of how they were discovered too (a different
    disclosure threshold or filters), saying what differs; None when alike, when only one is from records, or when
    neither is (``changes`` None)."""
    if changes is None or changes.old is None or changes.new is None or changes.like_for_like:
        return None
    old, new = changes.old, changes.new
    differ = [f"{what} ({_before_after(before, after)})" for what, before, after in (
        ("disclosure thresholds", cases(old.threshold), cases(new.threshold)),
        ("filters", _rules(old), _rules(new))) if before != after]
    return (f"Not like for like: the two maps were discovered with different {' and '.join(differ)}, so their "
            "counts, the headline's included, differ for that reason too, not only because the service changed.")


def unseen_may_be_hidden(changes: RecordsDiff | None) -> str | None:
    """What an item added or removed between two discovered maps may only mean: that it crossed a map's disclosure
    threshold or filter, not that it began or ended; None unless both maps are from records."""
    if changes is None or changes.old is None or changes.new is None:
        return None
    old, new = changes.old.threshold, changes.new.threshold
    thresholds = cases(old) if old == new else f"{cases(old)} on the old map, {cases(new)} on the new"
    filtered = " or left out by a filter" if changes.old.filters or changes.new.filters else ""
    return (f"Both maps are from records: what is on one map only (a touchpoint, a group, a contribution) may be in "
            f"the other's log too, in fewer cases than that map's disclosure threshold ({thresholds}){filtered}.")


def _steps_section(title: str, steps: Sequence[StepChange],
                   figures: Callable[[StepChange], tuple[int | None, float | None]]) -> str:
    """Steps one map has and the other lacks, with that map's cases and median time."""
    return _capped(title, ["from", "to", "cases", "median time"],
                   [(s.source.name, s.target.name, _count(figures(s)[0]), _duration(figures(s)[1])) for s in steps])


def _capped(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A titled table of the first :data:`LISTED` rows, the rest counted: ``and 4 more (--json lists them all)``."""
    if not rows:
        return f"{title} (0)\nnone"
    more = len(rows) - LISTED
    rest = [f"and {more:,} more (--json lists them all)"] if more > 0 else []
    return "\n".join([f"{title} ({len(rows):,})", table(headers, rows[:LISTED]), *rest])


def _before_after(old: str, new: str) -> str:
    """``old → new``, or the one text when they are the same."""
    return old if old == new else f"{old} → {new}"


def _figures(old: int, new: int) -> str:
    """A count before and after with its change: ``400 → 201 (−199, −50%)``; ``400`` when the same."""
    if old == new:
        return f"{old:,}"
    return f"{old:,} → {new:,} ({joined([_signed(new - old), _relative(old, new)], ', ')})"


def _change_of(old: float | None, new: float | None) -> str:
    """A duration before and after, with its relative change: ``2.8 days → 2.6 days (−9%)``; ``2 days`` alone when
    the change rounds to 0% and both read so (a decimal more would show a change the percentage does not)."""
    share = _relative(old, new, fine=False)
    if share == "0%" and _duration(old) == _duration(new):
        return _duration(old)
    both = _before_after(*_durations(old, new))
    return both if share in ("", "0%") else f"{both} ({share})"


def _count(number: int | None) -> str:
    return MISSING if number is None else f"{number:,}"


def _share(share: float | None) -> str:
    return MISSING if share is None else percent(share)


def _points(share: float) -> str:
    """A difference of shares in percentage points: ``1 percentage point``."""
    points = whole_percent(share)
    return f"{points} percentage {'point' if points == 1 else 'points'}"


def _duration(hours: float | None) -> str:
    return MISSING if hours is None else duration(hours)


def _durations(old: float | None, new: float | None) -> tuple[str, str]:
    """Two durations as a before and after (``wording_records.durations``), a dash for one not there."""
    if old is None or new is None:
        return _duration(old), _duration(new)
    return durations(old, new)


def _change(counted: CasesChange) -> str:
    """A change in cases, signed; blank where one map does not count it (its cases there are not known)."""
    return "" if counted.old is None or counted.new is None else _signed(counted.change)


def _signed(number: int) -> str:
    """A change in cases with its sign and a true minus: ``+1,200``, ``−3``, ``0``."""
    return f"{number:+,}".replace("-", MINUS) if number else "0"


def _relative(old: float | None, new: float | None, *, fine: bool = True) -> str:
    """The change as a whole percentage of the old figure, signed: ``+12%``, ``−50%``; empty when unknown. A change
    under half a percent is ``0%`` unless ``fine``, where it is given to a tenth (``+0.4%``), or said to be under
    that (``+<0.1%``), as a change it is.

    >>> _relative(16492, 16502), _relative(14888, 14834), _relative(1_000_000, 1_000_001), _relative(9, 9)
    ('+0.1%', '−0.4%', '+<0.1%', '0%')
    """
    share = relative(old, new)
    if share is None:
        return ""
    whole = whole_percent(share)
    if whole or not share or not fine:
        return f"{whole:+d}%".replace("-", MINUS) if whole else "0%"
    tenths = round(abs(share) * 1000)
    return ("+" if share > 0 else MINUS) + (f"{tenths / 10:.1f}%" if tenths else "<0.1%")


def _filters(evidence: LogEvidence) -> str:
    return "; ".join(evidence.filters) or "none"


def _rules(evidence: LogEvidence) -> str:
    return "; ".join(filter_rules(evidence)) or "none"


def _held_back(evidence: LogEvidence) -> str:
    return listed(hidden_parts(evidence)) or "nothing"
