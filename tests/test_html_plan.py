"""The report's outcomes and action plan (journeymap.rendering.html_plan): states in words and shapes, what serves
each outcome, the four boxes, statuses never told by colour alone, and everything named linked to where it is shown."""

from __future__ import annotations

import html
import re
from pathlib import Path

from journeymap import Action, Actor, Asset, Contribution, Journey, Outcome, Stage, Touchpoint, analyse, load
from journeymap.wording import HORIZON_BOXES
from journeymap.rendering.html_plan import action_plan, outcomes
from journeymap.vocabulary import Horizon

ROOT = Path(__file__).resolve().parent.parent


def plain(markup: str) -> str:
    """Markup as the words a reader sees."""
    return re.sub(r" ([;,.:)])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()))


def rows(markup: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", markup, re.S)


def test_each_outcome_says_for_whom_how_far_it_is_served_what_serves_it_and_its_need() -> None:
    shown = outcomes(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")))
    body = rows(shown)[1:]
    assert len(body) == 4
    driving = plain(next(r for r in body if 'id="outcome_drive__again"' in r))
    assert driving == "Help to get back to driving Ray, 67 ○ unserved — — yes: 52% of users"
    home = next(r for r in body if "Get home and stay home safely" in r)
    assert "● co-produced" in plain(home)
    assert re.search(r'<a href="#touchpoint_\w+">Early supported discharge visits</a>', home)
    assert "from Pat (wife), at Early supported discharge visits" in plain(home)
    assert 'title="unserved: nothing in the journey serves it"' in shown  # the state in full, on hover
    key = plain(shown.split('<ul class="states">')[1].split("</ul>")[0])
    assert key == "○ unserved nothing in the journey serves it ● co-produced citizens' own contributions serve it"


def test_a_map_without_outcomes_says_so() -> None:
    shown = outcomes(analyse(Journey(title="T")))
    assert "<table" not in shown and "None recorded (outcomes say what matters to the person" in shown


ann = Actor(id="ann", name="Ann <A>", role="service_user", willingness="weekly")
visit = Touchpoint(id="home-visit.1", name="Home visit", actors=["ann"], serves=["home"])


def planned(*actions: Action) -> Journey:
    return Journey(title="Plan", persona=ann, actors=[ann], assets=[Asset(id="ann_time", holder="ann", kind="time")],
                   stages=[Stage(id="s", name="Stage", touchpoints=[visit])],
                   contributions=[Contribution(asset="ann_time", touchpoint="home-visit.1", phase="co_delivery")],
                   outcomes=[Outcome(id="home", name="Stay at home")], actions=list(actions))


def boxes(shown: str) -> dict[str, str]:
    found = re.findall(r'<div class="box"[^>]*><h3 id="box_(\w+)">(.*?)</h3>(.*?)</div>', shown, re.S)
    return {ident: plain(heading + " | " + content) for ident, heading, content in found}


def test_the_plan_is_the_method_s_four_boxes_in_order_each_action_in_its_own() -> None:
    shown = action_plan(analyse(planned(
        Action(text="Ring Ann", horizon="week", owner="Sam", due="2027-01-31", addresses=["ann", "home"]),
        Action(text="Ask the partners", horizon="partners", status="doing",
               addresses=["home-visit.1", "ann_time", "s"]))))
    found = boxes(shown)
    assert list(found) == [h.value for h in Horizon]
    assert [f.split(" | ")[0] for f in found.values()] == [HORIZON_BOXES[h] for h in Horizon] == [
        "I will do within a week", "I will do within a month", "Others in my organisation should",
        "People in partner organisations should"]
    assert found["week"] == ("I will do within a week | ○ to do Ring Ann Owner: Sam · Due: 31 January 2027 "
                             "Addresses: Ann <A>; Stay at home")
    assert found["month"].endswith("Nothing in this box yet.")
    assert found["partners"].endswith("◐ under way Ask the partners Owner: not named yet "
                                      "Addresses: Home visit; Time; Stage")
    assert '<a href="#actor_ann">Ann &lt;A&gt;</a>' in shown and '<a href="#outcome_home">Stay at home</a>' in shown
    assert '<a href="#touchpoint_home_2dvisit_2e1">Home visit</a>' in shown
    assert '<a href="#asset_ann__time">Time</a>' in shown and '<a href="#stage_s">Stage</a>' in shown
    assert "2 actions (1 to do, 1 under way)" in plain(shown)


def test_done_and_dropped_actions_say_so_in_words_and_shapes_not_colour_alone() -> None:
    shown = action_plan(analyse(planned(Action(text="Done thing", horizon="month", status="done"),
                                        Action(text="Dropped thing", horizon="month", status="dropped"))))
    month = boxes(shown)["month"]
    assert "✓ done Done thing" in month and "✕ dropped Dropped thing" in month
    assert '<li class="action done">' in shown and '<li class="action dropped">' in shown  # struck through, greyed


def test_a_map_without_actions_says_how_to_draft_a_plan() -> None:
    shown = action_plan(analyse(Journey(title="T")))
    assert "boxes" not in shown
    assert ("No action plan yet: <code>journeymap plan MAP</code> drafts one from the findings." in shown)


def test_hostile_text_in_outcomes_and_actions_stays_text() -> None:
    text = '<script>alert(1)</script>"&'
    journey = planned(Action(text=text, horizon="week", owner=text, addresses=["home"]))
    journey = journey.replace(outcomes=[Outcome(id="home", name=text, description=text)])
    for shown in (outcomes(analyse(journey)), action_plan(analyse(journey))):
        assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;" in shown
