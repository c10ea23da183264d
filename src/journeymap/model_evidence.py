"""The evidence behind a map: a survey's summary (respondents per group, willingness and Likert counts), kept in the
map so that the map stays the one record; groups under the disclosure threshold are held back, never kept.

>>> users = WillingnessCount(group="users", weekly=28, monthly=43, none=29)
>>> survey = Survey(title="Willing to do more?", respondents=[GroupCount(group="users", respondents=100)],
...                 willingness=[users])
>>> survey.id, users.n, users.share("monthly")
('willing_to_do_more', 100, 0.43)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from journeymap import model_converters as convert
from journeymap import model_validators as check
from journeymap.errors import InvalidMapError, Problem
from journeymap.model_converters import slug
from journeymap.vocabulary import Willingness

__all__ = ["GroupCount", "LikertCount", "Survey", "WillingnessCount"]


def _fail(path: tuple[Any, ...], message: str, value: Any, suggestion: str | None = None) -> None:
    raise InvalidMapError([Problem(message=message, path=path, value=value, suggestion=suggestion)])


@attrs.frozen(kw_only=True)
class GroupCount:
    """How many respondents one group of a survey has (users, carers, staff...).

    >>> GroupCount(group="staff", respondents=45).respondents
    45
    """

    group: str = attrs.field(validator=check.text)
    respondents: int = attrs.field(validator=check.count)

    def replace(self, **changes: Any) -> GroupCount:
        """A copy with some fields changed, validated again."""
        return attrs.evolve(self, **changes)


@attrs.frozen(kw_only=True)
class WillingnessCount:
    """How many of one group are willing to do more a few hours a week, a month, or not at all.

    >>> count = WillingnessCount(group="citizens", weekly=28, monthly=43, none=29)
    >>> count.n, count.share("weekly"), count.share(Willingness.NONE)
    (100, 0.28, 0.29)
    """

    group: str = attrs.field(validator=check.text)
    weekly: int = attrs.field(default=0, validator=check.count)
    monthly: int = attrs.field(default=0, validator=check.count)
    none: int = attrs.field(default=0, validator=check.count)

    @property
    def n(self) -> int:
        """How many answered: weekly, monthly and none together."""
        return self.weekly + self.monthly + self.none

    def share(self, level: Willingness | str) -> float:
        """The share of the group answering ``level`` (0.0 when nobody answered).

        >>> WillingnessCount(group="users").share("monthly")
        0.0
        """
        word = Willingness(convert.to_willingness(level))
        return getattr(self, word.value) / self.n if self.n else 0.0

    def replace(self, **changes: Any) -> WillingnessCount:
        """A copy with some fields changed, validated again."""
        return attrs.evolve(self, **changes)


def _scale_problems(likert: LikertCount) -> Problem | None:
    """What is wrong between a Likert count's scale, counts and neutral level, if anything."""
    scale = likert.scale
    repeated = sorted({level for level in scale if scale.count(level) > 1})
    if len(scale) < 2:
        return Problem(message=f"a Likert scale needs at least 2 levels, not {len(scale)}", path=("scale",),
                       value=list(scale), suggestion="list the levels from most negative to most positive, e.g. "
                       "[Disagree, Agree]")
    if repeated:
        return Problem(message=f"the scale lists {repeated[0]!r} more than once", path=("scale",),
                       value=list(scale), suggestion="list each level once")
    if len(likert.counts) != len(scale):
        return Problem(message=f"{len(likert.counts)} counts for a scale of {len(scale)} levels", path=("counts",),
                       value=list(likert.counts), suggestion="give one count per level of the scale, in its order")
    if likert.neutral is not None and likert.neutral not in scale:
        return Problem(message=f"neutral level {likert.neutral!r} is not on the scale", path=("neutral",),
                       value=likert.neutral, suggestion=f"the scale is: {', '.join(scale)}")
    return None


@attrs.frozen(kw_only=True)
class LikertCount:
    """How many of one group gave each level of a Likert scale to one statement.

    The scale runs from the most negative level to the most positive; ``neutral``, if given, is the level that is
    neither agreement nor disagreement.

    >>> trust = LikertCount(statement="Citizens trust politicians.", group="public",
    ...                     scale=["Disagree", "Neutral", "Agree"], counts=[30, 12, 8], neutral="Neutral")
    >>> trust.n, trust.counts
    (50, (30, 12, 8))
    """

    statement: str = attrs.field(validator=check.text)
    group: str = attrs.field(validator=check.text)
    scale: tuple[str, ...] = attrs.field(converter=convert.to_tuple, validator=check.tuple_of(check.text))
    counts: tuple[int, ...] = attrs.field(converter=convert.to_tuple, validator=check.tuple_of(check.count))
    neutral: str | None = attrs.field(default=None, validator=check.optional_text)

    def __attrs_post_init__(self) -> None:
        problem = _scale_problems(self)
        if problem is not None:
            raise InvalidMapError([problem])

    @property
    def n(self) -> int:
        """How many answered: every level's count together."""
        return sum(self.counts)

    def replace(self, **changes: Any) -> LikertCount:
        """A copy with some fields changed, validated again."""
        return attrs.evolve(self, **changes)


def _survey_id(survey: Survey) -> str:
    return slug(survey.title)


def _shown(cls: type, size: Callable[[Any], int]) -> check.Validator:
    """A validator that every item of a list, a group's count, reaches the survey's threshold: smaller groups are
    held back (counted in ``held_back``), never kept in the map."""
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check.tuple_of(check.instance_of(cls))(instance, attribute, value)
        threshold = getattr(instance, "threshold", None)  # None while a map file's fields are checked one by one
        if not isinstance(threshold, int):
            return
        for index, item in enumerate(value):
            if size(item) < threshold:
                _fail((attribute.name, index), f"group {item.group!r} has {size(item)} respondents, under the "
                      f"disclosure threshold of {threshold}", size(item),
                      "leave the group out and count its respondents in held_back: a group this small could "
                      "identify people")
    return validate


@attrs.frozen(kw_only=True)
class Survey:
    """One survey's summary as the map keeps it: respondents per group, and willingness and Likert counts.

    Groups under the disclosure ``threshold`` are never kept: their respondents are only counted in ``held_back``.

    >>> Survey(title="Staff views", respondents=[GroupCount(group="staff", respondents=3)])
    Traceback (most recent call last):
    ...
    journeymap.errors.InvalidMapError: respondents[0]: group 'staff' has 3 respondents, under the disclosure ...
    """

    title: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_survey_id, takes_self=True), validator=check.identifier)
    respondents: tuple[GroupCount, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=_shown(GroupCount, lambda g: g.respondents))
    held_back: int = attrs.field(default=0, validator=check.count)
    threshold: int = attrs.field(default=5, validator=check.positive_count)
    willingness: tuple[WillingnessCount, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=_shown(WillingnessCount, lambda w: w.n))
    likert: tuple[LikertCount, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=_shown(LikertCount, lambda c: c.n))

    def replace(self, **changes: Any) -> Survey:
        """A copy with some fields changed, validated again.

        >>> Survey(title="Needs").replace(held_back=4).held_back
        4
        """
        return attrs.evolve(self, **changes)

