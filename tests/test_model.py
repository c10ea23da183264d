"""journeymap.model: an invalid journey cannot be built, and a valid one answers questions about itself."""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path
import xml.etree.ElementTree as ET
from typing import Any

import attrs
import pytest
from hypothesis import given

import journeymap.model as model_module
from journeymap.errors import InvalidMapError, JourneyMapError, Problem, UsageError
from journeymap.model import (
    Actor,
    Asset,
    Contribution,
    FlowEdge,
    GroupCount,
    Journey,
    LikertCount,
    Need,
    Stage,
    Survey,
    Touchpoint,
    WillingnessCount,
    slug,
)
from journeymap.vocabulary import AssetKind, Involvement, Lane, Phase, Role, Side, Status, Willingness
from strategies import actor, all_ids, contribution, design_example, journey, journeys, touchpoint


def problems_of(build: Any, *args: Any, **kwargs: Any) -> tuple[Problem, ...]:
    """The problems reported by building something invalid."""
    with pytest.raises(InvalidMapError) as caught:
        build(*args, **kwargs)
    return caught.value.problems


def only_problem(build: Any, *args: Any, **kwargs: Any) -> Problem:
    """The one problem reported by building something invalid."""
    problems = problems_of(build, *args, **kwargs)
    assert len(problems) == 1, problems
    return problems[0]


def cast() -> dict[str, Any]:
    """Actors, an asset, two stages of touchpoints: the fields of a small valid journey."""
    return {
        "actors": [actor("ann"), actor("bob", "professional")],
        "assets": [Asset(id="ann_time", holder="ann", kind="time")],
        "stages": [Stage(id="first", name="First", touchpoints=[touchpoint("call", "ann", "bob")]),
                   Stage(id="second", name="Second", touchpoints=[touchpoint("visit", "ann")])],
    }


# -- the error itself ----------------------------------------------------------


def test_an_invalid_map_error_is_a_value_error_and_a_journey_map_error() -> None:
    with pytest.raises(ValueError) as caught:
        Actor(name="Ann", role="nobody")
    assert isinstance(caught.value, InvalidMapError)
    assert isinstance(caught.value, JourneyMapError)


# -- ids: one namespace, unique ------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "first"),
    [
        ({"actors": [actor("ann"), actor("bob"), actor("ann")]}, ("actors", 2, "id"), "actor at actors[0]"),
        ({"assets": [Asset(id="ann", holder="ann", kind="time")]}, ("assets", 0, "id"), "actor at actors[0]"),
        ({"stages": [Stage(id="ann_time", name="S")]}, ("stages", 0, "id"), "asset at assets[0]"),
        ({"stages": [Stage(id="s", name="S", touchpoints=[touchpoint("s")])]},
         ("stages", 0, "touchpoints", 0, "id"), "stage at stages[0]"),
        ({"stages": [Stage(id="a", name="A", touchpoints=[touchpoint("t")]),
                     Stage(id="b", name="B", touchpoints=[touchpoint("t")])]},
         ("stages", 1, "touchpoints", 0, "id"), "touchpoint at stages[0].touchpoints[0]"),
    ],
)
def test_ids_are_unique_across_actors_assets_stages_and_touchpoints(
    change: dict[str, Any], path: tuple[Any, ...], first: str
) -> None:
    problem = only_problem(Journey, title="T", **{**cast(), **change})
    assert problem.path == path
    assert problem.message.startswith("duplicate id")
    assert problem.suggestion is not None and first in problem.suggestion


def test_a_derived_id_can_clash_too() -> None:
    assets = [Asset(holder="ann", kind="time"), Asset(id="ann_time", holder="ann", kind="skills")]
    problem = only_problem(Journey, title="T", actors=[actor("ann")], assets=assets)
    assert (problem.path, problem.value) == (("assets", 1, "id"), "ann_time")


