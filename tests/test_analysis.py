"""journeymap.analysis: what DESIGN.md says "unused" means, case by case and over generated journeys."""

from __future__ import annotations

import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given

from journeymap.analysis import Analysis, Grade, PhaseCount, analyse, rank_agreement, star_coverage
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Need, Stage, Touchpoint
from journeymap.model_records import LogEvidence
from journeymap.vocabulary import InvolvementGroup, Phase, Role, Status
from strategies import (
    DESIGN_EXAMPLE_FINDINGS,
    actor,
    all_ids,
    contribution,
    design_example,
    journey,
    journeys,
    touchpoint,
)

ANN_TIME = Asset(id="ann_time", holder="ann", kind="time")
BOB_SKILLS = Asset(id="bob_skills", holder="bob", kind="skills")


def ann_and_bob(*parts: Touchpoint | Contribution, **fields: Any) -> Analysis:
    """The analysis of a one-stage journey of these touchpoints and contributions, by default with
    Ann (service user) and Bob (professional) holding one asset each."""
    touchpoints = [t for t in parts if isinstance(t, Touchpoint)]
    contributions = [c for c in parts if isinstance(c, Contribution)]
    fields = {"actors": [actor("ann"), actor("bob", "professional")], "assets": [ANN_TIME, BOB_SKILLS], **fields}
    return analyse(journey(*touchpoints, contributions=contributions, **fields))


def ids(items: object, field: str) -> list[str]:
    """The ids of the model objects a list of findings points at."""
    return [getattr(finding, field).id for finding in items]  # type: ignore[attr-defined]


# -- the example of DESIGN.md --------------------------------------------------------


def test_the_design_example_gives_the_json_of_design_md() -> None:
    found = analyse(design_example()).to_dict()
    found["untapped"] = [{k: v for k, v in u.items() if k != "note"} for u in found["untapped"]]  # not in the excerpt
    found["unused_assets"] = [{k: v for k, v in u.items() if k not in ("grade", "constraints")}  # nor these (issue 11)
                              for u in found["unused_assets"]]
    assert {key: found[key] for key in DESIGN_EXAMPLE_FINDINGS} == DESIGN_EXAMPLE_FINDINGS


def test_the_design_example_in_full() -> None:
    found = analyse(design_example()).to_dict()
    nothing = {"actual": 0, "potential": 0}
    assert found["star_coverage_by_stage"] == {
        "diagnosis": {"co_commissioning": nothing, "co_design": nothing,
                      "co_delivery": {"actual": 0, "potential": 1}, "co_assessment": nothing},
        "support": {"co_commissioning": nothing, "co_design": nothing,
                    "co_delivery": {"actual": 1, "potential": 0}, "co_assessment": nothing},
    }
    assert found["rank_agreement"] is None
    assert found["involvement"] == [{"touchpoint": "clinic", "involvement": "informing", "group": "doing_for"}]
    assert found["unused_willing_hours_per_month"] == 0  # jenny's 8 hours are used at the home visit


def test_the_design_example_gap_is_exactly_0_55_in_json() -> None:
    text = json.dumps(analyse(design_example()).to_dict(), allow_nan=False)
    assert '"gap": 0.55}' in text


def test_home_visit_is_not_passive_because_jennys_time_is_used_there() -> None:
    example = design_example()
    assert example.actor("jenny").is_citizen
    assert not analyse(example).is_passive("home_visit")
    without_jenny = attrs.evolve(example, contributions=example.contributions[1:])
    found = analyse(without_jenny)
    assert found.is_passive("home_visit")
    assert found.is_unused("jenny_time")
    assert found.unused_willing_hours == 8


# -- unused assets ------------------------------------------------------------


def test_an_asset_without_contributions_is_unused() -> None:
    found = ann_and_bob(touchpoint("t", "ann"))
    assert ids(found.unused_assets, "asset") == ["ann_time"]
    assert ids(found.unused_staff_assets, "asset") == ["bob_skills"]  # a professional's: listed apart
    assert found.unused_assets[0].holder.id == "ann"
    assert found.unused_assets[0].stages == ()


