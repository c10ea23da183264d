"""XES event logs (IEEE 1849: ``.xes``, or gzipped ``.xes.gz``) streamed into a CSV log with pm4py's column names,
which the engines then read like any CSV log.

One row per event, in the file's order (trace by trace). Columns: an event attribute by its key
(``concept:name``, ``time:timestamp``, ``org:resource``, ``org:role``, ``lifecycle:transition``...), a trace attribute
as ``case:<key>`` (``case:concept:name`` is the case id); only the columns asked for are written (discover asks for
those it may read), but every column of the log is listed. pm4py's standard columns come first when the log has
them, in the order of STANDARD_COLUMNS, then every other column in the order the log first shows it; a value an
event lacks is empty. Values are written as the XES gives them (a date exactly as written, with its offset; an int,
float, boolean or id as its text), except that a line break in one (``&#10;`` or ``&#13;`` in the XML) is written as
a space, so that each row is one line. The CSV is UTF-8 with a header row and CRLF line ends (RFC 4180).

It is longer than 400 lines: the choices below, each a rule of XES or of pm4py's reading, are one streaming parser's.

Choices:
- The file is read by expat (the standard library's XML parser, under ElementTree too) as a stream of elements with
  nothing kept but the current trace's events (held until the trace closes, as its attributes may follow them), so
  memory grows with the longest trace, not the log; expat's handlers also know each element's line and column, which
  place the errors below (ElementTree.iterparse does not tell them, and is slower here).
- Namespaces: ``<log xmlns="http://www.xes-standard.org/">``, a prefix (``<xes:log>``) or none are read alike.
- Nested attributes: an attribute's children are ignored (its own value is kept); a ``<list>`` or ``<container>``,
  which has no value of its own, is ignored with its children, and so are attributes of the log itself,
  ``<extension>`` and ``<classifier>``.
- ``<global scope="event">`` values fill keys an event lacks, ``scope="trace"`` keys a trace lacks (no scope: event),
  except two: a trace's ``concept:name`` (one default case id would merge distinct cases into one) and an event's
  ``time:timestamp`` (a placeholder time such as 1970 would make false durations; an event without a timestamp is
  left empty, and the aggregation skips and reports it).
- If a trace and its event both give ``case:<key>``, the trace's value is written (the case id stays the case's).
- A ``<float>`` whose value is NaN is written empty: it is how pm4py writes a value missing from its data frame (an
  event without a resource gets ``<float key="org:resource" value="nan"/>``), and how pm4py reads it back.
- A trace without ``concept:name``, an event without ``concept:name``, an event's ``time:timestamp`` neither empty
  nor an ISO 8601 date-time that Python and DuckDB both read (xs:dateTime's usual forms; not ``24:00:00``), an attribute
  without key or value, an ``<event>`` outside a ``<trace>``, a log with no events, and files that are not XML, have
  no ``<log>``, are cut short or are damaged gzip raise InvalidLogError at their line and column. A ``<trace>``
  without events is fine (it has nothing to write). Nothing is left in the directory on an error or an interrupt.
- Only the columns read are written: a log with a new key in each trace (a note's number, say) would otherwise make
  a CSV as wide as all its keys, every row padded to that width (5,000 such traces gave 50 MB, 20,000 gave 800 MB
  and took a minute), and a huge free-text value nobody reads would still have to fit an engine's line.
- A line break in a value is written as a space, as XML itself reads one written in an attribute's value without
  ``&#10;``: Spark reads the CSV line by line (reading a value across lines would read the whole file in one task),
  DuckDB would read the value whole, and the two engines must give the same map. A map's names are one line anyway.
- Each event's place (the line and column of its ``<event>``) is kept, 8 bytes an event (``discover.places``), so
  that what the aggregation finds wrong with a row of the CSV is told at its event in the XES file; a column of the
  CSV would cost more (written, then parsed by the engine) and show in its header.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import gzip
import io
import os
import re
import secrets
import shutil
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO
from xml.parsers import expat

import attrs

from journeymap.discover.errors import InvalidLogError
from journeymap.discover.sniff import check_content
from journeymap.discover.places import EventPlaces
from journeymap.errors import Problem

__all__ = ["STANDARD_COLUMNS", "ConvertedLog", "xes_to_csv"]

# pm4py's names for the XES standard's keys, in the order a converted log lists them when it has them.
STANDARD_COLUMNS = ("case:concept:name", "concept:name", "time:timestamp", "org:resource", "org:role",
                    "lifecycle:transition")
XES_SUFFIXES = (".xes.gz", ".xes", ".gz")
CASE_PREFIX = "case:"
NAME_KEY = "concept:name"
TIME_KEY = "time:timestamp"
LIFECYCLE_KEY = "lifecycle:transition"
VALUE_TYPES = frozenset({"string", "date", "int", "float", "boolean", "id"})
CHUNK_BYTES = 1 << 18  # read and parsed 256 KiB at a time (expat copies each chunk: larger ones cost memory)
GZIP_MAGIC = b"\x1f\x8b"
LAYOUTS_KEPT = 1000  # distinct orders of event keys remembered (a log has a handful)
EXCERPT_CHARACTERS = 80  # of the offending line, around the error, in an XML error's value
# xs:dateTime and the ISO 8601 forms DuckDB reads too: a date, then optionally a time and an offset.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_TIMESTAMP_SUGGESTION = "write it as xs:dateTime, e.g. 2024-03-01T14:30:00+01:00 or 2024-03-01T13:30:00Z"

# What an open element is, on the reader's stack.
_DOCUMENT, _LOG, _GLOBAL, _TRACE, _EVENT, _ATTRIBUTE, _IGNORED = range(7)
_HOLDERS = (_GLOBAL, _TRACE, _EVENT)  # elements whose attribute children are read

ProgressCallback = Callable[[int, int], None]


@attrs.frozen
class ConvertedLog:
    """An XES log converted: the CSV written, and where each of its rows' events is in the XES file."""

    csv: Path
    places: EventPlaces
    columns: tuple[str, ...]  # every column of the log, in the order the CSV would list them all, written or not
    transitions: tuple[tuple[str, int], ...] = ()  # events by lifecycle:transition (lower case, '' for none), by name

    def notes(self) -> tuple[str, ...]:
        """What the map should say of the log's events beyond what the aggregation counts: that an activity's start
        and completion (lifecycle:transition) are events of their own, where the log records more than one kind."""
        if len(self.transitions) < 2:
            return ()
        kinds = ", ".join(f"{name or 'none'} {count:,}" for name, count in self.transitions)
        return (f"The log records stages of an activity's life as events of their own (lifecycle:transition: "
                f"{kinds}): an activity's events and the steps between them count each, as pm4py counts them; keep "
                f"only the completions to count each activity once.",)