# -- references resolve --------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "value"),
    [
        ({"persona": "nobody"}, ("persona",), "nobody"),
        ({"assets": [Asset(id="x", holder="nobody", kind="time")]}, ("assets", 0, "holder"), "nobody"),
        ({"stages": [Stage(id="s", name="S", touchpoints=[touchpoint("t", "ann", "nobody")])]},
         ("stages", 0, "touchpoints", 0, "actors", 1), "nobody"),
        ({"flow": [FlowEdge(source="nowhere", target="visit")]}, ("flow", 0, "from"), "nowhere"),
        ({"flow": [FlowEdge(source="call", target="visit"), FlowEdge(source="call", target="nowhere")]},
         ("flow", 1, "to"), "nowhere"),
        ({"contributions": [contribution("nothing", "call")]}, ("contributions", 0, "asset"), "nothing"),
        ({"contributions": [contribution("ann_time", "nowhere")]}, ("contributions", 0, "touchpoint"), "nowhere"),
    ],
)
def test_every_kind_of_dangling_reference_is_reported(change: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    problem = only_problem(Journey, title="T", **{**cast(), **change})
    assert (problem.path, problem.value) == (path, value)
    assert problem.message.startswith("unknown ")


def test_a_dangling_reference_suggests_the_nearest_id() -> None:
    problem = only_problem(Journey, title="T", **cast(), contributions=[contribution("ann_time", "cal")])
    assert problem.message == "unknown touchpoint 'cal'"
    assert problem.suggestion == "did you mean 'call'?"


def test_a_dangling_reference_with_nothing_near_lists_the_known_ids() -> None:
    problem = only_problem(Journey, title="T", **cast(), persona="zzz")
    assert problem.suggestion == "known actors: ann, bob"


def test_a_dangling_reference_when_there_is_nothing_to_refer_to() -> None:
    problem = only_problem(Journey, title="T", persona="zzz")
    assert problem.suggestion == "known actors: none yet"


def test_a_reference_to_the_wrong_kind_of_thing_says_what_it_is() -> None:
    problem = only_problem(Journey, title="T", **cast(), contributions=[contribution("call", "visit")])
    assert problem.path == ("contributions", 0, "asset")
    assert problem.suggestion == "'call' is a touchpoint, not an asset"
    problem = only_problem(Journey, title="T", **cast(), persona="ann_time")
    assert problem.suggestion == "'ann_time' is an asset, not an actor"


def test_several_problems_are_reported_together_in_map_order() -> None:
    fields = cast()
    fields["actors"] = [*fields["actors"], actor("call")]
    error_problems = problems_of(Journey, title="T", persona="nobody", **fields,
                                 contributions=[contribution("ann_time", "nowhere")])
    assert [p.path for p in error_problems] == [
        ("stages", 0, "touchpoints", 0, "id"),
        ("persona",),
        ("contributions", 0, "touchpoint"),
    ]
    with pytest.raises(InvalidMapError, match=r"^3 problems:\n  stages\[0\]\.touchpoints\[0\]\.id: duplicate id"):
        Journey(title="T", persona="nobody", **fields, contributions=[contribution("ann_time", "nowhere")])


# -- values: ranges, types, vocabulary -------------------------------------------


@pytest.mark.parametrize("emotion", [-3, 3, 5, True, False, 1.0, 0.5, "1", math.nan])
def test_emotion_must_be_a_whole_number_from_minus_two_to_two(emotion: Any) -> None:
    problem = only_problem(Touchpoint, name="T", emotion=emotion)
    assert problem.path == ("emotion",)
    assert problem.value is emotion or problem.value == emotion


@pytest.mark.parametrize("emotion", [-2, -1, 0, 1, 2, None])
def test_emotion_in_range(emotion: int | None) -> None:
    assert Touchpoint(name="T", emotion=emotion).emotion == emotion


@pytest.mark.parametrize("share", [-0.01, 1.01, 91, math.nan, math.inf, True, "0.5"])
@pytest.mark.parametrize("field", ["users", "staff"])
def test_shares_must_be_numbers_from_zero_to_one(field: str, share: Any) -> None:
    fields = {"users": 0.5, "staff": 0.5, field: share}
    problem = only_problem(Need, name="N", **fields)
    assert problem.path == (field,)
    assert problem.suggestion == "write 91% as 0.91"


@pytest.mark.parametrize("field", ["users", "staff"])
def test_a_need_may_go_without_shares_but_not_count_a_share_it_lacks(field: str) -> None:
    told = Need(name="Get back to driving", for_=["ray"])
    assert (told.users, told.staff, told.has_shares) == (None, None, False)
    assert not Need(name="N", **{field: 0.5}).has_shares
    problem = only_problem(Need, name="N", **{f"n_{field}": 12})
    assert problem.path == (f"n_{field}",) and problem.message == f"n_{field} without {field}: n is how many " \
        f"answered the question {field} is the share of"


@pytest.mark.parametrize("share", [0, 1, 0.0, 1.0, 0.36])
def test_shares_in_range(share: float) -> None:
    assert Need(name="N", users=share, staff=share).users == share


@pytest.mark.parametrize("hours", [-1, -0.5, 100_000.5, 1e308, math.inf, math.nan, True, "8"])
def test_hours_must_be_a_finite_number_of_zero_or_more(hours: Any) -> None:
    problem = only_problem(Asset, holder="ann", kind="time", hours_per_month=hours)
    assert problem.path == ("hours_per_month",)


@pytest.mark.parametrize("hours", [None, 0, 8, 2.5, 100_000])
def test_hours_accepted(hours: float | None) -> None:
    assert Asset(holder="ann", kind="time", hours_per_month=hours).hours_per_month == hours


@pytest.mark.parametrize(
    ("build", "field", "word", "suggestion"),
    [
        (lambda w: Actor(name="A", role=w), "role", "carr", "did you mean 'carer'?"),
        (lambda w: Actor(name="A", role=w), "role", "Carer", "did you mean 'carer'?"),
        (lambda w: Actor(name="A", role="carer", willingness=w), "willingness", "wekly", "did you mean 'weekly'?"),
        (lambda w: Asset(holder="a", kind=w), "kind", "skill", "did you mean 'skills'?"),
        (lambda w: Contribution(asset="a", touchpoint="t", phase=w), "phase", "codesign", "did you mean 'co_design'?"),
        (lambda w: Contribution(asset="a", touchpoint="t", phase="co_design", status=w), "status", "actaul",
         "did you mean 'actual'?"),
        (lambda w: Touchpoint(name="T", involvement=w), "involvement", "informed", "did you mean 'informing'?"),
        (lambda w: Touchpoint(name="T", lane=w), "lane", "front_stage", "did you mean 'frontstage'?"),
    ],
)
def test_unknown_vocabulary_suggests_the_nearest_word(build: Any, field: str, word: str, suggestion: str) -> None:
    problem = only_problem(build, word)
    assert (problem.path, problem.value, problem.suggestion) == ((field,), word, suggestion)
    assert problem.message == f"unknown {field} '{word}'"


@pytest.mark.parametrize(
    ("build", "suggestion"),
    [
        (lambda: Asset(holder="a", kind="cash"),
         "a kind is one of: time, skills, knowledge, lived_experience, networks, motivation, physical, financial"),
        (lambda: Touchpoint(name="T", involvement=3),
         "an involvement is one of: coercion, educating, informing, consultation, engagement, co_design, co_production"),
        (lambda: Actor(name="A", role=None), "a role is one of: service_user, carer, family, neighbour, peer, "
         "volunteer, community_group, professional, manager, commissioner, organisation"),
    ],
)
def test_unknown_vocabulary_with_nothing_near_lists_every_word(build: Any, suggestion: str) -> None:
    assert only_problem(build).suggestion == suggestion


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Actor(name=5, role="carer"), ("name",)),
        (lambda: Actor(name="A", role="carer", description=["x"]), ("description",)),
        (lambda: Journey(title=None), ("title",)),
        (lambda: Touchpoint(name="T", channel=1), ("channel",)),
        (lambda: Touchpoint(name="T", pain_points=["ok", 7]), ("pain_points", 1)),
        (lambda: Need(name=0.5, users=0.5, staff=0.5), ("name",)),
        (lambda: Contribution(asset="a", touchpoint="t", phase="co_design", note=3), ("note",)),
    ],
)
def test_text_fields_reject_other_types(build: Any, path: tuple[Any, ...]) -> None:
    problem = only_problem(build)
    assert problem.path == path
    assert "must be text" in problem.message
    assert problem.suggestion == "put the value in quotes"


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Touchpoint(name="T", actors="ann"), ("actors",)),
        (lambda: Touchpoint(name="T", pain_points="too slow"), ("pain_points",)),
        (lambda: Stage(name="S", touchpoints=Touchpoint(name="T")), ("touchpoints",)),
        (lambda: Journey(title="T", actors={"ann"}), ("actors",)),
        (lambda: Journey(title="T", needs=None), ("needs",)),
    ],
)
def test_list_fields_reject_other_types(build: Any, path: tuple[Any, ...]) -> None:
    problem = only_problem(build)
    assert problem.path == path
    assert "must be a list" in problem.message


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Stage(name="S", touchpoints=[Touchpoint(name="T"), {"name": "U"}]), ("touchpoints", 1)),
        (lambda: Journey(title="T", actors=[Asset(holder="a", kind="time")]), ("actors", 0)),
        (lambda: Journey(title="T", contributions=["a@t"]), ("contributions", 0)),
    ],
)
def test_lists_of_model_objects_reject_anything_else(build: Any, path: tuple[Any, ...]) -> None:
    problem = only_problem(build)
    assert problem.path == path
    assert "must hold" in problem.message


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_moment_of_truth_is_true_or_false(flag: Any) -> None:
    assert only_problem(Touchpoint, name="T", moment_of_truth=flag).path == ("moment_of_truth",)


