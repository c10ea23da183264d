"""Reading and writing map files: the model they give, every problem placed, round trips."""

from __future__ import annotations

import ast
import datetime
import json
import os
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.checks import find_warnings
from journeymap.errors import InvalidMapError, JourneyMapError, Problem, UsageError
from journeymap.io import dump, dumps, load, loads, read_map, reads_map
from journeymap.io.source import MAX_ALIAS_VALUES, MAX_DEPTH
from journeymap.model import Actor, Journey, LikertCount, LogHidden, Survey
from journeymap.vocabulary import AssetKind, Involvement, Phase, Role, Status, Willingness
from strategies import DESIGN_EXAMPLE, journeys


# A small valid map in block style, so lines and columns in the tests are easy to check by eye.
MAP = """\
journeymap: 1
title: Test
actors:
  - id: margaret
    name: Margaret
    role: service_user
  - id: jenny
    name: Jenny
    role: carer
assets:
  - id: jenny_time
    holder: jenny
    kind: time
stages:
  - id: diagnosis
    name: Diagnosis
    touchpoints:
      - id: clinic
        name: Clinic
        actors: [margaret, jenny]
        emotion: -1
contributions:
  - asset: jenny_time
    touchpoint: clinic
    phase: co_delivery
needs:
  - name: Friends
    users: 0.9
    staff: 0.3
"""

LOL_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)


def problems(text: str | bytes, format: str = "yaml", source: str | None = "map.yaml") -> tuple[Problem, ...]:
    with pytest.raises(InvalidMapError) as info:
        loads(text, format, source=source)
    return info.value.problems


def only(text: str | bytes, format: str = "yaml", source: str | None = "map.yaml") -> Problem:
    found = problems(text, format, source)
    assert len(found) == 1, found
    return found[0]


def edit(old: str, new: str, text: str = MAP) -> str:
    assert old in text
    return text.replace(old, new, 1)


def place(problem: Problem) -> tuple[str | None, int | None, int | None]:
    return problem.file, problem.line, problem.column


# ---------------------------------------------------------------------------
# The model a valid map gives


def test_the_design_example_gives_the_model_it_describes() -> None:
    journey = loads(DESIGN_EXAMPLE)
    assert journey.title == "Living well with sight loss"
    assert journey.persona == "margaret"
    assert [a.id for a in journey.actors] == ["margaret", "jenny", "rehab", "club"]
    assert journey.actor("margaret").name == "Margaret, 78"
    assert journey.actor("jenny").role is Role.CARER
    assert journey.actor("jenny").willingness is Willingness.WEEKLY
    assert journey.actor("rehab").willingness is None
    assert journey.asset("jenny_time").kind is AssetKind.TIME
    assert journey.asset("jenny_time").hours_per_month == 8
    clinic = journey.touchpoint("clinic")
    assert clinic.actors == ("margaret", "rehab")
    assert (clinic.emotion, clinic.involvement, clinic.moment_of_truth) == (-2, Involvement.INFORMING, True)
    assert clinic.pain_points == ("Told nothing more can be done",)
    assert [s.id for s in journey.stages] == ["diagnosis", "support"]
    assert [t.id for t in journey.stage("support").touchpoints] == ["home_visit", "group"]
    assert [(e.source, e.target, e.label) for e in journey.flow] == [
        ("clinic", "home_visit", "referral"), ("home_visit", "group", None)]
    assert [(c.asset, c.status) for c in journey.contributions] == [
        ("jenny_time", Status.ACTUAL), ("club_network", Status.POTENTIAL)]
    assert journey.contributions[1].phase is Phase.CO_DELIVERY
    assert (journey.needs[0].users, journey.needs[0].staff) == (0.91, 0.36)


def test_ids_are_derived_where_the_model_derives_them() -> None:
    journey = loads("journeymap: 1\ntitle: T\nactors:\n  - {name: Mary Smith, role: carer}\n"
                    "assets:\n  - {holder: mary_smith, kind: skills}\n")
    assert journey.actors[0].id == "mary_smith"
    assert journey.assets[0].id == "mary_smith_skills"


def test_null_means_not_given() -> None:
    journey = loads("journeymap: 1\ntitle: T\ndescription:\nactors:\nstages:\n  - {name: S, touchpoints: ~}\n")
    assert journey.description is None
    assert journey.actors == ()
    assert journey.stages[0].touchpoints == ()


def test_merge_keys_are_flattened_and_the_mapping_s_own_keys_win() -> None:
    text = ("journeymap: 1\ntitle: T\nactors:\n  - &carer {id: ann, name: Ann, role: carer, willingness: weekly}\n"
            "  - {<<: *carer, id: bob, name: Bob}\n")
    bob = loads(text).actor("bob")
    assert (bob.name, bob.role, bob.willingness) == ("Bob", Role.CARER, Willingness.WEEKLY)


def test_a_byte_order_mark_is_allowed() -> None:
    assert loads(("\ufeff" + MAP).encode()) == loads(MAP)


# ---------------------------------------------------------------------------
# Each kind of problem, placed at file:line:column with the value and a suggestion


def test_a_typo_in_a_vocabulary_word_is_placed_and_corrected() -> None:
    problem = only(edit("role: carer", "role: carr"))
    assert place(problem) == ("map.yaml", 9, 11)
    assert (problem.path, problem.value) == (("actors", 1, "role"), "carr")
    assert str(problem) == "map.yaml:9:11: unknown role 'carr' (at actors[1].role); did you mean 'carer'?"


def test_a_typo_in_a_key_points_at_the_key() -> None:
    problem = only(edit("emotion: -1", "emoton: -1"))
    assert place(problem) == ("map.yaml", 21, 9)
    assert problem.value == "emoton"
    assert problem.message == "unknown key 'emoton'"
    assert problem.suggestion == "did you mean 'emotion'?"


def test_an_unknown_key_far_from_any_valid_one_lists_the_valid_keys() -> None:
    problem = only(edit("kind: time", "kind: time\n    colour: red"))
    assert "an asset has the keys: holder, kind, name, id" in str(problem.suggestion)


