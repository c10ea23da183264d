"""A map from a LogSummary: the hand-made 5-case log (tests/test_discover_aggregate.py's, with a role and a stage
column added) whose every number on the map is worked out below, at threshold 1 and 2; ids in one namespace; provider
roles folded; resources never named; filters and oddities in words; and a property: for any summary, nothing seen in
fewer cases than the threshold reaches the map, the hidden counts add up, and the map is valid and round-trips."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.discover.aggregate import aggregate
from journeymap.discover.build import journey_from_records
from journeymap.discover.run import discover
from journeymap.discover.roles import OTHER_STAFF, RoleGroups
from journeymap.discover.summary import (
    ActivityCount, ChannelCount, EndpointCount, GroupCount, LogColumns, LogQuality, LogSummary, MidnightCount,
    OffsetCount, PairStats, RoleCount, StageStats, VariantCount,
)
from journeymap.analysis import analyse
from journeymap.io import dumps, loads
from journeymap.model import Journey

from test_discover_aggregate import EXPECTED_ACTIVITIES, EXPECTED_ENDS, EXPECTED_PAIRS, EXPECTED_STARTS

UTC = datetime.UTC
# tests/test_discover_aggregate.py's HAND_MADE, row for row, with who did each event and its stage.
HAND_MADE_ROLES = """\
case:concept:name,concept:name,time:timestamp,org:role,stage
c1,A,2024-03-04 09:00:00,patient,Start
c2,A,2024-03-04 09:00:00,Patient,Start
NA,A,2024-03-04T08:00:00Z,self,Start
,A,2024-03-04 09:00:00,patient,Start
NA,C,2024-03-04 08:30:00,Volunteer,Help
NA,B,2024-03-04 08:30,Carer,Help
c1,B,2024-03-04 10:00:00,unpaid carer,Help
c5,D,2024-03-04 13:00:00,Nurse,End
"",D,2024-03-04 09:45:00,Doctor,End
c2,B,2024-03-04 11:00:00,carers,Help
c2,A,2024-03-04 12:00:00,Nurse,Start
c1,D,2024-03-04T13:00:00+01:00,Nurse,End
c2,B,2024-03-04 13:00:00,Carer,Help
NA,D,2024-03-04 10:30:00,nurse,End
c5,B,2024-03-04 10:00:00,Volunteer,Help
c2,D,2024-03-04 17:00:00,Nurse,End
"""
# Who did what (patient, Patient, self: the person themself; Carer, unpaid carer, carers: Carers):
#   A: the person in c1, c2, NA, '' (4 cases, 4 events); a Nurse in c2 (1, 1).
#   B: Carers in NA, c1, c2 twice (3 cases, 4 events); a Volunteer in c5 (1, 1).   C: a Volunteer in NA (1, 1).
#   D: a Nurse in c5, c1, NA, c2 (4, 4); a Doctor in '' (1, 1).
# Groups over the log: Nurse 4 cases (c1 c2 NA c5), 5 events; the person 4, 4; Carers 3, 4; Volunteers 2 (NA c5), 2;
# Doctor 1, 1 — by cases descending, then name.
ROLES = (
    RoleCount(activity="A", group="Nurse", cases=1, events=1),
    RoleCount(activity="A", group="People using the service", cases=4, events=4),
    RoleCount(activity="B", group="Carers", cases=3, events=4),
    RoleCount(activity="B", group="Volunteers", cases=1, events=1),
    RoleCount(activity="C", group="Volunteers", cases=1, events=1),
    RoleCount(activity="D", group="Doctor", cases=1, events=1),
    RoleCount(activity="D", group="Nurse", cases=4, events=4),
)
GROUPS = (
    GroupCount(group="Nurse", cases=4, events=5), GroupCount(group="People using the service", cases=4, events=4),
    GroupCount(group="Carers", cases=3, events=4), GroupCount(group="Volunteers", cases=2, events=2),
    GroupCount(group="Doctor", cases=1, events=1),
)
# Stages: A in Start; B and C in Help; D in End. Entering a stage from another (hours):
#   Start: c2's B->A 1            -> 1 case, 1 entry, median 1, p90 1.
#   Help:  c1 A->B 1; c2 A->B 2 and 1; NA A->C 0.5 -> 3 cases, 4 entries; [0.5, 1, 1, 2]: median 1,
#          p90 at 2.7 -> 1 + 0.7 * 1 = 1.7.                        (NA's C->B stays within Help.)
#   End:   B->D c1 2, c2 4, NA 2, c5 3; A->D '' 0.75 -> 5 cases; [0.75, 2, 2, 3, 4]: median 2, p90 at 3.6 -> 3.6.
# Mean positions: Start 7/5, Help (12 + 2)/6, End 16/5: Start, Help, End.
STAGES = (
    StageStats(stage="Start", cases=4, events=5, entry_cases=1, entries=1, median_hours=1.0, p90_hours=1.0,
               activities=("A",)),
    StageStats(stage="Help", cases=4, events=6, entry_cases=3, entries=4, median_hours=1.0, p90_hours=1.7,
               activities=("B", "C")),
    StageStats(stage="End", cases=5, events=5, entry_cases=5, entries=5, median_hours=2.0, p90_hours=3.6,
               activities=("D",)),
)
STAGE_OF = {"A": "Start", "B": "Help", "C": "Help", "D": "End"}
VARIANTS = tuple(VariantCount(activities=tuple(path), cases=1) for path in ("ABABD", "ABD", "ACBD", "AD", "BD"))
# Two events tie (NA's C and B at 08:30); c5 is written D before B; 14 timestamps bare, one Z, one +01:00.
QUALITY = LogQuality(events_read=16, cases_read=5, skipped_events=0, skipped_rows=(), tied_events=2,
                     reordered_cases=1, offsets=(OffsetCount(offset="", events=14),
                                                 OffsetCount(offset="+00:00", events=1),
                                                 OffsetCount(offset="+01:00", events=1)),
                     variants=5, filtered_cases=0, filtered_events=0, variant_sizes=((1, 5),),
                     blank_case_events=2)  # the case '': a case as written, and noted
HAND_SUMMARY = LogSummary(
    file="/records/hand.csv", engine="duckdb", cases=5, events=16,
    first=datetime.datetime(2024, 3, 4, 8, tzinfo=UTC), last=datetime.datetime(2024, 3, 4, 17, tzinfo=UTC),
    activities=EXPECTED_ACTIVITIES, pairs=EXPECTED_PAIRS, starts=EXPECTED_STARTS, ends=EXPECTED_ENDS,
    roles=ROLES, groups=GROUPS, stages=STAGES, variants=VARIANTS, quality=QUALITY)
PERSON = "people_using_the_service"


def build(threshold: int, **options: object) -> Journey:
    return journey_from_records(HAND_SUMMARY, threshold=threshold, stage_of=STAGE_OF, **options)  # type: ignore[arg-type]


def test_the_summary_is_what_the_aggregation_gives_for_the_hand_made_log(tmp_path: Path) -> None:
    log = tmp_path / "hand.csv"
    log.write_text(HAND_MADE_ROLES, encoding="utf-8")
    found = aggregate(log, LogColumns(stage="stage"), role_group=RoleGroups())
    assert attrs.evolve(found, file=HAND_SUMMARY.file) == HAND_SUMMARY


def test_threshold_one_shows_every_number_of_the_hand_made_log() -> None:
    journey = build(1)
    assert [(s.id, s.name, s.cases, s.median_hours, s.p90_hours, s.entry_cases) for s in journey.stages] == [
        ("stage_start", "Start", 4, 1.0, 1.0, 1), ("stage_help", "Help", 4, 1.0, 1.7, 3),
        ("stage_end", "End", 5, 2.0, 3.6, 5)]
    # Within Help, C (mean place 2) comes before B (12/5).
    assert [[(t.id, t.cases, t.events, t.starts, t.ends) for t in s.touchpoints] for s in journey.stages] == [
        [("a", 4, 5, 4, None)], [("c", 1, 1, None, None), ("b", 4, 5, 1, None)], [("d", 5, 5, None, 5)]]
    assert [(e.source, e.target, e.cases, e.median_hours, e.p90_hours) for e in journey.flow] == [
        ("b", "d", 4, 2.5, 3.7), ("a", "b", 2, 1.0, 1.8), ("a", "c", 1, 0.5, 0.5), ("a", "d", 1, 0.75, 0.75),
        ("b", "a", 1, 1.0, 1.0), ("c", "b", 1, 0.0, 0.0)]
    # Actors: the persona, then the groups by their cases over the log.
    assert [(a.id, a.name, a.role.value, a.description) for a in journey.actors] == [
        (PERSON, "People using the service", "service_user", "5 cases"),
        ("nurse", "Nurse", "professional", "4 cases, 5 events"), ("carers", "Carers", "carer", "3 cases, 4 events"),
        ("volunteers", "Volunteers", "volunteer", "2 cases, 2 events"),
        ("doctor", "Doctor", "professional", "1 case, 1 event")]
    assert journey.persona == PERSON
    assert {t.id: t.actors for t in journey.touchpoints} == {
        "a": (PERSON, "nurse"), "b": (PERSON, "carers", "volunteers"), "c": (PERSON, "volunteers"),
        "d": (PERSON, "nurse", "doctor")}
    assert [(a.id, a.holder, a.kind.value, a.name) for a in journey.assets] == [
        (f"{PERSON}_time", PERSON, "time", "People using the service's time"),
        ("carers_time", "carers", "time", "Carers' time"), ("volunteers_time", "volunteers", "time", "Volunteers' time")]
    assert [(c.asset, c.touchpoint, c.phase.value, c.status.value, c.cases, c.events, c.note)
            for c in journey.contributions] == [
        (f"{PERSON}_time", "a", "co_delivery", "actual", 4, 4, None),
        ("carers_time", "b", "co_delivery", "actual", 3, 4, None),
        ("volunteers_time", "b", "co_delivery", "actual", 1, 1, None),
        ("volunteers_time", "c", "co_delivery", "actual", 1, 1, None)]
    evidence = journey.evidence
    assert evidence is not None
    assert (evidence.log, evidence.cases, evidence.events, evidence.threshold) == ("hand.csv", 5, 16, 1)
    # The period's days, not the times of its first and last events (08:00 and 17:00), each one person's.
    assert (evidence.first, evidence.last) == (datetime.datetime(2024, 3, 4, tzinfo=UTC),) * 2
    assert evidence.hidden.total == 0 and evidence.filters == ()
    assert [(v.touchpoints, v.cases) for v in evidence.variants] == [
        (("a", "b", "a", "b", "d"), 1), (("a", "b", "d"), 1), (("a", "c", "b", "d"), 1), (("a", "d"), 1),
        (("b", "d"), 1)]
    assert evidence.notes == (
        "2 events have an empty case id: they are taken as one case, as written, though they may be of many.",
        "2 events share their case's timestamp with another; they are taken in the order the log lists them.",
        "1 case had rows out of time order in the log; their events are taken in time order.",
        "Timestamps are written with different UTC offsets: +00:00 (1 event), +01:00 (1 event), none (14 events, "
        "read as UTC); all are compared in UTC.")
    assert journey.title == "Journeys from hand.csv"
    assert journey.description == ("Discovered from hand.csv: 5 cases, 16 events, 4 March 2024. The disclosure "
                                   "threshold is 1 case, under the default of 5: a figure may describe a single "
                                   "person.")


def test_threshold_two_hides_exactly_what_is_seen_in_one_case() -> None:
    journey = build(2)
    evidence = journey.evidence
    assert evidence is not None
    # C (1 case); A->C, A->D, B->A, C->B (1 case each); the Volunteers at B and C (1 case each); every variant
    # (1 case each); the wait on entering Start (1 case).
    assert attrs.asdict(evidence.hidden) == {"activities": 1, "pairs": 4, "contributions": 2, "variants": 5,
                                             "stage_waits": 1}
    assert [(s.id, s.cases, s.median_hours, s.p90_hours, s.entry_cases) for s in journey.stages] == [
        ("stage_start", 4, None, None, None), ("stage_help", 4, 1.0, 1.7, 3), ("stage_end", 5, 2.0, 3.6, 5)]
    # B starts one case only: no count written.
    assert [(t.id, t.cases, t.events, t.starts, t.ends) for t in journey.touchpoints] == [
        ("a", 4, 5, 4, None), ("b", 4, 5, None, None), ("d", 5, 5, None, 5)]
    assert [(e.source, e.target, e.cases) for e in journey.flow] == [("b", "d", 4), ("a", "b", 2)]
    # The Nurse at A (1 case) is not shown there; the Doctor (1 case) folds into Other staff, still 1 case at D:
    # not shown; the Volunteers (2 cases over the log) are at no touchpoint in 2 cases: no actor, no asset.
    assert [a.id for a in journey.actors] == [PERSON, "nurse", "carers"]
    assert {t.id: t.actors for t in journey.touchpoints} == {
        "a": (PERSON,), "b": (PERSON, "carers"), "d": (PERSON, "nurse")}
    assert [(c.asset, c.touchpoint) for c in journey.contributions] == [(f"{PERSON}_time", "a"), ("carers_time", "b")]
    assert evidence.variants == ()
    assert journey.description == (
        "Discovered from hand.csv: 5 cases, 16 events, 4 March 2024. Not shown: 1 activity, 4 steps, "
        "2 contributions, 1 stage wait and 5 variants, each seen in fewer than 2 cases. The "
        "disclosure threshold is 2 cases, under the default of 5: a figure may describe as few as 2 people.")


def test_the_analysis_sees_the_groups_time_used_where_they_acted() -> None:
    findings = analyse(build(2))
    assert findings.unused_assets == ()
    assert [p.touchpoint.id for p in findings.passive_touchpoints] == ["d"]  # nobody but staff did anything at D


def test_a_touchpoint_where_citizens_acted_in_too_few_cases_is_not_called_passive() -> None:
    # At threshold 4 the person's time at A (4 cases) shows; at B neither the Carers (3 cases) nor the Volunteer
    # (1) do, so B cannot be judged; D, where only staff acted, is passive.
    journey = build(4)
    assert journey.evidence is not None and journey.evidence.co_production_unknown == ("b",)
    assert journey.evidence.notes[-1] == (
        "At 1 touchpoint people of a citizen-side group (the person, carers, family, volunteers and the like) acted "
        "in fewer than 4 cases: not shown, and not called passive.")
    assert [p.touchpoint.id for p in analyse(journey).passive_touchpoints] == ["d"]
    assert loads(dumps(journey)) == journey  # the ids go through the file


def test_a_log_naming_no_ones_role_calls_no_touchpoint_passive() -> None:
    journey = journey_from_records(attrs.evolve(HAND_SUMMARY, roles=(), groups=()), threshold=2, stage_of=STAGE_OF)
    assert journey.evidence is not None and journey.evidence.co_production_unknown == ("a", "b", "d")
    assert "The log names no one's role, so it cannot show who co-produces" in journey.evidence.notes[-1]
    assert analyse(journey).passive_touchpoints == ()


def test_other_staff_is_drawn_as_the_aggregation_counted_it() -> None:
    # The aggregation folds the provider roles each in fewer cases than the threshold into one group, its cases
    # counted anew (test_discover_aggregate); drawn where it has enough cases, its number of cases said.
    roles = (*ROLES, RoleCount(activity="D", group=OTHER_STAFF, cases=3, events=4))
    groups = (*GROUPS, GroupCount(group=OTHER_STAFF, cases=3, events=4))
    journey = journey_from_records(attrs.evolve(HAND_SUMMARY, roles=roles, groups=groups), threshold=3,
                                   stage_of=STAGE_OF)
    other = journey.actor("other_staff")
    assert (other.name, other.role.value, other.description) == (
        "Other staff", "professional", "Roles each seen in fewer than 3 cases, together: 3 cases, 4 events")
    assert journey.touchpoint("d").actors == (PERSON, "nurse", "other_staff")
    assert all(actor.name != "Doctor" for actor in journey.actors)  # 1 case, under the threshold: nowhere


def test_ids_share_one_namespace_and_never_clash() -> None:
    names = ["Carers", "stage carers", "Home visit", "home-visit", "People using the service"]
    activities = tuple(ActivityCount(activity=name, cases=9, events=9, position_sum=9 * (place + 1))
                       for place, name in enumerate(names))
    summary = attrs.evolve(
        HAND_SUMMARY, activities=activities, pairs=(), starts=(), ends=(), stages=(), variants=(),
        roles=(RoleCount(activity="Carers", group="Carers", cases=9, events=9),),
        groups=(GroupCount(group="Carers", cases=9, events=9),))
    journey = journey_from_records(summary)
    ids = [t.id for t in journey.touchpoints] + [s.id for s in journey.stages] + [a.id for a in journey.actors] + [
        a.id for a in journey.assets]
    assert len(ids) == len(set(ids))
    assert sorted(t.id for t in journey.touchpoints) == [
        "carers", "home_visit", "home_visit_2", "people_using_the_service", "stage_carers"]
    assert {s.name: s.id for s in journey.stages}["Carers"] == "stage_carers_2"  # the touchpoint had it first
    assert (journey.actor("carers_2").name, journey.persona) == ("Carers", "people_using_the_service_2")


def test_resources_are_never_named_on_the_map() -> None:
    groups = RoleGroups(resources=True)
    values = ["Jane Smith", "Dr Okafor", "carer"]
    names = sorted({group.name for value in values if (group := groups.group(value)) is not None})
    roles = tuple(RoleCount(activity="D", group=name, cases=5, events=5) for name in names)
    summary = attrs.evolve(HAND_SUMMARY, roles=roles, groups=tuple(
        GroupCount(group=role.group, cases=5, events=5) for role in roles))
    text = dumps(journey_from_records(summary, stage_of=STAGE_OF, groups=groups))
    assert "Staff" in text and "Carers" in text
    assert "Jane" not in text and "Okafor" not in text


MIDNIGHT_NOTE = ("{} at midnight exactly, as dates without a time of day are read: on its day such an event comes "
                 "before those with a time, and the waits to and from it count from midnight.")
DATES_NOTE = ("Timestamps are dates without a time of day: a case's events of one day are taken in the order the log "
              "lists them, and waits are in whole days.")


@pytest.mark.parametrize(("midnight", "note"), [
    # A and D (shown) mostly at midnight, C too but hidden (1 case, under the threshold of 2): named, and counted.
    ((("A", 5, 5), ("B", 1, 5), ("C", 2, 2), ("D", 3, 5)),
     MIDNIGHT_NOTE.format("A (all 5 events), D (3 of 5 events) and 1 other activity are")),
    ((("D", 5, 5),), MIDNIGHT_NOTE.format("D (all 5 events) is")),
    ((("C", 2, 2),), MIDNIGHT_NOTE.format("1 activity not shown is")),
    ((("C", 1, 1),), None),  # one event alone shows no pattern
    ((("A", 5, 5), ("B", 5, 5), ("C", 1, 1), ("D", 5, 5)), DATES_NOTE),  # all 16 timed events
    ((("B", 2, 5), ("D", 1, 5)), None),  # at most half of an activity's events: times that happen to be midnight
])
def test_activities_with_dates_alone_among_times_are_noted(midnight: tuple[tuple[str, int, int], ...],
                                                          note: str | None) -> None:
    quality = attrs.evolve(QUALITY, midnight=tuple(MidnightCount(activity=activity, midnight=at, events=events)
                                                   for activity, at, events in midnight))
    journey = journey_from_records(attrs.evolve(HAND_SUMMARY, quality=quality), threshold=2, stage_of=STAGE_OF)
    assert journey.evidence is not None
    notes = [text for text in journey.evidence.notes if "midnight" in text or "without a time" in text]
    assert notes == ([note] if note else [])


@pytest.mark.parametrize(("ids", "note"), [
    (1, "1 case id differs from another only by the spaces round it"),
    (3, "3 case ids differ from others only by the spaces round them"),
])
def test_case_ids_that_differ_only_by_spaces_are_noted_without_naming_them(ids: int, note: str) -> None:
    quality = attrs.evolve(QUALITY, spaced_case_ids=ids)
    journey = journey_from_records(attrs.evolve(HAND_SUMMARY, quality=quality), threshold=1, stage_of=STAGE_OF)
    assert journey.evidence is not None
    assert f"{note}: each is taken as written, a case of its own; trim the ids in the log if they are one." in (
        journey.evidence.notes)


def test_filters_and_skipped_events_are_disclosed_in_words() -> None:
    quality = attrs.evolve(QUALITY, skipped_events=7, skipped_rows=(3, 8, 9, 12, 20), filtered_cases=3,
                           filtered_events=11, offsets=(OffsetCount(offset="", events=16),))
    summary = attrs.evolve(HAND_SUMMARY, quality=quality)
    journey = journey_from_records(summary, threshold=2, min_cases=3, variant_share=0.8, stage_of=STAGE_OF,
                                   title="Referrals")
    evidence = journey.evidence
    assert evidence is not None
    assert evidence.filters == ("the most common variants covering 80% of cases (5 of 8 cases)",
                                "activities and steps in fewer than 3 cases left out")
    assert "7 events have no timestamp and were left out (rows 3, 8, 9, 12, 20 and more)." in evidence.notes
    assert "Timestamps carry no UTC offset; they are read as UTC." in evidence.notes
    assert journey.title == "Referrals"
    assert journey.description is not None and journey.description.endswith(
        "Filters: the most common variants covering 80% of cases (5 of 8 cases); activities and steps in fewer "
        "than 3 cases left out. The disclosure threshold is 2 cases, under the default of 5: a figure may describe "
        "as few as 2 people.")
    assert journey.description.startswith("Discovered from hand.csv: 5 of its 8 cases, 16 events")
    assert [(e.source, e.target) for e in journey.flow] == [("b", "d")]  # A->B's 2 cases are under min_cases
    assert evidence.hidden.pairs == 5


def test_what_only_the_cases_a_variant_filter_left_out_hold_is_counted_hidden() -> None:
    # 3 variants more than the 5 kept, 1 activity and 2 steps seen only in the cases they hold.
    def hidden(**filtered: int) -> dict[str, int]:
        quality = attrs.evolve(QUALITY, filtered_cases=3, filtered_events=11, **filtered)
        evidence = journey_from_records(attrs.evolve(HAND_SUMMARY, quality=quality), threshold=2,
                                        variant_share=0.8, stage_of=STAGE_OF).evidence
        assert evidence is not None
        return attrs.asdict(evidence.hidden)

    before = hidden()
    assert hidden(variants=8, filtered_activities=1, filtered_pairs=2) == {
        **before, "activities": before["activities"] + 1, "pairs": before["pairs"] + 2,
        "variants": before["variants"] + 3}


def test_the_same_summary_gives_the_same_map_byte_for_byte() -> None:
    assert dumps(build(1)) == dumps(build(1))
    assert dumps(build(2), "json") == dumps(journey_from_records(HAND_SUMMARY, threshold=2, stage_of=STAGE_OF), "json")


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        journey_from_records(HAND_SUMMARY, threshold=0)


# -- any summary ------------------------------------------------------------------------------------------------------

ACTIVITY_NAMES = ["Referral", "referral ", "Triage", "Home visit", "Home-visit", "Carers", "Review", "Discharge"]
GROUP_NAMES = ["People using the service", "Carers", "Volunteers", "Family", "Nurses", "Social worker"]
counts = st.integers(min_value=1, max_value=12)


@st.composite
def summaries(draw: st.DrawFn) -> tuple[LogSummary, dict[str, str]]:
    """A summary whose counts hang together enough for a map: an activity's cases bound its pairs', roles' and
    endpoints'; stages name the activities' stages."""
    names = draw(st.lists(st.sampled_from(ACTIVITY_NAMES), min_size=1, max_size=6, unique=True))
    cases = {name: draw(counts) for name in names}
    activities = tuple(sorted((ActivityCount(activity=name, cases=cases[name], events=cases[name] + draw(counts),
                                             position_sum=draw(st.integers(1, 50))) for name in names),
                              key=lambda a: (-a.cases, -a.events, a.activity)))
    pairs = tuple(PairStats(source=s, target=t, cases=min(draw(counts), cases[s], cases[t]), occurrences=20,
                            median_hours=draw(st.floats(0, 100)), p90_hours=150.0)
                  for s, t in draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=8,
                                            unique=True)))
    roles = tuple(sorted((RoleCount(activity=a, group=g, cases=min(draw(counts), cases[a]), events=30)
                          for a, g in draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(GROUP_NAMES)),
                                                    max_size=8, unique=True))),
                         key=lambda role: (role.activity, role.group)))
    groups = tuple(GroupCount(group=g, cases=max(r.cases for r in roles if r.group == g) + draw(st.integers(0, 3)),
                              events=40) for g in sorted({r.group for r in roles}))
    stage_names = draw(st.lists(st.sampled_from(["Start", "Help", "End", "Triage"]), min_size=1, max_size=3,
                                unique=True))
    stage_of = {name: draw(st.sampled_from(stage_names)) for name in names}
    stages = tuple(StageStats(stage=stage, cases=max(cases[a] for a in names if stage_of[a] == stage), events=50,
                              entry_cases=(entry := draw(st.integers(0, 12))), entries=entry,
                              median_hours=2.0 if entry else None, p90_hours=4.0 if entry else None)
                   for stage in stage_names if stage in stage_of.values())
    variants = tuple(VariantCount(activities=tuple(draw(st.lists(st.sampled_from(names), min_size=1, max_size=4))),
                                  cases=draw(counts)) for _ in range(draw(st.integers(0, 3))))
    starts = tuple(EndpointCount(activity=a, cases=draw(st.integers(1, cases[a]))) for a in names[:1])
    ends = tuple(EndpointCount(activity=a, cases=draw(st.integers(1, cases[a]))) for a in names[-1:])
    channels = tuple(ChannelCount(activity=a, channel="phone", events=3, cases=3) for a in names[:2])
    summary = LogSummary(
        file="log.csv", engine="duckdb", cases=max(cases.values()) + 5, events=200,
        first=datetime.datetime(2024, 1, 1, tzinfo=UTC), last=datetime.datetime(2024, 2, 1, tzinfo=UTC),
        activities=activities, pairs=pairs, starts=starts, ends=ends, roles=roles, groups=groups, stages=stages,
        channels=channels, variants=variants)
    return summary, stage_of


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summaries(), st.integers(1, 8), st.one_of(st.none(), st.integers(1, 10)))
def test_nothing_under_the_threshold_reaches_any_map(drawn: tuple[LogSummary, dict[str, str]], threshold: int,
                                                     min_cases: int | None) -> None:
    summary, stage_of = drawn
    groups = RoleGroups()
    journey = journey_from_records(summary, threshold=threshold, min_cases=min_cases, stage_of=stage_of)
    evidence = journey.evidence
    assert evidence is not None
    least = max(threshold, min_cases or 0)
    by_name = {t.name: t for t in journey.touchpoints}
    assert all(t.cases is not None and t.cases >= least for t in journey.touchpoints)
    assert all(count is None or count >= threshold for t in journey.touchpoints for count in (t.starts, t.ends))
    assert all(e.cases is not None and e.cases >= least for e in journey.flow)
    assert all(v.cases >= threshold for v in evidence.variants)
    waits = {s.name for s in journey.stages if s.median_hours is not None}
    assert all(stage.entry_cases >= threshold for stage in summary.stages if stage.stage in waits)
    assert all(s.cases is None or s.cases >= threshold for s in journey.stages)
    assert all(c.cases is not None and c.cases >= threshold for c in journey.contributions)
    # Hidden counts add up.
    citizen_roles = [r for r in summary.roles if groups.is_citizen(r.group)]
    assert evidence.hidden.activities == sum(1 for a in summary.activities if a.cases < least)
    assert evidence.hidden.pairs == len(summary.pairs) - len(journey.flow)
    assert evidence.hidden.contributions == len(citizen_roles) - len(journey.contributions)
    assert evidence.hidden.variants == len(summary.variants) - len(evidence.variants)
    assert evidence.hidden.stage_waits == sum(1 for s in summary.stages if s.entry_cases) - len(waits)
    assert set(by_name) == {a.activity for a in summary.activities if a.cases >= least}
    # Valid (it was built), round-trips, and comes out the same again.
    for fmt in ("yaml", "json"):
        text = dumps(journey, fmt)
        assert loads(text, format=fmt) == journey
        assert dumps(journey_from_records(summary, threshold=threshold, min_cases=min_cases, stage_of=stage_of),
                     fmt) == text


def test_every_variant_under_the_threshold_is_counted_hidden_not_only_those_listed() -> None:
    # The summary lists the two most common of its five variants; each of the five is in one case.
    journey = journey_from_records(attrs.evolve(HAND_SUMMARY, variants=VARIANTS[:2]), threshold=2, stage_of=STAGE_OF)
    assert journey.evidence is not None and journey.evidence.hidden.variants == 5


def test_a_stage_or_channel_seen_in_fewer_cases_than_the_threshold_names_nothing(tmp_path: Path) -> None:
    # Six cases of Visit, each by another channel and stage; case f1 twice, so its video and Crisis are the most
    # common by events, in one case: no channel, and the activity is its own stage. Phone, in 2 cases, would name
    # the channel at a threshold of 2.
    rows = [("f1", "video", "Crisis"), ("f1", "video", "Crisis"), ("f2", "phone", "Support"), ("f3", "phone", "Home"),
            ("f4", "letter", "Aftercare"), ("f5", "post", "Outreach"), ("f6", "sms", "Help")]
    log = tmp_path / "log.csv"
    log.write_text("case:concept:name,concept:name,time:timestamp,channel,stage\n" + "".join(
        f"{case},Visit,2024-03-0{number % 6 + 1} 0{number}:00,{channel},{stage}\n"
        for number, (case, channel, stage) in enumerate(rows)), encoding="utf-8")
    columns = {"channel": "channel", "stage": "stage"}
    journey = discover(log, columns, threshold=5)
    ((stage, (visit,)),) = [(s.name, s.touchpoints) for s in journey.stages]
    assert (stage, visit.channel) == ("Visit", None)
    assert [(t.channel, s.name) for s in discover(log, columns, threshold=2).stages for t in s.touchpoints] == [
        ("phone", "Visit")]  # Support and Home, one case each: no stage named


@pytest.mark.parametrize("kept", [(), ("Doctor",)], ids=["none", "one of five"])
def test_a_touchpoint_where_most_events_name_no_role_is_not_called_passive(kept: tuple[str, ...]) -> None:
    # D's 5 events, as if its rows had blank roles but for those of ``kept``: D, passive before (only staff acted
    # there), is unknown, whether no event or only the Doctor's one names a role.
    assert [p.touchpoint.id for p in analyse(build(2)).passive_touchpoints] == ["d"]
    summary = attrs.evolve(HAND_SUMMARY, roles=tuple(role for role in ROLES
                                                     if role.activity != "D" or role.group in kept))
    journey = journey_from_records(summary, threshold=2, stage_of=STAGE_OF)
    assert journey.evidence is not None and journey.evidence.co_production_unknown == ("b", "d")  # b: 1 volunteer
    assert journey.evidence.notes[-1] == ("At 1 touchpoint most events name no one's role, so the log cannot show "
                                          "who co-produces there: not called passive.")
    assert analyse(journey).passive_touchpoints == ()