@pytest.mark.parametrize("bad", ["", "1st", "a b", "a/b", "-a", ".a", "a\n", "ann\n", 7, None])
def test_invalid_ids_are_rejected(bad: Any) -> None:
    problem = only_problem(Actor, id=bad, name="A", role="carer")
    assert (problem.path, problem.value) == (("id",), bad)
    assert problem.message.endswith("is not a valid id")


@pytest.mark.parametrize("good", ["a", "_", "_1st", "ann-b.c_2", "Émilie", "x.y"])
def test_valid_ids(good: str) -> None:
    assert Actor(id=good, name="A", role="carer").id == good


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Touchpoint(name="T", actors=["ann", "not an id"]), ("actors", 1)),
        (lambda: Asset(holder="", kind="time"), ("holder",)),
        (lambda: FlowEdge(source="a", target="b c"), ("target",)),
        (lambda: Contribution(asset="1", touchpoint="t", phase="co_design"), ("asset",)),
        (lambda: Journey(title="T", persona="not an id"), ("persona",)),
    ],
)
def test_references_must_be_valid_ids(build: Any, path: tuple[Any, ...]) -> None:
    assert only_problem(build).path == path


def test_a_touchpoint_lists_each_actor_once() -> None:
    ann = actor("ann")
    for actors in (["ann", "ann"], [ann, ann], [ann, "ann"]):  # an Actor stands for its id
        problem = only_problem(Touchpoint, name="T", actors=actors)
        assert (problem.path, problem.value) == (("actors", 1), "ann")
        assert problem.message == "actor 'ann' is listed twice at this touchpoint"
        assert problem.suggestion == "it is already actors[0]; list each actor once"


