"""The aggregation of an event log (CSV or Parquet) into a ``LogSummary``, on any ``discover.engine.Engine``
(DuckDB unless another is given): the driver that loads the log, checks it, runs the shared SQL of
``discover.queries`` step by step and decides in Python what is small (the variant filter, stages, role groups).

Every column is read as text, so case ids such as ``NA``, ``null`` or the empty string stay ids and are never
taken for missing values; an unreadable timestamp is an error placed at its file, row and column, an empty one
skips its event (counted, with its row, in the summary's quality). Events of a case are ordered by timestamp,
ties by their order in the file. Timestamps without an offset are taken as UTC.
It is longer than 400 lines: the driver's steps share one run's engine, queries and file (``_Run``) and codes.
"""

from __future__ import annotations

import datetime
import heapq
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from journeymap.discover.duckdb_engine import DuckDBEngine
from journeymap.discover.engine import Engine, csv_lines, local_path, log_kind, resolve_columns
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.queries import Queries, looks_year_last
from journeymap.discover.roles import spellings_merged
from journeymap.discover.summary import (
    ActivityCount, ChannelCount, EndpointCount, GroupCount, LogColumns, LogOptions, LogQuality, LogSummary,
    MidnightCount, OffsetCount, PairStats, RoleCount, StageStats, VariantCount, activity_name,
)
from journeymap.errors import Problem

__all__ = ["HOURS_DECIMALS", "STEPS", "aggregate"]

HOURS_DECIMALS = 6  # durations in hours are rounded to 6 decimal places (3.6 ms), so output is reproducible
MICROSECONDS_PER_HOUR = 3_600_000_000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
PROBLEMS_SHOWN = 5  # bad rows reported one by one; the rest are counted
SKIPPED_ROWS_SHOWN = 5
# The steps, in order, that ``progress`` is told of.
STEPS = ("reading", "checking", "ordering", "variants", "activities", "pairs", "roles", "stages", "channels")


def aggregate(path: str | os.PathLike[str], columns: LogColumns | None = None, options: LogOptions | None = None,
              *, engine: Engine | None = None, role_group: Callable[[str], str | None] | None = None,
              stages: Mapping[str, str] | None = None, progress: Callable[[str], None] | None = None) -> LogSummary:
    """The summary of the event log at ``path`` on ``engine`` (a new DuckDB one, closed at the end, when None; one
    given is left open). ``role_group`` maps a role value (trimmed) to its group, or None for none; ``stages`` maps
    an activity to its stage; ``progress`` is called with each name of STEPS before that step. Raises
    InvalidLogError when the log cannot be read, lacks a column, has no timed event, or has an event without a
    case or activity or with an unreadable timestamp."""
    file = os.fspath(path)
    kind = log_kind(file)
    owned = engine is None
    running = DuckDBEngine() if engine is None else engine
    try:
        return _Run(running, Queries(running.dialect), file, kind, progress or _quiet).summary(
            columns or LogColumns(), options or LogOptions(), role_group, stages or {})
    finally:
        if owned:
            running.close()


def _quiet(step: str) -> None:
    """No progress shown."""


@attrs.frozen(kw_only=True)
class _Read:
    """What was read: events, those skipped for want of a timestamp (and the first of their rows), distinct cases
    (None when nothing was skipped: then every case has a variant, and the variants count them), the offsets."""

    events: int
    skipped: int
    skipped_rows: tuple[int, ...]
    cases: int | None
    offsets: tuple[OffsetCount, ...]
    blank_case_events: int = 0  # timed events whose case id is empty
    # timed events at midnight UTC written without an offset (as a date alone is read), by activity as written
    midnight: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen
