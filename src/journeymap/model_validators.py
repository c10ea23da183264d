"""The model's validators: each raises InvalidMapError naming the field, the value and a fix; and the check of
a whole journey, that its ids are unique and every reference resolves.

>>> from journeymap.model import Touchpoint
>>> Touchpoint(name="Tea", actors=["ann", "ann"])
Traceback (most recent call last):
...
journeymap.errors.InvalidMapError: actors[1]: actor 'ann' is listed twice at this touchpoint; ...
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from journeymap.errors import InvalidMapError, Problem, did_you_mean, format_path
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN, Side

if TYPE_CHECKING:  # the model's classes use these validators: only their type is needed here
    from journeymap.model import Journey

# Public limits, so that the JSON Schema (journeymap.schema) states the same rules.
ID_PATTERN = r"[^\W\d][\w.-]*"  # an id, matched whole: a letter or '_', then letters, digits, '_', '-', '.'
SHARE_MIN, SHARE_MAX = 0, 1  # a need's users and staff: the share of each group that names it
HOURS_MIN, HOURS_MAX = 0, 100_000  # an asset's hours_per_month: a whole community's month is far below the cap

_ID = re.compile(ID_PATTERN)  # used with fullmatch: "$" would let a final newline in

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _fail(attribute: attrs.Attribute[Any], message: str, value: Any, suggestion: str | None = None) -> None:
    raise InvalidMapError([Problem(message=message, path=(attribute.name,), value=value, suggestion=suggestion)])


def _describe(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _quoted(name: str, value: Any, wanted: str, written: str | None = None) -> str | None:
    """Why text that reads as ``wanted`` (a number, true or false) is refused: quotes made it text; else None."""
    if not isinstance(value, str) or not _looks(value, wanted):
        return None
    return f"{name} {_describe(value)} is text, not {wanted}: the quotes made it text; drop them (write {value.strip()})"


def _looks(value: str, wanted: str) -> bool:
    if wanted == "true or false":
        return value.strip().lower() in ("true", "false")
    try:
        float(value.strip().replace("\u2212", "-"))
    except ValueError:
        return False
    return True


def text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Text, not blank."""
    if not isinstance(value, str):
        _fail(attribute, f"{attribute.name} must be text, not {_describe(value)}", value,
              "put the value in quotes")
    elif not value.strip():
        _fail(attribute, f"{attribute.name} must not be empty", value)


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Text, not blank, or None."""
    if value is not None:
        text(instance, attribute, value)


def identifier(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id: a letter or '_', then letters, digits, '_', '-' and '.'."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        _fail(attribute, f"{attribute.name} {_describe(value)} is not a valid id", value,
              "an id starts with a letter or '_' and holds letters, digits, '_', '-' and '.'"
              + (" (give an explicit id: none can be derived from the name)" if value == "" else ""))


def optional_identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id, or None."""
    if value is not None:
        identifier(instance, attribute, value)


def vocabulary(enum: type[StrEnum], *, optional: bool = False) -> Validator:
    """A validator for a word of ``enum`` (already converted by the field's converter), suggesting the nearest."""
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (optional and value is None) or isinstance(value, enum):
            return
        choices = [m.value for m in enum]
        message = f"unknown {attribute.name} {_describe(value)}" if isinstance(value, str) else \
            f"{attribute.name} must be a word, not {_describe(value)}"
        _fail(attribute, message, value,
              did_you_mean(value, choices) or f"{_a(attribute.name)} is one of: {', '.join(choices)}")

    setattr(check, "expects_text", True)  # noqa: B010 - a function attribute mypy would refuse as an assignment
    return check


def expects_text(validator: Any) -> bool:
    """Whether a field's validator takes text (a word, an id, a name), so that a number or a boolean given
    there was most likely meant as text."""
    if validator in (text, optional_text, identifier, optional_identifier):
        return True
    if getattr(validator, "expects_text", False):
        return True
    return any(expects_text(v) for v in getattr(validator, "_validators", ()))  # attrs' and_ of a list


