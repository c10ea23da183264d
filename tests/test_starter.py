"""`journeymap init`: a commented starter map that passes `check`, renders, and explains every key and word."""

from __future__ import annotations

import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import yaml
from editors import as_editors_read
from jsonschema import Draft202012Validator

from journeymap.cli import main
from journeymap.io import FORMAT_KEY, load
from journeymap.io.build import file_key
from journeymap.model import iter_fields, model_classes
from journeymap.schema import SCHEMA_FILE, json_schema
from journeymap.starter import STARTER
from journeymap.vocabulary import AssetKind, Involvement, Lane, Phase, Role, Side, Status, Willingness


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The starter map, written by `journeymap init` with no arguments in an empty folder."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init")
    assert (code, err) == (0, "")
    assert out.startswith("wrote journey.yaml")
    return tmp_path / "journey.yaml"


def test_init_writes_journey_yaml_and_says_what_to_run_next(starter: Path) -> None:
    assert starter.read_text(encoding="utf-8") == STARTER
    assert [p.name for p in starter.parent.iterdir()] == ["journey.yaml"]  # no temporary file left


def test_init_prints_the_next_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "maps" / "my map.yaml"
    path.parent.mkdir()
    code, out, _ = run(capsys, "init", path)
    assert code == 0
    assert f"wrote {path}" in out
    assert f"journeymap check '{path}'" in out
    assert f"journeymap schema -o {path.parent / SCHEMA_FILE}" in out


def test_the_starter_passes_check_without_warnings(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", starter)
    assert code == 0, out
    assert out.strip() == f"{starter}: ok (2 stages, 2 touchpoints, 3 actors, 2 assets)"


def test_the_starter_renders(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = starter.with_suffix(".svg")
    assert run(capsys, "render", starter, "-o", out)[0] == 0
    svg = out.read_text(encoding="utf-8")
    assert "Coming home from hospital" in svg and "unused" in svg


def test_the_starter_validates_against_the_schema_it_names() -> None:
    first, *_ = STARTER.splitlines()
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    assert list(Draft202012Validator(json_schema()).iter_errors(as_editors_read(STARTER))) == []


def test_the_starter_is_a_tiny_but_complete_journey(starter: Path) -> None:
    journey = load(starter)
    roles = {actor.role for actor in journey.actors}
    assert {Role.SERVICE_USER, Role.CARER, Role.PROFESSIONAL} <= roles
    assert journey.persona is not None and len(journey.assets) >= 2 and len(journey.stages) == 2
    assert {c.status for c in journey.contributions} == set(Status)
    assert journey.needs and journey.flow


def keys_used(data: Any) -> set[str]:
    """Every key of every mapping in a map's data."""
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in keys_used(value)}
    if isinstance(data, list):
        return {key for item in data for key in keys_used(item)}
    return set()


def comments() -> str:
    return "\n".join(line.partition("#")[2] for line in STARTER.splitlines())


def test_the_starter_uses_or_explains_every_key_of_the_format() -> None:
    keys = {FORMAT_KEY} | {file_key(cls, f.name) for cls in model_classes() for f in iter_fields(cls)}
    explained = keys_used(yaml.safe_load(STARTER)) | set(re.findall(r"\w+", comments()))
    assert sorted(keys - explained) == []


@pytest.mark.parametrize("vocabulary", [Role, Willingness, AssetKind, Phase, Status, Involvement, Lane, Side],
                         ids=lambda enum: enum.__name__)
def test_the_starter_explains_every_vocabulary_word(vocabulary: type[StrEnum]) -> None:
    assert [word.value for word in vocabulary if not re.search(rf"\b{word.value}\b", comments())] == []


# -- refusing to overwrite, and other mistakes --------------------------------------

def test_init_keeps_an_existing_file(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    starter.write_text("my own map", encoding="utf-8")
    code, out, err = run(capsys, "init")
    assert (code, out) == (2, "")
    assert "journey.yaml already exists" in err and "--force" in err
    assert starter.read_text(encoding="utf-8") == "my own map"


def test_init_force_overwrites(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    starter.write_text("my own map", encoding="utf-8")
    assert run(capsys, "init", "--force")[0] == 0
    assert starter.read_text(encoding="utf-8") == STARTER


@pytest.mark.parametrize(("name", "message"), [
    (".", "is a folder"),
    ("map.json", "commented YAML"),
    ("missing/folder/map.yaml", "cannot write"),
])
def test_init_mistakes_exit_2_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init", name, "--force")
    assert (code, out) == (2, "")
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_init_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "journeymap", "init"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    checked = subprocess.run([sys.executable, "-m", "journeymap", "check", "journey.yaml"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout
