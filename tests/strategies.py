"""Shared test data: hypothesis strategies for valid journeys, and builders for hand-made maps."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from journeymap.errors import JourneyMapError
import datetime

from journeymap.model import (
    ID_PATTERN, Action, Actor, Asset, Contribution, FlowEdge, GroupCount, Journey, LikertCount, LogEvidence, LogHidden,
    Need, Outcome, Stage, Survey, Touchpoint, Variant, WillingnessCount,
)
from journeymap.vocabulary import ActionStatus, AssetKind, Horizon, Involvement, Lane, Phase, Role, Status, Willingness

# Ids as the model allows them (ID_PATTERN): a letter of any script or '_', then letters, digits, '_', '-', '.'.
ascii_identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,11}|[a-z][a-z0-9]{0,5}[-.][a-z0-9_.-]{0,5}", fullmatch=True)
_letters = st.characters(categories=("Lu", "Ll", "Lo"))
any_script_identifiers = st.builds(
    lambda first, rest: first + rest,
    _letters | st.just("_"),
    st.text(alphabet=_letters | st.characters(categories=("Nd",)) | st.sampled_from("_-."), max_size=11),
).filter(lambda ident: re.fullmatch(ID_PATTERN, ident) is not None)
identifiers = ascii_identifiers | any_script_identifiers

# Any printable text, including quotes, markup and non-Latin scripts; no control characters.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")

optional_texts = st.none() | texts
shares = st.floats(min_value=0, max_value=1, allow_nan=False) | st.sampled_from([0, 1, 0.5])
hours = st.none() | st.integers(0, 200) | st.floats(min_value=0, max_value=500, allow_nan=False)


Identified = TypeVar("Identified", Actor, Asset, Stage, Touchpoint, Outcome, Action)


def _identified(draw: st.DrawFn, make: Callable[..., Identified], taken: set[str], **fields: Any) -> Identified:
    """``make(**fields)`` with an id unique in the map: often none given, so the model derives it from the name."""
    if draw(st.booleans()):
        try:
            item = make(**fields)
        except JourneyMapError:  # nothing to derive an id from (a name of only punctuation, say)
            pass
        else:
            if item.id not in taken:
                taken.add(item.id)
                return item
    ident = draw(identifiers.filter(lambda candidate: candidate not in taken))
    taken.add(ident)
    return make(id=ident, **fields)


@st.composite
def journeys(draw: st.DrawFn, max_actors: int = 5, max_stages: int = 4, max_touchpoints: int = 4,
             evidence: bool = False, plans: bool = False, records: bool = False) -> Journey:
    """A valid journey of a few actors, assets, stages and touchpoints, with flow and contributions.

    Ids are drawn (plain, or with '-', '.' and letters of any script) or derived from names; every object
    that has a description may have one; a few actors (the regulars) are present at many touchpoints. With
    ``evidence``, it may also hold surveys, needs counted from a survey (n_users, n_staff), citizens'
    constraints and needs naming their own citizens (``for``) (drawn after everything else, so that the journeys
    drawn without it stay as they were). With ``plans``, outcomes (served by touchpoints and contributions) and
    actions addressing what the map holds, drawn after them. With ``records``, what a map discovered from an event
    log holds: cases and times on touchpoints, stages and flow steps, and an evidence block, drawn last of all.
    """
    journey = draw(_journeys(max_actors, max_stages, max_touchpoints, evidence))
    journey = _with_plans(draw, journey) if plans else journey
    return _with_records(draw, journey) if records else journey


_cases = st.none() | st.integers(1, 10**7)
_durations = st.none() | st.integers(0, 5000) | st.floats(min_value=0, max_value=10**5, allow_nan=False)
_moments = st.datetimes(datetime.datetime(1990, 1, 1), datetime.datetime(2060, 1, 1),
                        timezones=st.none() | st.just(datetime.UTC))


def without_records(journey: Journey) -> Journey:
    """``journey`` with everything records say taken away: counts, times and the evidence block (and the description
    discover writes from them)."""
    return journey.replace(
        stages=[s.replace(cases=None, median_hours=None, p90_hours=None,
                          touchpoints=[t.replace(cases=None, events=None, starts=None, ends=None)
                                       for t in s.touchpoints]) for s in journey.stages],
        flow=[e.replace(cases=None, median_hours=None, p90_hours=None) for e in journey.flow], evidence=None,
        description=None)


def _with_records(draw: st.DrawFn, journey: Journey) -> Journey:
    """``journey`` with counts and times from records, and an evidence block whose variants pass its touchpoints."""
    stages = [s.replace(cases=draw(_cases), median_hours=draw(_durations), p90_hours=draw(_durations),
                        touchpoints=[t.replace(cases=draw(_cases), events=draw(_cases), starts=draw(_cases),
                                               ends=draw(_cases)) for t in s.touchpoints])
              for s in journey.stages]
    flow = [e.replace(cases=draw(_cases), median_hours=draw(_durations), p90_hours=draw(_durations))
            for e in journey.flow]
    ids = [t.id for t in journey.touchpoints]
    variants = [Variant(touchpoints=draw(st.lists(st.sampled_from(ids), min_size=1, max_size=6)),
                        cases=draw(st.integers(1, 10**6))) for _ in range(draw(st.integers(0, 3)))] if ids else []
    first, last = draw(_moments), draw(_moments)
    evidence = draw(st.none() | st.builds(
        LogEvidence, log=texts, cases=st.integers(0, 10**7),
        events=st.integers(0, 10**8), first=st.just(first), last=st.just(last), threshold=st.integers(1, 50),
        filters=st.lists(texts, max_size=2), variants=st.just(variants), notes=st.lists(texts, max_size=2),
        co_production_unknown=st.lists(st.sampled_from(ids), unique=True, max_size=3) if ids else st.just([]),
        hidden=st.builds(LogHidden, activities=st.integers(0, 99), pairs=st.integers(0, 99),
                         contributions=st.integers(0, 99), variants=st.integers(0, 99), stage_waits=st.integers(0, 9))))
    return journey.replace(stages=stages, flow=flow, evidence=evidence)


def _with_plans(draw: st.DrawFn, journey: Journey) -> Journey:
    """``journey`` with outcomes, which touchpoints and contributions serve, and actions addressing its ids."""
    taken = {i for kind in (journey.actors, journey.assets, journey.stages, journey.touchpoints) for i in
             (item.id for item in kind)}
    citizens = [a.id for a in journey.actors if a.is_citizen]
    outcomes = [_identified(draw, Outcome, taken, name=draw(texts), description=draw(optional_texts),
                            for_=draw(st.lists(st.sampled_from(citizens), unique=True, max_size=2)) if citizens else ())
                for _ in range(draw(st.integers(0, 3)))]
    served = st.lists(st.sampled_from([o.id for o in outcomes]), unique=True, max_size=2) if outcomes else st.just([])
    stages = [s.replace(touchpoints=[t.replace(serves=draw(served)) for t in s.touchpoints]) for s in journey.stages]
    contributions = [c.replace(serves=draw(served)) for c in journey.contributions]
    addressable = sorted(taken)
    actions = [_identified(draw, Action, taken, text=draw(texts), horizon=draw(st.sampled_from(Horizon)),
                           owner=draw(optional_texts), status=draw(st.sampled_from(ActionStatus)),
                           due=draw(st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2040, 12, 31))),
                           addresses=draw(st.lists(st.sampled_from(addressable), unique=True, max_size=3))
                           if addressable else ())
               for _ in range(draw(st.integers(0, 3)))]
    return journey.replace(stages=stages, contributions=contributions, outcomes=outcomes, actions=actions)


@st.composite
def _journeys(draw: st.DrawFn, max_actors: int, max_stages: int, max_touchpoints: int, evidence: bool) -> Journey:
    """The journeys of :func:`journeys`, before any plans."""
    taken: set[str] = set()
    actors = [
        _identified(draw, Actor, taken, name=draw(texts), role=draw(st.sampled_from(Role)),
                    willingness=draw(st.none() | st.sampled_from(Willingness)), description=draw(optional_texts))
        for _ in range(draw(st.integers(0, max_actors)))
    ]
    actor_ids = [a.id for a in actors]
    assets = [
        _identified(draw, Asset, taken, holder=draw(st.sampled_from(actor_ids)), kind=draw(st.sampled_from(AssetKind)),
                    name=draw(optional_texts), hours_per_month=draw(hours), description=draw(optional_texts))
        for _ in range(draw(st.integers(0, 6)) if actor_ids else 0)
    ]
    regulars = draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=2)) if actor_ids else []

    def present() -> tuple[str, ...]:
        """Who is at a touchpoint: often the regulars, and others; never one actor twice."""
        if not actor_ids:
            return ()
        others = draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=3))
        return tuple(dict.fromkeys([*(regulars if draw(st.booleans()) else []), *others]))

    stages = []
    for _ in range(draw(st.integers(0, max_stages))):
        touchpoints = [
            _identified(
                draw, Touchpoint, taken,
                name=draw(texts), channel=draw(st.none() | st.sampled_from(["phone", "online"]) | texts),
                actors=present(), emotion=draw(st.none() | st.integers(-2, 2)),
                involvement=draw(st.none() | st.sampled_from(Involvement)), lane=draw(st.none() | st.sampled_from(Lane)),
                pain_points=tuple(draw(st.lists(texts, max_size=2))), moment_of_truth=draw(st.booleans()),
                description=draw(optional_texts),
            )
            for _ in range(draw(st.integers(0, max_touchpoints)))
        ]
        stages.append(_identified(draw, Stage, taken, name=draw(texts), touchpoints=touchpoints,
                                  description=draw(optional_texts)))
    touchpoint_ids = [t.id for s in stages for t in s.touchpoints]

    flow: list[FlowEdge] = []
    if touchpoint_ids and draw(st.booleans()):
        pairs = st.tuples(st.sampled_from(touchpoint_ids), st.sampled_from(touchpoint_ids))
        flow = [FlowEdge(source=a, target=b, label=draw(st.none() | texts)) for a, b in draw(st.lists(pairs, max_size=6))]
    contributions = []
    if assets and touchpoint_ids:
        for _ in range(draw(st.integers(0, 8))):
            contributions.append(Contribution(
                asset=draw(st.sampled_from([a.id for a in assets])), touchpoint=draw(st.sampled_from(touchpoint_ids)),
                phase=draw(st.sampled_from(Phase)), status=draw(st.sampled_from(Status)), note=draw(optional_texts),
            ))
    needs = [Need(name=draw(texts), users=draw(shares), staff=draw(shares)) for _ in range(draw(st.integers(0, 4)))]
    journey = Journey(
        title=draw(texts), description=draw(optional_texts),
        persona=draw(st.none() | st.sampled_from(actor_ids)) if actor_ids else None,
        actors=actors, assets=assets, stages=stages, flow=flow, contributions=contributions, needs=needs,
    )
    if not evidence:
        return journey
    counted = st.none() | st.integers(1, 500)
    journey = journey.replace(
        actors=[a.replace(constraints=tuple(draw(st.lists(texts, max_size=2)))) if a.is_citizen else a
                for a in journey.actors],
        needs=[n.replace(n_users=draw(counted), n_staff=draw(counted)) for n in journey.needs],
        surveys=draw(st.lists(surveys(), max_size=2, unique_by=lambda survey: survey.id)),
    )
    citizens = [a.id for a in journey.actors if a.is_citizen]
    if not citizens:
        return journey
    named = st.lists(st.sampled_from(citizens), unique=True, max_size=3)  # a need's own citizens, or none
    needs = [n.replace(for_=draw(named)) for n in journey.needs]
    told = st.booleans()  # a citizen's own need, told in an interview with no figures
    return journey.replace(needs=[n.replace(users=None, staff=None, n_users=None, n_staff=None)
                                  if n.for_ and draw(told) else n for n in needs])


@st.composite
def surveys(draw: st.DrawFn) -> Survey:
    """A valid survey summary: every group kept at or above its threshold, the smaller ones only counted."""
    threshold = draw(st.integers(1, 10))
    groups = draw(st.lists(texts, max_size=3, unique=True))
    sized = st.integers(threshold, 300)
    scale = tuple(draw(st.lists(texts, min_size=2, max_size=5, unique=True)))
    likert = []
    for statement in draw(st.lists(texts, max_size=2)):
        for group in groups:
            counts = draw(st.lists(st.integers(0, 60), min_size=len(scale), max_size=len(scale))
                          .filter(lambda c: sum(c) >= threshold))
            likert.append(LikertCount(statement=statement, group=group, scale=scale, counts=counts,
                                      neutral=draw(st.none() | st.sampled_from(scale))))
    return Survey(
        title=draw(texts.filter(_derivable)),
        threshold=threshold, held_back=draw(st.integers(0, 20)),
        respondents=[GroupCount(group=group, respondents=draw(sized)) for group in groups],
        willingness=[WillingnessCount(group=group, weekly=draw(sized), monthly=draw(st.integers(0, 99)),
                                      none=draw(st.integers(0, 99))) for group in draw(st.lists(texts, max_size=2))],
        likert=likert,
    )


def _derivable(title: str) -> bool:
    """True when an id can be derived from the title (not only punctuation, say)."""
    try:
        Survey(title=title)
    except JourneyMapError:
        return False
    return True


# ---------------------------------------------------------------------------
# Hand-made maps: short builders for small journeys, and the DESIGN.md example.


def actor(id: str, role: Role | str = Role.SERVICE_USER, willingness: Willingness | str | None = None) -> Actor:
    """An actor named after its id."""
    return Actor(id=id, name=id.capitalize(), role=role, willingness=willingness)


def touchpoint(id: str, *actors: str) -> Touchpoint:
    """A touchpoint named after its id, with these actors present."""
    return Touchpoint(id=id, name=id.capitalize(), actors=actors)


def contribution(asset: str, touchpoint: str, status: Status | str = Status.ACTUAL,
                 phase: Phase | str = Phase.CO_DELIVERY) -> Contribution:
    """An asset used (or usable) at a touchpoint."""
    return Contribution(asset=asset, touchpoint=touchpoint, phase=phase, status=status)


def journey(*touchpoints: Touchpoint, stages: Sequence[Stage] | None = None, **fields: Any) -> Journey:
    """A journey with these touchpoints in one stage ``s`` (or with ``stages``) and any other fields."""
    if stages is None:
        stages = [Stage(id="s", name="Stage", touchpoints=touchpoints)]
    return Journey(title=fields.pop("title", "A journey"), stages=stages, **fields)


def all_ids(mapped: Journey) -> list[str]:
    """The ids of every actor, asset, stage and touchpoint of a journey, in that order."""
    items: tuple[Actor | Asset | Stage | Touchpoint, ...] = (
        *mapped.actors, *mapped.assets, *mapped.stages, *mapped.touchpoints)
    return [item.id for item in items]


def design_example() -> Journey:
    """The example map of DESIGN.md, "The map file, format 1", built in Python."""
    return Journey(
        title="Living well with sight loss",
        description="From diagnosis to living well, as Margaret tells it",
        persona="margaret",
        actors=[
            Actor(id="margaret", name="Margaret, 78", role="service_user", willingness="monthly"),
            Actor(id="jenny", name="Jenny (daughter)", role="carer", willingness="weekly"),
            Actor(id="rehab", name="Rehabilitation officer", role="professional"),
            Actor(id="club", name="Macular support group", role="community_group", willingness="weekly"),
        ],
        assets=[
            Asset(id="know_how", holder="margaret", kind="lived_experience", name="Knows what helps day to day"),
            Asset(id="jenny_time", holder="jenny", kind="time", hours_per_month=8),
            Asset(id="club_network", holder="club", kind="networks", name="Peer support network"),
        ],
        stages=[
            Stage(id="diagnosis", name="Diagnosis", touchpoints=[
                Touchpoint(id="clinic", name="Eye clinic appointment", channel="face_to_face",
                           actors=["margaret", "rehab"], emotion=-2, involvement="informing", moment_of_truth=True,
                           pain_points=["Told nothing more can be done"]),
            ]),
            Stage(id="support", name="Getting support", touchpoints=[
                Touchpoint(id="home_visit", name="Home assessment", actors=["margaret", "jenny", "rehab"], emotion=1),
                Touchpoint(id="group", name="First support-group meeting", actors=["margaret", "club"], emotion=2),
            ]),
        ],
        flow=[
            FlowEdge(source="clinic", target="home_visit", label="referral"),
            FlowEdge(source="home_visit", target="group"),
        ],
        contributions=[
            Contribution(asset="jenny_time", touchpoint="home_visit", phase="co_delivery", status="actual"),
            Contribution(asset="club_network", touchpoint="clinic", phase="co_delivery", status="potential",
                         note="Group volunteers could meet people at the clinic"),
        ],
        needs=[Need(name="Get to know people and make friends", users=0.91, staff=0.36)],
    )


DESIGN_EXAMPLE_FINDINGS: dict[str, Any] = {
    "title": "Living well with sight loss",
    "unused_assets": [
        {"asset": "know_how", "holder": "margaret", "kind": "lived_experience", "willing": True,
         "hours_per_month": None, "stages": []},
        {"asset": "club_network", "holder": "club", "kind": "networks", "willing": True,
         "hours_per_month": None, "stages": ["diagnosis"]},
    ],
    "untapped": [{"asset": "club_network", "touchpoint": "clinic", "stage": "diagnosis", "phase": "co_delivery"}],
    "passive_touchpoints": [
        {"touchpoint": "clinic", "stage": "diagnosis", "citizens": ["margaret"]},
        {"touchpoint": "group", "stage": "support", "citizens": ["margaret", "club"]},
    ],
    "star_coverage": {
        "co_commissioning": {"actual": 0, "potential": 0},
        "co_design": {"actual": 0, "potential": 0},
        "co_delivery": {"actual": 1, "potential": 1},
        "co_assessment": {"actual": 0, "potential": 0},
    },
    "perception_gap": [{"need": "Get to know people and make friends", "users": 0.91, "staff": 0.36, "gap": 0.55}],
}
"""The JSON excerpt DESIGN.md shows for ``journeymap analyse`` of the example, star coverage written out."""

# The example map of DESIGN.md as its text, comments and all.
DESIGN_EXAMPLE = """\
journeymap: 1                      # format version, required
title: Living well with sight loss
description: From diagnosis to living well, as Margaret tells it   # optional
persona: margaret                  # optional: the actor whose journey this is
actors:
  - {id: margaret, name: "Margaret, 78", role: service_user, willingness: monthly}
  - {id: jenny, name: Jenny (daughter), role: carer, willingness: weekly}
  - {id: rehab, name: Rehabilitation officer, role: professional}
  - {id: club, name: Macular support group, role: community_group, willingness: weekly}
