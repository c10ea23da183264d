"""What a survey definition says, once read: which file holds the responses, which column gives each respondent's
group, and what each question is and how its answers count."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from enum import StrEnum

import attrs

from journeymap.errors import Path, Problem
from journeymap.io.reading import Positions

DEFAULT_THRESHOLD = 5
"""Groups with fewer respondents than this are suppressed: never shown, only counted as hidden."""

class QuestionKind(StrEnum):
    """What a question asks, and so how its answers are counted."""

    NEEDS = "needs"  # what would help: the share of a group naming each need
    WILLINGNESS = "willingness"  # willing to do more: weekly, monthly or none
    LIKERT = "likert"  # a statement rated on an ordered scale
    CAPABILITIES = "capabilities"  # what a respondent could bring: asset kinds
    TEXT = "text"  # free text: counted, never shown unless asked for


@attrs.frozen
class Question:
    """One question as the results count it: the column(s) it reads, what each answer counts as, in what order.

    ``answers`` maps an answer's text to its category when the question has one column (``separator`` splits a
    multi-select cell: ``;`` as Microsoft Forms joins choices, ``,`` as Google Forms does); with one column per
    choice (``per_column``) it maps each column to its category, and a ticked cell counts.
    """

    kind: QuestionKind
    label: str
    columns: tuple[str, ...]
    column_paths: tuple[Path, ...]  # where each column is named in the definition
    answers: Mapping[str, str]
    categories: tuple[str, ...]
    separator: str | None = None
    per_column: bool = False
    not_counted: frozenset[str] = frozenset()
    neutral: str | None = None  # a Likert scale's level that neither agrees nor disagrees

    @property
    def multiple(self) -> bool:
        """True when a respondent may give several answers (their counts may then add up to more than n)."""
        return self.per_column or self.separator is not None


@attrs.frozen
class SurveyDefinition:
    """A survey definition as read: where its responses are and how to count them."""

    file: str
    title: str
    responses: pathlib.Path  # the responses file, found beside the definition
    responses_as_written: str
    group_column: str | None
    group_values: Mapping[str, str]  # an answer in the group column -> the group it puts the respondent in
    groups: tuple[str, ...]  # in the order the definition first names them
    threshold: int
    actor_column: str | None = None  # the column naming the respondents who are a map's actors (`actors:`)
    actor_values: Mapping[str, str] = attrs.field(factory=dict)  # an answer in it -> an actor's id
    questions: tuple[Question, ...] = ()
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    positions: Positions = attrs.field(factory=Positions, eq=False, repr=False)

    def located(self, message: str, path: Path, value: object = None, suggestion: str | None = None) -> Problem:
        """A problem placed at ``path`` in the definition file."""
        return self.positions.locate(Problem(message=message, path=path, value=value, suggestion=suggestion))

    def actor_path(self, actor: str) -> Path:
        """Where the definition maps an answer to the actor ``actor``."""
        for answer, name in self.actor_values.items():
            if name == actor:
                return ("actors", "values", answer)
        return ("actors",)

    def group_path(self, group: str) -> Path:
        """Where the definition first maps an answer to ``group`` (else where it names the group column)."""
        for answer, name in self.group_values.items():
            if name == group:
                return ("group", "values", answer)
        return ("group",)