def test_every_repeat_of_an_actor_is_reported_at_its_own_place() -> None:
    found = problems_of(Touchpoint, name="T", actors=["ann", "bob", "ann", "bob", "ann"])
    assert [(p.path, p.message, p.suggestion) for p in found] == [
        (("actors", 2), "actor 'ann' is listed 3 times at this touchpoint",
         "it is already actors[0]; list each actor once"),
        (("actors", 3), "actor 'bob' is listed twice at this touchpoint",
         "it is already actors[1]; list each actor once"),
        (("actors", 4), "actor 'ann' is listed 3 times at this touchpoint",
         "it is already actors[0]; list each actor once"),
    ]


def test_an_invalid_id_is_reported_before_any_repeat() -> None:
    problem = only_problem(Touchpoint, name="T", actors=["ann", "ann", "not an id"])
    assert (problem.path, problem.message) == (("actors", 2), "actors 'not an id' is not a valid id")


def test_replace_refuses_an_actor_listed_twice() -> None:
    visit = Touchpoint(name="T", actors=["ann"])
    problem = only_problem(visit.replace, actors=(*visit.actors, "ann"))
    assert (problem.path, problem.message) == (("actors", 1), "actor 'ann' is listed twice at this touchpoint")
    assert only_problem(attrs.evolve, visit, actors=["ann", "ann"]).path == ("actors", 1)
    assert visit.replace(actors=["ann", "bob"]).actors == ("ann", "bob")


def test_a_journey_never_holds_a_touchpoint_with_an_actor_twice() -> None:
    example = design_example()
    stage = example.stages[0]
    clinic = stage.touchpoints[0]
    with pytest.raises(InvalidMapError, match=r"^actors\[2\]: actor 'margaret' is listed twice at this touchpoint"):
        example.replace(stages=[stage.replace(touchpoints=[clinic.replace(actors=[*clinic.actors, "margaret"])])])


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_names_must_not_be_empty(name: str) -> None:
    problem = only_problem(Stage, id="s", name=name)
    assert problem.path == ("name",)
    assert problem.message == "name must not be empty"


def test_a_name_that_gives_no_id_asks_for_an_explicit_one() -> None:
    problem = only_problem(Touchpoint, name="???")
    assert (problem.path, problem.value) == (("id",), "")
    assert problem.suggestion is not None and "give an explicit id" in problem.suggestion


@pytest.mark.parametrize(
    ("cls", "field", "bad"),
    [(Actor, "role", "carr"), (Asset, "hours_per_month", -1), (Touchpoint, "emotion", 3),
     (Touchpoint, "actors", ("ok", "not ok")), (Stage, "touchpoints", ("x",)), (Need, "users", 2),
     (Journey, "persona", "1st"), (Contribution, "phase", "co-design"), (FlowEdge, "label", "")],
)
def test_each_fields_converter_and_validator_work_alone(cls: type, field: str, bad: Any) -> None:
    # The file reader runs them one field at a time, without an instance, to report every bad field of an item.
    attribute = attrs.fields_dict(cls)[field]
    value = attribute.converter(bad) if attribute.converter else bad
    with pytest.raises(InvalidMapError) as caught:
        attribute.validator(None, attribute, value)
    assert caught.value.problems[0].path[0] == field


# -- ids derived from names ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eye clinic appointment", "eye_clinic_appointment"),
        ("Margaret, 78", "margaret_78"),
        ("  First support-group meeting! ", "first_support_group_meeting"),
        ("Jenny (daughter)", "jenny_daughter"),
        ("42 Acacia Avenue", "_42_acacia_avenue"),
        ("Café Ünïcode", "café_ünïcode"),
        ("???", ""),
        (None, ""),
    ],
)
def test_slug(text: object, expected: str) -> None:
    assert slug(text) == expected


def test_ids_derive_from_names() -> None:
    assert Actor(name="Margaret, 78", role="service_user").id == "margaret_78"
    assert Stage(name="Getting support").id == "getting_support"
    assert Touchpoint(name="Home assessment").id == "home_assessment"


def test_an_explicit_id_wins_over_the_name() -> None:
    assert Touchpoint(id="home_visit", name="Home assessment").id == "home_visit"


def test_an_unnamed_asset_is_called_after_its_holder_and_kind() -> None:
    assert Asset(holder="jenny", kind="time").id == "jenny_time"
    assert Asset(holder="club", kind=AssetKind.LIVED_EXPERIENCE).id == "club_lived_experience"


def test_a_named_asset_is_called_after_its_name() -> None:
    asset = Asset(holder="club", kind="networks", name="Peer support network")
    assert asset.id == "peer_support_network"
    assert asset.label == "Peer support network"
    assert Asset(holder="club", kind="lived_experience").label == "Lived experience"


# -- convenience: objects for ids, plain strings for words ----------------------


