"""The directly-follows aggregation on DuckDB: a hand-made log whose every number is worked out below, the same log as
Parquet, bad logs, and a property test against a direct computation in Python."""

from __future__ import annotations

import csv
import datetime
import gzip
import math
import statistics
from collections import defaultdict
from pathlib import Path

import attrs
import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.discover.aggregate import aggregate
from journeymap.discover.summary import ActivityCount, EndpointCount, LogColumns, PairStats
from journeymap.discover.errors import InvalidLogError
from journeymap.errors import InvalidMapError

HEADER = "case:concept:name,concept:name,time:timestamp\n"
# Five cases, their rows interleaved as a real export's would be. The case ids include NA and the empty string
# (written bare on line 5 and quoted on line 10: the same case), which are ids, not missing values.
#   c1: A 09:00, B 10:00, D 12:00 (written 13:00 at +01:00)         A->B 1h, B->D 2h
#   c2: A 09:00, B 11:00, A 12:00, B 13:00, D 17:00 (a loop)       A->B 2h, B->A 1h, A->B 1h, B->D 4h
#   NA: A 08:00 (Z), C 08:30, B 08:30, D 10:30                      A->C 0.5h, C->B 0h, B->D 2h
#       C and B tie: C comes first in the file, so C->B (alphabetical order would give A->B, B->C, C->D)
#   '': A 09:00, D 09:45                                            A->D 0.75h
#   c5: B 10:00, D 13:00, written D before B in the file             B->D 3h
HAND_MADE = HEADER + """\
c1,A,2024-03-04 09:00:00
c2,A,2024-03-04 09:00:00
NA,A,2024-03-04T08:00:00Z
,A,2024-03-04 09:00:00
NA,C,2024-03-04 08:30:00
NA,B,2024-03-04 08:30
c1,B,2024-03-04 10:00:00
c5,D,2024-03-04 13:00:00
"",D,2024-03-04 09:45:00
c2,B,2024-03-04 11:00:00
c2,A,2024-03-04 12:00:00
c1,D,2024-03-04T13:00:00+01:00
c2,B,2024-03-04 13:00:00
NA,D,2024-03-04 10:30:00
c5,B,2024-03-04 10:00:00
c2,D,2024-03-04 17:00:00
"""

# 5 cases, 16 events (3 + 5 + 4 + 2 + 2).
# A: c1, c2 (twice), NA, ''  -> 4 cases, 5 events.   B: c1, c2 (twice), NA, c5 -> 4 cases, 5 events.
# D: every case once -> 5 cases, 5 events.           C: NA -> 1 case, 1 event.
# Sorted by cases, then events (descending), then name: D, A, B, C.
# Places in their cases (1 for the first):  c1: A1 B2 D3;  c2: A1 B2 A3 B4 D5;  NA: A1 C2 B3 D4;  '': A1 D2;  c5: B1 D2.
# Position sums: A 1 + (1+3) + 1 + 1 = 7;  B 2 + (2+4) + 3 + 1 = 12;  C 2;  D 3 + 5 + 4 + 2 + 2 = 16
# (together 37 = 6 + 15 + 10 + 3 + 3, the sums of 1..n over the five cases).
EXPECTED_ACTIVITIES = (
    ActivityCount(activity="D", cases=5, events=5, position_sum=16),
    ActivityCount(activity="A", cases=4, events=5, position_sum=7),
    ActivityCount(activity="B", cases=4, events=5, position_sum=12),
    ActivityCount(activity="C", cases=1, events=1, position_sum=2),
)
# B->D: c1 2h, c2 4h, NA 2h, c5 3h; sorted [2, 2, 3, 4]: median at (4-1)*0.5 = 1.5 -> 2 + 0.5*(3-2) = 2.5;
#       p90 at (4-1)*0.9 = 2.7 -> 3 + 0.7*(4-3) = 3.7.
# A->B: c1 1h, c2 2h and 1h (2 cases, 3 occurrences); sorted [1, 1, 2]: median 1; p90 at 1.8 -> 1 + 0.8*1 = 1.8.
# Then one case, one occurrence each, by source and target: A->C 0.5h, A->D 0.75h, B->A 1h, C->B 0h.
EXPECTED_PAIRS = (
    PairStats(source="B", target="D", cases=4, occurrences=4, median_hours=2.5, p90_hours=3.7),
    PairStats(source="A", target="B", cases=2, occurrences=3, median_hours=1.0, p90_hours=1.8),
    PairStats(source="A", target="C", cases=1, occurrences=1, median_hours=0.5, p90_hours=0.5),
    PairStats(source="A", target="D", cases=1, occurrences=1, median_hours=0.75, p90_hours=0.75),
    PairStats(source="B", target="A", cases=1, occurrences=1, median_hours=1.0, p90_hours=1.0),
    PairStats(source="C", target="B", cases=1, occurrences=1, median_hours=0.0, p90_hours=0.0),
)
# Starts: A in c1, c2, NA, '' (4); B in c5 (1). Ends: D in all 5.
EXPECTED_STARTS = (EndpointCount(activity="A", cases=4), EndpointCount(activity="B", cases=1))
EXPECTED_ENDS = (EndpointCount(activity="D", cases=5),)
UTC = datetime.UTC


