"""Counting a survey's responses: each row into its group, each answer into its question's answers, every
mistake found (an unmapped answer is reported once, with how many more rows hold it), and groups too small to
show held back."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection

import attrs

from journeymap.errors import Path, Problem, did_you_mean, short
from journeymap.survey.answers import split_answers, ticked
from journeymap.survey.definition import Question, QuestionKind, SurveyDefinition
from journeymap.survey.errors import InvalidSurveyError
from journeymap.survey.responses import ResponseTable, Row
from journeymap.survey.results import ActorWillingness, GroupAnswers, GroupSize, QuestionResult, SurveyResults
from journeymap.vocabulary import Willingness

ALL = "all"
"""The one group of a survey that does not say which column gives a respondent's group."""

SMALL_GROUP_HINT = "so few respondents could be recognised from their answers; map their answers in `group: values:` " \
                   "to a larger group to count them"


class _Problems:
    """Problems found in the responses, each kind (column and value) kept once with the number of rows repeating it."""

    def __init__(self) -> None:
        self.first: dict[tuple[object, ...], Problem] = {}
        self.repeats: Counter[tuple[object, ...]] = Counter()

    def __len__(self) -> int:
        return len(self.first) + sum(self.repeats.values())

    def add(self, key: tuple[object, ...], problem: Problem) -> None:
        if key in self.first:
            self.repeats[key] += 1
        else:
            self.first[key] = problem

    def raise_any(self) -> None:
        if not self.first:
            return
        problems = [attrs.evolve(p, message=f"{p.message} (and in {self.repeats[key]} more "
                                            f"row{'s' if self.repeats[key] > 1 else ''})") if self.repeats[key] else p
                    for key, p in self.first.items()]
        raise InvalidSurveyError(sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0)))


def tally(definition: SurveyDefinition, table: ResponseTable, *, include_text: bool = False) -> SurveyResults:
    """The results of ``table``'s responses as ``definition`` counts them; raises InvalidSurveyError listing
    every column missing, or (once they are all there) every answer the definition does not cover."""
    columns = _columns(definition, table)
    problems = _Problems()
    groups = _groups(definition, table, columns, problems)
    results = [_question(definition, question, table, columns, groups, problems, include_text)
               for question in definition.questions]
    problems.raise_any()
    actors, unwilled = _actors(definition, table, columns, problems)
    sizes = Counter(groups)
    threshold = definition.threshold
    hidden = {g for g in definition.groups if 0 < sizes[g] < threshold}
    shown = tuple(GroupSize(g, sizes[g]) for g in definition.groups if g not in hidden)
    warnings = [definition.located(
        f"the group '{short(g)}' has {sizes[g]} respondent{'s' if sizes[g] > 1 else ''}, fewer than the disclosure "
        f"threshold of {threshold}: its answers are not shown", definition.group_path(g), g, SMALL_GROUP_HINT)
        for g in definition.groups if g in hidden]
    warnings += unwilled
    questions = []
    for result in results:
        kept = tuple(attrs.evolve(a, hidden=0 < a.n < threshold) for a in result.groups if a.group not in hidden)
        questions.append(attrs.evolve(result, groups=kept))
        warnings += [definition.located(
            f"only {a.n} of the group '{short(a.group)}' answered '{short(result.question.label)}', fewer than the "
            f"disclosure threshold of {threshold}: their answers are not shown", result.question.column_paths[0],
            result.question.label) for a in kept if a.hidden]
    return SurveyResults(title=definition.title, definition=definition.file, responses=definition.responses_as_written,
                         threshold=threshold, groups=shown,
                         hidden=tuple(GroupSize(g, sizes[g]) for g in definition.groups if g in hidden),
                         questions=tuple(questions), warnings=tuple(warnings), actors=actors)


def _columns(definition: SurveyDefinition, table: ResponseTable) -> dict[str, int]:
    """The index of each column the definition reads; raises naming every one the responses lack."""
    wanted: list[tuple[Path, str]] = [(("group", "column"), definition.group_column)] if definition.group_column \
        else []
    if definition.actor_column:
        wanted.append((("actors", "column"), definition.actor_column))
    wanted += [(path, column) for q in definition.questions for path, column in zip(q.column_paths, q.columns)]
    found: dict[str, int] = {}
    problems = []
    name = os.path.basename(table.file)
    for path, column in wanted:
        index = table.column(column)
        if index is None:
            listed = ", ".join(f"'{short(h)}'" for h in table.headers[:6]) + (", ..." if len(table.headers) > 6 else "")
            problems.append(definition.located(
                f"the column '{short(column)}' is not in {name}", path, column,
                did_you_mean(column, table.headers) or f"its columns are {listed}"))
        elif table.headers.count(column) > 1:
            problems.append(definition.located(
                f"{name} has {table.headers.count(column)} columns called '{short(column)}'", path, column,
                "rename them in the responses so that each question's column has a name of its own"))
        else:
            found[column] = index
    if problems:
        raise InvalidSurveyError(problems)
    return found


