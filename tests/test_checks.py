"""journeymap.checks: the warnings ``journeymap check`` gives about a valid but unfinished map."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given

from journeymap.checks import find_warnings
from journeymap.errors import Problem
from journeymap.model import Action, Actor, Asset, Contribution, FlowEdge, Journey, Outcome, Stage, Touchpoint
from strategies import actor, contribution, design_example, journey, journeys, touchpoint


def complete(**changes: Any) -> Journey:
    """A small map with nothing to warn about, changed as asked."""
    fields: dict[str, Any] = {
        "actors": [actor("ann"), actor("bob", "professional")],
        "assets": [Asset(id="ann_time", holder="ann", kind="time")],
        "stages": [Stage(id="one", name="One", touchpoints=[touchpoint("a", "ann"), touchpoint("b", "bob")]),
                   Stage(id="two", name="Two", touchpoints=[touchpoint("c", "ann")])],
        "contributions": [contribution("ann_time", "a")],
    }
    return Journey(title="Complete", **{**fields, **changes})


def paths(warnings: tuple[Problem, ...]) -> list[tuple[Any, ...]]:
    """Where each warning points."""
    return [w.path for w in warnings]


def test_a_complete_map_has_no_warnings() -> None:
    assert find_warnings(complete()) == ()
    assert find_warnings(complete(flow=[FlowEdge(source="a", target="b"), FlowEdge(source="b", target="c")])) == ()


def test_a_map_without_stages() -> None:
    (warning,) = find_warnings(Journey(title="Just started"))
    assert warning.path == ("stages",)
    assert warning.message == "the map has no stages yet"
    assert warning.suggestion


def test_a_stage_without_touchpoints() -> None:
    stages = [*complete().stages, Stage(id="later", name="Later")]
    (warning,) = find_warnings(complete(stages=stages))
    assert (warning.path, warning.value) == (("stages", 2), "later")
    assert "no touchpoints" in warning.message


def test_an_actor_never_present() -> None:
    (warning,) = find_warnings(complete(actors=[actor("ann"), actor("zoe", "carer"), actor("bob", "professional")]))
    assert (warning.path, warning.value) == (("actors", 1), "zoe")
    assert "never present" in warning.message


def test_an_asset_with_no_use_at_all() -> None:
    assets = [*complete().assets, Asset(id="ann_skills", holder="ann", kind="skills")]
    (warning,) = find_warnings(complete(assets=assets))
    assert (warning.path, warning.value) == (("assets", 1), "ann_skills")
    assert "no actual or potential use" in warning.message
    assert warning.suggestion == "add a contribution saying where it is used or could be (status: potential)"
    ask = Action(id="ask", text="Ask Ann where her skills could help", horizon="week", addresses=["ann_skills"])
    (planned,) = find_warnings(complete(assets=assets, actions=[ask]))
    assert planned.suggestion == "the action 'ask' addresses it; when it finds a use, add a contribution there"


def test_an_asset_with_only_a_potential_use_has_no_warning() -> None:
    assert find_warnings(complete(contributions=[contribution("ann_time", "c", "potential")])) == ()


def test_a_touchpoint_outside_an_explicit_flow() -> None:
    (warning,) = find_warnings(complete(flow=[FlowEdge(source="a", target="b")]))
    assert (warning.path, warning.value) == (("stages", 1, "touchpoints", 0), "c")
    assert "not in the flow" in warning.message


def test_either_end_of_a_flow_step_puts_a_touchpoint_in_the_flow() -> None:
    assert find_warnings(complete(flow=[FlowEdge(source="a", target="c"), FlowEdge(source="b", target="b")])) == ()


def test_without_an_explicit_flow_no_touchpoint_is_outside_it() -> None:
    assert complete().flow == ()
    assert find_warnings(complete()) == ()


def test_a_repeated_contribution_is_warned_about_at_the_repeat() -> None:
    again = attrs.evolve(contribution("ann_time", "a"), note="said twice")
    (warning,) = find_warnings(complete(contributions=[contribution("ann_time", "a"), contribution("ann_time", "c"),
                                                       again]))
    assert (warning.path, warning.value) == (("contributions", 2), "ann_time")
    assert "listed twice" in warning.message


def test_contributions_differing_in_phase_status_or_place_are_not_repeats() -> None:
    distinct = [contribution("ann_time", "a"), contribution("ann_time", "a", phase="co_design"),
                contribution("ann_time", "a", status="potential"), contribution("ann_time", "c")]
    assert find_warnings(complete(contributions=distinct)) == ()


def test_each_repeat_beyond_the_first_is_warned_about() -> None:
    thrice = [contribution("ann_time", "a")] * 3
    assert paths(find_warnings(complete(contributions=thrice))) == [("contributions", 1), ("contributions", 2)]


def test_the_design_example_warns_only_that_know_how_has_no_use() -> None:
    (warning,) = find_warnings(design_example())
    assert (warning.path, warning.value) == (("assets", 0), "know_how")


def test_warnings_come_together_in_map_order() -> None:
    unfinished = journey(
        touchpoint("t", "ann"), touchpoint("u"),
        actors=[actor("ann"), actor("ghost", "volunteer")],
        assets=[Asset(id="ann_time", holder="ann", kind="time")],
        flow=[FlowEdge(source="t", target="t")],
        contributions=[Contribution(asset="ann_time", touchpoint="t", phase="co_design")] * 2,
    )
    assert paths(find_warnings(attrs.evolve(unfinished, stages=[*unfinished.stages, Stage(id="e", name="E")]))) == [
        ("stages", 1), ("actors", 1), ("stages", 0, "touchpoints", 1), ("contributions", 1)]


def assert_every_warning_points_into(mapped: Journey) -> None:
    """Each warning's path leads to an object of the map, and its value is that object's id (or asset)."""
    for warning in find_warnings(mapped):
        node: Any = mapped
        for step in warning.path:
            node = node[step] if isinstance(step, int) else getattr(node, step)
        if warning.value is not None:
            assert getattr(node, "id", getattr(node, "asset", None)) == warning.value


@given(journeys())
def test_every_warning_points_at_something_in_the_map(mapped: Journey) -> None:
    assert_every_warning_points_into(mapped)


def test_a_doing_with_claim_where_no_citizen_takes_part_is_warned_of_as_tokenism() -> None:
    ann, gp = Actor(id="ann", name="Ann", role="service_user"), Actor(id="gp", name="GP", role="professional")
    claims = journey(Touchpoint(id="panel", name="Panel", actors=["gp"], involvement="co_design"),
                     Touchpoint(id="meet", name="Meeting", actors=["ann", "gp"], involvement="co_production"),
                     Touchpoint(id="chat", name="Chat", actors=["ann", "gp"], involvement="consultation"),
                     actors=[ann, gp])
    warned = [w for w in find_warnings(claims) if "tokenism" in w.message]
    assert [(w.path, w.value) for w in warned] == [(("stages", 0, "touchpoints", 0), "panel"),
                                                   (("stages", 0, "touchpoints", 1), "meet")]
    assert warned[0].message == "touchpoint 'panel' is tokenism: co-design claimed, but no citizen is there"
    assert "none of the assets of Ann, who is there, is used" in warned[1].message


# -- the action plan: outcomes nothing serves, willing holders' unused assets no action addresses ----------------

def _planned(**changes: Any) -> Journey:
    """A map with a willing carer's unused skills, an outcome, and an action plan, changed as asked."""
    fields: dict[str, Any] = {
        "actors": [actor("ann"), Actor(id="cat", name="Cat", role="carer", willingness="weekly"),
                   actor("bob", "professional")],
        "assets": [Asset(id="ann_time", holder="ann", kind="time"),
                   Asset(id="cat_skills", holder="cat", kind="skills")],
        "stages": [Stage(id="one", name="One", touchpoints=[touchpoint("a", "ann", "cat"), touchpoint("b", "bob")])],
        "contributions": [contribution("ann_time", "a"),
                          Contribution(asset="cat_skills", touchpoint="a", phase="co_design", status="potential")],
        "outcomes": [Outcome(id="home", name="Stay at home")],
        "actions": [Action(id="first", text="Ring Ann", horizon="week", addresses=["ann"])],
    }
    return Journey(title="Planned", **{**fields, **changes})