def write(path: Path, text: str) -> Path:
    """``text`` written to ``path`` (UTF-8), and the path."""
    path.write_text(text, encoding="utf-8")
    return path


def to_parquet(csv_path: Path, parquet_path: Path, timestamp_type: str = "VARCHAR") -> Path:
    """A Parquet copy of a CSV log, its rows in the same order, the timestamp column cast to ``timestamp_type``."""
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        f"""COPY (SELECT "case:concept:name", "concept:name",
                         CAST("time:timestamp" AS {timestamp_type}) AS "time:timestamp"
                  FROM read_csv($path, all_varchar = true, header = true, nullstr = '\x01'))
            TO '{parquet_path}' (FORMAT parquet)""", {"path": str(csv_path)})
    connection.close()
    return parquet_path


def check_hand_made(summary_path: Path) -> None:
    summary = aggregate(summary_path)
    assert (summary.cases, summary.events) == (5, 16)
    assert summary.first == datetime.datetime(2024, 3, 4, 8, 0, tzinfo=UTC)  # NA's A, written with Z
    assert summary.last == datetime.datetime(2024, 3, 4, 17, 0, tzinfo=UTC)  # c2's D
    assert summary.activities == EXPECTED_ACTIVITIES
    assert summary.pairs == EXPECTED_PAIRS
    assert summary.starts == EXPECTED_STARTS
    assert summary.ends == EXPECTED_ENDS


def test_hand_made_log_gives_every_number_worked_out_by_hand(tmp_path: Path) -> None:
    check_hand_made(write(tmp_path / "log.csv", HAND_MADE))


def test_numbers_are_plain_python_ints_and_floats(tmp_path: Path) -> None:
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE))
    assert type(summary.cases) is int and type(summary.activities[0].events) is int
    assert type(summary.pairs[0].occurrences) is int and type(summary.pairs[0].median_hours) is float


