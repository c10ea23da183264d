"""What a survey's responses come to: per group, how many gave each answer, of how many, with Wilson 95%
intervals; the groups too small to show, and how many respondents they hold. Free text only when asked for."""

from __future__ import annotations

from typing import Any

import attrs

from journeymap.errors import Problem
from journeymap.survey.definition import Question
from journeymap.stats import whole_percent, wilson_interval


@attrs.frozen
class Share:
    """How many of a group's ``n`` answering gave one answer (named a need, ticked a level of the scale...)."""

    answer: str
    count: int
    n: int

    @property
    def share(self) -> float:
        """``count`` / ``n``."""
        return self.count / self.n

    @property
    def interval(self) -> tuple[float, float]:
        """Wilson's 95% interval for the share."""
        return wilson_interval(self.count, self.n)

    @property
    def percent(self) -> int:
        """The share as a whole percent, rounded exactly, halves up."""
        return whole_percent(self.count, self.n)

    def to_dict(self) -> dict[str, Any]:
        """Count, share and interval, for JSON."""
        low, high = self.interval
        return {"count": self.count, "share": self.share, "interval": [low, high]}


@attrs.frozen
class GroupAnswers:
    """One group's answers to one question: ``n`` who answered, and a count for each of the question's answers.

    ``hidden`` when fewer than the disclosure threshold answered (but some did): the counts are then not shown.
    """

    group: str
    n: int
    counts: tuple[int, ...]
    hidden: bool = False
    texts: tuple[str, ...] | None = None  # free text, sorted, only when asked for

    def shares(self, question: Question) -> tuple[Share, ...]:
        """A share for each of the question's answers, in its order (none when hidden or no one answered)."""
        if self.hidden or self.n == 0:
            return ()
        return tuple(Share(answer, count, self.n) for answer, count in zip(question.categories, self.counts))

    def to_dict(self, question: Question) -> dict[str, Any]:
        """n, and each answer's count, share and interval (or ``hidden``), for JSON."""
        result: dict[str, Any] = {"n": self.n}
        if self.hidden:
            result["hidden"] = True
        elif self.n:
            result["answers"] = {share.answer: share.to_dict() for share in self.shares(question)}
        if self.texts is not None and not self.hidden:
            result["texts"] = list(self.texts)
        return result


@attrs.frozen
class QuestionResult:
    """A question and each shown group's answers to it, in the definition's order of groups."""

    question: Question
    groups: tuple[GroupAnswers, ...]

    def group(self, name: str) -> GroupAnswers:
        """The answers of the group called ``name``; KeyError when it is hidden or unknown."""
        for answers in self.groups:
            if answers.group == name:
                return answers
        raise KeyError(name)

    def share(self, group: str, answer: str) -> Share:
        """The share of ``group`` giving ``answer``; KeyError when the group, or its answers, are not shown."""
        for share in self.group(group).shares(self.question):
            if share.answer == answer:
                return share
        raise KeyError(answer)

    def to_dict(self) -> dict[str, Any]:
        """The question, and each shown group's answers, for JSON."""
        question = self.question
        result: dict[str, Any] = {"type": question.kind.value, "label": question.label,
                                  "columns": list(question.columns), "multiple": question.multiple}
        if question.categories:
            result["answers"] = list(question.categories)
        if question.neutral is not None:
            result["neutral"] = question.neutral
        result["groups"] = {answers.group: answers.to_dict(question) for answers in self.groups}
        return result


@attrs.frozen
class GroupSize:
    """A group and how many respondents it holds."""

    name: str
    respondents: int


@attrs.frozen
class ActorWillingness:
    """The willingness to do more of respondents the definition names as one of a map's actors (`actors:`): the
    answer most of them gave (on a tie, the least willing), and how many they were."""

    actor: str
    willingness: str
    respondents: int
    named_at: tuple[int, int] | None = None  # line and column where the definition maps an answer to the actor


@attrs.frozen
class SurveyResults:
    """A survey's results: groups shown and hidden, and each question's answers per shown group.

    Groups with fewer respondents than ``threshold`` (but at least one) are in ``hidden`` and nowhere else;
    ``warnings`` says so in the command line's words, each placed in the definition.
    """

    title: str
    definition: str
    responses: str
    threshold: int
    groups: tuple[GroupSize, ...]
    hidden: tuple[GroupSize, ...]
    questions: tuple[QuestionResult, ...]
    warnings: tuple[Problem, ...] = ()
    actors: tuple[ActorWillingness, ...] = ()  # only when the definition names actors, in its order

    @property
    def respondents(self) -> int:
        """Every respondent counted, in shown groups and hidden ones."""
        return sum(g.respondents for g in (*self.groups, *self.hidden))

    def question(self, label: str) -> QuestionResult:
        """The result of the question labelled ``label`` (its column, or a likert question's statement)."""
        for result in self.questions:
            if result.question.label == label:
                return result
        raise KeyError(label)

    def to_dict(self) -> dict[str, Any]:
        """Everything, for ``journeymap survey --json``: keys and lists in the definition's order, so the same
        files give the same JSON."""
        return {
            "title": self.title,
            "definition": self.definition,
            "responses": self.responses,
            "disclosure_threshold": self.threshold,
            "respondents": self.respondents,
            "groups": {g.name: g.respondents for g in self.groups},
            "hidden_groups": {g.name: g.respondents for g in self.hidden},
            "questions": [result.to_dict() for result in self.questions],
            **({"actors": {a.actor: {"willingness": a.willingness, "respondents": a.respondents}
                           for a in self.actors}} if self.actors else {}),
        }

    def to_text(self) -> str:
        """The results as plain-text tables for the terminal."""
        from journeymap.survey.text import survey_tables

        return survey_tables(self)
