"""The scorecard: one map version's co-production in a few figures, the measures `journeymap history` follows.

Every figure is counted from the Analysis (the findings are never worked out again here):

>>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint, analyse
>>> ann = Actor(id="ann", name="Ann", role="service_user", willingness="weekly")
>>> journey = Journey(title="T", actors=[ann], assets=[Asset(holder=ann, kind="time", hours_per_month=4),
...                                                    Asset(holder=ann, kind="skills", hours_per_month=2)],
...                   stages=[Stage(name="S", touchpoints=[Touchpoint(id="call", name="Call", actors=[ann])])],
...                   contributions=[Contribution(asset="ann_time", touchpoint="call", phase="co_delivery")])
>>> card = scorecard(analyse(journey))
>>> card.assets_used, card.citizen_assets, card.willing_hours_used, card.willing_hours_unused, card.passive_touchpoints
(1, 2, 4.0, 2.0, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from journeymap.analysis import Analysis, Grade, UnusedAsset
from journeymap.analysis_records import co_production_unknown
from journeymap.comparison_records import filter_rules
from journeymap.errors import expect
from journeymap.outcomes import OutcomeState
from journeymap.vocabulary import ActionStatus, Phase

SCORECARD_VERSION = 3
"""The scorecard's format: raised whenever a figure is added or defined anew, so that cached scorecards of an
earlier format are scored again."""


# Each count's keys in the vocabulary's order, every one present (0 when not given), whatever order they came in.
def _phase_counts(value: Any) -> dict[Phase, tuple[int, int]]:
    given = {Phase(phase): (int(actual), int(potential)) for phase, (actual, potential) in dict(value).items()}
    return {phase: given.get(phase, (0, 0)) for phase in Phase}


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _outcome_counts(value: Any) -> dict[OutcomeState, int]:
    given = {OutcomeState(state): int(n) for state, n in dict(value).items()}
    return {state: given.get(state, 0) for state in OutcomeState}


def _action_counts(value: Any) -> dict[ActionStatus, int]:
    given = {ActionStatus(status): int(n) for status, n in dict(value).items()}
    return {status: given.get(status, 0) for status in ActionStatus}


@attrs.frozen(kw_only=True)
class Scorecard:
    """One map version's co-production in figures; each defined below, each counted from ``analyse()``.

    >>> from journeymap import analyse, load
    >>> card = scorecard(analyse(load("examples/sight_loss_to_be.yaml")))
    >>> card.assets_used, card.citizen_assets, card.passive_touchpoints, card.share_used
    (7, 10, 2, 0.7)
    """

    citizen_assets: int
    """Assets held by citizen-side actors (Analysis.citizen_assets); staff assets are not counted."""
    assets_used: int
    """Of those, the assets with an actual contribution somewhere: citizen assets less Analysis.unused_assets."""
    willing_hours_used: float
    """Hours a month of used citizen assets whose holder is willing and free of constraints (graded willing had
    the asset gone unused); assets without hours count 0."""
    willing_hours_unused: float
    """Hours a month of unused assets graded willing: Analysis.unused_willing_hours."""
    passive_touchpoints: int
    """Touchpoints with a citizen present and no actual citizen contribution: len(Analysis.passive_touchpoints)."""
    touchpoints_with_citizen: int
    """Touchpoints with at least one citizen-side actor present (only these can be passive)."""
    star: dict[Phase, tuple[int, int]] = attrs.field(converter=_phase_counts)
    """Each Star phase's (actual, potential) count of citizens' contributions: Analysis.star_coverage."""
    outcomes: dict[OutcomeState, int] = attrs.field(converter=_outcome_counts)
    """How many outcomes are unserved, service-only and co-produced: Analysis.outcomes by state (all three keys)."""
    actions: dict[ActionStatus, int] = attrs.field(converter=_action_counts)
    """How many actions are todo, doing, done and dropped (every status a key)."""
    cases: int | None = None
    """From records: the cases the map was discovered from (None for a map not discovered from records)."""
    co_delivery_cases: int | None = None
    """From records: the cases at touchpoints in which citizens acted, added up over the actual contributions (a
    case is counted once for each touchpoint and group); None where one of them has no count."""
    threshold: int | None = None
    """From records: the disclosure threshold it was discovered with."""
    filters: tuple[str, ...] = attrs.field(default=(), converter=_texts)  # typed, unlike tuple, for mypy's users
    """From records: the filters it was discovered with, each as its rule (comparison_records.filter_rules)."""

    @property
    def share_used(self) -> float | None:
        """The share of citizen assets used, 0 to 1; None for a map without citizen assets."""
        return self.assets_used / self.citizen_assets if self.citizen_assets else None

    @property
    def share_known(self) -> bool:
        """Whether the share used tells anything: not on a map from records with every citizen asset used, as records
        hold only the assets people used (what else they would bring is not in them)."""
        return self.cases is None or self.assets_used < self.citizen_assets

    @property
    def acting_per_case(self) -> float | None:
        """From records: how many times citizens acted at a touchpoint (co_delivery_cases) per case; None for a map
        not discovered from records, or of no cases."""
        return self.co_delivery_cases / self.cases if self.cases and self.co_delivery_cases is not None else None

    @property
    def outcome_count(self) -> int:
        """All the map's outcomes."""
        return sum(self.outcomes.values())

    @property
    def action_count(self) -> int:
        """All the map's actions, dropped ones too."""
        return sum(self.actions.values())

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain data (the ``history --json`` shape and the cache's), words for keys.

        >>> from journeymap import Journey, analyse
        >>> card = scorecard(analyse(Journey(title="Empty")))
        >>> Scorecard.from_dict(card.to_dict()) == card, card.to_dict()["outcomes"]
        (True, {'unserved': 0, 'service_only': 0, 'co_produced': 0})
        """
        return {
            "assets_used": self.assets_used, "citizen_assets": self.citizen_assets,
            "willing_hours_used": self.willing_hours_used, "willing_hours_unused": self.willing_hours_unused,
            "passive_touchpoints": self.passive_touchpoints, "touchpoints_with_citizen": self.touchpoints_with_citizen,
            "star": {phase.value: {"actual": actual, "potential": potential}
                     for phase, (actual, potential) in self.star.items()},
            "outcomes": {state.value: n for state, n in self.outcomes.items()},
            "actions": {status.value: n for status, n in self.actions.items()},
            "records": None if self.cases is None else {
                "cases": self.cases, "co_delivery_cases": self.co_delivery_cases, "threshold": self.threshold,
                "filters": list(self.filters)},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorecard:
        """A scorecard from :meth:`to_dict`'s plain data; KeyError, TypeError or ValueError when it is not that."""
        return cls(
            assets_used=int(data["assets_used"]), citizen_assets=int(data["citizen_assets"]),
            willing_hours_used=float(data["willing_hours_used"]),
            willing_hours_unused=float(data["willing_hours_unused"]),
            passive_touchpoints=int(data["passive_touchpoints"]),
            touchpoints_with_citizen=int(data["touchpoints_with_citizen"]),
            star={phase: (counts["actual"], counts["potential"]) for phase, counts in data["star"].items()},
            outcomes=data["outcomes"], actions=data["actions"],
            **({} if data.get("records") is None else {
                "cases": int(data["records"]["cases"]), "co_delivery_cases": data["records"]["co_delivery_cases"],
                "threshold": data["records"]["threshold"], "filters": data["records"]["filters"]}),
        )


def scorecard(analysis: Analysis) -> Scorecard:
    """The scorecard of an analysed map version.

    >>> from journeymap import Journey, analyse
    >>> scorecard(analyse(Journey(title="Empty"))).share_used is None
    True
    """
    expect(analysis, Analysis, "scorecard(analysis)")
    journey = analysis.journey
    citizen_assets = analysis.citizen_assets
    used = [a for a in citizen_assets if not analysis.is_unused(a)]
    # graded by the Analysis's own rule, as the asset would be were it unused
    willing_used = [a for a in used
                    if UnusedAsset(asset=a, holder=journey.holder(a), stages=()).grade is Grade.WILLING]
    citizens = {a.id for a in journey.actors if a.is_citizen}
    unknown = co_production_unknown(journey)  # judged neither way: not counted among those with a citizen
    outcomes = dict.fromkeys(OutcomeState, 0)
    for finding in analysis.outcomes:
        outcomes[finding.state] += 1
    actions = dict.fromkeys(ActionStatus, 0)
    for action in journey.actions:
        actions[action.status] += 1
    return Scorecard(
        citizen_assets=len(citizen_assets),
        assets_used=len(used),
        willing_hours_used=float(sum(a.hours_per_month or 0 for a in willing_used)),
        willing_hours_unused=float(analysis.unused_willing_hours),
        passive_touchpoints=len(analysis.passive_touchpoints),
        touchpoints_with_citizen=sum(1 for t in journey.touchpoints if any(a in citizens for a in t.actors)
                                     and t.id not in unknown),
        star={phase: (count.actual, count.potential) for phase, count in analysis.star_coverage.items()},
        outcomes=outcomes,
        actions=actions,
        **_records_figures(analysis),
    )


def _records_figures(analysis: Analysis) -> dict[str, Any]:
    """A map discovered from records: its cases, the cases of its citizens' contributions, its threshold and
    filters; nothing for a map that is not."""
    journey = analysis.journey
    evidence = journey.evidence
    if evidence is None:
        return {}
    counted = [c.cases for c in journey.contributions
               if c.is_actual and journey.holder(journey.asset(c.asset)).is_citizen]
    # A contribution with no count (a map written before discover counted them, or edited by hand): not known.
    acting = None if None in counted else sum(c for c in counted if c is not None)
    return {"cases": evidence.cases, "co_delivery_cases": acting, "threshold": evidence.threshold,
            "filters": filter_rules(evidence)}


def not_like_for_like(cards: Iterable[Scorecard]) -> str | None:
    """The warning that maps are not like for like, whose figures differ for that reason too: some drawn by hand and
    some discovered from records, or discovered with other thresholds or filters; None when they are alike."""
    cards = list(cards)
    ways = {(card.threshold, card.filters) for card in cards if card.cases is not None}
    if ways and any(card.cases is None for card in cards):
        return ("Not like for like: some versions were drawn by hand and some discovered from records, so their "
                "figures differ for that reason too.")
    if len(ways) < 2:
        return None
    told = "; ".join(f"threshold {threshold} cases" + "".join(f", {rule}" for rule in rules)
                     for threshold, rules in sorted(ways, key=lambda way: (way[0] or 0, way[1])))
    return (f"Not like for like: versions were discovered from records with different disclosure thresholds or "
            f"filters ({told}), so their figures differ for that reason too.")


@attrs.frozen(kw_only=True)
class ScoredVersion:
    """One version of a map in its history, and its scorecard: what the trend view and the report draw."""

    commit: str  # the full hash; "" for the working copy
    date: str  # the author date, ISO 8601
    subject: str  # the commit message's first line
    scorecard: Scorecard

    @property
    def label(self) -> str:
        """The version as the trend's axis names it: its date (YYYY-MM-DD), or ``working copy``."""
        return self.date[:10] if self.commit else "working copy"

    @property
    def short(self) -> str:
        """The commit's short hash (7 characters), or ``working``."""
        return self.commit[:7] if self.commit else "working"
