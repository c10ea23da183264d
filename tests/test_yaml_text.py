"""YAML written by libyaml where it can: always the text PyYAML's own emitter writes, and libyaml really used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import journeymap as jm
from journeymap.io import write
from journeymap.io.write import to_data, to_yaml
from journeymap.io.yaml_text import dump_yaml
from tests.strategies import journeys, large_journey

EXAMPLES = Path(__file__).parent.parent / "examples"
OPTIONS = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 100}



def python_text(data: Any) -> str:
    """What PyYAML's own emitter writes: the text every file had before libyaml wrote any."""
    return yaml.dump(data, Dumper=write._Dumper, **OPTIONS)


def emitters() -> tuple[list[str], type[Any], type[Any]]:
    """Dumpers that note which emitter wrote each top-level key ('python' or 'libyaml')."""
    calls: list[str] = []

    class Python(write._Dumper):  # type: ignore[misc,name-defined]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            calls.append("python")
            super().__init__(*args, **kwargs)

    class LibYAML(write._CDumper):  # type: ignore[misc,name-defined]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            calls.append("libyaml")
            super().__init__(*args, **kwargs)

    return calls, Python, LibYAML


# Scalars that the emitters quote, escape, fold or read as other types, and plain ones.
_tricky = st.sampled_from([
    "yes", "null", "1e3", "- a", "a: b", "#x", "x #y", "'q'", '"d"', "", " ", "a\nb", "\t", "é", "日本", "😀", "~",
    "-", "? x", ":", "a:", "[x]", "{y}", "&a", "*b", "!t", "%p", "@", "`", "0x1F", "1_000", "2024-01-01", "on", "No",
    ".inf", "<<", "x" * 97, "word " * 30, "Ω≈ç√∫˜µ≤≥÷åß∂ƒ©˙∆˚¬…æœ∑´®†¥¨ˆøπ“‘¡™£¢∞§¶•ªº–≠" * 2, "\x85", "\u2028",
    "\ufeff", "a\x00b"])
_texts = _tricky | st.text(max_size=30) | st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=120)
_values = st.recursive(_texts | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False),
                       lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_texts, inner, max_size=4),
                       max_leaves=30)


@given(data=st.dictionaries(st.sampled_from(["stages", "title", "x", ""]) | _texts, _values, min_size=1, max_size=5))
def test_any_data_is_written_as_pythons_emitter_writes_it(data: dict[Any, Any]) -> None:
    try:
        expected: str | type[Exception] = python_text(data)
    except yaml.YAMLError as error:  # a surrogate, say: refused alike
        expected = type(error)
    try:
        written: str | type[Exception] = to_yaml(data)
    except yaml.YAMLError as error:
        written = type(error)
    assert written == expected


@given(journey=journeys())
def test_any_map_is_written_as_pythons_emitter_writes_it(journey: jm.Journey) -> None:
    data = to_data(journey)
    assert to_yaml(data) == python_text(data)


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*.yaml")), EXAMPLES / "records" / "community_care_map.yaml"],
                         ids=lambda path: path.name)
def test_the_examples_are_written_by_libyaml_as_before(path: Path) -> None:
    data = to_data(jm.load(path))
    calls, python, libyaml = emitters()
    assert dump_yaml(data, python, libyaml, **OPTIONS) == python_text(data)
    # Every top-level key but those with a line too long to keep (folded by PyYAML) goes to libyaml alone.
    assert calls.count("libyaml") == len(data)
    assert calls.count("python") == sum(max(map(len, python_text({key: value}).splitlines())) > 100
                                        for key, value in data.items())
    assert calls.count("python") < len(data) / 2


def test_a_large_map_is_written_by_libyaml_as_before() -> None:
    data = to_data(large_journey([40] * 25))
    calls, python, libyaml = emitters()
    assert dump_yaml(data, python, libyaml, **OPTIONS) == python_text(data)
    assert calls.count("python") <= 1  # the description, folded


def test_a_folded_line_is_written_by_python_for_its_key_only() -> None:
    data = {"title": "Short", "description": "word " * 40, "stages": [{"id": "a", "name": "A"}]}
    calls, python, libyaml = emitters()
    text = dump_yaml(data, python, libyaml, **OPTIONS)
    assert text == python_text(data)
    assert max(map(len, text.splitlines())) > 100  # folded after the first word past column 100
    assert calls == ["libyaml", "libyaml", "python", "libyaml"]


def test_lists_in_lists_and_mappings_are_indented_as_python_does() -> None:
    data = {"a": [[1, [2, 3]], {"b": [{"c": [4, {"d": ["x"] * 9}]}]}, []], "e": {"f": [{"g": {"h": [None] * 9}}]}}
    calls, python, libyaml = emitters()
    text = dump_yaml(data, python, libyaml, **OPTIONS)
    assert text == python_text(data)
    assert "  - - 1\n" in text and "      - c:\n          - 4\n" in text
    assert calls == ["libyaml", "libyaml"]


@pytest.mark.parametrize("odd", ["😀", "a\nb", "\t", "\x85", "\ufeff"], ids=repr)
def test_a_string_libyaml_writes_otherwise_goes_to_python(odd: str) -> None:
    data = {"title": "Plain", "actors": [{"id": "a", "name": odd}]}
    calls, python, libyaml = emitters()
    assert dump_yaml(data, python, libyaml, **OPTIONS) == python_text(data)
    assert calls == ["libyaml", "python"]


@pytest.mark.parametrize("key", ["", "é" * 60], ids=["empty", "long in bytes"])
def test_a_key_libyaml_writes_otherwise_goes_to_python(key: str) -> None:
    data = {"title": "Plain", "extra": {key: 1}}
    calls, python, libyaml = emitters()
    assert dump_yaml(data, python, libyaml, **OPTIONS) == python_text(data)
    assert calls == ["libyaml", "python"]


def test_a_list_met_twice_keeps_its_anchor_and_alias() -> None:
    shared = ["a", "b"]
    data = {"one": shared, "two": {"again": shared}}
    calls, python, libyaml = emitters()
    text = dump_yaml(data, python, libyaml, **OPTIONS)
    assert text == python_text(data)
    assert "&id001" in text and "*id001" in text
    assert calls == ["python"]  # the whole document at once, so that the alias finds its anchor


def test_pyyaml_has_libyaml() -> None:
    # PyYAML's wheels are built with libyaml; without it every file is written by Python, 4 times slower.
    assert write._CDumper is not None and issubclass(write._CDumper, yaml.CSafeDumper)


def test_without_libyaml_python_writes_all() -> None:
    data = {"title": "Plain", "stages": [{"id": "a"}]}
    calls, python, _ = emitters()
    assert dump_yaml(data, python, None, **OPTIONS) == python_text(data)
    assert calls == ["python"]
