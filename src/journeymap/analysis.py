"""What the map says about co-production: unused assets, untapped opportunities, passive touchpoints, tokenism.

It is longer than 400 lines because every finding's class lives beside the one function that finds them all,
so the findings' public surface reads in one place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs

from journeymap.analysis_records import co_production_unknown, in_every_case, records_data
from journeymap.errors import expect
from journeymap.graph import chokepoints
from journeymap.model import Actor, Asset, Contribution, Journey, Need, Stage, Touchpoint
from journeymap.outcomes import OutcomeFinding, outcome_findings
from journeymap.stats import share_interval
from journeymap.vocabulary import Involvement, InvolvementGroup, Phase


class Grade(StrEnum):
    """How loudly an unused asset is shown, from its holder's willingness and constraints; the loudest first.

    A string enum: it equals, prints and serialises as its word.

    >>> import json
    >>> Grade.UNWILLING == "unwilling", f"{Grade.WILLING}", json.dumps([Grade.UNSTATED]), Grade("willing")
    (True, 'willing', '["unstated"]', <Grade.WILLING: 'willing'>)
    """

    WILLING = "willing"  # the holder is willing to do more: the strongest highlight
    UNSTATED = "unstated"  # willingness not asked: highlighted normally
    CONSTRAINED = "constrained"  # the holder cannot do more (a recorded constraint), however willing: shown, muted
    UNWILLING = "unwilling"  # the holder is not looking to do more: shown, muted


@attrs.frozen(kw_only=True)
class UnusedAsset:
    """An asset with no actual contribution anywhere in the journey.

    >>> from journeymap import Actor, Asset, Journey
    >>> tom = Actor(id="tom", name="Tom", role="neighbour", willingness="none")
    >>> unused = analyse(Journey(title="T", actors=[tom], assets=[Asset(holder=tom, kind="physical")])).unused_assets[0]
    >>> unused.asset.id, unused.holder.id, unused.willing, unused.grade
    ('tom_physical', 'tom', False, <Grade.UNWILLING: 'unwilling'>)
    """

    asset: Asset
    holder: Actor
    stages: tuple[Stage, ...]  # where a potential contribution says it could help

    @property
    def willing(self) -> bool | None:
        """The holder's willingness: True, False, or None when unstated."""
        return self.holder.willing

    @property
    def grade(self) -> Grade:
        """Willing (loudest), unstated, or, shown muted, constrained (the holder cannot do more, whatever their
        willingness) or unwilling.

        >>> from journeymap import Actor, Asset, Journey
        >>> pat = Actor(id="pat", name="Pat", role="carer", willingness="weekly", constraints=["cannot lift"])
        >>> analyse(Journey(title="T", actors=[pat], assets=[Asset(holder=pat, kind="time")])).unused_assets[0].grade
        <Grade.CONSTRAINED: 'constrained'>
        """
        return Grade.CONSTRAINED if self.holder.constrained else _GRADES[self.willing]

    def to_dict(self) -> dict[str, Any]:
        """This finding as plain data, objects named by id."""
        return {"asset": self.asset.id, "holder": self.holder.id, "kind": self.asset.kind.value,
                "willing": self.willing, "grade": self.grade.value, "constraints": list(self.holder.constraints),
                "hours_per_month": self.asset.hours_per_month, "stages": [s.id for s in self.stages]}


_GRADES: dict[bool | None, Grade] = {True: Grade.WILLING, None: Grade.UNSTATED, False: Grade.UNWILLING}


@attrs.frozen(kw_only=True)
class Untapped:
    """A potential contribution with no actual one of the same asset at the same touchpoint.

    >>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint
    >>> ann = Actor(id="ann", name="Ann", role="carer")
    >>> journey = Journey(title="T", actors=[ann], assets=[Asset(holder=ann, kind="skills")],
    ...                   stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Visit")])],
    ...                   contributions=[Contribution(asset="ann_skills", touchpoint="visit", phase="co_design",
    ...                                               status="potential")])
    >>> [(u.asset.id, u.touchpoint.id, u.stage.id, u.phase.value) for u in analyse(journey).untapped]
    [('ann_skills', 'visit', 's', 'co_design')]
    """

    contribution: Contribution
    asset: Asset
    touchpoint: Touchpoint
    stage: Stage

    @property
    def phase(self) -> Phase:
        """The Star phase the opportunity is in."""
        return self.contribution.phase

    def to_dict(self) -> dict[str, Any]:
        """This finding as plain data, objects named by id."""
        return {"asset": self.asset.id, "touchpoint": self.touchpoint.id, "stage": self.stage.id,
                "phase": self.phase.value, "note": self.contribution.note}


