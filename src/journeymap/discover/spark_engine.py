"""The Spark engine of `journeymap discover`: a log read and aggregated on a Spark cluster, giving the same summary as
DuckDB (``discover.engine.Engine``). Needs the ``spark`` extra (``pip install 'journeymap[spark]'``) and Java 17+.

Row order. ``row_number`` is exact file order. A CSV file is read in splits (byte ranges); every row is read from
the split it starts in, in file order, and ``monotonically_increasing_id()`` numbers a partition's rows
consecutively, so a row's place is the rows of the earlier splits (by ``_metadata.file_block_start``) plus its
place in its own split. Neither the partitions' order nor their packing matters, and no window without a partition
moves the log onto one core. A Parquet row's place is ``_metadata.row_index``, its index in the file.

Text. Every CSV column is a string; an empty field is the empty string (``nullValue`` is set to a string no log
holds), as in DuckDB. Timestamps go through Spark's cast after a pattern check, so that both engines read the same
ISO 8601 forms (Spark alone would take ``2024``, ``2024-03`` or ``2024-03-04 09`` too); ``24:00`` is the next
midnight, as DuckDB reads it, and years outside 1 to 9999 are unreadable in both, as is ``epoch``. Known differences, all on forms outside ISO 8601: zone names
(``09:00 Europe/London``) are read by Java's zone rules, not ICU's (``BST`` is Dhaka in both; ``UT`` is read here
alone, ``utc`` in lower case by DuckDB alone), and offsets past ±18 hours are unreadable in Spark. A quoted CSV
value spanning lines is one value in DuckDB and a malformed row here (``multiLine`` would read the whole file in one
task). A folder of Parquet files where a file lacks a column read is refused by DuckDB, naming the files; Spark reads the
column as empty there (knowing would take every file's footer, read on the driver). A CSV that is not UTF-8 is refused
by both at its first such line; Spark, which reads each byte at fault as U+FFFD, refuses a UTF-8 value holding that
character too, which DuckDB reads.

A real cluster. The log must be on storage every executor reads (HDFS, S3, a shared mount), and the driver (the
machine running ``journeymap``) needs Python 3.11, this package with the extra, and Java 17; it must be reachable
from the executors (client mode), since it plans the queries and collects only the small aggregates::

    journeymap discover s3a://bucket/log.parquet -o map.yaml --engine spark --spark-master spark://host:7077
    journeymap discover hdfs:///logs/log.csv.gz -o map.yaml --engine spark --spark-master yarn

For s3a, add the hadoop-aws jar of the very Hadoop version whose client pyspark ships (``pyspark/jars/
hadoop-client-api-3.5.0.jar`` for pyspark 4.3: ``org.apache.hadoop:hadoop-aws:3.5.0``) and, from Hadoop 3.4 on,
the AWS SDK v2 bundle it names (``software.amazon.awssdk:bundle``): ``spark.jars.packages`` in
``spark-defaults.conf`` (found through ``SPARK_CONF_DIR``) or ``PYSPARK_SUBMIT_ARGS="--packages
org.apache.hadoop:hadoop-aws:3.5.0 pyspark-shell"``; credentials come from the usual AWS provider chain
(environment, profile, instance role). Mixing hadoop-aws and hadoop-client versions fails with missing classes.
YARN needs ``HADOOP_CONF_DIR`` (or ``YARN_CONF_DIR``) pointing at the cluster's configuration. ``local-cluster``
(separate executor processes on this machine, as the tests use) needs nothing more than the pip install: pyspark
ships ``bin/spark-class`` and the jars, and sets ``SPARK_HOME`` for the processes it starts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from journeymap.discover.engine import (
    DELIMITERS, by_position, csv_header, csv_lines, local_path, parquet_parts, values_reason,
)
from journeymap.discover.errors import InvalidLogError, malformed_row, not_utf8
from journeymap.discover.queries import SPARK, iso_dated, written_offset
from journeymap.discover.spark_errors import jvm_gone, translated
from journeymap.discover.spark_session import pyspark_sql, running_session, spark_session
from journeymap.discover.summary import LogColumns
from journeymap.errors import Problem

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["SparkEngine", "spark_session"]

# Spark's CSV reader takes an empty field for NULL unless told another null string: this one, which no log holds.
_NO_NULL = "\x01journeymap:no-null\x01"
_CORRUPT = "_journeymap_malformed_row"
# A CSV row's text where a value holds U+FFFD, the character Spark reads each byte that is not UTF-8 as (else NULL).
_NOT_UTF8 = "_journeymap_not_utf8"
# The ISO 8601 forms DuckDB's cast reads (date; time to the minute or finer; Z, ±hh[[:]mm], ±hh:mm:ss or a zone
# name after a space); Spark's cast also reads shorter ones, and ±hhmmss, which this keeps out.
_TIMESTAMP_PATTERN = (r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                      r"([T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}([.][0-9]*)?)?"
                      r"(Z|[+-][0-9]{2}(:?[0-9]{2}|:[0-9]{2}:[0-9]{2})?| [A-Za-z][A-Za-z0-9_/+:-]+)?)?$")
_END_OF_DAY = r"^(.{8,10}[T ])24:00(:00([.]0*)?)?(.*)$"  # ISO 8601's 24:00, the next day's midnight
_MINUTES_ONLY = r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2})([^:0-9]|$)"
_MICROSECONDS_PER_DAY = 86_400_000_000
_FIRST_MICROS, _LAST_MICROS = -62_135_596_800_000_000, 253_402_300_799_999_999  # 0001-01-01 to 9999-12-31, UTC


class SparkEngine:
    """The aggregation's engine on Spark: ``session``, else the one running in this process on ``master`` (both kept
    open at ``close``), else a new one on ``master`` (stopped at ``close``). Relations are temporary views, the ones
    kept (``events``, ``materialize``) cached."""

    name = "spark"
    dialect = SPARK

    def __init__(self, session: SparkSession | None = None, *, master: str = "local[*]") -> None:
        given = session if session is not None else running_session(master)
        self._session = given if given is not None else spark_session(master)
        self._owns_session = given is None
        self._kept: dict[str, DataFrame] = {}
        self._file = ""

    @property
    def session(self) -> SparkSession:
        """The SparkSession the engine runs on."""
        return self._session

    def header(self, file: str, kind: str) -> tuple[str, ...]:
        """The log's column names in file order (a CSV's by the shared ``csv_header``, as DuckDB's engine)."""
        self._file = file
        with self._reading(file):
            if kind == "parquet":
                return tuple(self._session.read.parquet(*_parts(file)).columns)
            return self._csv_header(file)[1]

    def load(self, file: str, kind: str, columns: LogColumns, date_order: str = "iso") -> str | None:
        """The relation ``events`` (see ``discover.engine.Engine``); the offset a typed timestamp implies, or None."""
        self._file = file
        with self._reading(file):
            if kind == "parquet":
                events, offset = self._parquet_events(file, columns, date_order)
                self._keep("events", events)
                return offset
            numbered = self._numbered_csv(file, columns)
            self._keep("events", _csv_events(numbered, columns, date_order),
                       view=lambda kept: kept.drop(_CORRUPT, _NOT_UTF8))
            numbered.unpersist()
            self._check_rows(file)
        return None

    def register(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        """A small table of literal rows, as the view ``name``."""
        types = {"STRING": "string", "BIGINT": "bigint"}
        schema = ", ".join(f"{_quoted(column)} {types[type_]}" for column, type_ in columns)
        self._session.createDataFrame(list(rows), schema).createOrReplaceTempView(name)

    def materialize(self, name: str, sql: str) -> None:
        """The result of ``sql`` computed once and cached as the view ``name``."""
        with self._reading(self._file):
            self._keep(name, self._session.sql(sql))

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` as tuples of plain Python values."""
        with self._reading(self._file):
            rows = self._session.sql(sql).collect()
        return [tuple(_plain(value) for value in row) for row in rows]

    def close(self) -> None:
        """Stops the session if the engine started it (which frees everything), else uncaches and drops the engine's
        views: freeing them first would leave Spark's removals running as it stops, and it prints each one it then
        refuses. Nothing to free once the JVM is gone (the error that says so is not hidden by another here)."""
        try:
            if self._owns_session:
                self._session.stop()
            else:
                for name, frame in self._kept.items():
                    self._session.catalog.dropTempView(name)
                    _free(frame)
        except Exception as err:
            if not jvm_gone(err):
                raise
        finally:
            self._kept.clear()

    def _keep(self, name: str, frame: DataFrame, view: Callable[[DataFrame], DataFrame] | None = None) -> None:
        """``frame`` computed now and kept, as the view ``name`` (through ``view``), replacing and freeing an earlier
        one. Kept as a local checkpoint, not a cache: a cached relation built on a view is dropped when that view is
        replaced (as ``events`` is, once the steps hold everything), and every later query on the steps would then
        compute them again from the log (at 1M events, each query took 15-35 s instead of a few)."""
        kept = frame.localCheckpoint(eager=True)
        (view(kept) if view else kept).createOrReplaceTempView(name)
        earlier = self._kept.get(name)
        self._kept[name] = kept
        if earlier is not None:
            _free(earlier)

    def _numbered_csv(self, file: str, columns: LogColumns) -> DataFrame:
        """A CSV log's rows (the columns read, under our names: ``_renamed``), cached, with ``row_number`` in file
        order, the malformed rows' text in _CORRUPT and that of the rows that are not UTF-8 in _NOT_UTF8."""
        functions = pyspark_sql().functions
        delimiter, names = self._csv_header(file)
        columns, names = by_position(columns, names), tuple(f"c{index}" for index in range(len(names)))
        schema = ", ".join(f"{_quoted(name)} string" for name in (*names, _CORRUPT))
        raw = self._session.read.csv(
            file, schema=schema, header=True, enforceSchema=True, sep=delimiter, quote='"', escape='"',
            nullValue=_NO_NULL, emptyValue="", mode="PERMISSIVE", columnNameOfCorruptRecord=_CORRUPT,
            multiLine=False, encoding="UTF-8", ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False)
        # The other columns are read too, under names of ours (cached once each): Spark parses only the columns a
        # query reads, and finds a row with a value too many or too few only when it parses them all.
        named = {columns.case, columns.activity, columns.timestamp, columns.role, columns.stage, columns.channel}
        others = (functions.col(_quoted(name)).alias(f"_column{index}") for index, name in enumerate(names)
                  if name not in named)
        values = functions.concat_ws(delimiter, *(functions.col(_quoted(name)) for name in names))
        not_utf8 = functions.when(functions.instr(values, "\ufffd") > 0, values).alias(_NOT_UTF8)
        numbered = _renamed(raw, columns, *others, functions.col(_CORRUPT), not_utf8,
                            raw.metadataColumn("_metadata").getField("file_block_start").alias("_block"),
                            functions.monotonically_increasing_id().alias("_id")).cache()
        blocks = sorted(numbered.groupBy("_block").agg(functions.count("*"), functions.min("_id")).collect())
        before, shifts = 0, []
        for block, count, first_id in blocks:  # the rows of the earlier splits, minus the split's first id
            shifts.append((int(block), before - int(first_id)))
            before += int(count)
        shift = self._session.createDataFrame(shifts, "_block bigint, _shift bigint")
        return numbered.join(functions.broadcast(shift), "_block").selectExpr("_id + _shift + 1 AS row_number", "*")

    def _parquet_events(self, file: str, columns: LogColumns, date_order: str) -> tuple[DataFrame, str | None]:
        """The events of a Parquet log, numbered by file row; the offset its timestamp type implies."""
        types = pyspark_sql().types
        raw = self._session.read.parquet(*_parts(file))
        timestamp_type = raw.schema[columns.timestamp].dataType
        column = "stamp"
        if isinstance(timestamp_type, types.TimestampType | types.TimestampNTZType | types.DateType):
            # adjusted to UTC, or naive and taken as UTC; the text is read only where the instant is out of range or
            # NULL (see the Engine protocol)
            offset: str | None = "+00:00" if isinstance(timestamp_type, types.TimestampType) else ""
            ts_us = _in_range(f"unix_micros(cast({column} AS timestamp))")
            ts_text = (f"CASE WHEN {column} IS NULL THEN '' WHEN {ts_us} IS NULL THEN cast({column} AS string) "
                       f"ELSE 'instant' END")
        else:
            offset, text = None, f"trim(cast({column} AS string))"
            ts_us, ts_text = _parsed_timestamp(text, date_order), f"coalesce({text}, '')"
        events = self._numbered_parquet(raw, columns).selectExpr(
            "row_number", "cast(case_id AS string) AS case_id", "cast(activity AS string) AS activity",
            f"{ts_us} AS ts_us",
            f"{ts_text} AS ts_text", *(_optional(name, alias, cast=True) for name, alias in _optional_columns(columns)))
        return (events, offset) if offset is not None else (_offsets_kept(events), None)

    def _numbered_parquet(self, raw: DataFrame, columns: LogColumns) -> DataFrame:
        """A Parquet log's rows (the columns read, under our names: ``_renamed``) with ``row_number``: their files by
        path (``parquet_parts``' order), each file's in its row order."""
        functions = pyspark_sql().functions
        metadata = raw.metadataColumn("_metadata")  # Spark's own, even where the log has a column of that name
        placed = _renamed(raw, columns, metadata.getField("file_path").alias("_file"),
                          metadata.getField("row_index").alias("_index"))
        if len(raw.inputFiles()) <= 1:  # known without a job
            return placed.selectExpr("_index + 1 AS row_number", "*")
        counts = placed.groupBy("_file").count().collect()
        before, shifts = 0, []
        for path, count in sorted(counts, key=lambda row: unquote(urlparse(str(row[0])).path)):
            shifts.append((str(path), before))
            before += int(count)
        shift = self._session.createDataFrame(shifts, "_file string, _shift bigint")
        return placed.join(functions.broadcast(shift), "_file").selectExpr("_index + _shift + 1 AS row_number", "*")

    def _check_rows(self, file: str) -> None:
        """Raises InvalidLogError for the first malformed CSV row (a value too many or too few) or row that is not
        UTF-8, at its line."""
        malformed = (self._kept["events"].where(f"{_CORRUPT} IS NOT NULL OR {_NOT_UTF8} IS NOT NULL")
                     .orderBy("row_number").select("row_number", _CORRUPT, _NOT_UTF8).limit(1).collect())
        if not malformed:
            return
        row, corrupt, not_utf8_text = int(malformed[0][0]), malformed[0][1], malformed[0][2]
        local = local_path(file)
        line = (csv_lines(local, [row + 1]) if local is not None else {}).get(row + 1, row + 1)
        if corrupt is None:
            raise not_utf8(file, line, str(not_utf8_text))
        text = str(corrupt)
        delimiter, names = self._csv_header(file)
        found = len(next(csv.reader([text], delimiter=delimiter), []))
        raise malformed_row(file, line, values_reason(found, len(names), text, delimiter), text)

    def _csv_header(self, file: str) -> tuple[str, tuple[str, ...]]:
        """The delimiter and header of a CSV log: ``csv_header``'s on this machine; on a cluster's storage (hdfs://,
        s3a://), by its rule, from the first line read through Spark."""
        local = local_path(file)
        if local is not None:
            header = csv_header(local)
            return header.delimiter, header.names
        first = self._session.read.text(file).first()
        line = str(first[0]).lstrip("\ufeff") if first is not None else ""
        delimiter = max(DELIMITERS, key=line.count) if any(d in line for d in DELIMITERS) else ","
        names = tuple(name or f"column{index}"
                      for index, name in enumerate(next(csv.reader([line], delimiter=delimiter), [])))
        if not any(name.strip() for name in names):
            raise InvalidLogError([Problem(message="the event log is empty", file=file,
                                           suggestion="export it again, with a header row")])
        return delimiter, names

    @contextmanager
    def _reading(self, file: str) -> Iterator[None]:
        """Spark's and the JVM's errors on reading or aggregating the log as ours (``spark_errors.translated``)."""
        try:
            yield
        except Exception as err:
            ours = translated(err, self._session, file)
            if ours is None:
                raise
            raise ours from None


def _free(kept: DataFrame) -> None:
    """The blocks of a local checkpoint freed now (Spark frees them only once the JVM collects its RDD)."""
    plan = kept._jdf.queryExecution().analyzed()
    if plan.getClass().getSimpleName() == "LogicalRDD":
        plan.rdd().unpersist(False)


def _csv_events(numbered: DataFrame, columns: LogColumns, date_order: str) -> DataFrame:
    """The events of a numbered CSV log, with _CORRUPT and _NOT_UTF8."""
    # With any nullValue set, Spark still reads an unquoted empty field as NULL: NULL here is only ever ''.
    text = "trim(coalesce(stamp, ''))"
    return _offsets_kept(numbered.selectExpr(
        "row_number", "coalesce(case_id, '') AS case_id", "coalesce(activity, '') AS activity",
        f"{_parsed_timestamp(text, date_order)} AS ts_us", f"{text} AS ts_text",
        *(_optional(name, alias) for name, alias in _optional_columns(columns)), _CORRUPT, _NOT_UTF8))


def _renamed(raw: DataFrame, columns: LogColumns, *beside: Column) -> DataFrame:
    """The log's columns that ``columns`` names, under our names (``case_id``, ``activity``, ``stamp``, and the
    optional ones' ``role``, ``stage``, ``channel``), with the columns ``beside``: none of the log's own names (a
    column ``_id``) can then clash with those of ours."""
    functions = pyspark_sql().functions
    named = [(columns.case, "case_id"), (columns.activity, "activity"), (columns.timestamp, "stamp"),
             *((name, alias) for name, alias in _optional_columns(columns) if name is not None)]
    return raw.select(*(functions.expr(_quoted(name)).alias(alias) for name, alias in named), *beside)


def _parsed_timestamp(written: str, date_order: str) -> str:
    """Spark SQL for the microseconds since 1970 of the timestamp ``written``, read as DuckDB reads it (a date with
    the year last as ``date_order`` says, see ``queries.iso_dated``); NULL if not."""
    text = iso_dated(written, date_order, "${}")
    # Spark's cast wants seconds before a zone (09:00Z), which DuckDB does without.
    seconds = f"regexp_replace({text}, '{_MINUTES_ONLY}', '$1:00$2')"
    midnight = f"regexp_replace({seconds}, '{_END_OF_DAY}', '$100:00:00$4')"
    return _in_range(f"CASE WHEN {text} RLIKE '{_END_OF_DAY}' THEN CASE WHEN {midnight} RLIKE '{_TIMESTAMP_PATTERN}' "
                     f"THEN unix_micros(try_cast({midnight} AS timestamp)) + {_MICROSECONDS_PER_DAY} END "
                     f"WHEN {text} RLIKE '{_TIMESTAMP_PATTERN}' THEN unix_micros(try_cast({seconds} AS timestamp)) END")


def _in_range(micros: str) -> str:
    """Spark SQL of ``micros``, microseconds since 1970, where they are within years 1 to 9999 (as DuckDB's engine
    reads timestamps), else NULL."""
    return f"CASE WHEN {micros} BETWEEN {_FIRST_MICROS} AND {_LAST_MICROS} THEN {micros} END"


def _offsets_kept(events: DataFrame) -> DataFrame:
    """Events whose timestamps are text (``ts_text`` trimmed), that text kept only where it is no timestamp: where it
    is one, the UTC offset it was written with (see the Engine protocol)."""
    return events.withColumn("ts_text", pyspark_sql().functions.expr(
        f"CASE WHEN ts_us IS NULL THEN ts_text ELSE {written_offset('ts_text', 'ts_text')} END"))


def _parts(file: str) -> tuple[str, ...]:
    """The files of a Parquet log on this machine (``parquet_parts``: a folder's, by name, as DuckDB reads them; as
    file:// URLs where it was given as one); a log on a cluster's storage as it is (Spark lists a folder's files)."""
    local = local_path(file)
    if local is None:
        return (file,)
    parts = parquet_parts(local)
    return tuple(Path(part).absolute().as_uri() for part in parts) if file.startswith("file://") else parts


def _optional_columns(columns: LogColumns) -> list[tuple[str | None, str]]:
    return [(columns.role, "role"), (columns.stage, "stage"), (columns.channel, "channel")]


def _optional(name: str | None, alias: str, *, cast: bool = False) -> str:
    """An optional column, read as ``alias`` (``_renamed``), as written (NULL when the log names none)."""
    if name is None:
        return f"CAST(NULL AS string) AS {alias}"
    return f"cast({alias} AS string) AS {alias}" if cast else f"coalesce({alias}, '') AS {alias}"


def _quoted(name: str) -> str:
    """A column name as a Spark SQL identifier."""
    return "`" + name.replace("`", "``") + "`"


def _plain(value: Any) -> Any:
    """A value of a Spark row as DuckDB's engine gives it: a Decimal as int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
