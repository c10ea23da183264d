"""Needs and capabilities, person by person: what matters to a citizen (their own needs, and the population's
behind them), what they bring (used or not, and where), whether they want to do more and whether they can."""

from __future__ import annotations

from typing import Any

from journeymap.analysis import Analysis
from journeymap.errors import UsageError, did_you_mean
from journeymap.model import Need


def profile(findings: Analysis, actor_id: str) -> dict[str, Any]:
    """One citizen's needs and capabilities as plain data.

    ``needs`` are the citizen's own (the needs whose ``for`` names them), each with the other citizens it is
    also for (``shared_with``); ``population_needs`` are the needs with no ``for``, the population's (a
    survey's), which stand behind every citizen. Each need keeps the shares of users and staff the map gives it.
    ``outcomes`` are the outcomes that matter to the citizen (those naming them, or the persona's), each with how
    far it is served.

    >>> from journeymap import Actor, Asset, Journey, Need, analyse
    >>> pat = Actor(id="pat", name="Pat", role="carer", willingness="monthly", constraints=["cannot lift"])
    >>> found = analyse(Journey(title="T", actors=[pat], assets=[Asset(holder=pat, kind="time")],
    ...                         needs=[Need(name="A break", users=0.6, staff=0.2),
    ...                                Need(name="Sleep through", users=0.3, staff=0.1, for_=[pat])]))
    >>> about = profile(found, "pat")
    >>> about["brings"][0]["used_at"], about["willingness"], about["constraints"]
    ([], 'monthly', ['cannot lift'])
    >>> [n["need"] for n in about["needs"]], [n["need"] for n in about["population_needs"]]
    (['Sleep through'], ['A break'])
    """
    journey = findings.journey
    citizens = [a.id for a in journey.actors if a.is_citizen]
    if actor_id not in citizens:
        raise UsageError(f"no citizen with id {actor_id!r}; "
                         + (did_you_mean(actor_id, citizens) or f"citizens: {', '.join(citizens) or 'none'}"))
    actor = journey.actor(actor_id)
    brings = []
    for asset in (a for a in journey.assets if a.holder == actor_id):
        contributions = journey.contributions_of(asset)
        brings.append({"asset": asset.id, "label": asset.label, "kind": asset.kind.value,
                       "hours_per_month": asset.hours_per_month,
                       "used_at": [c.touchpoint for c in contributions if c.is_actual],
                       "could_be_used_at": [c.touchpoint for c in contributions if not c.is_actual],
                       "grade": None if (u := findings.unused_asset(asset)) is None else u.grade.value})
    own = [{**_need(n), "shared_with": [other for other in n.for_ if other != actor_id]}
           for n in journey.needs if actor_id in n.for_]
    return {"id": actor.id, "name": actor.name, "role": actor.role.value,
            "needs": own, "population_needs": [_need(n) for n in journey.needs if not n.is_personal],
            "outcomes": [{"outcome": o.outcome.id, "name": o.outcome.name, "state": o.state.value}
                         for o in findings.outcomes if actor_id in o.people],
            "brings": brings, "willingness": None if actor.willingness is None else actor.willingness.value,
            "constraints": list(actor.constraints)}


def _need(need: Need) -> dict[str, Any]:
    return {"need": need.name, "users": need.users, "staff": need.staff}


def profiles(findings: Analysis) -> list[dict[str, Any]]:
    """Every citizen's profile, in the map's order of actors (professionals and organisations have none).

    >>> from journeymap import Actor, Journey, analyse
    >>> found = analyse(Journey(title="T", actors=[Actor(id="gp", name="GP", role="professional"),
    ...                                             Actor(id="ann", name="Ann", role="service_user")]))
    >>> [p["id"] for p in profiles(found)]
    ['ann']
    """
    return [profile(findings, actor.id) for actor in findings.journey.actors if actor.is_citizen]
