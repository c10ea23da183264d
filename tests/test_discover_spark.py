"""The Spark engine against DuckDB's: the same ``events``, row for row (file order, empty strings, every timestamp
form; CSV, gzip, Parquet with typed and naive timestamps), and through the command line the same summary and a map
equal byte for byte, on the hand-made log (roles, stages, channels) and on a generated log (loops, ties, roles, a
variant filter), on local[2] and on local-cluster[2,1,1024] (executors in their own JVMs); ``--quiet`` leaves
standard error empty, a run without it showing only our progress and summary; and a JVM killed mid-run ends in our
error, with no traceback.

One SparkSession per master for the whole module (starting one costs seconds), the local[2] tests first; the
command line run in this process uses the running session. The generated log has 4,000 events by default, read in
splits of 40 kB so that it spans several partitions (and both executors of the local cluster).
Profiles: JOURNEYMAP_DEEP=1 runs the generated log at 20,000 events (splits of 200 kB) as well."""

from __future__ import annotations

import gzip
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import duckdb
import pytest
from py4j.protocol import Py4JJavaError, Py4JNetworkError  # type: ignore[import-untyped]

from journeymap.cli import main
from journeymap.discover import run
from journeymap.discover.aggregate import aggregate
from journeymap.discover.duckdb_engine import DuckDBEngine
from journeymap.discover.engine import Engine, log_kind
from journeymap.discover.errors import EngineError, InvalidLogError
from journeymap.discover.spark_engine import SparkEngine, spark_session
from journeymap.discover.spark_session import _Py4JSendFailures, _quiet_py4j_send_failures, local_driver_memory
from journeymap.discover.summary import LogColumns, LogSummary, MidnightCount
from benches import bench_module
from terminal import python_on_terminal
from test_discover_aggregate import (
    FULL_COLUMNS, HAND_MADE, XES_HEADER, latin1_log, renamed_in_parquet, to_parquet, to_parquet_parts, with_engine_names,
    write,
)

ROOT = Path(__file__).resolve().parent.parent
LOCAL = "local[2]"
CLUSTER = "local-cluster[2,1,1024]"  # two workers of one core and 1 GiB, each executor a JVM of its own
DEEP = os.environ.get("JOURNEYMAP_DEEP") == "1"
DRIVER_MEMORY_GIVEN = os.environ.get("SPARK_DRIVER_MEMORY")  # before any session starts
GENERATED = [(4_000, 40_000)] + ([(20_000, 200_000)] if DEEP else [])  # (events, split bytes)
GENERATED_COLUMNS = LogColumns(stage="stage", channel="channel")
# The C1 compiler alone: a short run spends most of its processor time compiling with C2 (see the module docstring).
TEST_JVM = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
            "spark.executor.extraJavaOptions": "-XX:TieredStopAtLevel=1"}
