"""What a survey's results put into a map (`journeymap survey DEF --into MAP`): each need's users' and staff's
shares with their n, the survey's summary (respondents per shown group, willingness and Likert counts), and the
willingness of respondents the definition names as the map's actors. Shares are written, never typed: a count over
its n, to as many decimals as give the count back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from journeymap.errors import Problem, did_you_mean, short
from journeymap.io.patch import ItemEdit
from journeymap.io.write import item_data
from journeymap.model import Journey, Need
from journeymap.model_converters import name_key, slug
from journeymap.model_evidence import GroupCount, LikertCount, Survey, WillingnessCount
from journeymap.survey.definition import QuestionKind
from journeymap.survey.errors import InvalidSurveyError
from journeymap.survey.results import ActorWillingness, GroupAnswers, Share, SurveyResults

USERS, STAFF = "users", "staff"
"""The groups whose shares a map's needs hold: a definition's `group: values:` names them so."""


@attrs.frozen
class NeedFigures:
    """A need as a survey counted it: the share of users and of staff naming it (None where that group is not
    shown or not asked)."""

    name: str
    users: Share | None
    staff: Share | None


@attrs.frozen
class MapEvidence:
    """Everything a survey puts into a map, and notes on what it could not."""

    needs: tuple[NeedFigures, ...]
    survey: Survey
    willingness: tuple[ActorWillingness, ...]
    notes: tuple[Problem, ...] = ()


def share_value(share: Share) -> float:
    """A share as the map records it: count / n to enough decimals that round(share × n) gives the count back, and
    that it prints as the same whole percent (at least 4).

    >>> share_value(Share("a", 49, 54)), share_value(Share("a", 1, 8)), share_value(Share("a", 57, 200))
    (0.9074, 0.125, 0.285)
    """
    return round(share.count / share.n, max(4, len(str(share.n)) + 2))


def map_evidence(results: SurveyResults) -> MapEvidence:
    """What ``results`` put into a map."""
    needs: dict[str, dict[str, Share]] = {}
    notes = []
    for result in results.questions:
        if result.question.kind is not QuestionKind.NEEDS:
            continue
        for answers in result.groups:
            for share in answers.shares(result.question):
                needs.setdefault(share.answer, {}).setdefault(answers.group, share)
    if needs and not ({USERS, STAFF} & {group for figures in needs.values() for group in figures}):
        shown = ", ".join(g.name for g in results.groups) or "none"
        notes.append(Problem(message=f"the needs are not written into the map: it records users' and staff's shares, "
                                     f"and this survey's shown groups are {shown}", file=results.definition,
                             suggestion="name the groups `users` and `staff` in the definition's `group: values:`"))
    figures = tuple(NeedFigures(name, shares.get(USERS), shares.get(STAFF)) for name, shares in needs.items()
                    if USERS in shares or STAFF in shares)
    return MapEvidence(needs=figures, survey=_summary(results), willingness=results.actors, notes=tuple(notes))


def _summary(results: SurveyResults) -> Survey:
    willingness: list[WillingnessCount] = []
    likert: list[LikertCount] = []
    for result in results.questions:
        kind, question = result.question.kind, result.question
        shown = [a for a in result.groups if _shown(a)]
        if kind is QuestionKind.WILLINGNESS and not willingness:
            willingness = [WillingnessCount(group=a.group, **dict(zip(question.categories, a.counts))) for a in shown]
        elif kind is QuestionKind.LIKERT:
            likert += [LikertCount(statement=question.label, group=a.group, scale=question.categories,
                                   counts=a.counts, neutral=question.neutral) for a in shown]
    return Survey(id=slug(Path(results.definition).stem), title=results.title,
                  respondents=[GroupCount(group=g.name, respondents=g.respondents) for g in results.groups],
                  held_back=sum(g.respondents for g in results.hidden), threshold=results.threshold,
                  willingness=willingness, likert=likert)


def _shown(answers: GroupAnswers) -> bool:
    return answers.n > 0 and not answers.hidden


def _need_fields(figures: NeedFigures) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for group, share in ((USERS, figures.users), (STAFF, figures.staff)):
        if share is not None:
            fields[group] = share_value(share)
    for group, share in ((USERS, figures.users), (STAFF, figures.staff)):
        if share is not None:
            fields[f"n_{group}"] = share.n
    return fields


def map_edits(evidence: MapEvidence, journey: Journey, definition_file: str) -> tuple[list[ItemEdit], list[Problem]]:
    """The edits that put ``evidence`` into the file of ``journey``, and notes on what they leave out; raises
    InvalidSurveyError for an actor the definition names that the map lacks."""
    edits: list[ItemEdit] = []
    notes = list(evidence.notes)
    named = {name_key(need.name): need.name for need in journey.needs}
    for figures in evidence.needs:
        fields = _need_fields(figures)
        existing = named.get(name_key(figures.name))
        if existing is not None:
            edits.append(ItemEdit("needs", "name", existing, fields))
        elif figures.users is not None and figures.staff is not None:
            edits.append(ItemEdit("needs", "name", figures.name, {"name": figures.name, **fields}, add=True))
        else:
            missing = STAFF if figures.staff is None else USERS
            notes.append(Problem(message=f"the need '{short(figures.name)}' is not added to the map: the survey shows "
                                         f"no {missing} share of it", file=definition_file,
                                 suggestion="add the need to the map by hand with both shares"))
    ids = [actor.id for actor in journey.actors]
    unknown = [a for a in evidence.willingness if a.actor not in ids]
    if unknown:
        raise InvalidSurveyError([Problem(
            message=f"the definition names the actor '{short(a.actor)}', which the map does not have", value=a.actor,
            suggestion=did_you_mean(a.actor, ids) or f"the map's actors: {', '.join(ids) or 'none'}").located(
            definition_file, *(a.named_at or (None, None))) for a in unknown])
    edits += [ItemEdit("actors", "id", a.actor, {"willingness": a.willingness}) for a in evidence.willingness]
    survey = evidence.survey
    kept = next((s for s in journey.surveys if s.id == survey.id or s.title == survey.title), None)
    if kept is not None:
        survey = survey.replace(id=kept.id)
    edits.append(ItemEdit("surveys", "id", survey.id, item_data(survey), whole=True, add=True))
    return edits, notes


def with_evidence(journey: Journey, evidence: MapEvidence) -> Journey:
    """``journey`` with ``evidence`` in it, as `--into` writes it into the journey's file.

    Raises InvalidSurveyError as :func:`map_edits` does.
    """
    edits, _ = map_edits(evidence, journey, "")
    needs = list(journey.needs)
    actors = list(journey.actors)
    surveys = list(journey.surveys)
    for edit in edits:
        if edit.key == "needs":
            index = next((i for i, need in enumerate(needs) if need.name == edit.match), None)
            if index is None:
                needs.append(Need(**edit.fields))
            else:
                needs[index] = needs[index].replace(**edit.fields)
        elif edit.key == "actors":
            index = next(i for i, actor in enumerate(actors) if actor.id == edit.match)
            actors[index] = actors[index].replace(**edit.fields)
        else:
            surveys = [s for s in surveys if s.id != edit.match]
            kept = next((i for i, s in enumerate(journey.surveys) if s.id == edit.match), len(surveys))
            surveys.insert(kept, evidence.survey.replace(id=edit.match))
    return journey.replace(needs=needs, actors=actors, surveys=surveys)
