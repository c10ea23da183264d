"""Fuzzing the readers: whatever the bytes, ``loads`` gives a journey or a JourneyMapError with a message.

Random bytes, mutations of the examples, random YAML/JSON documents, and each limit against hostile
files (size, values, nesting, aliases, numbers, tags), for YAML, JSON and Mermaid. The long run is
bench/fuzz_readers.py; these are its quick cousins for ``make test`` (deeper with HYPOTHESIS_PROFILE=deep).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import dumps, load, loads
from journeymap.errors import InvalidMapError, JourneyMapError, UsageError
from journeymap.io import MAP_FORMATS
from journeymap.io import yaml_reader as source  # the YAML walker, whose alias count the tests monkeypatch
from journeymap.io.source import MAX_ALIAS_VALUES, MAX_BYTES, MAX_DEPTH, MAX_NUMBER
from journeymap.model import HOURS_MAX, Journey
from strategies import DESIGN_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))] + [DESIGN_EXAMPLE]
MERMAID_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "mermaid").glob("*.mmd"))]
SEEDS = {
    "yaml": EXAMPLE_TEXTS,
    "json": [dumps(loads(text), "json") for text in EXAMPLE_TEXTS],
    "mermaid": MERMAID_TEXTS or ["journey\n  title T\n  section S\n    Task: 5: Me\n"],
}
READERS = [reader for reader in ("yaml", "json", "mermaid") if reader in MAP_FORMATS]


def read(data: str | bytes, reader: str) -> Journey | JourneyMapError:
    """The journey, or the journeymap error raised; any other exception fails the test."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the Mermaid reader may warn about what it drops
            return loads(data, reader)
    except JourneyMapError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return error


def refusal(data: str | bytes, reader: str = "yaml") -> str:
    """The message of the error reading ``data`` gives (it must give one)."""
    result = read(data, reader)
    assert isinstance(result, JourneyMapError), "read without an error"
    return str(result)


# -- random input ----------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_a_journey_or_a_journeymap_error(reader: str, data: bytes) -> None:
    read(data, reader)


@pytest.mark.parametrize("reader", READERS)
@given(text=st.text(max_size=300))
def test_random_text_gives_a_journey_or_a_journeymap_error(reader: str, text: str) -> None:
    read(text, reader)


# Mutations: cut, repeat or overwrite a piece of a real map, or splice in a token that means something.
TOKENS = ["&a ", "*a", "<<: ", "!!python/object/apply:os.system [ls]", "!!binary ", "? ", "- ", "{", "}", "[", "]",
          ": ", "'", '"', "\\", "\t", "\n", "#", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "\ufeff", "\x00", "\ud800",
          "0x" + "f" * 120, "1:0:0:0", ".inf", ".nan", "1e400", "9" * 5000, "null", "~", "true", "journeymap: 2",
          "section ", "title ", ": 9: ", "accDescr {", "#quot;", "<br>", "%%{init: {}}%%\n"]


@st.composite
def mutated(draw: st.DrawFn, reader: str) -> str:
    text = draw(st.sampled_from(SEEDS[reader]))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 40)))
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "replace"]))
        if kind == "cut":
            text = text[:at] + text[end:]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS) | st.text(max_size=8)) + text[at:]
        elif kind == "repeat":
            text = text[:end] + text[at:end] * draw(st.integers(2, 30)) + text[end:]
        else:
            text = text[:at] + draw(st.text(min_size=1, max_size=4)) + text[end:]
    return text


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=settings.default.max_examples // 2, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_examples_give_a_journey_or_a_journeymap_error(reader: str, data: st.DataObject) -> None:
    result = read(data.draw(mutated(reader)), reader)
    if isinstance(result, Journey):  # what loads must also write and read back unchanged
        for fmt in ("yaml", "json"):
            assert loads(dumps(result, fmt), fmt) == result


# Random documents: plain data, including what a map never holds, written as YAML and as JSON.
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.sampled_from([10**20, -(10**400), 2**64, 1e308, -1e-320, float("nan"), float("inf")]))
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["journeymap", "title", "actors", "stages", "touchpoints", "id", "name", "role",
                         "emotion", "needs", "users"]) | st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@given(document=documents, format_version=st.sampled_from([None, 1, 1.0, "1", True, 2, 10**30]))
