"""The Spark engine against DuckDB's: the same ``events``, row for row (file order, empty strings, every timestamp
form), and summaries equal with ==, on the hand-made log (CSV, gzip, Parquet with typed and naive timestamps) and on a
generated log of 20,000 events, on local[2] and on local-cluster[2,1,1024] (executors in their own processes).
One SparkSession at a time for the whole module: starting one costs seconds."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from journeymap.discover.aggregate import aggregate
from journeymap.discover.duckdb_engine import DuckDBEngine
from journeymap.discover.engine import Engine
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.spark_engine import SparkEngine, spark_session
from journeymap.discover.summary import LogColumns, LogOptions, LogSummary
from test_discover_aggregate import FULL_COLUMNS, HAND_MADE, role_group, to_parquet, write

ROOT = Path(__file__).resolve().parent.parent
LOCAL = "local[2]"
CLUSTER = "local-cluster[2,1,1024]"  # two workers of one core and 1 GiB, each executor a JVM of its own
GENERATED_EVENTS = 20_000
SPLIT_BYTES = 200_000
GENERATED_COLUMNS = LogColumns(stage="stage", channel="channel")
# Every way of writing a timestamp the engines must read alike: DuckDB's ISO 8601 forms, forms Spark's own cast
# would read but DuckDB does not (kept out), ISO 8601's 24:00, and unreadable or empty ones.
TIMESTAMP_FORMS = (
    "2024-03-04 09:00:00", "2024-03-04 08:30", "2024-03-04T08:00:00Z", "2024-03-04T13:00:00+01:00", "2024-03-04",
    "2024-03-04T09:00:00.5", "2024-03-04 09:00:00+01", "2024-03-04 09:00:00+0100", "2024-03-04 09:00:00-05:30",
    "2024-3-4 09:00", "2024-03-04 9:00", "  2024-03-04 09:00  ", "2024-03-04 09:00:00 UTC",
    "2024-03-04 09:00:00.1234567", "2024-03-04T09:00:00.123Z", "2024-03-04 09:00Z", "2024-03-04 09:00:00.",
    "2024-03-04 24:00:00", "2024-03-04 24:00", "2024-03-04 24:00:00+01:00", "epoch",
    "2024", "2024-03", "2024-03-04 09", "+2024-03-04", "2024-03-04 09:00:00+1", "2024-03-04 09:00:00 +01:00",
    "2024-03-04Z", "2024-03-04 09:00:00 Z", "2024-03-04 24:00:01", "2024-02-30 09:00", "04/03/2024 10h",
    "2024-03-04t09:00:00", "20240304", "infinity", "", "   ",
)


class Sessions:
    """One SparkSession at a time (a process holds one SparkContext), started on the master a test asks for."""

    def __init__(self) -> None:
        self.master: str | None = None
        self.session: object = None

    def on(self, master: str) -> SparkEngine:
        """An engine on a session of ``master``, the one already running if it is that one."""
        if self.master != master:
            self.stop()
            self.session, self.master = spark_session(master), master
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


def bench_module(name: str) -> ModuleType:
    """A module of bench/ (not a package), imported from its file."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated log of 20,000 events: loops, ties, late-entered rows, three ways of writing time zones, roles,
    stages and channels, a long tail of rare activities."""
    csv_path, _ = bench_module("discover_logs").generated_logs(tmp_path_factory.mktemp("generated"),
                                                               GENERATED_EVENTS)
    return Path(csv_path)


def events_of(engine: Engine, path: Path, columns: LogColumns) -> list[tuple[object, ...]]:
    """The ``events`` relation the engine loads from the log at ``path``, in row order."""
    kind = "parquet" if path.suffix == ".parquet" else "csv"
    try:
        engine.header(str(path), kind)
        engine.load(str(path), kind, columns)
        return engine.query("SELECT row_number, case_id, activity, ts_us, ts_text, role, stage, channel "
                            "FROM events ORDER BY row_number")
    finally:
        engine.close()


def both(path: Path, engine: SparkEngine, columns: LogColumns = FULL_COLUMNS,
         options: LogOptions | None = None) -> tuple[LogSummary, LogSummary]:
    """The summaries of the log at ``path`` on Spark and on DuckDB (the engine's name aside)."""
    try:
        on_spark = aggregate(path, columns, options, engine=engine, role_group=role_group)
    finally:
        engine.close()  # its cached relations; the session stays up for the next test
    on_duckdb = aggregate(path, columns, options, role_group=role_group)
    assert (on_spark.engine, on_duckdb.engine) == ("spark", "duckdb")
    return attrs.evolve(on_spark, engine="duckdb"), on_duckdb


def test_events_are_duckdbs_row_for_row(sessions: Sessions, tmp_path: Path) -> None:
    spark = sessions.on(LOCAL)
    path = write(tmp_path / "log.csv", HAND_MADE)
    loaded = events_of(spark, path, FULL_COLUMNS)
    assert loaded == events_of(DuckDBEngine(), path, FULL_COLUMNS)
    rows = len(HAND_MADE.splitlines()) - 1
    assert [row[0] for row in loaded] == list(range(1, rows + 1))  # file order, not timestamp or case order
    assert [row[1] for row in loaded][3] == "" and [row[1] for row in loaded][8] == ""  # bare and quoted empty id


def test_timestamps_are_read_as_duckdb_reads_them(sessions: Sessions, tmp_path: Path) -> None:
    lines = [f'c{index},A,"{form}"' for index, form in enumerate(TIMESTAMP_FORMS)]
    path = write(tmp_path / "forms.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(lines) + "\n")
    loaded = events_of(sessions.on(LOCAL), path, LogColumns())
    expected = events_of(DuckDBEngine(), path, LogColumns())
    assert [(form, row[3]) for form, row in zip(TIMESTAMP_FORMS, loaded)] == \
        [(form, row[3]) for form, row in zip(TIMESTAMP_FORMS, expected)]
    assert loaded == expected
    assert sum(row[3] is not None for row in loaded) == 21  # the forms both read; the rest are errors or empty


def test_hand_made_summary_equals_duckdbs_as_csv_gzip_and_parquet(sessions: Sessions, tmp_path: Path) -> None:
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    gzipped = tmp_path / "log.csv.gz"
    gzipped.write_bytes(gzip.compress(HAND_MADE.encode("utf-8")))
    logs = [csv_path, gzipped, to_parquet(csv_path, tmp_path / "typed.parquet", "TIMESTAMPTZ"),
            to_parquet(csv_path, tmp_path / "naive.parquet", "TIMESTAMP")]
    for path in logs:
        on_spark, on_duckdb = both(path, sessions.on(LOCAL))
        assert on_spark == on_duckdb, path.name
        assert on_spark.events == 16 and on_spark.pairs  # a real summary, not two empty ones


def test_a_malformed_row_is_placed_at_its_line(sessions: Sessions, tmp_path: Path) -> None:
    spark = sessions.on(LOCAL)
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c1,B,", "c1,B,extra,", 1))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, engine=spark)
    (problem,) = caught.value.problems
    row = HAND_MADE.splitlines().index(next(line for line in HAND_MADE.splitlines() if line.startswith("c1,B,")))
    assert (problem.file, problem.line) == (str(path), row + 1)
    assert "it has 7 values, the header names 6 columns" in problem.message


@pytest.mark.parametrize("master", [LOCAL, CLUSTER])
def test_a_generated_log_gives_duckdbs_summary(sessions: Sessions, generated: Path, master: str) -> None:
    spark = sessions.on(master)
    # Splits of 200 kB, so the log is read in several partitions and its rows numbered across them.
    spark.session.conf.set("spark.sql.files.maxPartitionBytes", str(SPLIT_BYTES))
    assert spark.session.read.text(str(generated)).rdd.getNumPartitions() >= 4
    if master == LOCAL:
        assert events_of(spark, generated, GENERATED_COLUMNS) == events_of(DuckDBEngine(), generated, GENERATED_COLUMNS)
        spark = SparkEngine(spark.session)
    on_spark, on_duckdb = both(generated, spark, GENERATED_COLUMNS, LogOptions(variant_share=0.8))
    assert on_spark == on_duckdb
    assert on_spark.quality and on_spark.quality.events_read > 19_000 and on_spark.quality.filtered_cases > 0
    assert on_spark.quality.tied_events > 0 and on_spark.quality.reordered_cases > 0
    assert on_spark.events > 10_000 and len(on_spark.pairs) > 20 and on_spark.stages and on_spark.roles
    executors = spark.session.sparkContext._jsc.sc().getExecutorIds()  # the executors besides the driver
    assert executors.size() == (2 if master == CLUSTER else 0)
