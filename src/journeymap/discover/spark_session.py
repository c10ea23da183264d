"""The SparkSession `journeymap discover --engine spark` runs on: times in UTC, few shuffle partitions, no UI or Hive,
scratch files in a temporary folder, and quiet — nothing of Spark's on standard error (its log4j logs, the JVM's
start-up warning, PySpark's JSON log of each SQL error), so that ``--quiet`` prints nothing and a normal run only
the progress and summary. A failure still reaches the caller, as an exception; what the JVM itself prints besides
the known start-up warning (a crash, an out-of-memory error) is passed on to standard error as it comes, but not
PySpark's or Py4J's tracebacks when the JVM is gone.

One SparkContext runs in a process at a time: ``running_session`` finds the one running on a master, so that an
engine uses it (and leaves it running) rather than stopping someone else's.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from journeymap.errors import UsageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["SHUFFLE_PARTITIONS", "jvm_exit", "local_driver_memory", "pyspark_sql", "running_session", "spark_session"]

SHUFFLE_PARTITIONS = 4  # an event log's aggregates are small; adaptive execution coalesces further
# Spark's own logs are never shown: a failure reaches the caller as an exception.
_LOG4J = """\
rootLogger.level = fatal
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""
# What the driver's JVM prints on standard error past any logger, dropped (the starts of its lines): the JVM's warning
# of the module Spark adds to it, and Spark's word on the log level it sets for a Python shell.
_JVM_NOISE = (b"WARNING: Using incubator modules: ", b'Setting default log level to "',
              b"To adjust logging level use sc.setLogLevel(")
# PySpark's Python loggers that write every SQL error it raises as JSON on standard error, the exception aside.
_PYSPARK_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")
# What Py4J logs, with a traceback, on the root logger (so that Python prints it on standard error when nothing is
# configured) for each command it cannot send to the JVM; the call fails as well.
_PY4J_SEND_FAILED = "Exception while sending command."


