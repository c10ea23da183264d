"""A whole journey's ids and references: one namespace of ids (actors, assets, stages, touchpoints, outcomes and
actions), and every reference resolved, each problem at its path with the nearest id suggested."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from journeymap.errors import InvalidMapError, Problem, did_you_mean, format_path
from journeymap.model_validators import a_or_an

if TYPE_CHECKING:
    from journeymap.model import Journey


KINDS = ("actors", "assets", "stages", "touchpoints", "outcomes", "actions")
"""The kinds of model object that have ids, which share one namespace (surveys have ids of their own)."""


def indexed(journey: Journey) -> dict[str, dict[str, Any]]:
    """A journey's actors, assets, stages and touchpoints by kind and id; InvalidMapError for a repeated id or a
    reference to no object of the right kind, each problem at its path with the nearest id suggested."""
    index: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    paths: dict[str, tuple[str, Any]] = {}
    problems: list[Problem] = []
    for kind, path, item in _identified(journey):
        if item.id in paths:
            other_kind, other_path = paths[item.id]
            problems.append(Problem(
                message=f"duplicate id '{item.id}'", path=(*path, "id"), value=item.id,
                suggestion=f"it is already the id of the {other_kind[:-1]} at {format_path(other_path)}; "
                "actors, assets, stages, touchpoints, outcomes and actions share one set of ids",
            ))
        else:
            paths[item.id] = (kind, path)
            index[kind][item.id] = item
    problems += _reference_problems(journey, index, paths)
    if problems:
        raise InvalidMapError(problems)
    return index


def _identified(journey: Journey) -> Iterator[tuple[str, tuple[Any, ...], Any]]:
    for i, actor in enumerate(journey.actors):
        yield "actors", ("actors", i), actor
    for i, asset in enumerate(journey.assets):
        yield "assets", ("assets", i), asset
    for s, stage in enumerate(journey.stages):
        yield "stages", ("stages", s), stage
        for t, touchpoint in enumerate(stage.touchpoints):
            yield "touchpoints", ("stages", s, "touchpoints", t), touchpoint
    for i, outcome in enumerate(journey.outcomes):
        yield "outcomes", ("outcomes", i), outcome
    for i, action in enumerate(journey.actions):
        yield "actions", ("actions", i), action


def _reference_problems(journey: Journey, index: dict[str, dict[str, Any]],
                        paths: dict[str, tuple[str, Any]]) -> Iterator[Problem]:
    hints: dict[tuple[str, str], str] = {}  # a large map may refer to one missing id thousands of times

    def hint(ref: str, kind: str) -> str:
        if ref in paths:
            return f"'{ref}' is {a_or_an(paths[ref][0][:-1])}, not {a_or_an(kind[:-1])}"
        known = list(index[kind])
        listed = ", ".join(known[:12]) + (f" and {len(known) - 12:,} more" if len(known) > 12 else "")
        return did_you_mean(ref, known) or f"known {kind}: {listed or 'none yet'}"

    def check(ref: str, kind: str, path: tuple[Any, ...]) -> Iterator[Problem]:
        if kind == "addressable":
            if ref in paths and paths[ref][0] != "actions":
                return
            if (ref, kind) not in hints:
                known = [i for i, (k, _) in paths.items() if k != "actions"]
                hints[ref, kind] = f"'{ref}' is an action: an action addresses findings, not other actions" \
                    if ref in paths else did_you_mean(ref, known) or "an action addresses the ids of assets, " \
                    "touchpoints, outcomes, actors or stages"
            yield Problem(message=f"unknown id '{ref}' in what the action addresses", path=path, value=ref,
                          suggestion=hints[ref, kind])
            return
        if ref in index[kind]:
            return
        if (ref, kind) not in hints:
            hints[ref, kind] = hint(ref, kind)
        yield Problem(message=f"unknown {kind[:-1]} '{ref}'", path=path, value=ref, suggestion=hints[ref, kind])

    if journey.persona is not None:
        yield from check(journey.persona, "actors", ("persona",))
    for i, asset in enumerate(journey.assets):
        yield from check(asset.holder, "actors", ("assets", i, "holder"))
    for s, stage in enumerate(journey.stages):
        for t, touchpoint in enumerate(stage.touchpoints):
            for a, actor in enumerate(touchpoint.actors):
                yield from check(actor, "actors", ("stages", s, "touchpoints", t, "actors", a))
            for o, outcome in enumerate(touchpoint.serves):
                yield from check(outcome, "outcomes", ("stages", s, "touchpoints", t, "serves", o))
    for i, edge in enumerate(journey.flow):
        yield from check(edge.source, "touchpoints", ("flow", i, "from"))
        yield from check(edge.target, "touchpoints", ("flow", i, "to"))
    for i, contribution in enumerate(journey.contributions):
        yield from check(contribution.asset, "assets", ("contributions", i, "asset"))
        yield from check(contribution.touchpoint, "touchpoints", ("contributions", i, "touchpoint"))
        for o, outcome in enumerate(contribution.serves):
            yield from check(outcome, "outcomes", ("contributions", i, "serves", o))
    owned: tuple[tuple[str, tuple[Any, ...]], ...] = (("needs", journey.needs), ("outcomes", journey.outcomes))
    for key, items in owned:
        for i, item in enumerate(items):
            for a, actor in enumerate(item.for_):
                yield from check(actor, "actors", (key, i, "for", a))
                if actor in index["actors"] and not index["actors"][actor].is_citizen:
                    yield _provider_in_for(index["actors"][actor], (key, i, "for", a), index, key[:-1])
    for i, action in enumerate(journey.actions):
        for a, ref in enumerate(action.addresses):
            yield from check(ref, "addressable", ("actions", i, "addresses", a))
    for i, variant in enumerate(journey.evidence.variants if journey.evidence else ()):
        for t, touchpoint_id in enumerate(variant.touchpoints):
            yield from check(touchpoint_id, "touchpoints", ("evidence", "variants", i, "touchpoints", t))
    for t, touchpoint_id in enumerate(journey.evidence.co_production_unknown if journey.evidence else ()):
        yield from check(touchpoint_id, "touchpoints", ("evidence", "co_production_unknown", t))


def _provider_in_for(actor: Any, path: tuple[Any, ...], index: dict[str, dict[str, Any]], noun: str) -> Problem:
    """A provider-side actor named in a need's or an outcome's ``for``, which names the citizens it belongs to."""
    citizens = [ident for ident, known in index["actors"].items() if known.is_citizen]
    otherwise = "out for a need of the whole population (a survey's)" if noun == "need" else \
        "out for an outcome of the persona's"
    return Problem(
        message=f"'{actor.id}' is {a_or_an(actor.role.value)}, on the provider side: "
                f"{a_or_an(noun)}'s `for` names citizens",
        path=path, value=actor.id,
        suggestion=f"list the citizens whose {noun} it is ({_listed(citizens)}), or leave `for` {otherwise}",
    )


def _listed(ids: list[str]) -> str:
    """Citizens' ids for a suggestion: the first dozen, and how many more."""
    if not ids:
        return "the map has none yet"
    return "citizens: " + ", ".join(ids[:12]) + (f" and {len(ids) - 12:,} more" if len(ids) > 12 else "")
