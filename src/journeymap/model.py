"""The journey model: frozen attrs classes that cannot hold an invalid map."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import Any, Self, TypeVar

import attrs

from journeymap.errors import InvalidMapError, Problem, did_you_mean, format_path
from journeymap.vocabulary import (
    EMOTION_MAX,
    EMOTION_MIN,
    AssetKind,
    Involvement,
    Lane,
    Phase,
    Role,
    Side,
    Status,
    Willingness,
)

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

# Public limits, so that the JSON Schema (journeymap.schema) states the same rules.
ID_PATTERN = r"[^\W\d][\w.-]*"  # an id, matched whole: a letter or '_', then letters, digits, '_', '-', '.'
SHARE_MIN, SHARE_MAX = 0, 1  # a need's users and staff: the share of each group that names it
HOURS_MIN, HOURS_MAX = 0, 100_000  # an asset's hours_per_month: a whole community's month is far below the cap

_ID = re.compile(ID_PATTERN)  # used with fullmatch: "$" would let a final newline in
_NOT_WORD = re.compile(r"\W+")

# ---------------------------------------------------------------------------
# Converters never raise: they normalise what they recognise and leave the rest
# to a validator, which names the field and suggests a fix.


def _ref(value: Any) -> Any:
    """A model object stands for its id, so scripts need not write ids twice."""
    ref = getattr(value, "id", None)
    return ref if isinstance(ref, str) else value


def _refs(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_ref(v) for v in value)
    return value


def _to_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _word(enum: type[E], value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, enum):
        return enum._value2member_map_.get(value, value)
    return value


# One named converter per vocabulary, as attrs' mypy plugin understands only named converters.
def _to_role(value: Any) -> Any:
    return _word(Role, value)


def _to_willingness(value: Any) -> Any:
    return _word(Willingness, value)


def _to_asset_kind(value: Any) -> Any:
    return _word(AssetKind, value)


def _to_involvement(value: Any) -> Any:
    return _word(Involvement, value)


def _to_lane(value: Any) -> Any:
    return _word(Lane, value)


def _to_phase(value: Any) -> Any:
    return _word(Phase, value)


def _to_status(value: Any) -> Any:
    return _word(Status, value)


def slug(text: object) -> str:
    """An id derived from a name: lower case, words joined by underscores."""
    if not isinstance(text, str):
        return ""
    word = _NOT_WORD.sub("_", text.strip().lower()).strip("_")
    return f"_{word}" if word[:1].isdigit() else word


# ---------------------------------------------------------------------------
# Validators raise InvalidMapError naming the field, the value and a fix.

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _fail(attribute: attrs.Attribute[Any], message: str, value: Any, suggestion: str | None = None) -> None:
    raise InvalidMapError([Problem(message=message, path=(attribute.name,), value=value, suggestion=suggestion)])


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        _fail(attribute, f"{attribute.name} must be text, not {_describe(value)}", value,
              "put the value in quotes")
    elif not value.strip():
        _fail(attribute, f"{attribute.name} must not be empty", value)


def _optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _identifier(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        _fail(attribute, f"{attribute.name} {_describe(value)} is not a valid id", value,
              "an id starts with a letter or '_' and holds letters, digits, '_', '-' and '.'"
              + (" (give an explicit id: none can be derived from the name)" if value == "" else ""))


def _optional_identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _identifier(instance, attribute, value)


def _vocabulary(enum: type[StrEnum], *, optional: bool = False) -> Validator:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (optional and value is None) or isinstance(value, enum):
            return
        choices = [m.value for m in enum]
        _fail(attribute, f"unknown {attribute.name} {_describe(value)}", value,
              did_you_mean(value, choices) or f"{_a(attribute.name)} is one of: {', '.join(choices)}")

    return check


def _emotion(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not EMOTION_MIN <= value <= EMOTION_MAX:
        _fail(attribute, f"emotion {_describe(value)} is not a whole number from {EMOTION_MIN} to {EMOTION_MAX}",
              value, "-2 is very negative, 0 neutral, +2 very positive (Mermaid's 1..5 is score - 3)")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _share(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not _number(value) or not SHARE_MIN <= value <= SHARE_MAX:
        _fail(attribute, f"{attribute.name} {_describe(value)} is not a share from 0 to 1", value,
              "write 91% as 0.91")


def _hours(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not _number(value) or not HOURS_MIN <= value <= HOURS_MAX):
        _fail(attribute, f"hours_per_month {_describe(value)} is not a number of hours from {HOURS_MIN} to {HOURS_MAX:,}",
              value)


def _flag(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        _fail(attribute, f"{attribute.name} must be true or false, not {_describe(value)}", value)


def _tuple_of(check: Validator) -> Validator:
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

    return each


def _once_each(noun: str, place: str) -> Validator:
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


def _instance(cls: type) -> Validator:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            _fail(attribute, f"{attribute.name} must hold {cls.__name__} objects, not {_describe(value)}", value)

    return check


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _derived_id(instance: Any) -> str:
    return slug(instance.name)


# ---------------------------------------------------------------------------
# The model.

class _Replaceable:
    """What every model object can do: make a changed copy of itself, checked again."""

    __slots__ = ()

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed; the copy is validated like a new object.

        >>> Need(name="Someone to talk to", users=0.62, staff=0.18).replace(staff=0.3).staff
        0.3
        """
        return attrs.evolve(self, **changes)  # type: ignore[misc]  # every subclass is an attrs class