assets:
  - {id: know_how, holder: margaret, kind: lived_experience, name: Knows what helps day to day}
  - {id: jenny_time, holder: jenny, kind: time, hours_per_month: 8}
  - {id: club_network, holder: club, kind: networks, name: Peer support network}
stages:
  - id: diagnosis
    name: Diagnosis
    touchpoints:
      - {id: clinic, name: Eye clinic appointment, channel: face_to_face, actors: [margaret, rehab],
         emotion: -2, involvement: informing, moment_of_truth: true,
         pain_points: ["Told nothing more can be done"]}
  - id: support
    name: Getting support
    touchpoints:
      - {id: home_visit, name: Home assessment, actors: [margaret, jenny, rehab], emotion: 1}
      - {id: group, name: First support-group meeting, actors: [margaret, club], emotion: 2}
flow:                              # optional; without it touchpoints follow in file order
  - {from: clinic, to: home_visit, label: referral}
  - {from: home_visit, to: group}
contributions:
  - {asset: jenny_time, touchpoint: home_visit, phase: co_delivery, status: actual}
  - {asset: club_network, touchpoint: clinic, phase: co_delivery, status: potential,
     note: Group volunteers could meet people at the clinic}
needs:                             # optional: share of each group naming the need (0..1)
  - {name: Get to know people and make friends, users: 0.91, staff: 0.36}
