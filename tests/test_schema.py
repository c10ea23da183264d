"""The JSON Schema: valid draft 2020-12, committed as printed, true to the model, and agreeing with the reader."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from journeymap.cli import main
from journeymap.errors import InvalidMapError
from journeymap.io import FORMAT_KEY, FORMAT_VERSION, dumps, loads
from journeymap.io.fileformat import file_key
from journeymap.model import Journey, iter_fields, model_classes
from journeymap.schema import SCHEMA_FILE, json_schema, schema_text
from editors import as_editors_read
from strategies import DESIGN_EXAMPLE, journeys

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schema" / SCHEMA_FILE
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def schema_accepts(data: Any) -> bool:
    return bool(VALIDATOR.is_valid(data))


def reader_accepts(data: Any) -> bool:
    """Whether journeymap's own reader takes the map (given as plain data, written out as JSON)."""
    try:
        loads(json.dumps(data), "json")
    except InvalidMapError:
        return False
    return True


def design_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DESIGN_EXAMPLE)
    return data


def definition(cls: type) -> dict[str, Any]:
    if cls is Journey:
        return SCHEMA
    result: dict[str, Any] = SCHEMA["$defs"][cls.__name__]
    return result


# -- the schema itself ----------------------------------------------------------

def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] and SCHEMA["title"]
    assert "journeymap check" in SCHEMA["description"]  # what the schema cannot check, and what does


def test_journeymap_schema_prints_the_committed_copy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text() == COMMITTED.read_text(encoding="utf-8"), (
        "the committed schema is out of date: run `journeymap schema -o schema/" + SCHEMA_FILE + "`")
    assert json.loads(printed) == SCHEMA


def test_the_readme_names_the_committed_copy_for_editors() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"# yaml-language-server: \$schema=(\S+)", readme)
    assert line is not None
    assert (ROOT / "examples" / line.group(1)).resolve() == COMMITTED