def test_an_asset_with_only_potential_contributions_is_unused() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), contribution("ann_time", "t", "potential"))
    assert found.is_unused("ann_time") and found.is_unused(ANN_TIME)


def test_an_asset_with_an_actual_contribution_anywhere_is_used() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), touchpoint("u"), contribution("ann_time", "t", "potential"),
                        contribution("ann_time", "u", "actual"))
    assert not found.is_unused("ann_time")
    assert ids(found.unused_assets, "asset") == [] and ids(found.unused_staff_assets, "asset") == ["bob_skills"]


def test_the_stages_of_an_unused_asset_are_those_of_its_potential_contributions_in_stage_order() -> None:
    stages = [Stage(id=f"s{n}", name=f"Stage {n}", touchpoints=[touchpoint(f"t{n}")]) for n in range(4)]
    mapped = journey(stages=stages, actors=[actor("ann")], assets=[ANN_TIME], contributions=[
        contribution("ann_time", "t3", "potential"), contribution("ann_time", "t1", "potential"),
        contribution("ann_time", "t3", "potential", "co_design")])
    (unused,) = analyse(mapped).unused_assets
    assert [s.id for s in unused.stages] == ["s1", "s3"]


@pytest.mark.parametrize(
    ("willingness", "willing", "grade"),
    [("weekly", True, Grade.WILLING), ("monthly", True, Grade.WILLING), ("none", False, Grade.UNWILLING),
     (None, None, Grade.UNSTATED)],
)
def test_the_holders_willingness_grades_an_unused_asset(willingness: str | None, willing: bool | None,
                                                         grade: Grade) -> None:
    found = analyse(journey(actors=[actor("ann", willingness=willingness)], assets=[ANN_TIME]))
    (unused,) = found.unused_assets
    assert (unused.willing, unused.grade) == (willing, grade)
    assert unused.grade is grade
    assert found.to_dict()["unused_assets"][0]["willing"] is willing


@pytest.mark.parametrize("grade", list(Grade))
def test_a_grade_is_its_word_wherever_a_string_was_expected(grade: Grade) -> None:
    # Code and files that knew the grade as a bare string keep working: compared, printed, keyed, serialised.
    assert grade == grade.value and f"{grade}" == str(grade) == grade.value
    assert {grade.value: 1}[grade] == 1 and Grade(grade.value) is grade
    assert json.loads(json.dumps({"grade": grade})) == {"grade": grade.value}



def test_unused_willing_hours_count_only_willing_holders_unused_assets() -> None:
    mapped = journey(
        touchpoint("t", "ann"),
        actors=[actor("ann", willingness="weekly"), actor("cat", "carer", "monthly"), actor("dan", "neighbour", "none"),
                actor("eve", "family")],
        assets=[Asset(id="ann_time", holder="ann", kind="time", hours_per_month=10),
                Asset(id="ann_used", holder="ann", kind="skills", hours_per_month=100),
                Asset(id="cat_time", holder="cat", kind="time", hours_per_month=2.5),
                Asset(id="cat_skills", holder="cat", kind="skills"),
                Asset(id="dan_time", holder="dan", kind="time", hours_per_month=1000),
                Asset(id="eve_time", holder="eve", kind="time", hours_per_month=1000)],
        contributions=[contribution("ann_used", "t")],
    )
    assert analyse(mapped).unused_willing_hours == 12.5
    assert analyse(mapped).to_dict()["unused_willing_hours_per_month"] == 12.5


# -- untapped opportunities ------------------------------------------------------


def test_a_potential_contribution_without_an_actual_one_is_untapped() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), contribution("ann_time", "t", "potential", "co_design"))
    (untapped,) = found.untapped
    assert (untapped.asset.id, untapped.touchpoint.id, untapped.stage.id, untapped.phase) == (
        "ann_time", "t", "s", Phase.CO_DESIGN)
    assert untapped.contribution.status is Status.POTENTIAL