# Every way of writing a timestamp the engines must read alike: DuckDB's ISO 8601 forms, forms Spark's own cast
# would read but DuckDB does not (kept out), ISO 8601's 24:00, and unreadable or empty ones.
TIMESTAMP_FORMS = (
    "2024-03-04 09:00:00", "2024-03-04 08:30", "2024-03-04T08:00:00Z", "2024-03-04T13:00:00+01:00", "2024-03-04",
    "2024-03-04T09:00:00.5", "2024-03-04 09:00:00+01", "2024-03-04 09:00:00+0100", "2024-03-04 09:00:00-05:30",
    "2024-3-4 09:00", "2024-03-04 9:00", "  2024-03-04 09:00  ", "2024-03-04 09:00:00 UTC",
    "2024-03-04 09:00:00.1234567", "2024-03-04T09:00:00.123Z", "2024-03-04 09:00Z", "2024-03-04 09:00:00.",
    "2024-03-04 24:00:00", "2024-03-04 24:00", "2024-03-04 24:00:00+01:00", "epoch", "2024-03-04 ",
    "  2024-03-04  ", " 2024-03-04T09:00:00Z  ", "2024-03-04 09:00:00-05:30 ", "2024-03-04 09:00:00 UTC+05:30",
    "2024-03-04 09:00 UTC-0530", "2024-03-04 09:00:00 UTC+01:00:15", "2024-03-04 09:00:00 GMT+05:30",
    "2024-03-04 09:00:00 UTC+5", "2024-03-04 09:00:00+01:00:30", "2024-03-04 09:00-00:00:30",
    "2024-03-04 09:00:00+010030", "2024-03-04 09:00:00+01:0030",
    "2024", "2024-03", "2024-03-04 09", "+2024-03-04", "2024-03-04 09:00:00+1", "2024-03-04 09:00:00 +01:00",
    "2024-03-04Z", "2024-03-04 09:00:00 Z", "2024-03-04 24:00:01", "2024-02-30 09:00", "04/03/2024 10h",
    "2024-03-04t09:00:00", "20240304", "infinity", "", "   ", "20233-03-04 09:00", "0000-03-04", "-0001-03-04",
    "9999-12-31 23:00:00-05:00", "2024-03-04 09:00 Europe/Paris", "2024-03-04 09:00:00 CET",
    # DuckDB's cast reads these, Spark's not: a year of fewer than four digits, other separators, a leading tab.
    "04/03/24", "04-03-24", " 024-03-04", "99-01-01 09:00", "2024/03/04", "2024 03 04", "\t2024-03-04", "0004-03-24",
    "1-01-01 09:00", "12-1-01 09:00",
)
# The command line's options for each log: the hand-made one's five cases shown down to one case each.
HAND_MADE_OPTIONS = ("--stage", "stage", "--channel", "channel", "--threshold", "1")
# 0.4 of the cases: the 4,000 events' cut falls between variants of other numbers of cases, and keeps loops (the
# filter keeps or leaves out variants as common as each other together: 0.5 or more keeps every one).
GENERATED_OPTIONS = ("--stage", "stage", "--channel", "channel", "--variants", "0.4")


class Sessions:
    """One SparkSession at a time (a process holds one SparkContext), started on the master a test asks for."""

    def __init__(self) -> None:
        self.master: str | None = None
        self.session: object = None

    def on(self, master: str) -> SparkEngine:
        """An engine on a session of ``master``, the one already running if it is that one."""
        if self.master != master:
            self.stop()
            self.session, self.master = spark_session(master, config=TEST_JVM), master
        return SparkEngine(self.session)  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.session is not None:
            self.session.stop()  # type: ignore[attr-defined]
            self.session, self.master = None, None


@pytest.fixture(scope="module")
def sessions() -> Iterator[Sessions]:
    held = Sessions()
    yield held
    held.stop()


@pytest.fixture(scope="module")
def generated_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Generated logs by number of events: loops, ties, late-entered rows, three ways of writing time zones, roles,
    stages and channels, a long tail of rare activities."""
    make = bench_module("discover_logs").generated_logs
    folder = tmp_path_factory.mktemp("generated")
    return {events: Path(make(folder, events)[0]) for events, _ in GENERATED}


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("hand") / "log.csv", HAND_MADE)


def events_of(engine: Engine, path: Path, columns: LogColumns,
              date_order: str = "iso") -> tuple[str | None, list[tuple[object, ...]]]:
    """The offset the engine's ``load`` gives and the ``events`` relation it loads from the log at ``path`` (a typed
    timestamp's text as "instant" where it is one: the protocol leaves it to the engine there)."""
    kind = log_kind(str(path))
    try:
        engine.header(str(path), kind)
        offset = engine.load(str(path), kind, columns, date_order)
        rows = engine.query("SELECT row_number, case_id, activity, ts_us, ts_text, role, stage, channel "
                            "FROM events ORDER BY row_number")
    finally:
        engine.close()
    if offset is None:
        return offset, rows
    return offset, [(*row[:4], "instant" if row[3] is not None else row[4], *row[5:]) for row in rows]