"""


def large_journey(sizes: list[int], seed: int = 3) -> Journey:
    """Stages of the sizes given, with people, and assets used, untapped, placeless and unwilling."""
    rng = random.Random(seed)
    willingness = ["weekly", "monthly", "none", None]
    citizens = [Actor(id=f"c{i}", name=f"Citizen {i}", role="carer", willingness=willingness[i % 4]) for i in range(12)]
    staff = Actor(id="pro", name="Professional", role="professional")
    count = sum(sizes)
    stages, first = [], 0
    for s, size in enumerate(sizes):
        stages.append(Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=[
            Touchpoint(id=f"t{t}", name=f"Touchpoint {t}", channel=rng.choice(["phone", None]), emotion=t % 5 - 2,
                       actors=[f"c{t % 12}", "pro"], pain_points=["Waited too long"] if t % 4 == 0 else [])
            for t in range(first, first + size)]))
        first += size
    assets = [Asset(id=f"a{i}", holder=f"c{i % 12}", kind="time", name=f"Asset {i}") for i in range(max(4, count // 3))]
    contributions = [Contribution(asset=rng.choice(assets).id, touchpoint=f"t{rng.randrange(count)}",
                                  phase=rng.choice(["co_design", "co_delivery"]),
                                  status=rng.choice(["actual", "potential"])) for _ in range(count // 2)]
    return Journey(title="A large journey", persona="c0", actors=[*citizens, staff], assets=assets, stages=stages,
                   contributions=contributions)
