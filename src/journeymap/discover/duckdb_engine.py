"""The embedded engine: an event log (CSV or Parquet) loaded and aggregated in an in-memory DuckDB, streaming the
file. The one module that imports duckdb; its errors become InvalidLogError, a malformed CSV row placed at its line,
but for running out of memory: an EngineError, saying how to give it more.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

import attrs
import duckdb

from journeymap.discover.engine import (by_position, csv_header, csv_lines, first_ragged_row, local_path,
                                        parquet_parts, values_reason)
from journeymap.discover.errors import EngineError, InvalidLogError, cut_short, malformed_row, not_utf8
from journeymap.discover.queries import DUCKDB, iso_dated, written_offset
from journeymap.discover.summary import LogColumns
from journeymap.errors import Problem

__all__ = ["DuckDBEngine"]

# DuckDB reads an empty CSV field as NULL unless told another null string: this one, which no log holds, so that
# an empty field stays the empty string (a case id like any other).
_NO_NULL = "\x01journeymap:no-null\x01"
# A CSV log's rows, read once; ``events`` is a view of it with each row's number.
_LOG_TABLE = "events_read"
_TYPES = {"STRING": "VARCHAR", "BIGINT": "BIGINT"}
_GROUP = r"\{}"  # a group of regexp_replace's pattern, in its replacement (RE2's)
# The instants a timestamp may be: years 1 to 9999, as Python's datetime and Spark's timestamps hold them (DuckDB's
# reach past 290,000: "20233-01-01", a slip of the keyboard, would be read). Infinities are outside too.
_IN_RANGE = ("parsed BETWEEN TIMESTAMPTZ '0001-01-01 00:00:00+00' "
             "AND TIMESTAMPTZ '9999-12-31 23:59:59.999999+00'")


class DuckDBEngine:
    """The ``discover.engine.Engine`` on an in-memory DuckDB connection (UTC, insertion order kept)."""

    name = "duckdb"

    def __init__(self, *, memory_limit: str | None = None) -> None:
        """A new in-memory database; with ``memory_limit`` (e.g. "1.5GB"), DuckDB spills what exceeds it to a
        temporary directory, removed on close (slower, for logs larger than the machine's memory)."""
        # Never an extension fetched from the network (DuckDB would for s3:// or https://): logs are local files.
        self.connection = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
        self._spill: str | None = None
        self._limit_given = memory_limit
        try:
            self._configure(memory_limit)
        except BaseException as error:  # Ctrl-C among the settings too: nothing is left behind
            self.close()
            if _interrupted(error):
                raise KeyboardInterrupt from None
            raise
        self._file = ""
        self._views: dict[str, str | None] = {}  # the views made, each with the table it reads (None: a file)

    def _configure(self, memory_limit: str | None) -> None:
        """The connection's settings: its spill folder and memory limit, UTC, the progress kept but never printed."""
        if memory_limit is not None:
            self._spill = tempfile.mkdtemp(prefix="journeymap-duckdb-")
            self.connection.execute(f"SET temp_directory = {_literal(self._spill)}")
            self.connection.execute(f"SET memory_limit = {_literal(memory_limit)}")
        self.connection.execute("SET TimeZone = 'UTC'")
        # DuckDB's own bar is never printed (discover draws its own); it is kept for query_progress.
        self.connection.execute("SET enable_progress_bar = true")
        self.connection.execute("SET enable_progress_bar_print = false")
        # One copy of an aggregate's state per thread, and the merged one: what sets of cases may take (Dialect).
        (threads,) = self.connection.execute("SELECT current_setting('threads')").fetchone() or (1,)
        self.dialect = attrs.evolve(DUCKDB, copies=int(threads) + 1)

    def header(self, file: str, kind: str) -> tuple[str, ...]:
        """The log's column names in file order."""
        self._file = file
        file = _local(file)
        if kind == "csv":
            return csv_header(file).names
        return self._parquet_names(parquet_parts(file)[0])

    def load(self, file: str, kind: str, columns: LogColumns, date_order: str = "iso") -> str | None:
        """Builds ``events`` (see the protocol); the offset a typed timestamp column implies, or None for text."""
        self._file = file
        file = _local(file)
        params: dict[str, Any] = {}
        if kind == "parquet":
            # Read under positional names too: DuckDB's own would rename one of "Note" and "note" to "note_1".
            parts = parquet_parts(file)
            names = self._parquet_names(parts[0])
            columns = by_position(columns, names)
            positions = ", ".join(f"c{index}" for index in range(len(names)))
            source = f"read_parquet([{', '.join(map(_literal, parts))}]) AS log({positions})"
            types = {str(row[0]): str(row[1]) for row in self._run(f"DESCRIBE SELECT * FROM {source}")}
            row_number: str | None = self._parquet_row_number(parts)
        else:
            # The dialect is set, not sniffed (DuckDB's sniffer may take a later line for the header, or '#' for a
            # comment); every column is text.
            header = csv_header(file)
            columns = by_position(columns, header.names)
            types = {f"c{index}": "VARCHAR" for index in range(len(header.names))}
            source = ("read_csv($path, auto_detect = false, header = true, columns = $columns, delim = $delimiter, "
                      "quote = '\"', escape = '\"', strict_mode = true, nullstr = $nulls)")
            params = {"path": file, "columns": types, "delimiter": header.delimiter, "nulls": _NO_NULL}
            row_number = None
        timestamp_type = types[columns.timestamp]
        if timestamp_type == "VARCHAR":
            # DuckDB's cast skips the white space around a timestamp, as trim would but faster, except after a date
            # alone: that text is cast again trimmed. Where it is read, the text keeps only the offset written.
            # DuckDB reads an offset after "UTC" to the hour only ("09:00 UTC+05:30" as 04:00 UTC, not 03:30), but
            # one after "GMT" whole: so the one is read as the other.
            # A date written day or month first is read as the ISO date it stands for (``dated``, read beside it).
            text = "stamp" if date_order == "iso" else "dated"
            zoned = (f"CASE WHEN contains({text}, 'UTC') THEN replace(replace({text}, 'UTC+', 'GMT+'), 'UTC-', 'GMT-') "
                     f"END")
            parsed = (f"coalesce(TRY_CAST(coalesce({zoned}, {text}) AS TIMESTAMPTZ), "
                      f"TRY_CAST(trim({text}) AS TIMESTAMPTZ))")
            # DuckDB reads more than ISO 8601 does: a year of one to three digits ("04/03/24" as 24 March of the year
            # 4), '/', '\' or ' ' between a date's parts, "epoch" as 1970. A text is read only where it starts with a
            # year of four digits and '-' (after spaces), as Spark reads it: a digit first and the first '-' fifth
            # tell it where they are in place ("1-01-01", of which the fifth character is a '-' too, is refused), the
            # pattern tells it elsewhere. A CASE, not an OR: a projection's OR runs the pattern on every row, a CASE
            # only where the test fails (the load at 1M events: 0.1 s less processor time).
            iso = (f"CASE WHEN strpos({text}, '-') = 5 AND ord({text}) BETWEEN 48 AND 57 THEN true "
                   f"ELSE regexp_matches({text}, '^ *[0-9]{{4}}-') END")
            readable = f"CASE WHEN {iso} THEN {_IN_RANGE} ELSE false END"
            written = (f"CASE WHEN {readable} THEN {written_offset('stamp', 'trim(stamp)')} "
                       f"ELSE coalesce(trim(stamp), '') END")
        else:  # a typed timestamp's text is only read where it is unreadable (the driver reads it nowhere else)
            parsed = "TRY_CAST(stamp AS TIMESTAMPTZ)"
            readable = _IN_RANGE
            written = f"CASE WHEN {readable} THEN 'instant' ELSE coalesce(CAST(stamp AS VARCHAR), '') END"
        # The log's columns are read under names of ours, so that none of its own names (a column "parsed") clash.
        read = [f"CAST({_quoted(columns.case)} AS VARCHAR) AS case_id",
                f"CAST({_quoted(columns.activity)} AS VARCHAR) AS activity", f"{_quoted(columns.timestamp)} AS stamp",
                *(f"CAST({_quoted(name) if name else 'NULL'} AS VARCHAR) AS {role}"
                  for role, name in (("role", columns.role), ("stage", columns.stage), ("channel", columns.channel)))]
        if timestamp_type == "VARCHAR" and date_order != "iso":
            read.append(iso_dated(_quoted(columns.timestamp), date_order, _GROUP) + " AS dated")

        def scanned(row_number: str) -> str:
            """The log's rows as events, with ``row_number`` (SQL of the row's place, or '' for none) first."""
            numbered = f"CAST({row_number} AS BIGINT) AS row_number, " if row_number else ""
            return (f"SELECT {'row_number, ' if row_number else ''}case_id, activity, "
                    f"CASE WHEN {readable} THEN epoch_us(parsed) END AS ts_us, {written} AS ts_text, "
                    f"role, stage, channel FROM (SELECT *, {parsed} AS parsed "
                    f"FROM (SELECT {numbered}{', '.join(read)} FROM {source}) AS r) AS scanned")

        self._drop("events")
        if row_number is not None:
            # A view: Parquet is scanned again at little cost (twice: the checks, the steps), and never held whole.
            self._run(f"CREATE TEMP VIEW events AS {scanned(row_number)}")
            self._views["events"] = None
        else:
            # The rows are read in parallel into a table that keeps their order (preserve_insertion_order), so that
            # its rowid is the row's place in the log.
            self._run("SET preserve_insertion_order = true")
            self._run(f"CREATE TEMP TABLE {_LOG_TABLE} AS {scanned('')}", params)
            self._run(f"CREATE TEMP VIEW events AS SELECT rowid + 1 AS row_number, * FROM {_LOG_TABLE}")
            self._views["events"] = _LOG_TABLE
        # Later queries never depend on the order of their rows: DuckDB need not keep it (the steps: 0.45 -> 0.4 s).
        self._run("SET preserve_insertion_order = false")
        if timestamp_type == "VARCHAR":
            return None
        return "+00:00" if "WITH TIME ZONE" in timestamp_type else ""

    def _parquet_names(self, part: str) -> tuple[str, ...]:
        """The column names of a Parquet file as written (the first file's rule a folder's), the top-level fields of
        its schema: each field is followed by the fields nested in it."""
        fields = self._run("SELECT name, num_children FROM parquet_schema($part)", {"part": part})
        names, index = [], 1  # the first field is the schema itself
        while index < len(fields):
            names.append(str(fields[index][0]))
            pending = 1  # this field and those nested in it, still to pass
            while pending:
                pending += int(fields[index][1] or 0) - 1
                index += 1
        return tuple(names)

    def _parquet_row_number(self, parts: Sequence[str]) -> str:
        """SQL of a Parquet row's place in the log, from DuckDB's virtual columns (which no column of the log hides,
        read under positional names): its row in its file, after the rows of the files before its own (``parts`` in
        order)."""
        if len(parts) == 1:
            return "file_row_number + 1"
        rows = [int(count) for (count,) in self._run(
            "SELECT num_rows FROM parquet_file_metadata($parts) ORDER BY list_position($parts, file_name)",
            {"parts": list(parts)})]
        before = [0, *accumulate(rows)][:-1]
        return (f"CAST([{', '.join(map(str, before))}] AS BIGINT[])[CAST(file_index AS BIGINT) + 1] "
                f"+ file_row_number + 1")

    def register(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        """A small temp table of literal rows (inserted column by column: one statement, however many rows)."""
        declared = ", ".join(f"{_quoted(column)} {_TYPES[type_]}" for column, type_ in columns)
        self._drop(name)
        self._run(f"CREATE OR REPLACE TEMP TABLE {_quoted(name)} ({declared})")
        if rows:
            values = ", ".join(f"unnest(${index}::{_TYPES[type_]}[])" for index, (_, type_) in enumerate(columns, 1))
            self._run(f"INSERT INTO {_quoted(name)} SELECT {values}",
                      [[row[index] for row in rows] for index in range(len(columns))])

    def materialize(self, name: str, sql: str) -> None:
        """``sql``'s result kept as the temp table ``name`` (replacing a view or table of that name)."""
        self._drop(name)
        self._run(f"CREATE OR REPLACE TEMP TABLE {_quoted(name)} AS {sql}")

    def _drop(self, name: str) -> None:
        """Drops the view ``name``, if the engine made one, and the table it reads, if any."""
        if name in self._views:
            backing = self._views.pop(name)
            self._run(f"DROP VIEW {_quoted(name)}")
            if backing is not None:
                self._run(f"DROP TABLE {_quoted(backing)}")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of ``sql``."""
        return self._run(sql)  # fetchall's rows are tuples

    def query_progress(self) -> float:
        """DuckDB's own progress of the query running now, 0-100 (-1 when none), for a progress bar's thread."""
        return float(self.connection.query_progress())

    def close(self) -> None:
        """Closes the connection and removes its spill directory."""
        self.connection.close()
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)

    def _run(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self.connection.execute(sql, params).fetchall()
        except duckdb.InterruptException:  # Ctrl-C while a query ran (DuckDB takes the signal)
            raise KeyboardInterrupt from None
        except duckdb.OutOfMemoryException as err:  # no fault of the log's
            raise EngineError(_out_of_memory(str(err), self._memory_limit())) from None
        except duckdb.Error as err:
            raise _read_error(str(err), self._file) from None


    def _memory_limit(self) -> str:
        """DuckDB's memory limit as it says it, or as it was given where it has too little memory left to say."""
        try:
            (limit,) = self.connection.execute("SELECT current_setting('memory_limit')").fetchone() or ("?",)
        except duckdb.Error:
            return self._limit_given or "?"
        return str(limit)


def _interrupted(error: BaseException) -> bool:
    """Whether ``error`` is Ctrl-C, as Python or DuckDB tells it (a setting's statement says "Query interrupted")."""
    return isinstance(error, (KeyboardInterrupt, duckdb.InterruptException)) or (
        isinstance(error, RuntimeError) and "interrupted" in str(error).lower())


def _local(file: str) -> str:
    """The path of a log on this machine (a file:// URL's too); an error for a URL of other storage."""
    local = local_path(file)
    if local is None:
        raise InvalidLogError([Problem(
            message="DuckDB reads event logs on this machine, not at a URL", value=file, file=file,
            suggestion="copy the log here, or read it with --engine spark (and --spark-master)")])
    return local


def _literal(text: str) -> str:
    """A string as a SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    """A name as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _out_of_memory(text: str, limit: str) -> str:
    """What to say when DuckDB ran out of memory (``text``, its message) within ``limit``: how to give it more."""
    reason = text.strip().splitlines()[0].removeprefix("Out of Memory Error:").strip().rstrip(".")
    return (f"DuckDB ran out of memory aggregating the event log, within its limit of {limit} ({reason}). Give it "
            f"more with --memory-limit, e.g. 4GB (memory_limit from Python); past the limit it spills to a temporary "
            f"folder, which needs room as well.")


def _read_error(text: str, file: str) -> InvalidLogError:
    """DuckDB's message on a log it cannot read, placed at its line when it names one (a malformed CSV row)."""
    mismatch = re.search(r'column "(.+?)" was read from the original file "(.+?)", but could not be found in file '
                         r'"(.+?)"', text)
    if mismatch:  # a column read is in the folder's first Parquet file, not in another (the first's columns rule)
        column, first, other = mismatch.groups()
        return InvalidLogError([Problem(
            message=f"the Parquet files of this log do not all have the same columns: column '{column}' is in "
                    f"{Path(first).name} but not in {Path(other).name}", value=column, file=file,
            suggestion="write every file of the log with the same columns, or point discover at one file")])
    if "Unexpected end of GZIP stream" in text:
        return cut_short(file)
    lines = [line.strip() for line in text.strip().splitlines()]
    located = re.search(r"CSV Error on Line: (\d+)", text)
    if located is None:
        ragged = first_ragged_row(local_path(file) or file) if "CSV" in text else None
        if ragged is not None:  # DuckDB lost its place (mixed line endings): the row, as Python's csv reads it
            line, row, reason = ragged
            return malformed_row(file, line, reason, row)
        return InvalidLogError([Problem(message=f"cannot read the event log: {lines[0] if lines else text}",
                                        file=file, suggestion="look for a quote left open, or lines ending in two "
                                        "ways (Windows' and Unix'): save it again as CSV UTF-8")])
    # The row as written, after "Original Line:", or on the next line where the row's own line break came first.
    at = next((index for index, line in enumerate(lines) if line.startswith("Original Line:")), None)
    original = None if at is None else (lines[at].removeprefix("Original Line:").strip()
                                        or (lines[at + 1] if at + 1 < len(lines) else None))
    # DuckDB's line counts a record spanning lines as one, and blank lines (its rows skip them).
    counted = int(located.group(1))
    line = csv_lines(local_path(file) or file, [counted], blank_lines=True).get(counted, counted)
    if "not utf-8 encoded" in text:
        return not_utf8(file, line, original)
    longest = re.search(r"Maximum line size of (\d+) bytes exceeded", text)
    if longest:
        return malformed_row(file, line, f"it is longer than a row may be, {int(longest.group(1)):,} bytes",
                             original, "look for a quote left open, which makes the rest of the file one value; "
                             "else leave long free text out of the log (discover reads only its columns)")
    # The reason is the last line before DuckDB's "Possible fixes" (the original line may span several).
    before_fixes = lines[:lines.index("Possible fixes:")] if "Possible fixes:" in lines else lines[1:2]
    reason = next((line for line in reversed(before_fixes) if line and not line.startswith("Original Line:")),
                  "a malformed row").rstrip(".")
    counts = re.fullmatch(r"Expected Number of Columns: (\d+) Found: (\d+)", reason)
    if counts:
        reason = values_reason(int(counts.group(2)), int(counts.group(1)), original,
                               csv_header(local_path(file) or file).delimiter)
    return malformed_row(file, line, f"{reason[0].lower()}{reason[1:]}", original)