def test_an_unquoted_comma_in_flow_style_gets_a_hint() -> None:
    problem = only("journeymap: 1\ntitle: T\nneeds:\n  - {name: Lifts, rides, users: 0.5, staff: 0.5}\n")
    assert (problem.message, problem.line, problem.column) == ("unknown key 'rides'", 4, 19)
    assert problem.suggestion == "if a comma inside { } split some text here, put that text in quotes"


def test_a_typo_in_the_format_key_is_corrected() -> None:
    found = problems(edit("journeymap: 1", "journeymp: 1"))
    assert [p.message for p in found] == ["the map does not say its format version", "unknown key 'journeymp'"]
    assert found[1].suggestion == "did you mean 'journeymap'?"


@pytest.mark.parametrize(("old", "new", "where", "path", "suggestion"), [
    ("holder: jenny", "holder: jeny", (12, 13), ("assets", 0, "holder"), "did you mean 'jenny'?"),
    ("touchpoint: clinic", "touchpoint: clinc", (24, 17), ("contributions", 0, "touchpoint"), "did you mean 'clinic'?"),
    ("actors: [margaret, jenny]", "actors: [margaret, jeny]", (20, 28), ("stages", 0, "touchpoints", 0, "actors", 1),
     "did you mean 'jenny'?"),
    ("holder: jenny", "holder: clinic", (12, 13), ("assets", 0, "holder"), "'clinic' is a touchpoint, not an actor"),
])
def test_a_dangling_reference_is_placed_and_corrected(old: str, new: str, where: tuple[int, int],
                                                      path: tuple[object, ...], suggestion: str) -> None:
    problem = only(edit(old, new))
    assert (problem.line, problem.column) == where
    assert problem.path == path
    assert problem.value == new.split()[-1].strip("[]")
    assert problem.suggestion == suggestion


def test_a_duplicate_id_names_the_first_holder_of_the_id() -> None:
    problem = only(edit("  - id: diagnosis", "  - id: jenny_time"))
    assert place(problem) == ("map.yaml", 15, 9)
    assert (problem.message, problem.value) == ("duplicate id 'jenny_time'", "jenny_time")
    assert "the asset at assets[0]" in str(problem.suggestion)


@pytest.mark.parametrize(("old", "new", "where"), [
    ("actors: [margaret, jenny]", "actors: [margaret, jenny, margaret]", (20, 35)),
    ("actors: [margaret, jenny]", "actors:\n          - margaret\n          - jenny\n          - margaret", (23, 13)),
])
def test_an_actor_listed_twice_at_a_touchpoint_is_placed_at_the_repeat(old: str, new: str,
                                                                        where: tuple[int, int]) -> None:
    problem = only(edit(old, new))
    assert place(problem) == ("map.yaml", *where)
    assert (problem.path, problem.value) == (("stages", 0, "touchpoints", 0, "actors", 2), "margaret")
    assert problem.message == "actor 'margaret' is listed twice at this touchpoint"
    assert problem.suggestion == "it is already actors[0]; list each actor once"


def test_an_actor_listed_twice_reads_as_one_placed_error() -> None:
    with pytest.raises(InvalidMapError) as caught:
        loads(edit("actors: [margaret, jenny]", "actors: [jenny, jenny]"), source="map.yaml")
    assert str(caught.value) == ("map.yaml:20:25: actor 'jenny' is listed twice at this touchpoint "
                                 "(at stages[0].touchpoints[0].actors[1]); "
                                 "it is already actors[0]; list each actor once")


def test_an_actor_listed_twice_in_json_is_placed() -> None:
    text = as_json().replace('"jenny"\n          ],', '"jenny",\n            "margaret"\n          ],', 1)
    assert text != as_json()
    problem = only(text, "json", "map.json")
    line = text.splitlines().index('            "margaret"') + 1
    assert place(problem) == ("map.json", line, 13)
    assert (problem.path, problem.value) == (("stages", 0, "touchpoints", 0, "actors", 2), "margaret")
    assert problem.message == "actor 'margaret' is listed twice at this touchpoint"
    assert problem.suggestion == "it is already actors[0]; list each actor once"


def test_an_actor_listed_twice_is_reported_with_the_other_problems() -> None:
    text = edit("actors: [margaret, jenny]", "actors: [margaret, margaret]", edit("role: carer", "role: carr"))
    assert [(p.line, p.message) for p in problems(text)] == [
        (9, "unknown role 'carr'"),
        (20, "actor 'margaret' is listed twice at this touchpoint"),
    ]


def test_a_duplicate_yaml_key_names_both_lines() -> None:
    problem = only(edit("    name: Margaret\n", "    name: Margaret\n    name: Maggie\n"))
    assert place(problem) == ("map.yaml", 6, 5)
    assert problem.message == "duplicate key 'name'"
    assert problem.suggestion == "it is already set at line 5; keep only one"


