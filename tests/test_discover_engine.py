"""What both engines share before any SQL runs: the role column's default (org:role, else org:resource, whose values
are resources, never written) decided in resolve_columns alone, for the command line and library alike."""

from __future__ import annotations

import csv
import gzip
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.discover import engine
from journeymap.discover.aggregate import aggregate
from journeymap.discover.engine import local_path, log_kind, log_name, parquet_parts, resolve_columns
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.roles import RoleGroups
from journeymap.discover.run import discover_log
from journeymap.discover.summary import LogColumns
from journeymap.errors import UsageError

REQUIRED = ("case:concept:name", "concept:name", "time:timestamp")


@pytest.mark.parametrize(("extra", "named", "role", "resources"), [
    (("org:role", "org:resource"), None, "org:role", False),  # a role beats a resource
    (("org:resource", "org:role"), None, "org:role", False),  # whatever the order of the columns
    (("org:resource",), None, "org:resource", True),  # a resource only: people, never written
    (("lifecycle:transition",), None, None, False),  # neither: no role column
    (("org:role", "org:resource"), "org:resource", "org:resource", True),  # named: as named
    (("Assigned Resource",), "Assigned Resource", "Assigned Resource", True),  # named, ending in "resource"
    (("who",), "who", "who", False),
])
def test_the_role_column_is_defaulted_in_one_place(extra: tuple[str, ...], named: str | None, role: str | None,
                                                   resources: bool) -> None:
    resolved = resolve_columns((*REQUIRED, *extra), LogColumns(role=named), "log.csv", "csv", resource_fallback=True)
    assert (resolved.columns.role, resolved.resources) == (role, resources)
    assert resolved.positions.get("role") == (None if role is None else len(REQUIRED) + extra.index(role) + 1)


def test_without_the_fallback_a_resource_column_is_never_the_default() -> None:
    resolved = resolve_columns((*REQUIRED, "org:resource"), LogColumns(), "log.csv", "csv")
    assert (resolved.columns.role, resolved.resources, "role" in resolved.positions) == (None, False, False)


def test_a_role_column_named_but_missing_is_an_error_suggesting_the_nearest() -> None:
    with pytest.raises(InvalidLogError) as caught:
        resolve_columns((*REQUIRED, "org:role"), LogColumns(role="org:rol"), "log.csv", "csv")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("log.csv", 1)
    assert "no role column 'org:rol'" in problem.message and problem.suggestion == "did you mean 'org:role'?"


def test_discover_groups_a_resource_column_as_staff_and_a_bare_aggregate_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case:concept:name,concept:name,time:timestamp,org:resource\n" + "".join(
        f"c{case},Visit,2024-05-01 10:00,Dr Ann Wright\nc{case},Help,2024-05-02 10:00,carer\n" for case in range(5)),
        encoding="utf-8")
    found = discover_log(path)
    assert [group.group for group in found.summary.groups] == ["Carers", "Staff"]  # through resolve_columns
    assert aggregate(path, role_group=RoleGroups()).groups == ()  # it cannot know the column holds people


def test_a_folder_of_parquet_files_is_a_parquet_log_read_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    for name in ("part-2.parquet", "part-10.pq", "part-1.parquet", "_SUCCESS", ".part-1.parquet.crc", "notes.txt"):
        (folder / name).write_bytes(b"")
    assert log_kind(str(folder)) == "parquet"
    assert [Path(part).name for part in parquet_parts(str(folder))] == ["part-1.parquet", "part-10.pq",
                                                                       "part-2.parquet"]
    assert parquet_parts(str(tmp_path / "log.parquet")) == (str(tmp_path / "log.parquet"),)  # a file: itself


@pytest.mark.parametrize(("url", "kind"), [("s3a://bucket/events", "parquet"), ("hdfs:///logs/events/", "parquet"),
                                           ("s3a://bucket/log.csv.gz", "csv"), ("s3a://bucket/log.PARQUET", "parquet")])
def test_a_url_is_told_by_its_suffix_and_one_without_is_a_parquet_folder(url: str, kind: str) -> None:
    assert log_kind(url) == kind


@pytest.mark.parametrize(("given", "local"), [
    ("logs/log.csv", "logs/log.csv"), ("file:///tmp/a%20b/log.csv", "/tmp/a b/log.csv"),
    ("s3a://bucket/log.csv", None), ("hdfs:///logs/events/", None),
])
def test_a_log_on_this_machine_is_a_path_or_a_file_url(given: str, local: str | None) -> None:
    assert local_path(given) == local


