"""What changed between two maps in terms of co-production: ``journeymap.diff(old, new)``, the command ``journeymap diff OLD NEW``.

Objects match by id. The module is not called ``diff`` so that it never shadows the function of that name.
"""

from __future__ import annotations

from typing import Any

import attrs

from journeymap.analysis import (
    Analysis,
    PassiveTouchpoint,
    PhaseCount,
    StarCoverage,
    UnusedAsset,
    Untapped,
    analyse,
    coverage_dict,
)
from journeymap.comparison_records import RecordsDiff, actual_contributions, records_diff
from journeymap.errors import expect
from journeymap.model import Action, Actor, Asset, Contribution, Journey, Need, Stage, Touchpoint
from journeymap.model_evidence import Survey
from journeymap.model_outcomes import Outcome
from journeymap.outcomes import OutcomeState
from journeymap.vocabulary import ActionStatus, Willingness

Item = Actor | Asset | Stage | Touchpoint
"""Anything with an id that one map can have and the other not."""

ITEM_KINDS: dict[type, str] = {Actor: "actor", Asset: "asset", Stage: "stage", Touchpoint: "touchpoint"}
"""The word for each kind of item, in the order they are listed."""


@attrs.frozen(kw_only=True)
class FeelingChange:
    """A touchpoint in both maps whose emotion or pain points differ (NEW's touchpoint)."""

    touchpoint: Touchpoint
    old_emotion: int | None
    new_emotion: int | None
    pain_points_added: tuple[str, ...]
    pain_points_gone: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the touchpoint named by id."""
        return {"touchpoint": self.touchpoint.id, "emotion": {"old": self.old_emotion, "new": self.new_emotion},
                "pain_points_added": list(self.pain_points_added), "pain_points_gone": list(self.pain_points_gone)}


@attrs.frozen(kw_only=True)
class NeedChange:
    """A need (matched by name) whose shares or n differ between the maps, or that only one of them has."""

    name: str
    old: Need | None
    new: Need | None

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data: the need's figures in each map (None where the map lacks it)."""
        return {"need": self.name, "old": _need_figures(self.old), "new": _need_figures(self.new)}