def xes_to_csv(path: str | os.PathLike[str], directory: str | os.PathLike[str], *,
               columns: Collection[str] | None = None, on_progress: ProgressCallback | None = None) -> ConvertedLog:
    """Streams the XES log at ``path`` (plain or gzipped, told by its first bytes) into ``<name>.csv`` in
    ``directory`` (made if need be; ``log.xes.gz`` gives ``log.csv``, replacing any file of that name), with those of
    ``columns`` the log has (None: all of its columns), and gives its path with its events' places and all its
    columns; calls ``on_progress(bytes_read, file_bytes)`` of the file on disk after each chunk. Raises
    InvalidLogError, leaving nothing behind, when the log cannot be read."""
    file = os.fspath(path)
    source = Path(file)
    if not source.is_file():
        raise InvalidLogError([Problem(message="no such event log", value=file, file=file,
                                       suggestion="check the path")])
    check_content(source, "xes")
    target = Path(directory) / f"{_stem(source.name)}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as cleanup:
        body_path = _temporary(target, ".rows", cleanup)
        with body_path.open("w", encoding="utf-8", newline="") as body:
            reader = _Reader(file, csv.writer(body, lineterminator="\r\n").writerows, columns)
            _parse(source, file, reader, on_progress)
        if reader.events == 0:
            raise InvalidLogError([Problem(message="the XES log has no events", file=file,
                                           suggestion="check that its <trace> elements hold <event> elements")])
        out_path = _temporary(target, ".partial", cleanup)
        with out_path.open("w", encoding="utf-8", newline="") as out:
            _assemble(body_path, out, reader)
        os.replace(out_path, target)
    return ConvertedLog(target, reader.places, tuple(_ordered(reader.keys)), tuple(sorted(reader.transitions.items())))