class _Variants:
    """A log's variants: each one's key (see ``discover.queries.Queries``: keys sort as the sequences of activity
    names do, since codes follow the names' order) and cases, the keys kept, the relation holding the kept cases'
    steps, and the log's tied events and cases out of order in the file."""

    names: tuple[str, ...]  # by code
    width: int
    counts: dict[str, int]
    kept: set[str]
    relation: str
    tied: int
    reordered: int

    def length(self, key: str) -> int:
        """The number of events of a variant."""
        return key.count(",") + 1

    def activities(self, key: str) -> tuple[str, ...]:
        """A variant's activities (each place's last ``width`` digits are its activity's code)."""
        return tuple(self.names[int(place[-self.width:])] for place in key.split(","))


@attrs.frozen
class _Kind:
    """What the aggregation tells events by: the activity, the role, stage and channel as written ('' for none)."""

    activity: str
    role: str
    stage_written: str
    channel_written: str

    @property
    def name(self) -> str:
        """The activity's name as a reader sees it (``activity_name``)."""
        return activity_name(self.activity)

    @property
    def stage(self) -> str:
        """The stage, trimmed of white space ('' for none)."""
        return self.stage_written.strip()

    @property
    def channel(self) -> str:
        """The channel, trimmed of white space ('' for none)."""
        return self.channel_written.strip()


@attrs.frozen
class _Codes:
    """The numbers the steps hold in place of texts: each kind's (its place in ``kinds``), each activity's (its
    place in name order) and each role group's (its place in name order); and each kind's timed events."""

    kinds: tuple[_Kind, ...]
    activities: tuple[str, ...]
    groups: tuple[str, ...]
    counts: dict[int, int]
    rows: list[tuple[Any, ...]]
    columns = (("activity", "STRING"), ("role_name", "STRING"), ("stage_name", "STRING"), ("channel_name", "STRING"),
               ("kind", "BIGINT"), ("act", "BIGINT"), ("grp", "BIGINT"))

    @classmethod
    def of(cls, counts: Mapping[_Kind, int], role_group: Callable[[str], str | None] | None) -> _Codes:
        """The codes of the kinds counted (sorted), their activities and the groups ``role_group`` puts roles in."""
        kinds = tuple(sorted(counts, key=attrs.astuple))
        activities = tuple(sorted({kind.name for kind in kinds}))
        group_of: dict[str, str | None] = {}
        if role_group is not None:
            for role in sorted({kind.role for kind in kinds}):
                group_of[role] = role_group(role.strip()) if role.strip() else None
            events: Counter[str] = Counter()
            for kind, count in counts.items():
                if (group := group_of[kind.role]) is not None:
                    events[group] += count
            merged = spellings_merged(events)  # "Nurse" and "NURSE" are one group
            group_of = {role: None if group is None else merged[group] for role, group in group_of.items()}
        groups = tuple(sorted({group for group in group_of.values() if group is not None}))
        act = {name: code for code, name in enumerate(activities)}
        grp = {name: code for code, name in enumerate(groups)}
        rows: list[tuple[Any, ...]] = []
        for code, kind in enumerate(kinds):
            group = group_of.get(kind.role)
            rows.append((*attrs.astuple(kind), code, act[kind.name], None if group is None else grp[group]))
        return cls(kinds, activities, groups, {code: counts[kind] for code, kind in enumerate(kinds)}, rows)


