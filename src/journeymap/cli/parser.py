"""The command line's arguments: one parser, every command's arguments and help beside it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from journeymap import __version__
from journeymap.cli import commands
from journeymap.cli.arguments import whole_number
from journeymap.cli.discover import add_discover
from journeymap.cli.serve import add_serve
from journeymap.cli import history as history_command
from journeymap.cli.commands import EXIT_ERROR
from journeymap.errors import PROGRAM, diagnostic
from journeymap.io import SUFFIXES
from journeymap.io.source import MAX_BYTES, MAX_BYTES_VARIABLE
from journeymap.rendering import FORMATS, THEMES, VIEWS
from journeymap.starter import DEFAULT_PATH

_MAP_SUFFIXES = ", ".join(SUFFIXES)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the one format of every message (the usage line as a continuation)."""

    def error(self, message: str) -> NoReturn:
        """Print ``journeymap: error: ...`` and the command's usage, indented below; exit 2."""
        command = self.prog.removeprefix(PROGRAM).strip()  # "render", or nothing for journeymap itself
        said = f"{command}: {message}" if command else message
        self.exit(EXIT_ERROR, diagnostic("error", f"{said}\n{self.format_usage().strip()}") + "\n")


def build() -> argparse.ArgumentParser:
    """The parser of ``journeymap`` and its commands, each command's function set as ``run``."""
    parser = _Parser(
        prog="journeymap",
        description="Customer-journey maps that show co-production, and the citizens' assets that go unused.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    reading = _Parser(add_help=False)  # what every command that reads maps takes
    reading.add_argument("--max-bytes", metavar="N",
                         type=whole_number(1, says="a whole number of bytes above 0", underscores=True),
                         help=f"read map files of up to N bytes (default: {MAX_BYTES_VARIABLE} if set, "
                              f"else {MAX_BYTES:,}); a guard against hostile files")

    drawing = _Parser(add_help=False)  # what every command that draws takes
    drawing.add_argument("-t", "--theme", type=_theme_name, choices=THEMES, default="default",
                         help="colours: default, colourblind (or colorblind), or print (greyscale)")

    render_cmd = subcommands.add_parser("render", parents=[reading, drawing], help="draw a map as a diagram",
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
    render_cmd.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    render_cmd.set_defaults(run=commands.do_render)

    check_cmd = subcommands.add_parser("check", parents=[reading], help="validate maps and warn about unfinished parts",
                                    description="Exit 0: valid; 1: valid with warnings; 2: unreadable or invalid.")
    check_cmd.add_argument("maps", type=Path, nargs="+", metavar="MAP", help="map files to check")
    check_cmd.set_defaults(run=commands.do_check)

    analyse_cmd = subcommands.add_parser("analyse", parents=[reading], aliases=["analyze"], help="list unused assets and other findings",
                                      description="Unused assets, untapped opportunities, passive touchpoints, "
                                      "Co-production Star coverage and the perception gap.")
    analyse_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    analyse_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    analyse_cmd.add_argument("--person", metavar="ID", help="one citizen's needs and capabilities: what matters to "
                             "them, what they bring (used or not), whether they want to and can do more")
    analyse_cmd.set_defaults(run=commands.do_analyse)

    diff_cmd = subcommands.add_parser("diff", parents=[reading], help="compare two maps (as-is and to-be) in terms of co-production",
                                   description="Compare two maps, objects matched by id: what was added and "
                                   "removed, assets newly used or no longer used, opportunities taken up, new or "
                                   "dropped, actual contributions begun and ended, touchpoints no longer or newly "
                                   "passive, Co-production Star coverage and unused willing hours before and after; "
                                   "for maps discovered from records, "
                                   "what their counts say changed too. Exit 0 whether or not the maps "
                                   "differ (with --json, \"changed\" says whether they do); 2 when a map is "
                                   "unreadable or invalid.")
    diff_cmd.add_argument("old", type=Path, metavar="OLD", help="the map before (as-is)")
    diff_cmd.add_argument("new", type=Path, metavar="NEW", help="the map after (to-be)")
    diff_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    diff_cmd.set_defaults(run=commands.do_diff)

    history_cmd = subcommands.add_parser("history", parents=[reading, drawing],
                                         help="co-production over time: a scorecard per committed version (git)",
                                         description="Read every committed version of a map from git (renames "
                                         "followed), oldest first, and print each version's scorecard: citizen "
                                         "assets used of all, willing hours used and unused, passive touchpoints, "
                                         "Star actual/potential per phase, outcomes unserved / service-only / "
                                         "co-produced, actions by status. A version that no longer reads is listed "
                                         "with its error and skipped. Scorecards are cached by the file's blob "
                                         "under $XDG_CACHE_HOME/journeymap. With -o, the trend view is drawn too.")
    history_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file in a git repository")
    history_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    history_cmd.add_argument("-o", "--output", type=Path, metavar="OUT",
                             help="draw the trend view to OUT (.svg, .png, .pdf or .dot)")
    history_cmd.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    history_cmd.set_defaults(run=history_command.do_history)

    report_cmd = subcommands.add_parser("report", parents=[reading, drawing], help="write the HTML report: every view, the findings, the map in words",
                                     description="Write one self-contained, accessible HTML file holding every view, "
                                     "the findings as tables and the whole map as text, and, when git holds two or "
                                     "more committed versions of the map, its progress over time; without -o it "
                                     "goes to standard output.")
    report_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    report_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    report_cmd.add_argument("--force", action="store_true",
                            help="write over OUT even when it holds no diagram or report")
    report_cmd.add_argument("--no-history", action="store_true",
                            help="leave out the progress over time that the map's git history gives")
    report_cmd.set_defaults(run=commands.do_report)

    convert_cmd = subcommands.add_parser("convert", parents=[reading], help="convert a map between YAML, JSON and Mermaid",
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
    convert_cmd.set_defaults(run=commands.do_convert)

    schema_cmd = subcommands.add_parser("schema", help="print the JSON Schema of map files, for editors and tools",
                                     description="Print the JSON Schema (draft 2020-12) of map files, format 1; "
                                     "without -o it goes to standard output. An existing OUT is written over only "
                                     "when it is journeymap's schema (its $id says so), unless --force.")
    schema_cmd.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)")
    schema_cmd.add_argument("--force", action="store_true", help="write over OUT whatever it holds")
    schema_cmd.set_defaults(run=commands.do_schema)

    survey_cmd = subcommands.add_parser("survey", help="a survey's results per group: needs, willingness, Likert",
                                        description="Read a survey definition (journeymap-survey: 1) and the "
                                        "responses it names (CSV in any common encoding and delimiter, or .xlsx) "
                                        "and print, per group of respondents, the share naming each need, "
                                        "willingness to do more, Likert counts and capabilities, each with its n "
                                        "and a Wilson 95%% interval. Groups under the disclosure threshold are "
                                        "never shown (a warning says which, and how many respondents); free text "
                                        "only with --text. With --into MAP the results go into the map file: its "
                                        "needs' users' and staff's shares with their n, the survey's summary, and "
                                        "the willingness of respondents the definition names as actors; the rest "
                                        "of the file, comments included, stays as it is.")
    survey_cmd.add_argument("definition", type=Path, metavar="DEFINITION", help="a survey definition (.yaml)")
    survey_cmd.add_argument("--threshold", metavar="N",
                            type=whole_number(1, says="a whole number of respondents, at least 1"),
                            help="hold back groups of fewer than N respondents (default: the definition's, else 5)")
    survey_cmd.add_argument("--text", action="store_true", help="include free-text answers")
    survey_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    survey_cmd.add_argument("--into", type=Path, metavar="MAP",
                            help="write the results into this map file (YAML or JSON) and say what changed")
    survey_cmd.set_defaults(run=commands.do_survey)

    glossary_cmd = subcommands.add_parser("glossary", help="explain the words of co-production the report uses",
                                          description="Print the glossary: co-production, the four Co's of the "
                                          "Star, assets, passive touchpoints and the other terms the report and "
                                          "the diagrams use, each in plain English.")
    glossary_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    glossary_cmd.set_defaults(run=commands.do_glossary)

    plan_cmd = subcommands.add_parser("plan", parents=[reading], help="draft the actions the findings call for",
                                      description="Draft one action for each finding no action of the map "
                                      "addresses yet: every untapped opportunity (unless its holder is unwilling "
                                      "or constrained), every willing holder's unused asset, every passive moment "
                                      "of truth and every unserved outcome; each worded from the map, in one of "
                                      "the action plan's four boxes (week, month, organisation, partners). They "
                                      "print as an actions: block to paste; with --write they go into the map "
                                      "file (YAML or JSON), the rest of it, comments included, kept as it is. "
                                      "Nothing is drafted twice: an action, whatever its status, that addresses a "
                                      "finding answers it.")
    plan_cmd.add_argument("map", type=Path, metavar="MAP", help="a map file")
    plan_cmd.add_argument("--json", action="store_true", help="print one JSON object instead of YAML")
    plan_cmd.add_argument("--write", action="store_true", help="add the drafts to the map file's actions")
    plan_cmd.set_defaults(run=_plan)

    init_cmd = subcommands.add_parser("init", help="write a commented starter map",
                                   description="Write a commented starter map that passes `journeymap check`; "
                                   "an existing file is left alone unless --force is given.")
    init_cmd.add_argument("path", type=Path, nargs="?", default=DEFAULT_PATH, metavar="PATH",
                          help=f"the file to write (default: {DEFAULT_PATH})")
    init_cmd.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    init_cmd.set_defaults(run=commands.do_init)

    add_discover(subcommands)  # journeymap discover: its arguments live beside the command (cli/discover.py)
    add_serve(subcommands, [reading, drawing])  # journeymap serve: the live preview (cli/serve.py)
    return parser


def _plan(args: argparse.Namespace) -> int:
    """journeymap plan, imported when run (see journeymap.cli.plan)."""
    from journeymap.cli.plan import do_plan

    return do_plan(args)


def _theme_name(text: str) -> str:
    """A -t value: the American spelling is taken for the British one the themes are named by."""
    return {"colorblind": "colourblind"}.get(text.lower(), text)