@attrs.frozen(kw_only=True)
class PassiveTouchpoint:
    """A touchpoint with citizens present where none of their assets is actually used.

    >>> from journeymap import Actor, Journey, Stage, Touchpoint
    >>> ann, gp = Actor(id="ann", name="Ann", role="service_user"), Actor(id="gp", name="GP", role="professional")
    >>> journey = Journey(title="T", actors=[ann, gp],
    ...                   stages=[Stage(name="S", touchpoints=[Touchpoint(id="appointment", name="Appointment",
    ...                                                                   actors=[ann, gp])])])
    >>> [(p.touchpoint.id, [a.id for a in p.citizens]) for p in analyse(journey).passive_touchpoints]
    [('appointment', ['ann'])]
    """

    touchpoint: Touchpoint
    stage: Stage
    citizens: tuple[Actor, ...]

    def to_dict(self) -> dict[str, Any]:
        """This finding as plain data, objects named by id."""
        return {"touchpoint": self.touchpoint.id, "stage": self.stage.id, "citizens": [a.id for a in self.citizens]}


@attrs.frozen(kw_only=True)
class TokenisticTouchpoint:
    """A touchpoint that claims to work *with* citizens (co-design or co-production) where no citizen takes part:
    none is there, or those there bring nothing (no actual contribution of a citizen's asset): tokenism.

    >>> from journeymap import Actor, Journey, Stage, Touchpoint
    >>> panel = Touchpoint(id="panel", name="Design panel", actors=["gp"], involvement="co_design")
    >>> journey = Journey(title="T", actors=[Actor(id="gp", name="GP", role="professional")],
    ...                   stages=[Stage(name="S", touchpoints=[panel])])
    >>> [(t.touchpoint.id, t.involvement.value, t.reason) for t in analyse(journey).tokenism]
    [('panel', 'co_design', 'no_citizen_present')]
    """

    touchpoint: Touchpoint
    stage: Stage
    citizens: tuple[Actor, ...]  # those present, who bring nothing there; none when no citizen is there

    @property
    def involvement(self) -> Involvement:
        """The rung the touchpoint claims: co-design or co-production."""
        assert self.touchpoint.involvement is not None  # only a touchpoint claiming a rung is found
        return self.touchpoint.involvement

    @property
    def reason(self) -> str:
        """``no_citizen_present``, or ``no_citizen_contribution`` when citizens are there but bring nothing."""
        return "no_citizen_contribution" if self.citizens else "no_citizen_present"

    def to_dict(self) -> dict[str, Any]:
        """This finding as plain data, objects named by id."""
        return {"touchpoint": self.touchpoint.id, "stage": self.stage.id, "involvement": self.involvement.value,
                "reason": self.reason, "citizens": [a.id for a in self.citizens]}


@attrs.frozen(kw_only=True)
class Chokepoint:
    """A touchpoint everyone passes through: an asset used there reaches everyone. On a map discovered from records,
    one that every case has (``cases`` is then their number); on any other, one on every path through the flow.

    >>> from journeymap import FlowEdge, Journey, Stage, Touchpoint
    >>> steps = [Touchpoint(id=i, name=i) for i in ("referral", "letter", "phone", "visit")]
    >>> journey = Journey(title="T", stages=[Stage(name="S", touchpoints=steps)],
    ...                   flow=[FlowEdge(source="referral", target="letter"), FlowEdge(source="referral", target="phone"),
    ...                         FlowEdge(source="letter", target="visit"), FlowEdge(source="phone", target="visit")])
    >>> [c.touchpoint.id for c in analyse(journey).chokepoints]
    ['referral', 'visit']
    """

    touchpoint: Touchpoint
    stage: Stage
    cases: int | None = None  # from records: every case of the log passes here; None when judged by the flow

    def to_dict(self) -> dict[str, Any]:
        """This finding as plain data, objects named by id; ``cases`` only when the records judged it."""
        return {"touchpoint": self.touchpoint.id, "stage": self.stage.id,
                **({} if self.cases is None else {"cases": self.cases})}