@attrs.frozen
class _Run:
    """One aggregation: the engine, its queries, the log and who is told of the steps."""

    engine: Engine
    queries: Queries
    file: str
    kind: str
    step: Callable[[str], None]
    spaced_case_ids: int = 0  # case ids that differ from another only by the spaces round them (see ``ordered``)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.engine.query(sql)

    def one(self, sql: str) -> tuple[Any, ...]:
        (row,) = self.engine.query(sql)  # an aggregate without GROUP BY gives one row
        return row

    def summary(self, columns: LogColumns, options: LogOptions, role_group: Callable[[str], str | None] | None,
                stages: Mapping[str, str]) -> LogSummary:
        engine = self.engine
        self.step("reading")
        resolved = resolve_columns(engine.header(self.file, self.kind), columns, self.file, self.kind)
        # Without role_group the role column is checked but not loaded: nothing would be counted from it.
        loaded = resolved.columns if role_group else attrs.evolve(resolved.columns, role=None)
        typed_offset = engine.load(self.file, self.kind, loaded, date_order=options.date_order)
        self.step("checking")
        read, kinds = self.check(resolved.positions, typed_offset, options.date_order)
        codes = _Codes.of(kinds, role_group)
        engine.register("kinds", codes.columns, codes.rows)
        self.step("ordering")
        if read.events * len(codes.activities) >= 2 ** 63:  # the steps' lead of row * activities + code would overflow
            raise InvalidLogError([Problem(
                message=f"too many distinct activities ({len(codes.activities):,}) for {read.events:,} events",
                file=self.file, suggestion="check that the activity column is the right one (--activity)")])
        return self.ordered(codes).counted(read, codes, options, stages)

    def ordered(self, codes: _Codes) -> _Run:
        """Builds the steps (numbering the cases first, where the dialect does) and frees the events: this run, its
        queries knowing how many cases were numbered."""
        engine, queries = self.engine, self.queries
        numbered = queries.dialect.numbers_cases
        if numbered:
            engine.materialize("case_numbers", queries.case_numbers())
            queries = attrs.evolve(queries, cases=int(self.one(queries.case_count())[0]))
        # Ids that differ only by spaces ("C0 ", "C0") are cases of their own, as written, and worth a note; the
        # ids are counted again trimmed only where some have spaces round them.
        spaced = int(self.one(queries.spaced_case_ids(trimmed=False))[0])
        spaced = int(self.one(queries.spaced_case_ids(trimmed=True))[0]) if spaced else 0
        engine.materialize("steps", queries.steps(len(codes.activities)))
        engine.materialize("events", queries.emptied())  # every later step reads the steps
        if numbered:
            engine.materialize("case_numbers", queries.emptied())
        return attrs.evolve(self, queries=queries, spaced_case_ids=spaced)

    def counted(self, read: _Read, codes: _Codes, options: LogOptions, stages: Mapping[str, str]) -> LogSummary:
        """The summary, from the steps."""
        engine, queries = self.engine, self.queries
        self.step("variants")
        variants = self.variants(codes, options.variant_share, read.events)
        kept, names = variants.relation, codes.activities
        self.step("activities")
        activity_rows = [(names[int(code)], *rest)
                         for code, *rest in self.rows(queries.activities(kept, len(names)))]
        activities = tuple(sorted((ActivityCount(activity=name, cases=int(in_cases), events=int(count),
                                                 position_sum=int(places))
                                   for name, in_cases, count, places, *_ in activity_rows),
                                  key=lambda item: (-item.cases, -item.events, item.activity)))
        self.step("pairs")
        pairs = tuple(sorted((PairStats(source=names[int(source)], target=names[int(target)], cases=int(in_cases),
                                        occurrences=int(count), median_hours=_hours(quantiles[0]),
                                        p90_hours=_hours(quantiles[1]))
                              for source, target, in_cases, count, quantiles
                              in self.rows(queries.pairs(kept, self.pair_groups(kept, len(names))))),
                             key=lambda pair: (-pair.cases, -pair.occurrences, pair.source, pair.target)))
        self.step("roles")
        roles, groups = self.roles(kept, codes, options.fold_groups) if codes.groups else ((), ())
        self.step("stages")
        by_kind = codes.counts if kept == "steps" else {
            int(kind): int(count) for kind, count in self.rows(queries.kind_counts(kept))}
        values = self.value_cases(kept, codes)
        stage_stats = self.stages(kept, activities, stages, codes, by_kind,
                                  {key: cases for key, cases in values.items() if cases >= options.least_cases})
        self.step("channels")
        channels = _channels(codes, by_kind, values)
        counts, total = variants.counts, sum(variants.counts.values())
        filtered = [(key, count) for key, count in counts.items() if key not in variants.kept
                    ] if len(variants.kept) < len(counts) else []
        filtered_cases = sum(count for _, count in filtered)
        quality = LogQuality(
            events_read=read.events, cases_read=total if read.cases is None else read.cases,
            skipped_events=read.skipped, skipped_rows=read.skipped_rows, tied_events=variants.tied,
            reordered_cases=variants.reordered, offsets=read.offsets,
            variants=len(counts), filtered_cases=filtered_cases,
            filtered_events=sum(variants.length(key) * count for key, count in filtered),
            variant_sizes=tuple(sorted(Counter(counts[key] for key in variants.kept).items())),
            untimed_cases=0 if read.cases is None else read.cases - total, blank_case_events=read.blank_case_events,
            midnight=_midnight(read.midnight, codes), date_order=options.date_order,
            spaced_case_ids=self.spaced_case_ids,
            **self.filtered_out(kept, len(activities), len(pairs)))
        listed = _most_common_first(counts, variants.kept, options.variants_listed)
        return LogSummary(
            file=self.file, engine=engine.name, cases=total - filtered_cases,
            events=sum(item.events for item in activities), first=_moment(min(row[6] for row in activity_rows)),
            last=_moment(max(row[7] for row in activity_rows)), activities=activities, pairs=pairs,
            starts=_endpoints((row[0], row[4]) for row in activity_rows),
            ends=_endpoints((row[0], row[5]) for row in activity_rows),
            roles=roles, groups=groups, stages=stage_stats, channels=channels,
            variants=tuple(VariantCount(activities=variants.activities(key), cases=counts[key]) for key in listed),
            quality=quality)

    def check(self, positions: dict[str, int], typed_offset: str | None,
              date_order: str) -> tuple[_Read, dict[_Kind, int]]:
        """What was read (the offsets a typed timestamp column's), and the timed events of each kind; raises
        InvalidLogError for a log without events or without a timed one, or with rows lacking a case or activity
        or a readable timestamp."""
        read_as: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # events read and timed, by offset written
        kinds: dict[_Kind, int] = defaultdict(int)
        bad = blank_cases = 0
        blank: set[str] = set()  # the activities written as white space alone: each of their events is refused
        midnight: dict[str, int] = defaultdict(int)
        for (written, activity, role, stage, channel, events_here, timed_here, bad_here, blank_case,
             at_midnight) in self.rows(self.queries.read_counts(text_offsets=typed_offset is None)):
            timed_here = int(timed_here or 0)
            blank_cases += int(blank_case or 0)
            if at_midnight and activity is not None and not written:  # midnight as written: a date's, maybe
                midnight[str(activity)] += int(at_midnight)
            read_as[str(written)][0] += int(events_here)
            read_as[str(written)][1] += timed_here
            if activity is not None and not str(activity).strip():
                blank.add(str(activity))
                bad += int(events_here)
                continue
            bad += int(bad_here or 0)
            if activity is not None and timed_here:
                kinds[_Kind(str(activity), str(role), str(stage), str(channel))] += timed_here
        events, timed = sum(read for read, _ in read_as.values()), sum(timed for _, timed in read_as.values())
        skipped = events - timed
        if events == 0:
            raise InvalidLogError([Problem(message="the event log has no events", file=self.file,
                                           suggestion="check that it has rows below its header")])
        if bad:
            rows = self.rows(self.queries.bad_rows(PROBLEMS_SHOWN, sorted(blank)))
            lines = self.lines(int(row) for row, *_ in rows)
            problems = [self.row_problem(positions, int(row), lines.get(int(row)), no_case, activity, text, date_order)
                        for row, no_case, activity, text in rows]
            if bad > len(rows):
                problems.append(Problem(message=f"and {bad - len(rows)} more rows with such a problem",
                                        file=self.file))
            raise InvalidLogError(problems)
        skipped_rows = tuple(int(row) for (row,) in self.rows(self.queries.skipped_rows(SKIPPED_ROWS_SHOWN))
                             ) if skipped else ()
        if skipped == events:
            raise InvalidLogError([Problem(
                message=f"no event of the log has a timestamp ({events} events, all without one)", file=self.file,
                line=self.lines([skipped_rows[0]]).get(skipped_rows[0]), column=positions["timestamp"],
                suggestion="check that the timestamp column is the right one (--timestamp)")])
        offsets: dict[str, int] = defaultdict(int)
        if typed_offset is not None:
            offsets[typed_offset] = timed
        else:
            for written, (_, timed_here) in read_as.items():
                if timed_here:
                    offsets[_normalised_offset(written)] += timed_here
        return _Read(events=events, skipped=skipped, skipped_rows=skipped_rows, blank_case_events=blank_cases,
                     midnight=dict(midnight),
                     cases=int(self.one(self.queries.cases_read())[0]) if skipped else None,
                     offsets=tuple(OffsetCount(offset=offset, events=count) for offset, count
                                   in sorted(offsets.items(), key=lambda item: (-item[1], item[0])))), dict(kinds)

    def lines(self, rows: Iterable[int]) -> dict[int, int]:
        """The file line each of ``rows`` starts on: a CSV's on this machine (none for other logs)."""
        local = local_path(self.file) if self.kind == "csv" else None
        if local is None:
            return {}
        return {record - 1: line for record, line in csv_lines(local, (row + 1 for row in rows)).items()}

    def row_problem(self, positions: dict[str, int], row: int, line: int | None, no_case: bool,
                    activity: str | None, text: str, date_order: str) -> Problem:
        """The first thing wrong with one row of the log, placed at its ``line`` (a CSV's) and column; a timestamp
        with the year last gets the option that reads it (``date_order``: the one given)."""
        if no_case:
            role, message, value, suggestion = "case", f"row {row} has no case id", None, "give every event its case"
        elif activity is None or not activity.strip():
            role, message, value = "activity", f"row {row} has no activity", activity
            suggestion = "give every event the activity it records"
        else:
            role, value, message = "timestamp", text, f"cannot read the timestamp '{text}' of row {row}"
            suggestion = _timestamp_suggestion(text, date_order)
        return Problem(message=message, value=value, file=self.file, line=line, column=positions[role],
                       suggestion=suggestion)

    def variants(self, codes: _Codes, share: float | None, events: int) -> _Variants:
        """Every variant with its cases, the variants the filter keeps, the relation of the kept cases' steps, and
        the log's tied events and cases out of order in the file (over every case); ``events``: the events read."""
        width = len(str(len(codes.activities) - 1))
        paths = self.queries.case_paths(width, events)
        if share is None:  # no variant is filtered out: the cases' variants are only counted
            rows = self.rows(self.queries.path_counts(f"({paths}) AS p"))
        else:
            self.engine.materialize("case_paths", paths)
            rows = self.rows(self.queries.path_counts())
        # Column by column: there are as many rows as variants (34,000 at 1M events: 0.05 -> 0.01 s).
        keys, cases, reordered_by_variant, tied_by_variant = zip(*rows) if rows else ((), (), (), ())
        counts = dict(zip(map(str, keys), map(int, cases)))
        reordered, tied = int(sum(reordered_by_variant)), int(sum(tied_by_variant))
        kept = _most_common(counts, share)
        relation = "steps"
        if len(kept) < len(counts):
            self.engine.register("kept_paths", (("path_key", "STRING"),), [(key,) for key in sorted(kept)])
            self.engine.materialize("kept", self.queries.kept())
            relation = "kept"
        return _Variants(codes.activities, width, counts, kept, relation, tied, reordered)

    def filtered_out(self, kept: str, activities: int, pairs: int) -> dict[str, int]:
        """How many activities and pairs are only in the cases a variant filter left out (``kept``, those it kept,
        has ``activities`` and ``pairs``): none without a filter."""
        if kept == "steps":
            return {}
        return {"filtered_activities": int(self.one(self.queries.activity_count("steps"))[0]) - activities,
                "filtered_pairs": int(self.one(self.queries.pair_count("steps"))[0]) - pairs}

    def pair_groups(self, kept: str, activities: int) -> int:
        """At most how many directly-follows pairs there are: one per two activities, or, where that many would not
        have their cases counted in sets but the true number might, that number."""
        most = activities ** 2
        if not self.queries.dialect.numbers_cases or self.queries.in_sets(most):
            return most
        return int(self.one(self.queries.pair_count(kept))[0])

    def roles(self, kept: str, codes: _Codes,
              fold: Callable[[tuple[GroupCount, ...]], Mapping[str, str]] | None
              ) -> tuple[tuple[RoleCount, ...], tuple[GroupCount, ...]]:
        """Each role group's events at each activity, and over the log; with ``fold``, under the names it gives
        the groups, counted again where it joins any."""
        most = min(len(codes.kinds), len(codes.activities) * len(codes.groups)) + len(codes.groups)
        roles, groups = self._roles(self.queries.roles(kept, most), codes.groups, codes.activities)
        shown = fold(groups) if fold else {}
        if all(shown.get(name, name) == name for name in codes.groups):
            return roles, groups
        names = tuple(sorted({shown.get(name, name) for name in codes.groups}))
        self.engine.register("group_folds", (("grp", "BIGINT"), ("shown", "BIGINT")),
                             [(code, names.index(shown.get(name, name))) for code, name in enumerate(codes.groups)])
        return self._roles(self.queries.roles(kept, most, folded=True), names, codes.activities)

    def _roles(self, sql: str, names: Sequence[str], activities: Sequence[str]
               ) -> tuple[tuple[RoleCount, ...], tuple[GroupCount, ...]]:
        """The rows of a roles query, its group codes standing for ``names``."""
        roles, groups = [], []
        for activity, group, cases, events in self.rows(sql):
            name = names[int(group)]
            if activity is None:
                groups.append(GroupCount(group=name, cases=int(cases), events=int(events)))
            else:
                roles.append(RoleCount(activity=activities[int(activity)], group=name, cases=int(cases),
                                       events=int(events)))
        return (tuple(sorted(roles, key=lambda role: (role.activity, role.group))),
                tuple(sorted(groups, key=lambda group: (-group.cases, group.group))))

    def value_cases(self, kept: str, codes: _Codes) -> dict[tuple[str, str, str], int]:
        """The cases of each activity with each value of the stage and of the channel column, by ("stage" or
        "channel", activity, value); none without such a value."""
        kinds = [(code, kind.stage, kind.channel) for code, kind in enumerate(codes.kinds)]
        if not any(stage or channel for _, stage, channel in kinds):
            return {}
        self.engine.register("kind_values", (("kind", "BIGINT"), ("stage", "STRING"), ("channel", "STRING")), kinds)
        most = 2 * len(kinds)  # at most one (activity, value) of each column per kind
        found = {}
        for act, stage, channel, cases in self.rows(self.queries.value_cases(kept, most)):
            column, value = ("stage", stage) if stage is not None else ("channel", channel)
            if value:
                found[column, codes.activities[int(act)], str(value)] = int(cases)
        return found

    def stages(self, kept: str, activities: Sequence[ActivityCount], given: Mapping[str, str], codes: _Codes,
               by_kind: Mapping[int, int], seen: Collection[tuple[str, str, str]]) -> tuple[StageStats, ...]:
        """Each stage's cases, events, entry waits and activities, in journey order: an activity's stage is the one
        ``given``, else its most common value in the stage column (by events; ties: the first by name) of those
        ``seen`` in enough of its cases (see ``value_cases``), else its own name."""
        values: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for kind, count in by_kind.items():
            activity, stage = codes.kinds[kind].name, codes.kinds[kind].stage
            if stage and ("stage", activity, stage) in seen:
                values[activity][stage] += count
        stage_of = {item.activity: given.get(item.activity) or _most_frequent(values.get(item.activity))
                    or item.activity for item in activities}
        places: dict[str, int] = defaultdict(int)
        placed: dict[str, list[str]] = defaultdict(list)
        for item in activities:
            places[stage_of[item.activity]] += item.position_sum
            placed[stage_of[item.activity]].append(item.activity)
        names = codes.activities
        if all(stage == activity for activity, stage in stage_of.items()):  # the activities' own numbers, no join
            entries = {names[int(code)]: row
                       for code, *row in self.rows(self.queries.activity_entries(kept, len(names)))}
            counts = [(item.activity, item.cases, item.events) for item in activities]
        else:
            code_of = {name: code for code, name in enumerate(names)}
            self.engine.register("activity_stages", (("act", "BIGINT"), ("stage", "STRING")),
                                 sorted((code_of[activity], stage) for activity, stage in stage_of.items()))
            most = len(places)
            entries = {str(stage): row for stage, *row in self.rows(self.queries.stage_entries(kept, most))}
            counts = self.rows(self.queries.stages(kept, most))
        stats = []
        for stage, cases, events in counts:
            entry_cases, entered, quantiles = entries.get(str(stage), (0, 0, None))
            median, p90 = quantiles or (None, None)
            stats.append(StageStats(stage=str(stage), cases=int(cases), events=int(events),
                                    entry_cases=int(entry_cases), entries=int(entered),
                                    median_hours=None if median is None else _hours(median),
                                    p90_hours=None if p90 is None else _hours(p90),
                                    activities=tuple(sorted(placed[str(stage)]))))
        return tuple(sorted(stats, key=lambda stage: (Fraction(places[stage.stage], stage.events), stage.stage)))