@pytest.mark.parametrize(("text", "where", "message"), [
    ("journeymap: 1\ntitle: T\nactors: margaret\n", (3, 9), "actors must be a list of actors, not the text 'margaret'"),
    ("journeymap: 1\ntitle: T\nstages: {a: 1}\n", (3, 9), "stages must be a list of stages, not a mapping"),
    ("journeymap: 1\ntitle: T\nstages:\n  - Diagnosis\n", (4, 5),
     "each item of stages must be a mapping of keys to values (one stage), not the text 'Diagnosis'"),
    ("- journeymap: 1\n- title: T\n", (1, 1), "a map file holds a mapping of keys to values, not a list"),
    ("just some words\n", (1, 1), "a map file holds a mapping of keys to values, not the text 'just some words'"),
    ("journeymap: 1\ntitle: [a, b]\n", (2, 8), "title must be text, not ['a', 'b']"),
    ("journeymap: 1\ntitle: 2024-01-01\n", (2, 8), "title must be text, not datetime.date(2024, 1, 1)"),
])
def test_a_wrong_type_is_a_placed_problem(text: str, where: tuple[int, int], message: str) -> None:
    problem = only(text)
    assert (problem.line, problem.column) == where
    assert problem.message == message


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("emotion: -1", "emotion: -5", (21, 18), "emotion -5 is not a whole number from -2 to 2"),
    ("emotion: -1", "emotion: 1.5", (21, 18), "emotion 1.5 is not a whole number from -2 to 2"),
    ("emotion: -1", "emotion: high", (21, 18), "emotion 'high' is not a whole number from -2 to 2"),
    ("emotion: -1", "emotion: .nan", (21, 18), "emotion nan is not a whole number from -2 to 2"),
    ("users: 0.9", "users: 91", (28, 12), "users 91 is not a share from 0 to 1"),
    ("staff: 0.3", "staff: -0.1", (29, 12), "staff -0.1 is not a share from 0 to 1"),
    ("kind: time", "kind: time\n    hours_per_month: 1.0e+400", (14, 22), "hours_per_month inf is not a number of hours"),
    ("kind: time", "kind: time\n    hours_per_month: .inf", (14, 22), "hours_per_month inf is not a number of hours"),
    ("        emotion: -1", "        emotion: -1\n        moment_of_truth: 'yes'", (22, 26),
     "moment_of_truth must be true or false, not 'yes'"),
    ("        emotion: -1", "        emotion: -1\n        pain_points: Long wait", (22, 22),
     "pain_points must be a list, not 'Long wait'"),
])
def test_an_out_of_range_or_ill_typed_value_is_a_problem(old: str, new: str, where: tuple[int, int],
                                                         message: str) -> None:
    problem = only(edit(old, new))
    assert (problem.line, problem.column) == where
    assert problem.message.startswith(message)


def test_an_integer_too_long_to_read_is_a_problem_not_a_crash() -> None:
    problem = only(edit("emotion: -1", "emotion: 1" + "0" * 5000))
    assert (problem.line, problem.column) == (21, 18)
    assert problem.message.startswith("cannot read the value")


def test_a_missing_required_key_points_at_the_item() -> None:
    problem = only(edit("    role: carer\n", ""))
    assert place(problem) == ("map.yaml", 7, 5)
    assert problem.path == ("actors", 1)
    assert problem.message == "actor is missing the required key 'role'"


def test_a_missing_title_points_at_the_top() -> None:
    problem = only(edit("title: Test\n", ""))
    assert (problem.line, problem.column, problem.message) == (1, 1, "map is missing the required key 'title'")


@pytest.mark.parametrize("version", ["2", "'1'", "true", "1.5"])
def test_another_format_version_is_refused_alone(version: str) -> None:
    problem = only(edit("journeymap: 1", f"journeymap: {version}", edit("role: carer", "role: carr")))
    assert (problem.line, problem.column) == (1, 13)
    assert problem.message.startswith("unsupported format version" if version != "'1'" else
                                      "the format version '1' is text, not a number: the quotes made it text")
    assert problem.suggestion == "this journeymap reads format 1: write `journeymap: 1`"


def test_a_missing_format_version_is_reported_with_the_other_problems() -> None:
    found = problems(edit("journeymap: 1\n", "", edit("role: carer", "role: carr")))
    assert [p.message for p in found] == ["the map does not say its format version", "unknown role 'carr'"]
    assert found[0].suggestion == "add `journeymap: 1` as its first line"


def test_every_problem_in_the_file_is_reported_together_in_file_order() -> None:
    text = edit("users: 0.9", "users: 9", edit("holder: jenny", "holder: jeny", edit("role: carer", "role: carr")))
    error = pytest.raises(InvalidMapError, loads, text, source="x.yaml").value
    assert [(p.line, p.value) for p in error.problems] == [(9, "carr"), (12, "jeny"), (28, 9)]
    assert str(error).splitlines()[0] == "3 problems:"
    assert str(error).splitlines()[1] == "  x.yaml:9:11: unknown role 'carr' (at actors[1].role); did you mean 'carer'?"


def test_an_item_that_failed_is_not_reported_again_as_a_dangling_reference() -> None:
    # jenny has a bad role; the asset and touchpoint that refer to her are fine
    assert len(problems(edit("role: carer", "role: carr"))) == 1


def test_a_list_that_cannot_be_read_is_not_reported_again_as_dangling_references() -> None:
    text = "journeymap: 1\ntitle: T\nactors: margaret\nstages:\n  - {name: S, touchpoints: [{name: X, actors: [margaret]}]}\n"
    assert only(text).message.startswith("actors must be a list")


def test_problems_after_an_item_that_failed_keep_their_place_in_the_file() -> None:
    text = edit("role: service_user", "role: nobody", edit("assets:", "  - {id: jenny, name: J2, role: carer}\nassets:"))
    found = problems(text)
    duplicate = next(p for p in found if p.message.startswith("duplicate id"))
    assert duplicate.path == ("actors", 2, "id")
    assert (duplicate.line, duplicate.column) == (10, 10)
    assert "the actor at actors[1]" in str(duplicate.suggestion)


def test_broken_yaml_is_placed() -> None:
    problem = only(edit("name: Jenny", "name: Jenny: x"))
    assert place(problem) == ("map.yaml", 8, 16)
    assert problem.message == "YAML syntax error: mapping values are not allowed here"


def test_tabs_in_yaml_get_a_hint() -> None:
    problem = only("journeymap: 1\ntitle: x\n\tdescription: y\n")
    assert (problem.line, problem.column) == (3, 1)
    assert problem.suggestion == "indent with spaces, not tabs"


def test_several_documents_are_a_problem() -> None:
    problem = only("journeymap: 1\n---\ntitle: x\n")
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message == "YAML syntax error: expected a single document in the stream, but found another document"


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", b""])
def test_an_empty_file_says_how_to_start(text: str | bytes) -> None:
    problem = only(text)
    assert problem.message.startswith("the file is empty")
    assert "journeymap init" in str(problem.suggestion)


