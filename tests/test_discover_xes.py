"""XES event logs read into CSV logs: the hand-made 5-case log as XES gives the rows and the aggregation of its CSV
twin; globals, typed and nested attributes, namespaces and gzip; bad files placed at their line and column with
nothing left behind; memory that does not grow with the log; only the columns read written, each row on one line;
and random logs written as XES read back to their rows."""

from __future__ import annotations

import csv
import gzip
import io
import tracemalloc
import zlib
from pathlib import Path
from xml.sax.saxutils import quoteattr

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.discover.aggregate import aggregate
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.run import discover, discover_log
from journeymap.discover.summary import LogColumns
from journeymap.discover.xes import STANDARD_COLUMNS, xes_to_csv
from journeymap.errors import InvalidMapError

DATA = Path(__file__).parent / "data" / "xes"

# tests/data/xes/hand_made.xes is the hand-made log of test_discover_aggregate.py (its twin: hand_made.csv) laid out
# as pm4py's exporter writes XES: one trace per case in the order the cases first appear, each case's events in the
# CSV's order (so NA's C stays before B, tied at 08:30, and c5's D before B), each timestamp as the CSV writes it but
# with a T (xs:dateTime), its offset or none kept. The CSV is written with CRLF line ends (RFC 4180).
HAND_MADE_ROWS = """\
case:concept:name,concept:name,time:timestamp
c1,A,2024-03-04T09:00:00
c1,B,2024-03-04T10:00:00
c1,D,2024-03-04T13:00:00+01:00
c2,A,2024-03-04T09:00:00
c2,B,2024-03-04T11:00:00
c2,A,2024-03-04T12:00:00
c2,B,2024-03-04T13:00:00
c2,D,2024-03-04T17:00:00
NA,A,2024-03-04T08:00:00Z
NA,C,2024-03-04T08:30:00
NA,B,2024-03-04T08:30
NA,D,2024-03-04T10:30:00
,A,2024-03-04T09:00:00
,D,2024-03-04T09:45:00
c5,D,2024-03-04T13:00:00
c5,B,2024-03-04T10:00:00
"""

# tests/data/xes/typed_globals.xes, as ProM writes a log. The standard columns come first, then the others as first
# seen (p-001's trace attributes, then its first event's). Every value is written as the XES gives it: the int, float,
# boolean and id as their text, dates with their offsets. Globals fill what is missing: lifecycle:transition
# 'complete' for the events without one, ward 'unknown' for p-001; but never a time (p-002's Assessment has none: left
# empty) nor a case id. The nested author of 'note', the <list> of needs, the log's own name, extensions and
# classifiers are left out, and so is p-003, a trace without events. org:resource is written: the map never is.
TYPED_GLOBALS_ROWS = '''\
case:concept:name,concept:name,time:timestamp,org:resource,org:role,lifecycle:transition,case:age band,case:ward,\
visit,cost,urgent,identity:id,note,channel
p-001,Referral,2024-05-01T09:15:00.000+01:00,Dr Jane Example,GP,complete,3,unknown,1,12.5,true,\
5f0c2a8e-6b1d-4f7a-9a37-2d4c1e8b9f10,by phone,
p-001,Home visit,2024-05-03T14:00:00.000+01:00,,Carer,start,3,unknown,,,,,,
p-002,Referral,2024-05-02T10:00:00Z,,,complete,,"Elm, ""north""",,,,,,phone
p-002,Assessment,,,,complete,,"Elm, ""north""",,,,,,
'''

# tests/data/xes/prefixed.xes.gz: gzipped, CRLF line ends, a namespace prefix (<xes:log xmlns:xes=...>), non-ASCII
# names, and a value holding a line break (written as a space: each row is one line), commas and quotes (&#10; and
# &quot; in the XML).
PREFIXED_ROWS = [
    {"case:concept:name": "Case Ä-1", "concept:name": "Évaluation", "time:timestamp": "2024-01-15T08:00:00.000+01:00",
     "org:role": "Bénévole", "comment": ""},
    {"case:concept:name": "Case Ä-1", "concept:name": "Visite à domicile",
     "time:timestamp": "2024-01-16T10:30:00.000+01:00", "org:role": "",
     "comment": 'line one line two, "quoted"'},
]


