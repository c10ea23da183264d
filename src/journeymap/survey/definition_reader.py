"""Reading a survey definition file (YAML, ``journeymap-survey: 1``) with the map reader's care: every mistake at
once, each placed at its line and column with the offending value and, where one is near, the word meant."""

from __future__ import annotations

import codecs
import os
import pathlib
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, Problem, UsageError, did_you_mean, short
from journeymap.io.reading import EMPTY_HINT as MAP_EMPTY_HINT
from journeymap.io.reading import Source, byte_limit, read_limited
from journeymap.io.yaml_reader import read_yaml
from journeymap.survey.definition import DEFAULT_THRESHOLD, SurveyDefinition
from journeymap.survey.errors import InvalidSurveyError
from journeymap.survey.question_reader import QuestionReader, kind_of

VERSION_KEY = "journeymap-survey"
EMPTY_HINT = "start with `journeymap-survey: 1`, a `title:`, `responses:` (the CSV or .xlsx file) and `questions:`"
TOP_KEYS = (VERSION_KEY, "title", "description", "responses", "sheet", "encoding", "delimiter", "group",
            "actors", "disclosure_threshold", "questions")
REQUIRED_KEYS = (VERSION_KEY, "title", "responses", "questions")
GROUP_KEYS = ("column", "values")  # and the keys of `actors:`, which names the respondents who are a map's actors
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def read_definition(path: str | os.PathLike[str], *, threshold: int | None = None) -> SurveyDefinition:
    """The survey definition at ``path`` (``threshold``, when given, overrides its disclosure threshold); raises
    InvalidSurveyError listing every problem, each located."""
    if threshold is not None:
        threshold = checked_threshold(threshold)
    file = os.fspath(path)
    try:
        raw = read_limited(path, byte_limit())
    except OSError as err:
        raise InvalidSurveyError([Problem(message=f"cannot read the survey definition: {err.strerror or err}",
                                          file=file)]) from None
    except InvalidMapError as err:
        raise InvalidSurveyError(err.problems) from None
    try:
        source = read_yaml(_decode(raw, file), file)
    except InvalidMapError as err:
        raise InvalidSurveyError(
            [attrs.evolve(p, suggestion=EMPTY_HINT) if p.suggestion == MAP_EMPTY_HINT else p for p in err.problems]
        ) from None
    parser = _Parser(source, pathlib.Path(path).parent)
    fields = parser.read()
    if parser.problems or fields is None:
        raise InvalidSurveyError(sorted(parser.problems, key=lambda p: (p.line or 0, p.column or 0)))
    definition = SurveyDefinition(file=file, positions=source.positions, **fields)
    return definition if threshold is None else attrs.evolve(definition, threshold=threshold)


