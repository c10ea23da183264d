"""What a journey is for and what the team will do about it: outcomes (what matters to the person: "get to know
people and make friends") and actions, in the co-production method's action-plan form (within a week, within a
month, for others in my organisation, for partner organisations).

>>> friends = Outcome(name="Get to know people and make friends", for_=["margaret"])
>>> ask = Action(text="Ask the Macular support group to meet newly diagnosed people at the eye clinic",
...              horizon="month", addresses=["club_network", "clinic", friends])
>>> friends.id, ask.id, ask.status.value, ask.addresses
('get_to_know_people_and_make_friends', 'ask_the_macular_support_group_to_meet', 'todo', ('club_network', \
'clinic', 'get_to_know_people_and_make_friends'))
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from journeymap import model_converters as convert
from journeymap import model_validators as check
from journeymap.model_converters import slug
from journeymap.vocabulary import ActionStatus, Horizon

__all__ = ["ACTION_ID_CHARS", "Action", "Outcome"]

ACTION_ID_CHARS = 40
"""An action's id, when derived from its text, is cut at a word to about this many characters."""


def _outcome_id(outcome: Outcome) -> str:
    return slug(outcome.name)


def _action_id(action: Action) -> str:
    """The slug of an action's first words, up to about ACTION_ID_CHARS characters."""
    words = slug(action.text).split("_")
    kept: list[str] = []
    for word in words:
        if kept and len("_".join([*kept, word])) > ACTION_ID_CHARS:
            break
        kept.append(word)
    return "_".join(kept)


@attrs.frozen(kw_only=True)
class Outcome:
    """What matters to the person, for one or more citizens (``for_``; none given means the map's persona).

    >>> Outcome(name="Stay in my own home").for_
    ()
    """

    name: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_outcome_id, takes_self=True), validator=check.identifier)
    for_: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=check.as_written(check.tuple_of(check.identifier), check.once_each("citizen", "for this outcome")),
    )
    description: str | None = attrs.field(default=None, validator=check.optional_text)

    def replace(self, **changes: Any) -> Outcome:
        """A copy with some fields changed, validated again."""
        return attrs.evolve(self, **changes)


@attrs.frozen(kw_only=True)
class Action:
    """One action of the plan: what, in which of the four boxes (``horizon``), who owns it, where it stands, when it
    is due, and what it addresses (ids of assets, touchpoints, outcomes, actors or stages).

    >>> Action(text="Rewrite the registration letter", horizon="weeks")
    Traceback (most recent call last):
    ...
    journeymap.errors.InvalidMapError: horizon: unknown horizon 'weeks'; did you mean 'week'?
    """

    text: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_action_id, takes_self=True), validator=check.identifier)
    horizon: Horizon = attrs.field(converter=convert.to_horizon, validator=check.vocabulary(Horizon))
    owner: str | None = attrs.field(default=None, validator=check.optional_text)
    status: ActionStatus = attrs.field(default=ActionStatus.TODO, converter=convert.to_action_status,
                                       validator=check.vocabulary(ActionStatus))
    due: datetime.date | None = attrs.field(default=None, converter=convert.to_date, validator=check.optional_date)
    addresses: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=[check.tuple_of(check.identifier), check.once_each("id", "in what this action addresses")],
    )

    def replace(self, **changes: Any) -> Action:
        """A copy with some fields changed, validated again."""
        return attrs.evolve(self, **changes)