def test_model_objects_stand_for_their_ids() -> None:
    jenny = actor("jenny", "carer")
    visit = Touchpoint(name="Home visit", actors=[jenny])
    time = Asset(holder=jenny, kind="time")
    assert (time.holder, time.id, visit.actors) == ("jenny", "jenny_time", ("jenny",))
    used = Contribution(asset=time, touchpoint=visit, phase="co_delivery")
    assert (used.asset, used.touchpoint) == ("jenny_time", "home_visit")
    edge = FlowEdge(source=visit, target=visit)
    assert (edge.source, edge.target) == ("home_visit", "home_visit")
    mapped = journey(visit, actors=[jenny], assets=[time], contributions=[used], persona=jenny, flow=[edge])
    assert mapped.persona == "jenny"
    assert mapped.persona_actor is jenny


def test_enums_accept_their_plain_strings() -> None:
    assert Actor(name="A", role="carer", willingness="none").role is Role.CARER
    assert Actor(name="A", role="carer", willingness="none").willingness is Willingness.NONE
    assert Asset(holder="a", kind="skills").kind is AssetKind.SKILLS
    assert Contribution(asset="a", touchpoint="t", phase="co_design", status="potential").phase is Phase.CO_DESIGN
    assert Contribution(asset="a", touchpoint="t", phase="co_design", status="potential").status is Status.POTENTIAL
    assert Touchpoint(name="T", involvement="engagement", lane="backstage").involvement is Involvement.ENGAGEMENT
    assert Touchpoint(name="T", involvement="engagement", lane="backstage").lane is Lane.BACKSTAGE


def test_lists_become_tuples() -> None:
    visit = Touchpoint(name="T", actors=["a"], pain_points=["slow"])
    stage = Stage(name="S", touchpoints=[visit])
    assert (visit.actors, visit.pain_points, stage.touchpoints) == (("a",), ("slow",), (visit,))
    assert Journey(title="T", actors=[actor("a")], stages=[stage]).stages == (stage,)


def test_defaults() -> None:
    assert Contribution(asset="a", touchpoint="t", phase="co_design").status is Status.ACTUAL
    assert Contribution(asset="a", touchpoint="t", phase="co_design").is_actual
    assert not Contribution(asset="a", touchpoint="t", phase="co_design", status="potential").is_actual
    visit = Touchpoint(name="T")
    assert (visit.actors, visit.pain_points, visit.moment_of_truth, visit.emotion) == ((), (), False, None)
    assert Journey(title="Empty").stages == ()


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        (actor("ann"), "role"),
        (Asset(holder="a", kind="time"), "hours_per_month"),
        (Touchpoint(name="T"), "emotion"),
        (Stage(name="S"), "touchpoints"),
        (FlowEdge(source="a", target="b"), "label"),
        (Contribution(asset="a", touchpoint="t", phase="co_design"), "status"),
        (Need(name="N", users=0.5, staff=0.5), "users"),
        (Journey(title="T"), "title"),
    ],
)
def test_model_objects_are_frozen(obj: Any, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, field, getattr(obj, field))


def test_evolve_revalidates_fields() -> None:
    visit = Touchpoint(name="T", emotion=1)
    assert attrs.evolve(visit, emotion=-1).emotion == -1
    assert only_problem(attrs.evolve, visit, emotion=4).path == ("emotion",)


def test_evolve_revalidates_references() -> None:
    example = design_example()
    problem = only_problem(attrs.evolve, example, persona="mags")
    assert (problem.path, problem.suggestion) == (("persona",), "known actors: margaret, jenny, rehab, club")
    without = problems_of(attrs.evolve, example, actors=example.actors[:2])  # no rehab, no club
    assert [(p.path, p.value) for p in without] == [
        (("assets", 2, "holder"), "club"),
        (("stages", 0, "touchpoints", 0, "actors", 1), "rehab"),
        (("stages", 1, "touchpoints", 0, "actors", 2), "rehab"),
        (("stages", 1, "touchpoints", 1, "actors", 1), "club"),
    ]
    assert [p.path for p in problems_of(attrs.evolve, example, assets=())] == [
        ("contributions", 0, "asset"), ("contributions", 1, "asset")]


# -- what a model object says about itself ----------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_an_actors_side_comes_from_its_role(role: Role) -> None:
    someone = Actor(name="A", role=role.value)
    provider = role.value in {"professional", "manager", "commissioner", "organisation"}
    assert someone.side is (Side.PROVIDER if provider else Side.CITIZEN)
    assert someone.is_citizen is not provider


@pytest.mark.parametrize(("willingness", "willing"), [("weekly", True), ("monthly", True), ("none", False), (None, None)])
def test_an_actors_willingness(willingness: str | None, willing: bool | None) -> None:
    assert Actor(name="A", role="carer", willingness=willingness).willing is willing


# -- look-ups -------------------------------------------------------------


