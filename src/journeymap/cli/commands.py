"""The commands themselves: each takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from journeymap.analysis import Analysis, analyse
from journeymap.checks import find_warnings
from journeymap.comparison import JourneyDiff, diff
from journeymap.errors import InvalidMapError, JourneyMapError, JourneyMapWarning, Problem, UsageError, diagnostic, did_you_mean
from journeymap.files import Judge, drawn, marked, unedited_since, write_guarded
from journeymap.glossary import glossary_json, glossary_text
from journeymap.io import SUFFIXES, LoadedMap, dumps, load, read_map
from journeymap.rendering import FORMATS, render
from journeymap.schema import SCHEMA_ID, schema_text
from journeymap.starter import next_steps, write_starter
from journeymap.tables import analysis_tables, diff_tables, evidence_tables
from journeymap.tables_records import not_like_for_like
from journeymap.wording import counted

if TYPE_CHECKING:
    from journeymap.scorecard import ScoredVersion
    from journeymap.survey import SurveyResults

EXIT_OK, EXIT_WARNINGS, EXIT_ERROR = 0, 1, 2
_Result = TypeVar("_Result", Analysis, JourneyDiff)
_SUFFIX_FORMATS = {".gv": "dot", ".htm": "html", ".mmd": "mermaid"}
_BINARY_FORMATS = {"png", "pdf"}
_COMMENTS = {"yaml": "#", "mermaid": "%%"}  # how a map format starts a comment line (JSON has none)


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


def do_render(args: argparse.Namespace) -> int:
    """journeymap render: one view of a map, in one format, to a file or standard output."""
    fmt = _output_format(args)
    if fmt == "html" and args.view is not None:
        raise UsageError(f"-v {args.view} does not apply to the HTML report, which holds every view; "
                         "leave out -v, or give another format (e.g. -f svg) for one view")
    if args.output is None and fmt in _BINARY_FORMATS and sys.stdout.isatty():
        raise UsageError(f"not writing {fmt.upper()} to a terminal; give -o FILE or redirect the output")
    journey = load(args.map, max_bytes=args.max_bytes)
    data = render(journey, view=args.view or "flow", format=fmt, theme=args.theme)
    if fmt == "mermaid":  # a map format too: a Mermaid file may be someone's work, so it is marked as convert's are
        if args.output is not None:
            data = _marked_map(data.decode("utf-8"), "mermaid", "render", args.map).encode("utf-8")
        _write(data, args.output, unedited_since("render"), force=args.force)
    else:
        _write(data, args.output, drawn, force=args.force)
    return EXIT_OK


def do_report(args: argparse.Namespace) -> int:
    """journeymap report: the self-contained HTML report, with the map's progress over time when git holds two or
    more versions of it (unless --no-history)."""
    journey = load(args.map, max_bytes=args.max_bytes)
    history, skipped = ((), []) if args.no_history else _scored_history(args.map, args.max_bytes)
    _write(render(journey, format="html", theme=args.theme, history=history, history_skipped=skipped), args.output,
           drawn, force=args.force)
    return EXIT_OK


def _scored_history(path: Path, max_bytes: int | None) -> tuple[Sequence[ScoredVersion], list[str]]:
    """The map's committed versions that read, scored, and those that do not (``History.skipped``); none where git
    has no history of it to give."""
    from journeymap.history import read_history

    try:
        history = read_history(path, max_bytes=max_bytes, working_copy=False)
    except JourneyMapError:  # no git, or nothing it can say of this file: a report without its history
        return (), []
    return history.scored, history.skipped


def _write(data: bytes, output: Path | None, judge: Judge, *, force: bool) -> None:
    """Write to ``output`` whole or not at all, and not over work ``judge`` says to keep; or to standard output."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_guarded(output, data, judge, force=force)


def do_check(args: argparse.Namespace) -> int:
    """journeymap check: each map's errors or warnings, or that it is ok; the worst exit code."""
    worst = EXIT_OK
    for path in args.maps:
        try:
            loaded, found = read_checked(path, args.max_bytes)
        except InvalidMapError as error:
            print_problems(error.problems, "error", sys.stdout)
            worst = EXIT_ERROR
            continue
        except JourneyMapError as error:
            print(diagnostic("error", str(error), str(path)))
            worst = EXIT_ERROR
            continue
        print_problems(found, "warning", sys.stdout)
        if found:
            worst = max(worst, EXIT_WARNINGS)
        else:
            j = loaded.journey
            sizes = ((j.stages, "stage"), (j.touchpoints, "touchpoint"), (j.actors, "actor"), (j.assets, "asset"))
            print(f"{path}: ok ({', '.join(counted(len(items), noun) for items, noun in sizes)})")
    return worst


def read_checked(path: Path, max_bytes: int | None) -> tuple[LoadedMap, list[Problem]]:
    """A map read as ``check`` reads it, with its warnings placed: the reader's (Mermaid scores...) and check's own.
    Errors are raised (InvalidMapError, JourneyMapError)."""
    with warnings.catch_warnings(record=True) as caught:  # what the reader warns of (Mermaid scores...)
        warnings.simplefilter("always", JourneyMapWarning)
        loaded = read_map(path, max_bytes=max_bytes)
    read = [getattr(w.message, "problem", None) or Problem(message=str(w.message), file=str(path))
            for w in caught if issubclass(w.category, JourneyMapWarning)]
    for other in (w for w in caught if not issubclass(w.category, JourneyMapWarning)):
        warnings.showwarning(other.message, other.category, other.filename, other.lineno)
    return loaded, read + [loaded.locate(w) for w in find_warnings(loaded.journey)]


