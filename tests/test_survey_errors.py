"""journeymap.survey on bad files: each mistake in a definition or its responses is one clear message placed at
its file, line (the row, for responses) and column, naming the value and suggesting a fix; all of them at once."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from journeymap.errors import Problem
from journeymap.survey import InvalidSurveyError, read_survey
from tests.test_survey import SIMPLE, simple_rows, write_survey


def problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(InvalidSurveyError) as caught:
        read_survey(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    [problem] = problems(path)
    return problem


def test_a_column_missing_from_the_responses_is_placed_in_the_definition(tmp_path: Path) -> None:
    path = write_survey(tmp_path, SIMPLE.replace("{column: Help,", "{column: Helps,"), simple_rows())
    problem = only_problem(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 6, 14)
    assert problem.message == "the column 'Helps' is not in responses.csv"
    assert problem.suggestion == "did you mean 'Help'?"


def test_every_missing_column_is_named_at_once(tmp_path: Path) -> None:
    definition = SIMPLE.replace("{column: Help,", "{column: Helps,").replace("{column: More,", "{column: Mor,")
    found = problems(write_survey(tmp_path, definition, simple_rows()))
    assert [(p.line, p.value) for p in found] == [(6, "Helps"), (7, "Mor")]


def test_an_answer_no_mapping_covers_is_placed_at_its_row_and_column(tmp_path: Path) -> None:
    rows = simple_rows().replace("User,Friends,", "User,Friend,")  # rows 2, 4 and 6
    problem = only_problem(write_survey(tmp_path, SIMPLE, rows))
    assert (Path(problem.file or "").name, problem.line, problem.column) == ("responses.csv", 2, 2)
    assert problem.message.startswith("the answer 'Friend' in column 'Help' is not in the definition's choices")
    assert problem.value == "Friend"
    assert problem.suggestion == "survey.yaml maps 'Friends': is that meant to be this answer?"
    assert problem.message.endswith("(and in 2 more rows)")


def test_an_unknown_answer_among_several_in_a_cell_is_named_alone(tmp_path: Path) -> None:
    rows = simple_rows().replace("Friends;Talk", "Friends;Gardening", 1)
    problem = only_problem(write_survey(tmp_path, SIMPLE, rows))
    assert problem.value == "Gardening" and problem.line == 3
    assert "questions[0].choices" in (problem.suggestion or "")


def test_a_group_value_not_mapped_is_placed_at_its_row(tmp_path: Path) -> None:
    rows = simple_rows().replace("Staff,", "Carer,", 1)
    problem = only_problem(write_survey(tmp_path, SIMPLE, rows))
    assert (problem.line, problem.column, problem.value) == (8, 1, "Carer")
    assert "the group 'Carer' in column 'Who' is not in the definition's group values" in problem.message
    assert "group: values:" in (problem.suggestion or "")


def test_every_problem_in_the_responses_is_reported_at_once(tmp_path: Path) -> None:
    rows = simple_rows().replace("Staff,", "Carer,", 1).replace("User,Friends,No", "User,Friends,Never", 1)
    found = problems(write_survey(tmp_path, SIMPLE, rows))
    assert [(p.line, p.column, p.value) for p in found] == [(2, 3, "Never"), (8, 1, "Carer")]


@pytest.mark.parametrize("content, message", [
    (b"", "the responses file is empty"),
    (b"\r\n \r\n", "the responses file is empty"),
    (b"Who,Help,More\r\n", "holds only the column names, no responses"),
])
def test_an_empty_responses_file_says_so(tmp_path: Path, content: bytes, message: str) -> None:
    problem = only_problem(write_survey(tmp_path, SIMPLE, content))
    assert message in problem.message and problem.file == str(tmp_path / "responses.csv")
    assert "export the responses again" in (problem.suggestion or "")


def test_bytes_neither_utf8_nor_windows_1252_are_refused_with_their_line(tmp_path: Path) -> None:
    raw = simple_rows().encode("utf-8").replace(b"Talk", b"T\x81lk", 2)
    problem = only_problem(write_survey(tmp_path, SIMPLE, raw))
    assert problem.message == "the responses file is neither UTF-8 nor Windows-1252 text: byte 0x81 cannot be read"
    assert problem.value == "0x81"
    assert problem.line == 3
    assert "encoding:" in (problem.suggestion or "")


def test_an_encoding_the_definition_gives_is_held_to(tmp_path: Path) -> None:
    raw = simple_rows(talk="Café").encode("cp1252")
    definition = SIMPLE.replace("Talk: Someone", "Café: Someone") + "encoding: utf-8\n"
    problem = only_problem(write_survey(tmp_path, definition, raw))
    assert "is not in the encoding the definition gives (utf-8)" in problem.message and problem.value == "0xe9"


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    problem = only_problem(write_survey(tmp_path, SIMPLE, simple_rows().encode("utf-16-le")))
    assert "UTF-16 without a byte-order mark" in problem.message
    assert "encoding: utf-16-le" in (problem.suggestion or "")


def test_a_windows_1252_file_with_unmatched_letters_hints_at_its_encoding(tmp_path: Path) -> None:
    raw = simple_rows(talk="Café").encode("cp1252")
    problem = only_problem(write_survey(tmp_path, SIMPLE.replace("Talk: Someone", "Cafe: Someone"), raw))
    assert problem.value == "Café" and "read as Windows-1252" in (problem.hint or "")


def test_a_row_with_more_values_than_columns_is_placed(tmp_path: Path) -> None:
    rows = simple_rows().replace("Staff,Talk,", "Staff,Talk,,extra", 1)
    problem = only_problem(write_survey(tmp_path, SIMPLE, rows))
    assert (problem.line, problem.message) == (8, "this row has 4 values, the first row names 3 columns")


def test_an_unclosed_quote_is_placed(tmp_path: Path) -> None:
    rows = simple_rows().replace("Staff,Talk,", 'Staff,"Talk,', 1)
    problem = only_problem(write_survey(tmp_path, SIMPLE, rows))
    assert problem.line == 8 and problem.file == str(tmp_path / "responses.csv")


def test_a_workbook_named_csv_is_told_apart(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "book.xlsx")
    problem = only_problem(write_survey(tmp_path, SIMPLE, (tmp_path / "book.xlsx").read_bytes()))
    assert "zip archive (an Excel workbook?)" in problem.message and "name it .xlsx" in (problem.suggestion or "")


def test_a_broken_workbook_says_it_cannot_be_read(tmp_path: Path) -> None:
    problem = only_problem(write_survey(tmp_path, SIMPLE, b"not a workbook at all", name="responses.xlsx"))
    assert problem.message.startswith("cannot read the responses as an Excel workbook")


def test_a_sheet_the_workbook_lacks_is_placed_in_the_definition(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Answers"
    workbook.save(tmp_path / "responses.xlsx")
    definition = SIMPLE.replace("responses: RESPONSES", "responses: responses.xlsx\nsheet: Answer")
    (tmp_path / "survey.yaml").write_text(definition, encoding="utf-8")
    problem = only_problem(tmp_path / "survey.yaml")
    assert (problem.line, problem.message) == (4, "the workbook responses.xlsx has no sheet 'Answer'")
    assert problem.suggestion == "did you mean 'Answers'?"


@pytest.mark.parametrize("change, line, message, suggestion", [
    (("questions:", "qestions:"), 5, "unknown key 'qestions'", "did you mean 'questions'?"),
    (("type: needs", "type: need"), 6, "unknown question type 'need'", "did you mean 'needs'?"),
    (("Weekly: weekly", "Weekly: weekely"), 7, "unknown willingness 'weekely'", "did you mean 'weekly'?"),
    (('multiple: ";"', 'multiple: "/"'), 6, "unknown separator '/' for several answers in one cell", "write ';'"),
    (("journeymap-survey: 1", "journeymap-survey: 2"), 1, "unknown survey format '2'", "reads `journeymap-survey: 1`"),
    (("responses: RESPONSES", "responses: answers.csv"), 3, "the responses file 'answers.csv' does not exist",
     "did you mean 'responses.csv'?"),
    (("responses: RESPONSES", "responses: old.xls"), 3, "old Excel format (.xls)", "save them as .xlsx"),
    (("values: {", "valus: {"), 4, "unknown key 'valus'", "did you mean 'values'?"),
    (("title: A small survey\n", "title: A small survey\ndisclosure_threshold: 0\n"), 3,
     "the disclosure threshold must be a whole number of respondents, at least 1", "the default is 5"),
    (("questions:\n", "questions:\n  - {column: More, type: likert, scale: [Never, Monthly, Weekly], neutral: Montly}\n"),
     6, "the neutral level 'Montly' is not on the scale", "did you mean 'Monthly'?"),
    (("questions:", "actors: {column: Who, valus: {User: ann}}\nquestions:"), 5, "unknown key 'valus'",
     "did you mean 'values'?"),
])
def test_a_mistake_in_the_definition_is_one_located_message(tmp_path: Path, change: tuple[str, str], line: int,
                                                             message: str, suggestion: str) -> None:
    path = write_survey(tmp_path, SIMPLE.replace(*change), simple_rows())
    problem = only_problem(path)
    assert (problem.file, problem.line) == (str(path), line)
    assert message in problem.message and suggestion in (problem.suggestion or "")


def test_an_asset_kind_typo_in_a_capabilities_question(tmp_path: Path) -> None:
    definition = SIMPLE + "  - {column: More, type: capabilities, answers: {Weekly: tmie}}\n"
    problem = only_problem(write_survey(tmp_path, definition, simple_rows()))
    assert (problem.line, problem.message, problem.suggestion) == (8, "unknown asset kind 'tmie'",
                                                                   "did you mean 'time'?")


def test_every_mistake_in_the_definition_at_once(tmp_path: Path) -> None:
    definition = SIMPLE.replace("questions:", "qestions:").replace("title: A small survey", "titel: A small survey")
    found = problems(write_survey(tmp_path, definition, simple_rows()))
    assert [(p.line, p.message, p.suggestion) for p in found] == [
        (2, "unknown key 'titel'", "did you mean 'title'?"), (5, "unknown key 'qestions'", "did you mean 'questions'?")]


def test_an_answer_that_reads_as_two_others_joined_is_refused(tmp_path: Path) -> None:
    definition = SIMPLE.replace('multiple: ";"', 'multiple: ","').replace(
        "Talk: Someone to talk to", "Talk: Someone to talk to, \"Friends, Talk\": Both")
    problem = only_problem(write_survey(tmp_path, definition, simple_rows()))
    assert problem.message == "the answer 'Friends, Talk' reads the same as 'Friends' and 'Talk' chosen together"


def test_a_yes_read_as_true_is_asked_to_be_quoted(tmp_path: Path) -> None:
    definition = SIMPLE.replace("{Weekly: weekly, Monthly: monthly, No: none}", "{Weekly: weekly}") + \
        "  - {column: More, type: likert, scale: [No, Yes]}\n"
    found = problems(write_survey(tmp_path, definition, simple_rows()))
    assert [p.message for p in found] == ["a level of the scale was read as false, not text",
                                          "a level of the scale was read as true, not text"]
    assert "put it in quotes" in (found[0].suggestion or "")


def test_a_journey_map_given_as_a_survey_is_named(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("journeymap: 1\ntitle: A map\n", encoding="utf-8")
    assert only_problem(path).message == "this is a journey map, not a survey definition"


@pytest.mark.parametrize("text, message", [
    ("", "the survey definition is empty"),
    ("# nothing but a comment\n", "the file is empty (it holds only comments)"),
    ("journeymap-survey: 1\n  title: [\n", "YAML syntax error"),
    ("- a list\n", "a survey definition is a mapping of keys, not a list"),
])
def test_an_unreadable_definition_says_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "survey.yaml"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(path)
    assert message in problem.message and problem.file == str(path)


def test_a_definition_that_does_not_exist(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nowhere.yaml")
    assert problem.message == "cannot read the survey definition: No such file or directory"


def test_a_tick_that_cannot_be_told_is_placed(tmp_path: Path) -> None:
    definition = "journeymap-survey: 1\ntitle: T\nresponses: RESPONSES\nquestions:\n" \
                 "  - {type: needs, columns: {A: Friends, B: Talk}}\n"
    problem = only_problem(write_survey(tmp_path, definition, "A,B\n1,\nmaybe,1\n"))
    assert (problem.line, problem.column, problem.value) == (3, 1, "maybe")
    assert "cannot tell whether 'maybe' in column 'A' ticks its choice" in problem.message