def _groups(definition: SurveyDefinition, table: ResponseTable, columns: dict[str, int],
            problems: _Problems) -> list[str | None]:
    """Each row's group (None where its group cannot be told, which is reported)."""
    if definition.group_column is None:
        return [ALL] * len(table.rows)
    index = columns[definition.group_column]
    groups: list[str | None] = []
    for row in table.rows:
        value = row.values[index].strip()
        group = definition.group_values.get(value)
        if group is None:
            what = f"the group '{short(value)}'" if value else "no group"
            problems.add(("group", value), _cell_problem(
                table, row, index, f"{what} in column '{short(definition.group_column)}' is not in the definition's "
                                   f"group values", value,
                _misspelt(value, definition.group_values, definition) if value else None,
                f"map it in `group: values:` in {os.path.basename(definition.file)}"))
        groups.append(group)
    return groups


def _actors(definition: SurveyDefinition, table: ResponseTable, columns: dict[str, int],
            problems: _Problems) -> tuple[tuple[ActorWillingness, ...], list[Problem]]:
    """The willingness of each actor the definition names among the respondents, from its first willingness
    question: the answer most of the actor's respondents gave, the least willing on a tie; and a warning for each
    actor who gets none (named by no respondent, or whose respondents did not answer it)."""
    question = next((q for q in definition.questions if q.kind is QuestionKind.WILLINGNESS), None)
    if definition.actor_column is None or question is None:
        return (), []
    named = {actor: Counter[str]() for actor in dict.fromkeys(definition.actor_values.values())}
    actor_index = columns[definition.actor_column]
    written: set[str] = set()
    for row in table.rows:
        written.add(value := row.values[actor_index].strip())
        actor = definition.actor_values.get(value)
        if actor is None:
            continue
        answered, answers = _answers(definition, question, table, columns, row, problems)
        if answered and answers:
            named[actor].update(answers)
    least_willing_first = [w.value for w in reversed(Willingness)]

    def most_given(answers: Counter[str]) -> str:
        return max(least_willing_first, key=lambda w: (answers[w], -least_willing_first.index(w)))

    found = tuple(ActorWillingness(actor, most_given(answers), answers.total(),
                                   definition.positions.position(definition.actor_path(actor)))
                  for actor, answers in named.items() if answers)
    return found, _unwilled(definition, question, named, written)


def _unwilled(definition: SurveyDefinition, question: Question, named: dict[str, Counter[str]],
              written: set[str]) -> list[Problem]:
    """A warning for each answer of `actors:` whose actor gets no willingness: no respondent gave it (with the
    spelling the responses use, where one differs only in case and spacing: it names no one the user has not), or
    its respondents did not answer ``question``."""
    spellings = {" ".join(value.casefold().split()): value for value in sorted(written)}
    column = short(definition.actor_column or "")
    warnings = []
    for answer, actor in definition.actor_values.items():
        if named[actor]:
            continue
        if answer in written:
            message = (f"the respondent '{short(answer)}' in column '{column}' did not answer "
                       f"'{short(question.label)}': the actor '{short(actor)}' gets no willingness from this survey")
            suggestion = None
        else:
            message = (f"no respondent's answer in column '{column}' is '{short(answer)}': the actor "
                       f"'{short(actor)}' gets no willingness from this survey")
            spelling = spellings.get(" ".join(answer.casefold().split()))
            suggestion = (f"the responses write '{short(spelling)}': map that spelling" if spelling
                          else "map the answer as the responses write it")
        warnings.append(definition.located(message, ("actors", "values", answer), answer, suggestion))
    return warnings


