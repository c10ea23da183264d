"""The scorecard: every figure against a direct count from analyse(), and its plain data back and forth."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given

from journeymap.analysis import Grade, analyse
from journeymap.io import load
from journeymap.model import Asset, Journey
from journeymap.outcomes import OutcomeState
from journeymap.scorecard import Scorecard, ScoredVersion, not_like_for_like, scorecard
from journeymap.vocabulary import ActionStatus, Phase
from strategies import journeys
from test_layering import PACKAGE

EXAMPLES = PACKAGE.parents[1] / "examples"


@given(journeys(evidence=True, plans=True, records=True))
def test_every_figure_is_a_direct_count_of_the_findings(journey: Journey) -> None:
    findings = analyse(journey)
    card = scorecard(findings)
    citizens = {a.id for a in journey.actors if a.is_citizen}
    citizen_assets = [a for a in journey.assets if a.holder in citizens]
    unused = {u.asset.id for u in findings.unused_assets}
    assert card.citizen_assets == len(citizen_assets)
    assert card.assets_used == len([a for a in citizen_assets if a.id not in unused])
    willing = {a.id for a in journey.actors if a.is_citizen and a.willing is True and not a.constraints}
    assert card.willing_hours_used == pytest.approx(
        sum(a.hours_per_month or 0 for a in citizen_assets if a.id not in unused and a.holder in willing))
    assert card.willing_hours_unused == pytest.approx(
        sum(u.asset.hours_per_month or 0 for u in findings.unused_assets if u.grade is Grade.WILLING))
    assert card.passive_touchpoints == len(findings.passive_touchpoints)
    unknown = set(journey.evidence.co_production_unknown) if journey.evidence else set()
    with_citizen = [t for t in journey.touchpoints if set(t.actors) & citizens and t.id not in unknown]
    assert card.touchpoints_with_citizen == len(with_citizen)
    assert card.passive_touchpoints <= card.touchpoints_with_citizen
    for phase in Phase:
        assert card.star[phase] == (findings.star_coverage[phase].actual, findings.star_coverage[phase].potential)
    for state in OutcomeState:
        assert card.outcomes[state] == len([o for o in findings.outcomes if o.state is state])
    assert card.outcome_count == len(journey.outcomes)
    for status in ActionStatus:
        assert card.actions[status] == len([a for a in journey.actions if a.status is status])
    assert card.action_count == len(journey.actions)


@given(journeys(evidence=True, plans=True))
def test_a_scorecard_comes_back_whole_from_its_json(journey: Journey) -> None:
    card = scorecard(analyse(journey))
    data = json.loads(json.dumps(card.to_dict()))
    assert Scorecard.from_dict(data) == card
    assert set(data["star"]) == {p.value for p in Phase}
    assert set(data["actions"]) == {s.value for s in ActionStatus}


def test_the_sight_loss_maps_score_as_the_workshop_left_them() -> None:
    as_is = scorecard(analyse(load(EXAMPLES / "sight_loss.yaml")))
    to_be = scorecard(analyse(load(EXAMPLES / "sight_loss_to_be.yaml")))
    assert as_is.assets_used < to_be.assets_used
    assert as_is.actions[ActionStatus.DONE] == 0 < to_be.actions[ActionStatus.DONE]
    assert to_be.passive_touchpoints <= as_is.passive_touchpoints
    assert as_is.share_used is not None and 0 <= as_is.share_used < 1


def test_a_map_without_citizen_assets_has_no_share_used() -> None:
    card = scorecard(analyse(Journey(title="Empty")))
    assert card.share_used is None
    assert card.outcomes == dict.fromkeys(OutcomeState, 0)


def test_a_working_copy_is_labelled_as_one() -> None:
    card = scorecard(analyse(Journey(title="Empty")))
    committed = ScoredVersion(commit="0123456789abcdef", date="2026-03-01T10:00:00+00:00", subject="s", scorecard=card)
    working = ScoredVersion(commit="", date="2026-03-02T10:00:00+00:00", subject="", scorecard=card)
    assert (committed.label, committed.short) == ("2026-03-01", "0123456")
    assert (working.label, working.short) == ("working copy", "working")


def test_a_cache_entry_of_another_shape_is_refused() -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        Scorecard.from_dict({"assets_used": 1})
    with pytest.raises(ValueError):
        Scorecard.from_dict({**scorecard(analyse(Journey(title="E"))).to_dict(), "actions": {"finished": 1}})


def test_a_map_from_records_scores_its_cases_threshold_and_filters() -> None:
    discovered = load(EXAMPLES / "records" / "community_care_map.yaml")
    assert discovered.evidence is not None
    filtered = discovered.replace(evidence=attrs.evolve(
        discovered.evidence, filters=["the most common variants covering 80% of cases (320 of 400 cases)"]))
    card = scorecard(analyse(filtered))
    assert (card.cases, card.threshold, card.filters) == (400, 5, ("the most common variants covering 80% of cases",))
    assert card.co_delivery_cases == sum(c.cases or 0 for c in discovered.contributions)
    assert Scorecard.from_dict(json.loads(json.dumps(card.to_dict()))) == card
    hand_made = scorecard(analyse(load(EXAMPLES / "sight_loss.yaml")))
    assert (hand_made.cases, hand_made.to_dict()["records"]) == (None, None)


def test_records_say_nothing_of_assets_unused_and_count_citizens_acting_per_case() -> None:
    discovered = load(EXAMPLES / "records" / "community_care_map.yaml")
    card = scorecard(analyse(discovered))
    assert card.assets_used == card.citizen_assets and not card.share_known  # records hold only the assets used
    assert card.acting_per_case == card.co_delivery_cases / 400
    asked = discovered.replace(assets=[*discovered.assets, Asset(holder="carers", kind="skills")])
    assert scorecard(analyse(asked)).share_known  # an asset people named and nobody used: the share says something
    hand_made = scorecard(analyse(load(EXAMPLES / "sight_loss.yaml")))
    assert hand_made.share_known and hand_made.acting_per_case is None
    uncounted = discovered.replace(contributions=[attrs.evolve(c, cases=None) for c in discovered.contributions])
    card = scorecard(analyse(uncounted))  # as discover wrote maps before it counted contributions' cases
    assert (card.cases, card.co_delivery_cases, card.acting_per_case) == (400, None, None)  # not known, not 0


def test_cards_from_records_of_other_thresholds_or_filters_are_not_like_for_like() -> None:
    card = scorecard(analyse(load(EXAMPLES / "records" / "community_care_map.yaml")))
    hand_made = scorecard(analyse(load(EXAMPLES / "sight_loss.yaml")))
    assert not_like_for_like([card, card]) is None and not_like_for_like([hand_made, hand_made]) is None
    assert not_like_for_like([hand_made, card]) == ("Not like for like: some versions were drawn by hand and some "
                                                    "discovered from records, so their figures differ for that reason "
                                                    "too.")
    filtered = attrs.evolve(card, threshold=10, filters=("activities and steps in fewer than 20 cases left out",))
    assert not_like_for_like([card, filtered]) == (
        "Not like for like: versions were discovered from records with different disclosure thresholds or filters "
        "(threshold 5 cases; threshold 10 cases, activities and steps in fewer than 20 cases left out), so their "
        "figures differ for that reason too.")
