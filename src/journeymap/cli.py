"""The ``journeymap`` command line: render, check, analyse and report on map files.

It is longer than 400 lines because every command's arguments, help and guard against losing work are
defined here, beside the one parser that reads them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn, TextIO, TypeVar

from journeymap import __version__
from journeymap.analysis import Analysis, analyse
from journeymap.checks import find_warnings
from journeymap.comparison import JourneyDiff, diff
from journeymap.errors import (
    InvalidMapError, JourneyMapError, JourneyMapWarning, PROGRAM, Problem, UsageError, diagnostic, did_you_mean,
)
from journeymap.files import Judge, drawn, marked, unedited_since, write_guarded
from journeymap.io import SUFFIXES, dumps, load, read_map
from journeymap.io.source import MAX_BYTES, MAX_BYTES_VARIABLE
from journeymap.rendering import FORMATS, THEMES, VIEWS, render
from journeymap.schema import SCHEMA_ID, schema_text
from journeymap.starter import DEFAULT_PATH, next_steps, write_starter
from journeymap.tables import analysis_tables, diff_tables
from journeymap.wording import counted

EXIT_OK, EXIT_WARNINGS, EXIT_ERROR = 0, 1, 2
_Result = TypeVar("_Result", Analysis, JourneyDiff)
_SUFFIX_FORMATS = {".gv": "dot", ".htm": "html", ".mmd": "mermaid"}
# The diagrams render() draws, and the journey part as a Mermaid diagram (io writes that, a map format too).
_BINARY_FORMATS = {"png", "pdf"}
_COMMENTS = {"yaml": "#", "mermaid": "%%"}  # how a map format starts a comment line (JSON has none)
_MAP_SUFFIXES = ", ".join(SUFFIXES)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 warnings, 2 invalid input or usage, 128 + N on signal N)."""
    try:
        with _terminable():
            return _main(argv)
    except Terminated as stop:
        return 128 + stop.signum


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so Graphviz is stopped and no partial file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _terminable() -> Iterator[None]:
    """Within, the first SIGTERM or SIGHUP raises Terminated; the default handlers are back after."""
    arrived: list[int] = []

    def handle(signum: int, _: FrameType | None) -> None:
        arrived.append(signum)
        if len(arrived) == 1:  # once only: a second signal must not cut short the cleanup the first started
            raise Terminated(signum)

    # Only the default action (die on the spot) is replaced: an ignored SIGHUP (nohup) stays ignored, and a
    # caller's own handler stays theirs. Handlers can only be set in the main thread.
    taken = [signum for signum in _TERMINATING if signal.getsignal(signum) == signal.SIG_DFL] \
        if threading.current_thread() is threading.main_thread() else []
    try:
        for signum in taken:
            signal.signal(signum, handle)
        yield
    finally:
        try:
            arrived.append(0)  # from here on a signal is held, then given its default action once restored
        finally:
            for signum in taken:
                signal.signal(signum, signal.SIG_DFL)
        if arrived[0] == 0 and len(arrived) > 1:
            signal.raise_signal(arrived[1])


