"""What changed in the records between two maps discovered from them (``journeymap diff``): the log's cases, events
and period, touchpoints' cases, steps' cases and median times, steps new and gone, and stages' entry waits.

Two maps not discovered from records compare to nothing (``records_diff`` gives None). When only one of the two
is, the log is told and no counts are compared (a hand-made map counts nothing). Touchpoints and stages match by
id, steps by their two touchpoints' ids; only figures both maps hold are compared.

What is notable: every change of a touchpoint's cases is listed (largest first). A step is listed when its median
time, or its share of the log's cases, changed notably; a stage when its entry wait did. Notably means: the larger
figure at least :data:`NOTABLE_SHARE` above the smaller, and the two at least :data:`NOTABLE_HOURS` or
:data:`NOTABLE_POINTS` apart. A step's cases are judged by their share of all cases so that a quarter with fewer
referrals does not list every step: what changed is how people go through the service, not how many came.
Measured against the smaller figure, the rule is the same whichever map comes first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from journeymap.model import Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.model_records import LogEvidence

Change = TypeVar("Change")

NOTABLE_SHARE = 0.10
"""A step's or stage's figure changed notably when the larger is at least this share above the smaller..."""
NOTABLE_POINTS = 0.01
"""...and, for a step's share of the log's cases, they are at least this far apart (one percentage point)..."""
NOTABLE_HOURS = 1.0
"""...and, for median times, at least this many hours apart."""


def notable(old: float | None, new: float | None, *, apart: float) -> bool:
    """True when one figure is at least :data:`NOTABLE_SHARE` above the other and they are ``apart`` or more
    apart, or when only one map has the figure.

    >>> notable(100, 110, apart=5), notable(110, 100, apart=5), notable(100, 109, apart=5), notable(10, 12, apart=5)
    (True, True, False, False)
    """
    if old is None or new is None:
        return old is not new
    low, high = sorted((old, new))
    # rounded, so that 100 → 110 is the 10% it looks like whatever the floats' binary digits
    return round(high - low - apart, 9) >= 0 and round(high - low - low * NOTABLE_SHARE, 9) >= 0


def relative(old: float | None, new: float | None) -> float | None:
    """The change as a share of the old figure; None when either is missing or the old one is zero."""
    if old is None or new is None or old == 0:
        return None
    return (new - old) / old


def _pair(old: float | None, new: float | None) -> dict[str, Any]:
    """Two figures as plain data, with their change and relative change (None where a figure is missing)."""
    change = None if old is None or new is None else new - old
    return {"old": old, "new": new, "change": change, "relative": relative(old, new)}


@attrs.frozen(kw_only=True)
class CasesChange:
    """A touchpoint whose cases differ between the maps, or that only one map counts (None in the other); NEW's
    touchpoint, or OLD's when NEW does not count it."""

    touchpoint: Touchpoint
    old: int | None
    new: int | None
    old_share: float | None = None  # the old cases as a share of all the old log's cases
    new_share: float | None = None

    @property
    def change(self) -> int:
        """New cases minus old ones, a missing figure taken as none."""
        return (self.new or 0) - (self.old or 0)

    @property
    def relative(self) -> float | None:
        """The change as a share of the old cases; None when only one map counts the touchpoint."""
        return relative(self.old, self.new)

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the touchpoint named by id."""
        return {"touchpoint": self.touchpoint.id, **_pair(self.old, self.new),
                "share": _pair(self.old_share, self.new_share)}


@attrs.frozen(kw_only=True)
class ContributionChange(CasesChange):
    """An actual contribution from records (matched by asset, touchpoint and phase) in how many cases of which its
    holder acted differs between the maps, or that only one map counts: with NEW's asset and touchpoint, or OLD's
    when NEW does not count it."""

    asset: Asset

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the asset and touchpoint named by id."""
        return {"asset": self.asset.id, **super().to_dict()}


