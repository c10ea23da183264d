"""What a survey puts into a map: needs' shares written so that they give their counts back, the summary of shown
groups only, actors' willingness, and notes on what cannot go in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.io import load
from journeymap.model import Actor, Journey, Need
from journeymap.stats import whole_percent
from journeymap.survey import InvalidSurveyError, read_survey
from journeymap.survey.evidence import map_edits, map_evidence, share_value, with_evidence
from journeymap.survey.results import Share
from journeymap.wording import whole_percent as printed_percent
from test_survey import SIMPLE, SURVEYS, WILLIS_AND_DUNSTAN, simple_rows, write_survey

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@given(st.integers(1, 10**6).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_written_share_gives_its_count_and_its_percent_back(counted: tuple[int, int]) -> None:
    count, n = counted
    share = share_value(Share("a need", count, n))
    assert round(share * n) == count
    assert printed_percent(share) == whole_percent(count, n)


def test_the_sight_loss_survey_gives_willis_and_dunstans_needs_and_the_willingness_study() -> None:
    evidence = map_evidence(read_survey(SURVEYS / "sight_loss_survey.yaml"))
    figures = {f.name: (f.users, f.staff) for f in evidence.needs}
    assert {name: (users.percent, staff.percent) for name, (users, staff) in figures.items()} == WILLIS_AND_DUNSTAN
    assert {(users.n, staff.n) for users, staff in figures.values()} == {(100, 28)}
    survey = evidence.survey
    assert survey.id == "sight_loss_survey" and survey.held_back == 3  # the carers, under the threshold
    assert [(g.group, g.respondents) for g in survey.respondents] == [("users", 100), ("staff", 28)]
    assert [(w.group, w.weekly, w.monthly, w.none) for w in survey.willingness] == [("users", 28, 43, 29)]


def test_the_opinion_survey_keeps_likert_counts_of_shown_groups_only() -> None:
    survey = map_evidence(read_survey(SURVEYS / "opinion_survey.yaml")).survey
    assert {c.group for c in survey.likert} == {"citizens", "professionals"}  # not the 3 politicians
    assert len(survey.likert) == 8 and survey.held_back == 3
    assert survey.likert[0].scale[2] == "No opinion/Neutral"


def test_into_the_sight_loss_map_the_needs_are_updated_and_the_survey_added() -> None:
    journey = load(EXAMPLES / "sight_loss.yaml")
    new = with_evidence(journey, map_evidence(read_survey(SURVEYS / "sight_loss_survey.yaml")))
    assert [(printed_percent(n.users), printed_percent(n.staff), n.n_users, n.n_staff) for n in new.needs] == [
        (*WILLIS_AND_DUNSTAN[n.name], 100, 28) for n in journey.needs]
    assert [s.id for s in new.surveys] == ["sight_loss_survey"]
    assert new.actors == journey.actors and new.stages == journey.stages


def test_a_need_the_map_lacks_is_added_and_a_need_is_found_whatever_its_spacing_and_case(tmp_path: Path) -> None:
    results = read_survey(write_survey(tmp_path, SIMPLE, simple_rows()))
    journey = Journey(title="T", needs=[Need(name="someone  to TALK to", users=0.1, staff=0.2)])
    new = with_evidence(journey, map_evidence(results))
    assert [(n.name, n.users, n.staff, n.n_users, n.n_staff) for n in new.needs] == [
        ("someone  to TALK to", 0.5, 1.0, 6, 5), ("Friends", 1.0, 0.0, 6, 5)]


def test_a_need_only_one_group_was_counted_for_updates_that_groups_share_and_is_not_added(tmp_path: Path) -> None:
    results = read_survey(write_survey(tmp_path, SIMPLE, simple_rows(staff=3)))  # staff under the threshold
    journey = Journey(title="T", needs=[Need(name="Friends", users=0.1, staff=0.2)])
    evidence = map_evidence(results)
    edits, notes = map_edits(evidence, journey, "survey.yaml")
    new = with_evidence(journey, evidence)
    assert [(n.name, n.users, n.staff, n.n_users, n.n_staff) for n in new.needs] == [("Friends", 1.0, 0.2, 6, None)]
    assert [p.message for p in notes] == ["the need 'Someone to talk to' is not added to the map: the survey shows "
                                          "no staff share of it"]


def test_groups_not_called_users_and_staff_put_no_needs_in_and_say_why(tmp_path: Path) -> None:
    definition = SIMPLE.replace("User: users, Staff: staff", "User: citizens, Staff: workers")
    evidence = map_evidence(read_survey(write_survey(tmp_path, definition, simple_rows())))
    assert evidence.needs == ()
    assert "shown groups are citizens, workers" in evidence.notes[0].message
    assert "`users` and `staff`" in (evidence.notes[0].suggestion or "")


ACTORS = SIMPLE.replace("questions:", "actors: {column: Name, values: {Margaret: margaret, Jenny: jenny}}\n"
                                      "questions:")


def rows_with_names(names: list[tuple[str, str]]) -> str:
    """simple_rows' respondents, and a Name column: ``names`` gives (name, willingness answer) for the first rows."""
    lines = simple_rows().splitlines()
    out = [lines[0] + ",Name"]
    for i, line in enumerate(lines[1:]):
        name, answer = names[i] if i < len(names) else ("", None)
        cells = line.split(",")
        if answer is not None:
            cells[2] = answer
        out.append(",".join(cells) + f",{name}")
    return "\r\n".join(out) + "\r\n"