@attrs.frozen(kw_only=True)
class PhaseCount:
    """How many contributions to one Star phase are actual and how many potential.

    >>> PhaseCount(actual=2, potential=1).total
    3
    """

    actual: int = 0
    potential: int = 0

    @property
    def total(self) -> int:
        """Actual and potential together."""
        return self.actual + self.potential


class StarCoverage(dict[Phase, PhaseCount]):
    """The Co-production Star's counts: each of the four phases, with its actual and potential contributions.

    >>> from journeymap import Contribution, Journey, Phase, analyse
    >>> coverage = analyse(Journey(title="Empty")).star_coverage
    >>> coverage[Phase.CO_DESIGN], len(coverage)
    (PhaseCount(actual=0, potential=0), 4)
    """


@attrs.frozen(kw_only=True)
class NeedGap:
    """What users say against what staff think, for one need.

    >>> from journeymap import Need
    >>> NeedGap(need=Need(name="Get to know people and make friends", users=0.91, staff=0.36)).gap
    0.55
    """

    need: Need = attrs.field(validator=lambda _, __, need: _with_shares(need))

    @property
    def users(self) -> float:
        """The share of users who name the need."""
        assert self.need.users is not None  # checked when made
        return self.need.users

    @property
    def staff(self) -> float:
        """The share of staff who think users need it."""
        assert self.need.staff is not None  # checked when made
        return self.need.staff

    @property
    def gap(self) -> float:
        """Users' share minus staff's share: positive where staff underrate the need."""
        return round(self.users - self.staff, 9)

    @property
    def users_interval(self) -> tuple[float, float] | None:
        """Wilson's 95% interval for users' share, when the need says how many users answered (``n_users``).

        >>> from journeymap import Need
        >>> low, high = NeedGap(need=Need(name="Friends", users=0.91, staff=0.36, n_users=100)).users_interval
        >>> round(low, 2), round(high, 2)
        (0.84, 0.95)
        """
        return None if self.need.n_users is None else share_interval(self.users, self.need.n_users)

    @property
    def staff_interval(self) -> tuple[float, float] | None:
        """Wilson's 95% interval for staff's share, when the need says how many staff answered (``n_staff``)."""
        return None if self.need.n_staff is None else share_interval(self.staff, self.need.n_staff)

    def to_dict(self) -> dict[str, Any]:
        """The need's shares and gap as plain data; with each group's n and 95% interval where the need has n.

        >>> from journeymap import Need
        >>> NeedGap(need=Need(name="Friends", users=0.91, staff=0.36)).to_dict()
        {'need': 'Friends', 'users': 0.91, 'staff': 0.36, 'gap': 0.55}
        >>> sorted(NeedGap(need=Need(name="Friends", users=0.91, staff=0.36, n_staff=28)).to_dict())
        ['gap', 'n_staff', 'need', 'staff', 'staff_interval', 'users']
        """
        found: dict[str, Any] = {"need": self.need.name, "users": self.users, "staff": self.staff,
                                 "gap": self.gap}
        for group, n, interval in (("users", self.need.n_users, self.users_interval),
                                   ("staff", self.need.n_staff, self.staff_interval)):
            if n is not None and interval is not None:
                found[f"n_{group}"] = n
                found[f"{group}_interval"] = list(interval)
        return found


@attrs.frozen(kw_only=True)
class TouchpointInvolvement:
    """The rung of the ladder of co-production at one touchpoint.

    >>> from journeymap import Journey, Stage, Touchpoint, analyse
    >>> journey = Journey(title="T", stages=[Stage(name="S", touchpoints=[Touchpoint(name="Call", involvement="engagement")])])
    >>> [(i.touchpoint.id, i.involvement.value, i.group.value) for i in analyse(journey).involvement]
    [('call', 'engagement', 'doing_for')]
    """

    touchpoint: Touchpoint
    involvement: Involvement

    @property
    def group(self) -> InvolvementGroup:
        """Doing to, doing for or doing with."""
        return self.involvement.group