def test_a_potential_alongside_an_actual_of_the_same_asset_at_the_same_touchpoint_is_not_untapped() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), contribution("ann_time", "t", "potential", "co_design"),
                        contribution("ann_time", "t", "actual", "co_delivery"))
    assert found.untapped == ()


def test_an_actual_elsewhere_or_of_another_asset_leaves_the_potential_untapped() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), touchpoint("u", "ann"),
                        contribution("ann_time", "t", "potential"), contribution("ann_time", "u", "actual"),
                        contribution("bob_skills", "u", "potential"), contribution("ann_time", "u", "potential"),
                        contribution("bob_skills", "t", "actual"))
    assert [(u.asset.id, u.touchpoint.id) for u in found.untapped] == [("ann_time", "t")]  # Bob's enable: apart
    assert [(c.asset, c.touchpoint) for c in found.enabling] == [("bob_skills", "u"), ("bob_skills", "t")]


# -- passive touchpoints ----------------------------------------------------------


def test_a_touchpoint_with_a_citizen_and_no_contribution_is_passive() -> None:
    found = ann_and_bob(touchpoint("t", "bob", "ann"))
    (passive,) = found.passive_touchpoints
    assert (passive.touchpoint.id, passive.stage.id, [a.id for a in passive.citizens]) == ("t", "s", ["ann"])


def test_a_citizens_actual_contribution_makes_a_touchpoint_active() -> None:
    assert ann_and_bob(touchpoint("t", "ann", "bob"), contribution("ann_time", "t")).passive_touchpoints == ()


def test_the_holder_of_the_asset_need_not_be_present() -> None:
    found = ann_and_bob(touchpoint("u", "cat", "bob"), contribution("ann_time", "u"),
                        actors=[actor("ann"), actor("bob", "professional"), actor("cat", "carer")])
    assert "ann" not in found.journey.touchpoint("u").actors
    assert not found.is_passive("u")


def test_a_providers_asset_used_there_does_not_make_a_touchpoint_active() -> None:
    assert ann_and_bob(touchpoint("t", "ann", "bob"), contribution("bob_skills", "t")).is_passive("t")


def test_a_citizens_potential_contribution_does_not_make_a_touchpoint_active() -> None:
    assert ann_and_bob(touchpoint("t", "ann"), contribution("ann_time", "t", "potential")).is_passive("t")


def test_a_citizens_contribution_elsewhere_does_not_make_a_touchpoint_active() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), touchpoint("u", "ann"), contribution("ann_time", "u"))
    assert ids(found.passive_touchpoints, "touchpoint") == ["t"]


def test_a_touchpoint_without_citizens_is_never_passive() -> None:
    found = ann_and_bob(touchpoint("nobody"), touchpoint("staff_only", "bob"))
    assert found.passive_touchpoints == ()


@pytest.mark.parametrize("role", list(Role))
def test_every_citizen_role_and_no_provider_role_makes_a_touchpoint_passive(role: Role) -> None:
    found = analyse(journey(touchpoint("t", "x"), actors=[actor("x", role)]))
    assert found.is_passive("t") is (role.side == "citizen")


def test_passive_citizens_are_listed_in_touchpoint_order_and_touchpoints_in_journey_order() -> None:
    stages = [Stage(id="one", name="One", touchpoints=[touchpoint("b", "cat", "bob", "ann")]),
              Stage(id="two", name="Two", touchpoints=[touchpoint("a", "ann")])]
    found = ann_and_bob(stages=stages, actors=[actor("ann"), actor("bob", "professional"), actor("cat", "carer")])
    assert [(p.touchpoint.id, p.stage.id, [a.id for a in p.citizens]) for p in found.passive_touchpoints] == [
        ("b", "one", ["cat", "ann"]), ("a", "two", ["ann"])]


# -- Star coverage ----------------------------------------------------------------


