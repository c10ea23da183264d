"""journeymap.tables_records: the Records section ``journeymap diff`` prints for two discovered maps."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from journeymap.cli import main
from journeymap.comparison_records import records_diff
from journeymap.io import dump, load
from journeymap.model import Journey, Stage, Touchpoint
from journeymap.model_records import LogEvidence
from journeymap.tables_records import not_like_for_like, records_tables
from test_comparison_records import LAST_QUARTER, THIS_QUARTER, changes

ROOT = Path(__file__).resolve().parent.parent
DISCOVERED = ROOT / "examples" / "records" / "community_care_map.yaml"

EXPECTED = """\
Records: q1.csv → q2.csv
Cases 100 → 120 (+20, +20%) · events 400 → 500 (+100, +25%)
Period: 2 January 2024 to 28 March 2024 → 1 April 2024 to 30 June 2024
Disclosure threshold: 5 cases
Filters: none
Held back (below the threshold or filtered out): nothing

Touchpoints whose cases changed (4)
touchpoint  cases      change  relative  of all cases
----------  ---------  ------  --------  ------------
Review      60 → 90    +30     +50%      60% → 75%
Befriend    — → 20                       — → 17%
Referral    100 → 120  +20     +20%      100%
Lift        10 → —                       10% → —

Co-production: the cases in which a group acted at a touchpoint, changed (0)
none

Steps whose share of cases or median time changed notably (2)
from   to      cases    of all cases  median time
-----  ------  -------  ------------  ---------------------------
Visit  Review  60 → 72  60%           4.2 days → 5.4 days (+30%)
Visit  Visit   40 → 60  40% → 50%     1.00 days → 1.02 days (+2%)

Steps new on the map (1)
from      to        cases  median time
--------  --------  -----  -----------
Referral  Befriend  20     12 h

Steps no longer on the map (1)
from      to    cases  median time
--------  ----  -----  -----------
Referral  Lift  10     5 h

Stage entry waits changed (1)
stage    cases    median wait                 90% within
-------  -------  --------------------------  -----------------
Closing  60 → 90  8.3 days → 6.3 days (−25%)  17 days → 13 days

A step is listed when its share of all cases or its median time changed notably, a stage when its entry wait did:
the larger figure at least 10% above the smaller, and 1 percentage point or 1 h apart.
—: not on that map (seen in fewer cases than its disclosure threshold, left out by a filter, or not seen at all)."""


def test_the_records_section_of_two_quarters_prints_exactly_this() -> None:
    # 100 h is 4.2 days, 130 h 5.4 days (+30%); 24 → 24.5 h is 1 day either way (+2%); 200 → 150 h is 8.3 → 6.2
    # days (−25%), 400 → 300 h 17 → 12 days; 20 of 120 cases is 17%.
    assert records_tables(changes()) == EXPECTED


def test_what_is_on_one_discovered_map_only_may_be_under_the_other_s_threshold(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]
                                                                              ) -> None:
    """A touchpoint on one map only has no change in cases (as in --json), and the diff says it may be hidden."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    dump(load(DISCOVERED), old)
    journey = load(DISCOVERED)
    assert journey.evidence is not None
    gone = "hospital_admission"
    dump(journey.replace(stages=[s.replace(touchpoints=[t for t in s.touchpoints if t.id != gone])
                                 for s in journey.stages],
                         flow=[e for e in journey.flow if gone not in (e.source, e.target)],
                         contributions=[c for c in journey.contributions if c.touchpoint != gone]), new)
    assert main(["diff", str(old), str(new)]) == 0
    printed = capsys.readouterr().out
    assert ("Both maps are from records: what is on one map only (a touchpoint, a group, a contribution) may be in "
            "the other's log too, in fewer cases than that map's disclosure threshold (5 cases).") in printed  # no filter
    assert "Hospital admission  14 → —                    4% → —" in printed.splitlines()
    assert main(["diff", str(old), str(old)]) == 0
    assert "Both maps are from records" not in capsys.readouterr().out  # nothing on one map only


def test_the_same_quarter_twice_lists_nothing_and_tells_the_log_once() -> None:
    found = records_diff(THIS_QUARTER, THIS_QUARTER)
    assert found is not None
    text = records_tables(found)
    assert text.startswith("Records: q2.csv\nCases 120 · events 500\nPeriod: 1 April 2024 to 30 June 2024\n")
    assert text.count("(0)\nnone") == 6