@attrs.frozen(kw_only=True)
class StepChange:
    """A step (matched by its touchpoints' ids) in either map or both: OLD's and NEW's edge (None where a map does
    not count it), with its two touchpoints as the map holding it names them (NEW's first)."""

    source: Touchpoint
    target: Touchpoint
    old: FlowEdge | None
    new: FlowEdge | None
    old_share: float | None = None  # the step's old cases as a share of all the old log's cases
    new_share: float | None = None

    @property
    def old_cases(self) -> int | None:
        """The step's cases in OLD."""
        return None if self.old is None else self.old.cases

    @property
    def new_cases(self) -> int | None:
        """The step's cases in NEW."""
        return None if self.new is None else self.new.cases

    @property
    def old_median(self) -> float | None:
        """The step's median hours in OLD."""
        return None if self.old is None else self.old.median_hours

    @property
    def new_median(self) -> float | None:
        """The step's median hours in NEW."""
        return None if self.new is None else self.new.median_hours

    def to_dict(self) -> dict[str, Any]:
        """This step as plain data: its touchpoints by id, and its cases, median and 90th-percentile hours in each
        map with their changes."""
        return {"from": self.source.id, "to": self.target.id, "cases": _pair(self.old_cases, self.new_cases),
                "share": _pair(self.old_share, self.new_share),
                "median_hours": _pair(self.old_median, self.new_median),
                "p90_hours": _pair(None if self.old is None else self.old.p90_hours,
                                   None if self.new is None else self.new.p90_hours)}


