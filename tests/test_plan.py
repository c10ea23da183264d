"""journeymap.plan: the findings an action plan answers, when an action addresses one, and the drafted actions."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from journeymap.analysis import analyse
from journeymap.io import load
from journeymap.model import Action, Actor, Asset, Contribution, Journey, Outcome, Stage, Touchpoint
from journeymap.plan import addresses, draft_actions, is_addressed, person, plan_findings
from journeymap.vocabulary import Horizon
from strategies import journeys

ROOT = Path(__file__).resolve().parent.parent
SIGHT_LOSS = ROOT / "examples" / "sight_loss.yaml"


def _journey(**changes: object) -> Journey:
    """A willing carer with an opportunity at a passive moment of truth, a group, and an unserved outcome."""
    ann = Actor(id="ann", name="Ann, 80", role="service_user", willingness="monthly")
    cat = Actor(id="cat", name="Cat (daughter)", role="carer", willingness="weekly")
    club = Actor(id="club", name="Walking club", role="community_group", willingness="weekly")
    fields: dict[str, object] = {
        "title": "T", "persona": "ann", "actors": [ann, cat, club],
        "assets": [Asset(id="cat_time", holder="cat", kind="time", hours_per_month=6),
                   Asset(id="club_walks", holder="club", kind="networks")],
        "stages": [Stage(id="s", name="S", touchpoints=[
            Touchpoint(id="visit", name="Home visit", actors=["ann", "cat"], moment_of_truth=True),
            Touchpoint(id="review", name="GP review", actors=["ann"], moment_of_truth=True)])],
        "contributions": [Contribution(asset="cat_time", touchpoint="visit", phase="co_delivery", status="potential",
                                       note="Could stay for the first hour")],
        "outcomes": [Outcome(id="walk", name="Walk to the shops")],
    }
    return Journey(**{**fields, **changes})  # type: ignore[arg-type]


def test_each_finding_gets_one_draft_worded_from_the_map_in_its_box() -> None:
    drafted = [(a.text, a.horizon, a.addresses) for a in draft_actions(analyse(_journey()))]
    assert drafted == [
        ("Ask Cat to stay for the first hour at the home visit", Horizon.MONTH, ("cat_time", "visit")),
        ("Ask the Walking club where in the journey their network could help", Horizon.PARTNERS, ("club_walks",)),
        ("Find a way for Ann to take part in the GP review, not just attend it", Horizon.ORGANISATION, ("review",)),
        ("Work out with Ann what would help towards “Walk to the shops”", Horizon.MONTH, ("walk",)),
    ]


def test_an_opportunitys_draft_answers_its_assets_finding_and_its_passive_moment_of_truth() -> None:
    findings = analyse(_journey())
    (opportunity,) = findings.untapped
    (drafted, *others) = draft_actions(findings)
    assert addresses(drafted, opportunity)
    assert addresses(drafted, findings.unused_asset("cat_time"))  # type: ignore[arg-type]
    assert addresses(drafted, findings.passive_touchpoint("visit"))  # type: ignore[arg-type]
    assert not [a for a in others if "cat_time" in a.addresses or "visit" in a.addresses]


def test_an_action_in_any_status_answers_what_it_addresses_and_is_not_drafted_again() -> None:
    for status in ("todo", "doing", "done", "dropped"):
        decided = Action(id="no_walks", text="Not now", horizon="partners", status=status, addresses=["club_walks"])
        drafted = draft_actions(analyse(_journey(actions=[decided])))
        assert not [a for a in drafted if "club_walks" in a.addresses], status


def test_an_opportunity_is_answered_only_by_an_action_holding_both_its_asset_and_its_touchpoint() -> None:
    findings = analyse(_journey())
    (opportunity,) = findings.untapped
    assert not is_addressed(opportunity, [Action(text="Ring Cat", horizon="week", addresses=["cat_time"])])
    assert is_addressed(opportunity, [Action(text="Ring Cat", horizon="week", addresses=["visit", "cat_time"])])


def test_an_unwilling_or_constrained_holder_is_not_asked() -> None:
    for cat in (Actor(id="cat", name="Cat", role="carer", willingness="none"),
                Actor(id="cat", name="Cat", role="carer", willingness="weekly", constraints=["works nights"])):
        journey = _journey(actors=[_journey().actor("ann"), cat, _journey().actor("club")])
        assert not [a for a in draft_actions(analyse(journey)) if "cat_time" in a.addresses]
        # its touchpoint, a passive moment of truth, is still drafted for
        assert ("visit",) in [a.addresses for a in draft_actions(analyse(journey))]


def test_a_note_whose_could_belongs_to_someone_else_is_quoted_not_put_in_the_holders_mouth() -> None:
    said = _journey().contributions[0].replace(note="Offered evenings so Ann could go home sooner")
    (drafted, *_) = draft_actions(analyse(_journey(contributions=[said])))
    assert drafted.text == "Ask Cat to help deliver the home visit: offered evenings so Ann could go home sooner"


def test_drafted_ids_are_new_to_the_map_even_when_the_text_repeats() -> None:
    taken = Action(id="ask_cat_to_stay_for_the_first_hour_at", text="Something else", horizon="week")
    drafted = draft_actions(analyse(_journey(actions=[taken])))
    assert drafted[0].id == "ask_cat_to_stay_for_the_first_hour_at_2"
    _journey(actions=[taken, *drafted])  # one namespace: the map takes them


def test_a_group_named_with_common_nouns_takes_the() -> None:
    assert person(Actor(name="Age UK", role="community_group")) == "Age UK"
    assert person(Actor(name="The Men's Shed", role="community_group")) == "The Men's Shed"
    assert person(Actor(name="Margaret, 78", role="service_user")) == "Margaret"


def test_the_sight_loss_plan_drafts_the_willing_unused_assets_its_actions_leave_out() -> None:
    journey = load(SIGHT_LOSS)
    drafted = draft_actions(analyse(journey))
    assert [a.addresses for a in drafted] == [("routines", "home_visit"), ("teaching", "group"),
                                             ("know_how", "review")]
    planned = journey.replace(actions=[*journey.actions, *drafted])
    findings = analyse(planned)
    assert all(is_addressed(f, planned.actions) for f in plan_findings(findings))
    assert draft_actions(findings) == ()


def test_without_its_actions_the_sight_loss_plan_answers_every_opportunity_of_someone_open_to_asking() -> None:
    journey = load(SIGHT_LOSS).replace(actions=[])
    drafted = draft_actions(analyse(journey))
    places = [(u.asset.id, u.touchpoint.id) for u in analyse(journey).untapped if u.asset.id != "tom_car"]
    assert sorted(a.addresses[:2] for a in drafted) == sorted(places)
    assert [a.text for a in drafted if a.addresses[0] == "club_network"] == [
        "Ask the Macular support group to meet people at the clinic"]


@settings(max_examples=60, deadline=None)
@given(journeys(plans=True))
def test_a_map_with_its_own_drafts_added_has_nothing_more_to_draft(journey: Journey) -> None:
    drafted = draft_actions(analyse(journey))
    assert draft_actions(analyse(journey)) == drafted  # the same map, the same drafts
    planned = journey.replace(actions=[*journey.actions, *drafted])  # ids unique: the map accepts them
    assert draft_actions(analyse(planned)) == ()
    assert all(is_addressed(f, planned.actions) for f in plan_findings(analyse(planned)))


def test_a_touchpoint_named_by_what_the_person_does_takes_no_the_in_an_action() -> None:
    from journeymap.plan import touchpoint_phrase

    assert touchpoint_phrase("Getting a referral voucher") == "getting a referral voucher"
    assert touchpoint_phrase("Waiting for a bed") == "waiting for a bed"
    assert touchpoint_phrase("Booking") == "the booking"
    assert touchpoint_phrase("The weekly call") == "the weekly call"
    assert touchpoint_phrase("GP appointment") == "the GP appointment"