def test_star_coverage_counts_each_contribution_once_in_its_phase_and_status() -> None:
    found = ann_and_bob(touchpoint("t", "ann"), contribution("ann_time", "t", "actual", "co_design"),
                        contribution("ann_time", "t", "actual", "co_design"),
                        contribution("bob_skills", "t", "potential", "co_design"),
                        contribution("ann_time", "t", "potential", "co_assessment"))
    assert list(found.star_coverage) == list(Phase)
    assert found.star_coverage == {
        Phase.CO_COMMISSIONING: PhaseCount(), Phase.CO_DESIGN: PhaseCount(actual=2, potential=0),
        Phase.CO_DELIVERY: PhaseCount(), Phase.CO_ASSESSMENT: PhaseCount(actual=0, potential=1)}
    assert found.star_coverage[Phase.CO_DESIGN].total == 2  # Bob's potential one is a professional's: enabling


def test_star_coverage_of_nothing_has_every_phase_at_zero() -> None:
    assert star_coverage([]) == {phase: PhaseCount(actual=0, potential=0) for phase in Phase}


def test_star_coverage_by_stage_counts_the_contributions_at_each_stages_touchpoints() -> None:
    stages = [Stage(id="one", name="One", touchpoints=[touchpoint("t"), touchpoint("u")]),
              Stage(id="empty", name="Empty"),
              Stage(id="two", name="Two", touchpoints=[touchpoint("v")])]
    found = ann_and_bob(contribution("ann_time", "t"), contribution("ann_time", "u", "potential"),
                        contribution("bob_skills", "v", phase="co_commissioning"), stages=stages)
    by_stage = found.star_coverage_by_stage
    assert list(by_stage) == ["one", "empty", "two"]
    assert by_stage["one"][Phase.CO_DELIVERY] == PhaseCount(actual=1, potential=1)
    assert all(count == PhaseCount() for count in by_stage["empty"].values())
    assert sum(by_stage["two"][p].total for p in Phase) == 0  # Bob is a professional: his is counted apart


# -- perception gap and rank agreement -----------------------------------------------


def test_the_perception_gap_is_users_minus_staff() -> None:
    needs = [Need(name="Friends", users=0.91, staff=0.36), Need(name="Transport", users=0.2, staff=0.7),
             Need(name="Same", users=0.5, staff=0.5)]
    found = analyse(Journey(title="T", needs=needs))
    assert [(g.need.name, g.gap) for g in found.perception_gap] == [("Friends", 0.55), ("Transport", -0.5),
                                                                    ("Same", 0.0)]


@pytest.mark.parametrize(
    ("users", "staff", "expected"),
    [
        ([0.1, 0.5, 0.9], [0.2, 0.3, 0.4], 1.0),
        ([0.1, 0.5, 0.9], [0.4, 0.3, 0.2], -1.0),
        ([0.9, 0.1], [0.1, 0.2], -1.0),
        ([0.1, 0.2, 0.2, 0.9], [0.3, 0.1, 0.5, 0.6], 3 / math.sqrt(4.5 * 5)),  # a tie shares ranks 2 and 3
        ([0.1, 0.2, 0.3, 0.4], [0.4, 0.1, 0.2, 0.3], -0.2),  # 1 - 6 * 12 / (4 * 15)
    ],
)
def test_rank_agreement_is_spearmans_rho(users: list[float], staff: list[float], expected: float) -> None:
    needs = [Need(name=f"n{i}", users=u, staff=s) for i, (u, s) in enumerate(zip(users, staff))]
    assert rank_agreement(needs) == pytest.approx(expected, abs=1e-9)
    assert analyse(Journey(title="T", needs=needs)).rank_agreement == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("users", "staff"),
    [([], []), ([0.5], [0.2]), ([0.5, 0.5, 0.5], [0.1, 0.2, 0.3]), ([0.1, 0.9], [0.4, 0.4])],
)
def test_rank_agreement_is_none_for_fewer_than_two_needs_or_constant_shares(users: list[float],
                                                                              staff: list[float]) -> None:
    needs = [Need(name=f"n{i}", users=u, staff=s) for i, (u, s) in enumerate(zip(users, staff))]
    assert rank_agreement(needs) is None