@attrs.frozen(kw_only=True)
class WaitChange:
    """A stage in both maps whose entry wait changed notably: OLD's and NEW's stage."""

    old: Stage
    new: Stage

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the stage named by id."""
        return {"stage": self.new.id, "cases": _pair(self.old.cases, self.new.cases),
                "median_hours": _pair(self.old.median_hours, self.new.median_hours),
                "p90_hours": _pair(self.old.p90_hours, self.new.p90_hours)}


@attrs.frozen(kw_only=True)
class RecordsDiff:
    """What changed in the records between two maps, at least one of them discovered from records."""

    old: LogEvidence | None  # None when OLD is not discovered from records
    new: LogEvidence | None
    touchpoints: tuple[CasesChange, ...] = ()  # largest change first
    contributions: tuple[ContributionChange, ...] = ()  # largest change first
    steps_changed: tuple[StepChange, ...] = ()  # in both maps, share of cases or median changed notably; busiest first
    steps_new: tuple[StepChange, ...] = ()  # counted in NEW only, most cases first
    steps_gone: tuple[StepChange, ...] = ()  # counted in OLD only, most cases first
    stage_waits: tuple[WaitChange, ...] = ()  # NEW's stage order

    @property
    def compared(self) -> bool:
        """True when both maps are discovered from records, so their counts are compared."""
        return self.old is not None and self.new is not None

    @property
    def like_for_like(self) -> bool:
        """True when both maps were discovered with the same disclosure threshold and filters (when not, counts
        differ for that reason too)."""
        return (self.old is not None and self.new is not None and self.old.threshold == self.new.threshold
                and filter_rules(self.old) == filter_rules(self.new))

    @property
    def within(self) -> str | None:
        """"old" or "new": the map whose log's period lies within the other's, which may then hold its cases too
        (a quarter against the whole year); None for periods apart, overlapping only in part (cases that span two
        periods), or the same (one log discovered twice)."""
        if self.old is None or self.new is None:
            return None
        old, new = (self.old.first, self.old.last), (self.new.first, self.new.last)
        if old == new:
            return None
        if new[0] <= old[0] and old[1] <= new[1]:
            return "old"
        if old[0] <= new[0] and new[1] <= old[1]:
            return "new"
        return None

    @property
    def changed(self) -> bool:
        """True when anything in the records differs: the log's name, size, period, threshold or filters, or any
        count or time listed."""
        return (_log_facts(self.old) != _log_facts(self.new) or bool(self.touchpoints or self.steps_changed)
                or bool(self.contributions or self.steps_new or self.steps_gone or self.stage_waits))

    def to_dict(self) -> dict[str, Any]:
        """The changes as plain data (``diff --json``'s ``records`` key): every change, none capped."""
        return {
            "changed": self.changed,
            "compared": self.compared,
            "like_for_like": self.like_for_like,
            "within": self.within,
            "log": {"old": _log_dict(self.old), "new": _log_dict(self.new)},
            "cases": _pair(*(None if e is None else e.cases for e in (self.old, self.new))),
            "events": _pair(*(None if e is None else e.events for e in (self.old, self.new))),
            "touchpoints_changed": [c.to_dict() for c in self.touchpoints],
            "contributions_changed": [c.to_dict() for c in self.contributions],
            "steps_changed": [s.to_dict() for s in self.steps_changed],
            "steps_new": [s.to_dict() for s in self.steps_new],
            "steps_gone": [s.to_dict() for s in self.steps_gone],
            "stage_waits_changed": [w.to_dict() for w in self.stage_waits],
            "notable": {"share": NOTABLE_SHARE, "points": NOTABLE_POINTS, "hours": NOTABLE_HOURS},
        }


def filter_rules(evidence: LogEvidence) -> tuple[str, ...]:
    """The filters a map was discovered with, each as its rule alone, without what it kept of the log: the same
    rule keeps other numbers of two periods' cases.

    >>> filter_rules(LogEvidence(log="log.csv", cases=157, events=900, first="2024-01-01", last="2024-03-31",
    ...     filters=["the most common variants covering 80% of cases (157 of 196 cases)"]))
    ('the most common variants covering 80% of cases',)
    """
    return tuple(re.sub(r" \([\d,]+ of [\d,]+ cases?\)$", "", rule) for rule in evidence.filters)


def records_diff(old: Journey, new: Journey) -> RecordsDiff | None:
    """What changed in the records between two maps; None when neither is discovered from records.

    >>> from journeymap import Journey, Stage, Touchpoint
    >>> from journeymap.model_records import LogEvidence

Change = TypeVar("Change")
    >>> def discovered(cases: int) -> Journey:
    ...     log = LogEvidence(log="log.csv", cases=cases, events=cases * 3, first="2024-01-01", last="2024-03-31")
    ...     return Journey(title="Care", stages=[Stage(name="S", touchpoints=[
    ...         Touchpoint(id="visit", name="Visit", cases=cases)])], evidence=log)
    >>> [(c.touchpoint.id, c.old, c.new, c.change) for c in records_diff(discovered(40), discovered(52)).touchpoints]
    [('visit', 40, 52, 12)]
    >>> records_diff(Journey(title="Care"), Journey(title="Care")) is None
    True
    """
    if old.evidence is None and new.evidence is None:
        return None
    if old.evidence is None or new.evidence is None:
        return RecordsDiff(old=old.evidence, new=new.evidence)
    steps = _steps(old, new)
    return RecordsDiff(
        old=old.evidence, new=new.evidence, touchpoints=_touchpoints(old, new), contributions=_contributions(old, new),
        steps_changed=_largest_first(
            (s for s in steps if s.old is not None and s.new is not None and _step_changed(s)), _step_size),
        steps_new=_largest_first((s for s in steps if s.old is None), lambda s: (s.new_cases or 0,)),
        steps_gone=_largest_first((s for s in steps if s.new is None), lambda s: (s.old_cases or 0,)),
        stage_waits=_stage_waits(old, new),
    )


def _stage_waits(old: Journey, new: Journey) -> tuple[WaitChange, ...]:
    """Stages in both maps whose entry wait changed notably (or that only one of them times), NEW's order."""
    before = {s.id: s for s in old.stages}
    return tuple(WaitChange(old=before[s.id], new=s) for s in new.stages
                 if s.id in before and notable(before[s.id].median_hours, s.median_hours, apart=NOTABLE_HOURS))


def _touchpoints(old: Journey, new: Journey) -> tuple[CasesChange, ...]:
    """Touchpoints whose cases differ or that only one map counts, by the size of the change, then by its size
    relative to the old cases (a touchpoint only one map counts first), then NEW's order and OLD's."""
    before = {t.id: t for t in old.touchpoints if t.cases is not None}
    after = {t.id: t for t in new.touchpoints if t.cases is not None}

    def change(touchpoint: Touchpoint, was: int | None, now: int | None) -> CasesChange:
        return CasesChange(touchpoint=touchpoint, old=was, new=now, old_share=_share(was, old), new_share=_share(now, new))

    changes = [change(t, before[t.id].cases if t.id in before else None, t.cases)
               for t in after.values() if t.id not in before or before[t.id].cases != t.cases]
    changes += [change(t, t.cases, None) for t in before.values() if t.id not in after]
    return _largest_first(changes, _change_size)


def _contributions(old: Journey, new: Journey) -> tuple[ContributionChange, ...]:
    """Actual contributions with a count of cases whose cases differ or that only one map counts, ordered as
    ``_touchpoints`` orders touchpoints."""
    before, after = ({key: c for key, c in actual_contributions(journey).items() if c.cases is not None}
                     for journey in (old, new))

    def change(journey: Journey, found: Contribution, was: int | None, now: int | None) -> ContributionChange:
        return ContributionChange(asset=journey.asset(found.asset), touchpoint=journey.touchpoint(found.touchpoint),
                                  old=was, new=now, old_share=_share(was, old), new_share=_share(now, new))

    changes = [change(new, c, before[key].cases if key in before else None, c.cases)
               for key, c in after.items() if key not in before or before[key].cases != c.cases]
    changes += [change(old, c, c.cases, None) for key, c in before.items() if key not in after]
    return _largest_first(changes, _change_size)


def actual_contributions(journey: Journey) -> dict[tuple[str, str, str], Contribution]:
    """A map's actual contributions by asset, touchpoint and phase (the first of any written twice)."""
    found: dict[tuple[str, str, str], Contribution] = {}
    for c in journey.contributions:
        if c.is_actual:
            found.setdefault((c.asset, c.touchpoint, c.phase.value), c)
    return found


def _change_size(found: CasesChange) -> tuple[float, ...]:
    """Where a change in cases is listed: the largest first, then the largest relative to the old cases (one only a
    map counts first)."""
    share = found.relative
    return abs(found.change), math.inf if share is None else abs(share)


def _steps(old: Journey, new: Journey) -> list[StepChange]:
    """Every step either map counts, matched by its touchpoints' ids (a pair written twice: its first), NEW's flow
    order then OLD's."""
    before, after = _counted_steps(old), _counted_steps(new)

    def step(journey: Journey, was: FlowEdge | None, now: FlowEdge | None) -> StepChange:
        edge = now or was
        assert edge is not None
        return StepChange(source=journey.touchpoint(edge.source), target=journey.touchpoint(edge.target), old=was,
                          new=now, old_share=_share(None if was is None else was.cases, old),
                          new_share=_share(None if now is None else now.cases, new))

    steps = [step(new, before.get(key), e) for key, e in after.items()]
    return steps + [step(old, e, None) for key, e in before.items() if key not in after]


def _share(count: int | None, journey: Journey) -> float | None:
    """``count`` cases as a share of all the cases in the map's log; None when either is unknown or the log has none."""
    evidence = journey.evidence
    return None if count is None or evidence is None or not evidence.cases else count / evidence.cases


def _counted_steps(journey: Journey) -> dict[tuple[str, str], FlowEdge]:
    counted: dict[tuple[str, str], FlowEdge] = {}
    for edge in journey.flow:
        if edge.cases is not None:
            counted.setdefault((edge.source, edge.target), edge)
    return counted


def _step_figures(step: StepChange) -> tuple[tuple[float | None, float | None, float], ...]:
    """A step's figures judged for a notable change: its share of the log's cases, its median time (old, new, and
    how far apart they must be)."""
    return ((step.old_share, step.new_share, NOTABLE_POINTS), (step.old_median, step.new_median, NOTABLE_HOURS))


def _step_changed(step: StepChange) -> bool:
    """True when a step in both maps changed notably in its share of cases or its median time."""
    return any(notable(was, now, apart=apart) for was, now, apart in _step_figures(step))


def _step_size(step: StepChange) -> tuple[float, ...]:
    """Where a changed step is listed: the busiest first (the most cases in either map), then the largest change
    (the largest ratio of a notable figure's larger value to its smaller)."""
    ratio = max(_ratio(was, now) for was, now, apart in _step_figures(step) if notable(was, now, apart=apart))
    return max(step.old_cases or 0, step.new_cases or 0), ratio


def _ratio(old: float | None, new: float | None) -> float:
    """The larger figure over the smaller (infinite over zero; 1 when either is missing)."""
    if old is None or new is None:
        return 1.0
    low, high = sorted((old, new))
    return high / low if low else math.inf if high else 1.0


def _largest_first(changes: Iterable[Change], size: Callable[[Change], tuple[float, ...]]) -> tuple[Change, ...]:
    """The changes, largest ``size`` first; equal ones in the order given."""
    return tuple(sorted(changes, key=lambda change: tuple(-s for s in size(change))))


def _log_facts(evidence: LogEvidence | None) -> tuple[Any, ...] | None:
    """What the log section tells of a map's records (compared to tell whether they changed)."""
    if evidence is None:
        return None
    return (evidence.log, evidence.cases, evidence.events, evidence.first, evidence.last, evidence.threshold,
            evidence.filters, evidence.hidden.total)


def _log_dict(evidence: LogEvidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {"log": evidence.log, "cases": evidence.cases, "events": evidence.events,
            "first": evidence.first.isoformat(), "last": evidence.last.isoformat(), "threshold": evidence.threshold,
            "filters": list(evidence.filters), "hidden": evidence.hidden.total}
