"""The model's validators: each raises InvalidMapError naming the field, the value and a fix (the check of a
whole journey, that its ids are unique and every reference resolves, is journeymap.model_references).

>>> from journeymap.model import Touchpoint
>>> Touchpoint(name="Tea", actors=["ann", "ann"])
Traceback (most recent call last):
...
journeymap.errors.InvalidMapError: actors[1]: actor 'ann' is listed twice at this touchpoint; ...
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, Problem, did_you_mean, format_path
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN, Side

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
              did_you_mean(value, choices) or f"{a_or_an(attribute.name)} is one of: {', '.join(choices)}")

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


def optional_duration(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A duration in hours, 0 or more, or None."""
    if value is not None and (not _number(value) or value < 0 or value == float("inf")):
        _fail(attribute, _quoted(attribute.name, value, "a number") or
              f"{attribute.name} {_describe(value)} is not a number of hours, 0 or more", value,
              "write hours as a number: 1.5 for an hour and a half")


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


def optional_date(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A day (``2027-01-31``), or None."""
    if value is not None and (not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)):
        _fail(attribute, f"{attribute.name} {_describe(value)} is not a date", value,
              "write the day as year-month-day, e.g. 2027-01-31")


def moment(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A point in time (``2024-03-04T08:00:00Z``)."""
    if not isinstance(value, datetime.datetime):
        _fail(attribute, f"{attribute.name} {_describe(value)} is not a point in time", value,
              "write it as ISO 8601, e.g. 2024-03-04T08:00:00Z")


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


def a_or_an(noun: str) -> str:
    """A noun with its article: ``an asset``, ``a stage``."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