def test_a_file_url_is_looked_for_as_its_path_is(tmp_path: Path) -> None:
    folder = tmp_path / "log folder"
    folder.mkdir()
    (folder / "part-1.parquet").write_bytes(b"")
    events = tmp_path / "events.csv"
    events.write_text("case,activity,time\n", encoding="utf-8")
    assert (log_kind(folder.as_uri()), log_kind(events.as_uri())) == ("parquet", "csv")
    with pytest.raises(InvalidLogError, match="no such event log"):
        log_kind((tmp_path / "missing.csv").as_uri())


def test_a_url_with_another_suffix_is_refused() -> None:
    with pytest.raises(InvalidLogError, match="cannot tell what kind of event log 'log.xlsx' is"):
        log_kind("s3a://bucket/log.xlsx")


@pytest.mark.parametrize(("inside", "message"), [
    ((), "the folder holds no Parquet file"),
    (("log.csv", "_SUCCESS"), "the folder holds no Parquet file"),
    (("part-1.parquet", "year=2024/"), "the folder holds folders ('year=2024'): discover reads the Parquet files"),
])
def test_a_folder_without_parquet_files_or_with_folders_is_refused(tmp_path: Path, inside: tuple[str, ...],
                                                                   message: str) -> None:
    for name in inside:
        (tmp_path / name).mkdir() if name.endswith("/") else (tmp_path / name).write_bytes(b"")
    with pytest.raises(InvalidLogError) as caught:
        log_kind(str(tmp_path))
    (problem,) = caught.value.problems
    assert problem.message.startswith(message) and problem.file == str(tmp_path)


@pytest.mark.parametrize(("given", "name"), [
    ("logs/referrals.csv", "referrals.csv"), (".", "events"), ("./", "events"), ("../events/", "events"),
    ("s3a://bucket/events/", "events"), ("hdfs:///logs/log.csv.gz", "log.csv.gz"),
])
def test_a_log_goes_by_its_files_or_folders_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str,
                                                 name: str) -> None:
    (tmp_path / "events").mkdir()
    monkeypatch.chdir(tmp_path / "events")
    assert log_name(given) == name


# Values a CSV export holds, quotes and line breaks among them; and what may stand between two records.
_VALUES = st.text(alphabet='ab ,"\n', max_size=6)  # a bare CR at a line's end would read as its ending
_BETWEEN = st.sampled_from(["", "\n", "\r\n", "\n\n"])


@given(records=st.lists(st.tuples(st.lists(_VALUES, min_size=1, max_size=3), _BETWEEN), min_size=1, max_size=12),
       ending=st.sampled_from(["\n", "\r\n"]), block=st.sampled_from([3, 16, 2 ** 20]))
@settings(max_examples=200, deadline=None)
def test_csv_lines_finds_where_each_record_starts(records: list[tuple[list[str], str]], ending: str,
                                                   block: int) -> None:
    # Written as Python's csv module writes them, each record's first line counted as it is written; blank lines
    # between records are records only when DuckDB's error lines are asked for. Small blocks split lines and quotes.
    text, lines_with_blanks, lines_without = io.StringIO(), {}, {}
    writer = csv.writer(text, lineterminator=ending)
    line, with_blanks, without = 1, 0, 0
    for values, between in records:
        with_blanks, without = with_blanks + 1, without + 1
        lines_with_blanks[with_blanks] = lines_without[without] = line
        before = text.tell()
        writer.writerow(values)
        text.write(between)
        written = text.getvalue()[before:]
        line += written.count("\n")
        for _ in range(between.count("\n")):
            with_blanks += 1
            lines_with_blanks[with_blanks] = line - between.count("\n") + _
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_bytes(text.getvalue().encode())
        with mock.patch.object(engine, "_BLOCK", block):
            assert engine.csv_lines(str(path), lines_without) == lines_without
            assert engine.csv_lines(str(path), lines_with_blanks, blank_lines=True) == lines_with_blanks
            assert engine.csv_lines(str(path), [len(lines_without) + 1]) == {}  # past the end


def test_csv_lines_reads_through_gzip(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(b'h1,h2\n\na,"b\nc"\nd,e\n'))
    assert engine.csv_lines(str(path), [1, 2, 3]) == {1: 1, 2: 3, 3: 5}


