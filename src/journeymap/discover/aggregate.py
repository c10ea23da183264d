"""The directly-follows aggregation of an event log (CSV or Parquet), computed in DuckDB: the one module that runs it.

Every column is read as text, so case ids such as ``NA``, ``null`` or the empty string stay ids and are never
taken for missing values; timestamps are parsed here, and one that cannot be is reported with its file, row,
column and value. Events of a case are ordered by timestamp, ties by their order in the file (read explicitly:
the row number of a CSV line, Parquet's file row number). Timestamps without an offset are taken as UTC.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import duckdb

from journeymap.discover.errors import InvalidLogError
from journeymap.errors import Problem, did_you_mean

# The names pm4py and XES tools give the three columns (IEEE 1849 keys written as column names).
CASE_COLUMN = "case:concept:name"
ACTIVITY_COLUMN = "concept:name"
TIMESTAMP_COLUMN = "time:timestamp"

HOURS_DECIMALS = 6  # durations in hours are rounded to 6 decimal places (3.6 ms), so output is reproducible
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
MICROSECONDS_PER_HOUR = 3_600_000_000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DELIMITERS = (",", ";", "\t", "|")
PROBLEMS_SHOWN = 5  # bad rows reported one by one; the rest are counted
# DuckDB reads an empty CSV field as NULL unless told another null string: this one, which no log holds, so that
# an empty field stays the empty string (a case id like any other).
_NO_NULL = "\x01journeymap:no-null\x01"


@attrs.frozen(kw_only=True)
class LogColumns:
    """Which columns of an event log hold the case id, the activity and the timestamp (XES names by default)."""

    case: str = CASE_COLUMN
    activity: str = ACTIVITY_COLUMN
    timestamp: str = TIMESTAMP_COLUMN


@attrs.frozen(kw_only=True)
class ActivityCount:
    """An activity: the number of distinct cases that have it and of its events."""

    activity: str
    cases: int
    events: int


@attrs.frozen(kw_only=True)
class PairStats:
    """A directly-follows pair within a case: how many cases have it, how often it occurs, and the median and
    90th percentile of the hours between the two events over all its occurrences (linear interpolation, as
    numpy and pandas compute quantiles)."""

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
class LogSummary:
    """What an event log says, aggregated: its size and period, and its activities, directly-follows pairs, start
    and end activities, each list sorted by count descending, then by name."""

    file: str
    cases: int
    events: int
    first: datetime.datetime  # the earliest timestamp, in UTC
    last: datetime.datetime
    activities: tuple[ActivityCount, ...]
    pairs: tuple[PairStats, ...]
    starts: tuple[EndpointCount, ...]
    ends: tuple[EndpointCount, ...]


def aggregate(path: str | os.PathLike[str], columns: LogColumns | None = None) -> LogSummary:
    """The directly-follows aggregation of the event log at ``path`` (CSV or Parquet); raises InvalidLogError
    when it cannot be read, lacks a column, has no events or an event without a case, activity or timestamp."""
    columns = columns or LogColumns()
    file = os.fspath(path)
    kind = _kind(Path(file), file)
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET preserve_insertion_order = true")  # a CSV scan then yields its lines in order
        return _aggregate(connection, file, kind, columns)
    except duckdb.Error as err:
        raise _read_error(str(err), file) from None
    finally:
        connection.close()


def _read_error(text: str, file: str) -> InvalidLogError:
    """DuckDB's message on a log it cannot read, placed at its line when it names one (a malformed CSV row)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    located = re.search(r"CSV Error on Line: (\d+)", text)
    if located is None:
        return InvalidLogError([Problem(message=f"cannot read the event log: {lines[0] if lines else text}",
                                        file=file)])
    original = next((line.removeprefix("Original Line:").strip() for line in lines
                     if line.startswith("Original Line:")), None)
    # The reason is the last line before DuckDB's "Possible fixes" (the original line may span several).
    before_fixes = lines[:lines.index("Possible fixes:")] if "Possible fixes:" in lines else lines[1:2]
    reason = next((line for line in reversed(before_fixes) if line), "a malformed row").rstrip(".")
    counts = re.fullmatch(r"Expected Number of Columns: (\d+) Found: (\d+)", reason)
    if counts:
        reason = f"it has {counts.group(2)} values, the header names {counts.group(1)} columns"
    return InvalidLogError([Problem(
        message=f"cannot read this row of the event log: {reason[0].lower()}{reason[1:]}", value=original,
        file=file, line=int(located.group(1)),
        suggestion="every row needs one value per column; a quote inside a quoted value is written twice (\"\")")])


def _kind(path: Path, file: str) -> str:
    """"csv" or "parquet", by the file's name; an error for a missing file or another kind."""
    if not path.is_file():
        raise InvalidLogError([Problem(message="no such event log", value=file, file=file,
                                       suggestion="check the path")])
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    raise InvalidLogError([Problem(message=f"cannot tell what kind of event log '{path.name}' is", value=file,
                                   file=file, suggestion="name it .csv or .parquet")])


