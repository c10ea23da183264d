"""journeymap discover: a map from an event log — its arguments, and the command (a progress bar on a terminal, the
map written whole or not at all, Ctrl-C stopping cleanly). Light to import: the engines load only when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymap.cli.arguments import whole_number
from journeymap.cli.commands import EXIT_OK
from journeymap.errors import Problem, UsageError, diagnostic, did_you_mean
from journeymap.model_records import DEFAULT_THRESHOLD
from journeymap.rendering.records import dense_flow_note
from journeymap.wording import counted

__all__ = ["EXIT_INTERRUPTED", "add_discover", "do_discover"]

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
_MAP_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_LOG_SUFFIXES = ".csv, .tsv, .csv.gz, .parquet, .xes, .xes.gz"
_CASES = whole_number(1, says="a whole number of cases, at least 1")  # --threshold and --min-cases


def add_discover(subcommands: Any) -> None:
    """The ``discover`` command's arguments and help, on the parser's subcommands."""
    command = subcommands.add_parser(
        "discover", help="discover a map from an event log: touchpoints, steps, waits and who co-produced",
        description="Read an event log (one row per event: case id, activity, timestamp; optionally a role or "
        "resource, a stage and a channel) and write a map: activities become touchpoints with their cases and "
        "events, directly-follows pairs become flow steps with their cases and median and 90th-percentile hours, "
        "stages carry their cases and entry waits, and events by carers, family, volunteers, peers, neighbours, "
        "community groups or the person themself become actual co-delivery of that group's time. Anything seen in "
        "fewer cases than the disclosure threshold is never written: it is counted as hidden, and the map says so. "
        "Without -o the YAML goes to standard output. OUT is written over only when discover wrote it and nobody "
        "has edited it since (YAML), or it already holds the same map; otherwise --force.")
    command.add_argument("log", metavar="LOG", help=f"the event log ({_LOG_SUFFIXES}; a folder of Parquet files), or "
                         "its URL for --engine spark (s3a://, hdfs://)")
    command.add_argument("-o", "--output", type=Path, metavar="OUT", help="the map to write (.yaml, .yml or .json)")
    columns = command.add_argument_group("columns (default: the XES / pm4py names)")
    columns.add_argument("--case", metavar="COLUMN", default="case:concept:name", help="the case id's column")
    columns.add_argument("--activity", metavar="COLUMN", default="concept:name", help="the activity's column")
    columns.add_argument("--timestamp", metavar="COLUMN", default="time:timestamp", help="the timestamp's column")
    columns.add_argument("--role", metavar="COLUMN",
                         help="who performed the event (default: org:role, else org:resource, whose values are "
                         "never written: every non-citizen resource is 'Staff')")
    columns.add_argument("--stage", metavar="COLUMN", help="each event's stage (an activity's most common one)")
    columns.add_argument("--channel", metavar="COLUMN", help="each event's channel (an activity's most common one)")
    dates = command.add_mutually_exclusive_group()
    dates.add_argument("--day-first", dest="date_order", action="store_const", const="day-first", default="iso",
                       help="read dates written with the year last day first: 04/03/2024 09:00 is 4 March, and times "
                       "on a 12-hour clock, 9:05 PM (default: ISO 8601 only, 2024-03-04 21:05)")
    dates.add_argument("--month-first", dest="date_order", action="store_const", const="month-first",
                       help="read dates written with the year last month first: 04/03/2024 09:00 is April 3")
    command.add_argument("--stages", type=Path, metavar="FILE",
                         help="a YAML file naming each stage's activities (Stage name: [activity, ...]); default: "
                         "the stage column, else each activity a stage of its own")
    command.add_argument("--roles", type=Path, metavar="FILE",
                         help="a YAML file mapping role values to journeymap's role words (value: carer) or to "
                         "{group: Name, role: word}")
    command.add_argument("--threshold", type=_CASES, default=DEFAULT_THRESHOLD, metavar="N",
                         help=f"never write anything seen in fewer than N cases (default: {DEFAULT_THRESHOLD})")
    command.add_argument("--min-cases", type=_CASES, metavar="N",
                         help="a filter: leave out activities and steps in fewer than N cases (disclosed in the map)")
    command.add_argument("--variants", type=_share, metavar="SHARE",
                         help="a filter: keep only the most common variants covering SHARE of the cases, 0-1, "
                         "e.g. 0.8, and any as common as the last of them (disclosed in the map)")
    command.add_argument("--title", metavar="TEXT", help="the map's title (default: Journeys from LOG)")
    command.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                         help="where the log is aggregated: duckdb (embedded, the default) or spark "
                         "(pip install 'journeymap[spark]')")
    command.add_argument("--spark-master", metavar="URL", default="local[*]",
                         help="the Spark master with --engine spark (default: local[*]; e.g. spark://host:7077, yarn)")
    command.add_argument("--memory-limit", metavar="SIZE", default=None,
                         help="DuckDB's memory: past it, it spills to a temporary directory removed afterwards "
                         "(default: 1.5GB, enough for 10 million events; e.g. 4GB)")
    command.add_argument("-q", "--quiet", action="store_true",
                         help="no progress bar, summary or warnings on standard error (errors still)")
    command.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    command.set_defaults(run=do_discover)


def _share(text: str) -> float:
    """A share of cases: above 0, at most 1."""
    try:
        share = float(text.strip().removesuffix("%")) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError(f"must be a share of cases above 0 and at most 1 (e.g. 0.8), not {text!r}")
    return share


def do_discover(args: argparse.Namespace) -> int:
    """journeymap discover: the map of an event log, to a file or standard output."""
    fmt = _map_format(args.output)
    from journeymap.discover.progress import Progress
    from journeymap.discover.run import DEFAULT_MEMORY_LIMIT, Watch, discover_log, steps_for
    from journeymap.discover.summary import LogColumns

    columns = LogColumns(case=args.case, activity=args.activity, timestamp=args.timestamp, role=args.role,
                         stage=args.stage, channel=args.channel)
    shown = not args.quiet and sys.stderr.isatty()
    try:
        with Progress([*steps_for(args.log), "writing"], sys.stderr, shown) as progress:
            found = discover_log(
                args.log, columns, threshold=args.threshold, min_cases=args.min_cases, variant_share=args.variants,
                title=args.title, stages=args.stages, roles=args.roles, date_order=args.date_order, engine=args.engine,
                spark_master=args.spark_master, memory_limit=args.memory_limit or DEFAULT_MEMORY_LIMIT,
                watch=Watch(progress.step, progress.within))
            progress.step("writing")
            _write_map(found.journey, fmt, args)
    except KeyboardInterrupt:
        print(diagnostic("error", "interrupted; no map written"), file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        for warning in _warnings(found, str(args.log)):
            print(warning.diagnostic("warning"), file=sys.stderr)
    if shown:
        print(_summary_line(found, args.output), file=sys.stderr)
        if note := dense_flow_note(found.journey):
            print(diagnostic("note", note), file=sys.stderr)
    return EXIT_OK


def _map_format(output: Path | None) -> str:
    """The format of the map to write: YAML without -o, else from OUT's suffix (YAML or JSON)."""
    if output is None:
        return "yaml"
    suffix = output.suffix.lower()
    if suffix not in _MAP_SUFFIXES:
        hint = did_you_mean(suffix, _MAP_SUFFIXES) or "discover writes .yaml, .yml or .json"
        raise UsageError(f"cannot tell the map format of {str(output)!r} from its suffix: {hint}")
    return _MAP_SUFFIXES[suffix]