def test_different_filters_are_said_to_be_not_like_for_like() -> None:
    assert THIS_QUARTER.evidence is not None
    filtered = THIS_QUARTER.replace(evidence=attrs.evolve(THIS_QUARTER.evidence, threshold=10, filters=["f"]))
    found = records_diff(LAST_QUARTER, filtered)
    assert found is not None
    lines = records_tables(found).splitlines()
    assert "Disclosure threshold: 5 cases → 10 cases" in lines
    assert "Filters: none → f" in lines
    assert any(line.startswith("Not like for like:") for line in lines)
    assert not any(line.startswith("Not like for like:") for line in records_tables(changes()).splitlines())
    assert (not_like_for_like(found) or "").startswith(
        "Not like for like: the two maps were discovered with different disclosure thresholds (5 cases → 10 cases) "
        "and filters (none → f), so their counts")
    assert not_like_for_like(changes()) is None


def test_each_list_shows_the_ten_largest_and_counts_the_rest() -> None:
    def quarter(cases: int) -> Journey:
        return Journey(title="Care", evidence=LogEvidence(log="q.csv", cases=cases, events=cases, first="2024-01-01",
                                                           last="2024-01-02"),
                       stages=[Stage(id="s", name="S", touchpoints=[
                           Touchpoint(id=f"t{n:02}", name=f"T{n:02}", cases=cases + n) for n in range(12)])])

    found = records_diff(quarter(100), quarter(200))
    assert found is not None
    section = records_tables(found).split("\n\n")[1].splitlines()
    assert section[0] == "Touchpoints whose cases changed (12)"
    assert [line.split()[0] for line in section[3:13]] == [f"T{n:02}" for n in range(10)]
    assert section[13:] == ["and 2 more (--json lists them all)"]


def test_one_map_from_records_and_one_hand_made() -> None:
    hand_made = Journey(title="Care", stages=[Stage(name="S", touchpoints=[Touchpoint(id="referral", name="R")])])
    found = records_diff(hand_made, THIS_QUARTER)
    assert found is not None
    assert records_tables(found) == (
        "Records: q2.csv\nOnly the new map is discovered from records. Discovered from q2.csv: 120 cases, 500 events, "
        "1 April 2024 to 30 June 2024.\nCounts are compared only between two maps discovered from records.")
    assert not_like_for_like(found) is None