def _main(argv: Sequence[str] | None) -> int:
    """main, with SIGTERM and SIGHUP raising Terminated."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _warnings_told():
            code = int(args.run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not as a traceback at exit
        return code
    except InvalidMapError as error:
        _print_problems(error.problems, "error", sys.stderr)
        return EXIT_ERROR
    except JourneyMapError as error:
        print(diagnostic("error", str(error)), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        _drop_stdout()
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return EXIT_OK
    except OSError as error:  # files go through write_atomic (an OutputError): this is standard output
        _drop_stdout()
        where = f"cannot write {error.filename}" if error.filename else "cannot write to standard output"
        print(diagnostic("error", f"{where}: {error.strerror or error}"), file=sys.stderr)
        return EXIT_ERROR
    except UnicodeEncodeError as error:  # text no encoding can write (the readers refuse it; Python can make it)
        _drop_stdout()
        print(diagnostic("error", f"cannot write to standard output: the text holds "
                                  f"{ascii(error.object[error.start])}, which {error.encoding} cannot encode"),
              file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so Python's last flush of what is left fails no more."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (e.g. captured in tests): nothing will flush it
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the one format of every message (the usage line as a continuation)."""

    def error(self, message: str) -> NoReturn:
        """Print ``journeymap: error: ...`` and the command's usage, indented below; exit 2."""
        command = self.prog.removeprefix(PROGRAM).strip()  # "render", or nothing for journeymap itself
        said = f"{command}: {message}" if command else message
        self.exit(EXIT_ERROR, diagnostic("error", f"{said}\n{self.format_usage().strip()}") + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journeymap",
        description="Customer-journey maps that show co-production, and the citizens' assets that go unused.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    reading = _Parser(add_help=False)  # what every command that reads maps takes
    reading.add_argument("--max-bytes", type=_byte_count, metavar="N",
                         help=f"read map files of up to N bytes (default: {MAX_BYTES_VARIABLE} if set, "
                              f"else {MAX_BYTES:,}); a guard against hostile files")

    render_cmd = commands.add_parser("render", parents=[reading], help="draw a map as a diagram",
                                     description="Draw a map. The format comes from -f, else from OUT's suffix, "
                                     "else svg; without -o the diagram goes to standard output. OUT is written "
                                     "over only when it already holds a diagram or report (SVG, PNG, PDF, DOT, "
                                     "HTML), or a Mermaid file journeymap wrote that nobody has edited since; "
                                     "anything else may be work to keep, so render refuses unless --force.")
    render_cmd.add_argument("map", type=Path, metavar="MAP", help=f"a map file ({_MAP_SUFFIXES})")
    render_cmd.add_argument("-v", "--view", choices=VIEWS,
                            help="which diagram (default: flow); not with -f html: the report holds every view")
    render_cmd.add_argument("-f", "--format", choices=FORMATS,
                            help="output format (default: from OUT, else svg); mermaid: the journey part only")
    render_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    render_cmd.add_argument("-t", "--theme", type=_theme_name, choices=THEMES, default="default",
                            help="colours: default, colourblind (or colorblind), or print (greyscale)")
    render_cmd.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    render_cmd.set_defaults(run=_render)

    check_cmd = commands.add_parser("check", parents=[reading], help="validate maps and warn about unfinished parts",
                                    description="Exit 0: valid; 1: valid with warnings; 2: unreadable or invalid.")
    check_cmd.add_argument("maps", type=Path, nargs="+", metavar="MAP", help="map files to check")
    check_cmd.set_defaults(run=_check)

    analyse_cmd = commands.add_parser("analyse", parents=[reading], aliases=["analyze"], help="list unused assets and other findings",
                                      description="Unused assets, untapped opportunities, passive touchpoints, "
                                      "Co-production Star coverage and the perception gap.")
    analyse_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    analyse_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    analyse_cmd.set_defaults(run=_analyse)

    diff_cmd = commands.add_parser("diff", parents=[reading], help="compare two maps (as-is and to-be) in terms of co-production",
                                   description="Compare two maps, objects matched by id: what was added and "
                                   "removed, assets newly used or no longer used, opportunities taken up, new or "
                                   "dropped, touchpoints no longer or newly passive, Co-production Star coverage "
                                   "and unused willing hours before and after. Exit 0 whether or not the maps "
                                   "differ (with --json, \"changed\" says whether they do); 2 when a map is "
                                   "unreadable or invalid.")
    diff_cmd.add_argument("old", type=Path, metavar="OLD", help="the map before (as-is)")
    diff_cmd.add_argument("new", type=Path, metavar="NEW", help="the map after (to-be)")
    diff_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    diff_cmd.set_defaults(run=_diff)

    report_cmd = commands.add_parser("report", parents=[reading], help="write the HTML report: every view, the findings, the map in words",
                                     description="Write one self-contained, accessible HTML file holding every view, "
                                     "the findings as tables and the whole map as text; without -o it goes to "
                                     "standard output.")
    report_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    report_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    report_cmd.add_argument("-t", "--theme", type=_theme_name, choices=THEMES, default="default",
                            help="colours: default, colourblind (or colorblind), or print (greyscale)")
    report_cmd.add_argument("--force", action="store_true",
                            help="write over OUT even when it holds no diagram or report")
    report_cmd.set_defaults(run=_report)

    convert_cmd = commands.add_parser("convert", parents=[reading], help="convert a map between YAML, JSON and Mermaid",
                                      description="Convert a map; each format comes from its file's suffix: .yaml or "
                                      ".yml, .json, .mmd (a Mermaid journey diagram). What Mermaid cannot express is "
                                      "left out, with a warning saying what. Never loses work: a YAML or Mermaid OUT "
                                      "starts with a comment holding a hash of what convert wrote, and an existing "
                                      "OUT is written over only while it still matches that hash (nobody has "
                                      "edited it since) or already holds exactly what would be written; a JSON "
                                      "file has no comments to hold the hash, so only the latter. Otherwise "
                                      "convert refuses (exit 2) unless --force.")
    convert_cmd.add_argument("input", type=Path, metavar="IN", help="the map to read")
    convert_cmd.add_argument("output", type=Path, metavar="OUT", help="the file to write")
    convert_cmd.add_argument("--force", action="store_true", help="write over OUT even if edited or not convert's")
    convert_cmd.set_defaults(run=_convert)

    schema_cmd = commands.add_parser("schema", help="print the JSON Schema of map files, for editors and tools",
                                     description="Print the JSON Schema (draft 2020-12) of map files, format 1; "
                                     "without -o it goes to standard output. An existing OUT is written over only "
                                     "when it is journeymap's schema (its $id says so), unless --force.")
    schema_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    schema_cmd.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    schema_cmd.set_defaults(run=_schema)

    init_cmd = commands.add_parser("init", help="write a commented starter map",
                                   description="Write a commented starter map that passes `journeymap check`; "
                                   "an existing file is left alone unless --force is given.")
    init_cmd.add_argument("path", type=Path, nargs="?", default=DEFAULT_PATH, metavar="PATH",
                          help=f"the file to write (default: {DEFAULT_PATH})")
    init_cmd.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    init_cmd.set_defaults(run=_init)
    return parser


def _byte_count(text: str) -> int:
    """A --max-bytes value: a whole number above 0 (underscores allowed, as in 50_000_000)."""
    try:
        count = int(text.replace("_", ""))
    except ValueError:
        count = 0
    if count <= 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of bytes above 0, not {text!r}")
    return count


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is None:
        return "svg"
    suffix: str = args.output.suffix.lower()
    fmt = _SUFFIX_FORMATS.get(suffix, suffix.lstrip("."))
    if fmt not in FORMATS:
        hint = did_you_mean(fmt, FORMATS) or f"the suffixes known are {', '.join('.' + f for f in FORMATS if f != 'mermaid')}, .mmd"
        raise UsageError(f"cannot tell the output format from {str(args.output)!r}: {hint} "
                         "(or give the format with -f)")
    return fmt


def _theme_name(text: str) -> str:
    """A -t value: the American spelling is taken for the British one the themes are named by."""
    return {"colorblind": "colourblind"}.get(text.lower(), text)


def _render(args: argparse.Namespace) -> int:
    fmt = _output_format(args)
    if fmt == "html" and args.view is not None:
        raise UsageError(f"-v {args.view} does not apply to the HTML report, which holds every view; "
                         "leave out -v, or give another format (e.g. -f svg) for one view")
    if args.output is None and fmt in _BINARY_FORMATS and sys.stdout.isatty():
        print(f"journeymap: not writing {fmt.upper()} to a terminal; give -o FILE or redirect the output",
              file=sys.stderr)
        return EXIT_ERROR
    journey = load(args.map, max_bytes=args.max_bytes)
    data = render(journey, view=args.view or "flow", format=fmt, theme=args.theme)
    if fmt == "mermaid":  # a map format too: a Mermaid file may be someone's work, so it is marked as convert's are
        if args.output is not None:
            data = _marked_map(data.decode("utf-8"), "mermaid", "render", args.map).encode("utf-8")
        _write(data, args.output, unedited_since("render"), force=args.force)
    else:
        _write(data, args.output, drawn, force=args.force)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    _write(render(load(args.map, max_bytes=args.max_bytes), format="html", theme=args.theme), args.output, drawn,
           force=args.force)
    return EXIT_OK


def _write(data: bytes, output: Path | None, judge: Judge, *, force: bool) -> None:
    """Write to ``output`` whole or not at all, and not over work ``judge`` says to keep; or to standard output."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_guarded(output, data, judge, force=force)


def _check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.maps:
        try:
            with warnings.catch_warnings(record=True) as caught:  # what the reader warns of (Mermaid scores...)
                warnings.simplefilter("always", JourneyMapWarning)
                loaded = read_map(path, max_bytes=args.max_bytes)
        except InvalidMapError as error:
            _print_problems(error.problems, "error", sys.stdout)
            worst = EXIT_ERROR
            continue
        except JourneyMapError as error:
            print(diagnostic("error", str(error), str(path)))
            worst = EXIT_ERROR
            continue
        read = [getattr(w.message, "problem", None) or Problem(message=str(w.message), file=str(path))
                for w in caught if issubclass(w.category, JourneyMapWarning)]
        for other in (w for w in caught if not issubclass(w.category, JourneyMapWarning)):
            warnings.showwarning(other.message, other.category, other.filename, other.lineno)
        found = read + [loaded.locate(w) for w in find_warnings(loaded.journey)]
        _print_problems(found, "warning", sys.stdout)
        if found:
            worst = max(worst, EXIT_WARNINGS)
        else:
            j = loaded.journey
            sizes = ((j.stages, "stage"), (j.touchpoints, "touchpoint"), (j.actors, "actor"), (j.assets, "asset"))
            print(f"{path}: ok ({', '.join(counted(len(items), noun) for items, noun in sizes)})")
    return worst


def _print_problems(problems: Sequence[Problem], severity: str, stream: TextIO) -> None:
    for problem in problems:
        print(problem.diagnostic(severity), file=stream)


def _analyse(args: argparse.Namespace) -> int:
    return _show(analyse(load(args.map, max_bytes=args.max_bytes)), analysis_tables, as_json=args.json)


def _diff(args: argparse.Namespace) -> int:
    old, new = (load(path, max_bytes=args.max_bytes) for path in (args.old, args.new))
    return _show(diff(old, new), diff_tables, as_json=args.json)


def _show(result: _Result, tables: Callable[[_Result], str], *, as_json: bool) -> int:
    """Print findings as one JSON object, or as tables."""
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) if as_json else tables(result))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    _write(schema_text().encode("utf-8"), args.output, _journeymap_schema, force=args.force)
    return EXIT_OK


def _journeymap_schema(existing: bytes) -> str | None:
    """Why ``schema -o`` must not write over a file: None when it is journeymap's schema (of any version)."""
    try:
        found = json.loads(existing)
    except ValueError:
        found = None
    if isinstance(found, dict) and found.get("$id") == SCHEMA_ID:
        return None
    return f"it is not journeymap's JSON Schema (no \"$id\": \"{SCHEMA_ID}\")"


def _init(args: argparse.Namespace) -> int:
    print(next_steps(write_starter(args.path, force=args.force)))
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    _map_format(args.input)
    fmt = _map_format(args.output)
    text = _marked_map(dumps(load(args.input, max_bytes=args.max_bytes), fmt), fmt, "convert", args.input)
    judge = unedited_since("convert") if fmt in _COMMENTS else _unchanged_json
    write_guarded(args.output, text, judge, force=args.force)
    return EXIT_OK


def _marked_map(text: str, fmt: str, command: str, source: Path) -> str:
    """A map file's text under the comment that lets the command tell later whether anyone has edited it."""
    if fmt not in _COMMENTS:
        return text
    note = (f"Written by `journeymap {command}` from {source.name}. Edit it as you like: once edited,\n"
            f"`journeymap {command}` will not write over it again unless given --force.")
    return marked(text, _COMMENTS[fmt], note)


def _unchanged_json(existing: bytes) -> str | None:
    """Why convert must not write over a JSON file that differs from what it would write: it cannot tell edits."""
    return "JSON holds no comment to record what convert wrote, so convert cannot tell whether it was edited"


@contextlib.contextmanager
def _warnings_told() -> Iterator[None]:
    """Warnings (Graphviz's, what a format drops, how a Mermaid score was read, and any a library gives) on
    standard error in the one format of every message, ``file:line:col: warning: ...`` where they have a place,
    else ``journeymap: warning: ...``, never as Python's."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JourneyMapWarning)
        try:
            yield
        finally:
            for warning in caught:
                problem = getattr(warning.message, "problem", None)
                if isinstance(problem, Problem):
                    print(problem.diagnostic("warning"), file=sys.stderr)
                    continue
                said = str(warning.message)
                if not issubclass(warning.category, JourneyMapWarning):  # a library's: say whose it is
                    said += f"\n({warning.category.__name__} at {warning.filename}:{warning.lineno})"
                print(diagnostic("warning", said), file=sys.stderr)


def _map_format(path: Path) -> str:
    """The map format a file's suffix names: convert needs .yaml, .yml, .json or .mmd."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = did_you_mean(suffix, SUFFIXES) or f"the suffixes known are {', '.join(SUFFIXES)}"
        raise UsageError(f"cannot tell the map format of {str(path)!r} from its suffix: {hint}")
    return SUFFIXES[suffix]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