def test_look_ups_by_id_and_by_object() -> None:
    example = design_example()
    jenny = example.actors[1]
    assert example.actor("jenny") is jenny
    assert example.actor(jenny) is jenny
    assert example.asset("jenny_time").holder == "jenny"
    assert example.holder("jenny_time") is jenny
    assert example.stage("support").name == "Getting support"
    assert example.touchpoint("group").emotion == 2
    assert example.stage_of("group") is example.stage("support")
    assert example.stage_of(example.touchpoint("clinic")).id == "diagnosis"
    assert [t.id for t in example.touchpoints] == ["clinic", "home_visit", "group"]
    assert [c.touchpoint for c in example.contributions_of("club_network")] == ["clinic"]
    assert [c.asset for c in example.contributions_at(example.touchpoint("home_visit"))] == ["jenny_time"]
    assert example.contributions_of("know_how") == ()


@pytest.mark.parametrize(
    ("look_up", "key"),
    [("actor", "nobody"), ("asset", "nothing"), ("stage", "nowhen"), ("touchpoint", "nowhere"),
     ("actor", "jenny_time"), ("touchpoint", "support"), ("stage_of", "nowhere"), ("holder", "nothing")],
)
def test_look_ups_of_unknown_ids_raise_key_error(look_up: str, key: str) -> None:
    with pytest.raises(KeyError, match=key):
        getattr(design_example(), look_up)(key)


def test_persona_actor_is_none_without_a_persona() -> None:
    assert Journey(title="T").persona_actor is None


def test_flow_edges_without_an_explicit_flow_follow_file_order_across_stages() -> None:
    mapped = attrs.evolve(design_example(), flow=())
    assert [(e.source, e.target, e.label) for e in mapped.flow_edges] == [
        ("clinic", "home_visit", None), ("home_visit", "group", None)]


def test_flow_edges_with_an_explicit_flow_are_that_flow() -> None:
    example = design_example()
    assert example.flow_edges == example.flow
    backwards = attrs.evolve(example, flow=[FlowEdge(source="group", target="clinic")])
    assert [(e.source, e.target) for e in backwards.flow_edges] == [("group", "clinic")]


def test_flow_edges_of_a_single_touchpoint_or_none() -> None:
    assert journey(touchpoint("t")).flow_edges == ()
    assert Journey(title="T").flow_edges == ()


# -- properties of every valid journey --------------------------------------------


@given(journeys())
def test_every_generated_journey_is_valid_and_resolves_its_references(mapped: Journey) -> None:
    for asset in mapped.assets:
        assert mapped.asset(asset.id) is asset
        assert mapped.holder(asset).id == asset.holder
    for stage in mapped.stages:
        for visit in stage.touchpoints:
            assert mapped.touchpoint(visit.id) is visit
            assert mapped.stage_of(visit) is stage
            assert all(mapped.actor(a).id == a for a in visit.actors)
    for c in mapped.contributions:
        assert mapped.asset(c.asset) and mapped.touchpoint(c.touchpoint)
    ids = all_ids(mapped)
    assert len(ids) == len(set(ids))


@given(journeys())
def test_equal_journeys_hash_equal_and_evolve_rebuilds_an_equal_journey(mapped: Journey) -> None:
    again = attrs.evolve(mapped)
    assert again == mapped and again is not mapped
    assert hash(again) == hash(mapped)
    rebuilt = Journey(**{f.name: getattr(mapped, f.name) for f in attrs.fields(Journey) if f.init})
    assert rebuilt == mapped
    assert attrs.evolve(mapped, title=mapped.title + "!") != mapped


def test_a_journey_shows_itself_in_jupyter_as_its_flow_view() -> None:
    journey = design_example()
    svg = journey._repr_svg_()
    assert svg is not None and svg.startswith("<?xml") and "</svg>" in svg
    root = ET.fromstring(svg.encode("utf-8"))
    ids = {e.get("id") for e in root.iter()}
    assert "asset-know_how" in ids and "touchpoint-clinic" in ids


def test_import_journeymap_alone_is_enough_for_a_notebook_to_show_a_journey_as_svg(tmp_path: Path) -> None:
    script = tmp_path / "notebook.py"
    script.write_text("import journeymap\n"
                      "journey = journeymap.Journey(title='Coming home', stages=[journeymap.Stage(name='Back',"
                      " touchpoints=[journeymap.Touchpoint(name='Door')])])\n"
                      "print(journey._repr_svg_())\n", encoding="utf-8")
    shown = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(shown.encode("utf-8"))
    assert root.tag.endswith("svg") and "touchpoint-door" in {e.get("id") for e in root.iter()}


def test_the_notebook_slot_draws_with_what_was_registered_and_else_shows_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    journey = Journey(title="Coming home")
    monkeypatch.setattr(model_module, "_notebook_drawing", [])
    assert journey._repr_svg_() is None  # Jupyter then falls back to the text repr
    model_module.draw_in_notebooks(lambda j: f"<svg><title>{j.title}</title></svg>")
    assert journey._repr_svg_() == "<svg><title>Coming home</title></svg>"


MODEL_MODULES = sorted(Path(model_module.__file__).parent.glob("model*.py"))