def test_diff_of_the_example_against_a_copy_edited_by_hand(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    example = load(DISCOVERED)
    assert example.evidence is not None
    stages = [s.replace(median_hours=200.0) if s.id == "stage_review_and_discharge" else s for s in example.stages]
    stages = [s.replace(touchpoints=[t.replace(cases=300) if t.id == "care_worker_visit" else t
                                     for t in s.touchpoints]) for s in stages]
    flow = [e.replace(median_hours=40.0) if (e.source, e.target) == ("referral_received", "triage_call") else e
            for e in example.flow]
    edited = example.replace(stages=stages, flow=flow, evidence=attrs.evolve(example.evidence, cases=420))
    dump(edited, tmp_path / "edited.yaml")
    assert main(["diff", str(DISCOVERED), str(tmp_path / "edited.yaml")]) == 0
    out = capsys.readouterr().out
    assert "\nNo change in co-production.\n" in out
    records = out[out.index("\nRecords: community_care.csv\n"):]
    assert "\nCases 400 → 420 (+20, +5%) · events 4,963\n" in records
    # care worker visit 400 → 300 cases (−100, −25%; 100% → 71% of 420 cases); referral → triage 30.4 h (1.3 days)
    # → 40 h (1.7 days), +31%: listed for its time, its share (100% → 95%) moving less than the rule
    assert "\nCare worker visit  400 → 300  −100    −25%      100% → 71%\n" in records
    assert "\nReferral received  Triage call  400    100% → 95%    1.3 days → 1.7 days (+31%)\n" in records
    # the review stage's entry wait, 242.2 h (10 days) → 200 h (8.3 days), −17%
    assert "\nReview and discharge  400    10 days → 8.3 days (−17%)  21 days\n" in records


def test_a_median_change_that_rounds_to_no_percent_is_told_without_one() -> None:
    flow = [e.replace(median_hours=24.1) if (e.source, e.target) == ("visit", "visit") else e
            for e in THIS_QUARTER.flow]
    found = records_diff(LAST_QUARTER, THIS_QUARTER.replace(flow=flow))  # 24 → 24.1 h: +0.4%, 1 day either way
    assert found is not None
    assert "\nVisit  Visit   40 → 60  40% → 50%     1 day\n" in records_tables(found)


@pytest.mark.parametrize(("days", "told"), [
    ((10.42, 10.58), "10.4 days → 10.6 days (+2%)"),  # not "10 days → 11 days": a day apart for a sixth of one
    ((19.6, 20.4), "19.6 days → 20.4 days (+4%)"),  # not "20 days (+4%)", as if the same
    ((10.4, 12.4), "10 days → 12 days (+19%)"),  # two days apart: whole numbers tell it
    ((10.4, 10.41), "10 days"),  # +0.1%: the same either way
    ((10.04, 10.06), "10 days"),  # +0.2%: not "10.0 days → 10.1 days", a change the percentage does not show
    ((59.4 / 60 / 24, 60.6 / 60 / 24), "59 min → 61 min (+2%)"),  # across the step to hours: not "59 min → 1 h"
    ((23.4 / 24, 23.6 / 24), "23.4 h → 23.6 h (+1%)"),  # not "23 h → 1 day (+1%)"
])
def test_a_median_change_is_told_with_a_decimal_more_where_whole_numbers_would_misstate_it(
        days: tuple[float, float], told: str) -> None:
    old, new = ([e.replace(median_hours=median * 24) if (e.source, e.target) == ("visit", "visit") else e
                 for e in evidence.flow] for evidence, median in zip((LAST_QUARTER, THIS_QUARTER), days))
    found = records_diff(LAST_QUARTER.replace(flow=old), THIS_QUARTER.replace(flow=new))
    assert found is not None
    assert f"\nVisit  Visit   40 → 60  40% → 50%     {told}\n" in records_tables(found)


def test_a_diff_not_like_for_like_warns_first_and_on_standard_error(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert THIS_QUARTER.evidence is not None
    filtered = THIS_QUARTER.replace(evidence=attrs.evolve(
        THIS_QUARTER.evidence, filters=["activities and steps in fewer than 50 cases left out"]))
    dump(LAST_QUARTER, tmp_path / "q1.yaml")
    dump(filtered, tmp_path / "q2.yaml")
    assert main(["diff", str(tmp_path / "q1.yaml"), str(tmp_path / "q2.yaml")]) == 0
    out, err = capsys.readouterr()
    warning = ("Not like for like: the two maps were discovered with different filters (none → activities and steps "
               "in fewer than 50 cases left out), so their counts, the headline's included, differ for that reason "
               "too, not only because the service changed.")
    assert out.split("\n\n")[:3] == ["Care\n====", warning, "Unused assets 0 → 0 · passive touchpoints 0 → 0 · "
                                                             "willing hours a month unused 0 → 0"]
    assert err == f"journeymap: warning: n{warning[1:]}\n"
    assert main(["diff", str(tmp_path / "q1.yaml"), str(tmp_path / "q2.yaml"), "--json"]) == 0
    assert capsys.readouterr().err == err
    dump(THIS_QUARTER, tmp_path / "q2.yaml")  # the same threshold and filters: counts compare like for like
    assert main(["diff", str(tmp_path / "q1.yaml"), str(tmp_path / "q2.yaml")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "like for like" not in out


def test_what_each_map_held_back_is_told_kind_by_kind() -> None:
    from journeymap.model_records import LogHidden

    def hiding(journey: Journey, hidden: LogHidden) -> Journey:
        assert journey.evidence is not None
        return journey.replace(evidence=attrs.evolve(journey.evidence, hidden=hidden))

    found = records_diff(hiding(LAST_QUARTER, LogHidden(activities=1, pairs=11, variants=240)),
                         hiding(THIS_QUARTER, LogHidden(pairs=1)))
    assert found is not None
    assert ("Held back (below the threshold or filtered out): 1 activity, 11 steps and 240 variants → 1 step"
            in records_tables(found).splitlines())