@attrs.frozen(kw_only=True)
class WillingnessChange:
    """An actor in both maps whose willingness to do more differs (NEW's actor)."""

    actor: Actor
    old: Willingness | None
    new: Willingness | None

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the actor named by id."""
        return {"actor": self.actor.id, "old": _word(self.old), "new": _word(self.new)}


@attrs.frozen(kw_only=True)
class OutcomeChange:
    """An outcome whose state (unserved, service-only, co-produced) differs between the maps, or that only one of
    them has (its state None in the other); NEW's outcome, or OLD's when NEW lacks it."""

    outcome: Outcome
    old: OutcomeState | None
    new: OutcomeState | None

    def to_dict(self) -> dict[str, Any]:
        """This change as plain data, the outcome named by id."""
        return {"outcome": self.outcome.id, "name": self.outcome.name, "old": _word(self.old), "new": _word(self.new)}


@attrs.frozen(kw_only=True)
class ActionChanges:
    """The action plan's changes: actions added (NEW's), removed (OLD's), and those in both maps whose status
    became done or dropped (NEW's)."""

    added: tuple[Action, ...] = ()
    removed: tuple[Action, ...] = ()
    done: tuple[Action, ...] = ()
    dropped: tuple[Action, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.done or self.dropped)

    def to_dict(self) -> dict[str, Any]:
        """The changes as plain data: each action's id, text, horizon and status."""
        return {word: [{"action": a.id, "text": a.text, "horizon": a.horizon.value, "status": a.status.value}
                       for a in found]
                for word, found in (("added", self.added), ("removed", self.removed), ("done", self.done),
                                    ("dropped", self.dropped))}


@attrs.frozen(kw_only=True)
class JourneyDiff:
    """The co-production findings that differ between an old (as-is) and a new (to-be) map.

    >>> from journeymap import Journey
    >>> diff(Journey(title="Old"), Journey(title="New")).changed
    False
    """

    old: Analysis
    new: Analysis
    added: tuple[Item, ...]  # in NEW only: actors, assets, stages, then touchpoints
    removed: tuple[Item, ...]  # in OLD only, in the same order
    newly_used: tuple[Asset, ...]  # in both maps, unused in OLD and used in NEW (NEW's objects)
    no_longer_used: tuple[UnusedAsset, ...]  # in both maps, used in OLD and unused in NEW (NEW's findings)
    taken_up: tuple[Untapped, ...]  # OLD's opportunities with an actual contribution in NEW at the same place
    new_opportunities: tuple[Untapped, ...]  # NEW's opportunities that were not opportunities in OLD
    dropped_opportunities: tuple[Untapped, ...]  # OLD's opportunities neither taken up nor still open in NEW
    no_longer_passive: tuple[PassiveTouchpoint, ...]  # OLD's findings, for touchpoints active in NEW
    newly_passive: tuple[PassiveTouchpoint, ...]  # NEW's findings, for touchpoints active in OLD
    # Actual contributions (by asset, touchpoint and phase) in NEW only, but for opportunities taken up; in OLD only.
    contributions_new: tuple[Contribution, ...] = ()
    contributions_ended: tuple[Contribution, ...] = ()
    feelings: tuple[FeelingChange, ...] = ()  # touchpoints in both maps whose emotion or pain points changed
    # The evidence: needs' figures, actors' willingness, and the surveys' summaries (by id; NEW's, or OLD's if gone).
    needs: tuple[NeedChange, ...] = ()
    willingness: tuple[WillingnessChange, ...] = ()
    surveys_added: tuple[Survey, ...] = ()
    surveys_removed: tuple[Survey, ...] = ()
    surveys_changed: tuple[Survey, ...] = ()
    actions: ActionChanges = ActionChanges()  # the action plan: added, removed, done, dropped
    outcomes: tuple[OutcomeChange, ...] = ()  # outcomes whose state changed, NEW's order, then those only OLD has
    records: RecordsDiff | None = None  # what changed in the records; None unless a map is discovered from them

    @property
    def headline(self) -> dict[str, tuple[float, float]]:
        """The three figures a diff opens with, old and new: unused assets, passive touchpoints, willing hours.

        >>> from journeymap import Journey
        >>> diff(Journey(title="Old"), Journey(title="New")).headline["passive_touchpoints"]
        (0, 0)
        """
        old, new = self.old, self.new
        return {"unused_assets": (len(old.unused_assets), len(new.unused_assets)),
                "passive_touchpoints": (len(old.passive_touchpoints), len(new.passive_touchpoints)),
                "unused_willing_hours_per_month": (old.unused_willing_hours, new.unused_willing_hours)}

    @property
    def star_change(self) -> StarCoverage:
        """Per Star phase, new counts minus old ones."""
        return StarCoverage({phase: PhaseCount(actual=self.new.star_coverage[phase].actual - old.actual,
                                               potential=self.new.star_coverage[phase].potential - old.potential)
                             for phase, old in self.old.star_coverage.items()})

    @property
    def hours_change(self) -> float:
        """Unused willing hours a month, new minus old."""
        return self.new.unused_willing_hours - self.old.unused_willing_hours

    @property
    def changed(self) -> bool:
        """True when anything about co-production differs: items, findings, Star coverage, willing hours, the
        evidence (needs, willingness, surveys), outcomes' states, the action plan, or, from records, the cases in
        which citizens acted at a touchpoint."""
        listed = (self.added, self.removed, self.newly_used, self.no_longer_used, self.taken_up,
                  self.contributions_new, self.contributions_ended, self.new_opportunities,
                  self.dropped_opportunities, self.no_longer_passive, self.newly_passive, self.feelings, self.needs,
                  self.willingness, self.surveys_added, self.surveys_removed, self.surveys_changed, self.outcomes)
        return (any(listed) or bool(self.actions) or any(c.actual or c.potential for c in self.star_change.values())
                or self.hours_change != 0 or (self.records is not None and bool(self.records.contributions)))

    def to_dict(self) -> dict[str, Any]:
        """The differences as plain data, objects named by id (the ``diff --json`` shape)."""
        new_journey = self.new.journey
        return {
            "title": {"old": self.old.journey.title, "new": new_journey.title},
            "changed": self.changed,
            "headline": {key: {"old": old, "new": new} for key, (old, new) in self.headline.items()},
            "added": _ids_by_kind(self.added),
            "removed": _ids_by_kind(self.removed),
            "assets_newly_used": [
                {"asset": a.id, "holder": a.holder, "touchpoints": [t.id for t in used_at(new_journey, a)]}
                for a in self.newly_used
            ],
            "assets_no_longer_used": [u.to_dict() for u in self.no_longer_used],
            "opportunities_taken_up": [u.to_dict() for u in self.taken_up],
            "contributions_new": [_contribution_dict(c) for c in self.contributions_new],
            "contributions_ended": [_contribution_dict(c) for c in self.contributions_ended],
            "opportunities_new": [u.to_dict() for u in self.new_opportunities],
            "opportunities_dropped": [u.to_dict() for u in self.dropped_opportunities],
            "touchpoints_no_longer_passive": [p.to_dict() for p in self.no_longer_passive],
            "touchpoints_newly_passive": [p.to_dict() for p in self.newly_passive],
            "star_coverage": {"old": coverage_dict(self.old.star_coverage),
                              "new": coverage_dict(self.new.star_coverage),
                              "change": coverage_dict(self.star_change)},
            "feelings_changed": [f.to_dict() for f in self.feelings],
            **self.evidence_dict(),
            "actions": self.actions.to_dict(),
            "outcomes_changed": [o.to_dict() for o in self.outcomes],
            "unused_willing_hours_per_month": {"old": self.old.unused_willing_hours,
                                               "new": self.new.unused_willing_hours, "change": self.hours_change},
            **({} if self.records is None else {"records": self.records.to_dict()}),
        }

    def evidence_dict(self) -> dict[str, Any]:
        """What changed in the evidence as plain data: needs' figures, actors' willingness, surveys by id."""
        return {"needs_changed": [n.to_dict() for n in self.needs],
                "willingness_changed": [w.to_dict() for w in self.willingness],
                "surveys": {"added": [s.id for s in self.surveys_added],
                            "removed": [s.id for s in self.surveys_removed],
                            "changed": [s.id for s in self.surveys_changed]}}


def used_at(journey: Journey, asset: Asset) -> tuple[Touchpoint, ...]:
    """The touchpoints where an asset is actually used, in file order."""
    places = {c.touchpoint for c in journey.contributions_of(asset) if c.is_actual}
    return tuple(t for t in journey.touchpoints if t.id in places)


def diff(old: Journey, new: Journey) -> JourneyDiff:
    """What changed between two maps' analyses: assets newly used or unused, opportunities, passive touchpoints, items.

    >>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint
    >>> ann = Actor(id="ann", name="Ann", role="carer", willingness="weekly")
    >>> as_is = Journey(title="As is", actors=[ann], assets=[Asset(holder=ann, kind="time")],
    ...                 stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Visit", actors=[ann])])],
    ...                 contributions=[Contribution(asset="ann_time", touchpoint="visit", phase="co_delivery",
    ...                                             status="potential")])
    >>> to_be = as_is.replace(contributions=[as_is.contributions[0].replace(status="actual")])
    >>> changes = diff(as_is, to_be)
    >>> [a.id for a in changes.newly_used], [u.touchpoint.id for u in changes.taken_up], changes.changed
    (['ann_time'], ['visit'], True)
    >>> [p.touchpoint.id for p in changes.no_longer_passive]
    ['visit']
    """
    expect(old, Journey, "diff(old, new)")
    expect(new, Journey, "diff(old, new)")
    before, after = analyse(old), analyse(new)
    was, now = actual_contributions(old), actual_contributions(new)
    actual_after = {(asset, touchpoint) for asset, touchpoint, _ in now}
    open_before = {_place(u) for u in before.untapped}
    open_after = {_place(u) for u in after.untapped}
    unused_before = {u.asset.id for u in before.unused_assets}
    unused_after = {u.asset.id for u in after.unused_assets}
    passive_before = {p.touchpoint.id for p in before.passive_touchpoints}
    passive_after = {p.touchpoint.id for p in after.passive_touchpoints}
    common_assets = _ids(old.assets) & _ids(new.assets)
    common_touchpoints = _ids(old.touchpoints) & _ids(new.touchpoints)
    return JourneyDiff(
        old=before,
        new=after,
        added=_only_in(new, old),
        removed=_only_in(old, new),
        newly_used=tuple(a for a in new.assets
                         if a.id in common_assets and a.id in unused_before and a.id not in unused_after),
        no_longer_used=tuple(u for u in after.unused_assets
                           if u.asset.id in common_assets and u.asset.id not in unused_before),
        taken_up=tuple(u for u in before.untapped if _place(u) in actual_after),
        contributions_new=tuple(c for key, c in now.items()
                                if key not in was and (c.asset, c.touchpoint) not in open_before),
        contributions_ended=tuple(c for key, c in was.items() if key not in now),
        new_opportunities=tuple(u for u in after.untapped if _place(u) not in open_before),
        dropped_opportunities=tuple(u for u in before.untapped
                                    if _place(u) not in actual_after and _place(u) not in open_after),
        no_longer_passive=tuple(p for p in before.passive_touchpoints
                                if p.touchpoint.id in common_touchpoints and p.touchpoint.id not in passive_after),
        newly_passive=tuple(p for p in after.passive_touchpoints
                            if p.touchpoint.id in common_touchpoints and p.touchpoint.id not in passive_before),
        feelings=tuple(change for t in new.touchpoints if t.id in common_touchpoints
                       for change in _feelings(old.touchpoint(t.id), t)),
        needs=_needs(old, new),
        willingness=tuple(WillingnessChange(actor=a, old=old.actor(a.id).willingness, new=a.willingness)
                          for a in new.actors if a.id in _ids(old.actors) and old.actor(a.id).willingness != a.willingness),
        surveys_added=tuple(s for s in new.surveys if s.id not in _ids(old.surveys)),
        surveys_removed=tuple(s for s in old.surveys if s.id not in _ids(new.surveys)),
        surveys_changed=tuple(s for s in new.surveys if s.id in _ids(old.surveys) and _survey(old, s.id) != s),
        actions=_actions(old, new),
        outcomes=_outcomes(before, after),
        records=records_diff(old, new),
    )


def _actions(old: Journey, new: Journey) -> ActionChanges:
    """Actions matched by id: added, removed, and those whose status became done or dropped."""
    before = {a.id: a for a in old.actions}
    after = {a.id for a in new.actions}

    def became(status: ActionStatus) -> tuple[Action, ...]:
        return tuple(a for a in new.actions if a.id in before and a.status is status and before[a.id].status is not status)

    return ActionChanges(added=tuple(a for a in new.actions if a.id not in before),
                         removed=tuple(a for a in old.actions if a.id not in after),
                         done=became(ActionStatus.DONE), dropped=became(ActionStatus.DROPPED))


def _outcomes(before: Analysis, after: Analysis) -> tuple[OutcomeChange, ...]:
    """Outcomes matched by id whose state differs: NEW's in order (None for OLD when it lacks them), then OLD's
    that NEW lacks."""
    was = {o.outcome.id: o for o in before.outcomes}
    now = {o.outcome.id for o in after.outcomes}
    changed = [OutcomeChange(outcome=o.outcome, old=was[o.outcome.id].state if o.outcome.id in was else None,
                             new=o.state)
               for o in after.outcomes if o.outcome.id not in was or was[o.outcome.id].state is not o.state]
    return tuple(changed + [OutcomeChange(outcome=o.outcome, old=o.state, new=None)
                            for o in before.outcomes if o.outcome.id not in now])


def _needs(old: Journey, new: Journey) -> tuple[NeedChange, ...]:
    """The needs whose figures differ, NEW's order first, then those only OLD has (a name given twice matches its
    first with the other map's first, and so on)."""
    before, after = _by_name(old.needs), _by_name(new.needs)
    changed = [NeedChange(name=key[0], old=before.get(key), new=n) for key, n in after.items() if before.get(key) != n]
    return tuple(changed + [NeedChange(name=key[0], old=n, new=None) for key, n in before.items() if key not in after])


def _by_name(needs: tuple[Need, ...]) -> dict[tuple[str, int], Need]:
    seen: dict[str, int] = {}
    keyed = {}
    for need in needs:
        seen[need.name] = seen.get(need.name, -1) + 1
        keyed[need.name, seen[need.name]] = need
    return keyed


def _need_figures(need: Need | None) -> dict[str, Any] | None:
    if need is None:
        return None
    return {"users": need.users, "staff": need.staff, "n_users": need.n_users, "n_staff": need.n_staff}


def _survey(journey: Journey, survey_id: str) -> Survey:
    return next(s for s in journey.surveys if s.id == survey_id)


def _word(word: Willingness | OutcomeState | None) -> str | None:
    return None if word is None else word.value


def _feelings(was: Touchpoint, now: Touchpoint) -> tuple[FeelingChange, ...]:
    """How a touchpoint's emotion and pain points changed: one change, or none when they did not."""
    added = tuple(p for p in now.pain_points if p not in was.pain_points)
    gone = tuple(p for p in was.pain_points if p not in now.pain_points)
    if was.emotion == now.emotion and not added and not gone:
        return ()
    return (FeelingChange(touchpoint=now, old_emotion=was.emotion, new_emotion=now.emotion,
                          pain_points_added=added, pain_points_gone=gone),)


def _contribution_dict(contribution: Contribution) -> dict[str, Any]:
    return {"asset": contribution.asset, "touchpoint": contribution.touchpoint, "phase": contribution.phase.value}


def _place(untapped: Untapped) -> tuple[str, str]:
    return untapped.asset.id, untapped.touchpoint.id


def _ids(items: tuple[Actor, ...] | tuple[Asset, ...] | tuple[Touchpoint, ...] | tuple[Survey, ...]) -> set[str]:
    return {item.id for item in items}


def _items(journey: Journey) -> tuple[Item, ...]:
    return (*journey.actors, *journey.assets, *journey.stages, *journey.touchpoints)


def _only_in(journey: Journey, other: Journey) -> tuple[Item, ...]:
    """The items of ``journey`` with no item of the same kind and id in ``other``."""
    theirs = {(type(item), item.id) for item in _items(other)}
    return tuple(item for item in _items(journey) if (type(item), item.id) not in theirs)


def _ids_by_kind(items: tuple[Item, ...]) -> dict[str, list[str]]:
    return {f"{word}s": [item.id for item in items if type(item) is cls] for cls, word in ITEM_KINDS.items()}


compare = diff
"""The earlier name of :func:`diff`, kept for scripts written against it."""