def test_journeymap_schema_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / SCHEMA_FILE
    assert main(["schema", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == schema_text()


def test_the_schema_is_json_with_a_fixed_key_order() -> None:
    text = schema_text()
    assert text.startswith('{\n  "$schema": ') and text.endswith("}\n")
    assert list(SCHEMA["properties"])[:2] == [FORMAT_KEY, "title"]
    assert list(SCHEMA["$defs"]) == [cls.__name__ for cls in model_classes() if cls is not Journey]


# -- true to the model ----------------------------------------------------------

@pytest.mark.parametrize("cls", model_classes(), ids=lambda cls: cls.__name__)
def test_each_class_has_exactly_its_fields_by_file_key(cls: type) -> None:
    schema = definition(cls)
    fields = list(iter_fields(cls))
    extra = [FORMAT_KEY] if cls is Journey else []
    assert list(schema["properties"]) == extra + [file_key(cls, f.name) for f in fields]
    assert schema["required"] == extra + [file_key(cls, f.name) for f in fields if f.default is attrs.NOTHING]
    assert schema["additionalProperties"] is False
    assert schema["type"] == "object" and schema["description"]
    assert all(prop["description"] for prop in schema["properties"].values())


@pytest.mark.parametrize("cls", model_classes(), ids=lambda cls: cls.__name__)
def test_vocabulary_fields_list_exactly_the_vocabulary(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    for field in iter_fields(cls):
        words = [arg for arg in (hints[field.name], *typing.get_args(hints[field.name]))
                 if isinstance(arg, type) and issubclass(arg, StrEnum)]
        if words:
            allowed = definition(cls)["properties"][file_key(cls, field.name)]["enum"]
            assert [w for w in allowed if w is not None] == [word.value for word in words[0]]


def test_lists_of_model_objects_refer_to_their_definitions() -> None:
    assert SCHEMA["properties"]["actors"]["items"] == {"$ref": "#/$defs/Actor"}
    assert SCHEMA["$defs"]["Stage"]["properties"]["touchpoints"]["items"] == {"$ref": "#/$defs/Touchpoint"}


def test_only_lists_the_model_keeps_free_of_repeats_say_unique_items() -> None:
    unique = {(name, key) for name, schema in [("Journey", SCHEMA), *SCHEMA["$defs"].items()]
              for key, prop in schema["properties"].items() if prop.get("uniqueItems")}
    assert unique == {("Touchpoint", "actors"), ("Need", "for"), ("Touchpoint", "serves"), ("Contribution", "serves"),
                      ("Outcome", "for"), ("Action", "addresses")}
    data = change((*TOUCHPOINT, "pain_points"), ["Too far", "Too far"])(design_data())  # the model allows it
    assert schema_accepts(data) and reader_accepts(data)


# -- every valid map passes -------------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_validates(path: Path) -> None:
    data = as_editors_read(path.read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(data)) == []


def test_the_design_example_validates() -> None:
    assert list(VALIDATOR.iter_errors(design_data())) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(evidence=True, plans=True, records=True))
def test_every_journey_the_model_can_hold_validates(journey: Journey) -> None:
    for data in (json.loads(dumps(journey, "json")), as_editors_read(dumps(journey, "yaml"))):
        assert list(VALIDATOR.iter_errors(data)) == []


def test_null_means_not_given_in_the_schema_too() -> None:
    data = {FORMAT_KEY: FORMAT_VERSION, "title": "T", "description": None, "actors": None,
            "stages": [{"name": "S", "touchpoints": None, "id": None}]}
    assert schema_accepts(data) and reader_accepts(data)


# -- invalid maps are rejected, by the schema and by the reader alike ----------------

def change(path: tuple[Any, ...], value: Any) -> Callable[[Any], Any]:
    """An edit of a map's data setting the value at ``path`` (DELETE removes the key); it gives the data."""
    def edit(data: Any) -> Any:
        *parents, last = path
        inner = data
        for key in parents:
            inner = inner[key]
        if value is DELETE:
            del inner[last]
        else:
            inner[last] = value
        return data
    return edit


DELETE = object()
TOUCHPOINT = ("stages", 0, "touchpoints", 0)

INVALID = {
    "unknown top-level key": change(("colour",), "red"),
    "unknown key in an actor": change(("actors", 0, "age"), 78),
    "typo in a key": change((*TOUCHPOINT, "emoton"), -1),
    "unknown role": change(("actors", 1, "role"), "carr"),
    "unknown asset kind": change(("assets", 1, "kind"), "tmie"),
    "unknown phase": change(("contributions", 0, "phase"), "delivery"),
    "unknown status": change(("contributions", 0, "status"), "maybe"),
    "unknown willingness": change(("actors", 0, "willingness"), "daily"),
    "emotion 3": change((*TOUCHPOINT, "emotion"), 3),
    "emotion -3": change((*TOUCHPOINT, "emotion"), -3),
    "emotion as text": change((*TOUCHPOINT, "emotion"), "sad"),
    "share 1.5": change(("needs", 0, "users"), 1.5),
    "negative share": change(("needs", 0, "staff"), -0.1),
    "negative hours": change(("assets", 1, "hours_per_month"), -1),
    "missing title": change(("title",), DELETE),
    "null title": change(("title",), None),
    "blank title": change(("title",), "   "),
    "missing format version": change((FORMAT_KEY,), DELETE),
    "wrong format version": change((FORMAT_KEY,), 2),
    "format version as text": change((FORMAT_KEY,), "1"),
    "missing role": change(("actors", 0, "role"), DELETE),
    "missing flow target": change(("flow", 0, "to"), DELETE),
    "number for a name": change(("actors", 0, "name"), 78),
    "id with a space": change(("actors", 0, "id"), "margaret smith"),
    "id starting with a digit": change(("actors", 0, "id"), "1margaret"),
    "id ending in a newline": change(("stages", 0, "id"), "diagnosis\n"),
    "text for a flag": change((*TOUCHPOINT, "moment_of_truth"), "yes"),
    "mapping for a list": change(("actors",), {"margaret": "Margaret"}),
    "text for a list of ids": change((*TOUCHPOINT, "actors"), "margaret"),
    "null in a list of texts": change((*TOUCHPOINT, "pain_points"), [None]),
    "an actor twice at a touchpoint": change((*TOUCHPOINT, "actors"), ["margaret", "rehab", "margaret"]),
    "a citizen twice in a need's for": change(("needs", 0, "for"), ["margaret", "margaret"]),
    "text for a need's for": change(("needs", 0, "for"), "margaret"),
    "a need's for under its Python name": change(("needs", 0, "for_"), ["margaret"]),
    "a list for the whole map": lambda data: [data],
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_maps_are_rejected_by_the_schema_and_the_reader(name: str) -> None:
    data = INVALID[name](design_data())
    assert not schema_accepts(data)
    assert not reader_accepts(data)


def test_the_schema_cannot_check_references_but_the_reader_does() -> None:
    data = design_data()
    data["assets"][0]["holder"] = "nobody"
    data["actors"][1]["id"] = "margaret"
    assert schema_accepts(data)
    assert not reader_accepts(data)


@pytest.mark.parametrize("named", [["margaret", "jenny"], ["nobody"], ["rehab"]])
def test_a_need_s_for_the_schema_takes_and_the_reader_checks_against_the_citizens(named: list[str]) -> None:
    data = change(("needs", 0, "for"), named)(design_data())
    assert schema_accepts(data)
    assert reader_accepts(data) == (named == ["margaret", "jenny"])  # rehab is a professional


@pytest.mark.parametrize(("path", "values"), [
    ((*TOUCHPOINT, "emotion"), [-3, -2, -1, 0, 1, 2, 3, 1.5, True, None]),
    (("needs", 0, "users"), [-0.01, 0, 0.5, 1, 1.01, True, "0.5"]),
    (("assets", 1, "hours_per_month"), [-0.5, 0, 0.5, 1000, True, None, "8"]),
    (("contributions", 0, "status"), ["actual", "potential", None, "Actual", ""]),
])
def test_the_schema_and_the_model_agree_on_limits(path: tuple[Any, ...], values: list[Any]) -> None:
    for value in values:
        data = change(path, value)(design_data())
        assert schema_accepts(data) == reader_accepts(data), value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=6) | st.from_regex(r"[^\W\d][\w.-]*\n?", fullmatch=True))
def test_the_schema_and_the_model_agree_on_ids_and_texts(text: str) -> None:
    for key in ("id", "name"):
        data = {FORMAT_KEY: FORMAT_VERSION, "title": "T", "actors": [{"id": "a", "name": "A", "role": "carer"}]}
        data["actors"][0][key] = text
        assert schema_accepts(data) == reader_accepts(data), (key, text)