def discovered(log: Path | str, out: Path, options: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
               ) -> tuple[bytes, LogSummary]:
    """The map `journeymap discover` writes (run in this process), and the summary it was built from."""
    summaries: list[LogSummary] = []

    def watched(*args: object, **kwargs: object) -> LogSummary:
        summaries.append(aggregate(*args, **kwargs))  # type: ignore[arg-type]
        return summaries[-1]

    monkeypatch.setattr(run, "aggregate", watched)
    assert main(["discover", str(log), "-o", str(out), "--quiet", *options]) == 0
    monkeypatch.undo()
    (summary,) = summaries
    return out.read_bytes(), summary


def assert_same_map(log: Path | str, tmp_path: Path, options: tuple[str, ...], master: str,
                    monkeypatch: pytest.MonkeyPatch) -> LogSummary:
    """The command line on Spark (``master``) and on DuckDB: summaries equal (the engine's name aside), maps equal
    byte for byte; Spark's summary."""
    on_spark, spark_summary = discovered(log, tmp_path / "spark.yaml", (*options, "--engine", "spark",
                                                                         "--spark-master", master), monkeypatch)
    on_duckdb, duckdb_summary = discovered(log, tmp_path / "duckdb.yaml", options, monkeypatch)
    assert (spark_summary.engine, duckdb_summary.engine) == ("spark", "duckdb")
    assert attrs.evolve(spark_summary, engine="duckdb") == duckdb_summary
    assert on_spark == on_duckdb
    assert b"evidence:" in on_spark and b"touchpoints:" in on_spark
    return spark_summary


# -- local[2] -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["csv", "gzip", "typed parquet", "naive parquet", "parquet folder"])
def test_events_are_duckdbs_row_for_row(sessions: Sessions, hand_made: Path, tmp_path: Path, form: str) -> None:
    path = hand_made
    if form == "gzip":
        path = tmp_path / "log.csv.gz"
        path.write_bytes(gzip.compress(hand_made.read_bytes()))
    elif form == "parquet folder":
        path = to_parquet_parts(hand_made, tmp_path / "log")
    elif form.endswith("parquet"):
        path = to_parquet(hand_made, tmp_path / "log.parquet", "TIMESTAMPTZ" if form == "typed parquet" else "TIMESTAMP")
    offset, loaded = events_of(sessions.on(LOCAL), path, FULL_COLUMNS)
    assert (offset, loaded) == events_of(DuckDBEngine(), path, FULL_COLUMNS)
    assert offset == {"typed parquet": "+00:00", "naive parquet": ""}.get(form)
    rows = len(HAND_MADE.splitlines()) - 1
    assert [row[0] for row in loaded] == list(range(1, rows + 1))  # file order, not timestamp or case order
    assert [row[1] for row in loaded][3] == "" and [row[1] for row in loaded][8] == ""  # bare and quoted empty id


@pytest.mark.parametrize("form", ["csv", "parquet", "parquet folder"])
def test_columns_named_as_the_engines_own_are_read_as_duckdb_reads_them(sessions: Sessions, tmp_path: Path,
                                                                       form: str) -> None:
    path = write(tmp_path / "log.csv", with_engine_names(HAND_MADE))
    if form == "parquet":
        path = to_parquet(path, tmp_path / "log.parquet")
    elif form == "parquet folder":
        path = to_parquet_parts(path, tmp_path / "log")
    loaded = events_of(sessions.on(LOCAL), path, FULL_COLUMNS)
    assert loaded == events_of(DuckDBEngine(), path, FULL_COLUMNS)
    assert [row[0] for row in loaded[1]] == list(range(1, len(HAND_MADE.splitlines())))


