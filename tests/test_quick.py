"""The quick path reads the same journey as the careful one, and hands over everything out of the ordinary."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap import dumps, loads
from journeymap.errors import InvalidMapError
from journeymap.io import read_map
from journeymap.io.build import build_journey
from journeymap.io.quick import quick_journey
from journeymap.io.source import read_source
from journeymap.model import Journey
from strategies import DESIGN_EXAMPLE, journeys

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def careful(text: str, format: str = "yaml") -> Journey:
    """The journey the careful path reads (it raises InvalidMapError for a map with problems)."""
    read = read_source(text, format, None)
    return build_journey(read.data, read.positions, read.problems, read.rejected)


@given(journey=journeys(), format=st.sampled_from(["yaml", "json"]))
def test_the_quick_path_reads_what_the_careful_path_reads(journey: Journey, format: str) -> None:
    text = dumps(journey, format)
    assert quick_journey(text, format) == careful(text, format) == journey


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_takes_the_quick_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert quick_journey(text, "yaml") == careful(text)
    assert quick_journey(dumps(careful(text), "json"), "json") == careful(text)


MAP = "journeymap: 1\ntitle: T\nactors: [{id: ann, name: Ann, role: carer}]\n"


# Each is left to the careful path: some are valid maps it reads, the others hold problems it reports.
@pytest.mark.parametrize(("text", "valid"), [
    (MAP + "stages: [{name: S, touchpoints: [{name: A, actors: &who [ann]}, {name: B, actors: *who}]}]\n", True),
    (MAP + "defaults: &d {role: carer}\nextra: [{<<: *d, id: bob, name: Bob}]\n", False),
    ("journeymap: 1\ntitle: T\n" + "actors: [{id: ann, name: Ann, role: carer}]\n" * 2, False),  # duplicate key
    ("journeymap: 1\ntitle: T\ndescription: !!binary aGVsbG8=\n", False),
    ("journeymap: 1\ntitle: T\nneeds: !!set {a: null}\n", False),
    ('journeymap: 1\ntitle: "\\ud83d\\udc75 Ann"\n', False),  # PyYAML reads no pair of escapes
    ('journeymap: 1\ntitle: "\\ud800"\n', False),
    ("journeymap: 1\ntitle: T\nassets: [{holder: ann, kind: time, hours_per_month: " + "1" * 200 + "}]\n", False),
    ("journeymap: 1\ntitle: T\nassets: [{holder: ann, kind: time, hours_per_month: 10000000000000000}]\n", False),
    ("journeymap: 1\ntitle: T\ncolour: null\n", False),  # an unknown key, even set to null
    ("journeymap: 1\ntitle: T\n1: x\n", False),  # a key that is no text
    ("journeymap: 1\ntitle: T\n[a]: x\n", False),
    ("title: T\n", False),
    ("journeymap: true\ntitle: T\n", False),
    ("journeymap: 1.0\ntitle: T\n", False),
    ("journeymap: 1\ntitle: T\nactors: {id: ann}\n", False),
    ("journeymap: 1\ntitle: T\nactors: [ann]\n", False),
    ("journeymap: 1\ntitle: T\nflow: [{source: a, target: b}]\n", False),  # the model's names, not the file's
    ("journeymap: 1\ntitle: T\nactors: [{id: ann, name: Ann, role: carr}]\n", False),
    ("journeymap: 1\ntitle: [" * 60 + "]" * 60 + "\n", False),
    ("journeymap: 1\ntitle: T\n  bad: indent\n", False),
    ("# only a comment\n", False),
])
def test_anything_out_of_the_ordinary_is_left_to_the_careful_path(text: str, valid: bool) -> None:
    assert quick_journey(text, "yaml") is None
    if valid:
        assert loads(text) == careful(text)
    else:
        with pytest.raises(InvalidMapError):
            loads(text)


@pytest.mark.parametrize("text", [
    '{"journeymap": 1, "title": "T", "title": "U"}',
    '{"journeymap": 1, "title": "\\ud800"}',
    '{"journeymap": 1, "title": "T", "needs": [{"name": "N", "users": NaN, "staff": 0}]}',
    '{"journeymap": 1, "title": "T", "assets": [{"holder": "a", "kind": "time", "hours_per_month": 1e400}]}',
    '{"journeymap": 1, "title": "T",}',
    '{"journeymap": 1, "title": ' + "[" * 5000 + "]" * 5000 + "}",
])
def test_odd_json_is_left_to_the_careful_path(text: str) -> None:
    assert quick_journey(text, "json") is None
    with pytest.raises(InvalidMapError):
        loads(text, "json")


def test_positions_of_a_quick_read_are_found_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    quick = read_map(path)
    assert quick.journey == careful(DESIGN_EXAMPLE)
    assert quick.positions == read_source(DESIGN_EXAMPLE, "yaml", str(path)).positions
    assert quick.file == str(path)
    line = DESIGN_EXAMPLE.splitlines().index("  - id: support") + 1
    assert quick.position(("stages", 1)) == (line, 5)


def test_a_json_surrogate_pair_is_read_carefully_and_whole() -> None:
    text = '{"journeymap": 1, "title": "\\ud83d\\udc75 Ann"}'
    assert quick_journey(text, "json") is None
    assert loads(text, "json").title == "\U0001f475 Ann"


@given(journey=journeys(evidence=True), format=st.sampled_from(["yaml", "json"]))
def test_the_quick_path_reads_surveys_and_constraints_as_the_careful_path_does(journey: Journey, format: str) -> None:
    text = dumps(journey, format)
    assert quick_journey(text, format) == careful(text, format) == journey


@given(journey=journeys(plans=True, records=True), format=st.sampled_from(["yaml", "json"]))
def test_the_quick_path_reads_what_records_say_as_the_careful_path_does(journey: Journey, format: str) -> None:
    text = dumps(journey, format)
    assert quick_journey(text, format) == careful(text, format) == journey
    if journey.evidence is not None:
        assert quick_journey(text, format) is not None  # the evidence block is read quickly, not left to the other
