"""Tests of people: each citizen's needs and capabilities, built once for the command line and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings

from journeymap import Actor, Journey, Need, analyse, load
from journeymap.errors import UsageError
from journeymap.people import profile, profiles
from strategies import journeys

ROOT = Path(__file__).resolve().parent.parent


def test_every_citizen_of_the_example_has_a_profile_and_no_professional_has() -> None:
    found = analyse(load(ROOT / "examples" / "sight_loss.yaml"))
    assert [p["id"] for p in profiles(found)] == ["margaret", "jenny", "tom", "arthur", "club"]
    margaret = profile(found, "margaret")
    assert {b["asset"]: b["grade"] for b in margaret["brings"]} == {
        "know_how": "willing", "teaching": "willing", "independence": None}
    assert margaret["willingness"] == "monthly"
    assert margaret["needs"] == [] and len(margaret["population_needs"]) == 4  # Willis and Dunstan's, a survey's


def test_a_constraint_is_part_of_the_profile() -> None:
    pat = profile(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")), "pat")
    assert pat["constraints"] == ["has her own hip problems; cannot lift"]


def test_a_professional_is_no_citizen_to_profile() -> None:
    with pytest.raises(UsageError, match="no citizen with id 'rehab'"):
        profile(analyse(load(ROOT / "examples" / "sight_loss.yaml")), "rehab")


def test_a_citizen_s_own_needs_come_apart_from_the_population_s() -> None:
    ray = profile(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")), "ray")
    assert ray["needs"] == [{"need": "Help to get back to driving", "users": 0.52, "staff": 0.09, "shared_with": []}]
    assert [n["need"] for n in ray["population_needs"]] == [
        "Know when I am going home", "The same carers each day", "Medicines explained"]
    pat = profile(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")), "pat")
    assert pat["needs"] == [{"need": "A night's sleep and an afternoon off now and then", "users": None,
                             "staff": None, "shared_with": []}]  # told in her words, with no figures
    assert "Help to get back to driving" not in [n["need"] for n in pat["population_needs"]]


def test_a_need_for_two_citizens_is_each_one_s_and_names_the_other() -> None:
    ann, bob = Actor(id="ann", name="Ann", role="service_user"), Actor(id="bob", name="Bob", role="carer")
    found = analyse(Journey(title="T", actors=[ann, bob], needs=[Need(name="Sleep", users=0.3, staff=0.1,
                                                                      for_=[bob, ann])]))
    assert profile(found, "ann")["needs"][0]["shared_with"] == ["bob"]
    assert profile(found, "bob")["needs"][0]["shared_with"] == ["ann"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(evidence=True))
def test_each_need_is_in_the_profiles_of_exactly_its_own_citizens_or_of_all_as_the_population_s(
        journey: Journey) -> None:
    shown = profiles(analyse(journey))
    for need in journey.needs:
        own = {p["id"] for p in shown if need.name in [n["need"] for n in p["needs"]]}
        background = {p["id"] for p in shown if need.name in [n["need"] for n in p["population_needs"]]}
        others = [n for n in journey.needs if n is not need and n.name == need.name]
        if not others:  # names may repeat among drawn needs; a need is found by its name
            assert own == set(need.for_)
            assert background == (set() if need.for_ else {p["id"] for p in shown})
