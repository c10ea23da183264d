"""The engine an event log is aggregated on (DuckDB embedded, Spark at scale): the protocol both implement, and what
both share before any SQL runs — telling a CSV log from a Parquet one, a CSV log's delimiter and header, and which
columns hold what (with a did-you-mean for a missing one)."""

from __future__ import annotations

import contextlib
import csv
import gzip
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol
from urllib.parse import unquote, urlparse

import attrs

from journeymap.discover.errors import InvalidLogError, cut_short, first_not_utf8, not_utf8, quoted_row
from journeymap.discover.queries import Dialect
from journeymap.discover.sniff import check_content, unknown_kind
from journeymap.discover.summary import RESOURCE_COLUMN, ROLE_COLUMN, LogColumns
from journeymap.errors import Problem, did_you_mean

__all__ = ["CSV_SUFFIXES", "DELIMITERS", "PARQUET_SUFFIXES", "Engine", "Header", "ResolvedColumns", "by_position",
           "csv_header", "csv_lines", "local_path", "log_kind", "log_name", "parquet_parts",
           "resolve_columns", "values_reason"]

CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
DELIMITERS = (",", ";", "\t", "|")
_COLUMNS_LISTED = 40  # a missing column's error lists the log's first columns (an XES log may have thousands)
_BLOCK = 2 ** 20  # bytes of a CSV log searched for the line that is not UTF-8, where its header could not be read
_LINES_LOOKED, _LONGEST_LOOKED = 20, 10_000  # lines (and characters of each) searched for a header below the first
# The option that names each column on the command line, for the suggestion when a column is missing.
COLUMN_OPTIONS = {"case": "--case", "activity": "--activity", "timestamp": "--timestamp", "role": "--role",
                  "stage": "--stage", "channel": "--channel"}


