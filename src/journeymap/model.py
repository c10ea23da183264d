"""The journey model: frozen attrs classes that cannot hold an invalid map.

The converters and validators the classes' fields use live in :mod:`journeymap.model_converters` and
:mod:`journeymap.model_validators`; the public limits and ``slug`` are importable from here as before.
It is longer than 400 lines because the Journey's look-ups and its edits (``with_added``, ``add_touchpoint``)
belong with the class they read and copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Self, TypeVar

import attrs

from journeymap import model_converters as convert
from journeymap import model_validators as check
from journeymap.errors import UsageError
from journeymap.model_converters import slug
from journeymap.model_evidence import GroupCount, LikertCount, Survey, WillingnessCount
from journeymap.model_outcomes import Action, Outcome
from journeymap.model_records import LogEvidence, LogHidden, Variant
from journeymap.model_references import indexed
from journeymap.model_validators import HOURS_MAX, HOURS_MIN, ID_PATTERN, SHARE_MAX, SHARE_MIN
from journeymap.vocabulary import AssetKind, Involvement, Lane, Phase, Role, Side, Status, Willingness

__all__ = [
    "HOURS_MAX", "HOURS_MIN", "ID_PATTERN", "SHARE_MAX", "SHARE_MIN", "Action", "Actor", "Asset", "Contribution",
    "FlowEdge", "GroupCount", "Journey", "LikertCount", "Need", "Outcome", "Stage", "Survey", "Touchpoint",
    "WillingnessCount", "LogEvidence", "LogHidden", "Variant",
    "draw_in_notebooks", "iter_fields", "model_classes", "slug",
]

T = TypeVar("T")

# Jupyter shows a journey through this slot; the model cannot draw, so a layer above fills it
# (journeymap.rendering registers its views when imported): no import runs from the model upward.
_notebook_drawing: list[Callable[[Journey], str | None]] = []


def draw_in_notebooks(draw: Callable[[Journey], str | None]) -> None:
    """Have Jupyter notebooks show every journey as the SVG text ``draw`` makes of it, or as text where it gives
    None (a journey too large to draw quickly); the last one given wins."""
    _notebook_drawing[:] = [draw]


def _counted(number: int, noun: str) -> str:
    """A number and its noun, ``1 stage``, ``2 stages`` (the model's own; wording has the full one)."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def _derived_id(instance: Any) -> str:
    return slug(instance.name)


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

    ``constraints`` are what keeps a citizen from doing more however willing (caring load, health, access):
    the *can* beside willingness's *want*. Only citizen-side actors have them.

    >>> Actor(name="Pat", role="carer", constraints=["has her own hip problems; cannot lift"]).constrained
    True
    """

    name: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=check.identifier)
    role: Role = attrs.field(converter=convert.to_role, validator=check.vocabulary(Role))
    willingness: Willingness | None = attrs.field(
        default=None, converter=convert.to_willingness, validator=check.vocabulary(Willingness, optional=True)
    )
    description: str | None = attrs.field(default=None, validator=check.optional_text)
    constraints: tuple[str, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=[check.tuple_of(check.text), check.citizen_only]
    )

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

    @property
    def constrained(self) -> bool:
        """True when something recorded keeps the actor from doing more (a constraint)."""
        return bool(self.constraints)


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

    holder: str = attrs.field(converter=convert.ref, validator=check.identifier)
    kind: AssetKind = attrs.field(converter=convert.to_asset_kind, validator=check.vocabulary(AssetKind))
    name: str | None = attrs.field(default=None, validator=check.optional_text)
    id: str = attrs.field(default=attrs.Factory(_asset_id, takes_self=True), validator=check.identifier)
    hours_per_month: float | None = attrs.field(default=None, validator=check.hours)
    description: str | None = attrs.field(default=None, validator=check.optional_text)

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

    name: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=check.identifier)
    channel: str | None = attrs.field(default=None, validator=check.optional_text)
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=[check.tuple_of(check.identifier), check.once_each("actor", "at this touchpoint")],
    )
    emotion: int | None = attrs.field(default=None, validator=check.emotion)
    involvement: Involvement | None = attrs.field(
        default=None, converter=convert.to_involvement, validator=check.vocabulary(Involvement, optional=True)
    )
    lane: Lane | None = attrs.field(
        default=None, converter=convert.to_lane, validator=check.vocabulary(Lane, optional=True)
    )
    pain_points: tuple[str, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.text)
    )
    moment_of_truth: bool = attrs.field(default=False, validator=check.flag)
    description: str | None = attrs.field(default=None, validator=check.optional_text)
    serves: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=[check.tuple_of(check.identifier), check.once_each("outcome", "in what this serves")],
    )
    # From records (journeymap discover): the cases that have it, its events, the cases starting and ending here.
    cases: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    events: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    starts: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    ends: int | None = attrs.field(default=None, validator=check.optional_positive_count)


@attrs.frozen(kw_only=True)
class Stage(_Replaceable):
    """A phase of the journey, holding its touchpoints in order.

    >>> Stage(name="Getting support", touchpoints=[Touchpoint(name="Home assessment")]).id
    'getting_support'
    """

    name: str = attrs.field(validator=check.text)
    id: str = attrs.field(default=attrs.Factory(_derived_id, takes_self=True), validator=check.identifier)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Touchpoint))
    )
    description: str | None = attrs.field(default=None, validator=check.optional_text)
    # From records: the cases with an event in the stage, and the wait on entering it from another stage, with the
    # cases that did (the first stage's: those going back to it from a later one).
    cases: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    median_hours: float | None = attrs.field(default=None, validator=check.optional_duration)
    p90_hours: float | None = attrs.field(default=None, validator=check.optional_duration)
    entry_cases: int | None = attrs.field(default=None, validator=check.optional_positive_count)


@attrs.frozen(kw_only=True)
class FlowEdge(_Replaceable):
    """One step from a touchpoint to the next (written ``from``/``to`` in map files).

    >>> FlowEdge(source="clinic", target="home_visit", label="referral").target
    'home_visit'
    """

    source: str = attrs.field(converter=convert.ref, validator=check.identifier)
    target: str = attrs.field(converter=convert.ref, validator=check.identifier)
    label: str | None = attrs.field(default=None, validator=check.optional_text)
    # From records: the cases that take this step, and the median and 90th percentile hours it takes.
    cases: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    median_hours: float | None = attrs.field(default=None, validator=check.optional_duration)
    p90_hours: float | None = attrs.field(default=None, validator=check.optional_duration)


@attrs.frozen(kw_only=True)
class Contribution(_Replaceable):
    """An asset used (actual, the default) or usable (potential) at a touchpoint, in one Star phase; from records,
    in how many cases and events its holder acted there.

    >>> c = Contribution(asset="jenny_time", touchpoint="home_visit", phase="co_delivery")
    >>> c.status, c.is_actual, c.replace(status="potential").is_actual
    (<Status.ACTUAL: 'actual'>, True, False)
    """

    asset: str = attrs.field(converter=convert.ref, validator=check.identifier)
    touchpoint: str = attrs.field(converter=convert.ref, validator=check.identifier)
    phase: Phase = attrs.field(converter=convert.to_phase, validator=check.vocabulary(Phase))
    status: Status = attrs.field(
        default=Status.ACTUAL, converter=convert.to_status, validator=check.vocabulary(Status)
    )
    note: str | None = attrs.field(default=None, validator=check.optional_text)
    serves: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=[check.tuple_of(check.identifier), check.once_each("outcome", "in what this serves")],
    )
    cases: int | None = attrs.field(default=None, validator=check.optional_positive_count)
    events: int | None = attrs.field(default=None, validator=check.optional_positive_count)

    @property
    def is_actual(self) -> bool:
        """True when the contribution happens today."""
        return self.status is Status.ACTUAL


@attrs.frozen(kw_only=True)
class Need(_Replaceable):
    """A need, with the share of users and of staff who name it (0..1), and, when counted from a survey, how
    many users and staff answered (``n_users``, ``n_staff``). A need one citizen named (``for_``) may have no
    shares: only needs with both are in the perception gap.

    >>> Need(name="Get to know people and make friends", users=0.91, staff=0.36, n_users=54, n_staff=47).n_users
    54

    ``for_`` (``for`` in map files) names the citizens whose own need it is, as an interview or a conversation
    tells it; a need without it is the population's (a survey's) and stands behind every citizen.

    >>> Need(name="Get back to driving", users=0.52, staff=0.09, for_=["ray"]).for_
    ('ray',)
    """

    name: str = attrs.field(validator=check.text)
    users: float | None = attrs.field(default=None, validator=check.share)
    staff: float | None = attrs.field(default=None, validator=check.share)
    n_users: int | None = attrs.field(default=None, validator=[check.optional_positive_count, check.counts_a_share])
    n_staff: int | None = attrs.field(default=None, validator=[check.optional_positive_count, check.counts_a_share])
    for_: tuple[str, ...] = attrs.field(
        default=(), converter=convert.refs,
        validator=check.as_written(check.tuple_of(check.identifier), check.once_each("citizen", "for this need")),
    )

    @property
    def has_shares(self) -> bool:
        """True when both users' and staff's shares are known: the need is in the perception gap."""
        return self.users is not None and self.staff is not None

    @property
    def is_personal(self) -> bool:
        """True when the need names the citizens it belongs to (``for``), False for the population's."""
        return bool(self.for_)