@attrs.frozen(kw_only=True, repr=False)
class Analysis:
    """Every finding about one journey; each finding points at model objects. Its repr is a one-line summary.

    >>> from journeymap import Journey, Need
    >>> findings = analyse(Journey(title="T", needs=[Need(name="Friends", users=0.91, staff=0.36),
    ...                                             Need(name="Information", users=0.53, staff=0.64)]))
    >>> findings.to_dict()["perception_gap"][0], findings.rank_agreement
    ({'need': 'Friends', 'users': 0.91, 'staff': 0.36, 'gap': 0.55}, -1.0)
    """

    journey: Journey
    unused_assets: tuple[UnusedAsset, ...]
    untapped: tuple[Untapped, ...]
    passive_touchpoints: tuple[PassiveTouchpoint, ...]
    star_coverage: StarCoverage
    star_coverage_by_stage: dict[str, StarCoverage]
    perception_gap: tuple[NeedGap, ...]
    rank_agreement: float | None
    involvement: tuple[TouchpointInvolvement, ...]
    tokenism: tuple[TokenisticTouchpoint, ...] = ()
    outcomes: tuple[OutcomeFinding, ...] = ()  # each outcome: unserved, service-only or co-produced
    # Staff assets' contributions (provider-side holders): they enable citizens, counted apart from citizens' own.
    enabling: tuple[Contribution, ...] = ()
    unused_staff_assets: tuple[UnusedAsset, ...] = ()  # listed apart, quietly: never "unused citizen assets"
    # A graph question (networkx): answered when first asked, so that commands not asking never import it.
    _chokepoints: tuple[Chokepoint, ...] | None = attrs.field(default=None, alias="chokepoints", eq=False,
                                                             repr=False)
    # Look-ups by id, built once: every renderer asks them of every asset, touchpoint and contribution.
    _unused_by_id: dict[str, UnusedAsset] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _passive_by_id: dict[str, PassiveTouchpoint] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _untapped: frozenset[Contribution] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _tokenism_by_id: dict[str, TokenisticTouchpoint] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_tokenism_by_id", {t.touchpoint.id: t for t in self.tokenism})
        object.__setattr__(self, "_unused_by_id", {u.asset.id: u for u in self.unused_assets})
        object.__setattr__(self, "_passive_by_id", {p.touchpoint.id: p for p in self.passive_touchpoints})
        object.__setattr__(self, "_untapped", frozenset(u.contribution for u in self.untapped))

    @property
    def chokepoints(self) -> tuple[Chokepoint, ...]:
        """Touchpoints everyone passes through: on a map discovered from records, those every case has (in the map's
        order); on any other, those on every path through the flow (in the order they are met)."""
        if self._chokepoints is None:
            journey = self.journey
            if journey.evidence is not None:
                found = tuple(Chokepoint(touchpoint=t, stage=journey.stage_of(t), cases=t.cases)
                              for t in in_every_case(journey))
            else:
                found = tuple(Chokepoint(touchpoint=t, stage=journey.stage_of(t)) for t in chokepoints(journey))
            object.__setattr__(self, "_chokepoints", found)
        assert self._chokepoints is not None
        return self._chokepoints

    @property
    def unused_willing_hours(self) -> float:
        """Hours a month that willing holders, free of constraints, offer through assets that go unused."""
        return sum(u.asset.hours_per_month or 0 for u in self.unused_assets if u.grade is Grade.WILLING)

    @property
    def citizen_assets(self) -> tuple[Asset, ...]:
        """The assets held by citizen-side actors (staff assets are counted apart)."""
        return tuple(a for a in self.journey.assets if self.journey.holder(a).is_citizen)

    def is_enabling(self, contribution: Contribution) -> bool:
        """True for a contribution of a staff asset: it enables citizens and is counted apart."""
        return not self.journey.holder(contribution.asset).is_citizen

    def unused_asset(self, asset: Asset | str) -> UnusedAsset | None:
        """The finding for an asset with no actual contribution, or None when it is used."""
        return self._unused_by_id.get(asset if isinstance(asset, str) else asset.id)

    def passive_touchpoint(self, touchpoint: Touchpoint | str) -> PassiveTouchpoint | None:
        """The finding for a passive touchpoint, or None when it is not passive."""
        return self._passive_by_id.get(touchpoint if isinstance(touchpoint, str) else touchpoint.id)

    def is_unused(self, asset: Asset | str) -> bool:
        """True when the asset has no actual contribution."""
        return self.unused_asset(asset) is not None

    def is_passive(self, touchpoint: Touchpoint | str) -> bool:
        """True when the touchpoint is passive."""
        return self.passive_touchpoint(touchpoint) is not None

    def tokenistic(self, touchpoint: Touchpoint | str) -> TokenisticTouchpoint | None:
        """The finding for a touchpoint claiming to work with citizens where none takes part, or None."""
        return self._tokenism_by_id.get(touchpoint if isinstance(touchpoint, str) else touchpoint.id)

    def __repr__(self) -> str:
        """One line, not the whole journey: the title and how many of each main finding.

        >>> from journeymap import Journey
        >>> analyse(Journey(title="Home"))
        <Analysis of 'Home': 0 unused assets, 0 untapped opportunities, 0 passive touchpoints, 0 tokenistic touchpoints>
        """
        counts = [f"{len(found)} {one if len(found) == 1 else many}" for found, one, many in (
            (self.unused_assets, "unused asset", "unused assets"),
            (self.untapped, "untapped opportunity", "untapped opportunities"),
            (self.passive_touchpoints, "passive touchpoint", "passive touchpoints"),
            (self.tokenism, "tokenistic touchpoint", "tokenistic touchpoints"))]
        hours = self.unused_willing_hours
        willing = [f"{hours:g} willing hours a month unused"] if hours else []
        return f"<Analysis of {self.journey.title!r}: {', '.join(counts + willing)}>"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """What IPython and Jupyter show: the journey drawn with its findings, and the one-line summary."""
        return {**self.journey._repr_mimebundle_(), "text/plain": repr(self)}

    def is_untapped(self, contribution: Contribution) -> bool:
        """True for a potential contribution with no actual one of its asset at its touchpoint."""
        return contribution in self._untapped

    def to_dict(self) -> dict[str, Any]:
        """The findings as plain data, objects named by id (what ``analyse --json`` prints); for a map discovered
        from records, a ``records`` key last with what they say (``analysis_records.records_data``)."""
        records = records_data(self.journey)
        return {
            "title": self.journey.title,
            "unused_assets": [u.to_dict() for u in self.unused_assets],
            "untapped": [u.to_dict() for u in self.untapped],
            "passive_touchpoints": [p.to_dict() for p in self.passive_touchpoints],
            "tokenism": [t.to_dict() for t in self.tokenism],
            "star_coverage": coverage_dict(self.star_coverage),
            "star_coverage_by_stage": {
                stage: coverage_dict(coverage) for stage, coverage in self.star_coverage_by_stage.items()
            },
            "perception_gap": [g.to_dict() for g in self.perception_gap],
            "rank_agreement": self.rank_agreement,
            "involvement": [
                {"touchpoint": i.touchpoint.id, "involvement": i.involvement.value, "group": i.group.value}
                for i in self.involvement
            ],
            "unused_willing_hours_per_month": self.unused_willing_hours,
            "chokepoints": [{**c.to_dict(), "passive": self.is_passive(c.touchpoint)} for c in self.chokepoints],
            "enabling": [{"asset": c.asset, "holder": self.journey.asset(c.asset).holder, "touchpoint": c.touchpoint,
                          "phase": c.phase.value, "status": c.status.value, "note": c.note} for c in self.enabling],
            "unused_staff_assets": [u.to_dict() for u in self.unused_staff_assets],
            "outcomes": [o.to_dict() for o in self.outcomes],
            **({} if records is None else {"records": records}),
        }