def _stem(name: str) -> str:
    lowered = name.lower()
    suffix = next((suffix for suffix in XES_SUFFIXES if lowered.endswith(suffix)), "")
    return name[:len(name) - len(suffix)] if suffix and len(name) > len(suffix) else Path(name).stem or "log"


def _temporary(target: Path, suffix: str, cleanup: contextlib.ExitStack) -> Path:
    """A new file beside ``target`` (so the last step is a rename), deleted when ``cleanup`` closes."""
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}{suffix}"
    temporary.open("x").close()  # created with the usual permissions (mkstemp's are the owner's only)
    cleanup.callback(temporary.unlink, missing_ok=True)
    return temporary


class _Reader:
    """expat's handlers: follows the open elements, keeps the current trace's attributes and events, and writes a
    trace's rows (the ``wanted`` columns; None: all) when it closes, numbering each column when it is first seen."""

    def __init__(self, file: str, writerows: Callable[[list[list[str]]], object],
                 wanted: Collection[str] | None) -> None:
        self.file = file
        self.writerows = writerows
        self.places = EventPlaces(file)  # each event's, as it opens: in file order, the order of the rows written
        self.add_place = self.places.add
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.stack = [_DOCUMENT]
        self.local_names: dict[str, str] = {}
        self.wanted = None if wanted is None else frozenset(wanted)
        self.keys: dict[str, None] = {}  # every column of the log, as first seen
        self.columns: dict[str, int] = {}  # the columns written -> their place in a row
        self.layouts: dict[tuple[str, ...], list[int]] = {}  # an event's keys, in order -> their columns, or -1
        self.short_rows = 0  # rows written before the last new column: they are shorter than the header
        self.events = 0
        self.defaults: dict[str, dict[str, str]] = {"event": {}, "trace": {}}
        self.holder: dict[str, str] = {}  # where the attributes being read go: the open global, trace or event
        self.trace: dict[str, str] = {}
        self.trace_events: list[dict[str, str]] = []
        self.transitions: Counter[str] = Counter()
        self.trace_at = (0, 0)

    def at(self) -> tuple[int, int]:
        """The line and (1-based) column of the element being handled."""
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def problem(self, message: str, value: object, suggestion: str, at: tuple[int, int] | None = None) -> Problem:
        line, column = at or self.at()
        return Problem(message=message, value=value, file=self.file, line=line, column=column, suggestion=suggestion)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = self.local_names.get(tag)
        if name is None:
            name = self.local_names[tag] = tag.rpartition(":")[2]
        stack = self.stack
        parent = stack[-1]
        if parent in _HOLDERS:
            if name in VALUE_TYPES:  # the commonest element by far: read here, not in a further call
                key = attributes.get("key")
                value = attributes.get("value")
                if not key or value is None or (key == TIME_KEY and parent == _EVENT and not _readable_time(value)):
                    raise InvalidLogError([self.attribute_problem(name, key, value)])
                self.holder[key] = "" if name == "float" and value.lower() == "nan" else value
                stack.append(_ATTRIBUTE)
            elif name == "event" and parent == _TRACE:
                self.holder = {}
                parser = self.parser  # self.at(), written out: this runs once an event
                self.add_place(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
                stack.append(_EVENT)
            elif name == "event":
                raise InvalidLogError([self.problem("an <event> inside another element than a <trace>", tag,
                                                    "close the element before this event")])
            else:
                stack.append(_IGNORED)
        elif parent == _LOG:
            if name == "trace":
                self.trace = self.holder = {}
                self.trace_events = []
                self.trace_at = self.at()
                stack.append(_TRACE)
            elif name == "global":
                self.holder = self.defaults.setdefault(attributes.get("scope", "event"), {})
                stack.append(_GLOBAL)
            elif name == "event":
                raise InvalidLogError([self.problem("an <event> outside any <trace>", tag,
                                                    "put each event inside the <trace> of its case")])
            else:
                stack.append(_IGNORED)  # the log's own attributes, extensions, classifiers
        elif parent == _DOCUMENT:
            if name != "log":
                raise InvalidLogError([self.problem(f"an XES log starts with <log>, this file with <{tag}>", tag,
                                                    "is it an XES event log (IEEE 1849)?")])
            stack.append(_LOG)
        else:
            stack.append(_IGNORED)  # inside an attribute, or an ignored element

    def attribute_problem(self, kind: str, key: str | None, value: str | None) -> Problem:
        """What is wrong with an attribute: no key, no value, or an unreadable timestamp."""
        if not key:
            return self.problem(f"a <{kind}> attribute without a key", key,
                                f'give it one, e.g. <{kind} key="concept:name" value="..."/>')
        if value is None:
            return self.problem(f"the <{kind}> attribute '{key}' has no value", key,
                                f'give it one, e.g. <{kind} key="{key}" value="..."/>')
        return self.problem(f"cannot read the timestamp '{value}'", value, _TIMESTAMP_SUGGESTION)

    def end(self, tag: str) -> None:
        kind = self.stack.pop()
        if kind == _EVENT:
            event = self.holder
            for key, value in self.defaults["event"].items():
                if key != TIME_KEY:
                    event.setdefault(key, value)
            if NAME_KEY not in event:
                raise InvalidLogError([self.problem(
                    "an event without an activity (concept:name)", None,
                    'give each <event> a <string key="concept:name" value="..."/>', self.places.of(len(self.places)))])
            self.trace_events.append(event)
            self.transitions[event.get(LIFECYCLE_KEY, "").strip().lower()] += 1
            self.holder = self.trace
        elif kind == _TRACE:
            for key, value in self.defaults["trace"].items():
                if key != NAME_KEY:
                    self.trace.setdefault(key, value)
            if NAME_KEY not in self.trace:
                raise InvalidLogError([self.problem(
                    "a trace without a case id (concept:name)", None,
                    'give each <trace> a <string key="concept:name" value="..."/>, its case id', self.trace_at)])
            self.write_trace()

    def write_trace(self) -> None:
        if not self.trace_events:
            return  # a trace without events adds no row, and so no column
        case = [(index, _one_line(value)) for key, value in self.trace.items()
                if (index := self.column(CASE_PREFIX + key)) >= 0]
        layouts = self.layouts
        rows = []
        for event in self.trace_events:
            keys = tuple(event)
            slots = layouts.get(keys)
            if slots is None:
                if len(layouts) >= LAYOUTS_KEPT:
                    layouts.clear()
                slots = layouts[keys] = [self.column(key) for key in keys]
            row = [""] * len(self.columns)
            for index, value in zip(slots, event.values()):
                if index >= 0:
                    row[index] = value if "\n" not in value and "\r" not in value else _one_line(value)
            for index, value in case:
                row[index] = value
            rows.append(row)
            self.events += 1
        self.writerows(rows)
        self.trace_events = []

    def column(self, name: str) -> int:
        """The column ``name`` is written in, numbered when first seen; -1 for one not written."""
        index = self.columns.get(name)
        if index is None:
            self.keys[name] = None
            if self.wanted is not None and name not in self.wanted:
                return -1
            index = self.columns[name] = len(self.columns)
            self.short_rows = self.events
        return index


def _one_line(value: str) -> str:
    """``value`` with each line break (CRLF, CR or LF) as a space."""
    if "\n" not in value and "\r" not in value:
        return value
    return value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def _ordered(columns: Collection[str]) -> list[str]:
    """Columns as the CSV lists them: the standard ones first, in STANDARD_COLUMNS' order, then the rest as given."""
    return [name for name in STANDARD_COLUMNS if name in columns] + [name for name in columns
                                                                     if name not in STANDARD_COLUMNS]


def _readable_time(value: str) -> bool:
    """Whether a timestamp is empty (the aggregation skips the event) or an ISO 8601 date-time both Python and
    DuckDB read."""
    text = value.strip()
    if not text:
        return True
    if _TIMESTAMP.fullmatch(text) is None:
        return False
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:  # a month 13, a 30 February...
        return False
    return True


@contextlib.contextmanager
def _opened(source: Path) -> Iterator[tuple[io.BufferedIOBase, io.BufferedIOBase]]:
    """The log's bytes, decompressed when it starts as gzip does, and the file underneath (for its position)."""
    with source.open("rb") as raw:
        if raw.read(2) == GZIP_MAGIC:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped, raw
        else:
            raw.seek(0)
            yield raw, raw


def _parse(source: Path, file: str, reader: _Reader, on_progress: ProgressCallback | None) -> None:
    parser = reader.parser
    total = source.stat().st_size
    previous = current = b""  # the last two chunks fed, for the offending line of an XML error
    fed = 0  # bytes fed before the current chunk
    try:
        with _opened(source) as (stream, raw):
            while chunk := stream.read1(CHUNK_BYTES):  # read1: gzip's last bytes are parsed before its early end
                fed += len(current)
                previous, current = current, chunk
                parser.Parse(chunk, False)
                if on_progress is not None:
                    on_progress(raw.tell(), total)
            parser.Parse(b"", True)
    except expat.ExpatError as err:
        empty = fed + len(current) == 0
        raise InvalidLogError([_xml_problem(file, err, empty, _excerpt(previous + current, fed - len(previous),
                                                                       parser.ErrorByteIndex))]) from None
    except EOFError:
        raise InvalidLogError([Problem(
            message="the compressed log ends early: the file was cut short", file=file,
            line=parser.CurrentLineNumber, suggestion="copy or export the log again")]) from None
    except (gzip.BadGzipFile, zlib.error) as err:
        raise InvalidLogError([Problem(
            message=f"the compressed log is damaged ({err})", file=file, line=parser.CurrentLineNumber,
            suggestion="copy or export the log again")]) from None
    except OSError as err:
        raise InvalidLogError([Problem(message=f"cannot read the event log: {err.strerror or err}",
                                       file=file)]) from None


def _xml_problem(file: str, err: expat.ExpatError, empty: bool, excerpt: str | None) -> Problem:
    """expat's error as a problem at its line and (1-based) column, in words for the usual causes."""
    if empty:
        return Problem(message="the event log is empty", file=file, suggestion="export it again")
    reason = expat.ErrorString(err.code)
    if err.code in (expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
                    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]):
        message, suggestion = ("the log ends before its elements are closed: the file was cut short",
                               "copy or export the log again")
    else:
        message, suggestion = (f"this is not well-formed XML ({reason})",
                               "an XES log is XML as IEEE 1849 describes it: export it again from the tool that "
                               "wrote it (a CSV log is named .csv)")
    return Problem(message=message, value=excerpt, file=file, line=err.lineno, column=err.offset + 1,
                   suggestion=suggestion)