class Engine(Protocol):
    """Where the aggregation of ``discover.aggregate`` runs. The driver calls ``header`` then ``load`` once, then
    only ``register``, ``materialize`` and ``query`` with the SQL of ``discover.queries`` (in the engine's
    ``discover.queries.Dialect``), and ``close`` at the end. Every method raises InvalidLogError (never the
    engine's own exception) for a log it cannot read.

    ``name``: "duckdb" or "spark", written in the summary and the map's evidence; ``dialect``: the
    ``discover.queries.Dialect`` its SQL is written in (``queries.DUCKDB``, its ``copies`` set from the engine's
    threads, or ``queries.SPARK``).

    ``header(file, kind)``: the log's column names in file order; ``kind`` is "csv" or "parquet"
    (``log_kind``). For CSV use ``csv_header`` (shared, so both engines see the same names and delimiter).

    ``load(file, kind, columns, date_order)``: builds the relation ``events`` (a temp table or cached view) with
    exactly these columns, one row per row of the log, and nothing filtered out:

    - ``row_number`` BIGINT: the row's 1-based position in the file (a CSV's data lines, header excluded;
      a Parquet file's row order; a folder's, its files by name, ``parquet_parts``, each in its row order), the
      tie-breaker between events of one case with the same timestamp;
    - ``case_id``, ``activity`` STRING: the values as written, every column read as text — ``NA``, ``null``
      and the empty string are ids, never missing values (CSV: no null string at all; Parquet: NULL stays
      NULL, other types cast to text);
    - ``ts_us`` BIGINT: microseconds since 1970-01-01 UTC, NULL when the timestamp is empty or unreadable.
      Text is ISO 8601 (``2024-03-04``, ``2024-03-04 09:00``, ``2024-03-04T09:00:00.5``, each optionally
      followed by ``Z``, ``+01``, ``+0100``, ``+01:00`` or ``+01:00:30``), trimmed; without an offset it is
      UTC. Where ``date_order`` is "day-first" or "month-first", a text's date may have the year last, read as the
      ISO date it stands for (``queries.iso_dated``). A Parquet timestamp column is taken as it is (a naive one as
      UTC);
    - ``ts_text`` STRING: where ``ts_us`` is NULL, the timestamp as written, trimmed; '' when empty or NULL (so
      the driver tells an empty timestamp, which is skipped, from an unreadable one, which is an error). Where
      ``ts_us`` is set, a text timestamp's UTC offset as written (``queries.written_offset``: ``Z``, ``+01``,
      ``+0100``, ``+01:00`` or ``+01:00:30``; '' for none), found as the log is read rather than in a later
      scan of every text; a typed column's may be any text (DuckDB casts it only where ``ts_us`` is NULL);
    - ``role``, ``stage``, ``channel`` STRING: the values as written (untrimmed), NULL when
      ``columns`` names no such column.

    ``columns`` is already resolved and checked against ``header`` (``resolve_columns``). It returns the UTC
    offset the timestamp column's type implies — "+00:00" for a Parquet timestamp adjusted to UTC, "" for a
    naive one — or None when timestamps are text (the driver then counts their offsets from ``ts_text``).

    ``register(name, columns, rows)``: a small table of literal rows (an activity's code, stage or role group),
    ``columns`` as (name, type) pairs with type "STRING" or "BIGINT"; ``rows`` may be empty.

    ``materialize(name, sql)``: the result of ``sql`` kept as the relation ``name`` so that later queries read
    it without recomputing it, replacing (and freeing) any relation of that name, ``events`` included: once the
    steps are built the driver frees ``events`` by materializing an empty relation in its place.

    ``query(sql)``: the rows of ``sql`` as tuples of plain Python values (int, float, str, bool, None).

    ``close()``: frees what the engine holds; the engine is not used after it.
    """

    name: str
    dialect: Dialect

    def header(self, file: str, kind: str) -> tuple[str, ...]: ...

    def load(self, file: str, kind: str, columns: LogColumns, date_order: str = "iso") -> str | None: ...

    def register(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None: ...

    def materialize(self, name: str, sql: str) -> None: ...

    def query(self, sql: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


def log_kind(file: str) -> str:
    """"csv" or "parquet", by the file's name; a folder of Parquet files (a dataset, as Spark writes one: see
    ``parquet_parts``) is "parquet" too, as is a URL whose last part has no suffix. An error for a missing local file
    or another kind (a URL such as ``s3a://bucket/log.parquet`` is not looked for here: the engine reading it says
    when it is missing)."""
    local = local_path(file)
    if local is not None and Path(local).is_dir():
        parquet_parts(local)  # a folder without Parquet files is refused here
        return "parquet"
    if local is not None and not Path(local).is_file():
        raise InvalidLogError([Problem(message="no such event log", value=file, file=file,
                                       suggestion="check the path")])
    path = Path(local if local is not None else urlparse(file).path)
    name = path.name.lower()
    kind = ("parquet" if name.endswith(PARQUET_SUFFIXES) or (local is None and "." not in name)
            else "csv" if name.endswith(CSV_SUFFIXES) else None)
    if local is None:
        if kind is None:
            raise InvalidLogError([Problem(message=f"cannot tell what kind of event log '{path.name}' is",
                                           value=file, file=file, suggestion="name it .csv or .parquet")])
        return kind
    if kind is None:
        raise unknown_kind(path)
    check_content(path, "csv.gz" if name.endswith(".gz") else kind)  # a Parquet file named .csv, a workbook...
    return kind


def local_path(file: str) -> str | None:
    """The path of a log on this machine: ``file`` itself, or a file:// URL's path; None for a URL of other storage
    (hdfs://, s3a://...), which only Spark reads."""
    if file.startswith("file://"):
        return unquote(urlparse(file).path)
    return None if "://" in file else file


def log_name(file: str) -> str:
    """The name a log goes by in its map: its file's or folder's (a folder given as "." by its own name), or the last
    part of its URL."""
    if "://" in file:
        return PurePosixPath(urlparse(file).path).name or file
    return Path(os.path.abspath(file)).name or file


def parquet_parts(file: str) -> tuple[str, ...]:
    """The files a local Parquet log is read from, in the order its rows are numbered: the file itself, or a folder's
    Parquet files by name (not those Spark and Hadoop keep beside them, named from '_' or '.'). An error for a folder
    without one, or with folders in it (a dataset partitioned by folders is not read)."""
    folder = Path(file)
    if not folder.is_dir():
        return (file,)
    kept = sorted(entry for entry in folder.iterdir() if not entry.name.startswith(("_", ".")))
    inner = [entry.name for entry in kept if entry.is_dir()]
    if inner:
        raise InvalidLogError([Problem(
            message=f"the folder holds folders ('{inner[0]}'): discover reads the Parquet files of one folder",
            value=file, file=file, suggestion="point discover at a folder of Parquet files, or at one file")])
    parts = tuple(str(entry) for entry in kept if entry.name.lower().endswith(PARQUET_SUFFIXES))
    if not parts:
        raise InvalidLogError([Problem(message="the folder holds no Parquet file (.parquet, .pq)", value=file,
                                       file=file, suggestion="point discover at a folder of Parquet files")])
    return parts


@attrs.frozen
class Header:
    """A CSV log's delimiter and the names in its header row (a blank one as DuckDB names it, column<index>, with
    underscores after it where the header has that name too)."""

    delimiter: str
    names: tuple[str, ...]


def csv_header(file: str) -> Header:
    """A CSV log's delimiter (the one of , ; tab | its first line holds most of) and header; gzip is read through,
    a byte-order mark dropped. An error for an unreadable or empty file, or a column named twice."""
    try:
        with _text(file) as text:
            first = text.readline()
            delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
            text.seek(0)
            header = next(csv.reader(text, delimiter=delimiter, strict=True), [])
    except UnicodeDecodeError:  # text is decoded a block at a time: the bytes at fault may be past the header
        raise _not_utf8(file) from None
    except EOFError:  # gzip's stream ended early
        raise cut_short(file) from None
    except (OSError, csv.Error) as err:
        raise InvalidLogError([Problem(message=f"cannot read the event log's header: {err}", file=file, line=1,
                                       suggestion="save it as CSV UTF-8 with a header row")]) from None
    if not any(name.strip() for name in header):
        raise InvalidLogError([Problem(message="the event log is empty", file=file,
                                       suggestion="export it again, with a header row")])
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise InvalidLogError([Problem(message=f"the header names the column '{twice[0]}' twice", value=twice[0],
                                       file=file, line=1, suggestion="give each column its own name")])
    return Header(delimiter, tuple(name or _unused(f"column{index}", header) for index, name in enumerate(header)))


def _header_below(file: str, name: str) -> str | None:
    """Where a CSV log's header seems to be, when its first line is not: Excel's "sep=;" line, or a title above the
    line (among the first _LINES_LOOKED) that holds the column ``name``; None where neither is."""
    local = local_path(file)
    if local is None:
        return None
    try:
        with _text(local) as text:
            lines = [text.readline(_LONGEST_LOOKED) for _ in range(_LINES_LOOKED)]
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    if lines[0].lower().startswith("sep="):
        return "line 1 is Excel's 'sep=' line: delete it (discover finds the delimiter itself)"
    below = next((number for number, line in enumerate(lines[1:], start=2)
                  if any(name in next(csv.reader([line], delimiter=d), []) for d in DELIMITERS)), None)
    if below is None:
        return None
    return f"the header seems to be line {below}, {quoted_row(lines[below - 1].rstrip())}: delete the lines above it"


def _unused(name: str, taken: Sequence[str]) -> str:
    """``name``, or it with underscores after it, not one of ``taken``."""
    while name in taken:
        name += "_"
    return name


def values_reason(found: int, expected: int, row: str | None, delimiter: str) -> str:
    """Why a CSV row of ``found`` values cannot be read under a header of ``expected`` columns: the counts, and the
    delimiter the row seems written with where that is not the header's."""
    reason = f"it has {found} {'value' if found == 1 else 'values'}, the header names {expected} columns"
    other = next((candidate for candidate in DELIMITERS if candidate != delimiter and row
                  and len(next(csv.reader([row], delimiter=candidate), [])) == expected), None)
    if other is None:
        return reason
    return f"{reason}; the row seems delimited by {other!r}, the header by {delimiter!r}"


def first_ragged_row(file: str) -> tuple[int, str, str] | None:
    """The first row of a CSV log (a local path, gzip read through) whose number of values is not the header's: the
    line it starts on, the row (its values joined as written) and why it cannot be read (``values_reason``); None
    where every row fits (or the file is unreadable as text: that error is told elsewhere)."""
    header = csv_header(file)
    try:
        with _text(file) as text:
            reader = csv.reader(text, delimiter=header.delimiter)
            next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                if row and len(row) != len(header.names):
                    written = header.delimiter.join(row)
                    return start, written, values_reason(len(row), len(header.names), written, header.delimiter)
                start = reader.line_num + 1
    except (OSError, EOFError, UnicodeDecodeError, csv.Error):
        return None
    return None


def by_position(columns: LogColumns, names: Sequence[str]) -> LogColumns:
    """``columns`` with each name replaced by its place's in ``names`` (``c0``, ``c1``, ...): the names a CSV log is
    read under, so that none of its own clash in an engine that matches names ignoring case ("Note", "note")."""
    def placed(name: str) -> str:
        return f"c{list(names).index(name)}"

    def optional(name: str | None) -> str | None:
        return None if name is None else placed(name)

    return LogColumns(case=placed(columns.case), activity=placed(columns.activity), timestamp=placed(columns.timestamp),
                      role=optional(columns.role), stage=optional(columns.stage), channel=optional(columns.channel))


def _not_utf8(file: str) -> InvalidLogError:
    """The error for the first line of a CSV log (within its first block) that is not UTF-8 text (the block's last
    line, where the fault is past it)."""
    try:
        with _binary(file) as raw:
            start = raw.read(_BLOCK)
    except EOFError:
        return cut_short(file)
    found = first_not_utf8(start)
    if found is None:
        found = start.count(b"\n") + 1, start[start.rfind(b"\n") + 1:].rstrip(b"\r").decode("utf-8", "replace")
    return not_utf8(file, *found)


def csv_lines(file: str, records: Iterable[int], *, blank_lines: bool = False) -> dict[int, int]:
    """The line each of ``records`` starts on in the CSV log ``file`` (a local path): records are numbered from 1,
    the header's, and a blank line is one only with ``blank_lines`` (DuckDB's error lines count them; both engines'
    rows skip them); a quoted value may span lines. A record past the log's end is left out."""
    wanted = sorted(set(records))
    found: dict[int, int] = {}
    record = line = 0
    inside = False  # within a quoted value (an odd number of quotes so far: "" inside one is two)
    with _binary(file) as raw, contextlib.suppress(EOFError):  # a gzip stream cut short: the records before its end
        while wanted and (chunk := raw.read(_BLOCK)):
            chunk += raw.readline()  # whole lines, so a chunk starts a line
            lines = chunk.count(b"\n") + (not chunk.endswith(b"\n"))
            if (not inside and b'"' not in chunk and record + lines < wanted[0]
                    and (blank_lines or not (chunk.startswith((b"\n", b"\r\n")) or b"\n\n" in chunk
                                             or b"\n\r\n" in chunk))):
                record, line = record + lines, line + lines  # every line a record: counted at C's speed
                continue
            for text in chunk.split(b"\n")[:lines]:
                line += 1
                if not inside and (blank_lines or text.rstrip(b"\r")):
                    record += 1
                    if record == wanted[0]:
                        found[wanted.pop(0)] = line
                        if not wanted:
                            break
                inside ^= text.count(b'"') % 2 == 1
    return found


def _text(file: str) -> IO[str]:
    """A CSV log's text, gzip read through, a byte-order mark dropped, line endings as written (as csv reads them)."""
    path = Path(file)
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _binary(file: str) -> IO[bytes]:
    """A CSV log's bytes, gzip read through."""
    path = Path(file)
    return gzip.open(path) if path.name.lower().endswith(".gz") else path.open("rb")  # type: ignore[return-value]


@attrs.frozen
class ResolvedColumns:
    """The columns a log's events are read from (the role defaulted), each one's 1-based place in the file, and
    whether the role column holds resources (people, often by name: never written to a map, see RoleGroups)."""

    columns: LogColumns
    positions: dict[str, int]  # by role: "case", "activity", "timestamp", and "role", "stage", "channel" if named
    resources: bool = False


def resolve_columns(found: Sequence[str], columns: LogColumns, file: str, kind: str, *,
                    resource_fallback: bool = False) -> ResolvedColumns:
    """The columns named, each checked to be in ``found`` (the log's header), with an error naming the columns there
    and suggesting the nearest one. The role column, when not named, is ``org:role`` if the log has it, else, with
    ``resource_fallback`` (for a caller that groups resources as "Staff", never by name: ``discover`` does, a bare
    ``aggregate`` cannot tell), ``org:resource`` if it has that. It holds resources when it is ``org:resource`` or
    another column whose name ends in "resource"."""
    if columns.role is None:
        defaults = (ROLE_COLUMN, RESOURCE_COLUMN) if resource_fallback else (ROLE_COLUMN,)
        columns = attrs.evolve(columns, role=next((name for name in defaults if name in found), None))
    named = {role: name for role, name in attrs.asdict(columns).items() if name is not None}
    twice = next(((role, other) for role, other in itertools.combinations(named, 2) if named[role] == named[other]),
                 None)
    if twice is not None:
        raise InvalidLogError([Problem(
            message=f"the {twice[0]} and {twice[1]} columns are both '{named[twice[0]]}'", value=named[twice[0]],
            file=file, suggestion=f"name each with its own column: {COLUMN_OPTIONS[twice[0]]} and "
                                  f"{COLUMN_OPTIONS[twice[1]]}")])
    positions: dict[str, int] = {}
    for role, name in named.items():
        if name not in found:
            free = [column for column in found if column not in named.values()]  # not another role's column
            suggestion = (did_you_mean(name, free) or (kind == "csv" and _header_below(file, name))
                          or f"name the {role} column with {COLUMN_OPTIONS[role]}")
            listed = ", ".join(f"'{column}'" for column in found[:_COLUMNS_LISTED]) + (
                f" and {len(found) - _COLUMNS_LISTED:,} more" if len(found) > _COLUMNS_LISTED else "")
            raise InvalidLogError([Problem(
                message=f"the event log has no {role} column '{name}' (its columns: {listed})", value=name,
                file=file, line=1 if found and kind == "csv" else None, suggestion=suggestion)])
        positions[role] = list(found).index(name) + 1
    resources = columns.role is not None and columns.role.casefold().endswith("resource")
    return ResolvedColumns(columns, positions, resources)