@pytest.mark.parametrize("module", MODEL_MODULES, ids=lambda path: path.stem)
def test_the_model_imports_neither_the_renderers_nor_graphviz_nor_subprocess(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]  # nested too
    names = {alias.name for node in imports if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in imports if isinstance(node, ast.ImportFrom)}
    names |= {f"{node.module}.{alias.name}" for node in imports if isinstance(node, ast.ImportFrom)
              for alias in node.names}
    assert names and not {n for n in names if n.split(".")[0] in {"graphviz", "subprocess"} or "render" in n}


def test_with_added_appends_to_the_lists_and_checks_the_result() -> None:
    journey = design_example()
    grown = journey.with_added(needs=[Need(name="Someone to talk to", users=0.62, staff=0.18)])
    assert [n.name for n in grown.needs][-1] == "Someone to talk to" and len(journey.needs) == 1
    with pytest.raises(InvalidMapError, match="duplicate id 'jenny'"):
        journey.with_added(actors=[Actor(id="jenny", name="Another Jenny", role="family")])
    with pytest.raises(TypeError, match="not touchpoints"):
        journey.with_added(touchpoints=[])


def test_a_missing_id_lists_a_dozen_known_ids_at_most() -> None:
    actors = [Actor(id=f"person_{i}", name=f"P{i}", role="carer") for i in range(30)]
    with pytest.raises(InvalidMapError) as info:
        Journey(title="T", actors=actors, assets=[Asset(holder="xyz", kind="time")])
    assert info.value.problems[0].suggestion == (
        "known actors: " + ", ".join(f"person_{i}" for i in range(12)) + " and 18 more")


def test_a_journey_in_a_notebook_bundles_its_svg_with_a_one_line_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    journey = design_example()
    monkeypatch.setattr(model_module, "_notebook_drawing", [])
    model_module.draw_in_notebooks(lambda j: "<svg/>")
    assert journey._repr_mimebundle_() == {
        "image/svg+xml": "<svg/>",
        "text/plain": "Journey 'Living well with sight loss': 2 stages, 3 touchpoints, 4 actors, 3 assets, 2 contributions"}
    model_module.draw_in_notebooks(lambda j: None)  # too large to draw: the summary alone
    assert list(journey._repr_mimebundle_()) == ["text/plain"]


# -- adding a touchpoint (issue 10, 8) ---------------------------------------------------------------


def three_steps(flow: bool = True) -> Journey:
    steps = [Touchpoint(id=i, name=i.title()) for i in ("call", "visit", "review")]
    return Journey(title="T", stages=[Stage(id="first", name="First", touchpoints=steps[:2]),
                                      Stage(id="then", name="Then", touchpoints=steps[2:]),
                                      Stage(id="later", name="Later")],
                   flow=[FlowEdge(source="call", target="visit", label="booked"),
                         FlowEdge(source="visit", target="review"), FlowEdge(source="visit", target="call")]
                   if flow else [])


def edges(journey: Journey) -> list[tuple[str, str, str | None]]:
    return [(e.source, e.target, e.label) for e in journey.flow]


def test_add_touchpoint_after_one_takes_its_place_in_the_stage_and_between_it_and_every_next_step() -> None:
    added = three_steps().add_touchpoint("first", Touchpoint(id="letter", name="Letter"), after="call")
    assert [t.id for t in added.touchpoints] == ["call", "letter", "visit", "review"]
    assert edges(added) == [("call", "letter", None), ("letter", "visit", "booked"), ("visit", "review", None),
                            ("visit", "call", None)]
    branching = three_steps().add_touchpoint("first", Touchpoint(id="letter", name="Letter"), after="visit")
    assert edges(branching) == [("call", "visit", "booked"), ("visit", "letter", None), ("letter", "review", None),
                                ("letter", "call", None)]


def test_add_touchpoint_without_after_goes_at_the_stage_end_or_after_the_last_one_before_it() -> None:
    at_end = three_steps().add_touchpoint("then", Touchpoint(id="close", name="Close"))
    assert [t.id for t in at_end.stage("then").touchpoints] == ["review", "close"]
    assert edges(at_end)[-1] == ("review", "close", None)
    in_empty = three_steps().add_touchpoint("later", Touchpoint(id="close", name="Close"))
    assert edges(in_empty)[-1] == ("review", "close", None) and in_empty.stage("later").touchpoints[0].id == "close"
    implicit = three_steps(flow=False).add_touchpoint("first", Touchpoint(id="letter", name="Letter"), after="call")
    assert implicit.flow == () and [(e.source, e.target) for e in implicit.flow_edges][:2] == [
        ("call", "letter"), ("letter", "visit")]


def test_add_touchpoint_refuses_a_place_in_another_stage_and_a_taken_id() -> None:
    with pytest.raises(UsageError, match="'review' is in stage 'then', not 'first'"):
        three_steps().add_touchpoint("first", Touchpoint(name="Letter"), after="review")
    with pytest.raises(InvalidMapError, match="visit"):
        three_steps().add_touchpoint("then", Touchpoint(id="visit", name="Visit again"))
    with pytest.raises(KeyError, match="no stage with id 'nowhere'"):
        three_steps().add_touchpoint("nowhere", Touchpoint(name="Letter"))