@attrs.frozen
class _Scan:
    """The SQL that scans a log (its parameters, its row number) and the columns it yields, with their types."""

    sql: str
    params: dict[str, Any]
    row_number: str
    types: dict[str, str]  # by column, in the file's order


def _scan(connection: duckdb.DuckDBPyConnection, file: str, kind: str) -> _Scan:
    if kind == "parquet":
        sql = "read_parquet($path, file_row_number = true)"
        described = connection.execute(f"DESCRIBE SELECT * FROM {sql}", {"path": file}).fetchall()
        types = {str(name): str(type_) for name, type_, *_ in described if name != "file_row_number"}
        return _Scan(sql, {"path": file}, "file_row_number + 1", types)
    # The dialect is set, not sniffed (DuckDB's sniffer may take a later line for the header, or '#' for a
    # comment); every column is text; and a streaming window over the scan numbers the lines in the file's order.
    delimiter, header = _header(Path(file), file)
    sql = ("read_csv($path, auto_detect = false, header = true, columns = $columns, delim = $delimiter, "
           "quote = '\"', escape = '\"', strict_mode = true, nullstr = $nulls)")
    types = {name: "VARCHAR" for name in header}
    params = {"path": file, "columns": types, "delimiter": delimiter, "nulls": _NO_NULL}
    return _Scan(sql, params, "row_number() OVER ()", types)


def _header(path: Path, file: str) -> tuple[str, list[str]]:
    """A CSV log's delimiter (the one of , ; tab | its first line holds most of) and the names in its header."""
    try:
        with (gzip.open(path, "rt", encoding="utf-8-sig", newline="") if path.name.lower().endswith(".gz")
              else path.open(encoding="utf-8-sig", newline="")) as text:
            first = text.readline()
            delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
            text.seek(0)
            header = next(csv.reader(text, delimiter=delimiter, strict=True), [])
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InvalidLogError([Problem(message=f"cannot read the event log's header: {err}", file=file, line=1,
                                       suggestion="save it as CSV UTF-8 with a header row")]) from None
    if not any(name.strip() for name in header):
        raise InvalidLogError([Problem(message="the event log is empty", file=file,
                                       suggestion="export it again, with a header row")])
    names = [name or f"column{index}" for index, name in enumerate(header)]  # DuckDB's name for a blank one
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InvalidLogError([Problem(message=f"the header names the column '{twice[0]}' twice", value=twice[0],
                                       file=file, line=1, suggestion="give each column its own name")])
    return delimiter, names


def _aggregate(connection: duckdb.DuckDBPyConnection, file: str, kind: str, columns: LogColumns) -> LogSummary:
    scan = _scan(connection, file, kind)
    source, row_number, params, types = scan.sql, scan.row_number, scan.params, scan.types
    positions = {role: _position(list(types), name, role, file) for role, name in attrs.asdict(columns).items()}
    case, activity, timestamp = (_quoted(name) for name in (columns.case, columns.activity, columns.timestamp))
    text = f"trim({timestamp})" if types[columns.timestamp] == "VARCHAR" else timestamp
    connection.execute(f"""
        CREATE TEMP TABLE events AS
        WITH scanned AS (
            SELECT {row_number} AS row_number, CAST({case} AS VARCHAR) AS case_id,
                   CAST({activity} AS VARCHAR) AS activity, TRY_CAST({text} AS TIMESTAMPTZ) AS parsed,
                   CAST({timestamp} AS VARCHAR) AS timestamp_text
            FROM {source})
        SELECT row_number, case_id, activity,
               CASE WHEN isfinite(parsed) THEN epoch_us(parsed) END AS ts_us,
               CASE WHEN parsed IS NULL OR NOT isfinite(parsed) THEN coalesce(timestamp_text, '') END AS bad_timestamp
        FROM scanned""", params)
    _check(connection, file, kind, positions)
    connection.execute("""
        CREATE TEMP TABLE steps AS
        SELECT case_id, activity, lead(activity) OVER w AS next_activity, lead(ts_us) OVER w - ts_us AS gap_us,
               lag(row_number) OVER w IS NULL AS is_start, lead(row_number) OVER w IS NULL AS is_end
        FROM events WINDOW w AS (PARTITION BY case_id ORDER BY ts_us, row_number)""")
    cases, events, first, last = _one(connection, "SELECT count(DISTINCT case_id), count(*), min(ts_us), max(ts_us) "
                                                  "FROM events")
    activities = connection.execute("SELECT activity, count(DISTINCT case_id), count(*) FROM events "
                                    "GROUP BY activity").fetchall()
    pairs = connection.execute(
        "SELECT activity, next_activity, count(DISTINCT case_id), count(*), quantile_cont(gap_us, 0.5), "
        "quantile_cont(gap_us, 0.9) FROM steps WHERE NOT is_end GROUP BY activity, next_activity").fetchall()
    starts = connection.execute("SELECT activity, count(*) FROM steps WHERE is_start GROUP BY activity").fetchall()
    ends = connection.execute("SELECT activity, count(*) FROM steps WHERE is_end GROUP BY activity").fetchall()
    return LogSummary(
        file=file, cases=int(cases), events=int(events), first=_moment(first), last=_moment(last),
        activities=tuple(sorted((ActivityCount(activity=str(name), cases=int(in_cases), events=int(count))
                                 for name, in_cases, count in activities),
                                key=lambda item: (-item.cases, -item.events, item.activity))),
        pairs=tuple(sorted((PairStats(source=str(source_), target=str(target), cases=int(in_cases),
                                      occurrences=int(count), median_hours=_hours(median), p90_hours=_hours(p90))
                            for source_, target, in_cases, count, median, p90 in pairs),
                           key=lambda pair: (-pair.cases, -pair.occurrences, pair.source, pair.target))),
        starts=_endpoints(starts), ends=_endpoints(ends))


