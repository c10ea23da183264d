"""Changing a map file's list items in place: only the changed values' bytes differ; comments, layout and quoting
elsewhere stay as written, in flow and block style, with CRLF line ends, and in JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from journeymap.errors import InvalidMapError
from journeymap.io import dumps, reads_map
from journeymap.io.patch import ItemEdit, patch_text
from journeymap.model import Journey, Need
from journeymap.model_evidence import Survey
from journeymap.io.write import item_data
from strategies import journeys, surveys

HAND_WRITTEN = """\
# A map someone wrote by hand.
journeymap: 1
title: "Sight loss"   # quoted on purpose

actors:
  - {id: margaret, name: "Margaret, 78", role: service_user,
     description: Lives alone}   # wraps over two lines
  - id: jenny
    name: Jenny
    role: carer
    willingness: weekly   # asked in May

needs:
  # Willis and Dunstan, 2009
  - {name: Someone to talk to, users: 0.5, staff: 0.2}
  - name: Information about services
    users: 0.4   # a guess
    staff: 0.6

# the end
"""


def edited(*edits: ItemEdit, text: str = HAND_WRITTEN) -> str:
    return patch_text(text, "yaml", edits)


def test_a_flow_item_gets_its_values_changed_and_new_keys_before_its_brace() -> None:
    out = edited(ItemEdit("needs", "name", "Someone to talk to", {"users": 0.62, "staff": 0.18, "n_users": 100}))
    assert "  - {name: Someone to talk to, users: 0.62, staff: 0.18, n_users: 100}\n" in out
    assert out.replace("users: 0.62, staff: 0.18, n_users: 100", "users: 0.5, staff: 0.2") == HAND_WRITTEN


def test_a_block_item_keeps_its_comments_and_gets_new_keys_on_lines_of_their_own() -> None:
    out = edited(ItemEdit("needs", "name", "Information about services", {"users": 0.53, "n_users": 100,
                                                                           "n_staff": 28}))
    assert "    users: 0.53   # a guess\n    staff: 0.6\n    n_users: 100\n    n_staff: 28\n\n# the end\n" in out
    assert reads_map(out).journey.needs[1] == Need(name="Information about services", users=0.53, staff=0.6,
                                                   n_users=100, n_staff=28)


def test_a_new_key_goes_after_a_comment_ending_the_items_last_line() -> None:
    out = edited(ItemEdit("actors", "id", "margaret", {"willingness": "monthly"}),
                 ItemEdit("actors", "id", "jenny", {"willingness": "none"}))
    assert "     description: Lives alone, willingness: monthly}   # wraps over two lines\n" in out
    assert "    willingness: none   # asked in May\n" in out
    assert [a.willingness.value for a in reads_map(out).journey.actors if a.willingness] == ["monthly", "none"]


def test_new_items_follow_the_last_in_its_style_and_a_new_list_goes_at_the_end() -> None:
    survey = Survey(id="needs", title="Needs survey")
    out = edited(ItemEdit("needs", "name", "A break", {"name": "A break", "users": 0.3, "staff": 0.1}, add=True),
                 ItemEdit("needs", "name", "Friends", {"name": "Friends", "users": 0.9, "staff": 0.4}, add=True),
                 ItemEdit("surveys", "id", "needs", item_data(survey), whole=True, add=True))
    assert out.startswith(HAND_WRITTEN.removesuffix("\n# the end\n"))
    assert "    staff: 0.6\n  - name: A break\n    users: 0.3\n    staff: 0.1\n  - name: Friends\n" in out
    assert out.endswith("# the end\n\nsurveys:\n  - id: needs\n    title: Needs survey\n")
    journey = reads_map(out).journey
    assert [n.name for n in journey.needs][-2:] == ["A break", "Friends"] and journey.surveys == (survey,)


def test_an_item_not_found_is_left_alone_unless_it_is_to_be_added() -> None:
    assert edited(ItemEdit("needs", "name", "Nobody named this", {"users": 0.1})) == HAND_WRITTEN


def test_a_whole_item_is_replaced_and_what_follows_it_stays() -> None:
    text = HAND_WRITTEN + "surveys:\n  - id: s\n    title: Old\n    held_back: 2   # small groups\n  # keep me\n"
    new = Survey(id="s", title="New", threshold=3)
    out = edited(ItemEdit("surveys", "id", "s", item_data(new), whole=True, add=True), text=text)
    assert out.endswith("surveys:\n  - id: s\n    title: New\n    threshold: 3   # small groups\n  # keep me\n")
    assert reads_map(out).journey.surveys == (new,)


def test_flow_lists_and_empty_keys_take_new_items_too() -> None:
    flow = "journeymap: 1\ntitle: T\nneeds: []\nsurveys:\n"
    out = edited(ItemEdit("needs", "name", "A", {"name": "A", "users": 0.5, "staff": 0.5}, add=True),
                 ItemEdit("surveys", "id", "s", {"id": "s", "title": "S"}, add=True), text=flow)
    assert out == "journeymap: 1\ntitle: T\nneeds: [{name: A, users: 0.5, staff: 0.5}]\nsurveys:\n  - id: s\n" \
                  "    title: S\n"


def test_text_that_needs_quotes_is_quoted() -> None:
    name = "Help: with forms, {often}"
    out = edited(ItemEdit("needs", "name", name, {"name": name, "users": 0.5, "staff": 0.5}, add=True),
                 text="journeymap: 1\ntitle: T\nneeds: [{name: x, users: 0.1, staff: 0.2}]\n")
    assert [n.name for n in reads_map(out).journey.needs] == ["x", name]


def test_windows_line_ends_stay_windows_line_ends() -> None:
    crlf = HAND_WRITTEN.replace("\n", "\r\n")
    out = edited(ItemEdit("needs", "name", "Information about services", {"n_users": 100}),
                 ItemEdit("surveys", "id", "s", {"id": "s", "title": "S"}, add=True), text=crlf)
    assert "\n" not in out.replace("\r\n", "")
    assert reads_map(out).journey.needs[1].n_users == 100


def test_json_is_written_again_in_its_own_order_and_indent() -> None:
    text = json.dumps({"journeymap": 1, "title": "T", "needs": [{"name": "A", "users": 0.5, "staff": 0.1}]},
                      indent=4) + "\n"
    out = patch_text(text, "json", [ItemEdit("needs", "name", "A", {"users": 0.25, "n_users": 8})])
    assert out == json.dumps({"journeymap": 1, "title": "T", "needs": [
        {"name": "A", "users": 0.25, "staff": 0.1, "n_users": 8}]}, indent=4) + "\n"


def test_maps_that_cannot_be_changed_in_place_are_refused_with_a_way_out() -> None:
    with pytest.raises(InvalidMapError, match="convert it to YAML"):
        patch_text("journey\n  title: T\n", "mermaid", [])
    with pytest.raises(InvalidMapError, match="block style"):
        edited(text="{journeymap: 1, title: T}\n")


@settings(max_examples=40, deadline=None)
@given(journeys(evidence=True), surveys())
def test_edits_read_back_as_the_same_changes_made_to_the_journey(journey: Journey, survey: Survey) -> None:
    names = [n.name for n in journey.needs]
    edited_names = {name for name in names[:2] if names.count(name) == 1}  # an edit finds a need by its name
    needs = [ItemEdit("needs", "name", name, {"users": 0.25, "staff": 0.5, "n_staff": 7}) for name in sorted(edited_names)]
    actors = [ItemEdit("actors", "id", a.id, {"willingness": "weekly"}) for a in journey.actors if a.is_citizen]
    survey_edit = ItemEdit("surveys", "id", survey.id, item_data(survey), whole=True, add=True)
    expected = journey.replace(
        needs=[n.replace(users=0.25, staff=0.5, n_staff=7) if n.name in edited_names else n for n in journey.needs],
        actors=[a.replace(willingness="weekly") if a.is_citizen else a for a in journey.actors],
        surveys=[*(s for s in journey.surveys if s.id != survey.id), survey]
        if survey.id not in {s.id for s in journey.surveys} else
        [survey if s.id == survey.id else s for s in journey.surveys])
    for fmt in ("yaml", "json"):
        out = patch_text(dumps(journey, fmt), fmt, [*needs, *actors, survey_edit])
        assert reads_map(out, fmt).journey == expected