def _question(definition: SurveyDefinition, question: Question, table: ResponseTable, columns: dict[str, int],
              groups: list[str | None], problems: _Problems, include_text: bool) -> QuestionResult:
    """One question's counts in each of the definition's groups (hidden ones too: they are held back later)."""
    index = {category: i for i, category in enumerate(question.categories)}
    n: Counter[str] = Counter()
    counts = {g: [0] * len(question.categories) for g in definition.groups}
    texts: dict[str, list[str]] = {g: [] for g in definition.groups}
    where = [columns[column] for column in question.columns]
    read: dict[tuple[str, ...], tuple[bool, set[str]]] = {}  # the same answers recur: read each once
    for row, group in zip(table.rows, groups):
        cells = tuple(row.values[i] for i in where)
        if cells in read:
            answered, named = read[cells]
        else:
            found = len(problems)
            answered, named = _answers(definition, question, table, columns, row, problems)
            if len(problems) == found:  # a cell with a problem is read again, so that each row is counted
                read[cells] = answered, named
        if group is None or not answered:
            continue
        n[group] += 1
        for category in named:
            counts[group][index[category]] += 1
        if question.kind is QuestionKind.TEXT:
            texts[group].append(row.values[columns[question.columns[0]]].strip())
    keep_text = include_text and question.kind is QuestionKind.TEXT
    return QuestionResult(question, tuple(
        GroupAnswers(g, n[g], tuple(counts[g]), texts=tuple(sorted(texts[g])) if keep_text else None)
        for g in definition.groups))


def _answers(definition: SurveyDefinition, question: Question, table: ResponseTable, columns: dict[str, int],
             row: Row, problems: _Problems) -> tuple[bool, set[str]]:
    """Whether the row answers the question, and the categories its answer names (reporting what it cannot read)."""
    where = f"questions[{question.column_paths[0][1]}]"
    if question.per_column:
        named: set[str] = set()
        answered = False
        for column in question.columns:
            cell = row.values[columns[column]].strip()
            tick = False if cell in question.not_counted else ticked(cell, column)
            if tick is None:
                problems.add((column, cell), _cell_problem(
                    table, row, columns[column], f"cannot tell whether '{short(cell)}' in column '{short(column)}' "
                    f"ticks its choice", cell, None, "a ticked cell holds 1, yes, true, x or the choice itself; an "
                    f"empty, 0 or no cell is not ticked; or list the value in {where}.not_counted"))
            answered = answered or tick is not False
            if tick:
                named.add(question.answers[column])
        return answered, named
    column = question.columns[0]
    cell = row.values[columns[column]].strip()
    if not cell:
        return False, set()
    if question.kind is QuestionKind.TEXT:
        return True, set()
    if question.separator is None:
        if cell in question.not_counted:
            return False, set()
        if cell in question.answers:
            return True, {question.answers[cell]}
        unknown = cell
    else:
        split = split_answers(cell, [*question.answers, *question.not_counted], question.separator)
        if split.unknown is None:  # answers not counted alone ("Prefer not to say") leave the respondent out of n
            named = {question.answers[a] for a in split.answers if a in question.answers}
            return bool(named), named
        unknown = split.unknown
    key = "scale" if question.kind is QuestionKind.LIKERT else "choices" if question.kind is QuestionKind.NEEDS \
        else "answers"
    problems.add((column, unknown), _cell_problem(
        table, row, columns[column], f"the answer '{short(unknown)}' in column '{short(column)}' is not in the "
        f"definition's {key}", unknown, _misspelt(unknown, question.answers, definition),
        f"add it to {where}.{key} in {os.path.basename(definition.file)}, or to its not_counted"))
    return False, set()


def _misspelt(value: str, mapped: Collection[str], definition: SurveyDefinition) -> str | None:
    """Where an answer in the responses is near one the definition maps, ask whether the definition misspells it."""
    near = did_you_mean(value, mapped)
    if near is None:
        return None
    return f"{os.path.basename(definition.file)} maps {near.removeprefix('did you mean ').rstrip('?')}: " \
           f"is that meant to be this answer?"


def _cell_problem(table: ResponseTable, row: Row, index: int, message: str, value: str, suggestion: str | None,
                  otherwise: str) -> Problem:
    """A problem at one cell of the responses: the row's line (a sheet's row number) and the column's number."""
    return Problem(message=message, value=value, suggestion=suggestion or otherwise, file=table.file, line=row.line,
                   column=index + 1, hint=_encoding_hint(table, value))


def _encoding_hint(table: ResponseTable, value: str) -> str | None:
    if table.encoding == "cp1252" and any(ord(c) > 127 for c in value):
        return "the file was read as Windows-1252 (it is not UTF-8): if its letters look wrong, give its encoding " \
               "in the definition (`encoding:`)"
    return None