def test_respondents_named_as_actors_give_those_actors_willingness(tmp_path: Path) -> None:
    responses = rows_with_names([("Margaret", "Monthly"), ("Jenny", "Weekly"), ("Jenny", "No")])
    results = read_survey(write_survey(tmp_path, ACTORS, responses))
    assert [(a.actor, a.willingness, a.respondents) for a in results.actors] == [
        ("margaret", "monthly", 1), ("jenny", "none", 2)]  # a tie: the least willing answer
    assert results.to_dict()["actors"] == {"margaret": {"willingness": "monthly", "respondents": 1},
                                           "jenny": {"willingness": "none", "respondents": 2}}
    journey = Journey(title="T", actors=[Actor(id="margaret", name="M", role="service_user", willingness="none"),
                                         Actor(id="jenny", name="J", role="carer")])
    new = with_evidence(journey, map_evidence(results))
    assert [a.willingness.value if a.willingness else None for a in new.actors] == ["monthly", "none"]


def test_an_actor_who_gets_no_willingness_is_warned_of_with_the_spelling_the_responses_use(tmp_path: Path) -> None:
    responses = rows_with_names([("margaret ", "Monthly"), ("Jenny", ""), ("Bob", "Weekly")])
    results = read_survey(write_survey(tmp_path, ACTORS, responses))
    assert results.actors == ()
    margaret, jenny = [w for w in results.warnings if "gets no willingness" in w.message]
    assert "no respondent's answer in column 'Name' is 'Margaret': the actor 'margaret'" in margaret.message
    assert margaret.suggestion == "the responses write 'margaret': map that spelling"
    assert (margaret.line, margaret.column) == (5, 43)  # at its entry in `actors:`
    assert "the respondent 'Jenny' in column 'Name' did not answer 'More'" in jenny.message
    assert "Bob" not in str([(w.message, w.suggestion) for w in results.warnings])  # a name the user did not write


def test_an_actor_the_map_lacks_is_refused_with_the_id_meant(tmp_path: Path) -> None:
    results = read_survey(write_survey(tmp_path, ACTORS.replace("margaret}", "margret}").replace(
        "Margaret: margaret", "Margaret: margret"), rows_with_names([("Margaret", "Monthly")])))
    journey = Journey(title="T", actors=[Actor(id="margaret", name="M", role="service_user")])
    with pytest.raises(InvalidSurveyError) as raised:
        map_edits(map_evidence(results), journey, "survey.yaml")
    problem = raised.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("survey.yaml", 5, 43)  # at `margret` in `actors:`
    assert "the actor 'margret', which the map does not have" in problem.message
    assert problem.suggestion == "did you mean 'margaret'?"