def test_random_documents_give_a_journey_or_a_journeymap_error(document: Any, format_version: object) -> None:
    if isinstance(document, dict) and format_version is not None:
        document = {"journeymap": format_version, **document}
    read(yaml.safe_dump(document, allow_unicode=True), "yaml")
    try:
        text = json.dumps(document, ensure_ascii=False)
    except ValueError:  # an integer too long for Python to write out
        return
    read(text, "json")


# -- the limits ------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, no_hang: Callable[..., Any]) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.write(b"journeymap: 1\ntitle: T\ndescription: ")
        file.truncate(MAX_BYTES + 1)  # sparse: no disk used
    for refused in (lambda: load(big), lambda: load("/dev/zero"), lambda: loads("#" * (MAX_BYTES + 1))):
        with pytest.raises(InvalidMapError, match=f"larger than {MAX_BYTES:,} bytes") as info:
            no_hang(refused)  # /dev/zero never ends: only MAX_BYTES + 1 bytes of it may be read
        assert "--max-bytes" in str(info.value) and "JOURNEYMAP_MAX_BYTES" in str(info.value)


def test_the_size_limit_can_be_raised_and_lowered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("journeymap: 1\ntitle: T\n" + "# padding\n" * 200)  # 2,022 bytes
    with pytest.raises(InvalidMapError, match="larger than 1,000 bytes"):
        load(path, max_bytes=1000)
    monkeypatch.setenv("JOURNEYMAP_MAX_BYTES", "1_000")
    with pytest.raises(InvalidMapError, match="larger than 1,000 bytes"):
        load(path)
    assert load(path, max_bytes=3000).title == "T"  # the argument wins over the environment
    monkeypatch.setenv("JOURNEYMAP_MAX_BYTES", "3000")
    assert loads(path.read_text()).title == "T"
    for wrong in ("lots", "0", "-5"):
        monkeypatch.setenv("JOURNEYMAP_MAX_BYTES", wrong)
        with pytest.raises(UsageError, match=f"JOURNEYMAP_MAX_BYTES must be a whole number of bytes above 0, not '{wrong}'"):
            load(path)


def wide(reader: str, values: int) -> str:
    """A map holding ``values`` values written out under the unknown key ``x``."""
    if reader == "json":
        return '{"journeymap": 1, "title": "T", "x": [' + ", ".join(["1"] * values) + "]}"
    return "journeymap: 1\ntitle: T\nx: [" + ", ".join(["[]"] * values) + "]\n"


@pytest.mark.parametrize("reader", ["yaml", "json"])
def test_values_written_out_are_never_counted_against_a_limit(reader: str, no_hang: Callable[..., Any]) -> None:
    # Far more values than any alias may add: the only problem is the unknown key, found where it stands.
    message = no_hang(lambda: refusal(wide(reader, 2 * MAX_ALIAS_VALUES), reader))
    assert "unknown key 'x'" in message and "values" not in message


