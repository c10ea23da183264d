"""journeymap analyse --person ID: one citizen's needs and capabilities (built in journeymap.people), printed."""

from __future__ import annotations

from typing import Any

from journeymap.analysis import Analysis
from journeymap.model import Journey
from journeymap.people import profile
from journeymap.outcomes import OutcomeState
from journeymap.wording import outcome_state, percent, willingness_in_full, words


def person(findings: Analysis, actor_id: str) -> dict[str, Any]:
    """One citizen's needs and capabilities as plain data (see journeymap.people.profile); a bad id is a UsageError."""
    return profile(findings, actor_id)


def person_text(profile: dict[str, Any], journey: Journey) -> str:
    """A citizen's profile as lines of text for the command line, touchpoints by name."""
    def named(ids: list[str]) -> str:
        return ", ".join(journey.touchpoint(i).name for i in ids)

    lines = [f"{profile['name']} ({words(profile['role'])})", "What matters to them (their own needs):"]
    lines += [f"  {n['need']}" + (f" (also for {', '.join(n['shared_with'])})" if n["shared_with"] else "")
              for n in profile["needs"]] or ["  none recorded"]
    lines.append("What matters to the people the service is for (the population's needs, share of users):")
    lines += [f"  {n['need']}" + ("" if n["users"] is None else f": {percent(n['users'])}")
              for n in profile["population_needs"]] or ["  none recorded"]
    lines.append("Outcomes that matter to them:")
    lines += [f"  {o['name']}: {outcome_state(OutcomeState(o['state']))}" for o in profile["outcomes"]] or \
        ["  none recorded"]
    lines.append("What they bring:")
    for item in profile["brings"]:
        where = named(item["used_at"]) or "unused" + (f" (could help at {named(item['could_be_used_at'])})"
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
