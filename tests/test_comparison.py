"""journeymap.diff (the function) and ``journeymap diff OLD NEW``: what changed between two maps, in co-production terms."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

from journeymap.analysis import analyse
from journeymap.cli import main
from journeymap.comparison import diff
from journeymap.io import load
from journeymap.model import Action, Asset, Journey, Need, Outcome, Stage
from journeymap.model_evidence import GroupCount, Survey
from journeymap.outcomes import OutcomeState
from journeymap.tables import diff_tables
from journeymap.vocabulary import Status
from strategies import DESIGN_EXAMPLE, actor, contribution, design_example, journey, journeys, touchpoint

ROOT = Path(__file__).resolve().parent.parent
AS_IS = ROOT / "examples" / "sight_loss.yaml"
TO_BE = ROOT / "examples" / "sight_loss_to_be.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ann_and_bob(*contributions: Any, **fields: Any) -> Journey:
    """Ann (service user) at touchpoints a and b, Bob (professional) at b, each holding time."""
    return journey(touchpoint("a", "ann"), touchpoint("b", "ann", "bob"),
                   actors=[actor("ann", willingness="weekly"), actor("bob", "professional")],
                   assets=[Asset(id="ann_time", holder="ann", kind="time", hours_per_month=3),
                           Asset(id="bob_time", holder="bob", kind="time")],
                   contributions=list(contributions), **fields)


# -- the as-is and to-be example -------------------------------------------------


def test_the_to_be_example_warns_only_of_the_willing_unused_assets_its_plan_leaves_out(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", TO_BE)
    assert code == 1
    assert [re.search(r"asset '(\w+)' is unused, its holder '\w+' is willing, and no action addresses it", line)[1]
            for line in out.splitlines()] == ["teaching", "routines"]


EXPECTED_TEXT = """\
Living well with sight loss → Living well with sight loss, to be
================================================================

Unused assets 5 → 3 · passive touchpoints 4 → 2 · willing hours a month unused 0 → 0

Added (2)
kind   id        name
-----  --------  --------------------------
actor  ana       Ana (group volunteer)
asset  ana_time  Mornings at the eye clinic

Removed (0)
none

Assets newly used (2)
asset                        holder                 now used at
---------------------------  ---------------------  -------------------------------
Knows what helps day to day  Margaret, 78           Certificate of sight impairment
Peer support network         Macular support group  Eye clinic appointment

Assets no longer used (0)
none

Opportunities taken up (3)
asset                                touchpoint                       stage            phase        note
-----------------------------------  -------------------------------  ---------------  -----------  ---------------------------------------------------
Twelve years living with sight loss  Talk with the liaison officer    Diagnosis        co-delivery  A peer mentor could be there on diagnosis day
Peer support network                 Eye clinic appointment           Diagnosis        co-delivery  Group volunteers could meet people at the clinic
Knows what helps day to day          Certificate of sight impairment  Getting support  co-design    Could help rewrite the letter in plain, large print

Contributions begun (actual, other than opportunities taken up) (1)
asset                       holder                 touchpoint              phase
--------------------------  ---------------------  ----------------------  -----------
Mornings at the eye clinic  Ana (group volunteer)  Eye clinic appointment  co-delivery

Contributions ended (actual) (0)
none

New opportunities (1)
asset                                touchpoint                           stage        phase          note
-----------------------------------  -----------------------------------  -----------  -------------  -------------------------------------------------------------
Twelve years living with sight loss  Council reviews sight-loss services  Living well  co-assessment  Could tell the council what a mentor on diagnosis day changed

Opportunities dropped (0)
none

Touchpoints no longer passive (2)
touchpoint                       stage            citizens present
-------------------------------  ---------------  ----------------
Talk with the liaison officer    Diagnosis        Margaret, 78
Certificate of sight impairment  Getting support  Margaret, 78

Touchpoints newly passive (0)
none

Feelings changed (1)
touchpoint                       emotion  pain points added  pain points gone
-------------------------------  -------  -----------------  --------------------------
Certificate of sight impairment  −1 → 0                      Letter came in small print