def test_rare_roles_folded_and_rare_stage_and_channel_values_give_duckdbs_map(
        sessions: Sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Six cases: an OT in three, a physio in the other three (Other staff, in six cases counted anew); a stage and
    # a channel of one case each (naming nothing) beside those of all six.
    sessions.on(LOCAL)
    rows = ["case:concept:name,concept:name,time:timestamp,org:role,stage,channel"]
    for case in range(1, 7):
        rows.append(f"g{case},Assess,2024-03-0{case} 09:00,Social worker,{'Crisis' if case == 1 else 'Intake'},"
                    f"{'video' if case == 1 else 'phone'}")
        rows.append(f"g{case},Assess,2024-03-0{case} 10:00,{'OT' if case <= 3 else 'Physio'},Intake,phone")
    path = write(tmp_path / "log.csv", "\n".join(rows) + "\n")
    summary = assert_same_map(path, tmp_path, ("--stage", "stage", "--channel", "channel"), LOCAL, monkeypatch)
    assert ("Other staff", 6) in [(group.group, group.cases) for group in summary.groups]
    assert [stage.stage for stage in summary.stages] == ["Intake"]


@pytest.mark.parametrize(("rows", "quality"), [
    # a date alone among times (00:00 at +01:00 is 23:00 UTC, not midnight)
    ([f"d{case},Visit,2024-03-0{case} 09:0{case}\nd{case},Discharge,2024-03-0{case}\n"
      f"d{case},Letter,2024-03-0{case}T00:00:00+01:00" for case in range(1, 7)],
     {"midnight": (MidnightCount(activity="Discharge", midnight=6, events=6),)}),
    # case ids differing only by spaces round them: each a case, all 18 counted
    ([f's{case},Visit,2024-03-0{case} 09:00\n"s{case} ",Letter,2024-03-0{case} 10:00\n'
      f'" s{case}",Letter,2024-03-0{case} 11:00' for case in range(1, 7)], {"spaced_case_ids": 18}),
], ids=["dates alone", "spaced ids"])
def test_what_the_map_notes_of_odd_logs_is_duckdbs(sessions: Sessions, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, rows: list[str],
                                                   quality: dict[str, object]) -> None:
    sessions.on(LOCAL)
    log = write(tmp_path / "log.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(rows) + "\n")
    summary = assert_same_map(log, tmp_path, ("--threshold", "1"), LOCAL, monkeypatch)
    assert summary.quality is not None
    assert {name: getattr(summary.quality, name) for name in quality} == quality


def test_timestamps_are_read_as_duckdb_reads_them(sessions: Sessions, tmp_path: Path) -> None:
    lines = [f'c{index},A,"{form}"' for index, form in enumerate(TIMESTAMP_FORMS)]
    path = write(tmp_path / "forms.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(lines) + "\n")
    _, loaded = events_of(sessions.on(LOCAL), path, LogColumns())
    _, expected = events_of(DuckDBEngine(), path, LogColumns())
    assert [(form, row[3]) for form, row in zip(TIMESTAMP_FORMS, loaded)] == \
        [(form, row[3]) for form, row in zip(TIMESTAMP_FORMS, expected)]
    assert loaded == expected
    assert sum(row[3] is not None for row in loaded) == 34  # the forms both read; the rest are errors or empty


YEAR_LAST_FORMS = ("04/03/2024 09:00", "4.3.2024", "04-03-2024 24:00", " 13/03/2024 14:30:00Z",
                   "04/03/2024T09:00:00+01:00", "31/12/2024 23:59:59.5", "4/3/2024 9:00 UTC+05:30", "04/13/2024",
                   "32/01/2024", "04/03/24", "04/03-2024", "2024-03-04 09:00", "004/03/2024",
                   # a 12-hour clock: read where the hour is 1 to 12
                   "3/4/2024 9:05 PM", "04/03/2024 12:05:00 am", "4/3/2024 11:59:59.5 p.m.", "4/3/2024 13:05 PM",
                   "4/3/2024 0:05 AM")


@pytest.mark.parametrize("date_order", ["day-first", "month-first"])
def test_dates_with_the_year_last_are_read_as_duckdb_reads_them(sessions: Sessions, tmp_path: Path,
                                                                date_order: str) -> None:
    forms = (*YEAR_LAST_FORMS, *TIMESTAMP_FORMS)
    lines = [f'c{index},A,"{form}"' for index, form in enumerate(forms)]
    path = write(tmp_path / "forms.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(lines) + "\n")
    loaded = events_of(sessions.on(LOCAL), path, LogColumns(), date_order)
    assert loaded == events_of(DuckDBEngine(), path, LogColumns(), date_order)
    # Day first, all but 04/13/2024, 32/01/2024, 04/03/24, 004/03/2024 and the hours 13 and 0 before PM or AM;
    # month first, 13/03 and 31/12 not 04/13.
    read = sum(row[3] is not None for row in loaded[1][:len(YEAR_LAST_FORMS)])
    assert read == {"day-first": 12, "month-first": 11}[date_order]


def test_parquet_spark_cannot_read_is_refused_saying_why_and_what_to_do(sessions: Sessions, tmp_path: Path) -> None:
    # Nanosecond timestamps, a folder whose files give a column different types, and two column names that differ in
    # case alone (DuckDB reads all three).
    connection = duckdb.connect()
    nanos, folder, cased = tmp_path / "nanos.parquet", tmp_path / "folder", tmp_path / "cased.parquet"
    folder.mkdir()
    rows = "SELECT * FROM (VALUES ('c1', 'A', '2024-01-01 09:00'), ('c1', 'B', '2024-01-01 10:00')) t(c, a, ts)"
    connection.execute(f"""COPY (SELECT c AS "case:concept:name", a AS "concept:name",
                                 CAST(ts AS TIMESTAMP_NS) AS "time:timestamp" FROM ({rows})) TO '{nanos}'""")
    for name, case in (("part-0.parquet", "1"), ("part-1.parquet", "'c2'")):
        connection.execute(f"""COPY (SELECT {case} AS "case:concept:name", a AS "concept:name", ts AS "time:timestamp"
                                     FROM ({rows})) TO '{folder / name}'""")
    connection.execute(f"""COPY (SELECT c AS "case:concept:name", a AS "concept:name", ts AS "time:timestamp",
                                 a AS "Concept:namZ" FROM ({rows})) TO '{cased}'""")
    connection.close()
    renamed_in_parquet(cased, "Concept:namZ", "Concept:name")
    for log, reason, hint in ((nanos, "TIMESTAMP(NANOS", "write them in microseconds"),
                              (folder, "PARQUET_COLUMN_DATA_TYPE_MISMATCH", "with the same column types"),
                              (cased, "COLUMN_ALREADY_EXISTS", "differ only in case")):
        with pytest.raises(InvalidLogError) as caught:
            aggregate(log, engine=sessions.on(LOCAL))
        (problem,) = caught.value.problems
        assert reason in problem.message and hint in (problem.suggestion or "")
        assert "An error occurred while calling" not in problem.message


def test_a_malformed_row_is_placed_at_its_line(sessions: Sessions, tmp_path: Path) -> None:
    spark = sessions.on(LOCAL)
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c1,B,", "c1,B,extra,", 1))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, engine=spark)
    (problem,) = caught.value.problems
    row = HAND_MADE.splitlines().index(next(line for line in HAND_MADE.splitlines() if line.startswith("c1,B,")))
    assert (problem.file, problem.line) == (str(path), row + 1)
    assert "it has 7 values, the header names 6 columns" in problem.message and "'c1,B,extra," in problem.message


def test_a_row_that_is_not_utf8_is_placed_at_duckdbs_line(sessions: Sessions, tmp_path: Path) -> None:
    spark = sessions.on(LOCAL)
    spark.session.conf.set("spark.sql.files.maxPartitionBytes", "100000")  # the bad row in a later split
    path = latin1_log(tmp_path / "log.csv", 20_000, 15_000)
    problems = []
    for engine in (spark, DuckDBEngine()):
        with pytest.raises(InvalidLogError) as caught:
            aggregate(path, engine=engine)
        problems.append(caught.value.problems[0])
    assert [problem.line for problem in problems] == [15_001, 15_001]
    assert problems[0].message == "line 15001 of the event log is not UTF-8 text, 'c5000,Caf\ufffd visit,2024-03-04 09:00:00'"


def test_spark_takes_a_utf8_replacement_character_for_a_byte_that_was_not(sessions: Sessions, tmp_path: Path) -> None:
    # The one log DuckDB reads and Spark refuses (the module's docstring): Spark reads a byte that is not UTF-8 as
    # that character, and cannot tell the two apart.
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,2024-01-01\nc1,B\ufffd,2024-01-02\n")
    assert [pair.target for pair in aggregate(path).pairs] == ["B\ufffd"]
    with pytest.raises(InvalidLogError, match="line 3 of the event log is not UTF-8 text"):
        aggregate(path, engine=sessions.on(LOCAL))


@pytest.mark.parametrize(("events", "split_bytes"), GENERATED)
def test_a_generated_log_read_in_splits_gives_duckdbs_events(sessions: Sessions, generated_logs: dict[int, Path],
                                                             events: int, split_bytes: int) -> None:
    spark = sessions.on(LOCAL)
    log = generated_logs[events]
    spark.session.conf.set("spark.sql.files.maxPartitionBytes", str(split_bytes))
    assert spark.session.read.text(str(log)).rdd.getNumPartitions() >= 4  # its rows numbered across splits
    assert events_of(spark, log, GENERATED_COLUMNS) == events_of(DuckDBEngine(), log, GENERATED_COLUMNS)


def test_a_local_driver_has_half_the_machines_memory_unless_told_otherwise(sessions: Sessions) -> None:
    # Spark's own 1g ran out at 10M events: on local[*] the driver does all the work.
    heap = sessions.on(LOCAL).session.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()
    wanted = DRIVER_MEMORY_GIVEN or local_driver_memory()
    assert os.environ["SPARK_DRIVER_MEMORY"] == wanted
    megabytes = int(wanted[:-1]) * {"m": 1, "g": 1024}[wanted[-1].lower()]
    assert 0.8 < heap / (megabytes * 2 ** 20) < 1.05  # the JVM rounds its heap, less a survivor space


class HeapSpace(Py4JJavaError):  # type: ignore[misc]
    """What py4j raises for a task that ran out of memory (its Java side faked: the message is what counts)."""

    def __init__(self) -> None:
        Exception.__init__(self, "An error occurred while calling o97.localCheckpoint.")

    def __str__(self) -> str:
        return ("An error occurred while calling o97.localCheckpoint.\n: org.apache.spark.SparkException: Job "
                "aborted due to stage failure: Task 0 in stage 15.0 failed 1 times, most recent failure: Lost task "
                "0.0 in stage 15.0 (TID 20) (localhost executor driver): java.lang.OutOfMemoryError: Java heap space")


@pytest.mark.parametrize(("raised", "said"), [
    (HeapSpace(), "Spark ran out of memory aggregating the event log (its driver had "),
    (Py4JNetworkError("An error occurred while trying to connect to the Java server"), "Spark stopped while"),
    (ConnectionRefusedError(111, "Connection refused"), "Spark stopped while"),
], ids=["out of memory", "JVM gone", "connection refused"])
def test_running_out_of_memory_or_losing_the_jvm_says_so_and_what_to_do(sessions: Sessions, raised: Exception,
                                                                         said: str) -> None:
    spark = sessions.on(LOCAL)
    with pytest.raises(EngineError) as caught, spark._reading("log.parquet"):
        raise raised
    assert str(caught.value).startswith(said) and "SPARK_DRIVER_MEMORY=8g" in str(caught.value)
    if isinstance(raised, HeapSpace):
        assert f"its driver had {os.environ['SPARK_DRIVER_MEMORY']})" in str(caught.value)
    assert "cannot read the event log" not in str(caught.value)  # not taken for a fault of the log


# A session of ours whose JVM dies after its accumulator server took a connection from it (a Python job's updates).
JVM_DYING = """
import sys, time
from pyspark import SparkContext
from journeymap.discover.spark_session import spark_session
session = spark_session("local[1]", config={"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"})
session.sparkContext.parallelize([1, 2]).map(lambda number: number).collect()
SparkContext._gateway.proc.kill()
time.sleep(3)  # the server reads the end of the JVM's stream meanwhile
try:
    raise ValueError("another error of the server's")
except ValueError:
    session.sparkContext._accumulatorServer.handle_error(None, ("127.0.0.1", 1))
"""


def test_a_dying_jvm_leaves_no_traceback_of_pysparks_accumulator_server(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", JVM_DYING], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300)
    assert "EOFError" not in done.stderr and "Exception occurred during processing" in done.stderr
    assert done.stderr.count("Traceback") == 1 and "ValueError: another error of the server's" in done.stderr


# The command line on the hand-made log, its JVM killed (as the kernel's out-of-memory killer would) just before the
# aggregation's query numbered argv[3] goes to it; with argv[4] "dead", once the JVM is gone (its connection is then
# refused), else at once (Py4J then sends the query down the open connection, and only hears it reset).
JVM_KILLED = """
import sys
from pyspark import SparkContext
from journeymap.cli import main
from journeymap.discover.spark_engine import SparkEngine
log, out, kill_at, dead = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "dead"
queries, run = [], SparkEngine.query
def query(engine, sql):
    queries.append(sql)
    if len(queries) == kill_at:
        SparkContext._gateway.proc.kill()
        if dead:
            SparkContext._gateway.proc.wait()
    return run(engine, sql)
SparkEngine.query = query
sys.exit(main(["discover", log, "-o", out, "--quiet", "--engine", "spark", "--spark-master", "local[1]",
               "--threshold", "1"]))
"""


@pytest.mark.parametrize(("kill_at", "when"), [(1, "dead"), (3, "dying")], ids=["first query", "third query"])
def test_a_jvm_killed_mid_run_says_so_without_a_traceback(hand_made: Path, tmp_path: Path, kill_at: int,
                                                          when: str) -> None:
    out = tmp_path / "map.yaml"
    done = subprocess.run([sys.executable, "-c", JVM_KILLED, str(hand_made), str(out), str(kill_at), when],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Spark stopped while aggregating the event log (its JVM was killed by signal 9)" in done.stderr
    assert "Traceback" not in done.stderr and "Exception while sending command" not in done.stderr, done.stderr
    assert not out.exists()


def test_py4js_log_of_a_command_it_could_not_send_is_dropped_and_only_that() -> None:
    _quiet_py4j_send_failures()
    _quiet_py4j_send_failures()  # once is enough: the filter is not added twice
    root = logging.getLogger()
    (dropping,) = [known for known in root.filters if isinstance(known, _Py4JSendFailures)]
    py4j_file = str(Path(Py4JNetworkError.__module__.replace(".", "/")).with_suffix(".py"))

    def record(message: str, path: str) -> logging.LogRecord:
        return logging.LogRecord("root", logging.ERROR, f"/site-packages/{path}", 1059, message, None, None)

    assert not dropping.filter(record("Exception while sending command.", py4j_file))
    assert dropping.filter(record("Exception while sending command.", "elsewhere/module.py"))
    assert dropping.filter(record("KeyboardInterrupt while sending command.", py4j_file))


# Each master's runs together, local[2] first, so that the module starts each session once.
COMMAND_LINE_RUNS = [(master, log) for master in (LOCAL, CLUSTER) for log in ("hand-made", "parquet folder", *GENERATED)
                     ] + [(CLUSTER, "hand-made URL"), (CLUSTER, "parquet folder URL")]  # file:// URLs


@pytest.mark.parametrize(("master", "log"), COMMAND_LINE_RUNS, ids=str)
def test_the_command_line_writes_duckdbs_map(sessions: Sessions, hand_made: Path, generated_logs: dict[int, Path],
                                             tmp_path: Path, master: str, log: str | tuple[int, int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    spark = sessions.on(master)
    if isinstance(log, str):
        path = hand_made if log.startswith("hand-made") else to_parquet_parts(hand_made, tmp_path / "log")
        summary = assert_same_map(path.as_uri() if log.endswith("URL") else path, tmp_path, HAND_MADE_OPTIONS, master,
                                  monkeypatch)
        assert summary.events == 16 and summary.pairs and summary.groups and len(summary.stages) > 1
        assert summary.channels and summary.quality and summary.quality.skipped_events == 1
    else:
        events, split_bytes = log
        spark.session.conf.set("spark.sql.files.maxPartitionBytes", str(split_bytes))  # several partitions
        summary = assert_same_map(generated_logs[events], tmp_path, GENERATED_OPTIONS, master, monkeypatch)
        quality = summary.quality
        assert quality and quality.events_read > events * 0.95 and quality.filtered_cases > 0
        assert quality.tied_events > 0 and quality.reordered_cases > 0
        assert any(pair.source == pair.target for pair in summary.pairs)  # loops
        assert len(summary.pairs) >= 20 and summary.stages and summary.groups
    assert spark.session.sparkContext.master == master  # the command line ran on the session of this master
    conf = spark.session.sparkContext.getConf()  # a local master's driver listens on the loopback address only
    assert conf.get("spark.driver.host") == conf.get("spark.driver.bindAddress") == "127.0.0.1"
    executors = spark.session.sparkContext._jsc.sc().getExecutorIds()  # the executors besides the driver
    assert executors.size() == (2 if master == CLUSTER else 0)


# -- a process of its own ---------------------------------------------------------------------------------------------

RUN_TWICE = """\
import sys
from journeymap.cli import main
log, master = sys.argv[1:]
quiet = main(["discover", log, "-o", "quiet.yaml", "--quiet", "--engine", "spark", "--spark-master", master,
              *{options!r}])
sys.stderr.write("{marker}\\n")
sys.stderr.flush()
shown = main(["discover", log, "-o", "shown.yaml", "--engine", "spark", "--spark-master", master, *{options!r}])
sys.exit(quiet * 16 + shown)
"""
MARKER = "=== the second run ==="


def test_quiet_shows_nothing_of_spark_and_a_run_without_it_only_ours(sessions: Sessions, hand_made: Path,
                                                                    tmp_path: Path) -> None:
    sessions.stop()  # the child's JVM gets the processor to itself
    script = RUN_TWICE.format(options=HAND_MADE_OPTIONS, marker=MARKER)
    code, shown, _ = python_on_terminal(["-c", script, str(hand_made), LOCAL], tmp_path, timeout=600)
    assert code == 0, shown
    quiet, _, normal = shown.partition(MARKER)
    # A terminal, where a run would show progress: with --quiet nothing at all, not even the JVM starting up.
    assert quiet == ""
    # Without it: the progress bar (redrawn after each carriage return), our warning of the event without a
    # timestamp, and the summary line, naming Spark.
    lines = [line.strip() for line in normal.replace("\r", "\n").splitlines() if line.strip()]
    progress = re.compile(r"^[a-zA-Z ]+:.* [0-9]+/[0-9]+ steps \[[0-9:]+\]$")
    assert len(lines) > 3 and all(progress.match(line) for line in lines[:-2]), lines
    assert lines[-2].startswith(f"{hand_made}: warning: 1 event has no timestamp and was left out"), lines
    assert lines[-1].startswith("discovered 5 cases, 16 events: ") and lines[-1].endswith(" on Apache Spark"), lines
    assert (tmp_path / "quiet.yaml").read_bytes() == (tmp_path / "shown.yaml").read_bytes()
    assert main(["discover", str(hand_made), "-o", str(tmp_path / "duckdb.yaml"), "--quiet",
                 *HAND_MADE_OPTIONS]) == 0
    assert (tmp_path / "quiet.yaml").read_bytes() == (tmp_path / "duckdb.yaml").read_bytes()