# -- evidence: surveys, counted needs, constraints ------------------------------

def test_a_willingness_count_gives_each_level_s_share_of_all_who_answered() -> None:
    count = WillingnessCount(group="citizens", weekly=28, monthly=43, none=29)
    assert (count.n, count.share("weekly"), count.share(Willingness.MONTHLY), count.share("none")) == (100, .28, .43, .29)
    assert WillingnessCount(group="nobody").share("weekly") == 0.0


@pytest.mark.parametrize(("fields", "message"), [
    ({"scale": ["Agree"], "counts": [5]}, "at least 2 levels"),
    ({"scale": ["Agree", "Agree"], "counts": [5, 5]}, "'Agree' more than once"),
    ({"scale": ["Disagree", "Agree"], "counts": [5]}, "1 counts for a scale of 2 levels"),
    ({"scale": ["Disagree", "Agree"], "counts": [5, -1]}, "not a whole number of people"),
    ({"scale": ["Disagree", "Agree"], "counts": [5, 5], "neutral": "Unsure"}, "'Unsure' is not on the scale"),
])
def test_a_likert_count_refuses_a_scale_and_counts_that_do_not_fit(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidMapError, match=message):
        LikertCount(statement="S", group="g", **fields)


def test_a_survey_never_keeps_a_group_under_its_threshold() -> None:
    kept = Survey(title="Views", threshold=3, respondents=[GroupCount(group="carers", respondents=3)], held_back=2)
    assert kept.id == "views" and kept.respondents[0].respondents == 3
    for small in ({"respondents": [GroupCount(group="carers", respondents=2)]},
                  {"willingness": [WillingnessCount(group="carers", weekly=1, none=1)]},
                  {"likert": [LikertCount(statement="S", group="carers", scale=["No opinion", "Agree"], counts=[1, 1])]}):
        with pytest.raises(InvalidMapError, match="under the disclosure threshold of 3"):
            Survey(title="Views", threshold=3, **small)


def test_a_need_counted_from_a_survey_names_how_many_answered_at_least_one() -> None:
    assert Need(name="Friends", users=0.91, staff=0.36, n_users=54).n_users == 54
    with pytest.raises(InvalidMapError, match="n_staff 0 is not a whole number of people, 1 or more"):
        Need(name="Friends", users=0.91, staff=0.36, n_staff=0)


def test_constraints_belong_to_citizens_only() -> None:
    pat = Actor(name="Pat", role="carer", constraints=["has her own hip problems; cannot lift"])
    assert pat.constrained and not Actor(name="Ann", role="carer").constrained
    with pytest.raises(InvalidMapError, match="provider side"):
        Actor(name="Dr Lee", role="professional", constraints=["no time"])


def test_surveys_are_added_like_other_lists_and_keep_their_ids_apart() -> None:
    journey = Journey(title="T").with_added(surveys=[Survey(title="Views")])
    assert [s.id for s in journey.surveys] == ["views"]
    with pytest.raises(InvalidMapError, match="duplicate survey id 'views'"):
        journey.with_added(surveys=[Survey(title="Views!")])


# -- a need's own citizens (for) -------------------------------------------------


RAY = Actor(id="ray", name="Ray", role="service_user")
PAT = Actor(id="pat", name="Pat", role="carer")
GP = Actor(id="gp", name="GP", role="professional")


def test_a_need_names_its_citizens_by_object_or_id_and_without_them_is_the_population_s() -> None:
    need = Need(name="Drive again", users=0.52, staff=0.09, for_=[RAY, "pat"])
    assert need.for_ == ("ray", "pat") and need.is_personal
    assert not Need(name="Friends", users=0.91, staff=0.36).is_personal
    assert Journey(title="T", actors=[RAY, PAT], needs=[need]).needs[0].for_ == ("ray", "pat")


def test_a_citizen_named_twice_for_a_need_is_reported_under_the_file_s_key() -> None:
    (problem,) = problems_of(Need, name="Drive again", users=0.5, staff=0.1, for_=["ray", "pat", "ray"])
    assert problem.path == ("for", 2) and problem.value == "ray"
    assert "listed twice for this need" in problem.message and "for[0]" in (problem.suggestion or "")
    (problem,) = problems_of(Need, name="Drive again", users=0.5, staff=0.1, for_=["1ray"])
    assert problem.path == ("for", 0) and problem.message.startswith("for '1ray' is not a valid id")


def test_a_need_s_for_must_name_citizens_of_the_journey() -> None:
    needs = [Need(name="Drive again", users=0.5, staff=0.1, for_=["rya", "gp"])]
    unknown, provider = problems_of(Journey, title="T", actors=[RAY, PAT, GP], needs=needs)
    assert unknown.path == ("needs", 0, "for", 0) and unknown.suggestion == "did you mean 'ray'?"
    assert provider.path == ("needs", 0, "for", 1) and provider.value == "gp"
    assert "'gp' is a professional, on the provider side" in provider.message
    assert "citizens: ray, pat" in (provider.suggestion or "")