_LISTS = frozenset({"actors", "assets", "stages", "flow", "contributions", "needs", "surveys", "outcomes", "actions"})


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

    title: str = attrs.field(validator=check.text)
    description: str | None = attrs.field(default=None, validator=check.optional_text)
    persona: str | None = attrs.field(default=None, converter=convert.ref, validator=check.optional_identifier)
    actors: tuple[Actor, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Actor))
    )
    assets: tuple[Asset, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Asset))
    )
    stages: tuple[Stage, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Stage))
    )
    flow: tuple[FlowEdge, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(FlowEdge))
    )
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Contribution))
    )
    needs: tuple[Need, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Need))
    )
    surveys: tuple[Survey, ...] = attrs.field(
        default=(), converter=convert.to_tuple,
        validator=[check.tuple_of(check.instance_of(Survey)), check.unique_ids("survey")],
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Outcome))
    )
    actions: tuple[Action, ...] = attrs.field(
        default=(), converter=convert.to_tuple, validator=check.tuple_of(check.instance_of(Action))
    )
    evidence: LogEvidence | None = attrs.field(
        default=None, validator=attrs.validators.optional(check.instance_of(LogEvidence))
    )
    _index: dict[str, dict[str, Any]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    # Derived look-ups, each built on first use so that large maps never scan a list per question.
    _derived: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, hash=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", indexed(self))

    def with_added(self, **items: Iterable[Any]) -> Journey:
        """A copy with objects added at the end of its lists (actors, assets, stages, flow, contributions, needs,
        surveys).

        >>> j = Journey(title="T", actors=[Actor(id="ann", name="Ann", role="service_user")])
        >>> j.with_added(actors=[Actor(id="bob", name="Bob", role="carer")]).actors[-1].id
        'bob'
        """
        unknown = sorted(set(items) - _LISTS)
        if unknown:
            raise TypeError(f"with_added() takes {', '.join(sorted(_LISTS))}, not {', '.join(unknown)}")
        return self.replace(**{name: (*getattr(self, name), *added) for name, added in items.items()})

    def _repr_svg_(self) -> str | None:
        """The journey as SVG for a Jupyter notebook, as drawn by whatever registered with draw_in_notebooks."""
        return _notebook_drawing[0](self) if _notebook_drawing else None  # None: Jupyter shows the repr instead

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """What IPython and Jupyter show: the SVG, where it can be drawn quickly, and a line of text for consoles."""
        svg = self._repr_svg_()
        return {"text/plain": self.summary(), **({"image/svg+xml": svg} if svg is not None else {})}

    def summary(self) -> str:
        """The journey in one line: its title and how many of each thing it holds.

        >>> Journey(title="Home", stages=[Stage(name="Leaving", touchpoints=[Touchpoint(name="Call")])]).summary()
        "Journey 'Home': 1 stage, 1 touchpoint, 0 actors, 0 assets, 0 contributions"
        """
        counts = [_counted(len(items), noun) for items, noun in (
            (self.stages, "stage"), (self.touchpoints, "touchpoint"), (self.actors, "actor"), (self.assets, "asset"),
            (self.contributions, "contribution"))]
        return f"Journey {self.title!r}: {', '.join(counts)}"

    def add_touchpoint(self, stage: str | Stage, touchpoint: Touchpoint, *,
                       after: str | Touchpoint | None = None) -> Journey:
        """A copy with ``touchpoint`` in ``stage``, after ``after`` (default: at the stage's end), and in the flow
        between the touchpoint before it and whatever followed that one (labels stay on the steps they led into).

        >>> j = Journey(title="T", stages=[Stage(id="s", name="S", touchpoints=[Touchpoint(name="A"),
        ...                                                                    Touchpoint(name="C")])],
        ...             flow=[FlowEdge(source="a", target="c", label="next day")])
        >>> j = j.add_touchpoint("s", Touchpoint(name="B"), after="a")
        >>> [t.id for t in j.stage("s").touchpoints], [(e.source, e.target, e.label) for e in j.flow]
        (['a', 'b', 'c'], [('a', 'b', None), ('b', 'c', 'next day')])
        """
        home = self.stage(stage)
        place = len(home.touchpoints)
        if after is not None:
            before = self.touchpoint(after)
            if self.stage_of(before) is not home:
                raise UsageError(f"touchpoint '{before.id}' is in stage '{self.stage_of(before).id}', "
                                 f"not '{home.id}'; add the new one to that stage, or give another 'after'")
            place = home.touchpoints.index(before) + 1
        earlier = [t for s in self.stages[:self.stages.index(home)] for t in s.touchpoints] + list(home.touchpoints)
        previous = earlier[:len(earlier) - len(home.touchpoints) + place]
        moved = home.replace(touchpoints=(*home.touchpoints[:place], touchpoint, *home.touchpoints[place:]))
        stages = tuple(moved if s is home else s for s in self.stages)
        if not self.flow:  # the flow is the file order, which the new place already gives
            return self.replace(stages=stages)
        return self.replace(stages=stages, flow=_spliced(self.flow, previous[-1].id if previous else None,
                                                         touchpoint.id, self.touchpoints))

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

    def outcome(self, ref: str | Outcome) -> Outcome:
        """The outcome with this id."""
        return self._lookup("outcomes", ref)  # type: ignore[no-any-return]

    def action(self, ref: str | Action) -> Action:
        """The action with this id."""
        return self._lookup("actions", ref)  # type: ignore[no-any-return]

    def _lookup(self, kind: str, ref: Any) -> Any:
        key = convert.ref(ref)
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
        key = convert.ref(touchpoint)
        stages = self._once("stage_of", lambda: {t.id: stage for stage in self.stages for t in stage.touchpoints})
        try:
            return stages[key]
        except KeyError:
            raise KeyError(f"no touchpoint with id {key!r}") from None

    @property
    def flow_edges(self) -> tuple[FlowEdge, ...]:
        """The flow as written, or, without one, each touchpoint leading to the next in file order; a map from records
        (with evidence) has only the steps its cases took, so none where it lists none."""
        if self.flow or self.evidence is not None:
            return self.flow
        order = self.touchpoints
        return self._once("flow_edges", lambda: tuple(FlowEdge(source=a.id, target=b.id)
                                                       for a, b in zip(order, order[1:])))

    @property
    def persona_actor(self) -> Actor | None:
        """The actor whose journey this is, if named."""
        return None if self.persona is None else self.actor(self.persona)

    def holder(self, asset: str | Asset) -> Actor:
        """The actor who holds an asset."""
        return self.actor(self.asset(asset).holder)

    def contributions_of(self, asset: str | Asset) -> tuple[Contribution, ...]:
        """The contributions of one asset, in file order."""
        return self._once("by_asset", lambda: _grouped(self.contributions, "asset")).get(convert.ref(asset), ())

    def outcome_for(self, outcome: str | Outcome) -> tuple[str, ...]:
        """The ids of the citizens an outcome is for: those it names, else the persona (else nobody named)."""
        found = self.outcome(outcome)
        return found.for_ or ((self.persona,) if self.persona is not None else ())

    def contributions_at(self, touchpoint: str | Touchpoint) -> tuple[Contribution, ...]:
        """The contributions made at one touchpoint, in file order."""
        by_touchpoint = self._once("by_touchpoint", lambda: _grouped(self.contributions, "touchpoint"))
        return by_touchpoint.get(convert.ref(touchpoint), ())


def _spliced(flow: tuple[FlowEdge, ...], before: str | None, new: str,
             order: tuple[Touchpoint, ...]) -> tuple[FlowEdge, ...]:
    """The flow with ``new`` put between ``before`` and the steps out of it (at the end when there are none);
    with nothing before it, ``new`` leads into the journey's first touchpoint."""
    if before is None:
        return (FlowEdge(source=new, target=order[0].id), *flow) if order else flow
    out = [e for e in flow if e.source == before]
    if not out:
        return (*flow, FlowEdge(source=before, target=new))
    spliced: list[FlowEdge] = []
    for edge in flow:
        if edge is out[0]:
            spliced.append(FlowEdge(source=before, target=new))
        spliced.append(edge.replace(source=new) if edge.source == before else edge)
    return tuple(spliced)


def _grouped(contributions: Iterable[Contribution], key: str) -> dict[str, tuple[Contribution, ...]]:
    """Contributions by the id in one of their fields, each group in file order."""
    groups: dict[str, list[Contribution]] = {}
    for c in contributions:
        groups.setdefault(getattr(c, key), []).append(c)
    return {ref: tuple(group) for ref, group in groups.items()}


def model_classes() -> tuple[type, ...]:
    """The classes of the model, outermost first."""
    return (Journey, Actor, Asset, Stage, Touchpoint, FlowEdge, Contribution, Need, Survey, GroupCount,
            WillingnessCount, LikertCount, Outcome, Action, LogEvidence, LogHidden, Variant)


def iter_fields(cls: type) -> Iterable[attrs.Attribute[Any]]:
    """The fields of a model class that a map file can set."""
    return (f for f in attrs.fields(cls) if f.init)
