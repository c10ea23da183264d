"""journeymap.checks_records: what ``journeymap check`` says of a map's numbers from records, edited after discover."""

from __future__ import annotations

import warnings
from pathlib import Path

import attrs
import pytest

from journeymap.checks import find_warnings
from journeymap.checks_records import records_warnings
from journeymap.discover import discover
from journeymap.errors import JourneyMapWarning
from journeymap.io import load
from journeymap.model import Journey, Stage

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "examples" / "records"


@pytest.fixture(scope="module")
def discovered() -> Journey:
    return load(RECORDS / "community_care_map.yaml")


def _edited_touchpoint(journey: Journey, ident: str, **changes: object) -> Journey:
    """The map with one touchpoint's fields changed."""
    return journey.replace(stages=[attrs.evolve(stage, touchpoints=[
        attrs.evolve(point, **changes) if point.id == ident else point for point in stage.touchpoints])
        for stage in journey.stages])


@pytest.mark.parametrize("options", [{}, {"min_cases": 100}, {"variant_share": 0.5}, {"threshold": 20}])
def test_a_map_as_discover_writes_it_gets_no_warning(options: dict[str, object]) -> None:
    with warnings.catch_warnings():  # the stages file lists activities a filter may leave out: said, and no matter
        warnings.simplefilter("ignore", JourneyMapWarning)
        found = discover(RECORDS / "community_care.csv", stages=RECORDS / "stages.yaml",
                         **options)  # type: ignore[arg-type]
    assert find_warnings(found) == ()  # with --min-cases, touchpoints off the flow say so on their cards instead


def test_a_count_edited_under_the_threshold_is_warned_of_as_disclosing(discovered: Journey) -> None:
    edited = _edited_touchpoint(discovered, "complaint", cases=2, events=2)
    (warning,) = [w for w in records_warnings(edited) if "threshold" in w.message]
    assert warning.message == ("touchpoint 'complaint' gives 2 cases, fewer than the map's disclosure threshold of 5: "
                               "a count so small may point at a person")
    assert warning.path[-1] == "cases" and warning.value == "2"
    assert warning in find_warnings(edited)
    assert evidence_variant_warning(discovered) == ("variant 1 gives 2 cases, fewer than the map's disclosure "
                                                    "threshold of 5: a count so small may point at a person")


def evidence_variant_warning(journey: Journey) -> str:
    assert journey.evidence is not None
    variants = journey.evidence.variants
    edited = journey.replace(evidence=attrs.evolve(journey.evidence, variants=[
        attrs.evolve(variants[0], cases=2), *variants[1:]]))
    (warning,) = records_warnings(edited)
    return warning.message


def test_numbers_that_cannot_all_be_true_are_warned_of(discovered: Journey) -> None:
    assert discovered.evidence is not None
    prompt = discovered.touchpoint("medication_prompt")
    assert prompt.cases == 208
    said = [w.message for w in records_warnings(_edited_touchpoint(discovered, "medication_prompt", cases=5_000,
                                                                   events=6_000, starts=6_000))]
    assert said == ["touchpoint 'medication_prompt' gives 5,000 cases, more than the map's 400 cases",
                    "touchpoint 'medication_prompt' gives 6,000 events, more than the map's 4,963 events",
                    "touchpoint 'medication_prompt' gives 6,000 cases starting there, more than its own 5,000 cases"]
    assert discovered.evidence.variants
    variant = discovered.replace(evidence=attrs.evolve(discovered.evidence, variants=[
        attrs.evolve(discovered.evidence.variants[0], cases=5_000), *discovered.evidence.variants[1:]]))
    (warning,) = records_warnings(variant)
    assert warning.message == "variant 1 gives 5,000 cases, more than the map's 400 cases"
    assert warning.path == ("evidence", "variants", 0, "cases")
    step, timed = next((i, e) for i, e in enumerate(discovered.flow) if e.median_hours)
    assert timed.median_hours is not None
    slow = discovered.replace(flow=[attrs.evolve(e, p90_hours=timed.median_hours / 2) if i == step else e
                                    for i, e in enumerate(discovered.flow)])
    (warning,) = records_warnings(slow)
    assert "has a 90th percentile" in warning.message and warning.path == ("flow", step, "p90_hours")
    swapped = discovered.replace(evidence=attrs.evolve(discovered.evidence, first=discovered.evidence.last,
                                                       last=discovered.evidence.first))
    assert [w.message for w in records_warnings(swapped)] == [
        "the log's period starts on 23 January 2025, after it ends on 9 January 2024"]
    fewer_events = _edited_touchpoint(discovered, "medication_prompt", events=100)
    assert [w.message for w in records_warnings(fewer_events)] == [
        "touchpoint 'medication_prompt' gives 208 cases, more than its 100 events"]


def test_a_hand_made_map_has_no_records_to_check() -> None:
    assert list(records_warnings(Journey(title="T", stages=[Stage(name="S")]))) == []
