"""journeymap.survey: the examples reproduce their published figures; shares, n, Wilson intervals, suppression of
small groups, free text kept out, and every common export format read alike."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from journeymap.errors import InvalidMapError, UsageError
from journeymap.survey import InvalidSurveyError, SurveyResults, read_survey, survey_tables, wilson_interval
from journeymap.stats import whole_percent

SURVEYS = Path(__file__).resolve().parents[1] / "examples" / "surveys"
SIGHT_LOSS = ["sight_loss_survey.yaml", "sight_loss_survey_msforms.yaml", "sight_loss_survey_google.yaml"]
NEEDS = "What would help you most?"
WILLING = "Would you be willing to give more of your time to help others with sight loss?"
COMMENTS = "Anything else you would like to tell us?"

WILLIS_AND_DUNSTAN = {  # need: (users %, staff %)
    "Get to know people and make friends": (91, 36),
    "Someone to talk to": (62, 18),
    "Information about services": (53, 64),
    "Information about specific support": (47, 54),
}


def write_survey(directory: Path, definition: str, responses: str | bytes, name: str = "responses.csv") -> Path:
    """A definition (``RESPONSES`` in its text stands for the responses file's name) and its responses file."""
    target = directory / name
    if isinstance(responses, str):
        target.write_text(responses, encoding="utf-8", newline="")
    else:
        target.write_bytes(responses)
    path = directory / "survey.yaml"
    path.write_text(definition.replace("RESPONSES", name), encoding="utf-8")
    return path


SIMPLE = """journeymap-survey: 1
title: A small survey
responses: RESPONSES
group: {column: Who, values: {User: users, Staff: staff}}
questions:
  - {column: Help, type: needs, multiple: ";", choices: {Friends: Friends, Talk: Someone to talk to}}
  - {column: More, type: willingness, answers: {Weekly: weekly, Monthly: monthly, No: none}}
"""


def simple_rows(users: int = 6, staff: int = 5, delimiter: str = ",", talk: str = "Talk") -> str:
    """Six users (all name Friends, three also Talk; four weekly, two not at all) and five staff (Talk)."""
    rows = [["Who", "Help", "More"]]
    rows += [["User", f"Friends;{talk}" if i % 2 else "Friends", "Weekly" if i % 3 else "No"] for i in range(users)]
    rows += [["Staff", talk, ""]] * staff
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("name", SIGHT_LOSS)
def test_the_sight_loss_examples_reproduce_willis_and_dunstan_and_the_willingness_study(name: str) -> None:
    results = read_survey(SURVEYS / name)
    needs = results.question(NEEDS)
    for need, (users, staff) in WILLIS_AND_DUNSTAN.items():
        assert (needs.share("users", need).percent, needs.share("staff", need).percent) == (users, staff)
    assert (needs.group("users").n, needs.group("staff").n) == (100, 28)
    willing = results.question(WILLING)
    assert [s.percent for s in willing.group("users").shares(willing.question)] == [28, 43, 29]
    assert [s.answer for s in willing.group("users").shares(willing.question)] == ["weekly", "monthly", "none"]


def test_the_three_exports_of_the_sight_loss_survey_give_the_same_results() -> None:
    def figures(name: str) -> dict[str, object]:
        found = read_survey(SURVEYS / name).to_dict()
        del found["definition"], found["responses"]
        return found

    assert figures(SIGHT_LOSS[0]) == figures(SIGHT_LOSS[1]) == figures(SIGHT_LOSS[2])


def test_the_carers_under_the_threshold_are_counted_as_hidden_and_shown_nowhere() -> None:
    results = read_survey(SURVEYS / "sight_loss_survey.yaml")
    found = results.to_dict()
    assert found["groups"] == {"users": 100, "staff": 28}
    assert found["hidden_groups"] == {"carers": 3}
    assert found["respondents"] == 131
    assert all("carers" not in question["groups"] for question in found["questions"])
    assert "carers (3 respondents)" in results.to_text()
    assert "carers (n=" not in results.to_text()
    [warning] = results.warnings
    assert (warning.file, warning.line) == (str(SURVEYS / "sight_loss_survey.yaml"), 14)
    assert "'carers' has 3 respondents, fewer than the disclosure threshold of 5" in warning.message


def test_a_lower_threshold_given_as_an_option_shows_the_small_group() -> None:
    results = read_survey(SURVEYS / "sight_loss_survey.yaml", threshold=3)
    assert results.to_dict()["hidden_groups"] == {}
    assert results.question(NEEDS).share("carers", "Get to know people and make friends").count == 3
    assert not any("group" in w.message and "respondents" in w.message for w in results.warnings)


@pytest.mark.parametrize("threshold", [0, -1, 2.5, True])
def test_a_threshold_below_one_or_not_whole_is_a_usage_error(threshold: int) -> None:
    with pytest.raises(UsageError, match="at least 1"):
        read_survey(SURVEYS / "sight_loss_survey.yaml", threshold=threshold)


def test_the_opinion_survey_counts_each_level_and_leaves_dont_know_out_of_n() -> None:
    results = read_survey(SURVEYS / "opinion_survey.yaml")
    statement = results.question("Most citizens do not want to get engaged \u2013 only the 'usual suspects'")
    citizens = statement.group("citizens")
    assert citizens.counts == (9, 14, 6, 8, 2)
    assert citizens.n == 39  # one of the 40 said "Don't know"
    assert statement.group("professionals").counts == (2, 6, 5, 13, 6)
    assert results.to_dict()["hidden_groups"] == {"politicians": 3}
    assert [q.question.label for q in results.questions][1] == \
        "Front-line staff are keen to give citizens a bigger role in public services"


def test_free_text_is_counted_but_never_in_the_results_unless_asked_for() -> None:
    comment = "The group on Tuesdays is the best part of my week."
    plain = read_survey(SURVEYS / "sight_loss_survey.yaml")
    assert comment not in json.dumps(plain.to_dict()) and comment not in plain.to_text()
    assert plain.question(COMMENTS).group("users").n == 10
    asked = read_survey(SURVEYS / "sight_loss_survey.yaml", include_text=True)
    texts = asked.question(COMMENTS).group("users").texts
    assert texts is not None and comment in texts and list(texts) == sorted(texts)
    assert comment in asked.to_text()


def test_free_text_of_a_hidden_group_stays_hidden_even_when_asked_for(tmp_path: Path) -> None:
    definition = SIMPLE.replace("questions:\n", "questions:\n  - {column: Note, type: text}\n")
    rows = "Who,Help,More,Note\n" + "User,Friends,Weekly,fine\n" * 5 + "Staff,Talk,,my name is Ann\n" * 2
    results = read_survey(write_survey(tmp_path, definition, rows), include_text=True)
    assert "Ann" not in json.dumps(results.to_dict()) and "Ann" not in results.to_text()


def test_a_question_too_few_in_a_shown_group_answered_is_held_back(tmp_path: Path) -> None:
    rows = "Who,Help,More\n" + "User,Friends,Weekly\n" * 3 + "User,Friends,\n" * 3 + "Staff,Talk,\n" * 5
    results = read_survey(write_survey(tmp_path, SIMPLE, rows))
    willing = results.question("More").group("users")
    assert (willing.n, willing.hidden) == (3, True)
    assert results.to_dict()["questions"][1]["groups"]["users"] == {"n": 3, "hidden": True}
    assert "not shown (3 answered)" in results.to_text()
    assert any("only 3 of the group 'users' answered 'More'" in w.message for w in results.warnings)


def test_shares_n_and_intervals_in_the_json(tmp_path: Path) -> None:
    results = read_survey(write_survey(tmp_path, SIMPLE, simple_rows()))
    users = results.to_dict()["questions"][0]["groups"]["users"]
    assert users["n"] == 6
    assert users["answers"]["Someone to talk to"]["count"] == 3
    assert users["answers"]["Someone to talk to"]["share"] == 0.5
    low, high = users["answers"]["Someone to talk to"]["interval"]
    assert (round(low, 4), round(high, 4)) == (0.1876, 0.8124)
    assert results.to_dict()["questions"][1]["groups"]["staff"] == {"n": 0}


def test_the_json_is_the_same_each_run_and_in_the_definitions_order(tmp_path: Path) -> None:
    path = write_survey(tmp_path, SIMPLE, simple_rows())
    first, second = (json.dumps(read_survey(path).to_dict()) for _ in range(2))
    assert first == second
    assert list(read_survey(path).to_dict()["questions"][0]["groups"]) == ["users", "staff"]


def test_the_text_tables_show_percent_interval_and_n() -> None:
    text = survey_tables(read_survey(SURVEYS / "sight_loss_survey.yaml"))
    assert "users (n=100)" in text and "staff (n=28)" in text
    line = next(line for line in text.splitlines() if line.startswith("Get to know people and make friends"))
    assert line.split()[-4:] == ["91%", "(84\u201395%)", "36%", "(21\u201354%)"]
    assert "weekly: a few hours a week or more  28% (20\u201337%)" in text
    assert "lived experience" in text  # an asset kind in words


def test_wilson_matches_newcombes_published_intervals() -> None:
    # Newcombe (1998), Statistics in Medicine 17: 857-872, table I, method 3 (score interval, no correction).
    for count, n, low, high in [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
                                (1, 29, 0.0061, 0.1718)]:
        found = wilson_interval(count, n)
        assert (round(found[0], 4), round(found[1], 4)) == (low, high)


def test_wilson_is_symmetric_holds_the_share_and_stays_in_bounds() -> None:
    for n in (1, 2, 7, 28, 100):
        for count in range(n + 1):
            low, high = wilson_interval(count, n)
            assert 0 <= low <= count / n <= high <= 1
            mirror = wilson_interval(n - count, n)
            assert (round(1 - mirror[1], 12), round(1 - mirror[0], 12)) == (round(low, 12), round(high, 12))
    assert wilson_interval(0, 5)[0] == 0.0 and wilson_interval(5, 5)[1] == 1.0
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_whole_percents_round_halves_up_exactly() -> None:
    assert [whole_percent(c, n) for c, n in [(1, 8), (3, 8), (15, 28), (1, 200), (2, 3)]] == [13, 38, 54, 1, 67]


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_common_encoding_and_delimiter_reads_alike(tmp_path: Path, encoding: str, delimiter: str) -> None:
    definition = SIMPLE.replace("Talk: Someone to talk to", "Café talk – weekly: Someone to talk to")
    rows = simple_rows(delimiter=delimiter, talk="Café talk – weekly")
    path = write_survey(tmp_path, definition, rows.encode(encoding))
    results = read_survey(path)
    assert results.question("Help").share("users", "Someone to talk to").count == 3
    assert results.question("Help").share("staff", "Someone to talk to").count == 5
    assert results.question("More").share("users", "weekly").count == 4


def test_one_column_per_choice_counts_ticks(tmp_path: Path) -> None:
    definition = """journeymap-survey: 1
title: Ticks
responses: RESPONSES
questions:
  - type: needs
    columns: {"Help [Friends]": Friends, "Help [Talk]": Someone to talk to, "Help [Other]": Other}
"""
    rows = "Help [Friends],Help [Talk],Help [Other]\n1,,\nyes,x,\nFriends,Talk,\n,1,\n,,\n0,no,TRUE\n"
    results = read_survey(write_survey(tmp_path, definition, rows))
    needs = results.question("Help").group("all")
    assert needs.n == 5  # the row ticking nothing did not answer
    assert needs.counts == (3, 3, 1)


def test_an_answer_not_counted_alone_in_a_cell_of_several_leaves_the_respondent_out_of_n(tmp_path: Path) -> None:
    definition = SIMPLE.replace('multiple: ";",', 'multiple: ";", not_counted: [Prefer not to say],')
    rows = simple_rows() + "User,Prefer not to say,\r\nUser,Prefer not to say;Talk,\r\n"
    needs = read_survey(write_survey(tmp_path, definition, rows)).question("Help").group("users")
    assert needs.n == 7  # the six, and the one naming Talk beside it; not the one who preferred not to say
    assert needs.counts == (6, 4)


def test_a_workbook_sheet_is_chosen_by_name(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Who", "Help", "More"])
    workbook.active.append(["User", "Nonsense", "Weekly"])
    answers = workbook.create_sheet("Answers")
    for row in csv.reader(io.StringIO(simple_rows())):
        answers.append(row)
    workbook.save(tmp_path / "responses.xlsx")
    definition = SIMPLE.replace("responses: RESPONSES", "responses: responses.xlsx\nsheet: Answers")
    (tmp_path / "survey.yaml").write_text(definition, encoding="utf-8")
    results = read_survey(tmp_path / "survey.yaml")
    assert results.question("Help").share("users", "Friends").count == 6


def test_results_are_an_invalid_map_error_family_and_typed() -> None:
    assert issubclass(InvalidSurveyError, InvalidMapError)
    assert isinstance(read_survey(SURVEYS / "opinion_survey.yaml"), SurveyResults)


# -- the command line ----------------------------------------------------------------------------------------


def test_the_survey_command_prints_the_figures_and_tells_what_it_held_back(
        capsys: pytest.CaptureFixture[str]) -> None:
    from journeymap.cli import main
    from journeymap.errors import DIAGNOSTIC

    assert main(["survey", str(SURVEYS / "sight_loss_survey.yaml")]) == 0
    out, err = capsys.readouterr()
    assert "91% (84–95%)" in out and "36% (21–54%)" in out and "28% (20–37%)" in out
    assert "carers" in err and all(DIAGNOSTIC.match(line) for line in err.splitlines() if not line.startswith("  "))
    assert main(["survey", str(SURVEYS / "sight_loss_survey.yaml"), "--json", "--threshold", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "carers" in json.dumps(data)  # a threshold of 2 shows the three carers


def test_the_survey_command_refuses_bad_input_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from journeymap.cli import main

    broken = tmp_path / "broken.yaml"
    broken.write_text((SURVEYS / "sight_loss_survey.yaml").read_text(encoding="utf-8").replace("questions:", "qestions:"),
                      encoding="utf-8")
    assert main(["survey", str(broken)]) == 2
    assert "qestions" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["survey", str(SURVEYS / "sight_loss_survey.yaml"), "--threshold", "0"])
    assert stopped.value.code == 2


def test_a_likert_scale_is_neutral_at_its_middle_unless_the_definition_says_otherwise(tmp_path: Path) -> None:
    rows = "Who,Q\r\nUser,Agree\r\n" * 1
    odd = "journeymap-survey: 1\ntitle: T\nresponses: RESPONSES\nquestions:\n  - {column: Q, type: likert, " \
          "scale: [Disagree, Unsure, Agree]}\n"
    assert read_survey(write_survey(tmp_path, odd, rows)).question("Q").question.neutral == "Unsure"
    even = odd.replace("Unsure, ", "")
    assert read_survey(write_survey(tmp_path, even, rows)).question("Q").question.neutral is None
    given = even.replace("]}", "], neutral: Disagree}")
    result = read_survey(write_survey(tmp_path, given, rows)).to_dict()["questions"][0]
    assert result["neutral"] == "Disagree"