# -- involvement and look-ups ------------------------------------------------------


def test_involvement_lists_touchpoints_with_a_rung_and_its_group() -> None:
    stages = [Stage(id="s", name="S", touchpoints=[
        attrs.evolve(touchpoint("a"), involvement="coercion"), touchpoint("b"),
        attrs.evolve(touchpoint("c"), involvement="co_production"),
        attrs.evolve(touchpoint("d"), involvement="consultation")])]
    found = analyse(journey(stages=stages))
    assert [(i.touchpoint.id, i.group) for i in found.involvement] == [
        ("a", InvolvementGroup.DOING_TO), ("c", InvolvementGroup.DOING_WITH), ("d", InvolvementGroup.DOING_FOR)]


def test_findings_point_at_the_journeys_own_objects() -> None:
    example = design_example()
    found = analyse(example)
    assert found.journey is example
    assert found.unused_assets[1].asset is example.asset("club_network")
    assert found.unused_assets[1].holder is example.actor("club")
    assert found.untapped[0].touchpoint is example.touchpoint("clinic")
    assert found.untapped[0].contribution is example.contributions[1]
    assert found.passive_touchpoints[1].stage is example.stage("support")
    assert found.is_passive(example.touchpoint("clinic")) and not found.is_passive("nowhere")
    assert not found.is_unused(example.asset("jenny_time"))


def test_an_empty_journey_has_no_findings() -> None:
    found = analyse(Journey(title="Nothing yet"))
    assert (found.unused_assets, found.untapped, found.passive_touchpoints, found.perception_gap) == ((), (), (), ())
    assert found.star_coverage_by_stage == {}
    assert found.unused_willing_hours == 0


# -- properties of every journey -------------------------------------------------


@given(journeys())
def test_unused_assets_are_exactly_those_without_an_actual_contribution(mapped: Journey) -> None:
    found = analyse(mapped)
    used = {c.asset for c in mapped.contributions if c.status is Status.ACTUAL}
    citizens = {a.id for a in mapped.actors if a.is_citizen}
    assert ids(found.unused_assets, "asset") == [a.id for a in mapped.assets if a.id not in used and a.holder in citizens]
    assert ids(found.unused_staff_assets, "asset") == [a.id for a in mapped.assets
                                                       if a.id not in used and a.holder not in citizens]
    for unused in (*found.unused_assets, *found.unused_staff_assets):
        potential_stages = {mapped.stage_of(c.touchpoint).id for c in mapped.contributions_of(unused.asset)}
        assert [s.id for s in unused.stages] == [s.id for s in mapped.stages if s.id in potential_stages]
        assert unused.holder.id == unused.asset.holder


@given(journeys())
def test_passive_touchpoints_are_exactly_those_with_citizens_and_no_actual_citizen_contribution(
    mapped: Journey,
) -> None:
    found = analyse(mapped)
    for visit in mapped.touchpoints:
        citizens = [a for a in visit.actors if mapped.actor(a).is_citizen]
        active = any(c.is_actual and mapped.holder(c.asset).is_citizen for c in mapped.contributions_at(visit))
        assert found.is_passive(visit) is bool(citizens and not active)
    for passive in found.passive_touchpoints:
        assert [a.id for a in passive.citizens] == [a for a in passive.touchpoint.actors if mapped.actor(a).is_citizen]
        assert passive.stage is mapped.stage_of(passive.touchpoint)


