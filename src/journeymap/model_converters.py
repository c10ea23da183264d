"""The model's converters: they never raise, but normalise what they recognise (a model object to its id, a
list to a tuple, a word to its vocabulary member) and leave the rest to a validator, which names the field.

>>> to_role("carer"), to_role("carr"), to_tuple(["a", "b"]), slug("Jenny (daughter)"), slug("2nd visit")
(<Role.CARER: 'carer'>, 'carr', ('a', 'b'), 'jenny_daughter', '_2nd_visit')
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Any, TypeVar

from journeymap.vocabulary import (
    ActionStatus,
    AssetKind,
    Horizon,
    Involvement,
    Lane,
    Phase,
    Role,
    Status,
    Willingness,
)

E = TypeVar("E", bound=StrEnum)

_NOT_WORD = re.compile(r"\W+")


def ref(value: Any) -> Any:
    """A model object stands for its id, so scripts need not write ids twice."""
    ident = getattr(value, "id", None)
    return ident if isinstance(ident, str) else value


def refs(value: Any) -> Any:
    """A list of model objects or ids as a tuple of ids."""
    if isinstance(value, list | tuple):
        return tuple(ref(v) for v in value)
    return value


def to_tuple(value: Any) -> Any:
    """A list as a tuple (the model is frozen all the way down)."""
    return tuple(value) if isinstance(value, list) else value


def _word(enum: type[E], value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, enum):
        return enum._value2member_map_.get(value, value)
    return value


# One named converter per vocabulary, as attrs' mypy plugin understands only named converters.
def to_role(value: Any) -> Any:
    """A role word as a Role."""
    return _word(Role, value)


def to_willingness(value: Any) -> Any:
    """A willingness word as a Willingness."""
    return _word(Willingness, value)


def to_asset_kind(value: Any) -> Any:
    """An asset kind word as an AssetKind."""
    return _word(AssetKind, value)


def to_involvement(value: Any) -> Any:
    """A rung of the ladder of co-production as an Involvement."""
    return _word(Involvement, value)


def to_lane(value: Any) -> Any:
    """A blueprint lane word as a Lane."""
    return _word(Lane, value)


def to_phase(value: Any) -> Any:
    """A Co-production Star phase word as a Phase."""
    return _word(Phase, value)


def to_horizon(value: Any) -> Any:
    """An action-plan horizon word as a Horizon."""
    return _word(Horizon, value)


def to_action_status(value: Any) -> Any:
    """An action's status word as an ActionStatus."""
    return _word(ActionStatus, value)


def to_date(value: Any) -> Any:
    """A date written ``2027-01-31`` (YAML reads it as a date, JSON as text) as a date; anything else as given."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def to_moment(value: Any) -> Any:
    """A timestamp (a datetime, or ISO 8601 text as JSON holds it) as an aware datetime in UTC, a naive one taken
    as UTC; anything else as given, for the validator to name."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
        return aware.astimezone(datetime.UTC)
    return value


def to_status(value: Any) -> Any:
    """A contribution status word as a Status."""
    return _word(Status, value)


def name_key(name: str) -> str:
    """A name as compared with another, case and spacing aside: a need found by name, an outcome's need.

    >>> name_key("Someone  to TALK to") == name_key("someone to talk to")
    True
    """
    return " ".join(name.split()).casefold()


def slug(text: object) -> str:
    """An id derived from a name: lower case, words joined by underscores."""
    if not isinstance(text, str):
        return ""
    word = _NOT_WORD.sub("_", text.strip().lower()).strip("_")
    return f"_{word}" if word[:1].isdigit() else word