def _channels(codes: _Codes, by_kind: Mapping[int, int], cases: Mapping[tuple[str, str, str], int]
              ) -> tuple[ChannelCount, ...]:
    """Each activity's events by channel, with their ``cases`` (see ``value_cases``); none without a channel column
    (every channel is then '')."""
    events: dict[tuple[str, str], int] = defaultdict(int)
    for kind, count in by_kind.items():
        if codes.kinds[kind].channel:
            events[codes.kinds[kind].name, codes.kinds[kind].channel] += count
    return tuple(sorted((ChannelCount(activity=activity, channel=channel, events=count,
                                      cases=cases[("channel", activity, channel)])
                         for (activity, channel), count in events.items()),
                        key=lambda item: (item.activity, -item.events, item.channel)))


def _most_common(paths: Mapping[str, int], share: float | None) -> set[str]:
    """The most common variants until their cases reach ``share`` of all cases, with every other variant of as many
    cases as the last of them: none is kept over another as common, as an order of their activities would (at
    least one variant; every one when ``share`` is None). The share is read as the decimal it is written as.

    >>> sorted(_most_common({"a": 5, "b": 2, "c": 2, "d": 1}, 0.6)), sorted(_most_common({"a": 5, "b": 2}, 0.1))
    (['a', 'b', 'c'], ['a'])
    """
    if share is None:
        return set(paths)
    wanted = Fraction(repr(share)) * sum(paths.values())
    kept: set[str] = set()
    covered = last = 0
    for path, count in sorted(paths.items(), key=lambda item: -item[1]):
        if kept and covered >= wanted and count < last:
            break
        kept.add(path)
        covered, last = covered + count, count
    return kept