def emotion(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number from EMOTION_MIN to EMOTION_MAX, or None."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not EMOTION_MIN <= value <= EMOTION_MAX:
        wrong = _quoted("emotion", value, "a number") or \
            f"emotion {_describe(value)} is not a whole number from {EMOTION_MIN} to {EMOTION_MAX}"
        _fail(attribute, wrong, value, "-2 is very negative, 0 neutral, +2 very positive (Mermaid's 1..5 is score - 3)")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def share(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A share of a group, from 0 to 1, or None."""
    if value is not None and (not _number(value) or not SHARE_MIN <= value <= SHARE_MAX):
        _fail(attribute, _quoted(attribute.name, value, "a number") or
              f"{attribute.name} {_describe(value)} is not a share from 0 to 1", value,
              "write 91% as 0.91")


def hours(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A number of hours a month from HOURS_MIN to HOURS_MAX, or None."""
    if value is not None and (not _number(value) or not HOURS_MIN <= value <= HOURS_MAX):
        _fail(attribute, _quoted("hours_per_month", value, "a number") or
              f"hours_per_month {_describe(value)} is not a number of hours from {HOURS_MIN} to {HOURS_MAX:,}", value)


def count(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number of people, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail(attribute, _quoted(attribute.name, value, "a number") or
              f"{attribute.name} {_describe(value)} is not a whole number of people, 0 or more", value,
              "count people (write 12, not 0.12 or '12')")


def positive_count(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number of people, 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        _fail(attribute, _quoted(attribute.name, value, "a number") or
              f"{attribute.name} {_describe(value)} is not a whole number of people, 1 or more", value,
              "count people (write 5, not 0.5 or '5')")


def optional_positive_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number of people, 1 or more, or None."""
    if value is not None:
        positive_count(instance, attribute, value)


def counts_a_share(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``n_users`` or ``n_staff`` only beside the share it counts (``users`` or ``staff``)."""
    group = attribute.name.removeprefix("n_")
    if value is not None and getattr(instance, group, 0) is None:  # 0: absent while a file's fields are checked
        _fail(attribute, f"{attribute.name} without {group}: n is how many answered the question {group} is the "
              f"share of", value, f"give {group} too, or leave {attribute.name} out")


def flag(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """True or false, nothing else."""
    if not isinstance(value, bool):
        _fail(attribute, _quoted(attribute.name, value, "true or false") or
              f"{attribute.name} must be true or false, not {_describe(value)}", value)


def tuple_of(check: Validator) -> Validator:
    """A validator for a tuple whose every item passes ``check``; a problem names the item's index."""
    def each(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            _fail(attribute, f"{attribute.name} must be a list, not {_describe(value)}", value)
        for index, item in enumerate(value):
            try:
                check(instance, attribute, item)
            except InvalidMapError as error:
                raise InvalidMapError(
                    attrs.evolve(p, path=(attribute.name, index, *p.path[1:])) for p in error.problems
                ) from None

    setattr(each, "expects_text", expects_text(check))  # noqa: B010 - as above
    return each


def once_each(noun: str, place: str) -> Validator:
    """Each item of a list of ids at most once: a repeat is reported at its own index, naming the first."""
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if len(set(value)) == len(value):
            return
        counts = Counter(value)
        first: dict[Any, int] = {}
        problems = []
        for index, item in enumerate(value):
            if item not in first:
                first[item] = index
                continue
            count = counts[item]
            problems.append(Problem(
                message=f"{noun} {_describe(item)} is listed {'twice' if count == 2 else f'{count} times'} {place}",
                path=(attribute.name, index), value=item,
                suggestion=f"it is already {format_path((attribute.name, first[item]))}; list each {noun} once",
            ))
        if problems:
            raise InvalidMapError(problems)

    return check


def citizen_only(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Nothing on a provider-side actor: ``constraints`` describe what keeps a citizen from doing more."""
    side = getattr(getattr(instance, "role", None), "side", None)
    if value and side is not None and side is not Side.CITIZEN:
        _fail(attribute, f"a {instance.role.value} is on the provider side and cannot have {attribute.name}",
              list(value), f"{attribute.name} record what keeps a citizen from doing more (caring load, health, "
              "access); move them to the citizen they describe, or leave them out")


def as_written(*checks: Validator) -> Validator:
    """``checks`` for a field named with PEP 8's trailing underscore because its key is a Python keyword (``for_``):
    their problems name the key as a map file writes it (``for``)."""
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        written = attribute.evolve(name=attribute.name.removesuffix("_"))
        for each in checks:
            each(instance, written, value)

    setattr(check, "expects_text", any(expects_text(c) for c in checks))  # noqa: B010 - as above
    return check


def unique_ids(noun: str) -> Validator:
    """Each item of a list of objects with an id has its own id: a repeat is reported at its own index."""
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            if item.id in seen:
                raise InvalidMapError([Problem(
                    message=f"duplicate {noun} id {_describe(item.id)}", path=(attribute.name, index, "id"),
                    value=item.id, suggestion=f"it is already the id of {format_path((attribute.name, seen[item.id]))}; "
                    f"give each {noun} its own id (or title)")])
            seen[item.id] = index

    return check


def instance_of(cls: type) -> Validator:
    """A validator for a model object of class ``cls``."""
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            _fail(attribute, f"{attribute.name} must hold {cls.__name__} objects, not {_describe(value)}", value)

    return check


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


# ---------------------------------------------------------------------------
# A whole journey: one namespace of ids, and every reference resolved.

KINDS = ("actors", "assets", "stages", "touchpoints")
"""The kinds of model object that have ids, which share one namespace."""


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
                "actors, assets, stages and touchpoints share one set of ids",
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


def _reference_problems(journey: Journey, index: dict[str, dict[str, Any]],
                        paths: dict[str, tuple[str, Any]]) -> Iterator[Problem]:
    hints: dict[tuple[str, str], str] = {}  # a large map may refer to one missing id thousands of times

    def hint(ref: str, kind: str) -> str:
        if ref in paths:
            return f"'{ref}' is {_a(paths[ref][0][:-1])}, not {_a(kind[:-1])}"
        known = list(index[kind])
        listed = ", ".join(known[:12]) + (f" and {len(known) - 12:,} more" if len(known) > 12 else "")
        return did_you_mean(ref, known) or f"known {kind}: {listed or 'none yet'}"

    def check(ref: str, kind: str, path: tuple[Any, ...]) -> Iterator[Problem]:
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
    for i, edge in enumerate(journey.flow):
        yield from check(edge.source, "touchpoints", ("flow", i, "from"))
        yield from check(edge.target, "touchpoints", ("flow", i, "to"))
    for i, contribution in enumerate(journey.contributions):
        yield from check(contribution.asset, "assets", ("contributions", i, "asset"))
        yield from check(contribution.touchpoint, "touchpoints", ("contributions", i, "touchpoint"))
    for i, need in enumerate(journey.needs):
        for a, actor in enumerate(need.for_):
            yield from check(actor, "actors", ("needs", i, "for", a))
            if actor in index["actors"] and not index["actors"][actor].is_citizen:
                yield _provider_in_for(index["actors"][actor], ("needs", i, "for", a), index)


def _provider_in_for(actor: Any, path: tuple[Any, ...], index: dict[str, dict[str, Any]]) -> Problem:
    """A provider-side actor named in a need's ``for``, which names the citizens whose need it is."""
    citizens = [ident for ident, known in index["actors"].items() if known.is_citizen]
    return Problem(
        message=f"'{actor.id}' is {_a(actor.role.value)}, on the provider side: a need's `for` names citizens",
        path=path, value=actor.id,
        suggestion=f"list the citizens whose need it is ({_listed(citizens)}), or leave `for` "
        "out for a need of the whole population (a survey's)",
    )


def _listed(ids: list[str]) -> str:
    """Citizens' ids for a suggestion: the first dozen, and how many more."""
    if not ids:
        return "the map has none yet"
    return "citizens: " + ", ".join(ids[:12]) + (f" and {len(ids) - 12:,} more" if len(ids) > 12 else "")