def coverage_dict(coverage: StarCoverage) -> dict[str, dict[str, int]]:
    """Star coverage as plain data: ``{phase: {"actual": n, "potential": n}}``."""
    return {phase.value: {"actual": c.actual, "potential": c.potential} for phase, c in coverage.items()}


def star_coverage(contributions: Iterable[Contribution]) -> StarCoverage:
    """Count contributions per Star phase, actual and potential apart; every phase is present."""
    counts = {phase: [0, 0] for phase in Phase}
    for c in contributions:
        counts[c.phase][0 if c.is_actual else 1] += 1
    return StarCoverage({phase: PhaseCount(actual=a, potential=p) for phase, (a, p) in counts.items()})


def _with_shares(need: Need) -> None:
    if not need.has_shares:
        raise ValueError(f"the need {need.name!r} has no users' or staff's share, so no perception gap")


def rank_agreement(needs: Iterable[Need]) -> float | None:
    """Spearman's rank correlation between users' and staff's shares; None for fewer than two needs with both."""
    gaps = [NeedGap(need=n) for n in needs if n.has_shares]
    if len(gaps) < 2:
        return None
    users = _ranks([g.users for g in gaps])
    staff = _ranks([g.staff for g in gaps])
    return _pearson(users, staff)


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None  # all shares equal on one side: agreement is undefined
    return round(cov / math.sqrt(var_x * var_y), 9)