def crlf(text: str) -> str:
    """``text`` with CRLF line ends, as the converted CSV has them."""
    return text.replace("\n", "\r\n")


def read_text(path: Path) -> str:
    """A file's text, its line ends as they are."""
    with path.open(encoding="utf-8", newline="") as text:
        return text.read()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as text:
        return list(csv.DictReader(text))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_hand_made_log_gives_its_rows_in_file_order(tmp_path: Path) -> None:
    out = xes_to_csv(DATA / "hand_made.xes", tmp_path).csv
    assert out == tmp_path / "hand_made.csv"
    assert read_text(out) == crlf(HAND_MADE_ROWS)


def test_the_hand_made_log_aggregates_as_its_csv_twin_does(tmp_path: Path) -> None:
    from_xes = aggregate(xes_to_csv(DATA / "hand_made.xes", tmp_path).csv)
    from_csv = aggregate(DATA / "hand_made.csv")
    assert (from_xes.cases, from_xes.events) == (5, 16)
    assert attrs.evolve(from_xes, file="") == attrs.evolve(from_csv, file="")


def test_globals_typed_and_nested_attributes(tmp_path: Path) -> None:
    out = xes_to_csv(DATA / "typed_globals.xes", tmp_path).csv
    assert read_text(out) == crlf(TYPED_GLOBALS_ROWS)


def test_a_gzipped_log_with_a_namespace_prefix(tmp_path: Path) -> None:
    out = xes_to_csv(DATA / "prefixed.xes.gz", tmp_path).csv
    assert out.name == "prefixed.csv" and read_rows(out) == PREFIXED_ROWS
    plain = tmp_path / "plain" / "prefixed.xes"
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress((DATA / "prefixed.xes.gz").read_bytes()))
    assert xes_to_csv(plain, tmp_path / "plain").csv.read_bytes() == out.read_bytes()


def test_gzip_is_told_by_the_bytes_not_the_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "log.xes"
    misnamed.write_bytes(gzip.compress((DATA / "hand_made.xes").read_bytes()))
    plain_named_gz = tmp_path / "other.xes.gz"
    plain_named_gz.write_bytes((DATA / "hand_made.xes").read_bytes())
    assert read_text(xes_to_csv(misnamed, tmp_path / "a").csv) == crlf(HAND_MADE_ROWS)
    assert read_text(xes_to_csv(plain_named_gz, tmp_path / "b").csv) == crlf(HAND_MADE_ROWS)


