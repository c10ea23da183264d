"""What an event log says once aggregated, whichever engine aggregated it: the log's size and period, its
activities, directly-follows pairs, start and end activities, roles, stages, channels, variants, and what was odd
about it (ties, events out of file order, time zones, events without a timestamp). Plain frozen values, so the
DuckDB and the Spark engine can be compared with ==; every list is sorted as its docstring says."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Mapping

import attrs

__all__ = [
    "ActivityCount", "ChannelCount", "EndpointCount", "GroupCount", "LogColumns", "LogOptions", "LogQuality",
    "LogSummary", "MidnightCount", "OffsetCount", "PairStats", "RoleCount", "StageStats", "VariantCount",
    "activity_name",
]

# The names pm4py and XES tools give the columns (IEEE 1849 keys written as column names).
CASE_COLUMN = "case:concept:name"
ACTIVITY_COLUMN = "concept:name"
TIMESTAMP_COLUMN = "time:timestamp"
ROLE_COLUMN = "org:role"
RESOURCE_COLUMN = "org:resource"

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))  # zero-width space, word joiner, zero-width no-break


def activity_name(written: str) -> str:
    """An activity's name as a reader sees it: in Unicode's composed form (NFC), without invisible characters, each
    run of white space (a no-break space too) one space, trimmed; so that "Visit ", "Visit", "Visit\u200b" and a
    "Café" written with a combining accent are one activity each.

    >>> activity_name(" Café\u00a0 visit\u200b"), activity_name("Cafe\u0301 visit") == "Café visit"
    ('Café visit', True)
    """
    return " ".join(unicodedata.normalize("NFC", written).translate(_INVISIBLE).split())


@attrs.frozen(kw_only=True)
class LogColumns:
    """Which columns of an event log hold what: case id, activity and timestamp are required (XES names by
    default); role, stage and channel are optional (None: the log has none, or the role is ``org:role`` when
    the log has that column, else — for ``discover``, which groups people as Staff — ``org:resource``, whose
    values are never written; see ``discover.engine.resolve_columns``)."""

    case: str = CASE_COLUMN
    activity: str = ACTIVITY_COLUMN
    timestamp: str = TIMESTAMP_COLUMN
    role: str | None = None
    stage: str | None = None
    channel: str | None = None


@attrs.frozen(kw_only=True)
class LogOptions:
    """How to aggregate: which cases to keep (the most common variants covering ``variant_share`` of the cases;
    None keeps every case), how many variants to list (the most common ``variants_listed``), in how many of an
    activity's cases a value of the stage column must be to name its stage (``least_cases``), and, where
    ``fold_groups`` is given, the name each role group is counted under, from every group's count (several rare
    groups as one, its cases counted anew: not added up, which would count a case in two of them twice)."""

    variant_share: float | None = None
    variants_listed: int = 10
    least_cases: int = 1  # of an activity's, for a value of the stage column to name its stage (the threshold)
    fold_groups: Callable[[tuple[GroupCount, ...]], Mapping[str, str]] | None = None
    date_order: str = "iso"  # how text timestamps write dates: "iso", "day-first" or "month-first" (year last)


@attrs.frozen(kw_only=True)
class ActivityCount:
    """An activity: the number of distinct cases that have it, of its events, and the sum of its events'
    positions in their cases (1 for a case's first event), so its mean position is exact: position_sum / events."""

    activity: str
    cases: int
    events: int
    position_sum: int


@attrs.frozen(kw_only=True)
class PairStats:
    """A directly-follows pair within a case: how many cases have it, how often it occurs, and the median and
    90th percentile of the hours between the two events over all its occurrences (linear interpolation, as
    numpy and pandas compute quantiles), rounded to HOURS_DECIMALS."""

    source: str
    target: str
    cases: int
    occurrences: int
    median_hours: float
    p90_hours: float


@attrs.frozen(kw_only=True)
class EndpointCount:
    """An activity that starts (or ends) cases, and how many."""

    activity: str
    cases: int


@attrs.frozen(kw_only=True)
class RoleCount:
    """The events of one role group at one activity: how many, in how many distinct cases."""

    activity: str
    group: str
    cases: int
    events: int


@attrs.frozen(kw_only=True)
class GroupCount:
    """A role group over the whole log: the distinct cases it took part in, and its events."""

    group: str
    cases: int
    events: int


@attrs.frozen(kw_only=True)
class StageStats:
    """A stage: the distinct cases with an event in it, its events, and the wait on entering it — over every
    directly-follows occurrence from an event of another stage to one of this stage: in how many cases, how
    many times, median and 90th percentile hours (None when nothing enters it from another stage); and the
    activities placed in it (by name), each activity in exactly one stage."""

    stage: str
    cases: int
    events: int
    entry_cases: int
    entries: int
    median_hours: float | None
    p90_hours: float | None
    activities: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ChannelCount:
    """The events of one activity through one channel, and the cases they are in."""

    activity: str
    channel: str
    events: int
    cases: int


@attrs.frozen(kw_only=True)
class VariantCount:
    """A variant: one sequence of activities that whole cases follow, and how many cases follow it."""

    activities: tuple[str, ...]
    cases: int


@attrs.frozen(kw_only=True)
class OffsetCount:
    """How many events' timestamps were written with one UTC offset ("+01:00", "+00:00" for Z) or without one ("")."""

    offset: str
    events: int


@attrs.frozen(kw_only=True)
class MidnightCount:
    """An activity some of whose timed events are at midnight exactly, written without a UTC offset, as a date
    without a time of day is read: how many, of its timed events."""

    activity: str
    midnight: int
    events: int


@attrs.frozen(kw_only=True)
class LogQuality:
    """What was odd about the log, counted over all of it (before any variant filter): events left out for want
    of a timestamp (and the first few of their rows), events that share their case's timestamp with another,
    cases whose rows are not in time order in the file, the offsets timestamps were written in, the number of
    distinct variants, and the cases and events the variant filter left out, with the activities and the pairs
    found only in those cases; how many of the variants kept are each one's number of cases (``(cases, variants)``
    by cases: what a disclosure threshold hides of them)."""

    events_read: int
    cases_read: int
    skipped_events: int
    skipped_rows: tuple[int, ...]
    tied_events: int
    reordered_cases: int
    offsets: tuple[OffsetCount, ...]  # by events descending, then offset
    variants: int
    filtered_cases: int
    filtered_events: int
    variant_sizes: tuple[tuple[int, int], ...] = ()
    untimed_cases: int = 0  # cases none of whose events has a timestamp: left out with their events
    blank_case_events: int = 0  # events whose case id is empty: one case, as written
    midnight: tuple[MidnightCount, ...] = ()  # by activity
    date_order: str = "iso"  # as LogOptions gave it: how dates written as text were read
    spaced_case_ids: int = 0  # case ids that differ from another only by spaces round them (all of them, as written)
    filtered_activities: int = 0
    filtered_pairs: int = 0


@attrs.frozen(kw_only=True)
class LogSummary:
    """What an event log says, aggregated over the cases kept (all of them unless a variant filter is given).
    Activities are sorted by cases, events (descending), then name; pairs by cases, occurrences, then source and
    target; starts and ends by cases, then activity; roles by activity then group; groups by cases descending then
    group; stages in journey order (the mean position of their events, then name); channels by activity, then
    events descending, then channel; variants by cases descending then their activities."""

    file: str
    engine: str  # "duckdb" or "spark"
    cases: int
    events: int
    first: datetime.datetime  # the earliest timestamp, in UTC
    last: datetime.datetime
    activities: tuple[ActivityCount, ...]
    pairs: tuple[PairStats, ...]
    starts: tuple[EndpointCount, ...]
    ends: tuple[EndpointCount, ...]
    roles: tuple[RoleCount, ...] = ()
    groups: tuple[GroupCount, ...] = ()
    stages: tuple[StageStats, ...] = ()
    channels: tuple[ChannelCount, ...] = ()
    variants: tuple[VariantCount, ...] = ()
    quality: LogQuality | None = None
