"""`discover` from end to end: an event log (CSV, Parquet or XES) aggregated on an engine (DuckDB, or Spark) into a
map. The aggregation runs in a worker thread so that Ctrl-C is heard at once: the engine's query is interrupted, the
worker waits for, and KeyboardInterrupt goes on up with nothing written."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, cast

import attrs

from journeymap.discover.aggregate import STEPS, aggregate
from journeymap.discover.build import journey_from_records
from journeymap.discover.engine import Engine, log_kind, log_name, resolve_columns
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.places import EventPlaces
from journeymap.discover.queries import DATE_ORDERS
from journeymap.discover.roles import RoleGroups, read_roles
from journeymap.discover.stages import read_stage_file
from journeymap.discover.summary import (
    RESOURCE_COLUMN,
    ROLE_COLUMN,
    LogColumns,
    LogOptions,
    LogSummary,
    activity_name,
)
from journeymap.errors import JourneyMapWarning, Problem, UsageError, did_you_mean
from journeymap.model import Journey
from journeymap.model_records import DEFAULT_THRESHOLD
from journeymap.wording_records import cases as counted_cases

__all__ = ["DEFAULT_MEMORY_LIMIT", "ENGINES", "XES_SUFFIXES", "Discovery", "Watch", "discover", "discover_log",
           "steps_for"]

ENGINES = ("duckdb", "spark")
XES_SUFFIXES = (".xes", ".xes.gz")
CONVERTING = "converting XES"
BUILDING = "building the map"
_POLL_SECONDS = 0.1
# DuckDB's memory before it spills to a temporary directory (removed afterwards): 10M events from Parquet peak at
# about 1.5 GB of resident memory with it; DuckDB's own default is 80% of the machine's memory.
DEFAULT_MEMORY_LIMIT = "1.5GB"
_MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B)", re.IGNORECASE)


@attrs.frozen
class Watch:
    """Who is told how the work goes: ``step(name)`` as each step starts, ``within(text)`` as a step gets on."""

    step: Callable[[str], None]
    within: Callable[[str], None] = lambda _: None


@attrs.frozen(kw_only=True)
class Discovery:
    """A discovered map, the summary it was built from, and the seconds it took; for an XES log, where its events are
    in its file (the summary's rows are its events in file order); what the user should be warned of."""

    journey: Journey
    summary: LogSummary
    seconds: float
    places: EventPlaces | None = None
    warnings: tuple[Problem, ...] = ()  # entries of the roles or stages file that match nothing in the log


def steps_for(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """The steps discovering the log at ``path`` goes through (converting an XES log first)."""
    return ((CONVERTING,) if _is_xes(path) else ()) + STEPS + (BUILDING,)


def discover(path: str | os.PathLike[str], columns: LogColumns | Mapping[str, str | None] | None = None, *,
             threshold: int = DEFAULT_THRESHOLD, min_cases: int | None = None, variant_share: float | None = None,
             title: str | None = None, stages: str | os.PathLike[str] | Mapping[str, str] | None = None,
             roles: str | os.PathLike[str] | RoleGroups | None = None, date_order: str = "iso",
             engine: str = "duckdb", spark_master: str = "local[*]", memory_limit: str = DEFAULT_MEMORY_LIMIT,
             progress: Callable[[str], None] | None = None) -> Journey:
    """The map of the event log at ``path`` (.csv, .tsv, .csv.gz, .parquet, .xes, .xes.gz): touchpoints, stages,
    flow steps and co-delivery from its records, nothing seen in fewer than ``threshold`` cases.

    ``columns``: which columns hold what (XES names by default; the role column defaults to ``org:role``, else
    ``org:resource``, whose values are never written); ``min_cases``: leave out activities and steps in fewer cases;
    ``variant_share``: keep only the most common variants covering this share of cases (0-1); ``stages``: a stages
    file or a mapping activity -> stage; ``roles``: a roles file or ``RoleGroups``; ``date_order``: "iso" (dates
    written 2024-03-04 only), "day-first" or "month-first" (04/03/2024 as 4 March, or April 3); ``engine``: "duckdb"
    or "spark" (on ``spark_master``); ``memory_limit``: DuckDB's memory before it spills to a temporary directory,
    e.g. "1.5GB"; ``progress``: called with each step's name. Raises InvalidLogError (an InvalidMapError) for a log or
    file it cannot read, UsageError for a bad option, EngineError when Spark runs out of memory or stops. What the
    command line warns of (an entry of the stages or roles file, or of the ``stages`` mapping, that matches nothing
    in the log) is issued as a JourneyMapWarning."""
    found = discover_log(path, columns, threshold=threshold, min_cases=min_cases, variant_share=variant_share,
                         title=title, stages=stages, roles=roles, date_order=date_order, engine=engine,
                         spark_master=spark_master, memory_limit=memory_limit,
                         watch=Watch(progress) if progress else None)
    for problem in found.warnings:  # placed where it has a place (a file's line), else told as the command tells it
        told = str(problem) if problem.file or problem.path else "; ".join(filter(None, [problem.message,
                                                                                         problem.suggestion]))
        warnings.warn(told, JourneyMapWarning, stacklevel=2)
    return found.journey


def discover_log(path: str | os.PathLike[str], columns: LogColumns | Mapping[str, str | None] | None = None, *,
                 threshold: int = DEFAULT_THRESHOLD, min_cases: int | None = None,
                 variant_share: float | None = None, title: str | None = None,
                 stages: str | os.PathLike[str] | Mapping[str, str] | None = None,
                 roles: str | os.PathLike[str] | RoleGroups | None = None, date_order: str = "iso",
                 engine: str = "duckdb", spark_master: str = "local[*]", memory_limit: str = DEFAULT_MEMORY_LIMIT,
                 watch: Watch | None = None) -> Discovery:
    """``discover``, giving the summary and the time taken too, and telling ``watch`` how it goes."""
    started = time.monotonic()
    _check_options(threshold, min_cases, variant_share, engine, memory_limit, date_order)
    columns = _log_columns(columns)
    watch = watch or Watch(lambda _: None)
    stage_file = read_stage_file(stages) if stages is not None and not isinstance(stages, Mapping) else None
    stage_of = (_stage_mapping(stages) if isinstance(stages, Mapping)
                else dict(stage_file.stage_of) if stage_file else {})
    if roles is not None and not isinstance(roles, (str, os.PathLike, RoleGroups)):
        raise UsageError(f"roles is a roles file or a RoleGroups, not {type(roles).__name__}: write the mapping to a "
                         "YAML file (as --roles takes it) and give its path")
    file = os.fspath(path)
    with tempfile.TemporaryDirectory(prefix="journeymap-discover-") as scratch:
        log, places, notes = _readable(file, scratch, watch, columns)
        running: Engine | None = None
        try:
            running = _engine(engine, spark_master, memory_limit)
            kind = log_kind(log)
            resolved = resolve_columns(running.header(log, kind), columns or LogColumns(), log, kind,
                                       resource_fallback=True)
            columns, groups = resolved.columns, _groups(roles, resolved.resources)
            stoppable = _Stoppable(running)
            roles_seen: set[str] = set()  # every role value of the log, as the aggregation asks for its group

            def role_group(value: str) -> str | None:
                roles_seen.add(value)
                return groups(value)

            options = LogOptions(variant_share=variant_share, least_cases=threshold, date_order=date_order,
                                 fold_groups=partial(groups.folded, threshold=threshold))
            summary = _interruptible(stoppable, watch, lambda: aggregate(
                log, columns, options, engine=stoppable, role_group=role_group, stages=stage_of, progress=watch.step))
        except InvalidLogError as error:
            if places is None:
                raise
            raise InvalidLogError([places.located(problem, log) for problem in error.problems]) from None
        finally:
            if running is not None:
                running.close()
    if places is not None:
        summary = attrs.evolve(summary, file=file)  # the log read, not the CSV it was converted to (now removed)
    _enough_cases(summary.cases, threshold, file, kept=bool(summary.quality and summary.quality.filtered_cases))
    watch.step(BUILDING)
    placed = {activity: stage.stage for stage in summary.stages for activity in stage.activities}
    seen = {value.strip() for value in roles_seen}
    warned = groups.unmatched(roles_seen) + groups.read_as_staff(seen) + groups.names_as_staff(seen)
    if stage_file is not None:
        stage_file.check_names(placed)
        warned += stage_file.unmatched(placed, kept=variant_share is not None)
    elif stage_of:
        where = "any case kept" if variant_share is not None else "the log"
        warned += tuple(Problem(message=f"'{activity}' is an activity not in {where}", path=("stages",),
                                   suggestion=did_you_mean(activity, placed) or "activities are matched as the log "
                                   "writes them") for activity in stage_of if activity not in placed)
    journey = journey_from_records(summary, threshold=threshold, min_cases=min_cases, title=title, stage_of=placed,
                                   groups=groups, variant_share=variant_share, log_name=log_name(file),
                                   places=places, notes=notes)
    _something_shown(journey, threshold, min_cases, file)
    return Discovery(journey=journey, summary=summary, seconds=time.monotonic() - started, places=places,
                     warnings=warned)


def _something_shown(journey: Journey, threshold: int, min_cases: int | None, file: str) -> None:
    """An error where no activity of the log reaches the map: each was seen in fewer cases than the threshold (or
    than ``min_cases``), and a map of no touchpoints is of no use."""
    if journey.touchpoints:
        return
    least = max(threshold, min_cases or 0)
    by = "--min-cases" if min_cases is not None and min_cases > threshold else "the disclosure threshold"
    raise InvalidLogError([Problem(
        message=f"no activity of the log was seen in {least} cases or more ({by}): the map would be empty",
        file=file, suggestion="lower --min-cases" if by == "--min-cases" else
        "discover a log of more cases, or, only where the records are not about people, lower --threshold")])


def _enough_cases(cases: int, threshold: int, file: str, *, kept: bool) -> None:
    """An error where the map would be of fewer cases than the disclosure threshold: their very number is then a
    count too small to write, and nothing else could be shown."""
    if cases < threshold:
        what = "the variants kept hold" if kept else "the log has"
        raise InvalidLogError([Problem(
            message=f"{what} {counted_cases(cases)}, fewer than the disclosure threshold of {threshold}: a map of so "
                    f"few would show nothing, and its size alone could point at the people in it",
            file=file, suggestion=("keep more variants (a larger --variants), " if kept else "")
            + "discover a log of more cases, or, only where the records are not about people, lower --threshold")])


def _check_options(threshold: int, min_cases: int | None, variant_share: float | None, engine: str,
                   memory_limit: str, date_order: str) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise UsageError(f"the disclosure threshold must be a whole number of cases, at least 1, not {threshold!r}")
    if min_cases is not None and (isinstance(min_cases, bool) or not isinstance(min_cases, int) or min_cases < 1):
        raise UsageError(f"the minimum number of cases must be a whole number, at least 1, not {min_cases!r}")
    if variant_share is not None and not 0 < variant_share <= 1:
        raise UsageError(f"the share of cases the variants cover must be above 0 and at most 1, not {variant_share!r}"
                         " (e.g. 0.8 for the most common variants covering 80% of cases)")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose {' or '.join(ENGINES)}")
    if date_order not in DATE_ORDERS:
        raise UsageError(f"unknown date order {date_order!r}: choose {', '.join(map(repr, DATE_ORDERS))}")
    if not _MEMORY_LIMIT.fullmatch(memory_limit.strip()):
        raise UsageError(f"cannot read the memory limit {memory_limit!r}: write a size such as 1.5GB, 800MB or 4GiB")


def _log_columns(columns: LogColumns | Mapping[str, str | None] | None) -> LogColumns | None:
    """``columns`` as LogColumns: as they are, or from a mapping of LogColumns' fields ({"case": "patient"})."""
    if columns is None or isinstance(columns, LogColumns):
        return columns
    if not isinstance(columns, Mapping):
        raise UsageError(f"columns must be LogColumns or a mapping such as {{'case': 'patient'}}, not {columns!r}")
    fields = [field.name for field in attrs.fields(LogColumns)]
    unknown = sorted(set(columns) - set(fields))
    if unknown:
        raise UsageError(f"unknown column role {unknown[0]!r} in columns: "
                         f"{did_you_mean(unknown[0], fields) or 'use ' + ', '.join(fields)}")
    missing = sorted(role for role in ("case", "activity", "timestamp") if role in columns and not columns[role])
    if missing:
        raise UsageError(f"columns must name the {missing[0]} column, not {columns[missing[0]]!r} (leave it out for "
                         "its XES name)")
    return attrs.evolve(LogColumns(), **cast(dict[str, Any], columns))


def _is_xes(path: str | os.PathLike[str]) -> bool:
    return os.fspath(path).lower().endswith(XES_SUFFIXES)


def _readable(file: str, scratch: str, watch: Watch,
              columns: LogColumns | None) -> tuple[str, EventPlaces | None, tuple[str, ...]]:
    """The log as the engines read it: an XES log streamed into a CSV in ``scratch`` with only the columns that may be
    read, with its events' places and its notes (``ConvertedLog.notes``); any other as it is. A column named that
    the XES log lacks is an error listing all of its columns (the CSV has only some)."""
    if not _is_xes(file):
        return file, None, ()
    from journeymap.discover.xes import xes_to_csv

    watch.step(CONVERTING)
    named = columns or LogColumns()
    converted = xes_to_csv(file, scratch, columns=_read_columns(named), on_progress=lambda done, size: watch.within(
        f"{done / size:.0%} read" if size else ""))
    resolve_columns(converted.columns, named, file, "xes", resource_fallback=True)
    return os.fspath(converted.csv), converted.places, converted.notes()


def _read_columns(columns: LogColumns) -> tuple[str, ...]:
    """The columns the aggregation may read: those named, and the role's defaults when it is not named."""
    named = [name for name in attrs.astuple(columns) if name is not None]
    return tuple(named if columns.role is not None else [*named, ROLE_COLUMN, RESOURCE_COLUMN])


def _engine(name: str, spark_master: str, memory_limit: str) -> Engine:
    """A new engine of that name (Spark's asks for its extra when pyspark is missing); DuckDB's with its memory
    limit (its progress tracked for the bar, its own bar never printed: see DuckDBEngine)."""
    if name == "spark":
        from journeymap.discover.spark_engine import SparkEngine

        return SparkEngine(master=spark_master)
    from journeymap.discover.duckdb_engine import DuckDBEngine

    return DuckDBEngine(memory_limit=memory_limit.strip())


def _stage_mapping(stages: Mapping[str, str]) -> dict[str, str]:
    """A ``stages`` mapping of activity -> stage, its activities named as the log's are; an error for another shape
    (the stages file's own, stage -> activities, above all)."""
    wrong = next(((key, value) for key, value in stages.items()
                  if not isinstance(key, str) or not isinstance(value, str)), None)
    if wrong is not None:
        raise UsageError(f"stages maps each activity to its stage's name, but maps {wrong[0]!r} to {wrong[1]!r}: give "
                         "{activity: stage, ...}, or the path of a stages file of {stage: [activities]}")
    return {activity_name(activity): stage for activity, stage in stages.items()}


def _groups(roles: str | os.PathLike[str] | RoleGroups | None, resources: bool) -> RoleGroups:
    if isinstance(roles, RoleGroups):
        return attrs.evolve(roles, resources=roles.resources or resources)
    return read_roles(roles, resources=resources) if roles is not None else RoleGroups(resources=resources)


class _Stopped(BaseException):
    """The aggregation was asked to stop (Ctrl-C): raised in the worker at its next call to the engine."""


class _Stoppable:
    """An engine that, once ``stop`` is called, interrupts the query running and refuses every later call, so that a
    Ctrl-C between two queries stops the aggregation as surely as one during a query."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.name
        self.dialect = engine.dialect
        self.stopped = False

    def stop(self) -> None:
        """Interrupt the running query, if any, and every later call."""
        self.stopped = True
        _interrupt(self.engine)

    def _go(self) -> Engine:
        if self.stopped:
            raise _Stopped
        return self.engine

    def header(self, file: str, kind: str) -> tuple[str, ...]:
        return self._go().header(file, kind)

    def load(self, file: str, kind: str, columns: LogColumns, date_order: str = "iso") -> str | None:
        return self._go().load(file, kind, columns, date_order)

    def register(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        self._go().register(name, columns, rows)

    def materialize(self, name: str, sql: str) -> None:
        self._go().materialize(name, sql)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self._go().query(sql)

    def query_progress(self) -> float:
        reader = getattr(self.engine, "query_progress", None)
        return float(reader()) if reader is not None else -1.0

    def close(self) -> None:
        """Closing is the owner's (the engine given is closed by whoever made it)."""


def _interruptible(engine: _Stoppable, watch: Watch, work: Callable[[], LogSummary]) -> LogSummary:
    """``work()`` in a worker thread, this thread polling the engine's progress; on Ctrl-C (or SIGTERM) the engine's
    query is interrupted (again at each further signal), the worker waited for, and the signal's exception raised
    here."""
    outcome: dict[str, Any] = {}
    done = threading.Event()  # not Thread.join: an interrupted join may take a live thread for finished (3.11)

    def run() -> None:
        try:
            outcome["summary"] = work()
        except BaseException as error:  # noqa: BLE001  # handed to the waiting thread, which raises it
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="journeymap-discover", daemon=True).start()
    try:
        while not done.wait(_POLL_SECONDS):
            percent = _query_progress(engine)
            if percent is not None:
                watch.within(f"{percent:.0f}%")
    except BaseException:  # Ctrl-C, or SIGTERM's Terminated: the engine must be idle before it is closed
        while True:
            try:
                engine.stop()
                done.wait()
                break
            except BaseException:  # noqa: BLE001  # a second signal: stop again, and go on waiting
                continue
        raise
    if "error" in outcome:
        raise outcome["error"]
    summary: LogSummary = outcome["summary"]
    return summary


def _query_progress(engine: Engine) -> float | None:
    """How far the engine's running query has got (0-100), where the engine can tell."""
    reader = getattr(engine, "query_progress", None)
    try:
        percent = float(reader()) if reader is not None else -1.0
    except Exception:  # noqa: BLE001  # a progress figure is never worth failing for
        return None
    return percent if 0 <= percent <= 100 else None


def _interrupt(engine: Engine) -> None:
    """Stop the engine's running query: DuckDB's connection, or every Spark job."""
    connection = getattr(engine, "connection", None)
    if connection is not None:
        connection.interrupt()
        return
    session = getattr(engine, "session", None)
    if session is not None:
        session.sparkContext.cancelAllJobs()