Outcomes changed (1)
outcome                                       was           now
--------------------------------------------  ------------  -----------
Know what support there is and how to get it  service only  co-produced

Actions changed (3)
change  action                                                                          horizon       owner
------  ------------------------------------------------------------------------------  ------------  --------------------------
done    Ask the Macular support group to meet newly diagnosed people at the eye clinic  partners      Eye clinic liaison officer
done    Invite Arthur to sit in on the liaison officer's talks on clinic days           month         Eye clinic liaison officer
done    Rewrite the registration letter in plain, large print, with Margaret's help     organisation  Adult social care

Needs changed (0)
none

Willingness changed (0)
none

Surveys: no change

Co-production Star
phase             kind    actual  change  potential  change
----------------  ------  ------  ------  ---------  ------
co-commissioning  voice   0 → 0           1 → 1
co-design         voice   1 → 2   +1      1 → 0      -1
co-delivery       action  4 → 7   +3      4 → 2      -2
co-assessment     voice   0 → 0           1 → 2      +1

Willing capacity unused: 0 → 0 hours a month
"""


def test_diff_of_the_example_prints_exactly_this(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", AS_IS, TO_BE)
    assert (code, err) == (0, "")
    assert out == EXPECTED_TEXT


def test_diff_json_of_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", AS_IS, TO_BE, "--json")
    assert code == 0
    data = json.loads(out)
    nothing: dict[str, list[str]] = {"actors": [], "assets": [], "stages": [], "touchpoints": []}
    assert data == {
        "title": {"old": "Living well with sight loss", "new": "Living well with sight loss, to be"},
        "changed": True,
        "headline": {"unused_assets": {"old": 5, "new": 3}, "passive_touchpoints": {"old": 4, "new": 2},
                     "unused_willing_hours_per_month": {"old": 0, "new": 0}},
        "added": {**nothing, "actors": ["ana"], "assets": ["ana_time"]},
        "removed": nothing,
        "assets_newly_used": [{"asset": "know_how", "holder": "margaret", "touchpoints": ["registration"]},
                              {"asset": "club_network", "holder": "club", "touchpoints": ["clinic"]}],
        "assets_no_longer_used": [],
        "opportunities_taken_up": [
            {"asset": "arthur_story", "touchpoint": "eclo_chat", "stage": "diagnosis", "phase": "co_delivery",
             "note": "A peer mentor could be there on diagnosis day"},
            {"asset": "club_network", "touchpoint": "clinic", "stage": "diagnosis", "phase": "co_delivery",
             "note": "Group volunteers could meet people at the clinic"},
            {"asset": "know_how", "touchpoint": "registration", "stage": "support", "phase": "co_design",
             "note": "Could help rewrite the letter in plain, large print"}],
        "contributions_new": [{"asset": "ana_time", "touchpoint": "clinic", "phase": "co_delivery"}],
        "contributions_ended": [],
        "opportunities_new": [
            {"asset": "arthur_story", "touchpoint": "review", "stage": "living_well", "phase": "co_assessment",
             "note": "Could tell the council what a mentor on diagnosis day changed"}],
        "opportunities_dropped": [],
        "touchpoints_no_longer_passive": [
            {"touchpoint": "eclo_chat", "stage": "diagnosis", "citizens": ["margaret"]},
            {"touchpoint": "registration", "stage": "support", "citizens": ["margaret"]}],
        "touchpoints_newly_passive": [],
        "star_coverage": {
            "old": analyse(load(AS_IS)).to_dict()["star_coverage"],
            "new": analyse(load(TO_BE)).to_dict()["star_coverage"],
            "change": {"co_commissioning": {"actual": 0, "potential": 0},
                       "co_design": {"actual": 1, "potential": -1},
                       "co_delivery": {"actual": 3, "potential": -2},
                       "co_assessment": {"actual": 0, "potential": 1}}},
        "feelings_changed": [{"touchpoint": "registration", "emotion": {"old": -1, "new": 0}, "pain_points_added": [],
                              "pain_points_gone": ["Letter came in small print"]}],
        "needs_changed": [],
        "willingness_changed": [],
        "surveys": {"added": [], "removed": [], "changed": []},
        "actions": {"added": [], "removed": [], "dropped": [], "done": [
            {"action": "club_at_clinic", "status": "done", "horizon": "partners",
             "text": "Ask the Macular support group to meet newly diagnosed people at the eye clinic"},
            {"action": "peer_on_diagnosis_day", "status": "done", "horizon": "month",
             "text": "Invite Arthur to sit in on the liaison officer's talks on clinic days"},
            {"action": "plain_letter", "status": "done", "horizon": "organisation",
             "text": "Rewrite the registration letter in plain, large print, with Margaret's help"}]},
        "outcomes_changed": [{"outcome": "know_support", "name": "Know what support there is and how to get it",
                              "old": "service_only", "new": "co_produced"}],
        "unused_willing_hours_per_month": {"old": 0, "new": 0, "change": 0},
    }


# -- exit codes ---------------------------------------------------------------------


def test_the_same_map_twice_exits_0_and_says_nothing_changed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", AS_IS, AS_IS)
    assert code == 0
    assert out.startswith("Living well with sight loss\n===========================\n\nNo change in co-production.\n")
    code, out, _ = run(capsys, "diff", AS_IS, AS_IS, "--json")
    assert code == 0 and json.loads(out)["changed"] is False


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit 0 whether or not the maps differ" in text and "2 when a map is unreadable or invalid" in text


@pytest.mark.parametrize("bad_side", ["old", "new"])
def test_a_bad_map_on_either_side_exits_2_naming_it(tmp_path: Path, bad_side: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DESIGN_EXAMPLE.replace("role: carer", "role: carr"), encoding="utf-8")
    argv = ("diff", bad, AS_IS) if bad_side == "old" else ("diff", AS_IS, bad)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert f"{bad}:7:" in err and "did you mean 'carer'?" in err


def test_a_missing_map_or_argument_exits_2_without_a_traceback(tmp_path: Path) -> None:
    for argv in (("diff", AS_IS, tmp_path / "missing.yaml"), ("diff", AS_IS)):
        done = subprocess.run([sys.executable, "-m", "journeymap", *map(str, argv)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2, argv
        assert done.stderr.strip() and "Traceback" not in done.stderr


# -- what each list means -------------------------------------------------------------


def test_an_asset_used_after_is_newly_used_and_its_opportunity_taken_up() -> None:
    before = ann_and_bob(contribution("ann_time", "a", "potential", "co_design"))
    after = ann_and_bob(contribution("ann_time", "a", "actual", "co_delivery"))  # the phase need not match
    changes = diff(before, after)
    assert [a.id for a in changes.newly_used] == ["ann_time"]
    assert [u.contribution for u in changes.taken_up] == [before.contributions[0]]
    assert [p.touchpoint.id for p in changes.no_longer_passive] == ["a"]
    assert changes.new_opportunities == changes.dropped_opportunities == changes.newly_passive == ()
    assert changes.hours_change == -3 and changes.changed


def test_an_asset_no_longer_used_and_a_touchpoint_newly_passive() -> None:
    changes = diff(ann_and_bob(contribution("ann_time", "b")), ann_and_bob())
    assert [(u.asset.id, u.willing) for u in changes.no_longer_used] == [("ann_time", True)]
    assert [p.touchpoint.id for p in changes.newly_passive] == ["b"]
    assert changes.newly_used == changes.no_longer_passive == ()
    assert changes.to_dict()["unused_willing_hours_per_month"] == {"old": 0, "new": 3, "change": 3}
    assert diff_tables(changes).endswith("\n\nWilling capacity unused: 0 → 3 hours a month (+3)")


def test_an_opportunity_removed_is_dropped_and_one_added_is_new() -> None:
    changes = diff(ann_and_bob(contribution("ann_time", "a", "potential")),
                      ann_and_bob(contribution("ann_time", "b", "potential")))
    assert [u.touchpoint.id for u in changes.dropped_opportunities] == ["a"]
    assert [u.touchpoint.id for u in changes.new_opportunities] == ["b"]
    assert changes.taken_up == ()


def test_an_opportunity_still_open_is_not_reported() -> None:
    same = ann_and_bob(contribution("ann_time", "a", "potential"))
    assert not diff(same, attrs.evolve(same, title="Renamed")).changed


def test_items_added_and_removed_match_by_kind_and_id() -> None:
    before = ann_and_bob()
    after = attrs.evolve(before, stages=[Stage(id="s", name="Stage", touchpoints=[touchpoint("a", "ann"),
                                                                                   touchpoint("c", "bob")])],
                         assets=before.assets[:1], actors=[*before.actors, actor("cat", "carer")])
    data = diff(before, after).to_dict()
    assert data["added"] == {"actors": ["cat"], "assets": [], "stages": [], "touchpoints": ["c"]}
    assert data["removed"] == {"actors": [], "assets": ["bob_time"], "stages": [], "touchpoints": ["b"]}
    assert data["changed"] is True


def test_findings_about_items_in_one_map_only_are_not_reported_as_changes_of_state() -> None:
    before = ann_and_bob()
    after = attrs.evolve(before, assets=[*before.assets, Asset(id="ann_skills", holder="ann", kind="skills")])
    changes = diff(before, after)
    assert [a.id for a in changes.added] == ["ann_skills"]
    assert changes.no_longer_used == ()  # unused, but it was not there to be used before


# -- properties -------------------------------------------------------------------------


@given(journeys())
def test_a_map_compared_with_itself_has_no_change(mapped: Journey) -> None:
    changes = diff(mapped, mapped)
    assert not changes.changed
    assert json.loads(json.dumps(changes.to_dict(), allow_nan=False))["changed"] is False


@given(journeys())
def test_making_every_opportunity_actual_takes_every_one_up(mapped: Journey) -> None:
    done = attrs.evolve(mapped, contributions=[attrs.evolve(c, status=Status.ACTUAL) for c in mapped.contributions])
    changes = diff(mapped, done)
    before = analyse(mapped)
    assert changes.taken_up == before.untapped
    assert changes.new_opportunities == changes.dropped_opportunities == ()
    assert changes.no_longer_used == changes.newly_passive == ()
    assert {a.id for a in changes.newly_used} == {u.asset.id for u in before.unused_assets
                                                  if any(c.asset == u.asset.id for c in mapped.contributions)}


def kinds_and_ids(mapped: Journey) -> set[tuple[str, str]]:
    """("actors", id), ("assets", id)... for every item of a map."""
    return {(kind, item.id) for kind in ("actors", "assets", "stages", "touchpoints")
            for item in getattr(mapped, kind)}


@given(journeys(), journeys())
def test_any_two_maps_compare_into_json_naming_their_objects(old: Journey, new: Journey) -> None:
    changes = diff(old, new)
    data = json.loads(json.dumps(changes.to_dict(), allow_nan=False))
    old_ids, new_ids = kinds_and_ids(old), kinds_and_ids(new)
    assert {(kind, i) for kind, ids in data["added"].items() for i in ids} == new_ids - old_ids
    assert {(kind, i) for kind, ids in data["removed"].items() for i in ids} == old_ids - new_ids
    assert {("assets", a["asset"]) for a in data["assets_newly_used"]} <= old_ids & new_ids
    still_open = {(u.asset.id, u.touchpoint.id) for u in changes.new.untapped}
    kept = [u for u in changes.old.untapped if (u.asset.id, u.touchpoint.id) in still_open]
    assert len(changes.taken_up) + len(changes.dropped_opportunities) + len(kept) == len(changes.old.untapped)
    for phase, change in data["star_coverage"]["change"].items():
        for status in ("actual", "potential"):
            assert change[status] == (data["star_coverage"]["new"][phase][status]
                                      - data["star_coverage"]["old"][phase][status])


def test_compare_matches_the_design_example_against_its_analysis() -> None:
    example = design_example()
    changes = diff(example, example)
    assert changes.old.to_dict() == analyse(example).to_dict()


# -- the headline, and feelings (issue 10, 7) ---------------------------------------------------------------


def test_a_diff_opens_with_the_headline_figures() -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    changes = diff(load(root / "sight_loss.yaml"), load(root / "sight_loss_to_be.yaml"))
    before, after = changes.old, changes.new
    assert changes.headline == {
        "unused_assets": (len(before.unused_assets), len(after.unused_assets)),
        "passive_touchpoints": (len(before.passive_touchpoints), len(after.passive_touchpoints)),
        "unused_willing_hours_per_month": (before.unused_willing_hours, after.unused_willing_hours)}
    lines = diff_tables(changes).split("\n")
    assert lines[3] == (f"Unused assets {len(before.unused_assets)} → {len(after.unused_assets)} · passive touchpoints "
                        f"{len(before.passive_touchpoints)} → {len(after.passive_touchpoints)} · willing hours a month "
                        f"unused {before.unused_willing_hours:g} → {after.unused_willing_hours:g}")
    assert changes.to_dict()["headline"]["unused_assets"] == {"old": len(before.unused_assets),
                                                              "new": len(after.unused_assets)}


def test_changed_emotions_and_pain_points_are_reported() -> None:
    as_is = design_example()
    clinic = as_is.touchpoint("clinic")
    to_be = as_is.replace(stages=[as_is.stages[0].replace(touchpoints=[clinic.replace(
        emotion=1, pain_points=["Waited an hour"])]), *as_is.stages[1:]])
    changes = diff(as_is, to_be)
    assert changes.changed and [f.touchpoint.id for f in changes.feelings] == ["clinic"]
    assert changes.to_dict()["feelings_changed"] == [{
        "touchpoint": "clinic", "emotion": {"old": -2, "new": 1}, "pain_points_added": ["Waited an hour"],
        "pain_points_gone": list(clinic.pain_points)}]
    text = diff_tables(changes)
    assert "Feelings changed (1)" in text and "−2 → +1" in text and "Waited an hour" in text
    assert diff(as_is, as_is).feelings == () and not diff(as_is, as_is).changed


# -- the evidence -------------------------------------------------------------------


def test_needs_willingness_and_surveys_that_differ_are_listed_by_name_and_id() -> None:
    old = load(AS_IS)
    kept, dropped = Survey(title="Kept"), Survey(title="Dropped")
    before = old.replace(surveys=[kept, dropped])
    after = before.replace(
        needs=[old.needs[0].replace(users=0.9074, n_users=54), *old.needs[1:], Need(name="A break", users=0.5,
                                                                                  staff=0.1)],
        actors=[a.replace(willingness="none") if a.id == "margaret" else a for a in old.actors],
        surveys=[kept.replace(respondents=[GroupCount(group="users", respondents=9)]), Survey(title="Added")])
    changes = diff(before, after)
    assert changes.changed
    assert [(n.name, n.old is None, n.new is None) for n in changes.needs] == [
        (old.needs[0].name, False, False), ("A break", True, False)]
    found = changes.to_dict()
    assert found["willingness_changed"] == [{"actor": "margaret", "old": "monthly", "new": "none"}]
    assert found["surveys"] == {"added": ["added"], "removed": ["dropped"], "changed": ["kept"]}
    assert found["needs_changed"][1] == {"need": "A break", "old": None,
                                         "new": {"users": 0.5, "staff": 0.1, "n_users": None, "n_staff": None}}


def test_a_need_named_twice_is_matched_in_order_so_an_unchanged_map_has_no_change() -> None:
    twice = load(AS_IS).replace(needs=[Need(name="A", users=0.1, staff=0.2), Need(name="A", users=0.3, staff=0.4)])
    assert not diff(twice, twice).changed
    swapped = twice.replace(needs=list(reversed(twice.needs)))
    assert [(c.old.users, c.new.users) for c in diff(twice, swapped).needs] == [(0.1, 0.3), (0.3, 0.1)]  # type: ignore[union-attr]


def test_a_need_now_for_one_citizen_shows_whom_it_is_for() -> None:
    old = load(AS_IS)
    new = old.replace(needs=[old.needs[0].replace(for_=["margaret"]), *old.needs[1:]])
    text = diff_tables(diff(old, new))
    assert "need                                 users  staff  for\n" in text
    assert "Get to know people and make friends  91%    36%    everyone → margaret" in text


# -- the action plan and outcomes ------------------------------------------------------


def test_actions_added_removed_done_and_dropped_are_told_apart() -> None:
    as_is = load(AS_IS)
    old_plan = as_is.actions
    kept, doing, letter = old_plan
    new_action = Action(id="ask_jenny", text="Ask Jenny what a normal day looks like", horizon="week",
                        addresses=["routines"])
    to_be = as_is.replace(actions=[kept.replace(status="dropped"), doing.replace(status="done"), new_action])
    changes = diff(as_is, to_be)
    assert [a.id for a in changes.actions.added] == ["ask_jenny"]
    assert [a.id for a in changes.actions.removed] == ["plain_letter"]
    assert [a.id for a in changes.actions.done] == ["peer_on_diagnosis_day"]
    assert [a.id for a in changes.actions.dropped] == ["club_at_clinic"]
    assert changes.changed and not diff(as_is, as_is).changed
    text = diff_tables(changes)
    assert "Actions changed (4)" in text
    assert re.search(r"^dropped +Ask the Macular support group", text, re.M)
    assert re.search(r"^removed +Rewrite the registration letter", text, re.M)


def test_a_status_that_stays_done_or_moves_to_doing_is_no_change_to_report() -> None:
    as_is = load(AS_IS)
    first, *rest = as_is.actions
    assert not diff(as_is, as_is.replace(actions=[first.replace(status="doing"), *rest])).actions
    done = as_is.replace(actions=[first.replace(status="done"), *rest])
    assert not diff(done, done.replace(title="Renamed")).actions


def test_an_action_plan_change_alone_makes_the_maps_differ() -> None:
    as_is = load(AS_IS)
    changes = diff(as_is, as_is.replace(actions=as_is.actions[:2]))
    assert changes.changed
    assert changes.to_dict()["actions"]["removed"][0]["action"] == "plain_letter"


def test_outcomes_whose_state_changed_or_that_one_map_lacks() -> None:
    as_is = load(AS_IS)
    walk = Outcome(id="walk", name="Walk to the shops")
    to_be = as_is.replace(  # friends gone, walk new (unserved)
        outcomes=[*as_is.outcomes[1:], walk],
        stages=[s.replace(touchpoints=[t.replace(serves=[o for o in t.serves if o != "friends"])
                                       for t in s.touchpoints]) for s in as_is.stages],
        contributions=[c.replace(serves=()) for c in as_is.contributions],
        actions=[a.replace(addresses=[i for i in a.addresses if i != "friends"]) for a in as_is.actions])
    changes = diff(as_is, to_be)
    assert [(o.outcome.id, o.old, o.new) for o in changes.outcomes] == [
        ("walk", None, OutcomeState.UNSERVED), ("friends", OutcomeState.CO_PRODUCED, None)]
    assert changes.to_dict()["outcomes_changed"][0] == {"outcome": "walk", "name": "Walk to the shops", "old": None,
                                                        "new": "unserved"}
    assert re.search(r"^Walk to the shops +— +unserved$", diff_tables(changes), re.M)


def test_an_actual_contribution_ended_is_listed_even_where_its_asset_is_still_used() -> None:
    # Ana's time stays in use elsewhere, so no asset is newly unused; only this list and the Star say it ended.
    to_be = load(TO_BE)
    ended = [c for c in to_be.contributions if c.asset == "ana_time"][0]
    elsewhere = ended.replace(touchpoint="eclo_chat")
    later = to_be.replace(contributions=[*(c for c in to_be.contributions if c is not ended), elsewhere])
    changes = diff(to_be, later)
    assert changes.contributions_ended == (ended,) and changes.contributions_new == (elsewhere,)
    assert changes.changed and not changes.no_longer_used
    text = diff_tables(changes)
    assert "Contributions ended (actual) (1)" in text and "Mornings at the eye clinic  Ana (group volunteer)" in text
