"""Reading a survey definition's questions, and what every part of the definition reader shares: each problem
placed at its line and column, with the offending value and, where one is near, the word meant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from journeymap.errors import Path, Problem, did_you_mean, short
from journeymap.io.reading import Source
from journeymap.survey.answers import split_answers
from journeymap.survey.definition import Question, QuestionKind
from journeymap.vocabulary import AssetKind, Willingness

QUESTION_KEYS: dict[QuestionKind, tuple[str, ...]] = {
    QuestionKind.NEEDS: ("type", "column", "columns", "choices", "multiple", "label", "not_counted"),
    QuestionKind.CAPABILITIES: ("type", "column", "columns", "answers", "multiple", "label", "not_counted"),
    QuestionKind.WILLINGNESS: ("type", "column", "answers", "label", "not_counted"),
    QuestionKind.LIKERT: ("type", "column", "statements", "scale", "neutral", "not_counted"),
    QuestionKind.TEXT: ("type", "column", "label"),
}
ANSWER_KEY = {QuestionKind.NEEDS: "choices", QuestionKind.CAPABILITIES: "answers", QuestionKind.WILLINGNESS: "answers"}
SEPARATORS = (";", ",")


class FieldChecker:
    """Checks plain data read from a definition field by field, gathering every problem, each placed in the file."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = list(source.problems)

    def problem(self, message: str, path: Path, value: Any = None, suggestion: str | None = None, *,
                key: bool = False) -> None:
        """A problem at ``path`` in the definition (none under a value the YAML reader refused already)."""
        if any(path[:end] in self.source.rejected for end in range(len(path) + 1)):
            return  # the reader refused this value already, and said why
        problem = Problem(message=message, path=path, value=value, suggestion=suggestion)
        self.problems.append(self.source.positions.locate(problem, key=key))

    def keys(self, data: dict[str, Any], path: Path, allowed: Sequence[str], required: Sequence[str]) -> None:
        """Report keys not in ``allowed`` (naming the nearest) and ``required`` ones missing (unless an unknown
        key is their misspelling: that is one mistake, told once)."""
        meant = set()
        for key in data:
            if key not in allowed:
                nearest = did_you_mean(key, allowed)
                meant.add(nearest)
                self.problem(f"unknown key '{short(key)}'", (*path, key), key,
                             nearest or f"the keys here are {', '.join(allowed)}", key=True)
        for key in required:
            if key not in data and f"did you mean '{key}'?" not in meant:
                where = f" in {path[0]}[{path[1]}]" if len(path) == 2 else ""
                self.problem(f"'{key}' is missing{where}", path, suggestion=f"add `{key}:`")

    def text(self, value: Any, path: Path, what: str) -> str | None:
        """A piece of text; numbers are taken as written (a column named 2024), true/false are refused."""
        if isinstance(value, bool):
            self.problem(f"{what} was read as {str(value).lower()}, not text", path, value,
                         "put it in quotes: YAML reads yes, no, on and off as true or false")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{what} must be text, not {kind_of(value)}", path, value)
            return None
        return value.strip()

    def optional_text(self, data: dict[str, Any], key: str) -> str | None:
        """The text at ``key``, if the definition gives it."""
        return self.text(data[key], (key,), f"'{key}'") if key in data else None

    def mapping(self, value: Any, path: Path, what: str) -> dict[str, Any]:
        """A non-empty mapping, else a problem and an empty one."""
        if not isinstance(value, dict) or not value:
            self.problem(f"{what} must be a mapping with at least one entry, not {kind_of(value)}", path, value)
            return {}
        return value