def test_an_earlier_csv_is_replaced_and_nothing_else_is_left(tmp_path: Path) -> None:
    write(tmp_path / "hand_made.csv", "stale")
    xes_to_csv(DATA / "hand_made.xes", tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["hand_made.csv"]
    assert read_text(tmp_path / "hand_made.csv") == crlf(HAND_MADE_ROWS)


def test_progress_is_reported_in_bytes_of_the_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    xes_to_csv(DATA / "prefixed.xes.gz", tmp_path, on_progress=lambda done, total: seen.append((done, total)))
    size = (DATA / "prefixed.xes.gz").stat().st_size
    assert seen and seen[-1] == (size, size)


def test_an_interrupt_leaves_nothing_behind(tmp_path: Path) -> None:
    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        xes_to_csv(DATA / "hand_made.xes", tmp_path, on_progress=interrupt)
    assert list(tmp_path.iterdir()) == []


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'
TRACE = '<trace><string key="concept:name" value="c1"/>\n'
EVENT = ('<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/>'
         "</event>\n")


@pytest.mark.parametrize(("text", "line", "column", "message", "value"), [
    (HEAD + TRACE + EVENT + "<event><string key='concept:name' value='B'></event>\n", 5, 47,
     "not well-formed XML (mismatched tag)", "<event><string key='concept:name' value='B'></event>"),
    (HEAD + TRACE + EVENT, 5, 1, "the log ends before its elements are closed: the file was cut short", None),
    ('<?xml version="1.0"?>\n<events>\n</events>\n', 2, 1, "an XES log starts with <log>, this file with <events>",
     "events"),
    (HEAD + EVENT + "</log>", 3, 1, "an <event> outside any <trace>", "event"),
    (HEAD + '<trace>\n  <string key="ward" value="Elm"/>\n' + EVENT + "</trace></log>", 3, 1,
     "a trace without a case id (concept:name)", None),
    (HEAD + TRACE + '  <event><int key="visit" value="1"/></event>\n</trace></log>', 4, 3,
     "an event without an activity (concept:name)", None),
    (HEAD + TRACE + '<event>\n <string key="concept:name" value="A"/>\n <date key="time:timestamp" value="04/03/2024"/>'
     "</event></trace></log>", 6, 2, "cannot read the timestamp '04/03/2024'", "04/03/2024"),
    (HEAD + TRACE + '<event><string value="A"/></event></trace></log>', 4, 8, "a <string> attribute without a key",
     None),
    (HEAD + TRACE + '<event><string key="concept:name"/></event></trace></log>', 4, 8,
     "the <string> attribute 'concept:name' has no value", "concept:name"),
])
def test_a_bad_log_is_placed_at_its_line_and_column(tmp_path: Path, text: str, line: int, column: int, message: str,
                                                    value: str | None) -> None:
    path = write(tmp_path / "log.xes", text)
    with pytest.raises(InvalidLogError) as caught:
        xes_to_csv(path, tmp_path / "out")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (str(path), line, column, value)
    assert message in problem.message and problem.suggestion
    assert isinstance(caught.value, InvalidMapError)  # so the command line exits 2 with the message
    assert list((tmp_path / "out").iterdir()) == []  # no partial CSV, no temporary file


@pytest.mark.parametrize("timestamp", [
    "2024-03-04T09:00:00", "2024-03-04T09:00:00.000+01:00", "2024-03-04T09:00:00.123456789-05:00",
    "2024-03-04T09:00:00Z", "2024-03-04 09:00:00+0100", "2024-03-04T09:00", "2024-03-04", "  2024-03-04T09:00:00Z ",
    "",
])
def test_timestamps_the_engines_read_are_accepted_as_written(tmp_path: Path, timestamp: str) -> None:
    text = EVENT.replace("2024-01-01T09:00:00Z", timestamp)
    out = xes_to_csv(write(tmp_path / "log.xes", HEAD + TRACE + text + "</trace></log>"), tmp_path).csv
    assert read_rows(out)[0]["time:timestamp"] == timestamp


@pytest.mark.parametrize("timestamp", ["20240304T090000", "2024-02-30T09:00:00", "2024-W10-1", "2024-03-04T25:00",
                                       "yesterday", "1709542800"])
def test_timestamps_the_engines_cannot_read_are_errors(tmp_path: Path, timestamp: str) -> None:
    text = EVENT.replace("2024-01-01T09:00:00Z", timestamp)
    with pytest.raises(InvalidLogError, match=f"log.xes:4:.*cannot read the timestamp '{timestamp}'"):
        xes_to_csv(write(tmp_path / "log.xes", HEAD + TRACE + text + "</trace></log>"), tmp_path)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.xes", b"", "the event log is empty"),
    ("header.xes", (HEAD + TRACE + "</trace></log>").encode(), "the XES log has no events"),
    ("cut.xes.gz", gzip.compress((DATA / "hand_made.xes").read_bytes())[:-30], "the compressed log ends early"),
    ("damaged.xes.gz", gzip.compress(b"<log/>")[:-8] + b"\x00" * 8, "the compressed log is damaged"),
])
def test_bad_files_get_one_clear_message_and_leave_nothing(tmp_path: Path, name: str, content: bytes,
                                                           message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InvalidLogError, match=message) as caught:
        xes_to_csv(tmp_path / name, tmp_path / "out")
    assert caught.value.problems[0].file == str(tmp_path / name) and caught.value.problems[0].suggestion
    assert list((tmp_path / "out").iterdir()) == []


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidLogError, match="no such event log"):
        xes_to_csv(tmp_path / "absent.xes", tmp_path)