@given(journeys())
def test_untapped_items_are_exactly_the_potential_contributions_without_a_matching_actual(mapped: Journey) -> None:
    actual = [(c.asset, c.touchpoint) for c in mapped.contributions if c.is_actual]
    expected = [c for c in mapped.contributions if not c.is_actual and (c.asset, c.touchpoint) not in actual
                and mapped.holder(c.asset).is_citizen]  # a staff asset's opportunity enables: counted apart
    found = analyse(mapped).untapped
    assert [u.contribution for u in found] == expected
    assert all((u.asset.id, u.touchpoint.id, u.phase) == (u.contribution.asset, u.contribution.touchpoint,
                                                          u.contribution.phase) for u in found)


@given(journeys())
def test_star_counts_add_up_to_the_contributions(mapped: Journey) -> None:
    found = analyse(mapped)
    citizens_own = [c for c in mapped.contributions if mapped.holder(c.asset).is_citizen]
    assert sum(count.total for count in found.star_coverage.values()) == len(citizens_own)
    assert list(found.enabling) == [c for c in mapped.contributions if not mapped.holder(c.asset).is_citizen]
    assert sum(count.actual for count in found.star_coverage.values()) == sum(c.is_actual for c in citizens_own)
    for phase in Phase:
        assert sum(by[phase].total for by in found.star_coverage_by_stage.values()) == found.star_coverage[phase].total


@given(journeys())
def test_to_dict_is_json_and_names_objects_by_id(mapped: Journey) -> None:
    found = analyse(mapped)
    data = json.loads(json.dumps(found.to_dict(), allow_nan=False))
    known = set(all_ids(mapped))
    assert data["title"] == mapped.title
    assert [u["asset"] for u in data["unused_assets"]] == ids(found.unused_assets, "asset")
    assert [(u["asset"], u["touchpoint"], u["stage"]) for u in data["untapped"]] == [
        (u.asset.id, u.touchpoint.id, u.stage.id) for u in found.untapped]
    assert [p["citizens"] for p in data["passive_touchpoints"]] == [
        [a.id for a in p.citizens] for p in found.passive_touchpoints]
    named = [u["holder"] for u in data["unused_assets"]] + [s for u in data["unused_assets"] for s in u["stages"]]
    named += [p["touchpoint"] for p in data["passive_touchpoints"]] + list(data["star_coverage_by_stage"])
    assert set(named) <= known
    assert list(data["star_coverage"]) == [p.value for p in Phase]
    assert [g["gap"] for g in data["perception_gap"]] == pytest.approx(  # rounded to 9 places
        [n.users - n.staff for n in mapped.needs], abs=1e-9)


# -- tokenism (issue 10, 7) ----------------------------------------------------------------------------


def day_centre() -> Journey:
    """A design workshop with no citizen, a panel where Ann brings nothing, and a trial where Bob's time is used."""
    ann, bob = Actor(id="ann", name="Ann", role="service_user"), Actor(id="bob", name="Bob", role="carer")
    mgr = Actor(id="mgr", name="Manager", role="manager")
    steps = [Touchpoint(id="workshop", name="Workshop", actors=[mgr], involvement="co_design"),
             Touchpoint(id="panel", name="Panel", actors=[ann, mgr], involvement="co_production"),
             Touchpoint(id="trial", name="Trial", actors=[ann, bob], involvement="co_production"),
             Touchpoint(id="letter", name="Letter", actors=[mgr], involvement="informing")]
    return Journey(title="Day centre", actors=[ann, bob, mgr],
                   assets=[Asset(id="bob_time", holder=bob, kind="time"), Asset(id="mgr_skill", holder=mgr, kind="skills")],
                   stages=[Stage(id="plan", name="Plan", touchpoints=steps)],
                   contributions=[Contribution(asset="bob_time", touchpoint="trial", phase="co_delivery"),
                                  Contribution(asset="mgr_skill", touchpoint="panel", phase="co_delivery")])