def _write_map(journey: Any, fmt: str, args: argparse.Namespace) -> None:
    """The map written to OUT whole or not at all (never over work to keep), or to standard output."""
    from journeymap.cli.commands import _marked_map, _unchanged_json
    from journeymap.discover.engine import log_name
    from journeymap.files import unedited_since, write_guarded
    from journeymap.io import dumps

    text = dumps(journey, fmt)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    text = _marked_map(text, fmt, "discover", Path(log_name(args.log)))
    write_guarded(args.output, text, unedited_since("discover") if fmt == "yaml" else _unchanged_json("discover"),
                  force=args.force)


def _warnings(found: Any, log: str) -> list[Problem]:
    """What the user should hear of even in a script: entries of the roles or stages file matching nothing in the log,
    and events skipped for want of a timestamp (in an XES log, placed at the first of them)."""
    from journeymap.discover.build import skipped_sentence

    quality, places = found.summary.quality, found.places
    if quality is None or not quality.skipped_events:
        return list(found.warnings)
    first = places.of(quality.skipped_rows[0]) if places is not None and quality.skipped_rows else None
    return [*found.warnings, Problem(message=skipped_sentence(quality, places, more=", ..."), file=log,
                                     line=first[0] if first else None, column=first[1] if first else None,
                                     suggestion="the map's evidence notes it too")]


ENGINE_NAMES = {"duckdb": "DuckDB", "spark": "Apache Spark"}
def _summary_line(found: Any, output: Path | None) -> str:
    """One line at the end: what was read, written and hidden, and how long it took."""
    journey, hidden = found.journey, found.journey.evidence.hidden
    where = f" to {output}" if output is not None else ""
    return (f"discovered {found.summary.cases:,} cases, {found.summary.events:,} events: "
            f"{counted(len(journey.touchpoints), 'touchpoint')} and {counted(len(journey.flow), 'step')} written"
            f"{where}, {counted(hidden.total, 'item')} hidden, in {found.seconds:.1f} s on "
            f"{ENGINE_NAMES[found.summary.engine]}")
