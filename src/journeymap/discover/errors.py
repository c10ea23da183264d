"""The errors of discovering a map: an event log's (each problem placed in its file, row and column, with a
suggestion), and an engine's that cannot finish for want of resources."""

from __future__ import annotations

from journeymap.errors import InvalidMapError, JourneyMapError, Problem

_ROW_SHOWN = 80  # characters of a malformed row shown in its message


class InvalidLogError(InvalidMapError):
    """An event log cannot be read or breaks its rules (a missing column, an unparseable timestamp). An
    InvalidMapError, so the command line treats it as it treats a bad map: the message, and exit code 2.

    >>> from journeymap.errors import Problem
    >>> print(InvalidLogError([Problem(message="no timestamp", value="", file="log.csv", line=4, column=3)]))
    log.csv:4:3: no timestamp
    """


class EngineError(JourneyMapError, RuntimeError):
    """The engine could not finish the aggregation, through no fault of the log: DuckDB or Spark ran out of memory, or
    Spark's JVM stopped. The command line prints the message (with what to do) and exits 2."""


def malformed_row(file: str, line: int, reason: str, row: str | None) -> InvalidLogError:
    """A CSV row that cannot be read, placed at its line, with the row as written (cut short) and ``reason``.

    >>> print(malformed_row("log.csv", 3, "it has 4 values, the header names 3 columns", "c2,B,2024-01-02,extra"))
    log.csv:3: cannot read this row of the event log, 'c2,B,2024-01-02,extra': it has 4 values, the header \
names 3 columns; every row needs one value per column; a quote inside a quoted value is written twice ("")
    """
    shown = "" if row is None else f", {(row if len(row) <= _ROW_SHOWN else row[:_ROW_SHOWN - 1] + '…')!r}"
    return InvalidLogError([Problem(
        message=f"cannot read this row of the event log{shown}: {reason}", value=row, file=file, line=line,
        suggestion="every row needs one value per column; a quote inside a quoted value is written twice (\"\")")])