def _position(found: Sequence[str], name: str, role: str, file: str) -> int:
    """The 1-based column of ``name`` in the log's header; an error naming the columns there when it is missing."""
    if name in found:
        return found.index(name) + 1
    option = {"case": "--case", "activity": "--activity", "timestamp": "--timestamp"}[role]
    suggestion = did_you_mean(name, found) or f"name the {role} column with {option}"
    listed = ", ".join(f"'{column}'" for column in found)
    raise InvalidLogError([Problem(message=f"the event log has no {role} column '{name}' (its columns: {listed})",
                                   value=name, file=file, line=1 if found else None, suggestion=suggestion)])


def _check(connection: duckdb.DuckDBPyConnection, file: str, kind: str, positions: dict[str, int]) -> None:
    """Raises InvalidLogError for a log without events, or with events lacking a case, activity or timestamp."""
    bad = ("case_id IS NULL OR activity IS NULL OR trim(activity) = '' OR bad_timestamp IS NOT NULL")
    (total,) = _one(connection, "SELECT count(*) FROM events")
    if total == 0:
        raise InvalidLogError([Problem(message="the event log has no events", file=file,
                                       suggestion="check that it has rows below its header")])
    (count,) = _one(connection, f"SELECT count(*) FROM events WHERE {bad}")
    if count == 0:
        return
    rows = connection.execute(f"SELECT row_number, case_id IS NULL, activity, bad_timestamp FROM events "
                              f"WHERE {bad} ORDER BY row_number LIMIT {PROBLEMS_SHOWN}").fetchall()
    problems = [_row_problem(file, kind, positions, int(row), no_case, activity, bad_timestamp)
                for row, no_case, activity, bad_timestamp in rows]
    if count > len(rows):
        problems.append(Problem(message=f"and {count - len(rows)} more rows with such a problem", file=file))
    raise InvalidLogError(problems)


def _row_problem(file: str, kind: str, positions: dict[str, int], row: int, no_case: bool, activity: str | None,
                 bad_timestamp: str | None) -> Problem:
    """The first thing wrong with one row of the log, placed at its line (a CSV's) and column."""
    line = row + 1 if kind == "csv" else None  # the header is line 1; a value spanning lines would shift this
    if no_case:
        role, message, value, suggestion = "case", f"row {row} has no case id", None, "give every event its case"
    elif activity is None or not activity.strip():
        role, message, value = "activity", f"row {row} has no activity", activity
        suggestion = "give every event the activity it records"
    else:
        role, value = "timestamp", bad_timestamp
        message = (f"row {row} has no timestamp" if not (bad_timestamp or "").strip()
                   else f"cannot read the timestamp '{bad_timestamp}' of row {row}")
        suggestion = "write timestamps as ISO 8601, e.g. 2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00"
    return Problem(message=message, value=value, file=file, line=line, column=positions[role], suggestion=suggestion)


def _one(connection: duckdb.DuckDBPyConnection, query: str) -> tuple[Any, ...]:
    row = connection.execute(query).fetchone()
    assert row is not None  # an aggregate without GROUP BY always gives one row
    return tuple(row)


def _quoted(name: str) -> str:
    """A column name as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _moment(microseconds: int) -> datetime.datetime:
    """A timestamp in microseconds since 1970 as a UTC datetime, exactly (no float on the way)."""
    return EPOCH + datetime.timedelta(microseconds=int(microseconds))


def _hours(microseconds: float) -> float:
    """A duration in microseconds as hours, rounded to HOURS_DECIMALS."""
    return round(float(microseconds) / MICROSECONDS_PER_HOUR, HOURS_DECIMALS)


def _endpoints(rows: Sequence[tuple[Any, ...]]) -> tuple[EndpointCount, ...]:
    counts = (EndpointCount(activity=str(activity), cases=int(cases)) for activity, cases in rows)
    return tuple(sorted(counts, key=lambda item: (-item.cases, item.activity)))
