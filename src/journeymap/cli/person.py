"""Needs and capabilities, person by person: what matters to a citizen, what they bring (used or not, and where),
whether they want to do more and whether they can."""

from __future__ import annotations

from typing import Any

from journeymap.analysis import Analysis
from journeymap.errors import UsageError, did_you_mean
from journeymap.wording import willingness_in_full, words


def person(findings: Analysis, actor_id: str) -> dict[str, Any]:
    """One citizen's needs and capabilities as plain data (needs are the map's: a need names no person yet).

    >>> from journeymap import Actor, Asset, Journey, Need, analyse
    >>> pat = Actor(id="pat", name="Pat", role="carer", willingness="monthly", constraints=["cannot lift"])
    >>> found = analyse(Journey(title="T", actors=[pat], assets=[Asset(holder=pat, kind="time")],
    ...                         needs=[Need(name="A break", users=0.6, staff=0.2)]))
    >>> profile = person(found, "pat")
    >>> profile["brings"][0]["used_at"], profile["willingness"], profile["constraints"]
    ([], 'monthly', ['cannot lift'])
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
    return {"id": actor.id, "name": actor.name, "role": actor.role.value,
            "needs": [{"need": n.name, "users": n.users, "staff": n.staff} for n in journey.needs],
            "brings": brings, "willingness": None if actor.willingness is None else actor.willingness.value,
            "constraints": list(actor.constraints)}


def person_text(profile: dict[str, Any]) -> str:
    """A citizen's profile as lines of text for the command line."""
    lines = [f"{profile['name']} ({words(profile['role'])})", "What matters (the map's needs, share of users):"]
    lines += [f"  {n['need']}: {round(n['users'] * 100)}%" for n in profile["needs"]] or ["  none recorded"]
    lines.append("What they bring:")
    for item in profile["brings"]:
        where = ", ".join(item["used_at"]) or "unused" + (f" (could help at {', '.join(item['could_be_used_at'])})"
                                                          if item["could_be_used_at"] else "")
        lines.append(f"  {item['label']}: {where}")
    if not profile["brings"]:
        lines.append("  nothing recorded")
    willingness = profile["willingness"]
    lines.append(f"Wants to do more: {willingness_in_full(None if willingness is None else _word(willingness))}")
    lines.append("Can do more: " + ("; ".join(profile["constraints"]) and
                                    "constrained: " + "; ".join(profile["constraints"]) or "no constraint recorded"))
    return "\n".join(lines) + "\n"


def _word(value: str) -> Any:
    from journeymap.vocabulary import Willingness
    return Willingness(value)