def _excerpt(window: bytes, window_start: int, error_at: int) -> str | None:
    """The line holding byte ``error_at`` of the log (the part around it if the line is long), when the last chunks
    read still hold it."""
    at = error_at - window_start
    if error_at < 0 or not 0 <= at <= len(window):
        return None
    line_start = window.rfind(b"\n", 0, at) + 1
    line_end = window.find(b"\n", at)
    line = window[line_start:len(window) if line_end < 0 else line_end]
    column = at - line_start
    half = EXCERPT_CHARACTERS // 2
    piece = line if len(line) <= EXCERPT_CHARACTERS else line[max(0, column - half):column + half]
    return piece.decode("utf-8", errors="replace").strip() or None


def _assemble(body_path: Path, out: IO[str], reader: _Reader) -> None:
    """The header, then the rows written so far: padded to the header's width and put in its order (standard
    columns first) when they need it, else copied as they are."""
    columns = reader.columns
    order = [columns[name] for name in _ordered(columns)]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_ordered(columns))
    with body_path.open(encoding="utf-8", newline="") as body:
        if reader.short_rows == 0 and order == sorted(order):
            shutil.copyfileobj(body, out, CHUNK_BYTES)
            return
        width = len(order)
        for row in csv.reader(body):
            row.extend([""] * (width - len(row)))
            writer.writerow([row[index] for index in order])
