"""Warnings about a valid map that is probably not finished (what ``journeymap check`` reports)."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.analysis import Analysis, Grade, analyse
from journeymap.checks_records import records_warnings
from journeymap.errors import Problem, expect
from journeymap.graph import start_touchpoints, unreachable_touchpoints
from journeymap.model import Journey
from journeymap.outcomes import OutcomeState
from journeymap.plan import addressed_by, is_addressed
from journeymap.wording import tokenism_reason


def find_warnings(journey: Journey) -> tuple[Problem, ...]:
    """Everything in a valid journey that looks unfinished, each with the path of what it is about.

    >>> from journeymap import Journey, Stage
    >>> [(w.message, w.path) for w in find_warnings(Journey(title="T", stages=[Stage(name="Later")]))]
    [("stage 'later' has no touchpoints", ('stages', 0))]
    """
    expect(journey, Journey, "find_warnings(journey)")
    return tuple(_warnings(journey))


def _warnings(journey: Journey) -> Iterator[Problem]:
    if not journey.stages:
        yield Problem(message="the map has no stages yet", path=("stages",),
                      suggestion="add a stage with at least one touchpoint")
    for s, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            yield Problem(message=f"stage '{stage.id}' has no touchpoints", path=("stages", s),
                          value=stage.id, suggestion="add touchpoints to it or remove it")

    present = {a for t in journey.touchpoints for a in t.actors}
    for i, actor in enumerate(journey.actors):
        if actor.id not in present:
            yield Problem(message=f"actor '{actor.id}' is never present at a touchpoint", path=("actors", i),
                          value=actor.id, suggestion="list them in the actors of the touchpoints they attend")

    contributed = {c.asset for c in journey.contributions}
    for i, asset in enumerate(journey.assets):
        if asset.id not in contributed:
            acting = next((a.id for a in journey.actions if asset.id in a.addresses), None)
            yield Problem(message=f"asset '{asset.id}' has no actual or potential use", path=("assets", i),
                          value=asset.id, suggestion=(
                              f"the action '{acting}' addresses it; when it finds a use, add a contribution there"
                              if acting else "add a contribution saying where it is used or could be (status: "
                              "potential)"))

    if journey.flow:
        in_flow = {e.source for e in journey.flow} | {e.target for e in journey.flow}
        # A touchpoint from records is off the flow, or cut off on it, where its steps were too rare to show: its
        # card says so (rendering.records.unshown_steps); that is no gap for the map's author to fill.
        counted = {t.id for t in journey.touchpoints if t.cases is not None} if journey.evidence else set()
        unreachable = {t.id for t in unreachable_touchpoints(journey)}
        starts = ", ".join(f"'{t.id}'" for t in start_touchpoints(journey))
        for s, stage in enumerate(journey.stages):
            for t, touchpoint in enumerate(stage.touchpoints):
                if touchpoint.id in counted:
                    continue
                if len(journey.touchpoints) > 1 and touchpoint.id not in in_flow:
                    yield Problem(message=f"touchpoint '{touchpoint.id}' is not in the flow",
                                  path=("stages", s, "touchpoints", t), value=touchpoint.id,
                                  suggestion="add a flow step from or to it")
                elif touchpoint.id in unreachable:
                    yield Problem(message=f"touchpoint '{touchpoint.id}' cannot be reached along the flow",
                                  path=("stages", s, "touchpoints", t), value=touchpoint.id,
                                  suggestion=f"no path of flow steps leads to it from where the journey starts "
                                  f"({starts}); add a step into it from a touchpoint on the way")

    findings = analyse(journey)
    yield from _tokenism(journey, findings)
    yield from _plan_warnings(journey, findings)

    seen: set[tuple[str, str, str, str]] = set()
    for i, c in enumerate(journey.contributions):
        key = (c.asset, c.touchpoint, c.phase.value, c.status.value)
        if key in seen:
            yield Problem(message=f"contribution of '{c.asset}' at '{c.touchpoint}' is listed twice",
                          path=("contributions", i), value=c.asset,
                          suggestion="remove the repeat: each one counts in the Star coverage")
        seen.add(key)
    yield from records_warnings(journey)


def _tokenism(journey: Journey, findings: Analysis) -> Iterator[Problem]:
    """A touchpoint claiming co-design or co-production where no citizen takes part: tokenism."""
    found = findings.tokenism
    if not found:
        return
    places = {t.id: (s, i) for s, stage in enumerate(journey.stages) for i, t in enumerate(stage.touchpoints)}
    for t in found:
        stage, index = places[t.touchpoint.id]
        yield Problem(message=f"touchpoint '{t.touchpoint.id}' is tokenism: {tokenism_reason(t)}",
                      path=("stages", stage, "touchpoints", index), value=t.touchpoint.id,
                      suggestion="list the citizens who take part in its actors and what they bring in "
                      "contributions, or give the rung that says what happens there (e.g. consultation)")


def _plan_warnings(journey: Journey, findings: Analysis) -> Iterator[Problem]:
    """An outcome nothing serves; and, once the map has an action plan (any actions), a willing holder's unused
    asset that no action addresses (an as-is map without a plan is not asked for one)."""
    places = {asset.id: i for i, asset in enumerate(journey.assets)}
    if journey.actions:
        for unused in findings.unused_assets:
            if unused.grade is Grade.WILLING and not is_addressed(unused, journey.actions):
                yield Problem(message=f"asset '{unused.asset.id}' is unused, its holder '{unused.holder.id}' is "
                              "willing, and no action addresses it", path=("assets", places[unused.asset.id]),
                              value=unused.asset.id,
                              suggestion=f"add an action with addresses: [{unused.asset.id}] (journeymap plan MAP "
                              "drafts one), or a contribution where it is used")
    outcomes = {outcome.id: i for i, outcome in enumerate(journey.outcomes)}
    for found in findings.outcomes:
        if found.state is OutcomeState.UNSERVED:
            ident = found.outcome.id
            acting = addressed_by(found, journey.actions)
            suggestion = (f"the action '{acting.id}' addresses it; when something serves it, add serves: [{ident}] "
                          "there" if acting else f"add serves: [{ident}] to the touchpoints or contributions that serve it; "
                          "if none does yet, journeymap plan MAP drafts an action for it")
            yield Problem(message=f"outcome '{ident}' is served by nothing", path=("outcomes", outcomes[ident]),
                          value=ident, suggestion=suggestion)