def checked_threshold(threshold: int) -> int:
    """A disclosure threshold given as an option: a whole number of respondents, at least 1."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise UsageError(f"the disclosure threshold must be a whole number of respondents, at least 1, "
                         f"not {threshold!r}")
    return threshold


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise InvalidSurveyError([Problem(
            message=f"the survey definition is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start})",
            file=file, suggestion="a survey definition is a YAML text file; save it as UTF-8")]) from None
    if not text.strip():
        raise InvalidSurveyError([Problem(message="the survey definition is empty", file=file, suggestion=EMPTY_HINT)])
    return text

class _Parser(QuestionReader):
    """Reads a definition's top-level keys; QuestionReader reads its questions."""

    def __init__(self, source: Source, directory: pathlib.Path) -> None:
        super().__init__(source)
        self.directory = directory

    def read(self) -> dict[str, Any] | None:
        data = self.source.data
        if not isinstance(data, dict):
            self.problem(f"a survey definition is a mapping of keys, not {kind_of(data)}", (), suggestion=EMPTY_HINT)
            return None
        if VERSION_KEY not in data and "journeymap" in data:
            self.problem("this is a journey map, not a survey definition", (),
                         suggestion=f"give `journeymap survey` a file starting `{VERSION_KEY}: 1`")
            return None
        self.keys(data, (), TOP_KEYS, REQUIRED_KEYS)
        version = data.get(VERSION_KEY, 1)
        if version != 1 or isinstance(version, bool):
            self.problem(f"unknown survey format {short(str(version))!r}", (VERSION_KEY,), version,
                         f"this journeymap reads `{VERSION_KEY}: 1`")
        title = self.optional_text(data, "title")
        responses = self.responses(data)
        group_column, group_values = self.column_values(data.get("group"), "group", "a group's name")
        actor_column, actor_values = self.column_values(data.get("actors"), "actors", "an actor's id")
        questions = self.questions(data["questions"]) if "questions" in data else ()
        return {
            "title": title or "",
            "responses": responses or pathlib.Path(),
            "responses_as_written": str(data.get("responses", "")),
            "group_column": group_column,
            "group_values": group_values,
            "groups": tuple(dict.fromkeys(group_values.values())) if group_column else ("all",),
            "actor_column": actor_column,
            "actor_values": actor_values,
            "threshold": self.threshold(data.get("disclosure_threshold", DEFAULT_THRESHOLD)),
            "questions": questions,
            "sheet": self.optional_text(data, "sheet"),
            "encoding": self.encoding(data),
            "delimiter": self.delimiter(data),
        }

    def responses(self, data: dict[str, Any]) -> pathlib.Path | None:
        written = self.text(data["responses"], ("responses",), "'responses'") if "responses" in data else None
        if written is None:
            return None
        path = self.directory / written
        suffix = path.suffix.lower()
        if suffix == ".xls":
            self.problem("responses in the old Excel format (.xls) cannot be read", ("responses",), written,
                         "save them as .xlsx or as CSV")
        elif suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES:
            self.problem(f"responses must be a CSV or .xlsx file, not '{short(written)}'", ("responses",), written,
                         "export the responses as CSV or Excel (.xlsx)")
        elif not path.is_file():
            nearby = [p.name for p in self.directory.glob("*") if p.suffix.lower() in CSV_SUFFIXES + EXCEL_SUFFIXES]
            self.problem(f"the responses file '{short(written)}' does not exist (beside the definition)",
                         ("responses",), written, did_you_mean(path.name, nearby))
        elif "sheet" in data and suffix not in EXCEL_SUFFIXES:
            self.problem("'sheet' is for responses in an .xlsx file", ("sheet",), data["sheet"],
                         "remove it: a CSV file has no sheets", key=True)
        return path

    def encoding(self, data: dict[str, Any]) -> str | None:
        name = self.optional_text(data, "encoding")
        if name is None:
            return None
        try:
            return codecs.lookup(name).name
        except LookupError:
            self.problem(f"unknown encoding '{short(name)}'", ("encoding",), name,
                         did_you_mean(name, ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
                         or "e.g. utf-8, utf-16 or cp1252 (Windows-1252); leave it out to detect it")
            return None

    def delimiter(self, data: dict[str, Any]) -> str | None:
        if "delimiter" not in data:
            return None
        value = data["delimiter"]
        if value not in DELIMITERS:
            self.problem(f"unknown delimiter {short(str(value))!r}", ("delimiter",), value,
                         "write ',', ';' or tab; leave it out to detect it")
            return None
        return DELIMITERS[value]

    def threshold(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(f"the disclosure threshold must be a whole number of respondents, at least 1, not "
                         f"{short(str(value))!r}", ("disclosure_threshold",), value, f"the default is {DEFAULT_THRESHOLD}")
            return DEFAULT_THRESHOLD
        return value

    def column_values(self, value: Any, key: str, what: str) -> tuple[str | None, dict[str, str]]:
        """A column and the mapping of its answers to names: `group:` (answers to groups) or `actors:` (answers to
        the ids of a map's actors)."""
        if value is None:
            return None, {}
        data = self.mapping(value, (key,), f"'{key}'")
        if not data:
            return None, {}
        self.keys(data, (key,), GROUP_KEYS, GROUP_KEYS)
        column = self.text(data.get("column", ""), (key, "column"), f"the {key} column") if "column" in data \
            else None
        values: dict[str, str] = {}
        given = self.mapping(data["values"], (key, "values"), f"the {key} values") if "values" in data else {}
        for answer, name in given.items():
            named = self.text(name, (key, "values", answer), what)
            if named is not None:
                values[answer.strip()] = named
        return column, values