def test_a_binary_file_is_refused() -> None:
    problem = only(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problem.message == "the file looks binary (it holds NUL bytes), not a YAML or JSON map"
    assert problem.file == "map.yaml"


def test_nul_bytes_are_refused_with_their_place() -> None:
    problem = only(b"journeymap: 1\ntitle: a\x00b\n")
    assert problem.message.startswith("the file looks binary")
    assert (problem.line, problem.column) == (2, 9)


def test_unprintable_characters_are_refused_with_their_place() -> None:
    problem = only("journeymap: 1\ntitle: a\x07b\n")
    assert (problem.line, problem.column) == (2, 9)
    assert "#x0007" in problem.message


def test_an_alias_bomb_is_refused() -> None:
    problem = only(LOL_BOMB)
    assert problem.message == f"its aliases expand to more than {MAX_ALIAS_VALUES:,} values"
    assert (problem.line, problem.column) == (6, 4)  # the list holding the alias that passes the limit (f)


def test_a_recursive_alias_is_refused() -> None:
    problem = only("journeymap: 1\ntitle: &a [*a]\n")
    assert problem.message == "an alias refers to the value that holds it (a recursive alias)"


@pytest.mark.parametrize("text", [
    "journeymap: 1\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "journeymap: 1\ntitle: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
    "journeymap: 1\na: &a " + "[" * 40 + "]" * 40 + "\nb: &b " + "[*a, " * 40 + "]" * 40 + "\n",
])
def test_deep_nesting_is_refused(text: str) -> None:
    problem = only(text)
    assert f"deeper than {MAX_DEPTH} levels" in problem.message


def test_python_tags_are_never_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise AssertionError("os.system was called")

    monkeypatch.setattr(os, "system", boom)
    problem = only("journeymap: 1\ntitle: !!python/object/apply:os.system [echo hacked]\n")
    assert place(problem) == ("map.yaml", 2, 8)
    assert problem.message == "the tag !!python/object/apply:os.system is not allowed in a map file"
    assert only("journeymap: 1\ntitle: !!python/name:os.system ''\n").message.startswith("the tag !!python/name")


def test_a_key_that_is_not_text_is_a_problem_and_the_rest_is_still_checked() -> None:
    found = problems("journeymap: 1\ntitle: T\n? [a, b]\n: x\nactors: [{name: A, role: carr}]\n")
    assert [(p.line, p.message) for p in found] == [
        (3, "a key must be plain text, not a list or mapping"), (5, "unknown role 'carr'")]


def test_a_problem_without_a_file_name_still_has_its_line() -> None:
    problem = only(edit("role: carer", "role: carr"), source=None)
    assert str(problem) == "9:11: unknown role 'carr'; did you mean 'carer'?"


# ---------------------------------------------------------------------------
# JSON


def as_json(text: str = MAP) -> str:
    return dumps(loads(text), "json")


def test_json_gives_the_same_model_as_yaml() -> None:
    assert loads(as_json(DESIGN_EXAMPLE), "json") == loads(DESIGN_EXAMPLE)


def test_a_semantic_problem_in_json_is_placed() -> None:
    text = as_json().replace('"role": "carer"', '"role": "carr"')
    problem = only(text, "json", "map.json")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"carr"' in row)
    assert place(problem) == ("map.json", line, 15)
    assert (problem.value, problem.suggestion) == ("carr", "did you mean 'carer'?")


def test_a_json_syntax_error_is_placed() -> None:
    problem = only('{"journeymap": 1,\n "title": "x",\n}', "json", "map.json")
    assert place(problem) == ("map.json", 3, 1)
    assert problem.message.startswith("JSON syntax error: Expecting property name")


def test_a_duplicate_json_key_names_both_lines() -> None:
    problem = only('{"journeymap": 1,\n "title": "a",\n "title": "b"}', "json")
    assert (problem.line, problem.column, problem.message) == (3, 2, "duplicate key 'title'")
    assert problem.suggestion == "it is already set at line 2; keep only one"


def test_json_that_yaml_cannot_compose_still_reports_its_problems_without_lines() -> None:
    # a key over 1,024 characters is fine in JSON, but no YAML composer reads it as a key
    long_key = '"' + "k" * 1100 + '": 1'
    found = problems('{"journeymap": 1, "title": 5, ' + long_key + "}", "json", "m.json")
    assert sorted((p.message[:18], *place(p)) for p in found) == [
        ("title must be text", "m.json", None, None), ("unknown key 'kkkkk", "m.json", None, None)]
    duplicate = problems('{"journeymap": 1, "title": "a", "title": "b", ' + long_key + "}", "json")[0]
    assert (duplicate.message, duplicate.line) == ("duplicate key 'title'", None)


def test_json_that_only_libyaml_composes_is_placed() -> None:
    # a tab after a comma is fine in JSON and in libyaml, not in PyYAML's own composer
    assert place(only('{"journeymap": 1,\t"title": 5}', "json", "m.json")) == ("m.json", 1, 28)


@pytest.mark.parametrize(("literal", "message"), [
    ("NaN", "users nan is not a share"), ("Infinity", "users inf is not a share"),
    ("-Infinity", "users -inf is not a share"), ("1e400", "users inf is not a share"),
])
def test_json_non_numbers_fail_validation(literal: str, message: str) -> None:
    text = '{"journeymap": 1, "title": "T", "needs": [{"name": "n", "users": %s, "staff": 0}]}' % literal
    problem = only(text, "json")
    assert problem.message.startswith(message)
    assert (problem.line, problem.column) == (1, 66)


def test_json_limits() -> None:
    assert "deeper than" in only('{"journeymap": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}", "json").message
    assert "deeper than" in only('{"journeymap": 1, "title": ' + "[" * 60 + "]" * 60 + "}", "json").message
    assert only('{"journeymap": 1, "title": 1' + "0" * 5000 + "}", "json").message.startswith("cannot read the JSON")
    assert only("[1, 2]", "json").message == "a map file holds a mapping of keys to values, not a list"


def test_an_unknown_format_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="unknown map format 'toml'; the formats are: yaml, json, mermaid"):
        loads(MAP, "toml")
    with pytest.raises(JourneyMapError, match="did you mean 'yaml'"):
        dumps(loads(MAP), "yml")


# ---------------------------------------------------------------------------
# Writing, and round trips


def test_dumps_yaml_reads_like_the_design() -> None:
    text = dumps(loads(DESIGN_EXAMPLE))
    assert text.startswith("journeymap: 1\ntitle: Living well with sight loss\ndescription: ")
    assert "actors:\n  - id: margaret\n    name: Margaret, 78\n    role: service_user\n" in text
    assert "        actors: [margaret, rehab]\n" in text
    assert "  - from: clinic\n    to: home_visit\n    label: referral\n" in text
    assert "status: actual" in text  # kept: actual versus potential is the point of a contribution
    assert "moment_of_truth: false" not in text and "null" not in text and "[]" not in text
    assert dumps(loads(DESIGN_EXAMPLE)) == text


def test_dumps_json_is_indented_unicode_with_a_final_newline() -> None:
    journey = loads(edit("title: Test", "title: Café 中文"))
    text = dumps(journey, "json")
    assert text.endswith("}\n")
    assert '\n  "title": "Café 中文",\n' in text
    assert list(json.loads(text))[:3] == ["journeymap", "title", "actors"]


@pytest.mark.parametrize("title", [
    "yes", "no", "on", "null", "~", "1.0", "1", "0x1F", "1_000", "2024-01-01", "# not a comment", "a: b",
    " leading", "trailing ", "'single'", '"double"', "- dash", "[x]", "{y}", "*star", "&anchor", "!bang",
    "%percent", "@at", "`tick", "<<", "=", "|", ">", "?", "é ü 中文 🎉", "back\\slash", "line\nbreak", "tab\there",
    "x" * 300,
])
@pytest.mark.parametrize("format", ["yaml", "json"])
def test_awkward_text_survives_a_round_trip(title: str, format: str) -> None:
    journey = Journey(title=title, actors=[Actor(id="a", name=title, role=Role.CARER, description=title)])
    assert loads(dumps(journey, format), format) == journey


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_yaml_round_trip(journey: Journey) -> None:
    assert loads(dumps(journey, "yaml"), "yaml") == journey


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_json_round_trip(journey: Journey) -> None:
    assert loads(dumps(journey, "json"), "json") == journey


@pytest.mark.parametrize("name", ["map.yaml", "map.yml", "map.json", "MAP.JSON"])
def test_dump_and_load_through_a_file(tmp_path: Path, name: str) -> None:
    journey = loads(DESIGN_EXAMPLE)
    dump(journey, tmp_path / name)
    assert load(tmp_path / name) == journey
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("{" if name.lower().endswith("json") else "j")


def test_dump_needs_a_known_suffix_or_a_format(tmp_path: Path) -> None:
    journey = loads(MAP)
    with pytest.raises(UsageError, match=r"unknown map format '\.txt'; name the file with one of: \.yaml"):
        dump(journey, tmp_path / "map.txt")
    assert not (tmp_path / "map.txt").exists()
    dump(journey, tmp_path / "map.txt", "json")
    assert load(tmp_path / "map.txt") == journey  # an unknown suffix reads as YAML, which reads this JSON


def test_a_json_file_with_an_error_is_placed_by_name(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(as_json().replace('"role": "carer"', '"role": "carr"'), encoding="utf-8")
    problem = pytest.raises(InvalidMapError, load, path).value.problems[0]
    assert problem.file == str(path) and problem.line is not None


def test_load_names_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    missing = pytest.raises(InvalidMapError, load, tmp_path / "nope.yaml").value
    assert str(missing) == f"{tmp_path / 'nope.yaml'}: cannot read the map: No such file or directory"
    folder = pytest.raises(InvalidMapError, load, tmp_path).value
    assert str(folder) == f"{tmp_path}: cannot read the map: it is a folder, not a file"


def test_load_names_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *_: object) -> BinaryIO:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    error = pytest.raises(InvalidMapError, load, tmp_path / "map.yaml").value
    assert str(error).endswith("map.yaml: cannot read the map: Permission denied")


def test_warnings_are_placed_through_the_loaded_map(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(edit("assets:", "  - {id: bob, name: Bob, role: peer}\nassets:"), encoding="utf-8")
    loaded = read_map(path)
    located = [loaded.locate(w) for w in find_warnings(loaded.journey)]
    assert [(w.path, w.file, w.line, w.column) for w in located] == [(("actors", 2), str(path), 10, 5)]
    assert loaded.position(("stages", 0, "touchpoints", 0)) == (19, 9)
    assert loaded.file == str(path)


def test_reads_map_keeps_positions_for_text() -> None:
    loaded = reads_map(MAP, source="<stdin>")
    assert loaded.journey == loads(MAP)
    assert loaded.position(("needs", 0, "users")) == (28, 12)
    assert loaded.locate(Problem(message="m", path=("needs", 0, "no_such_key"))).line == 27


def test_io_imports_only_the_model_and_the_mermaid_renderer() -> None:
    source = Path(__file__).parents[1] / "src" / "journeymap"
    allowed = {"journeymap.model", "journeymap.model_validators", "journeymap.errors", "journeymap.vocabulary",
               "journeymap.files"}
    mermaid = {"journeymap.rendering.mermaid", "journeymap.rendering.mermaid_syntax"}  # which need only the model
    for module in [*(source / "io").glob("*.py"), *(source / "rendering" / f"{m.rsplit('.', 1)[1]}.py" for m in mermaid)]:
        allowed_here = allowed | mermaid
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("journeymap"):
                assert node.module in allowed_here or node.module.startswith("journeymap.io"), (module, node.module)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_line_breaks_yaml_would_fold_survive_the_round_trip(fmt: str) -> None:
    journey = Journey(title="E\x85-Commerce\u2028next\u2029last")
    assert loads(dumps(journey, fmt), fmt) == journey


def test_half_a_surrogate_pair_is_refused_in_every_format() -> None:
    for text, fmt in [("journeymap: 1\ntitle: \ud800x\n", "yaml"), ('{"journeymap": 1, "title": "\ud800"}', "json"),
                      ("journey\ntitle \ud800x\nsection a\n  t: 5: Me\n", "mermaid")]:
        with pytest.raises(InvalidMapError, match="half of a UTF-16 surrogate pair"):
            loads(text, fmt)


def test_load_takes_the_format_as_dump_does(tmp_path: Path) -> None:
    path = tmp_path / "exported.txt"
    dump(Journey(title="Coming home"), path, "json")
    assert load(path, "json").title == "Coming home"
    with pytest.raises(UsageError, match="unknown map format 'jsno'; did you mean 'json'?"):
        load(path, "jsno")


# ---------------------------------------------------------------------------
# Messages a person understands: encodings, what YAML made of a value, and syntax errors with their usual cause


def load_problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(InvalidMapError) as info:
        load(path)
    return info.value.problems


def test_a_windows_1252_file_is_placed_and_its_encoding_named(tmp_path: Path) -> None:
    path = tmp_path / "cafe.yaml"
    path.write_bytes(edit("name: Jenny", "name: Zoë", edit("title: Test", "title: Café visits")).encode("cp1252"))
    (problem,) = load_problems(path)
    assert place(problem) == (str(path), 2, 11)
    assert problem.message == "the file is not UTF-8 text: byte 0xe9 is not UTF-8 ('é' in Windows-1252)"
    assert problem.suggestion == "this looks like Windows-1252 (Excel/Notepad's 'ANSI'); save it as UTF-8"


def test_bytes_no_legacy_encoding_explains_are_still_placed() -> None:
    problem = only(b"journeymap: 1\ntitle: a\x81b\n")  # 0x81 is not a character in Windows-1252 either
    assert (problem.line, problem.column, problem.message) == (2, 9, "the file is not UTF-8 text: byte 0x81 is not UTF-8")
    assert problem.suggestion == "a map is a YAML or JSON text file; save it as UTF-8"


@pytest.mark.parametrize("encoding, mark", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf_16_with_its_byte_order_mark_is_read_with_positions_right(tmp_path: Path, encoding: str,
                                                                      mark: bytes) -> None:
    path = tmp_path / "notepad.yaml"
    path.write_bytes(mark + MAP.replace("title: Test", "title: Café").encode(encoding))
    assert load(path).title == "Café"
    path.write_bytes(mark + edit("role: carer", "role: carr").encode(encoding))
    (problem,) = load_problems(path)
    assert (problem.line, problem.column, problem.suggestion) == (9, 11, "did you mean 'carer'?")


def test_utf_16_without_its_byte_order_mark_is_named() -> None:
    problem = only(MAP.encode("utf-16-le"))
    assert problem.message == "the file looks like UTF-16 text without its byte-order mark"


@pytest.mark.parametrize("old, new, where, message, suggestion", [
    ("role: carer", "role: carer\n    willingness: yes", (10, 18),
     "willingness 'yes' was read by YAML as true, not as a word", "a willingness is one of: weekly, monthly, none"),
    ("role: carer", "role: carer\n    willingness: No", (10, 18),
     "willingness 'No' was read by YAML as false, not as a word", "did you mean 'none'?"),
    ("role: carer", "role: 2", (9, 11), "role '2' was read by YAML as the number 2, not as a word", None),
    ("lane", "lane", None, None, None),  # placeholder replaced below
    ("name: Jenny", "name: off", (8, 11), "name 'off' was read by YAML as false, not as text", 'put it in quotes: name: "off"'),
    ("actors: [margaret, jenny]", "actors: [margaret, on]", (20, 28), "actors 'on' was read by YAML as true, not as text",
     'put it in quotes: "on"'),
    ("name: Friends", "name: 2024", (27, 11), "name '2024' was read by YAML as the number 2024, not as text",
     'put it in quotes: name: "2024"'),
])
def test_a_value_yaml_read_as_a_boolean_or_number_quotes_what_was_typed(
        old: str, new: str, where: tuple[int, int] | None, message: str | None, suggestion: str | None) -> None:
    if where is None:
        old, new, where = "emotion: -1", "emotion: -1\n        lane: ON", (22, 15)
        message, suggestion = "lane 'ON' was read by YAML as true, not as a word", "a lane is one of:"
    problem = only(edit(old, new))
    assert ((problem.line, problem.column), problem.message) == (where, message)
    assert str(problem.suggestion).startswith(suggestion or "a role is one of: service_user, carer")
    boolean = problem.message.split(" as ")[1].startswith(("true", "false"))
    assert (problem.hint is not None and "yes, no, on, off, true and false" in problem.hint) == boolean


def test_json_booleans_are_named_as_such() -> None:
    data = json.loads(dumps(loads(MAP), "json"))
    data["actors"][0]["willingness"] = True
    problem = only(json.dumps(data, indent=2), "json")
    assert problem.message == "willingness must be a word, not True"
    assert problem.suggestion == "a willingness is one of: weekly, monthly, none"


@pytest.mark.parametrize("old, new, message", [
    ("emotion: -1", 'emotion: "-1"', "emotion '-1' is text, not a number: the quotes made it text; drop them (write -1)"),
    ("users: 0.9", "users: '0.9'", "users '0.9' is text, not a number: the quotes made it text; drop them (write 0.9)"),
    ("kind: time", 'kind: time\n    hours_per_month: "8"',
     "hours_per_month '8' is text, not a number: the quotes made it text; drop them (write 8)"),
    ("emotion: -1", 'emotion: -1\n        moment_of_truth: "True"',
     "moment_of_truth 'True' is text, not true or false: the quotes made it text; drop them (write True)"),
])
def test_a_number_in_quotes_says_the_quotes_made_it_text(old: str, new: str, message: str) -> None:
    assert only(edit(old, new)).message == message


# Indentation and quoting mistakes as people make them, each with PyYAML's place and what usually causes it.
SYNTAX_MISTAKES = [
    ("name: Jenny", "name: Jenny: carer", (8, 16), "mapping values are not allowed here", "': ' inside text"),
    ("    role: carer", "     role: carer", (9, 10), "mapping values are not allowed here", "a key indented further"),
    ("    role: carer", "   role: carer", (9, 4), "expected <block end>, but found '<block mapping start>'",
     "indented more or less"),
    ("    name: Jenny\n    role: carer", "    name: Jenny\n  role: carer", (9, 3), "expected <block end>, but found '?'",
     "indented more or less"),
    ("    role: carer", "    role carer\n    id2: x", (10, 5), "could not find expected ':'",
     "a key without its ':' (or the space after it) at line 9"),
    ("title: Test", 'title: "Test', (30, 1), "found unexpected end of stream", "a quote opened at line 2 is never closed"),
    ("title: Test", 'title: "Test" and more', (2, 15), "expected <block end>, but found '<scalar>'",
     "more text after a value in quotes"),
    ("actors: [margaret, jenny]", "actors: [margaret, jenny", (21, 16), "expected ',' or ']'",
     "the [ or { at line 20 needs its closing ] or }"),
    ("title: Test", "title: @home", (2, 8), "found character '@' that cannot start any token", "put the value in quotes"),
    ("journeymap: 1", "journeymap: 1\n---", (2, 1), "expected a single document", "remove the '---' line"),
]


@pytest.mark.parametrize("old, new, where, said, cause", SYNTAX_MISTAKES, ids=[m[3][:30] + "/" + m[4] for m in SYNTAX_MISTAKES])
def test_a_yaml_syntax_error_keeps_its_place_and_says_what_usually_causes_it(
        tmp_path: Path, old: str, new: str, where: tuple[int, int], said: str, cause: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(edit(old, new), encoding="utf-8")
    (problem,) = load_problems(path)
    assert (problem.line, problem.column) == where
    assert said in problem.message and problem.message.startswith("YAML syntax error: ")
    assert cause in str(problem.hint)
    assert str(problem).splitlines()[1] == "  " + str(problem.hint)  # the hint is a line of its own, indented


@pytest.mark.parametrize("text, cause", [
    ('{"journeymap": 1, "title": "T",}', "a comma after the last entry"),
    ('{"journeymap": 1, "title": True}', "true, false and null are written in lower case"),
    ('{"journeymap": 1, "title": "T" "x"}', "a comma missing between two items"),
])
def test_a_json_syntax_error_says_what_usually_causes_it(text: str, cause: str) -> None:
    problem = only(text, "json")
    assert problem.message.startswith("JSON syntax error: ") and cause in str(problem.hint)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(evidence=True), st.sampled_from(["yaml", "json"]))
def test_surveys_constraints_and_counted_needs_survive_a_round_trip(journey: Journey, format: str) -> None:
    assert loads(dumps(journey, format), format) == journey


def test_a_survey_group_under_its_threshold_is_refused_where_the_file_says_it() -> None:
    text = ("journeymap: 1\ntitle: T\nsurveys:\n  - title: Views\n    threshold: 5\n"
            "    respondents: [{group: carers, respondents: 3}]\n")
    with pytest.raises(InvalidMapError) as caught:
        loads(text, "yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (6, ("surveys", 0, "respondents", 0))
    assert "under the disclosure threshold of 5" in problem.message and "held_back" in (problem.suggestion or "")


def test_constraints_on_a_provider_side_actor_are_refused_at_the_actor() -> None:
    text = "journeymap: 1\ntitle: T\nactors:\n  - {id: doc, name: Doc, role: professional, constraints: [busy]}\n"
    with pytest.raises(InvalidMapError) as caught:
        loads(text, "yaml")
    (problem,) = caught.value.problems
    assert problem.line == 4 and problem.path[:3] == ("actors", 0, "constraints")
    assert "provider side" in problem.message


def test_a_likert_count_per_level_must_match_the_scale() -> None:
    text = ("journeymap: 1\ntitle: T\nsurveys:\n  - title: Views\n    likert:\n"
            "      - {statement: S, group: g, scale: [Disagree, Agree], counts: [3, 4, 5]}\n")
    with pytest.raises(InvalidMapError) as caught:
        loads(text, "yaml")
    (problem,) = caught.value.problems
    assert problem.line == 6 and "3 counts for a scale of 2 levels" in problem.message


def test_survey_counts_are_written_on_one_line() -> None:
    survey = Survey(title="Views", likert=[LikertCount(statement="S", group="g", scale=["Disagree", "Agree"],
                                                         counts=[3, 4])])
    assert "counts: [3, 4]" in dumps(Journey(title="T", surveys=[survey]), "yaml")


# -- a need's own citizens: `for` in the file, for_ in the model ----------------------------


FOR_MAP = edit("    staff: 0.3\n", "    staff: 0.3\n    for: [margaret, jenny]\n")


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_a_need_s_for_is_read_and_written_back_under_its_file_key(format: str) -> None:
    journey = loads(FOR_MAP)
    assert journey.needs[0].for_ == ("margaret", "jenny")
    written = dumps(journey, format)
    assert "for_" not in written
    assert ("    for: [margaret, jenny]\n" in written if format == "yaml" else
            json.loads(written)["needs"][0]["for"] == ["margaret", "jenny"])
    assert loads(written, format) == journey


def test_a_need_s_for_is_checked_against_the_citizens_where_the_file_says_it() -> None:
    text = edit("for: [margaret, jenny]", "for: [margret, jenny, doc]", FOR_MAP.replace(
        "  - id: jenny\n", "  - id: doc\n    name: Dr Lee\n    role: professional\n  - id: jenny\n"))
    unknown, provider = problems(text)
    assert (unknown.line, unknown.column, unknown.value) == (33, 11, "margret")
    assert unknown.path == ("needs", 0, "for", 0) and unknown.suggestion == "did you mean 'margaret'?"
    assert (provider.line, provider.column, provider.path) == (33, 27, ("needs", 0, "for", 2))
    assert "provider side" in provider.message and "citizens: margaret, jenny" in (provider.suggestion or "")


def test_a_citizen_twice_in_a_need_s_for_and_the_python_name_as_a_key_are_refused_with_a_fix() -> None:
    twice = only(edit("for: [margaret, jenny]", "for: [jenny, jenny]", FOR_MAP))
    assert (twice.line, twice.column, twice.path) == (30, 18, ("needs", 0, "for", 1))
    assert "listed twice for this need" in twice.message
    python_name = only(edit("    for:", "    for_:", FOR_MAP))
    assert python_name.message == "unknown key 'for_'" and python_name.suggestion == "did you mean 'for'?"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(plans=True), st.sampled_from(["yaml", "json"]))
def test_outcomes_what_serves_them_and_actions_survive_a_round_trip(journey: Journey, format: str) -> None:
    assert loads(dumps(journey, format), format) == journey


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(plans=True, records=True), st.sampled_from(["yaml", "json"]))
def test_counts_and_times_from_records_and_the_evidence_block_survive_a_round_trip(journey: Journey,
                                                                                 format: str) -> None:
    assert loads(dumps(journey, format), format) == journey


RECORDS_MAP = """\
journeymap: 1
title: From records
stages:
  - name: S
    cases: 12
    touchpoints:
      - {id: a, name: A, cases: 12, events: 15, starts: 12}
      - {id: b, name: B, cases: 9, events: 9, ends: 9}
flow:
  - {from: a, to: b, cases: 9, median_hours: 2.5, p90_hours: 30}
evidence:
  log: referrals.csv
  cases: 12
  events: 24
  first: 2024-03-04T08:00:00Z
  last: 2024-03-09 17:30:00+01:00
  hidden: {pairs: 2}
  variants:
    - {touchpoints: [a, b], cases: 9}
"""


def test_a_map_from_records_reads_its_counts_times_and_evidence() -> None:
    journey = loads(RECORDS_MAP, "yaml")
    assert journey.touchpoint("a").cases == 12 and journey.touchpoint("b").ends == 9
    assert journey.flow[0].median_hours == 2.5 and journey.stages[0].cases == 12
    evidence = journey.evidence
    assert evidence is not None and evidence.threshold == 5 and evidence.hidden.pairs == 2
    assert evidence.last == datetime.datetime(2024, 3, 9, 16, 30, tzinfo=datetime.UTC)
    assert evidence.variants[0].touchpoints == ("a", "b")
    assert "hidden: {pairs: 2}" not in dumps(journey.replace(evidence=attrs.evolve(evidence, hidden=LogHidden())),
                                              "yaml")


@pytest.mark.parametrize(("old", "new", "line", "message", "suggestion"), [
    ("[a, b], cases: 9}", "[a, c], cases: 9}", 19, "unknown touchpoint 'c'", "known touchpoints: a, b"),
    ("hidden: {pairs: 2}", "hidden: {pairs: 2}\n  co_production_unknown: [a, e]", 18, "unknown touchpoint 'e'",
     "known touchpoints: a, b"),
    ("first: 2024-03-04T08:00:00Z", "first: last monday", 15, "first 'last monday' is not a point in time",
     "ISO 8601"),
    ("hidden: {pairs: 2}", "hidden: {pair: 2}", 17, "unknown key 'pair'", "did you mean 'pairs'?"),
    ("median_hours: 2.5", "median_hours: -1", 10, "median_hours -1 is not a number of hours", "1.5"),
    ("  log: referrals.csv\n", "", 12, "evidence block is missing the required key 'log'", "add `log: ...`"),
])
def test_a_mistake_in_what_records_say_is_placed_at_its_line(old: str, new: str, line: int, message: str,
                                                            suggestion: str) -> None:
    with pytest.raises(InvalidMapError) as caught:
        loads(RECORDS_MAP.replace(old, new), "yaml")
    (problem,) = caught.value.problems
    assert problem.line == line and message in problem.message and suggestion in (problem.suggestion or "")


@pytest.mark.parametrize(("item", "message"), [
    ("outcomes:\n  - {id: x}", "outcome is missing the required key 'name'"),
    ("actions:\n  - {id: x, horizon: week}", "action is missing the required key 'text'"),
])
def test_an_outcome_or_action_missing_a_required_key_is_named_as_such(item: str, message: str) -> None:
    with pytest.raises(InvalidMapError) as caught:
        loads(f"journeymap: 1\ntitle: T\n{item}\n", "yaml")
    assert [p.message for p in caught.value.problems] == [message]


@pytest.mark.parametrize(("line", "message", "suggestion"), [
    ("  - {id: ask, text: Ask, horizon: weekly}", "unknown horizon 'weekly'", "did you mean 'week'?"),
    ("  - {id: ask, text: Ask, horizon: week, status: finished}", "unknown status 'finished'",
     "todo, doing, done, dropped"),
    ("  - {id: ask, text: Ask, horizon: week, due: 31/01/2027}", "due '31/01/2027' is not a date", "2027-01-31"),
    ("  - {id: ask, text: Ask, horizon: week, addresses: [vist]}", "unknown id 'vist' in what the action addresses",
     "did you mean 'visit'?"),
    ("  - {id: ask, text: Ask, horizon: week, addresses: [ask]}", "unknown id 'ask' in what the action addresses",
     "an action addresses findings, not other actions"),
    ("  - {id: visit, text: Ask, horizon: week}", "duplicate id 'visit'", "outcomes and actions share one set of ids"),
])
def test_a_mistake_in_an_action_is_placed_at_its_line(line: str, message: str, suggestion: str) -> None:
    text = ("journeymap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{id: visit, name: Visit, serves: [home]}]\n"
            "outcomes:\n  - {id: home, name: Stay at home}\nactions:\n" + line + "\n")
    with pytest.raises(InvalidMapError) as caught:
        loads(text, "yaml")
    (problem,) = caught.value.problems
    assert problem.line == 9 and message in problem.message and suggestion in (problem.suggestion or "")


def test_an_outcome_served_where_the_map_has_none_is_placed_with_the_id_meant() -> None:
    text = ("journeymap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{id: visit, name: Visit, serves: [hom]}]\n"
            "outcomes:\n  - {id: home, name: Stay at home, for: [gp]}\n"
            "actors:\n  - {id: gp, name: GP, role: professional}\n")
    with pytest.raises(InvalidMapError) as caught:
        loads(text, "yaml")
    first, second = caught.value.problems
    assert (first.line, first.message, first.suggestion) == (5, "unknown outcome 'hom'", "did you mean 'home'?")
    assert second.line == 7 and "an outcome's `for` names citizens" in second.message