@attrs.frozen(kw_only=True)
class Actor(_Replaceable):
    """A person, group or organisation taking part in the journey.

    >>> jenny = Actor(name="Jenny (daughter)", role="carer", willingness="weekly")
    >>> jenny.id, jenny.side, jenny.willing
    ('jenny_daughter', <Side.CITIZEN: 'citizen'>, True)
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=_identifier)
    role: Role = attrs.field(converter=_to_role, validator=_vocabulary(Role))
    willingness: Willingness | None = attrs.field(
        default=None, converter=_to_willingness, validator=_vocabulary(Willingness, optional=True)
    )
    description: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def side(self) -> Side:
        """Citizen or provider, from the role."""
        return self.role.side

    @property
    def is_citizen(self) -> bool:
        """True for service users, carers, families, neighbours, peers, volunteers and community groups."""
        return self.role.side is Side.CITIZEN

    @property
    def willing(self) -> bool | None:
        """True if willing to do more, False if not, None when unstated."""
        return None if self.willingness is None else self.willingness.is_willing


def _asset_id(asset: Asset) -> str:
    return slug(asset.name) if asset.name is not None else f"{asset.holder}_{asset.kind}"


@attrs.frozen(kw_only=True)
class Asset(_Replaceable):
    """Something an actor brings: time, skills, lived experience, networks...

    The holder may be given as the actor itself or as its id; without a name or id, the id is
    the holder's and the kind's.

    >>> jenny = Actor(id="jenny", name="Jenny (daughter)", role="carer")
    >>> time = Asset(holder=jenny, kind="time", hours_per_month=8)
    >>> time.id, time.holder, time.label
    ('jenny_time', 'jenny', 'Time')
    """

    holder: str = attrs.field(converter=_ref, validator=_identifier)
    kind: AssetKind = attrs.field(converter=_to_asset_kind, validator=_vocabulary(AssetKind))
    name: str | None = attrs.field(default=None, validator=_optional_text)
    id: str = attrs.field(default=attrs.Factory(_asset_id, takes_self=True), validator=_identifier)
    hours_per_month: float | None = attrs.field(default=None, validator=_hours)
    description: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def label(self) -> str:
        """The name, or the kind in words when the asset has no name."""
        return self.name if self.name is not None else self.kind.value.replace("_", " ").capitalize()


@attrs.frozen(kw_only=True)
class Touchpoint(_Replaceable):
    """A moment in the journey where the person meets the service.

    >>> clinic = Touchpoint(name="Eye clinic appointment", actors=["margaret"], emotion=-2)
    >>> clinic.id, clinic.actors, clinic.replace(emotion=1).emotion
    ('eye_clinic_appointment', ('margaret',), 1)
    >>> Touchpoint(name="Eye clinic", emotion=3)
    Traceback (most recent call last):
    ...
    journeymap.errors.InvalidMapError: emotion: emotion 3 is not a whole number from -2 to 2; ...
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=_identifier)
    channel: str | None = attrs.field(default=None, validator=_optional_text)
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=_refs, validator=[_tuple_of(_identifier), _once_each("actor", "at this touchpoint")]
    )
    emotion: int | None = attrs.field(default=None, validator=_emotion)
    involvement: Involvement | None = attrs.field(
        default=None, converter=_to_involvement, validator=_vocabulary(Involvement, optional=True)
    )
    lane: Lane | None = attrs.field(default=None, converter=_to_lane, validator=_vocabulary(Lane, optional=True))
    pain_points: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_tuple_of(_text))
    moment_of_truth: bool = attrs.field(default=False, validator=_flag)
    description: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Stage(_Replaceable):
    """A phase of the journey, holding its touchpoints in order.

    >>> Stage(name="Getting support", touchpoints=[Touchpoint(name="Home assessment")]).id
    'getting_support'
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=_identifier)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_tuple_of(_instance(Touchpoint))
    )
    description: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class FlowEdge(_Replaceable):
    """One step from a touchpoint to the next (written ``from``/``to`` in map files).

    >>> FlowEdge(source="clinic", target="home_visit", label="referral").target
    'home_visit'
    """

    source: str = attrs.field(converter=_ref, validator=_identifier)
    target: str = attrs.field(converter=_ref, validator=_identifier)
    label: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Contribution(_Replaceable):
    """An asset used (actual, the default) or usable (potential) at a touchpoint, in one Star phase.

    >>> c = Contribution(asset="jenny_time", touchpoint="home_visit", phase="co_delivery")
    >>> c.status, c.is_actual, c.replace(status="potential").is_actual
    (<Status.ACTUAL: 'actual'>, True, False)
    """

    asset: str = attrs.field(converter=_ref, validator=_identifier)
    touchpoint: str = attrs.field(converter=_ref, validator=_identifier)
    phase: Phase = attrs.field(converter=_to_phase, validator=_vocabulary(Phase))
    status: Status = attrs.field(default=Status.ACTUAL, converter=_to_status, validator=_vocabulary(Status))
    note: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def is_actual(self) -> bool:
        """True when the contribution happens today."""
        return self.status is Status.ACTUAL


@attrs.frozen(kw_only=True)
class Need(_Replaceable):
    """A need, with the share of users and of staff who name it (0..1).

    >>> Need(name="Get to know people and make friends", users=0.91, staff=0.36).users
    0.91
    """

    name: str = attrs.field(validator=_text)
    users: float = attrs.field(validator=_share)
    staff: float = attrs.field(validator=_share)


_KINDS = ("actors", "assets", "stages", "touchpoints")
_LISTS = frozenset({"actors", "assets", "stages", "flow", "contributions", "needs"})


@attrs.frozen(kw_only=True)
class Journey(_Replaceable):
    """A whole journey map; constructing one checks every id and reference.

    >>> margaret = Actor(id="margaret", name="Margaret, 78", role="service_user")
    >>> visit = Touchpoint(id="home_visit", name="Home assessment", actors=[margaret])
    >>> journey = Journey(title="Living well with sight loss", persona=margaret, actors=[margaret],
    ...                   stages=[Stage(id="support", name="Getting support", touchpoints=[visit])])
    >>> journey.touchpoint("home_visit").name, journey.stage_of(visit).name
    ('Home assessment', 'Getting support')
    >>> journey.replace(persona="margret")
    Traceback (most recent call last):
    ...
    journeymap.errors.InvalidMapError: persona: unknown actor 'margret'; did you mean 'margaret'?
    """

    title: str = attrs.field(validator=_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    persona: str | None = attrs.field(default=None, converter=_ref, validator=_optional_identifier)
    actors: tuple[Actor, ...] = attrs.field(default=(), converter=_to_tuple, validator=_tuple_of(_instance(Actor)))
    assets: tuple[Asset, ...] = attrs.field(default=(), converter=_to_tuple, validator=_tuple_of(_instance(Asset)))
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=_to_tuple, validator=_tuple_of(_instance(Stage)))
    flow: tuple[FlowEdge, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_tuple_of(_instance(FlowEdge))
    )
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_tuple_of(_instance(Contribution))
    )
    needs: tuple[Need, ...] = attrs.field(default=(), converter=_to_tuple, validator=_tuple_of(_instance(Need)))
    _index: dict[str, dict[str, Any]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    # Derived look-ups, each built on first use so that large maps never scan a list per question.
    _derived: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, hash=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        index: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
        paths: dict[str, tuple[str, Any]] = {}
        problems: list[Problem] = []
        for kind, path, item in self._identified():
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
        object.__setattr__(self, "_index", index)
        problems += self._reference_problems(paths)
        if problems:
            raise InvalidMapError(problems)

    def _identified(self) -> Iterator[tuple[str, tuple[Any, ...], Any]]:
        for i, actor in enumerate(self.actors):
            yield "actors", ("actors", i), actor
        for i, asset in enumerate(self.assets):
            yield "assets", ("assets", i), asset
        for s, stage in enumerate(self.stages):
            yield "stages", ("stages", s), stage
            for t, touchpoint in enumerate(stage.touchpoints):
                yield "touchpoints", ("stages", s, "touchpoints", t), touchpoint

    def _reference_problems(self, paths: dict[str, tuple[str, Any]]) -> Iterator[Problem]:
        hints: dict[tuple[str, str], str] = {}  # a large map may refer to one missing id thousands of times

        def hint(ref: str, kind: str) -> str:
            if ref in paths:
                return f"'{ref}' is {_a(paths[ref][0][:-1])}, not {_a(kind[:-1])}"
            known = list(self._index[kind])
            listed = ", ".join(known[:12]) + (f" and {len(known) - 12:,} more" if len(known) > 12 else "")
            return did_you_mean(ref, known) or f"known {kind}: {listed or 'none yet'}"

        def check(ref: str, kind: str, path: tuple[Any, ...]) -> Iterator[Problem]:
            if ref in self._index[kind]:
                return
            if (ref, kind) not in hints:
                hints[ref, kind] = hint(ref, kind)
            yield Problem(message=f"unknown {kind[:-1]} '{ref}'", path=path, value=ref, suggestion=hints[ref, kind])

        if self.persona is not None:
            yield from check(self.persona, "actors", ("persona",))
        for i, asset in enumerate(self.assets):
            yield from check(asset.holder, "actors", ("assets", i, "holder"))
        for s, stage in enumerate(self.stages):
            for t, touchpoint in enumerate(stage.touchpoints):
                for a, actor in enumerate(touchpoint.actors):
                    yield from check(actor, "actors", ("stages", s, "touchpoints", t, "actors", a))
        for i, edge in enumerate(self.flow):
            yield from check(edge.source, "touchpoints", ("flow", i, "from"))
            yield from check(edge.target, "touchpoints", ("flow", i, "to"))
        for i, contribution in enumerate(self.contributions):
            yield from check(contribution.asset, "assets", ("contributions", i, "asset"))
            yield from check(contribution.touchpoint, "touchpoints", ("contributions", i, "touchpoint"))

    def with_added(self, **items: Iterable[Any]) -> Journey:
        """A copy with objects added at the end of its lists (actors, assets, stages, flow, contributions, needs).

        >>> j = Journey(title="T", actors=[Actor(id="ann", name="Ann", role="service_user")])
        >>> j.with_added(actors=[Actor(id="bob", name="Bob", role="carer")]).actors[-1].id
        'bob'
        """
        unknown = sorted(set(items) - _LISTS)
        if unknown:
            raise TypeError(f"with_added() takes {', '.join(sorted(_LISTS))}, not {', '.join(unknown)}")
        return self.replace(**{name: (*getattr(self, name), *added) for name, added in items.items()})

    def _repr_svg_(self) -> str:
        """The flow view as SVG, so that a journey shows itself in a Jupyter notebook."""
        from journeymap.rendering import render  # deferred: the model itself never depends on the renderers

        return render(self, view="flow", format="svg").decode("utf-8")

    # -- look-ups -----------------------------------------------------------

    def actor(self, ref: str | Actor) -> Actor:
        """The actor with this id."""
        return self._lookup("actors", ref)  # type: ignore[no-any-return]

    def asset(self, ref: str | Asset) -> Asset:
        """The asset with this id."""
        return self._lookup("assets", ref)  # type: ignore[no-any-return]

    def stage(self, ref: str | Stage) -> Stage:
        """The stage with this id."""
        return self._lookup("stages", ref)  # type: ignore[no-any-return]

    def touchpoint(self, ref: str | Touchpoint) -> Touchpoint:
        """The touchpoint with this id."""
        return self._lookup("touchpoints", ref)  # type: ignore[no-any-return]

    def _lookup(self, kind: str, ref: Any) -> Any:
        key = _ref(ref)
        try:
            return self._index[kind][key]
        except KeyError:
            raise KeyError(f"no {kind[:-1]} with id {key!r}") from None

    def _once(self, name: str, make: Callable[[], T]) -> T:
        """A derived look-up, made on first use and kept (the journey never changes)."""
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]  # type: ignore[no-any-return]

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint, stage by stage, in file order."""
        return self._once("touchpoints", lambda: tuple(t for stage in self.stages for t in stage.touchpoints))

    def stage_of(self, touchpoint: str | Touchpoint) -> Stage:
        """The stage a touchpoint belongs to."""
        key = _ref(touchpoint)
        stages = self._once("stage_of", lambda: {t.id: stage for stage in self.stages for t in stage.touchpoints})
        try:
            return stages[key]
        except KeyError:
            raise KeyError(f"no touchpoint with id {key!r}") from None

    @property
    def flow_edges(self) -> tuple[FlowEdge, ...]:
        """The flow as written, or, without one, each touchpoint leading to the next in file order."""
        if self.flow:
            return self.flow
        order = self.touchpoints
        return tuple(FlowEdge(source=a.id, target=b.id) for a, b in zip(order, order[1:]))

    @property
    def persona_actor(self) -> Actor | None:
        """The actor whose journey this is, if named."""
        return None if self.persona is None else self.actor(self.persona)

    def holder(self, asset: str | Asset) -> Actor:
        """The actor who holds an asset."""
        return self.actor(self.asset(asset).holder)

    def contributions_of(self, asset: str | Asset) -> tuple[Contribution, ...]:
        """The contributions of one asset, in file order."""
        return self._once("by_asset", lambda: _grouped(self.contributions, "asset")).get(_ref(asset), ())

    def contributions_at(self, touchpoint: str | Touchpoint) -> tuple[Contribution, ...]:
        """The contributions made at one touchpoint, in file order."""
        return self._once("by_touchpoint", lambda: _grouped(self.contributions, "touchpoint")).get(_ref(touchpoint), ())


def _grouped(contributions: Iterable[Contribution], key: str) -> dict[str, tuple[Contribution, ...]]:
    """Contributions by the id in one of their fields, each group in file order."""
    groups: dict[str, list[Contribution]] = {}
    for c in contributions:
        groups.setdefault(getattr(c, key), []).append(c)
    return {ref: tuple(group) for ref, group in groups.items()}


def model_classes() -> tuple[type, ...]:
    """The classes of the model, outermost first."""
    return (Journey, Actor, Asset, Stage, Touchpoint, FlowEdge, Contribution, Need)


def iter_fields(cls: type) -> Iterable[attrs.Attribute[Any]]:
    """The fields of a model class that a map file can set."""
    return (f for f in attrs.fields(cls) if f.init)