class QuestionReader(FieldChecker):
    """Reads the ``questions:`` of a definition into Questions (a likert question of several statements gives one
    Question a statement)."""

    def questions(self, value: Any) -> tuple[Question, ...]:
        """Every question of the definition, a likert question of several statements as one a statement."""
        if not isinstance(value, list) or not value:
            self.problem(f"'questions' must be a list of at least one question, not {kind_of(value)}", ("questions",),
                         value)
            return ()
        return tuple(q for i, item in enumerate(value) for q in self.question(item, ("questions", i)))

    def question(self, data: Any, path: Path) -> list[Question]:
        """One question of the definition (none if it cannot be read)."""
        if not isinstance(data, dict):
            self.problem(f"a question must be a mapping of keys, not {kind_of(data)}", path, data)
            return []
        words = [kind.value for kind in QuestionKind]
        if data.get("type") not in words:
            if "type" in data:
                self.problem(f"unknown question type {short(str(data['type']))!r}", (*path, "type"), data["type"],
                             did_you_mean(data["type"], words) or f"the types are {', '.join(words)}")
            else:
                self.problem(f"'type' is missing in questions[{path[1]}]", path,
                             suggestion=f"add `type:` ({', '.join(words)})")
            return []
        kind = QuestionKind(data["type"])
        self.keys(data, path, QUESTION_KEYS[kind], ("type",))
        if kind is QuestionKind.LIKERT:
            return self.likert(data, path)
        sources = [key for key in ("column", "columns") if key in data]
        if len(sources) != 1:
            self.problem("give either 'column' or 'columns', not both" if sources
                         else f"'column' is missing in questions[{path[1]}]", path,
                         suggestion="`column:` names the column that holds the answers"
                         + ("; `columns:` maps one column per choice" if "columns" in QUESTION_KEYS[kind] else ""))
            return []
        label = self.text(data["label"], (*path, "label"), "the label") if "label" in data else None
        if "columns" in data:
            return self.per_column(kind, data, path, label)
        column = self.text(data["column"], (*path, "column"), "the column")
        answers = self.answers(kind, data, path)
        separator = self.separator(data, path)
        not_counted = self.not_counted(data, path, answers)
        if separator is not None:
            self.ambiguous([*answers, *not_counted], separator, (*path, ANSWER_KEY[kind]))
        if column is None:
            return []
        categories = _categories(kind, answers.values())
        return [Question(kind, label or column, (column,), ((*path, "column"),), answers, categories, separator,
                         not_counted=not_counted)]

    def per_column(self, kind: QuestionKind, data: dict[str, Any], path: Path, label: str | None) -> list[Question]:
        """A question answered one column per choice: each column maps to the category a tick counts for."""
        for key in ("multiple", ANSWER_KEY.get(kind, "")):
            if key in data:
                self.problem(f"'{key}' is for one column of answers, not 'columns' (one column per choice)",
                             (*path, key), suggestion=f"remove '{key}'", key=True)
        columns = self.mapping(data["columns"], (*path, "columns"), "'columns'")
        answers = {column.strip(): category for column, value in columns.items()
                   if (category := self.category(kind, value, (*path, "columns", column))) is not None}
        if not answers:
            return []
        return [Question(kind, label or _shared_start(list(answers)), tuple(answers),
                         tuple((*path, "columns", column) for column in columns), answers,
                         _categories(kind, answers.values()), per_column=True,
                         not_counted=self.not_counted(data, path, {}))]

    def answers(self, kind: QuestionKind, data: dict[str, Any], path: Path) -> dict[str, str]:
        """The mapping of answers (as written in the responses) to categories."""
        if kind is QuestionKind.TEXT:
            return {}
        key = ANSWER_KEY[kind]
        if key not in data:
            self.problem(f"'{key}' is missing in questions[{path[1]}]", path,
                         suggestion=f"add `{key}:`, mapping each answer as written in the responses to "
                         + {QuestionKind.NEEDS: "the need it names",
                            QuestionKind.CAPABILITIES: "an asset kind",
                            QuestionKind.WILLINGNESS: "weekly, monthly or none"}[kind])
            return {}
        return {answer.strip(): category
                for answer, value in self.mapping(data[key], (*path, key), f"'{key}'").items()
                if (category := self.category(kind, value, (*path, key, answer))) is not None}

    def category(self, kind: QuestionKind, value: Any, path: Path) -> str | None:
        """What an answer counts as: a need's name, an asset kind or a willingness word."""
        words = {QuestionKind.CAPABILITIES: [k.value for k in AssetKind],
                 QuestionKind.WILLINGNESS: [w.value for w in Willingness]}.get(kind)
        if words is None:
            return self.text(value, path, "a need's name")
        if value not in words:
            self.problem(f"unknown {'asset kind' if kind is QuestionKind.CAPABILITIES else 'willingness'} "
                         f"{short(str(value))!r}", path, value,
                         did_you_mean(value, words) or f"the words are {', '.join(words)}")
            return None
        return str(value)

    def separator(self, data: dict[str, Any], path: Path) -> str | None:
        """What joins several answers in one cell, if the question allows several."""
        if "multiple" not in data:
            return None
        if data["multiple"] not in SEPARATORS:
            self.problem(f"unknown separator {short(str(data['multiple']))!r} for several answers in one cell",
                         (*path, "multiple"), data["multiple"],
                         "write ';' (as Microsoft Forms joins choices) or ',' (as Google Forms does)")
            return None
        return str(data["multiple"])

    def ambiguous(self, known: list[str], separator: str, path: Path) -> None:
        """Refuse an answer that reads the same as others joined by the separator: a cell holding it could not be
        told apart from one holding them ("A, B" beside "A" and "B", or "A;" beside "A" with Forms' final ';')."""
        for answer in known:
            split = split_answers(answer, [other for other in known if other != answer], separator)
            if split.unknown is None:
                self.problem(f"the answer '{short(answer)}' reads the same as "
                             f"{' and '.join(repr(a) for a in split.answers)} chosen together", (*path, answer),
                             answer, "reword one of them in the survey, or map the answers one column per choice",
                             key=True)

    def not_counted(self, data: dict[str, Any], path: Path, answers: dict[str, str]) -> frozenset[str]:
        """Answers recognised but not counted ("Don't know"): a single answer leaves the respondent out of n."""
        if "not_counted" not in data:
            return frozenset()
        value = data["not_counted"]
        if not isinstance(value, list):
            self.problem(f"'not_counted' must be a list of answers, not {kind_of(value)}", (*path, "not_counted"),
                         value)
            return frozenset()
        found = [self.text(item, (*path, "not_counted", i), "an answer not counted") for i, item in enumerate(value)]
        for i, answer in enumerate(found):
            if answer in answers:
                self.problem(f"the answer '{short(answer)}' is both counted and not counted",
                             (*path, "not_counted", i), answer, "keep it in one place")
        return frozenset(answer for answer in found if answer is not None)

    def likert(self, data: dict[str, Any], path: Path) -> list[Question]:
        """A likert question: its scale, and one Question for each statement (column) rated on it."""
        scale_value = data.get("scale")
        if not isinstance(scale_value, list) or len(scale_value) < 2:
            self.problem(f"a likert question needs a 'scale' of at least two levels, lowest first, not "
                         f"{kind_of(scale_value)}", (*path, "scale") if "scale" in data else path, scale_value,
                         "e.g. scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]")
            scale: list[str | None] = []
        else:
            scale = [self.text(level, (*path, "scale", i), "a level of the scale") for i, level in
                     enumerate(scale_value)]
        levels = [level for level in scale if level is not None]
        if len(set(levels)) < len(levels):
            repeated = next(level for level in levels if levels.count(level) > 1)
            self.problem(f"the scale names '{short(repeated)}' twice", (*path, "scale"), repeated,
                         "each level once, lowest first")
        answers = {level: level for level in levels}
        not_counted = self.not_counted(data, path, answers)
        if ("column" in data) == ("statements" in data):
            self.problem("give either 'column' or 'statements', not both" if "column" in data
                         else f"'column' is missing in questions[{path[1]}]", path,
                         suggestion="`column:` names one statement's column; `statements:` lists several that share "
                                    "the scale")
            return []
        if "column" in data:
            named = [((*path, "column"), self.text(data["column"], (*path, "column"), "the column"))]
        elif isinstance(data["statements"], list) and data["statements"]:
            named = [((*path, "statements", i), self.text(item, (*path, "statements", i), "a statement"))
                     for i, item in enumerate(data["statements"])]
        else:
            self.problem(f"'statements' must be a list of columns, not {kind_of(data['statements'])}",
                         (*path, "statements"), data["statements"])
            return []
        if len(levels) < 2 or len(set(levels)) < len(levels):
            return []
        neutral = self.neutral(data, path, levels)
        return [Question(QuestionKind.LIKERT, column, (column,), (where,), answers, tuple(levels),
                         not_counted=not_counted, neutral=neutral) for where, column in named if column is not None]

    def neutral(self, data: dict[str, Any], path: Path, levels: list[str]) -> str | None:
        """A scale's neutral level: as given, else the middle of an odd scale (an even one has none)."""
        if "neutral" not in data:
            return levels[len(levels) // 2] if len(levels) % 2 else None
        given = self.text(data["neutral"], (*path, "neutral"), "the neutral level")
        if given is not None and given not in levels:
            self.problem(f"the neutral level '{short(given)}' is not on the scale", (*path, "neutral"), given,
                         did_you_mean(given, levels) or f"the scale is: {', '.join(levels)}")
            return None
        return given


def _categories(kind: QuestionKind, mapped: Any) -> tuple[str, ...]:
    """What a question's results count, in order: willingness and asset kinds in the vocabulary's order, needs
    in the order the definition first names them."""
    named = dict.fromkeys(mapped)
    if kind is QuestionKind.WILLINGNESS:
        return tuple(w.value for w in Willingness)
    if kind is QuestionKind.CAPABILITIES:
        return tuple(k.value for k in AssetKind if k.value in named)
    return tuple(named)


def kind_of(value: Any) -> str:
    """What sort of value this is, in words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        return f"'{short(value)}'" if value.strip() else "empty text"
    return f"{short(str(value))!r}"


def _shared_start(columns: list[str]) -> str:
    """What the columns of a one-column-per-choice question are called: the start their names share, as
    "Help [Friends]" and "Help [Talk]" share "Help", else their names joined.

    >>> _shared_start(["What helps? [Friends]", "What helps? [Talk]"]), _shared_start(["Friends", "Talk"])
    ('What helps?', 'Friends; Talk')
    """
    import os.path

    shared = os.path.commonprefix(columns).rstrip(" [(:-–")
    return shared if len(columns) > 1 and shared else "; ".join(columns)