def _most_common_first(counts: Mapping[str, int], kept: set[str], wanted: int) -> list[str]:
    """The ``wanted`` most common variants of those kept, by cases then key. Only the variants with at least the
    cases of the wanted-th are sorted (the rest are many: 34,000 variants at 1M events, 0.04 -> 0.003 s)."""
    among = counts if len(kept) == len(counts) else {key: counts[key] for key in kept}
    if wanted < 1 or not among:
        return []
    least = heapq.nlargest(wanted, among.values())[-1]
    return sorted((key for key, count in among.items() if count >= least), key=lambda key: (-counts[key], key)
                  )[:wanted]


def _most_frequent(counts: Mapping[str, int] | None) -> str | None:
    """The value counted most often (ties: the first by name), None for none."""
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


# A date of three numbers, one of them a year of two digits (24/03/04, 04.03.24): read as no date by either engine.
_SHORT_YEAR = re.compile(r" *([0-9]{1,2}[/.-]){2}[0-9]{2}\b|[0-9]{2}[/.-][0-9]{1,2}[/.-][0-9]{1,2}\b")


def _timestamp_suggestion(text: str, date_order: str) -> str:
    """What to do about a timestamp that cannot be read (``date_order``: how dates were read)."""
    if text.strip(" ") != text.strip():  # only spaces are trimmed, as Spark trims them
        return "remove the tab or line break round it (a space may stay)"
    if re.search(r"[0-9] [+-][0-9]{2}(:?[0-9]{2})?$", text):
        return "write its offset right after the time, with no space (09:00+01:00)"
    suggested = looks_year_last(text)
    options = {"day-first": "--day-first (04/03/2024 is then 4 March)",
               "month-first": "--month-first (04/03/2024 is then April 3)"}
    if suggested is not None and date_order == "iso":
        wanted = [options[suggested]] if suggested in options else list(options.values())
        return f"its date has the year last: give {' or '.join(wanted)}"
    if suggested in options and suggested != date_order:
        return (f"read {date_order.replace('-', ' ')}, it is no date: is the {suggested.split('-')[0]} first? "
                f"try {options[suggested]}")
    if suggested is not None:  # its date may be read so: the day itself, or the time, is amiss
        return "check that the day is one its month has, and the time (14:30, or 2:30 PM with the hour 1 to 12)"
    if _SHORT_YEAR.match(text):
        iso = ", and the date as ISO 8601, e.g. 2024-03-01 14:30" if date_order == "iso" else ""
        return f"write the year with all four digits (2024, not 24){iso}"
    return "write timestamps as ISO 8601, e.g. 2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00"