def counting_children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the YAML nodes the alias check walks into (one list item per node)."""
    walked: list[int] = []
    children = source._children

    def counted(node: Any) -> Any:
        walked.append(1)
        return children(node)

    monkeypatch.setattr(source, "_children", counted)
    return walked


@pytest.mark.parametrize("text", [
    "journeymap: 1\ntitle: T\nx: &x [" + ", ".join(["y"] * 400) + "]\n" + "".join(f"k{i}: *x\n" for i in range(3)),
    "journeymap: 1\ntitle: T\nx: &x {" + ", ".join(f"k{i}: v" for i in range(200)) + "}\n"
    + "".join(f"m{i}: {{<<: *x}}\n" for i in range(3)),
    "journeymap: 1\ntitle: T\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "journeymap: 1\ntitle: T\nx: &x [" + ", ".join(["y"] * 400) + "]\nstages: [{name: S, touchpoints: [*x, *x, *x]}]\n",
])
def test_every_way_aliases_multiply_values_is_counted(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ALIAS_VALUES", 1000)  # the mechanism, with small documents
    assert "its aliases expand to more than 1,000 values" in refusal(text)


@pytest.mark.parametrize(("reader", "text"), [
    ("yaml", "journeymap: 1\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("yaml", "journeymap: 1\ntitle:\n" + "- " * 100 + "x\n"),
    ("yaml", "journeymap: 1\ntitle:\n" + "".join(" " * i + "a:\n" for i in range(100)) + " " * 100 + "b\n"),
    ("json", '{"journeymap": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("json", '{"journeymap": 1, "title": ' + '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1) + "}"),
])
def test_deep_nesting_of_every_kind_is_refused(reader: str, text: str) -> None:
    assert f"deeper than {MAX_DEPTH} levels" in refusal(text, reader)


def test_alias_bombs_are_refused_before_they_expand(monkeypatch: pytest.MonkeyPatch,
                                                    no_hang: Callable[..., Any]) -> None:
    walked = counting_children(monkeypatch)
    lines = ["journeymap: 1", "title: T", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]  # 10^12 values expanded
    assert f"more than {MAX_ALIAS_VALUES:,} values" in no_hang(lambda: refusal("\n".join(lines) + "\n"))
    assert len(walked) < 200  # each value is walked once, however often it is referred to
    assert "recursive alias" in refusal("journeymap: 1\ntitle: T\nx: &x {a: [*x]}\n")
    many = "journeymap: 1\ntitle: T\nx: &x [" + ", ".join(["y"] * 1000) + "]\n"  # few values, many references
    many += "".join(f"k{i}: *x\n" for i in range(MAX_ALIAS_VALUES // 1000 + 1))
    assert f"more than {MAX_ALIAS_VALUES:,} values" in refusal(many)


def test_honest_aliases_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("journeymap: 1\ntitle: T\nactors: [{id: ann, name: Ann, role: carer}]\nstages:\n"
            "  - {name: S, touchpoints: [{name: A, actors: &who [ann]}, {name: B, actors: *who}]}\n")
    journey = loads(text)
    assert [t.actors for t in journey.touchpoints] == [("ann",), ("ann",)]


@pytest.mark.parametrize("number", ["1" + ":0" * 20_000, "0x" + "f" * 20_000, "9" * 20_000, "1" + "0" * 20_000 + ".5"])
def test_a_long_number_is_refused_unread(number: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lengths: list[int] = []  # PyYAML reads some notations in time growing with the square of their length
    for kind in ("int", "float"):
        tag = f"tag:yaml.org,2002:{kind}"
        original = yaml.constructor.SafeConstructor.yaml_constructors[tag]

        def spy(loader: Any, node: Any, original: Any = original) -> Any:
            lengths.append(len(node.value))
            return original(loader, node)

        monkeypatch.setitem(yaml.constructor.SafeConstructor.yaml_constructors, tag, spy)
    assert "too large for a map" in refusal(f"journeymap: 1\ntitle: T\nassets: [{{hours_per_month: {number}}}]\n")
    assert max(lengths) < 100


# Every way YAML writes a number, too large; the same in JSON.
HUGE_NUMBERS = ["1" + "0" * 20, "-" + "9" * 5000, "0x" + "f" * 30, "0b" + "1" * 80, "0" + "7" * 30,
                "1" + ":0" * 20, "1" + ":0" * 20_000, "0x" + "f" * 20_000, "1_000_000_000_000_000_000",
                "1.5e+300", "-1.0e+16", "1" + "0" * 30 + ".5", "1" + ":0" * 20 + ".5"]


@pytest.mark.parametrize("number", HUGE_NUMBERS, ids=lambda n: n[:24])
@pytest.mark.parametrize("field", ["journeymap: {}\ntitle: T", "journeymap: 1\ntitle: {}",
                                   "journeymap: 1\ntitle: T\nneeds: [{{name: n, users: {}, staff: 0}}]",
                                   "journeymap: 1\ntitle: T\nassets: [{{holder: a, kind: time, hours_per_month: {}}}]\n"
                                   "actors: [{{id: a, name: A, role: carer}}]"])
def test_numbers_too_large_for_a_map_are_refused_where_they_stand(number: str, field: str) -> None:
    text = field.format(number) + "\n"
    result = read(text, "yaml")
    assert isinstance(result, InvalidMapError)
    first = result.problems[0]
    assert "too large for a map" in first.message and first.suggestion == "if it is meant as text, put it in quotes"
    line = next(n for n, row in enumerate(text.splitlines(), 1) if number[:10] in row)
    assert first.line == line


@pytest.mark.parametrize("number", ["1" + "0" * 20, "-" + "9" * 5000, "1" + "0" * 400, "1e300", "-2e16"],
                         ids=lambda n: n[:24])
def test_json_numbers_too_large_for_a_map_are_refused_where_they_stand(number: str) -> None:
    text = '{"journeymap": 1, "title": "T",\n "needs": [{"name": "n", "users": %s, "staff": 0}]}' % number
    problems = pytest.raises(InvalidMapError, loads, text, "json").value.problems
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "cannot read the JSON")]
    assert "too large for a map" in problems[0].message


def test_largest_numbers_a_map_allows_are_read() -> None:
    def asset_hours(value: object) -> str:
        return (f"journeymap: 1\ntitle: T\nactors: [{{id: a, name: A, role: carer}}]\n"
                f"assets: [{{holder: a, kind: time, hours_per_month: {value}}}]\n")

    assert loads(asset_hours(HOURS_MAX)).assets[0].hours_per_month == HOURS_MAX
    assert loads(dumps(loads(asset_hours(HOURS_MAX)), "json"), "json") == loads(asset_hours(HOURS_MAX))
    # The reader reads the largest number it allows; the model then judges it, with its own range.
    problem = pytest.raises(InvalidMapError, loads, asset_hours(MAX_NUMBER)).value.problems[0]
    assert problem.value == MAX_NUMBER and "from 0 to 100,000" in problem.message


@pytest.mark.parametrize(("reader", "text", "where"), [
    ("yaml", 'journeymap: 1\ntitle: "a \\ud800 b"\n', (2, 8)),
    ("yaml", 'journeymap: 1\ntitle: T\n"k\\udfff": 1\n', (3, 1)),
    ("json", '{"journeymap": 1,\n "title": "a \\ud800 b"}', (2, 11)),
    ("json", '{"journeymap": 1,\n "title": "T", "k\\udc00": 1}', (1, 1)),
])
def test_half_a_surrogate_pair_is_refused_where_it_stands(reader: str, text: str, where: tuple[int, int]) -> None:
    problems = pytest.raises(InvalidMapError, loads, text, reader).value.problems
    assert [((p.line, p.column), p.message) for p in problems] == [
        (where, f"the text holds \\u{'d800' if 'd800' in text else 'dfff' if 'dfff' in text else 'dc00'}, "
                "half of a UTF-16 surrogate pair, which is not a character")]
    assert "\ud800" not in str(problems[0]) and "\udfff" not in str(problems[0])  # the message can be printed


def test_a_whole_surrogate_pair_is_the_character_it_stands_for() -> None:
    assert loads('{"journeymap": 1, "title": "\\ud83d\\udc75"}', "json").title == "👵"
    assert loads('journeymap: 1\ntitle: "\\U0001F475"\n').title == "👵"


UNSAFE_TAGS = ["!!python/object/apply:os.system [touch {marker}]", "!!python/object/new:os.system [touch {marker}]",
               "!!python/name:os.system", "!!python/module:os", "!!python/object:os.PathLike {{}}",
               "!<tag:yaml.org,2002:python/object/apply:os.system> [touch {marker}]",
               "!!binary aGk=", "!!set {{a, b}}", "!!omap [a: 1]", "!custom x"]


@pytest.mark.parametrize("tag", UNSAFE_TAGS, ids=lambda t: t.split()[0][:30])
def test_tags_are_refused_and_nothing_runs(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    message = refusal(f"journeymap: 1\ntitle: {tag.format(marker=marker)}\n")
    assert "is not allowed in a map file" in message
    assert not marker.exists()
    with_directive = f"%TAG !p! tag:yaml.org,2002:python/\n---\njourneymap: 1\ntitle: !p!object/apply:os.system [touch {marker}]\n"
    assert "is not allowed" in refusal(with_directive)
    assert not marker.exists()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("text", [
    "", " \n\t", "\ufeff", "\x00", "\ud800", "\x1b[31m", "journeymap: 1\ntitle: a\x07b\n",
    "\xff\xfe" + "journeymap: 1", "\u202eetlit: 1\n", "---\n...\n", "[]", "null", "0", '"text"',
])
def test_odd_small_inputs_are_refused_with_a_message(reader: str, text: str) -> None:
    read(text, reader)
    read(text.encode("utf-8", errors="surrogatepass"), reader)
    read(text.encode("utf-16", errors="surrogatepass"), reader)


def test_the_fuzz_script_runs_and_reports_its_rate(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "bench" / "fuzz_readers.py"), "--engine", "random",
                           "--seconds", "1.5", "--work", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stdout + done.stderr
    for reader in READERS:
        assert any(line.startswith(reader) and "inputs/s  no escape" in line for line in done.stdout.splitlines())
