"""Outcomes as the analysis finds them: unserved (nothing serves it), service-only (served, but by no actual
citizen contribution: not co-produced) or co-produced (at least one actual citizen contribution serves it, directly
or at a touchpoint that serves it); and the needs that name the same thing as an outcome.

>>> from journeymap import Actor, Asset, Contribution, Journey, Outcome, Stage, Touchpoint
>>> ann = Actor(id="ann", name="Ann", role="service_user")
>>> journey = Journey(title="T", persona=ann, actors=[ann], assets=[Asset(holder=ann, kind="time")],
...     stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Visit", serves=["home"]),
...                                          Touchpoint(id="club", name="Club", serves=["friends"])])],
...     contributions=[Contribution(asset="ann_time", touchpoint="club", phase="co_delivery")],
...     outcomes=[Outcome(id="home", name="Stay at home"), Outcome(id="friends", name="Make friends"),
...               Outcome(id="walk", name="Walk to the shops")])
>>> [(f.outcome.id, f.state.value) for f in outcome_findings(journey)]
[('home', 'service_only'), ('friends', 'co_produced'), ('walk', 'unserved')]
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from journeymap.model import Contribution, Journey, Need, Outcome, Touchpoint
from journeymap.model_converters import name_key


class OutcomeState(StrEnum):
    """How far an outcome is served, and by whom.

    >>> [state.value for state in OutcomeState]
    ['unserved', 'service_only', 'co_produced']
    """

    UNSERVED = "unserved"  # nothing serves it
    SERVICE_ONLY = "service_only"  # served, but by no actual citizen contribution
    CO_PRODUCED = "co_produced"  # at least one actual citizen contribution serves it


@attrs.frozen(kw_only=True)
class OutcomeFinding:
    """One outcome, how it is served, and what serves it: touchpoints, and the actual citizen contributions that
    serve it (directly, or at a touchpoint that serves it).

    >>> from journeymap import Journey, Outcome, Stage, Touchpoint
    >>> (found,) = outcome_findings(Journey(title="T", outcomes=[Outcome(id="home", name="Stay at home")],
    ...     stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Visit", serves=["home"])])]))
    >>> found.state.value, [t.id for t in found.touchpoints], found.to_dict()["for"]
    ('service_only', ['visit'], [])
    """

    outcome: Outcome
    state: OutcomeState
    touchpoints: tuple[Touchpoint, ...]
    contributions: tuple[Contribution, ...]
    people: tuple[str, ...]  # the ids of the citizens it is for (the persona, unless it names them)
    needs: tuple[Need, ...] = ()  # needs that name the same thing

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain data, objects named by id (contributions as asset and touchpoint)."""
        return {"outcome": self.outcome.id, "name": self.outcome.name, "state": self.state.value,
                "for": list(self.people), "touchpoints": [t.id for t in self.touchpoints],
                "contributions": [{"asset": c.asset, "touchpoint": c.touchpoint} for c in self.contributions],
                "needs": [n.name for n in self.needs]}


def outcome_findings(journey: Journey, citizen_assets: set[str] | None = None) -> tuple[OutcomeFinding, ...]:
    """Each outcome of ``journey``, in file order, with how it is served; ``citizen_assets`` (the ids of assets
    citizens hold) is worked out when not given."""
    if not journey.outcomes:
        return ()
    if citizen_assets is None:
        citizens = {a.id for a in journey.actors if a.is_citizen}
        citizen_assets = {a.id for a in journey.assets if a.holder in citizens}
    serving_touchpoints: dict[str, list[Touchpoint]] = {}
    for touchpoint in journey.touchpoints:
        for ident in touchpoint.serves:
            serving_touchpoints.setdefault(ident, []).append(touchpoint)
    citizens_actual = [c for c in journey.contributions if c.is_actual and c.asset in citizen_assets]
    direct: dict[str, list[Contribution]] = {}  # actual contributions (citizens' or staff's) naming an outcome
    for contribution in (c for c in journey.contributions if c.is_actual):
        for ident in contribution.serves:
            direct.setdefault(ident, []).append(contribution)
    needs = {name_key(n.name): n for n in reversed(journey.needs)}  # the first of a name
    found = []
    for outcome in journey.outcomes:
        touchpoints = tuple(serving_touchpoints.get(outcome.id, ()))
        places = {t.id for t in touchpoints}
        serving = tuple(c for c in citizens_actual if outcome.id in c.serves or c.touchpoint in places)
        served = bool(touchpoints or direct.get(outcome.id))
        state = OutcomeState.CO_PRODUCED if serving else OutcomeState.SERVICE_ONLY if served \
            else OutcomeState.UNSERVED
        need = needs.get(name_key(outcome.name))
        found.append(OutcomeFinding(outcome=outcome, state=state, touchpoints=touchpoints, contributions=serving,
                                    people=journey.outcome_for(outcome), needs=(need,) if need else ()))
    return tuple(found)
