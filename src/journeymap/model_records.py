"""The records behind a discovered map (the map file's ``evidence`` block): the event log it came from, its size and
period, the disclosure threshold and filters, how much each kept off the map, the most common paths (variants) and
what was odd about the log. Not the engine that read it: DuckDB and Spark give the same map, byte for byte. Only aggregates: never a case, a person or free text.
"""

from __future__ import annotations

import datetime
import re

import attrs

from journeymap import model_converters as convert
from journeymap import model_validators as check

__all__ = ["DEFAULT_THRESHOLD", "LogEvidence", "LogHidden", "Variant"]

DEFAULT_THRESHOLD = 5
"""Counts of fewer cases than this are never written to a map: the item is hidden and counted as hidden."""


@attrs.frozen(kw_only=True)
class LogHidden:
    """How many items of each kind the disclosure threshold and the filters kept off the map.

    >>> LogHidden(pairs=3, contributions=1).total
    4
    """

    activities: int = attrs.field(default=0, validator=check.count)
    pairs: int = attrs.field(default=0, validator=check.count)
    contributions: int = attrs.field(default=0, validator=check.count)
    variants: int = attrs.field(default=0, validator=check.count)
    stage_waits: int = attrs.field(default=0, validator=check.count)

    @property
    def total(self) -> int:
        """Every item hidden, of any kind."""
        return self.activities + self.pairs + self.contributions + self.variants + self.stage_waits


@attrs.frozen(kw_only=True)
class Variant:
    """One of the most common paths through the journey: the touchpoints whole cases pass, in order, and how many
    cases follow exactly that path.

    >>> Variant(touchpoints=["referral", "triage", "visit"], cases=120).touchpoints
    ('referral', 'triage', 'visit')
    """

    touchpoints: tuple[str, ...] = attrs.field(
        converter=convert.refs, validator=check.tuple_of(check.identifier))
    cases: int = attrs.field(validator=check.positive_count)


# The ends of the rules the filters write, which the evidence reads back: what --variants kept; what --min-cases left.
_KEPT = re.compile(r"\(([\d,]+) of ([\d,]+) cases?\)$")
_MIN_CASES = re.compile(r"in fewer than ([\d,]+) cases? left out")


@attrs.frozen(kw_only=True)
class LogEvidence:
    """The event log a map was discovered from: its file, cases and events, first and last timestamp, the
    disclosure threshold, the filters applied (in words), what they hid, the most common variants, notes on what
    was odd about the log (ties, rows out of order, time zones, events without a timestamp), and the touchpoints
    whose co-production the records cannot show.

    >>> evidence = LogEvidence(log="referrals.csv", cases=500, events=4210,
    ...                        first="2024-01-02T08:00:00+01:00", last=datetime.datetime(2024, 12, 30, 17, 0))
    >>> evidence.first.isoformat(), evidence.last.isoformat(), evidence.threshold, evidence.hidden.total
    ('2024-01-02T07:00:00+00:00', '2024-12-30T17:00:00+00:00', 5, 0)
    """

    log: str = attrs.field(validator=check.text)
    cases: int = attrs.field(validator=check.count)
    events: int = attrs.field(validator=check.count)
    first: datetime.datetime = attrs.field(converter=convert.to_moment, validator=check.moment)
    last: datetime.datetime = attrs.field(converter=convert.to_moment, validator=check.moment)
    threshold: int = attrs.field(default=DEFAULT_THRESHOLD, validator=check.positive_count)
    filters: tuple[str, ...] = attrs.field(default=(), converter=convert.to_tuple, validator=check.tuple_of(check.text))
    hidden: LogHidden = attrs.field(factory=LogHidden, validator=check.instance_of(LogHidden))
    variants: tuple[Variant, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Variant)))
    notes: tuple[str, ...] = attrs.field(default=(), converter=convert.to_tuple, validator=check.tuple_of(check.text))
    # The touchpoints where the records cannot show whether citizens co-produce: people of a citizen-side group acted
    # there in fewer cases than the threshold (not shown), or the log names no one's role. None is called passive.
    co_production_unknown: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs, validator=check.tuple_of(check.identifier))

    @property
    def log_cases(self) -> int | None:
        """The log's cases where a filter kept only some of them (``cases``, which the map counts), read from the
        rule --variants writes; None where the map has every case of the log."""
        found = next((match for rule in self.filters if (match := _KEPT.search(rule))), None)
        total = None if found is None else int(found.group(2).replace(",", ""))
        return None if total == self.cases else total

    @property
    def least_shown(self) -> tuple[int, bool]:
        """The fewest cases a step of the map may have (the threshold, or --min-cases above it, read from the rule it
        writes), and whether another filter (of variants) left steps out too."""
        found = [_MIN_CASES.search(rule) for rule in self.filters]
        least = max([self.threshold, *(int(match.group(1).replace(",", "")) for match in found if match)])
        return least, not all(found)
