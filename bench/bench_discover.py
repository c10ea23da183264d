"""Time the aggregation of event logs behind `journeymap discover` (DuckDB, Spark local) next to pm4py, in one run.

Run: .venv/bin/python bench/bench_discover.py [--sizes 1000000,10000000] [--formats csv,parquet] [--dir DIR]
                                              [--repeat 3] [--spark-master local[*]] [--skip pm4py,spark]

For each size and format, a generated log (bench/discover_logs.py, cached in --dir) is timed by, each in its own
process so that its peak memory (ru_maxrss, of the process and of any child it waited for, such as Spark's JVM)
is its own:
- floor: DuckDB reading the file — ``SELECT count(*), max(length(CAST(.. AS VARCHAR)))`` of the case, activity and
  timestamp columns (a bare count(*), or max(), of a Parquet file is answered from its footer: this reads them);
- duckdb: `journeymap discover LOG -o map.yaml --quiet` when the command exists (its modules, duckdb among them,
  imported before the clock starts, as pandas and pm4py are for theirs), else
  ``journeymap.discover.aggregate.aggregate`` (with the role, stage and channel columns when it takes them);
- spark: the same on ``SparkEngine`` (journeymap.discover.spark_engine) with --spark-master, when it exists;
- pm4py: pandas reads the log (every CSV value as text, with pyarrow's reader where it is installed, timestamps
  parsed to UTC; Parquet with pyarrow), then
  pm4py.format_dataframe, discover_dfg and discover_performance_dfg (median only, less work than its default);
  and the same without the reading, timed inside the same process.
The jobs run in --repeat rounds, each round running every job once in turn (each in a fresh process, so no run
warms another's cache), so that all share the shared machine's slower and faster minutes. Seconds are the fastest
run's; ratios are to the floor and to pm4py with its reading; a line under each log gives our seconds over pm4py's
within each round, and their median. "cpu s" is that run's processor time (user and system, its waited-for
children's too), steadier than seconds on a shared machine; DuckDB and Spark use every core, pandas one
(the cores this process may use are printed first: `taskset -c 0 python bench/bench_discover.py ...` runs every job on
one).
pm4py is AGPL: a yardstick here and an oracle in tests, never a dependency of the package. Its Parquet reading
needs pyarrow, which also makes its CSV reading faster: `.venv/bin/pip install -e '.[bench]'`. The versions of
duckdb, pm4py, pandas and pyarrow are printed first: pm4py's speed changes with pandas' (its 3.x strings).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from discover_logs import HEADER, generated_logs

JOBS = ("floor", "pm4py", "duckdb", "spark")  # the yardsticks first: later rows are ratios to them
CASE, ACTIVITY, TIMESTAMP = HEADER[:3]
DEFAULT_DIRECTORY = Path(tempfile.gettempdir()) / "journeymap-discover-logs"


def _peak_megabytes() -> float:
    """The peak resident memory of this process or of any child it waited for, in MB (ru_maxrss is in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024 / 1e6


def _cpu_seconds() -> float:
    """The processor time (user and system) of this process and of the children it waited for, in seconds."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def job_floor(path: Path, _: argparse.Namespace) -> dict[str, Any]:
    """DuckDB reading the log's three columns: the least any aggregation of it can cost."""
    import duckdb

    source = ("read_parquet($path)" if path.suffix == ".parquet"
              else "read_csv($path, header = true, auto_detect = false, columns = $types)")
    params: dict[str, Any] = {"path": str(path)}
    if path.suffix != ".parquet":
        params["types"] = {name: "VARCHAR" for name in HEADER}
    start = time.perf_counter()
    connection = duckdb.connect(":memory:")
    # An expression of each value, so that no Parquet statistic answers in place of reading the column.
    lengths = ", ".join(f"max(length(CAST({_quoted(name)} AS VARCHAR)))" for name in (CASE, ACTIVITY, TIMESTAMP))
    (row,) = connection.execute(f"SELECT count(*), {lengths} FROM {source}", params).fetchall()
    connection.close()
    return {"seconds": time.perf_counter() - start, "detail": f"{row[0]:,} rows"}


def _discover_command() -> bool:
    """Whether this journeymap has the `discover` command."""
    script = Path(sys.executable).parent / "journeymap"
    return subprocess.run([str(script), "discover", "--help"], capture_output=True).returncode == 0


def _aggregate_with(engine: Any, path: Path) -> tuple[float, str]:
    """Seconds taken by discover.aggregate on ``path`` (on ``engine`` unless None), and what it was given."""
    from journeymap.discover import aggregate as module

    try:
        columns = module.LogColumns(role="org:role", stage="stage", channel="channel")  # type: ignore[call-arg]
        given = "aggregate(), 6 columns"
    except TypeError:  # the first aggregate() took the three columns only
        columns, given = module.LogColumns(), "aggregate(), 3 columns"
    start = time.perf_counter()
    summary = module.aggregate(path, columns) if engine is None else module.aggregate(  # type: ignore[call-arg]
        path, columns, engine=engine)
    return time.perf_counter() - start, f"{given}: {len(summary.pairs)} pairs"


def _discover(path: Path, options: list[str]) -> tuple[float, str]:
    """Seconds taken by `journeymap discover` on ``path`` with ``options``, in this process."""
    from journeymap.cli import main
    # What the command imports when it runs, imported before the clock starts, as pandas and pm4py are.
    from journeymap.discover import run  # noqa: F401

    out = Path(tempfile.mkdtemp(prefix="journeymap-bench-")) / "map.yaml"
    start = time.perf_counter()
    code = main(["discover", str(path), "-o", str(out), "--quiet", "--role", "org:role", "--stage", "stage",
                 "--channel", "channel", *options])
    seconds = time.perf_counter() - start
    if code not in (0, None):
        raise RuntimeError(f"journeymap discover exited {code}")
    return seconds, f"journeymap discover: {out.stat().st_size:,} bytes of map"


def job_duckdb(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Our aggregation on DuckDB: the discover command when it exists, else aggregate()."""
    seconds, detail = _discover(path, []) if args.command else _aggregate_with(None, path)
    return {"seconds": seconds, "detail": detail}


def job_spark(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Our aggregation on Spark local, when journeymap has its Spark engine and PySpark is installed."""
    try:
        from journeymap.discover.spark_engine import SparkEngine  # type: ignore[import-not-found]
    except ImportError as err:
        return {"skipped": f"no Spark engine here ({err})"}
    if args.command:
        seconds, detail = _discover(path, ["--engine", "spark", "--spark-master", args.spark_master])
    else:
        seconds, detail = _aggregate_with(SparkEngine(master=args.spark_master), path)
    return {"seconds": seconds, "detail": detail}


def job_pm4py(path: Path, _: argparse.Namespace) -> dict[str, Any]:
    """pm4py's directly-follows graph and its performance DFG, with pandas reading the log first."""
    import pandas as pd
    import pm4py

    start = time.perf_counter()
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        # pandas' fastest reader where pyarrow is installed (the same frame as its default reader's, in 0.4 of
        # its time at 1M events); keep_default_na=False: NA is a case id.
        engine = "pyarrow" if importlib.util.find_spec("pyarrow") else "c"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, engine=engine)
        frame[TIMESTAMP] = pd.to_datetime(frame[TIMESTAMP], utc=True, format="ISO8601")
    read = time.perf_counter()
    frame = pm4py.format_dataframe(frame)
    dfg, _, _ = pm4py.discover_dfg(frame)
    pm4py.discover_performance_dfg(frame, perf_aggregation_key="median")
    done = time.perf_counter()
    return {"seconds": done - start, "without_reading": done - read, "detail": f"{len(dfg)} pairs"}


JOB_CALLS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "floor": job_floor, "duckdb": job_duckdb, "spark": job_spark, "pm4py": job_pm4py}


