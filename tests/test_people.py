"""Tests of people: each citizen's needs and capabilities, built once for the command line and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap import analyse, load
from journeymap.errors import UsageError
from journeymap.people import profile, profiles

ROOT = Path(__file__).resolve().parent.parent


def test_every_citizen_of_the_example_has_a_profile_and_no_professional_has() -> None:
    found = analyse(load(ROOT / "examples" / "sight_loss.yaml"))
    assert [p["id"] for p in profiles(found)] == ["margaret", "jenny", "tom", "arthur", "club"]
    margaret = profile(found, "margaret")
    assert {b["asset"]: b["grade"] for b in margaret["brings"]} == {
        "know_how": "willing", "teaching": "willing", "independence": None}
    assert margaret["willingness"] == "monthly" and len(margaret["needs"]) == 4


def test_a_constraint_is_part_of_the_profile() -> None:
    pat = profile(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")), "pat")
    assert pat["constraints"] == ["has her own hip problems; cannot lift"]


def test_a_professional_is_no_citizen_to_profile() -> None:
    with pytest.raises(UsageError, match="no citizen with id 'rehab'"):
        profile(analyse(load(ROOT / "examples" / "sight_loss.yaml")), "rehab")
