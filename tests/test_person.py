"""One citizen's needs and capabilities: journeymap.cli.person and `journeymap analyse --person`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap import Actor, Asset, Contribution, Journey, Need, Stage, Touchpoint, analyse, dump, load
from journeymap.cli import main
from journeymap.errors import UsageError
from journeymap.cli.person import person, person_text

ROOT = Path(__file__).resolve().parents[1]

PAT = Actor(id="pat", name="Pat", role="carer", willingness="weekly", constraints=["has her own hip problems"])
DOC = Actor(id="doc", name="Dr Lee", role="professional")
MAP = Journey(title="T", actors=[PAT, DOC], assets=[Asset(id="lift", holder=PAT, kind="physical"),
                                                   Asset(id="talk", holder=PAT, kind="time")],
              stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Visit", actors=[PAT])])],
              contributions=[Contribution(asset="talk", touchpoint="visit", phase="co_delivery")],
              needs=[Need(name="A break", users=0.6, staff=0.2),
                     Need(name="Sleep through the night", users=0.3, staff=0.1, for_=[PAT])])


def test_a_citizen_s_profile_tells_what_they_bring_where_and_whether_they_want_to_and_can_do_more() -> None:
    profile = person(analyse(MAP), "pat")
    assert [(b["asset"], b["used_at"], b["grade"]) for b in profile["brings"]] == [
        ("lift", [], "constrained"), ("talk", ["visit"], None)]
    text = person_text(profile, MAP)
    assert "A break: 60%" in text and "Time: Visit" in text and "constrained: has her own hip problems" in text


def test_a_citizen_s_own_needs_are_printed_first_and_the_population_s_apart() -> None:
    profile = person(analyse(MAP), "pat")
    assert [n["need"] for n in profile["needs"]] == ["Sleep through the night"]
    assert [n["need"] for n in profile["population_needs"]] == ["A break"]
    lines = person_text(profile, MAP).splitlines()
    own, population = lines.index("What matters to them (their own needs):"), lines.index(
        "What matters to the people the service is for (the population's needs, share of users):")
    assert lines[own + 1:population] == ["  Sleep through the night"]
    assert lines[population + 1] == "  A break: 60%"


def test_a_citizen_without_needs_of_their_own_says_so() -> None:
    alone = MAP.replace(needs=[Need(name="A break", users=0.6, staff=0.2)])
    text = person_text(person(analyse(alone), "pat"), alone)
    assert "What matters to them (their own needs):\n  none recorded\n" in text


def test_a_need_told_without_figures_prints_without_a_share() -> None:
    told = MAP.replace(needs=[Need(name="A break"), Need(name="Sleep", for_=[PAT])])
    profile = person(analyse(told), "pat")
    assert profile["needs"][0]["users"] is None
    lines = person_text(profile, told).splitlines()
    assert "  A break" in lines and "  Sleep" in lines


def test_a_provider_or_unknown_id_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UsageError, match="citizens: pat"):
        person(analyse(MAP), "doc")


def test_analyse_person_prints_json_and_exits_2_for_a_wrong_id(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "map.yaml"
    dump(MAP, path)
    assert main(["analyse", str(path), "--person", "pat", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["constraints"] == ["has her own hip problems"]
    assert printed["needs"][0]["need"] == "Sleep through the night" and printed["population_needs"][0]["users"] == 0.6
    assert main(["analyse", str(path), "--person", "pa"]) == 2
    assert "did you mean 'pat'" in capsys.readouterr().err


def test_the_outcomes_that_matter_to_a_citizen_are_printed_with_how_far_they_are_served() -> None:
    stroke = load(ROOT / "examples" / "stroke_discharge.yaml")
    profile = person(analyse(stroke), "pat")
    assert profile["outcomes"] == [{"outcome": "time_off", "name": "A night's sleep and an afternoon off now and then",
                                    "state": "unserved"}]
    lines = person_text(person(analyse(stroke), "ray"), stroke).splitlines()
    start = lines.index("Outcomes that matter to them:")
    assert lines[start + 1:start + 4] == ["  Get home and stay home safely: co-produced",
                                          "  Walk to the shops again: co-produced", "  Help to get back to driving: unserved"]
