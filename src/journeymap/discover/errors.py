"""The errors of discovering a map: an event log's (each problem placed in its file, row and column, with a
suggestion), and an engine's that cannot finish for want of resources."""

from __future__ import annotations

import codecs
import os

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


def not_utf8(file: str, line: int, row: str | None) -> InvalidLogError:
    """A line of a CSV log that is not UTF-8 text (a spreadsheet's export in a Windows code page, say), placed at its
    line, with the line as far as it could be read (cut short).

    >>> print(not_utf8("/data/visits.csv", 3, "c2,Caf?visit,2024-01-02"))
    /data/visits.csv:3: line 3 of the event log is not UTF-8 text, 'c2,Caf?visit,2024-01-02'; save the log as CSV \
UTF-8 (in Excel: Save As, CSV UTF-8), or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 visits.csv > visits-utf8.csv
    >>> print(not_utf8("visits.csv.gz", 3, None).problems[0].suggestion.rsplit("e.g. ", 1)[1])
    gunzip -c visits.csv.gz | iconv -f WINDOWS-1252 -t UTF-8 > visits-utf8.csv
    """
    shown = "" if row is None else f", {quoted_row(row)}"
    name = os.path.basename(file)
    compressed = name.lower().endswith(".gz")
    stem, suffix = os.path.splitext(name[:-3] if compressed else name)
    converted = f"{stem}-utf8{suffix or '.csv'}"
    command = (f"gunzip -c {name} | iconv -f WINDOWS-1252 -t UTF-8 > {converted}" if compressed
               else f"iconv -f WINDOWS-1252 -t UTF-8 {name} > {converted}")
    return InvalidLogError([Problem(
        message=f"line {line} of the event log is not UTF-8 text{shown}", value=row, file=file, line=line,
        suggestion=f"save the log as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or convert it, e.g. {command}")])


def cut_short(file: str) -> InvalidLogError:
    """A compressed log whose stream ends early (an interrupted download or copy)."""
    return InvalidLogError([Problem(message="the compressed log ends early: the file was cut short", file=file,
                                    suggestion="copy or export the log again")])


def first_not_utf8(data: bytes) -> tuple[int, str] | None:
    r"""The line (from 1) holding the first byte of ``data`` that is not UTF-8 (a byte-order mark may come first), and
    that line as far as it reads; None where all of ``data`` is UTF-8.

    >>> first_not_utf8(codecs.BOM_UTF8 + b"a\nCaf\xe9 visit\r\nb"), first_not_utf8(b"fine")
    ((2, 'Caf\ufffd visit'), None)
    """
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as err:
        place = err.start + len(data) - len(body)  # in ``data``: the decoder counts from after the mark
        line = data[data.rfind(b"\n", 0, place) + 1:].split(b"\n", 1)[0].rstrip(b"\r")
        return data.count(b"\n", 0, place) + 1, line.decode("utf-8", "replace")
    return None


def quoted_row(row: str, most: int = _ROW_SHOWN) -> str:
    r"""A row (or line) as a message shows it: in quotes as written, cut short past ``most`` characters with an
    ellipsis, only what cannot be seen escaped (not repr's way, which doubles every backslash and may change the
    quotes).

    >>> print(quoted_row('c1,"C:\\temp",it\'s\tdone'))
    'c1,"C:\temp",it's\tdone'
    """
    cut = row if len(row) <= most else row[:most - 1] + "…"
    return "'" + "".join(char if char.isprintable() else repr(char)[1:-1] for char in cut) + "'"


def malformed_row(file: str, line: int, reason: str, row: str | None,
                  suggestion: str = "every row needs one value per column; a quote inside a quoted value is written "
                                    "twice (\"\")") -> InvalidLogError:
    """A CSV row that cannot be read, placed at its line, with the row as written (cut short) and ``reason``.

    >>> print(malformed_row("log.csv", 3, "it has 4 values, the header names 3 columns", "c2,B,2024-01-02,extra"))
    log.csv:3: cannot read this row of the event log, 'c2,B,2024-01-02,extra': it has 4 values, the header \
names 3 columns; every row needs one value per column; a quote inside a quoted value is written twice ("")
    """
    shown = "" if row is None else f", {quoted_row(row)}"
    return InvalidLogError([Problem(
        message=f"cannot read this row of the event log{shown}: {reason}", value=row, file=file, line=line,
        suggestion=suggestion)])