def print_problems(problems: Sequence[Problem], severity: str, stream: TextIO) -> None:
    """Each problem on its own line(s), in the one format of every message."""
    for problem in problems:
        print(problem.diagnostic(severity), file=stream)


def do_analyse(args: argparse.Namespace) -> int:
    """journeymap analyse: the findings, as tables or JSON; with --person, one citizen's needs and capabilities."""
    findings = analyse(load(args.map, max_bytes=args.max_bytes))
    if getattr(args, "person", None) is not None:
        return _show_person(findings, args.person, as_json=args.json)
    if args.json:  # the analysis's data, and what the records say for a discovered map
        print(json.dumps(findings.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
        return EXIT_OK
    return _show(findings, analysis_tables, as_json=False)


def _show_person(findings: Analysis, actor_id: str, *, as_json: bool) -> int:
    """One citizen's profile, as text or JSON."""
    from journeymap.cli.person import person, person_text

    profile = person(findings, actor_id)
    print(json.dumps(profile, indent=2, ensure_ascii=False) if as_json else person_text(profile, findings.journey),
          end="\n" if as_json else "")
    return EXIT_OK


def do_diff(args: argparse.Namespace) -> int:
    """journeymap diff: what changed between two maps, as tables or JSON."""
    old, new = (load(path, max_bytes=args.max_bytes) for path in (args.old, args.new))
    changes = diff(old, new)
    warning = not_like_for_like(changes.records)
    if warning is not None:  # on standard error too, so that a script or a --json reader hears it
        print(diagnostic("warning", warning[:1].lower() + warning[1:]), file=sys.stderr)
    return _show(changes, diff_tables, as_json=args.json)


def do_survey(args: argparse.Namespace) -> int:
    """journeymap survey: a survey's results per group, with n and intervals; small groups held back."""
    from journeymap.survey import read_survey  # only this command needs it (and openpyxl, for .xlsx)

    results = read_survey(args.definition, threshold=args.threshold, include_text=args.text)
    for warning in results.warnings:  # groups and questions held back, each placed in the definition
        print(warning.diagnostic("warning"), file=sys.stderr)
    if args.into is not None:
        return _survey_into(results, args)
    print(json.dumps(results.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) if args.json
          else results.to_text(), end="\n" if args.json else "")
    return EXIT_OK


def _survey_into(results: SurveyResults, args: argparse.Namespace) -> int:
    """journeymap survey --into MAP: the results written into the map, and what that changed."""
    from journeymap.survey.into import write_into

    written = write_into(results, args.into)
    for note in written.notes:
        print(note.diagnostic("warning"), file=sys.stderr)
    changes = diff(written.old, written.new)
    if args.json:
        print(json.dumps({"map": str(args.into), "changed": written.changed, **changes.evidence_dict()}, indent=2,
                         ensure_ascii=False, allow_nan=False))
    else:
        print(f"{args.into}: written; what changed:\n\n{evidence_tables(changes, changed_only=True)}" if written.changed
              else f"{args.into}: already holds these results; not written")
    return EXIT_OK


def _show(result: _Result, tables: Callable[[_Result], str], *, as_json: bool) -> int:
    """Print findings as one JSON object, or as tables."""
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) if as_json else tables(result))
    return EXIT_OK


def do_schema(args: argparse.Namespace) -> int:
    """journeymap schema: the JSON Schema of map files."""
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


def do_glossary(args: argparse.Namespace) -> int:
    """journeymap glossary: the words of co-production, explained."""
    sys.stdout.write(glossary_json() if args.json else glossary_text())
    return EXIT_OK


def do_init(args: argparse.Namespace) -> int:
    """journeymap init: a commented starter map."""
    print(next_steps(write_starter(args.path, force=args.force)))
    return EXIT_OK


def do_convert(args: argparse.Namespace) -> int:
    """journeymap convert: a map in another format, never over work someone has edited."""
    _map_format(args.input)
    fmt = _map_format(args.output)
    text = _marked_map(dumps(load(args.input, max_bytes=args.max_bytes), fmt), fmt, "convert", args.input)
    judge = unedited_since("convert") if fmt in _COMMENTS else _unchanged_json("convert")
    write_guarded(args.output, text, judge, force=args.force)
    return EXIT_OK


def _marked_map(text: str, fmt: str, command: str, source: Path) -> str:
    """A map file's text under the comment that lets the command tell later whether anyone has edited it."""
    if fmt not in _COMMENTS:
        return text
    note = (f"Written by `journeymap {command}` from {source.name}. Edit it as you like: once edited,\n"
            f"`journeymap {command}` will not write over it again unless given --force.")
    return marked(text, _COMMENTS[fmt], note)


def _unchanged_json(command: str) -> Callable[[bytes], str | None]:
    """Why ``command`` must not write over a JSON file that differs from what it would write: it cannot tell
    edits."""
    def judge(existing: bytes) -> str | None:
        return f"JSON holds no comment to record what {command} wrote, so {command} cannot tell whether it was edited"
    return judge


def _map_format(path: Path) -> str:
    """The map format a file's suffix names: convert needs .yaml, .yml, .json or .mmd."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = did_you_mean(suffix, SUFFIXES) or f"the suffixes known are {', '.join(SUFFIXES)}"
        raise UsageError(f"cannot tell the map format of {str(path)!r} from its suffix: {hint}")
    return SUFFIXES[suffix]