def test_tokenism_is_a_doing_with_claim_with_no_citizen_there_or_none_bringing_anything() -> None:
    findings = analyse(day_centre())
    assert [(t.touchpoint.id, t.reason, [a.id for a in t.citizens]) for t in findings.tokenism] == [
        ("workshop", "no_citizen_present", []), ("panel", "no_citizen_contribution", ["ann"])]
    assert findings.tokenistic("panel") is findings.tokenism[1] and findings.tokenistic("trial") is None
    assert findings.to_dict()["tokenism"][1] == {"touchpoint": "panel", "stage": "plan", "involvement": "co_production",
                                                 "reason": "no_citizen_contribution", "citizens": ["ann"]}


def test_an_analysis_repr_is_one_line_of_counts_not_the_journey() -> None:
    shown = repr(analyse(day_centre()))
    assert shown == ("<Analysis of 'Day centre': 0 unused assets, 0 untapped opportunities, "
                     "1 passive touchpoint, 2 tokenistic touchpoints>")



# -- constraints and staff assets (issue 11) --------------------------------------------------------


def test_a_constrained_holder_s_unused_asset_is_graded_constrained_and_offers_no_willing_hours() -> None:
    pat = Actor(id="pat", name="Pat", role="carer", willingness="weekly", constraints=["cannot lift"])
    time = Asset(holder=pat, kind="time", hours_per_month=10)
    found = analyse(journey(touchpoint("t", "pat"), actors=[pat], assets=[time]))
    (unused,) = found.unused_assets
    assert unused.grade is Grade.CONSTRAINED and unused.to_dict()["constraints"] == ["cannot lift"]
    assert found.unused_willing_hours == 0
    assert analyse(journey(touchpoint("t", "pat"), actors=[pat.replace(constraints=())],
                           assets=[time])).unused_willing_hours == 10


def test_a_staff_asset_used_at_a_touchpoint_never_makes_it_active_by_itself() -> None:
    found = ann_and_bob(touchpoint("t", "ann", "bob"), contribution("bob_skills", "t", "actual", "co_delivery"))
    assert found.is_passive("t") and [c.asset for c in found.enabling] == ["bob_skills"]
    assert found.is_enabling(found.enabling[0]) and found.star_coverage[Phase.CO_DELIVERY] == PhaseCount()
    assert found.to_dict()["enabling"][0]["holder"] == "bob" and not found.is_unused("bob_skills")


# -- chokepoints on a map discovered from records ----------------------------------------------------


def closing_referrals(evidence: LogEvidence | None) -> Journey:
    """Referral (400) → triage (400) → review (344) → closed (56), some closed straight after triage: every case
    has a referral and a triage; only 56 are closed, yet closing is the one touchpoint with no step out."""
    steps = [Touchpoint(id=i, name=i.capitalize(), cases=n)
             for i, n in (("referral", 400), ("triage", 400), ("review", 344), ("closed", 56))]
    flow = [FlowEdge(source="referral", target="triage", cases=400), FlowEdge(source="triage", target="review", cases=344),
            FlowEdge(source="triage", target="closed", cases=40), FlowEdge(source="review", target="closed", cases=16)]
    return Journey(title="Referrals", stages=[Stage(name="S", touchpoints=steps)], flow=flow, evidence=evidence)


def test_on_a_map_from_records_a_chokepoint_is_a_touchpoint_every_case_has_whatever_the_flow_s_shape() -> None:
    log = LogEvidence(log="referrals.csv", cases=400, events=1200, first="2024-01-01", last="2024-06-30")
    found = analyse(closing_referrals(log))
    assert [(c.touchpoint.id, c.cases) for c in found.chokepoints] == [("referral", 400), ("triage", 400)]
    assert found.to_dict()["chokepoints"][0] == {"touchpoint": "referral", "stage": "s", "cases": 400,
                                                 "passive": False}
    # a hand-made map of the same shape keeps the flow's rule: on every path from a start to an end
    drawn = analyse(closing_referrals(None))
    assert [(c.touchpoint.id, c.cases) for c in drawn.chokepoints] == [
        ("referral", None), ("triage", None), ("closed", None)]
    assert "cases" not in drawn.to_dict()["chokepoints"][0]