def test_a_traces_value_wins_over_its_events_for_the_same_column(tmp_path: Path) -> None:
    event = EVENT.replace("<event>", '<event><string key="case:concept:name" value="not c1"/>')
    out = xes_to_csv(write(tmp_path / "log.xes", HEAD + TRACE + event + "</trace></log>"), tmp_path).csv
    assert [row["case:concept:name"] for row in read_rows(out)] == ["c1"]


def test_memory_does_not_grow_with_the_log(tmp_path: Path) -> None:
    path = tmp_path / "big.xes"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for case in range(5_000):
            out.write(TRACE.replace("c1", f"case {case}") + EVENT * 12 + "</trace>\n")
        out.write("</log>\n")
    assert path.stat().st_size > 6 * 2**20
    tracemalloc.start()
    try:
        out_path = xes_to_csv(path, tmp_path / "out").csv
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(read_rows(out_path)) == 60_000
    assert peak < 3 * 2**20  # a chunk or two of 256 KiB, expat's copy, one trace's events: not the log


# The property: random logs written as XES by the small writer below read back to exactly their rows.

XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"))
                   | st.sampled_from("\t\n\r,;\"'<>&"), max_size=12)
TIMESTAMPS = st.datetimes(timezones=st.sampled_from([None])).map(lambda moment: moment.isoformat()) | st.just("")
EVENT_KEYS = st.sampled_from(["org:resource", "org:role", "lifecycle:transition", "cost", "note", "a b", "time"])
TRACE_KEYS = st.sampled_from(["ward", "org:role", "age", "concept:name"])
TYPES = st.sampled_from(["string", "int", "float", "boolean", "id"])
attribute = st.tuples(TYPES, EVENT_KEYS, XML_TEXT)
event = st.tuples(XML_TEXT, st.none() | TIMESTAMPS, st.lists(attribute, max_size=4))
trace = st.tuples(XML_TEXT, st.lists(st.tuples(TYPES, TRACE_KEYS, XML_TEXT), max_size=2), st.lists(event, max_size=5))
logs = st.lists(trace, min_size=1, max_size=6).filter(lambda traces: any(events for *_, events in traces))

Attribute = tuple[str, str, str]
Event = tuple[str, str | None, list[Attribute]]
Trace = tuple[str, list[Attribute], list[Event]]


def xes_text(traces: list[Trace]) -> str:
    """A log in XES, as pm4py writes one; an event's time (when it has one) follows its activity."""
    def element(kind: str, key: str, value: str, indent: str) -> str:
        return f"{indent}<{kind} key={quoteattr(key)} value={quoteattr(value)} />\n"

    lines = [HEAD]
    for name, attributes, events in traces:
        lines.append("\t<trace>\n" + element("string", "concept:name", name, "\t\t"))
        lines += [element(kind, key, value, "\t\t") for kind, key, value in attributes]
        for activity, timestamp, event_attributes in events:
            lines.append("\t\t<event>\n" + element("string", "concept:name", activity, "\t\t\t"))
            if timestamp is not None:
                lines.append(element("date", "time:timestamp", timestamp, "\t\t\t"))
            lines += [element(kind, key, value, "\t\t\t") for kind, key, value in event_attributes]
            lines.append("\t\t</event>\n")
        lines.append("\t</trace>\n")
    return "".join(lines) + "</log>\n"


def expected_rows(traces: list[Trace]) -> tuple[list[str], list[dict[str, str]]]:
    """The columns (standard ones first, the rest as first seen) and each event's values: the later of two values
    of one key in one element, a trace's over an event's in the same column."""
    seen: dict[str, None] = {}
    rows = []
    for name, attributes, events in traces:
        case = {f"case:{key}": _written(kind, value) for kind, key, value in [("string", "concept:name", name),
                                                                              *attributes]}
        for activity, timestamp, event_attributes in events:
            seen.update(dict.fromkeys(case))
            values = {"concept:name": one_line(activity)} | ({"time:timestamp": timestamp} if timestamp is not None
                                                             else {})
            values |= {key: _written(kind, value) for kind, key, value in event_attributes}
            seen.update(dict.fromkeys(values))
            rows.append(values | case)
    columns = [name for name in STANDARD_COLUMNS if name in seen] + [n for n in seen if n not in STANDARD_COLUMNS]
    return columns, [{column: row.get(column, "") for column in columns} for row in rows]