def test_an_outcome_nothing_serves_is_warned_of_at_the_outcome() -> None:
    warned = [w for w in find_warnings(_planned()) if "outcome" in w.message]
    assert [(w.path, w.value, w.message) for w in warned] == [
        (("outcomes", 0), "home", "outcome 'home' is served by nothing")]
    assert "serves: [home]" in warned[0].suggestion and "journeymap plan MAP" in warned[0].suggestion
    served = _planned(stages=[Stage(id="one", name="One", touchpoints=[
        touchpoint("a", "ann", "cat").replace(serves=["home"]), touchpoint("b", "bob")])])
    assert not [w for w in find_warnings(served) if "outcome" in w.message]
    planned = _planned(actions=[Action(id="ask", text="Ask Ann what would help", horizon="week", addresses=["home"])])
    (warning,) = [w for w in find_warnings(planned) if "outcome" in w.message]  # still served by nothing, but
    assert warning.suggestion == "the action 'ask' addresses it; when something serves it, add serves: [home] there"


def test_a_willing_unused_asset_no_action_addresses_is_warned_of_once_there_is_a_plan() -> None:
    (warning,) = [w for w in find_warnings(_planned()) if "no action addresses" in w.message]
    assert (warning.path, warning.value) == (("assets", 1), "cat_skills")
    assert warning.message == "asset 'cat_skills' is unused, its holder 'cat' is willing, and no action addresses it"
    assert "journeymap plan MAP drafts one" in warning.suggestion
    # No plan at all: an as-is map is not nagged for one.
    assert not [w for w in find_warnings(_planned(actions=[])) if "no action addresses" in w.message]


def test_any_action_addressing_the_asset_answers_the_warning_even_a_dropped_one() -> None:
    for status in ("todo", "done", "dropped"):
        asked = Action(id="ask_cat", text="Ask Cat", horizon="week", status=status, addresses=["cat_skills", "a"])
        planned = _planned(actions=[asked])
        assert not [w for w in find_warnings(planned) if "no action addresses" in w.message], status


def test_an_unwilling_or_constrained_holders_unused_asset_is_not_warned_of() -> None:
    for cat in (Actor(id="cat", name="Cat", role="carer", willingness="none"),
                Actor(id="cat", name="Cat", role="carer", willingness="weekly", constraints=["works nights"]),
                Actor(id="cat", name="Cat", role="carer")):
        planned = _planned(actors=[actor("ann"), cat, actor("bob", "professional")])
        assert not [w for w in find_warnings(planned) if "no action addresses" in w.message], cat


@given(journeys(plans=True))
def test_every_warning_of_a_planned_map_points_at_something_in_it(mapped: Journey) -> None:
    assert_every_warning_points_into(mapped)