def test_log_columns_come_from_the_discover_package_which_loads_no_engine_until_asked() -> None:
    code = ("import sys, journeymap.discover as d; d.LogColumns(case='patient'); "
            "assert 'duckdb' not in sys.modules and 'journeymap.discover.run' not in sys.modules; d.discover")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_columns_may_be_given_as_a_mapping_and_a_wrong_one_says_so(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("patient,step,when\nc1,A,2024-01-01\nc1,B,2024-01-02\n", encoding="utf-8")
    journey = discover_log(path, {"case": "patient", "activity": "step", "timestamp": "when"}, threshold=1).journey
    assert [t.name for t in journey.touchpoints] == ["A", "B"]
    for columns, said in (({"cases": "patient"}, "unknown column role 'cases' in columns: did you mean 'case'?"),
                          (["patient"], "columns must be LogColumns or a mapping"),
                          ({"case": None}, "columns must name the case column, not None")):
        with pytest.raises(UsageError, match=re.escape(said)):
            discover_log(path, columns)  # type: ignore[arg-type]


def test_a_missing_column_lists_the_first_forty_of_a_log_with_thousands() -> None:
    found = (*REQUIRED, *(f"note_{index}" for index in range(2_000)))
    with pytest.raises(InvalidLogError) as caught:
        resolve_columns(found, LogColumns(stage="note_x"), "log.xes", "xes")
    (problem,) = caught.value.problems
    assert problem.message.endswith("'note_36' and 1,963 more)") and len(problem.message) < 1_000


@pytest.mark.parametrize("signal", [KeyboardInterrupt(), RuntimeError("Query interrupted")], ids=["python", "duckdb"])
def test_ctrl_c_while_the_engine_starts_is_an_interrupt_and_leaves_no_spill_folder(
        tmp_path: Path, signal: BaseException) -> None:
    from journeymap.discover import duckdb_engine

    made: list[str] = []
    real = tempfile.mkdtemp

    def mkdtemp(**options: str) -> str:
        made.append(real(dir=tmp_path, **options))
        return made[-1]

    def configure(self: duckdb_engine.DuckDBEngine, memory_limit: str | None) -> None:
        self._spill = tempfile.mkdtemp(prefix="journeymap-duckdb-")
        raise signal  # as a signal among the settings' statements would

    with mock.patch.object(duckdb_engine.tempfile, "mkdtemp", mkdtemp), \
            mock.patch.object(duckdb_engine.DuckDBEngine, "_configure", configure), \
            pytest.raises(KeyboardInterrupt):
        duckdb_engine.DuckDBEngine(memory_limit="1GB")
    assert made and not any(Path(folder).exists() for folder in made)


def test_a_setting_that_fails_for_another_reason_is_not_taken_for_ctrl_c() -> None:
    from journeymap.discover import duckdb_engine

    with mock.patch.object(duckdb_engine.DuckDBEngine, "_configure", side_effect=RuntimeError("no such setting")), \
            pytest.raises(RuntimeError, match="no such setting"):
        duckdb_engine.DuckDBEngine()


@pytest.mark.parametrize(("ending", "last"), [("\r\n", "\r\n"), ("\n", "\r\n")], ids=["windows", "mixed"])
def test_a_row_of_too_many_values_is_told_as_written_at_its_line_whatever_the_line_endings(
        tmp_path: Path, ending: str, last: str) -> None:
    # Windows line endings had lost the row from DuckDB's message; a last line ending otherwise lost its line too.
    rows = ["case:concept:name,concept:name,time:timestamp",
            *(f"c{n},A,2025-01-01 0{n % 10}:00" for n in range(99)), "c7,B,2025-01-02 10:00,extra"]
    path = tmp_path / "log.csv"
    path.write_bytes((ending.join(rows[:-1]) + ending + rows[-1] + last).encode("utf-8"))
    with pytest.raises(InvalidLogError) as raised:
        discover_log(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (str(path), 101)
    assert "'c7,B,2025-01-02 10:00,extra': it has 4 values, the header names 3 columns" in str(problem)


def test_a_missing_column_s_suggestion_is_never_a_column_named_for_something_else() -> None:
    found = ("case:concept:name", "activity", "time:timestamp")
    with pytest.raises(InvalidLogError) as raised:
        resolve_columns(found, LogColumns(), "log.csv", "csv")
    (problem,) = raised.value.problems
    assert "'case:concept:name'" not in (problem.suggestion or "")  # the case column, not the activity's
    assert problem.suggestion == "name the activity column with --activity"


def test_one_column_named_for_two_things_is_refused() -> None:
    with pytest.raises(InvalidLogError, match="the case and activity columns are both 'concept:name'"):
        resolve_columns(("concept:name", "time:timestamp"), LogColumns(case="concept:name"), "log.csv", "csv")