def _midnight(midnight: Mapping[str, int], codes: _Codes) -> tuple[MidnightCount, ...]:
    """Each activity with events at midnight written without an offset (``midnight``: their number by the activity as
    written), with its timed events, by activity."""
    at_midnight: Counter[str] = Counter()
    for written, count in midnight.items():
        at_midnight[activity_name(written)] += count
    timed: Counter[str] = Counter()
    for code, kind in enumerate(codes.kinds):
        timed[kind.name] += codes.counts[code]
    return tuple(MidnightCount(activity=name, midnight=at_midnight[name], events=timed[name])
                 for name in sorted(at_midnight))


def _normalised_offset(written: str) -> str:
    """A UTC offset as ±hh:mm ("Z", "UTC" and "GMT" are "+00:00", "+0100" and "+01" are "+01:00"), ±hh:mm:ss where
    it has seconds; a time zone as written ("CET", "Europe/Paris", "UTC+05:30"); "" for none."""
    written = written.strip()
    if written.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    if not written or written[0].isalpha():
        return written
    digits = written[1:].replace(":", "")
    seconds = f":{digits[4:]}" if digits[4:] else ""
    return f"{written[0]}{digits[:2]}:{digits[2:4] or '00'}{seconds}"


def _moment(microseconds: int) -> datetime.datetime:
    """A timestamp in microseconds since 1970 as a UTC datetime, exactly (no float on the way)."""
    return EPOCH + datetime.timedelta(microseconds=int(microseconds))


def _hours(microseconds: float) -> float:
    """A duration in microseconds as hours, rounded to HOURS_DECIMALS."""
    return round(float(microseconds) / MICROSECONDS_PER_HOUR, HOURS_DECIMALS)


def _endpoints(rows: Iterable[tuple[Any, Any]]) -> tuple[EndpointCount, ...]:
    """The activities that start (or end) cases, with how many, by cases then activity; none with zero."""
    counts = (EndpointCount(activity=str(activity), cases=int(cases)) for activity, cases in rows if cases)
    return tuple(sorted(counts, key=lambda item: (-item.cases, item.activity)))
