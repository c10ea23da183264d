"""The ``journeymap`` command line: render, check, analyse and report on map files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from journeymap import __version__
from journeymap.analysis import analyse
from journeymap.checks import find_warnings
from journeymap.errors import InvalidMapError, JourneyMapError, Problem, UsageError, did_you_mean
from journeymap.files import write_atomic
from journeymap.io import load, read_map
from journeymap.render import FORMATS, THEMES, VIEWS, render
from journeymap.text import analysis_tables

EXIT_OK, EXIT_WARNINGS, EXIT_ERROR = 0, 1, 2
_SUFFIX_FORMATS = {".gv": "dot", ".htm": "html"}
_BINARY_FORMATS = {"png", "pdf"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 warnings, 2 invalid input or usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except JourneyMapError as error:
        print(f"journeymap: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer-journey maps that show co-production, and the citizens' assets that go unused.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    render_cmd = commands.add_parser("render", help="draw a map as a diagram",
                                     description="Draw a map. The format comes from -f, else from OUT's suffix, "
                                     "else svg; without -o the diagram goes to standard output.")
    render_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file (.yaml, .yml or .json)")
    render_cmd.add_argument("-v", "--view", choices=VIEWS, default="flow", help="which diagram (default: flow)")
    render_cmd.add_argument("-f", "--format", choices=FORMATS, help="output format (default: from OUT, else svg)")
    render_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    render_cmd.add_argument("-t", "--theme", choices=THEMES, default="default",
                            help="colours: default, colourblind, or print (greyscale)")
    render_cmd.set_defaults(run=_render)

    check_cmd = commands.add_parser("check", help="validate maps and warn about unfinished parts",
                                    description="Exit 0: valid; 1: valid with warnings; 2: unreadable or invalid.")
    check_cmd.add_argument("maps", type=Path, nargs="+", metavar="MAP", help="map files to check")
    check_cmd.set_defaults(run=_check)

    analyse_cmd = commands.add_parser("analyse", aliases=["analyze"], help="list unused assets and other findings",
                                      description="Unused assets, untapped opportunities, passive touchpoints, "
                                      "Co-production Star coverage and the perception gap.")
    analyse_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    analyse_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    analyse_cmd.set_defaults(run=_analyse)

    report_cmd = commands.add_parser("report", help="write the HTML report: every view, the findings, the map in words",
                                     description="Write one self-contained, accessible HTML file holding every view, "
                                     "the findings as tables and the whole map as text; without -o it goes to "
                                     "standard output.")
    report_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    report_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    report_cmd.add_argument("-t", "--theme", choices=THEMES, default="default",
                            help="colours: default, colourblind, or print (greyscale)")
    report_cmd.set_defaults(run=_report)
    return parser


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is None:
        return "svg"
    suffix: str = args.output.suffix.lower()
    fmt = _SUFFIX_FORMATS.get(suffix, suffix.lstrip("."))
    if fmt not in FORMATS:
        hint = did_you_mean(fmt, FORMATS) or f"the suffixes known are {', '.join('.' + f for f in FORMATS)}"
        raise UsageError(f"cannot tell the output format from {str(args.output)!r}: {hint} "
                         "(or give the format with -f)")
    return fmt


def _render(args: argparse.Namespace) -> int:
    fmt = _output_format(args)
    if args.output is None and fmt in _BINARY_FORMATS and sys.stdout.isatty():
        print(f"journeymap: not writing {fmt.upper()} to a terminal; give -o FILE or redirect the output",
              file=sys.stderr)
        return EXIT_ERROR
    _write(render(load(args.map), view=args.view, format=fmt, theme=args.theme), args.output)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    _write(render(load(args.map), format="html", theme=args.theme), args.output)
    return EXIT_OK


def _write(data: bytes, output: Path | None) -> None:
    """Write to ``output`` whole or not at all, or to standard output when there is none."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)


def _check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.maps:
        try:
            loaded = read_map(path)
        except InvalidMapError as error:
            _print_problems(error.problems, "error", sys.stdout)
            worst = EXIT_ERROR
            continue
        except JourneyMapError as error:
            print(f"{path}: error: {error}")
            worst = EXIT_ERROR
            continue
        found = [loaded.locate(w) for w in find_warnings(loaded.journey)]
        _print_problems(found, "warning", sys.stdout)
        if found:
            worst = max(worst, EXIT_WARNINGS)
        else:
            j = loaded.journey
            print(f"{path}: ok ({len(j.stages)} stages, {len(j.touchpoints)} touchpoints, "
                  f"{len(j.actors)} actors, {len(j.assets)} assets)")
    return worst


def _print_problems(problems: Sequence[Problem], severity: str, stream: TextIO) -> None:
    for problem in problems:
        print(problem.describe(severity), file=stream)


def _analyse(args: argparse.Namespace) -> int:
    findings = analyse(load(args.map))
    if args.json:
        print(json.dumps(findings.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(analysis_tables(findings))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
