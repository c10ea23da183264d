"""journeymap.comparison_records: what changed in the records between two discovered maps (``journeymap diff``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.cli import main
from journeymap.comparison import diff
from journeymap.comparison_records import RecordsDiff, StepChange, notable, records_diff
from journeymap.io import dump, load
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.tables import diff_tables
from journeymap.tables_records import records_tables
from journeymap.model_records import LogEvidence, LogHidden
from strategies import journeys

ROOT = Path(__file__).resolve().parent.parent
HAND_MADE = sorted((ROOT / "examples").glob("*.yaml"))


def counted(id: str, cases: int) -> Touchpoint:
    return Touchpoint(id=id, name=id.capitalize(), cases=cases)


def step(source: str, target: str, cases: int, median: float, p90: float | None = None) -> FlowEdge:
    return FlowEdge(source=source, target=target, cases=cases, median_hours=median, p90_hours=p90)


# Last quarter: 100 cases. Referral (100) → visit (80) → review (60); 10 cases were given a lift.
LAST_QUARTER = Journey(
    title="Care", evidence=LogEvidence(log="q1.csv", cases=100, events=400, first="2024-01-02", last="2024-03-28"),
    stages=[Stage(id="start", name="Start", touchpoints=[counted("referral", 100), counted("lift", 10)], cases=100),
            Stage(id="support", name="Support", touchpoints=[counted("visit", 80)], cases=80, median_hours=30),
            Stage(id="closing", name="Closing", touchpoints=[counted("review", 60)], cases=60, median_hours=200,
                  p90_hours=400)],
    flow=[step("referral", "visit", 80, 48, 96), step("visit", "review", 60, 100), step("referral", "lift", 10, 5),
          step("visit", "visit", 40, 24)])

# This quarter: 120 cases. Referral 120 (+20), visit 80 (the same), review 90 (+30); no lift, 20 befriended.
THIS_QUARTER = Journey(
    title="Care", evidence=LogEvidence(log="q2.csv", cases=120, events=500, first="2024-04-01", last="2024-06-30"),
    stages=[Stage(id="start", name="Start", touchpoints=[counted("referral", 120), counted("befriend", 20)],
                  cases=120),
            Stage(id="support", name="Support", touchpoints=[counted("visit", 80)], cases=80, median_hours=31),
            Stage(id="closing", name="Closing", touchpoints=[counted("review", 90)], cases=90, median_hours=150,
                  p90_hours=300)],
    flow=[step("referral", "visit", 96, 50),  # share 80% both times, median 48 → 50 h (+4%): not notable
          step("visit", "review", 72, 130),  # share 60% both times, median 100 → 130 h (+30%): notable
          step("visit", "visit", 60, 24.5),  # share 40% → 50% (+25%, 10 points): notable
          step("referral", "befriend", 20, 12)])


def changes() -> RecordsDiff:
    found = records_diff(LAST_QUARTER, THIS_QUARTER)
    assert found is not None
    return found


def test_touchpoints_whose_cases_changed_largest_change_first_then_largest_relative_change() -> None:
    # review +30 (+50%); befriend and referral both +20: befriend is new (no relative change: first), referral +20%;
    # lift −10 (only last quarter); visit 80 → 80 is no change.
    assert [(c.touchpoint.id, c.old, c.new, c.change, c.relative) for c in changes().touchpoints] == [
        ("review", 60, 90, 30, 0.5), ("befriend", None, 20, 20, None), ("referral", 100, 120, 20, 0.2),
        ("lift", 10, None, -10, None)]
    assert [(c.old_share, c.new_share) for c in changes().touchpoints] == [
        (0.6, 0.75), (None, 20 / 120), (1.0, 1.0), (0.1, None)]


def test_steps_listed_when_their_share_of_cases_or_median_time_changed_notably_busiest_first() -> None:
    found = changes().steps_changed
    # visit → review (72 cases at most) before visit → visit (60); referral → visit changed by less than the rule.
    assert [(s.source.id, s.target.id) for s in found] == [("visit", "review"), ("visit", "visit")]
    review, loop = found
    assert (review.old_cases, review.new_cases, review.old_share, review.new_share) == (60, 72, 0.6, 0.6)
    assert (review.old_median, review.new_median) == (100, 130)
    assert (loop.old_cases, loop.new_cases, loop.old_share, loop.new_share) == (40, 60, 0.4, 0.5)
    assert (loop.old_median, loop.new_median) == (24, 24.5)


def test_steps_only_one_map_counts_are_new_or_gone_with_their_cases() -> None:
    assert [(s.source.id, s.target.id, s.new_cases, s.new_median, s.old) for s in changes().steps_new] == [
        ("referral", "befriend", 20, 12, None)]
    assert [(s.source.name, s.target.name, s.old_cases, s.old_median, s.new) for s in changes().steps_gone] == [
        ("Referral", "Lift", 10, 5, None)]


def test_stages_whose_entry_wait_changed_notably() -> None:
    # support 30 → 31 h is under 10%; start has no entry wait in either map; closing 200 → 150 h.
    assert [(w.new.id, w.old.median_hours, w.new.median_hours, w.old.p90_hours, w.new.p90_hours)
            for w in changes().stage_waits] == [("closing", 200, 150, 400, 300)]


def test_the_log_and_whether_the_maps_are_like_for_like() -> None:
    found = changes()
    assert found.compared and found.like_for_like and found.changed
    data = found.to_dict()
    assert data["cases"] == {"old": 100, "new": 120, "change": 20, "relative": 0.2}
    assert data["events"] == {"old": 400, "new": 500, "change": 100, "relative": 0.25}
    assert data["log"]["old"] == {"log": "q1.csv", "cases": 100, "events": 400, "first": "2024-01-02T00:00:00+00:00",
                                  "last": "2024-03-28T00:00:00+00:00", "threshold": 5, "filters": [], "hidden": 0}
    assert THIS_QUARTER.evidence is not None
    filtered = THIS_QUARTER.replace(evidence=attrs.evolve(
        THIS_QUARTER.evidence, filters=["activities in fewer than 20 cases left out"], hidden=LogHidden(activities=2)))
    other = records_diff(LAST_QUARTER, filtered)
    assert other is not None and not other.like_for_like
    assert other.to_dict()["log"]["new"]["hidden"] == 2


@pytest.mark.parametrize(("old", "new", "within"), [
    (("2024-04-01", "2024-06-30"), ("2024-01-01", "2024-12-31"), "old"),  # a quarter against its year
    (("2024-01-01", "2024-12-31"), ("2024-04-01", "2024-06-30"), "new"),
    (("2024-01-01", "2024-07-29"), ("2024-06-01", "2025-01-23"), None),  # cases spanning two periods: in part
    (("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-30"), None),
    (("2024-01-01", "2024-03-31"), ("2024-01-01", "2024-03-31"), None),  # one log discovered twice
])
def test_a_period_within_the_other_is_said_to_be(old: tuple[str, str], new: tuple[str, str],
                                                 within: str | None) -> None:
    def dated(journey: Journey, period: tuple[str, str]) -> Journey:
        assert journey.evidence is not None
        return journey.replace(evidence=attrs.evolve(journey.evidence, first=period[0], last=period[1]))

    found = records_diff(dated(LAST_QUARTER, old), dated(THIS_QUARTER, new))
    assert found is not None and found.within == within and found.to_dict()["within"] == within
    said = [line for line in records_tables(found).splitlines() if "lies within" in line]
    assert said == ([] if within is None else [
        f"The {within} map's period lies within the other's: the other log may hold its cases too, so their counts "
        "overlap."])


def test_one_variant_filter_keeping_other_numbers_of_cases_is_like_for_like() -> None:
    # The rule is the same; the cases it kept of each period are not, nor could they be.

    def kept(journey: Journey, cases: str, share: str = "80%") -> Journey:
        assert journey.evidence is not None
        return journey.replace(evidence=attrs.evolve(journey.evidence, filters=[
            f"the most common variants covering {share} of cases ({cases} cases)"]))

    alike = records_diff(kept(LAST_QUARTER, "80 of 100"), kept(THIS_QUARTER, "1,000 of 1,250"))
    assert alike is not None and alike.like_for_like
    unlike = records_diff(kept(LAST_QUARTER, "80 of 100"), kept(THIS_QUARTER, "90 of 120", "75%"))
    assert unlike is not None and not unlike.like_for_like


def test_the_records_key_in_json_names_every_change_by_id() -> None:
    data = changes().to_dict()
    assert data["touchpoints_changed"][0] == {"touchpoint": "review", "old": 60, "new": 90, "change": 30,
                                              "relative": 0.5, "share": {"old": 0.6, "new": 0.75,
                                                                         "change": pytest.approx(0.15),
                                                                         "relative": pytest.approx(0.25)}}
    assert data["steps_changed"][0] == {
        "from": "visit", "to": "review", "cases": {"old": 60, "new": 72, "change": 12, "relative": 0.2},
        "share": {"old": 0.6, "new": 0.6, "change": 0.0, "relative": 0.0},
        "median_hours": {"old": 100, "new": 130, "change": 30, "relative": 0.3},
        "p90_hours": {"old": None, "new": None, "change": None, "relative": None}}
    assert [(s["from"], s["to"]) for s in data["steps_new"]] == [("referral", "befriend")]
    assert [(s["from"], s["to"], s["cases"]["old"]) for s in data["steps_gone"]] == [("referral", "lift", 10)]
    assert data["stage_waits_changed"][0]["median_hours"] == {"old": 200, "new": 150, "change": -50, "relative": -0.25}
    assert data["notable"] == {"share": 0.1, "points": 0.01, "hours": 1.0}


@pytest.mark.parametrize(("old", "new", "apart", "expected"), [
    (100, 110, 1, True),  # exactly 10% above, and 10 h apart
    (110, 100, 1, True),  # the same rule whichever comes first
    (100, 109.9, 1, False),  # just under 10%
    (2, 2.5, 1, False),  # 25%, but half an hour apart
    (0, 1, 1, True),  # from nothing to an hour
    (0.05, 0.059, 0.01, False),  # a share 18% up, but under a point apart
    (0.5, 0.4, 0.01, True),
    (None, 3, 1, True), (3, None, 1, True), (None, None, 1, False),  # a figure one map has and the other lacks
])
def test_the_notable_rule(old: float | None, new: float | None, apart: float, expected: bool) -> None:
    assert notable(old, new, apart=apart) is expected


def test_a_pair_written_twice_is_matched_by_its_first_and_uncounted_steps_are_left_alone() -> None:
    doubled = THIS_QUARTER.replace(flow=[*THIS_QUARTER.flow, step("visit", "review", 5, 1),
                                         FlowEdge(source="review", target="referral")])
    assert records_diff(THIS_QUARTER, doubled) == RecordsDiff(old=THIS_QUARTER.evidence, new=THIS_QUARTER.evidence)


@pytest.mark.parametrize("path", HAND_MADE, ids=lambda p: p.name)
def test_two_hand_made_maps_compare_to_nothing_in_the_records(path: Path) -> None:
    hand_made = load(path)
    to_be = load(ROOT / "examples" / "sight_loss_to_be.yaml")
    assert records_diff(hand_made, to_be) is None
    assert diff(hand_made, to_be).records is None
    assert "records" not in diff(hand_made, to_be).to_dict()


def test_with_only_one_map_from_records_the_log_is_told_and_no_counts_compared() -> None:
    hand_made = Journey(title="Care", stages=[Stage(id="start", name="Start", touchpoints=[
        Touchpoint(id="referral", name="Referral")])])
    found = records_diff(hand_made, THIS_QUARTER)
    assert found == RecordsDiff(old=None, new=THIS_QUARTER.evidence)
    assert not found.compared and not found.like_for_like and found.changed
    assert found.to_dict()["log"]["old"] is None and found.to_dict()["cases"]["new"] == 120


def test_diff_json_on_the_command_line_has_a_records_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "q1.yaml", tmp_path / "q2.yaml"
    dump(LAST_QUARTER, old)
    dump(THIS_QUARTER, new)
    assert main(["diff", str(old), str(new), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["added"]["touchpoints"], data["removed"]["touchpoints"]) == (["befriend"], ["lift"])
    assert data["records"]["changed"] is True
    assert [c["touchpoint"] for c in data["records"]["touchpoints_changed"]] == ["review", "befriend", "referral",
                                                                                  "lift"]


# -- properties --------------------------------------------------------------------------------


@given(journeys(records=True))
def test_a_map_compared_with_itself_has_no_change_in_its_records(mapped: Journey) -> None:
    found = records_diff(mapped, mapped)
    assert found is None if mapped.evidence is None else found == RecordsDiff(old=mapped.evidence, new=mapped.evidence)
    assert found is None or not found.changed


def _recounted(draw: Callable[[st.SearchStrategy[Any]], Any], mapped: Journey) -> Journey:
    """``mapped`` with some of its counts and times drawn again, and another log size."""
    cases = st.none() | st.integers(1, 500)
    hours = st.none() | st.floats(0, 1000)
    stages = [s.replace(median_hours=draw(hours) if draw(st.booleans()) else s.median_hours,
                        touchpoints=[t.replace(cases=draw(cases)) if draw(st.booleans()) else t for t in s.touchpoints])
              for s in mapped.stages]
    flow = [e.replace(cases=draw(cases), median_hours=draw(hours)) if draw(st.booleans()) else e for e in mapped.flow]
    evidence = mapped.evidence and attrs.evolve(mapped.evidence, cases=draw(st.integers(0, 1000)))
    return mapped.replace(stages=stages, flow=flow, evidence=evidence)


def _swapped(found: RecordsDiff | None) -> dict[str, Any] | None:
    """What a comparison lists, with old and new swapped, as sets (equal changes may come in either map's order)."""
    if found is None:
        return None

    def steps(listed: tuple[StepChange, ...]) -> set[tuple[Any, ...]]:
        return {(s.source.id, s.target.id, s.new, s.old, s.new_share, s.old_share) for s in listed}

    return {"log": (found.new, found.old),
            "touchpoints": {(c.touchpoint.id, c.new, c.old, c.new_share, c.old_share) for c in found.touchpoints},
            "changed": steps(found.steps_changed), "new": steps(found.steps_gone), "gone": steps(found.steps_new),
            "waits": {(w.new.id, w.new, w.old) for w in found.stage_waits}}


def _listed(found: RecordsDiff | None) -> dict[str, Any] | None:
    if found is None:
        return None

    def steps(listed: tuple[StepChange, ...]) -> set[tuple[Any, ...]]:
        return {(s.source.id, s.target.id, s.old, s.new, s.old_share, s.new_share) for s in listed}

    return {"log": (found.old, found.new),
            "touchpoints": {(c.touchpoint.id, c.old, c.new, c.old_share, c.new_share) for c in found.touchpoints},
            "changed": steps(found.steps_changed), "new": steps(found.steps_new), "gone": steps(found.steps_gone),
            "waits": {(w.new.id, w.old, w.new) for w in found.stage_waits}}


@given(st.data())
def test_swapping_the_maps_swaps_before_and_after(data: st.DataObject) -> None:
    old = data.draw(journeys(records=True))
    other = data.draw(st.sampled_from(["itself", "recounted", "another"]))
    new = old if other == "itself" else _recounted(data.draw, old) if other == "recounted" else data.draw(
        journeys(records=True))
    assert _listed(records_diff(new, old)) == _swapped(records_diff(old, new))


def with_carers(journey: Journey, *cases_at: tuple[str, int], potential: str | None = None) -> Journey:
    """``journey`` with carers whose time was given at each touchpoint in that many cases (and, ``potential``, could
    be at another, with no count)."""
    carers = Actor(id="carers", name="Carers", role="carer")
    contributions = [Contribution(asset="carers_time", touchpoint=touchpoint, phase="co_delivery", cases=cases,
                                  events=cases + 1) for touchpoint, cases in cases_at]
    if potential:
        contributions.append(Contribution(asset="carers_time", touchpoint=potential, phase="co_delivery",
                                          status="potential"))
    return journey.replace(actors=[carers], contributions=contributions,
                           assets=[Asset(id="carers_time", holder="carers", kind="time", name="Carers' time")])


def test_the_cases_in_which_citizens_acted_are_compared_largest_change_first() -> None:
    # Carers at referral 30 → 30 (no change), at visit 20 → 36 (+16, +80%, 20% → 30% of all cases); at review only
    # last quarter (12); a potential contribution is no count.
    old = with_carers(LAST_QUARTER, ("referral", 30), ("visit", 20), ("review", 12))
    new = with_carers(THIS_QUARTER, ("referral", 30), ("visit", 36), potential="review")
    found = records_diff(old, new)
    assert found is not None and found.changed
    assert [(c.asset.id, c.touchpoint.id, c.old, c.new, c.change) for c in found.contributions] == [
        ("carers_time", "visit", 20, 36, 16), ("carers_time", "review", 12, None, -12)]
    assert found.to_dict()["contributions_changed"][0] == {
        "asset": "carers_time", "touchpoint": "visit", "old": 20, "new": 36, "change": 16, "relative": 0.8,
        "share": {"old": 0.2, "new": 0.3, "change": pytest.approx(0.1), "relative": pytest.approx(0.5)}}
    table = records_tables(found)
    assert "Co-production: the cases in which a group acted at a touchpoint, changed (2)" in table
    assert re.search(r"Carers' time +Visit +20 → 36 +\+16 +\+80% +20% → 30%", table)


def test_a_change_in_the_cases_of_co_production_alone_is_a_change_in_co_production() -> None:
    # Everything else alike: only the carers' cases at the visit differ.
    same = with_carers(LAST_QUARTER, ("visit", 20))
    assert not diff(same, same).changed
    changed = diff(same, with_carers(LAST_QUARTER, ("visit", 25)))
    assert changed.changed and "No change in co-production." not in diff_tables(changed)