def analyse(journey: Journey) -> Analysis:
    """Find the unused assets, untapped opportunities and passive touchpoints of a journey.

    >>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint
    >>> ann = Actor(id="ann", name="Ann", role="service_user", willingness="weekly")
    >>> call = Touchpoint(id="call", name="Phone call", actors=[ann])
    >>> journey = Journey(title="T", actors=[ann], assets=[Asset(holder=ann, kind="time", hours_per_month=4)],
    ...                   stages=[Stage(name="S", touchpoints=[call])],
    ...                   contributions=[Contribution(asset="ann_time", touchpoint=call, phase="co_delivery",
    ...                                               status="potential")])
    >>> findings = analyse(journey)
    >>> [u.asset.id for u in findings.unused_assets], [p.touchpoint.id for p in findings.passive_touchpoints]
    (['ann_time'], ['call'])
    >>> findings.unused_willing_hours, findings.star_coverage[Phase.CO_DELIVERY]
    (4, PhaseCount(actual=0, potential=1))
    """
    expect(journey, Journey, "analyse(journey)")
    stage_of = journey.stage_of
    citizen_ids = {a.id for a in journey.actors if a.is_citizen}
    staff_assets = {a.id for a in journey.assets if a.holder not in citizen_ids}
    enabling = tuple(c for c in journey.contributions if c.asset in staff_assets)
    citizens_own = [c for c in journey.contributions if c.asset not in staff_assets]
    actual = [c for c in journey.contributions if c.is_actual]
    used_assets = {c.asset for c in actual}
    actual_pairs = {(c.asset, c.touchpoint) for c in actual}
    stage_order = {stage.id: i for i, stage in enumerate(journey.stages)}

    unused: list[UnusedAsset] = []
    unused_staff: list[UnusedAsset] = []
    for asset in journey.assets:
        if asset.id in used_assets:
            continue
        stages = {s.id: s for s in (stage_of(c.touchpoint) for c in journey.contributions_of(asset))}
        in_order = tuple(sorted(stages.values(), key=lambda s: stage_order[s.id]))
        found = UnusedAsset(asset=asset, holder=journey.holder(asset), stages=in_order)
        (unused_staff if asset.id in staff_assets else unused).append(found)

    untapped = tuple(
        Untapped(contribution=c, asset=journey.asset(c.asset), touchpoint=journey.touchpoint(c.touchpoint),
                 stage=stage_of(c.touchpoint))
        for c in citizens_own
        if not c.is_actual and (c.asset, c.touchpoint) not in actual_pairs
    )

    citizen_actual_at = {c.touchpoint for c in actual if journey.asset(c.asset).holder in citizen_ids}
    unknown = co_production_unknown(journey)
    passive = tuple(
        PassiveTouchpoint(touchpoint=t, stage=stage_of(t),
                          citizens=tuple(journey.actor(a) for a in t.actors if a in citizen_ids))
        for t in journey.touchpoints
        if any(a in citizen_ids for a in t.actors) and t.id not in citizen_actual_at and t.id not in unknown
    )

    doing_with = {Involvement.CO_DESIGN, Involvement.CO_PRODUCTION}
    tokenism = tuple(
        TokenisticTouchpoint(touchpoint=t, stage=stage_of(t),
                             citizens=tuple(journey.actor(a) for a in t.actors if a in citizen_ids))
        for t in journey.touchpoints
        if t.involvement in doing_with and (t.id not in citizen_actual_at or not any(a in citizen_ids for a in t.actors))
    )

    return Analysis(
        journey=journey,
        unused_assets=tuple(unused),
        untapped=untapped,
        passive_touchpoints=passive,
        star_coverage=star_coverage(citizens_own),
        star_coverage_by_stage={
            stage.id: star_coverage(c for t in stage.touchpoints for c in journey.contributions_at(t)
                                    if c.asset not in staff_assets)
            for stage in journey.stages
        },
        perception_gap=tuple(NeedGap(need=n) for n in journey.needs if n.has_shares),
        rank_agreement=rank_agreement(journey.needs),
        involvement=tuple(
            TouchpointInvolvement(touchpoint=t, involvement=t.involvement)
            for t in journey.touchpoints if t.involvement is not None
        ),
        tokenism=tokenism,
        enabling=enabling,
        unused_staff_assets=tuple(unused_staff),
        outcomes=outcome_findings(journey, {a.id for a in journey.assets if a.id not in staff_assets}),
    )