def run_job(job: str, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One run of a job in its own process: its figures with its peak memory, or why it failed or was skipped."""
    command = [sys.executable, __file__, "--job", job, str(path), "--spark-master", args.spark_master]
    if args.command:
        command.append("--command")
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parent)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        error = next((line for line in reversed(lines) if re.match(r"[\w.]+(Error|Exception)\b", line)), lines[-1])
        return {"skipped": f"failed (exit {done.returncode}): {error.strip()[:160]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_rounds(path: Path, args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    """--repeat rounds of every job not skipped, each round running each job once in turn, so that the jobs share
    the machine's moods (on a shared machine they last minutes); a job that fails or skips is not run again."""
    runs: dict[str, list[dict[str, Any]]] = {job: [{"skipped": "--skip"}] if job in args.skip else [] for job in JOBS}
    for _ in range(args.repeat):
        for job in JOBS:
            if not runs[job] or "skipped" not in runs[job][-1]:
                runs[job].append(run_job(job, path, args))
    return runs


def _version(package: str) -> str:
    """The installed version of ``package``, or "not installed" (pm4py's speed depends on pandas' and pyarrow's)."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _ratio(seconds: float | None, to: float | None) -> str:
    return f"{seconds / to:.2f}" if seconds and to else "-"


def report(sizes: Sequence[int], formats: Sequence[str], args: argparse.Namespace) -> None:
    """Generate (or reuse) the logs, run every job on each (the floor and pm4py first, the yardsticks) printing
    each row as soon as it is measured, then growth with size."""
    print(f"{'events':>10} {'format':7} {'what':16} {'seconds':>8} {'/ floor':>8} {'/ pm4py':>8} {'cpu s':>7} "
          f"{'MB':>7}  detail")
    timings: dict[tuple[str, str, int], float] = {}
    for size in sizes:
        csv_path, parquet_path = generated_logs(args.dir, size)
        for format in formats:
            path = csv_path if format == "csv" else parquet_path
            yardsticks: dict[str, float | None] = {"floor": None, "pm4py": None}
            runs = run_rounds(path, args)
            for job in JOBS:
                result = min(runs[job], key=lambda run: run.get("seconds", 0.0))
                if job in yardsticks:
                    yardsticks[job] = result.get("seconds")
                rows = [(job, result)]
                if "without_reading" in result:
                    rows.append(("pm4py, no read", {"seconds": result["without_reading"],
                                                    "detail": "the same process, after pandas read the log"}))
                for what, row in rows:
                    if "skipped" in row:
                        print(f"{size:>10} {format:7} {what:16} {'skipped: ' + row['skipped']}", flush=True)
                        continue
                    seconds = row["seconds"]
                    timings[format, what, size] = seconds
                    megabytes = f"{row['megabytes']:7.0f}" if "megabytes" in row else f"{'':>7}"
                    cpu = f"{row['cpu']:7.2f}" if "cpu" in row else f"{'-':>7}"
                    print(f"{size:>10} {format:7} {what:16} {seconds:8.2f} {_ratio(seconds, yardsticks['floor']):>8} "
                          f"{_ratio(seconds, yardsticks['pm4py']):>8} {cpu} {megabytes}  {row.get('detail', '')}",
                          flush=True)
            if rounds := _rounds_line(runs):
                print(rounds, flush=True)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"\ngrowth from {small:,} to {large:,} events ({large / small:.0f}x the events): seconds ratio")
        for (format, what, size), seconds in sorted(timings.items()):
            if size == large and (format, what, small) in timings:
                print(f"  {format:7} {what:16} {seconds / timings[format, what, small]:6.1f}x")


def _rounds_line(runs: dict[str, list[dict[str, Any]]]) -> str:
    """Our seconds over pm4py's within each round, steadier than the fastest over the fastest when the machine's
    speed drifts."""
    parts = []
    for job in ("duckdb", "spark"):
        pairs = [(ours["seconds"], theirs["seconds"]) for ours, theirs in zip(runs[job], runs["pm4py"])
                 if "seconds" in ours and "seconds" in theirs]
        if pairs:
            ratios = sorted(ours / theirs for ours, theirs in pairs)
            parts.append(f"{job} / pm4py by round: {', '.join(f'{ratio:.2f}' for ratio in ratios)} "
                         f"(median {statistics.median(ratios):.2f})")
    return "  " + "; ".join(parts) if parts else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table (or, with --job, run one job and print its figures as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000", help="comma-separated numbers of events")
    parser.add_argument("--formats", default="csv,parquet")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIRECTORY, help="where the generated logs are kept")
    parser.add_argument("--spark-master", default="local[*]")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of runs of every job; the fastest of each is shown")
    parser.add_argument("--skip", default="", help="comma-separated jobs to leave out: " + ", ".join(JOBS))
    parser.add_argument("--job", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--command", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("log", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        before = _cpu_seconds()
        result = JOB_CALLS[args.job](args.log, args)
        print(json.dumps({**result, "cpu": _cpu_seconds() - before, "megabytes": _peak_megabytes()}))
        return 0
    args.skip = set(filter(None, args.skip.split(",")))
    args.command = _discover_command()
    print("our aggregation runs as: " + ("journeymap discover" if args.command
                                         else "discover.aggregate.aggregate() (no discover command yet)"))
    print("versions: " + ", ".join(f"{name} {_version(name)}" for name in ("duckdb", "pm4py", "pandas", "pyarrow")))
    # DuckDB and Spark use every core, pandas mostly one: the ratios depend on how many (`taskset -c 0 ...` for one).
    print(f"cores: {len(os.sched_getaffinity(0))} of {os.cpu_count()}")
    report([int(size) for size in args.sizes.split(",")], args.formats.split(","), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