def _written(kind: str, value: str) -> str:
    """An attribute's value as the CSV holds it: a float's NaN (any case) is a missing value, written empty; a line
    break (CRLF, CR or LF) is a space."""
    return "" if kind == "float" and value.lower() == "nan" else one_line(value)


def one_line(text: str) -> str:
    """``text`` with each line break (CRLF, CR or LF) as a space, as the CSV writes it."""
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traces=logs, gzipped=st.booleans())
def test_random_logs_read_back_to_their_rows(tmp_path: Path, traces: list[Trace], gzipped: bool) -> None:
    data = xes_text(traces).encode("utf-8")
    path = tmp_path / "random.xes"
    path.write_bytes(gzip.compress(data) if gzipped else data)
    converted = xes_to_csv(path, tmp_path / "out")
    columns, rows = expected_rows(traces)
    with converted.csv.open(encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        assert next(reader) == columns
        assert [dict(zip(columns, row, strict=True)) for row in reader] == rows
    # Row N's event is the log's event N, placed at its <event> element.
    lines = data.decode("utf-8").split("\n")
    assert len(converted.places) == len(rows)
    for number in range(1, len(rows) + 1):
        line, column = converted.places.of(number)  # type: ignore[misc]
        assert lines[line - 1][column - 1:].startswith("<event>")
    assert [line for line, _ in map(converted.places.of, range(1, len(rows) + 1))] == [  # type: ignore[misc]
        number for number, text in enumerate(lines, 1) if text.strip() == "<event>"]


def test_the_property_writer_writes_what_pm4py_writes() -> None:
    # The writer's output for one event, against the lines pm4py's line-by-line exporter gives the same event.
    text = xes_text([("c1", [], [("A & B", "2024-03-04T09:00:00+00:00", [])])])
    assert io.StringIO(text).readlines()[2:8] == [
        "\t<trace>\n", '\t\t<string key="concept:name" value="c1" />\n', "\t\t<event>\n",
        '\t\t\t<string key="concept:name" value="A &amp; B" />\n',
        '\t\t\t<date key="time:timestamp" value="2024-03-04T09:00:00+00:00" />\n', "\t\t</event>\n"]


# pm4py as an oracle (a test dependency only: AGPL): what its exporter writes is read as its importer reads it.

def pm4py_rows(path: Path) -> list[dict[str, object]]:
    """The log as pm4py.read_xes gives it, a dict per event in the file's order; a missing value as '', as a CSV
    has it."""
    import pandas as pd
    import pm4py

    frame = pm4py.read_xes(str(path))
    return [{key: ("" if pd.isna(value) else value) for key, value in row.items()}
            for row in frame.to_dict("records")]


def as_pm4py_would(rows: list[dict[str, str]], timestamps: tuple[str, ...] = ("time:timestamp",),
                   numbers: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """Our rows with pm4py's types: timestamps as UTC instants (no offset: UTC), numbers as floats."""
    import pandas as pd

    def typed(column: str, value: str) -> object:
        if value == "":
            return ""
        if column in timestamps:
            return pd.Timestamp(value).tz_localize("UTC") if pd.Timestamp(value).tzinfo is None \
                else pd.Timestamp(value).tz_convert("UTC")
        return float(value) if column in numbers else value

    return [{column: typed(column, value) for column, value in row.items()} for row in rows]


def test_what_pm4py_writes_is_read_as_pm4py_reads_it(tmp_path: Path) -> None:
    import pandas as pd
    import pm4py

    frame = pd.DataFrame({
        "case:concept:name": ["c1", "c1", "NA", ""], "concept:name": ["Referral", "Visit & review", "Referral", "Call"],
        "time:timestamp": pd.to_datetime(["2024-03-04T09:00:00+01:00", "2024-03-04T10:00:00.5+01:00",
                                          "2024-03-04T08:00:00Z", "2024-03-05T08:00:00Z"], utc=True, format="ISO8601"),
        "org:role": ["GP", "Carer", None, "Volunteer"], "cost": [1.5, 2.0, 3.0, None],
        "case:ward": ["Elm", "Elm", "Oak", "Ash"]})
    path = tmp_path / "pm4py.xes"
    pm4py.write_xes(frame, str(path))
    ours = read_rows(xes_to_csv(path, tmp_path).csv)
    assert [row["org:role"] for row in ours] == ["GP", "Carer", "", "Volunteer"]  # pm4py wrote the missing role as NaN
    theirs = pm4py_rows(path)
    assert as_pm4py_would(ours, numbers=("cost",)) == [{column: row[column] for column in ours[0]} for row in theirs]


@pytest.mark.parametrize("name", ["hand_made.xes", "prefixed.xes.gz"])
def test_our_fixtures_are_read_as_pm4py_reads_them(tmp_path: Path, name: str) -> None:
    ours = read_rows(xes_to_csv(DATA / name, tmp_path).csv)
    theirs = pm4py_rows(DATA / name)
    assert as_pm4py_would(ours) == [{column: one_line(value) if isinstance(value := row.get(column, ""), str) else value
                                     for column in ours[0]} for row in theirs]


# What the aggregation finds wrong with the CSV an XES log was converted to is told at the event in the XES file.

def timed(activity: str, hour: int | None) -> str:
    """One event on four lines, its <event> at column 3: an activity and a time (empty when ``hour`` is None)."""
    moment = "" if hour is None else f"2024-01-01T{hour:02d}:00:00"
    return (f'  <event>\n    <string key="concept:name" value={quoteattr(activity)}/>\n'
            f'    <date key="time:timestamp" value="{moment}"/>\n  </event>\n')


def log_of(*traces: tuple[str, list[str]]) -> str:
    """An XES log of traces (case id, events): line 3 opens the first trace, each event takes four lines."""
    return HEAD + "".join(f"<trace><string key=\"concept:name\" value={quoteattr(case)}/>\n{''.join(events)}</trace>\n"
                          for case, events in traces) + "</log>\n"


def event_line(number: int, traces_before: int = 0) -> int:
    """The line of event ``number`` (1-based) in log_of's text, with ``traces_before`` traces closed before its own."""
    return 3 + 1 + 4 * (number - 1) + 2 * traces_before  # each later trace adds its opening and closing lines


@pytest.fixture(params=[False, True], ids=["plain", "gzipped"])
def gzipped(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


GOOD = [timed("A", 9), timed("B", 10)]


@pytest.mark.parametrize(("traces", "located"), [
    ([("c1", [*GOOD, timed("", 11)])], [(event_line(3), "event 3 has no activity")]),
    ([("c1", [*GOOD, timed("   ", 11)])], [(event_line(3), "event 3 has no activity")]),
    ([("c1", [timed(label, hour).replace("<date", f'<string key="label" value="{label}"/><date')
               for label, hour in (("A", 9), ("B", 10))]), ("c2", [timed("A", 9)])],
     [(event_line(3, 1), "event 3 has no activity")]),  # the activity read from "label", which event 3 lacks
    ([("c1", [timed("A", None), timed("B", None)])], [(event_line(1), "no event of the log has a timestamp")]),
])
def test_the_aggregation_s_problems_are_placed_at_the_event_in_the_xes_log(
        tmp_path: Path, traces: list[tuple[str, list[str]]], located: list[tuple[int, str]], gzipped: bool) -> None:
    text = log_of(*traces)
    path = tmp_path / ("log.xes.gz" if gzipped else "log.xes")
    path.write_bytes(gzip.compress(text.encode()) if gzipped else text.encode())
    with pytest.raises(InvalidLogError) as caught:
        discover(path, LogColumns(activity="label") if "label" in text else None)
    lines = text.splitlines()
    assert [(problem.file, problem.line, problem.column) for problem in caught.value.problems] == [
        (str(path), line, 3) for line, _ in located]
    for problem, (line, message) in zip(caught.value.problems, located):
        assert message in problem.message and lines[line - 1] == "  <event>"
    assert "row" not in str(caught.value) and "journeymap-discover" not in str(caught.value)


def test_problems_past_the_first_five_are_counted_as_events_of_the_xes_log(tmp_path: Path) -> None:
    path = write(tmp_path / "log.xes", log_of(("c1", [timed("", hour) for hour in range(1, 8)])))
    with pytest.raises(InvalidLogError) as caught:
        discover(path)
    *placed, counted = caught.value.problems
    assert [(problem.line, problem.message) for problem in placed] == [
        (event_line(number), f"event {number} has no activity") for number in range(1, 6)]
    assert (counted.file, counted.line, counted.column) == (str(path), None, None)
    assert counted.message == "and 2 more events with such a problem"


def test_a_missing_column_names_the_xes_log_without_a_line(tmp_path: Path) -> None:
    path = write(tmp_path / "log.xes", log_of(("c1", GOOD)))
    with pytest.raises(InvalidLogError) as caught:
        discover(path, LogColumns(stage="phase"))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), None, None)  # the CSV's header is no line
    assert "no stage column 'phase'" in problem.message


def test_skipped_events_are_named_by_their_number_and_line_in_the_notes(tmp_path: Path) -> None:
    path = write(tmp_path / "log.xes", log_of(("c1", [timed("A", 9), timed("B", None), timed("C", 10)]),
                                              ("c2", [timed("A", 9), timed("B", None)])))
    found = discover_log(path, threshold=1)
    assert found.summary.file == str(path) and found.places is not None  # not the CSV, removed by now
    assert found.journey.evidence is not None
    assert (f"2 events have no timestamp and were left out (event 2 at line {event_line(2)}, "
            f"event 5 at line {event_line(5, 1)}).") in found.journey.evidence.notes


# Only the columns discover may read are written; a line break in a value is written as a space.

READ = ("case:concept:name", "concept:name", "time:timestamp", "org:role", "org:resource")


def test_only_the_columns_asked_for_are_written_and_every_column_is_listed(tmp_path: Path) -> None:
    converted = xes_to_csv(DATA / "typed_globals.xes", tmp_path, columns=(*READ, "channel", "absent"))
    every_row = list(csv.DictReader(io.StringIO(TYPED_GLOBALS_ROWS)))
    assert read_rows(converted.csv) == [
        {column: row[column] for column in ("case:concept:name", "concept:name", "time:timestamp", "org:resource",
                                            "org:role", "channel")} for row in every_row]
    assert converted.columns == tuple(TYPED_GLOBALS_ROWS.splitlines()[0].split(","))


def test_a_new_key_in_each_trace_does_not_widen_the_csv(tmp_path: Path) -> None:
    traces = [TRACE.replace("c1", f"c{case}") + EVENT.replace("</event>", f'<string key="note_{case}" value="v"/>'
                                                                           "</event>") for case in range(2_000)]
    path = write(tmp_path / "log.xes", HEAD + "</trace>\n".join(traces) + "</trace></log>\n")
    converted = xes_to_csv(path, tmp_path / "out", columns=READ)
    assert converted.csv.stat().st_size < 100_000  # 40 bytes a row; every note a column: 8 MB
    assert len(converted.columns) == 3 + 2_000 and converted.columns[3:5] == ("note_0", "note_1")


def test_a_huge_value_discover_does_not_read_is_left_out(tmp_path: Path) -> None:
    free_text = '<string key="note" value="' + "x" * 2_100_000 + '"/>'  # past DuckDB's longest line, 2,000,000 bytes
    traces = [(f"c{case}", [timed("A", 9).replace("</event>", free_text + "</event>"), timed("B", 10)])
              for case in range(5)]
    journey = discover(write(tmp_path / "log.xes", log_of(*traces)))
    assert [touchpoint.name for stage in journey.stages for touchpoint in stage.touchpoints] == ["A", "B"]


def test_a_huge_value_discover_reads_is_refused_at_its_event(tmp_path: Path) -> None:
    huge = timed("A", 9).replace('value="A"', 'value="' + "A" * 2_100_000 + '"')
    path = write(tmp_path / "log.xes", log_of(("c1", [huge, timed("B", 10)])))
    with pytest.raises(InvalidLogError) as caught:
        discover(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.line is not None
    assert "cannot read this event of the event log" in problem.message
    assert "it is longer than an event may be, 2,000,000 bytes" in problem.message


def test_a_column_named_that_the_log_lacks_lists_every_column_of_the_log(tmp_path: Path) -> None:
    noted = timed("A", 9).replace("</event>", '<string key="note" value="v"/><int key="visit" value="1"/></event>')
    path = write(tmp_path / "log.xes", log_of(("c1", [noted, timed("B", 10)])))
    with pytest.raises(InvalidLogError) as caught:
        discover(path, LogColumns(stage="notes"))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.value) == (str(path), None, "notes")
    assert problem.message == ("the event log has no stage column 'notes' (its columns: 'case:concept:name', "
                               "'concept:name', 'time:timestamp', 'note', 'visit')")
    assert problem.suggestion == "did you mean 'note'?"


def test_a_line_break_in_a_value_is_written_as_a_space(tmp_path: Path) -> None:
    events = [timed(name, hour) for name, hour in (("A\nB", 9), ("C\r\nD", 10), ("E\rF", 11))]
    path = write(tmp_path / "log.xes", log_of(("case\n1", events)))
    out = xes_to_csv(path, tmp_path / "out", columns=READ).csv
    assert read_text(out).split("\r\n") == ["case:concept:name,concept:name,time:timestamp",
                                            "case 1,A B,2024-01-01T09:00:00", "case 1,C D,2024-01-01T10:00:00",
                                            "case 1,E F,2024-01-01T11:00:00", ""]


def test_a_small_gzipped_log_cut_short_is_placed_at_the_line_it_ends_on(tmp_path: Path) -> None:
    cut = gzip.compress((DATA / "hand_made.xes").read_bytes())[:-30]
    kept = zlib.decompressobj(wbits=31).decompress(cut)  # what the cut file still holds
    path = tmp_path / "cut.xes.gz"
    path.write_bytes(cut)
    with pytest.raises(InvalidLogError, match="the compressed log ends early") as caught:
        xes_to_csv(path, tmp_path / "out")
    assert kept.count(b"\n") > 10 and caught.value.problems[0].line == kept.count(b"\n") + 1


def _lifecycle_log(transitions: tuple[str | None, ...]) -> str:
    """Six cases, each Visit then Letter, every event written once for each of ``transitions`` (None: without one)."""
    traces = []
    for case in range(6):
        events = [f'<event><string key="concept:name" value="{activity}"/>'
                  + ("" if transition is None else f'<string key="lifecycle:transition" value="{transition}"/>')
                  + f'<date key="time:timestamp" value="2024-03-0{case + 1}T{hour}:{minute:02d}:00Z"/></event>'
                  for hour, activity in (("09", "Visit"), ("11", "Letter"))
                  for minute, transition in enumerate(transitions)]
        traces.append(f'<trace><string key="concept:name" value="c{case}"/>{"".join(events)}</trace>')
    return HEAD + "\n".join(traces) + "\n</log>\n"


@pytest.mark.parametrize(("transitions", "noted"), [
    (("start", "complete"), "lifecycle:transition: complete 12, start 12"),
    (("Start", "COMPLETE", None), "lifecycle:transition: none 12, complete 12, start 12"),
    (("complete",), None),
    ((None,), None),
])
def test_an_activitys_start_beside_its_completion_is_noted(tmp_path: Path, transitions: tuple[str | None, ...],
                                                          noted: str | None) -> None:
    found = discover_log(write(tmp_path / "log.xes", _lifecycle_log(transitions)), threshold=1)
    assert found.journey.evidence is not None
    notes = [note for note in found.journey.evidence.notes if "lifecycle" in note]
    assert notes == ([] if noted is None else [
        f"The log records stages of an activity's life as events of their own ({noted}): an activity's events and "
        "the steps between them count each, as pm4py counts them; keep only the completions to count each activity "
        "once."])
    visits = next(touchpoint for touchpoint in found.journey.touchpoints if touchpoint.name == "Visit")
    assert visits.events == 6 * len(transitions)  # counted as pm4py counts them