def test_parquet_copy_gives_identical_results(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    parquet_path = to_parquet(csv_path, tmp_path / "log.parquet")
    check_hand_made(parquet_path)
    assert attrs.evolve(aggregate(parquet_path), file="") == attrs.evolve(aggregate(csv_path), file="")


def test_parquet_with_typed_timestamps_gives_identical_results(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    check_hand_made(to_parquet(csv_path, tmp_path / "typed.parquet", "TIMESTAMPTZ"))


def test_other_column_names_are_given(tmp_path: Path) -> None:
    renamed = HAND_MADE.replace(HEADER, "patient;step;when\n").replace(",", ";")
    summary = aggregate(write(tmp_path / "log.csv", renamed), LogColumns(case="patient", activity="step",
                                                                          timestamp="when"))
    assert summary.pairs == EXPECTED_PAIRS and summary.activities == EXPECTED_ACTIVITIES


def test_an_unparseable_timestamp_is_placed_at_its_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c1,B,2024-03-04 10:00:00", "c1,B,04/03/2024 10h"))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (str(path), 8, 3, "04/03/2024 10h")
    assert "row 7" in problem.message and "ISO 8601" in (problem.suggestion or "")
    assert isinstance(caught.value, InvalidMapError)  # so the command line exits 2 with the message


def test_an_empty_timestamp_skips_its_event_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c5,B,2024-03-04 10:00:00", "c5,B,  "))
    summary = aggregate(path)
    assert summary.quality is not None
    assert (summary.quality.skipped_events, summary.quality.skipped_rows) == (1, (15,))
    assert (summary.events, summary.quality.events_read) == (15, 16)


def test_a_log_without_any_timestamp_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", HEADER + "c1,A,\nc1,B, \n")
    with pytest.raises(InvalidLogError, match=r"log.csv:2:3: no event of the log has a timestamp"):
        aggregate(path)


def test_many_bad_rows_are_reported_first_few_then_counted(tmp_path: Path) -> None:
    rows = "".join(f"c{i},A,never\n" for i in range(8))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(write(tmp_path / "log.csv", HEADER + rows))
    problems = caught.value.problems
    assert [p.line for p in problems[:5]] == [2, 3, 4, 5, 6]
    assert problems[5].message == "and 3 more rows with such a problem"


def test_a_missing_column_names_the_columns_there_and_suggests_one(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "case,activity,time\nc1,A,2024-01-01\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, LogColumns(case="case", activity="activty", timestamp="time"))
    (problem,) = caught.value.problems
    assert "no activity column 'activty'" in problem.message and "'case', 'activity', 'time'" in problem.message
    assert problem.suggestion == "did you mean 'activity'?"


def test_default_names_missing_suggest_the_option(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "id,activity,time\nc1,A,2024-01-01\n")
    with pytest.raises(InvalidLogError, match="no case column 'case:concept:name'.*--case"):
        aggregate(path)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("empty.csv", "", "the event log is empty"),
    ("header.csv", HEADER, "the event log has no events"),
    ("log.xlsx", "x", "cannot tell what kind of event log 'log.xlsx' is"),
])
def test_bad_logs_get_one_clear_message(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(InvalidLogError, match=message):
        aggregate(write(tmp_path / name, text))


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidLogError, match="no such event log"):
        aggregate(tmp_path / "absent.csv")


def test_a_parquet_event_without_a_case_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    connection = duckdb.connect()
    connection.execute(f"""COPY (SELECT * FROM (VALUES ('c1', 'A', '2024-01-01'), (NULL, 'B', '2024-01-02'))
                                  t("case:concept:name", "concept:name", "time:timestamp"))
                           TO '{path}' (FORMAT parquet)""")
    connection.close()
    with pytest.raises(InvalidLogError, match="row 2 has no case id"):
        aggregate(path)


@pytest.mark.parametrize(("row", "reason"), [
    ("c2,B,2024-01-02,extra", "it has 4 values, the header names 3 columns"),
    ('c2,"B,2024-01-02', "value with unterminated quote found"),
])
def test_a_malformed_row_is_placed_at_its_line(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path / "log.csv", HEADER + "c1,A,2024-01-01\n" + row + "\nc3,A,2024-01-03\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.value) == (3, row) and reason in problem.message


def test_the_dialect_is_not_guessed_from_the_data(tmp_path: Path) -> None:
    # A case id starting with '#' is no comment, and a byte-order mark is no part of the first column's name.
    path = write(tmp_path / "log.csv", "\ufeff" + HEADER + "#1,A,2024-01-01\n#1,B,2024-01-01 02:00\n")
    summary = aggregate(path)
    assert summary.events == 2 and summary.pairs[0] == PairStats(source="A", target="B", cases=1, occurrences=1,
                                                                 median_hours=2.0, p90_hours=2.0)


def test_a_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(HAND_MADE.encode()))
    check_hand_made(path)


# The property test: random logs against a direct computation.

def linear_quantile(values: list[float], q: float) -> float:
    """The q-quantile with linear interpolation between the two nearest ranks, as numpy's default computes it."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def test_linear_quantile_agrees_with_statistics_inclusive_method() -> None:
    data = [7.0, 1.0, 4.0, 4.0, 10.0, 2.5]
    deciles = statistics.quantiles(data, n=10, method="inclusive")
    assert linear_quantile(data, 0.9) == pytest.approx(deciles[8])
    assert linear_quantile(data, 0.5) == pytest.approx(statistics.median(data))


BASE = datetime.datetime(2024, 1, 1, tzinfo=UTC)
case_ids = st.sampled_from(["NA", "null", "", "c1", "c2", "none", "N/A"])
events = st.tuples(case_ids, st.sampled_from(["A", "B", "C", "Visit home"]), st.integers(0, 30))
logs = st.lists(events, min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=logs)
def test_aggregation_agrees_with_a_direct_computation(tmp_path: Path, rows: list[tuple[str, str, int]]) -> None:
    path = tmp_path / "random.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case:concept:name", "concept:name", "time:timestamp"])
        for case, activity, minutes in rows:
            writer.writerow([case, activity, (BASE + datetime.timedelta(minutes=minutes * 20)).isoformat(" ")])
    summary = aggregate(path)

    traces: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for case, activity, minutes in rows:
        traces[case].append((minutes * 20, activity))
    for trace in traces.values():
        trace.sort(key=lambda event: event[0])  # stable: ties stay in file order
    gaps: dict[tuple[str, str], list[float]] = defaultdict(list)
    pair_cases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case, trace in traces.items():
        for (start, source), (end, target) in zip(trace, trace[1:]):
            gaps[source, target].append((end - start) / 60)
            pair_cases[source, target].add(case)

    assert summary.cases == len(traces) and summary.events == len(rows)
    assert summary.first == BASE + datetime.timedelta(minutes=20 * min(m for *_, m in rows))
    assert summary.last == BASE + datetime.timedelta(minutes=20 * max(m for *_, m in rows))
    assert {a.activity: (a.cases, a.events) for a in summary.activities} == {
        name: (len({c for c, a, _ in rows if a == name}), sum(a == name for _, a, _ in rows))
        for name in {a for _, a, _ in rows}}
    assert {(p.source, p.target): (p.cases, p.occurrences) for p in summary.pairs} == {
        pair: (len(pair_cases[pair]), len(values)) for pair, values in gaps.items()}
    for pair in summary.pairs:
        values = gaps[pair.source, pair.target]
        assert pair.median_hours == pytest.approx(linear_quantile(values, 0.5), abs=2e-6)
        assert pair.p90_hours == pytest.approx(linear_quantile(values, 0.9), abs=2e-6)
    starts: dict[str, int] = defaultdict(int)
    ends: dict[str, int] = defaultdict(int)
    for trace in traces.values():
        starts[trace[0][1]] += 1
        ends[trace[-1][1]] += 1
    assert {s.activity: s.cases for s in summary.starts} == starts
    assert {e.activity: e.cases for e in summary.ends} == ends
    assert list(summary.activities) == sorted(summary.activities, key=lambda a: (-a.cases, -a.events, a.activity))
    assert list(summary.pairs) == sorted(summary.pairs, key=lambda p: (-p.cases, -p.occurrences, p.source, p.target))
    for endpoints in (summary.starts, summary.ends):
        assert list(endpoints) == sorted(endpoints, key=lambda e: (-e.cases, e.activity))
