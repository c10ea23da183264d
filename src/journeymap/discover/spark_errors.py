"""What becomes of Spark's and its JVM's errors in the Spark engine: a log Spark cannot find or read is an
InvalidLogError; running out of memory, or losing the JVM (killed, say by the kernel's out-of-memory killer), is an
EngineError saying so and what to do; anything else (a mistake in our SQL) is left as it is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from journeymap.discover.errors import EngineError, InvalidLogError
from journeymap.discover.spark_session import jvm_exit, pyspark_sql
from journeymap.errors import Problem

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["jvm_gone", "translated"]

_OUT_OF_MEMORY = "java.lang.OutOfMemoryError"
# Spark's analysis errors that say the log cannot be read (any other is a mistake in our SQL, left as it is).
_UNREADABLE = ("PATH_NOT_FOUND", "UNABLE_TO_INFER_SCHEMA", "PARQUET_TYPE_ILLEGAL", "PARQUET_TYPE_NOT_SUPPORTED",
               "COLUMN_ALREADY_EXISTS")
# What to do about the reasons Spark gives most, by a word of each.
_HINTS = {
    "TIMESTAMP(NANOS": "Spark reads no nanosecond timestamps: write them in microseconds, or read the log with DuckDB "
                       "(the default engine)",
    "COLUMN_ALREADY_EXISTS": "Spark takes column names that differ only in case (Note, note) for one: rename one of "
                             "them, or read the log with DuckDB (the default engine)",
    "PARQUET_COLUMN_DATA_TYPE_MISMATCH": "write every file of the log with the same column types (DuckDB reads such a "
                                         "folder, taking the first file's)",
}
_EXIT_WAIT = 5.0  # seconds a JVM whose connection failed is given to have exited
_MEMORY_HINT = ("If it ran out of memory, give it more: SPARK_DRIVER_MEMORY=8g (on local[*] the driver does all the "
                "work), or spark.driver.memory and spark.executor.memory in spark-defaults.conf on a cluster.")


def translated(err: Exception, session: SparkSession, file: str) -> Exception | None:
    """Our error for ``err``, raised by Spark reading or aggregating the log ``file`` on ``session``; None where it
    is to be left as it is."""
    errors = _pyspark_errors()
    if isinstance(err, errors.ParseException | errors.AnalysisException):
        return _read_error(err, file) if any(kind in str(err) for kind in _UNREADABLE) else None
    if isinstance(err, errors.PySparkException | _py4j().Py4JJavaError):
        return EngineError(_out_of_memory(session)) if _OUT_OF_MEMORY in str(err) else _read_error(err, file)
    if jvm_gone(err):  # its own words, if any, are on standard error already
        return EngineError(f"Spark stopped while aggregating the event log ({_stopped(err)}); its JVM's messages, "
                           f"if any, are above. {_MEMORY_HINT}")
    return None


def jvm_gone(err: Exception) -> bool:
    """Whether ``err``, raised by a call to the JVM, says that the JVM went away: no connection could be made, or it
    has exited (Py4J then fails every call with a plain Py4JError, such as "PythonUtils does not exist in the JVM").
    A connection reset comes as the killed JVM closes its sockets, a moment before it has exited: that is waited
    for (a plain Py4JError of a JVM still running waits as long, an error anyway)."""
    protocol = _py4j()
    if isinstance(err, ConnectionError | protocol.Py4JNetworkError):
        return True
    return (isinstance(err, protocol.Py4JError) and not isinstance(err, protocol.Py4JJavaError)
            and jvm_exit(wait=_EXIT_WAIT) is not None)


def _stopped(err: Exception) -> str:
    """Why the JVM stopped, as far as this process can tell: how it exited (given the moment it takes), else the
    error."""
    code = jvm_exit(wait=_EXIT_WAIT)
    if code is None:
        return str(err)
    return f"its JVM was killed by signal {-code}" if code < 0 else f"its JVM exited with code {code}"


def _out_of_memory(session: SparkSession) -> str:
    """What to say when Spark ran out of memory: how much its driver had, and how to give it more."""
    driver = session.sparkContext.getConf().get("spark.driver.memory", "1g")
    return f"Spark ran out of memory aggregating the event log (its driver had {driver}). {_MEMORY_HINT}"


def _read_error(err: Exception, file: str) -> InvalidLogError:
    """The log cannot be read: Spark's reason (the JVM's exception where Py4J's words only say a call failed)."""
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("An error occurred while calling"):
        lines = [re.sub(r"^: ([\w.$]+: )+", "", lines[1])]
    reason = lines[0] if lines else str(err)
    suggestion = next((hint for kind, hint in _HINTS.items() if kind in reason),
                      "check the path, and that the file is CSV (UTF-8) or Parquet")
    return InvalidLogError([Problem(message=f"cannot read the event log: {reason}", file=file, suggestion=suggestion)])


def _pyspark_errors() -> Any:
    pyspark_sql()
    import pyspark.errors

    return pyspark.errors


def _py4j() -> Any:
    """py4j.protocol, whose errors PySpark's calls raise: Py4JJavaError for an exception the JVM raised,
    Py4JNetworkError where no connection to the JVM could be made, and Py4JError (their base) for any other failure,
    such as a command the JVM never answered."""
    import py4j.protocol  # type: ignore[import-untyped]  # py4j ships no types

    return py4j.protocol