def spark_session(master: str = "local[*]", *, shuffle_partitions: int = SHUFFLE_PARTITIONS,
                  config: dict[str, str] | None = None) -> SparkSession:
    """A new SparkSession on ``master`` for event logs: times in UTC, few shuffle partitions, no UI, no Hive, no
    logs, its warehouse and scratch files in a temporary folder removed at exit (and, on ``local-cluster``, its
    executors' folders); ``config`` adds or overrides settings (Java options are added). A local master (``local[2]``,
    ``local-cluster[2,1,1024]``) talks over the loopback interface only. An error if a session already runs in this
    process (on another master: stop it first; on this one: use it, see ``running_session``)."""
    session_class = pyspark_sql().SparkSession
    context = _running_context()
    if context is not None:
        raise UsageError(f"a Spark session on {context.master} already runs in this process: stop it first, or "
                         "give it to the engine")
    scratch = Path(tempfile.mkdtemp(prefix="journeymap-spark-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    (scratch / "log4j2.properties").write_text(_LOG4J, encoding="utf-8")
    quiet = f"-Dlog4j2.configurationFile=file:{scratch / 'log4j2.properties'}"
    settings = {
        "spark.master": master,
        "spark.app.name": "journeymap discover",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.sql.adaptive.enabled": "true",
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        "spark.local.dir": str(scratch / "local"),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.extraJavaOptions": quiet,
        "spark.executor.extraJavaOptions": quiet,
    }
    if master.startswith("local"):
        # The driver, and a local cluster's master, workers and executors, bind to the loopback address.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    if master == "local" or master.startswith("local["):
        # Here the driver does all the work: Spark's default of 1g runs out at 10M events. Half the machine's
        # memory, unless spark-defaults.conf, --driver-memory or the variable itself says otherwise.
        os.environ.setdefault("SPARK_DRIVER_MEMORY", local_driver_memory())
    for key, value in (config or {}).items():  # Java options go after the quiet logging's, others replace
        settings[key] = f"{settings[key]} {value}" if key.endswith("JavaOptions") and key in settings else value
    _quiet_pyspark_loggers()
    _quiet_py4j_send_failures()
    _start_jvm(settings)
    builder = session_class.builder
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():  # pyspark warns about pandas versions, which the engine does not use
        warnings.simplefilter("ignore", FutureWarning)
        session: SparkSession = builder.getOrCreate()
    _quiet_accumulator_server(session.sparkContext)
    if master.startswith("local-cluster"):
        # A local cluster's workers keep each application's executor folders under SPARK_HOME/work (in the pip
        # install, pyspark's own folder): this one's go at exit.
        atexit.register(shutil.rmtree, _spark_home() / "work" / session.sparkContext.applicationId,
                        ignore_errors=True)
    return session


def local_driver_memory() -> str:
    """Half this machine's memory in megabytes, as Spark writes a size ("11776m"), and at least Spark's 1g."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows), or no such name
        total = 0
    return f"{max(1024, total // 2 // 2 ** 20)}m"


def running_session(master: str) -> SparkSession | None:
    """The SparkSession running in this process on ``master``, or None when none runs; an error if one runs on
    another master (a process holds one SparkContext)."""
    context = _running_context()
    if context is None:
        return None
    if context.master != master:
        raise UsageError(f"a Spark session on {context.master} already runs in this process, not on {master}: "
                         f"stop it first, or use --spark-master {context.master}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        session: SparkSession = pyspark_sql().SparkSession.builder.getOrCreate()  # the running one, unchanged
    return session


def pyspark_sql() -> Any:
    """pyspark.sql, imported on first use; a clear error when the spark extra is not installed."""
    try:
        with warnings.catch_warnings():  # pyspark warns at import about pandas versions it does not use here
            warnings.simplefilter("ignore", FutureWarning)
            import pyspark.sql
            import pyspark.sql.functions
            import pyspark.sql.types
    except ImportError:
        raise UsageError("the spark engine needs pyspark and Java 17: pip install 'journeymap[spark]'") from None
    return pyspark.sql


def jvm_exit(wait: float = 0.0) -> int | None:
    """How this process's JVM (the driver's, which PySpark started) ended: its exit code, negative for the signal
    that killed it (-9: the kernel's out-of-memory killer, say); None while it runs after ``wait`` seconds, or where
    PySpark did not start it (then this process cannot tell)."""
    from pyspark import SparkContext

    process = getattr(SparkContext._gateway, "proc", None)
    if process is None:
        return None
    try:
        code: int | None = process.wait(wait) if wait else process.poll()
    except subprocess.TimeoutExpired:
        return None
    return code


def _running_context() -> Any:
    """The SparkContext running in this process, or None."""
    pyspark_sql()
    from pyspark import SparkContext

    return SparkContext._active_spark_context


def _quiet_pyspark_loggers() -> None:
    """PySpark's loggers of SQL errors silenced (each error is raised as well: the caller hears of it)."""
    from pyspark.logger import PySparkLogger

    for name in _PYSPARK_LOGGERS:
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL + 1)


class _Py4JSendFailures(logging.Filter):
    """Drops Py4J's log of a command it could not send (see _PY4J_SEND_FAILED): the engine raises EngineError."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == _PY4J_SEND_FAILED and "py4j" in Path(record.pathname).parts)


def _quiet_py4j_send_failures() -> None:
    """Py4J's tracebacks of commands sent to a JVM that is gone, dropped: one for the call that fails, and one for
    each Java object Python frees afterwards (PySpark's RDDs are freed by the garbage collector, at any moment)."""
    root = logging.getLogger()
    if not any(isinstance(known, _Py4JSendFailures) for known in root.filters):
        root.addFilter(_Py4JSendFailures())


def _quiet_accumulator_server(context: Any) -> None:
    """PySpark's accumulator server (a socket server in this process, fed by the JVM) prints a traceback on standard
    error when the JVM dies: not that one, as the engine says so itself (EngineError). Any other error it prints."""
    server = getattr(context, "_accumulatorServer", None)
    if server is None:
        return
    printed = server.handle_error

    def handle_error(request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (EOFError, ConnectionError)):
            printed(request, client_address)

    server.handle_error = handle_error


def _start_jvm(settings: dict[str, str]) -> None:
    """The driver's JVM started with ``settings``, its standard error passed on without the known start-up warning;
    nothing when this process already has one (a JVM serves every SparkContext of a process in turn)."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    if SparkContext._gateway is not None:
        return
    conf = SparkConf()
    for key, value in settings.items():
        conf.set(key, value)
    gateway = launch_gateway(conf, popen_kwargs={"stderr": subprocess.PIPE})  # type: ignore[no-untyped-call]
    process = getattr(gateway, "proc", None)
    if process is not None and process.stderr is not None:
        threading.Thread(target=_pass_on, args=(process.stderr,), name="journeymap-spark-stderr",
                         daemon=True).start()
    SparkContext._ensure_initialized(gateway=gateway)


def _pass_on(stream: IO[bytes], noise: Iterable[bytes] = _JVM_NOISE) -> None:
    """The JVM's standard error, line by line, to ours, but for lines starting with ``noise``."""
    dropped = tuple(noise)
    for line in iter(stream.readline, b""):
        if line.startswith(dropped):
            continue
        target = sys.stderr
        binary = getattr(target, "buffer", None)
        if binary is not None:
            binary.write(line)
        else:
            target.write(line.decode("utf-8", "replace"))
        target.flush()


def _spark_home() -> Path:
    """The Spark installation the driver runs: SPARK_HOME, else pyspark's own folder (the pip install)."""
    from pyspark.find_spark_home import _find_spark_home

    return Path(os.environ.get("SPARK_HOME") or _find_spark_home())
