"""Mermaid ``journey`` diagrams in and out: Mermaid's own examples, placed errors, round trips, and Mermaid itself.

The last part runs Mermaid's own parser (the npm package, pinned in the Makefile, loaded into Debian's
Chromium with Playwright) on Mermaid's examples and on exports. Nothing is ever skipped: a missing
piece fails with what to run.
"""

from __future__ import annotations

import html
import math
import os
import re
import warnings
from collections.abc import Iterator
from html.entities import html5
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.cli import main
from journeymap.errors import InvalidMapError, JourneyMapWarning, Problem, UsageError
from journeymap.files import unmarked
from journeymap.io import dump, dumps, load, loads, read_map, reads_map
from journeymap.io.mermaid import DEFAULT_SECTION, DEFAULT_TITLE, MermaidWarning
from journeymap.model import Actor, Journey, Stage, Touchpoint
from journeymap.vocabulary import Role
from strategies import DESIGN_EXAMPLE, design_example, journeys

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "mermaid"
EXAMPLES = sorted(DATA.glob("*.mmd"))
OFF_SCALE = sorted((DATA / "off-scale").glob("*.mmd"))
MERMAID = Path(os.environ.get("JOURNEYMAP_MERMAID",
                              ROOT / ".tools" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"))

WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def mermaid(text: str, **roles: str) -> Journey:
    return loads(text, "mermaid", source="day.mmd", roles=roles or None)


def problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(InvalidMapError) as info:
        mermaid(text)
    return info.value.problems


def only(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def read_warned(text: str) -> tuple[Journey, list[Problem]]:
    """A diagram's journey and the placed problems of the MermaidWarnings reading it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = mermaid(text)
    assert all(issubclass(w.category, MermaidWarning) for w in caught), [str(w.message) for w in caught]
    return journey, [w.message.problem for w in caught if isinstance(w.message, MermaidWarning)]


def tasks(journey: Journey) -> list[tuple[str, str, int | None, list[str]]]:
    """Each touchpoint as Mermaid's db lists a task: section, name, score and people."""
    return [(stage.name, t.name, None if t.emotion is None else t.emotion + 3, [journey.actor(a).name for a in t.actors])
            for stage in journey.stages for t in stage.touchpoints]


def exported(journey: Journey) -> tuple[str, list[str]]:
    """A journey's Mermaid text and the warnings the export gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = dumps(journey, "mermaid")
    return text, [str(w.message) for w in caught if issubclass(w.category, JourneyMapWarning)]


# ---------------------------------------------------------------------------
# Reading Mermaid's own examples: what its parser's tests assert


def test_the_parser_spec_tasks_read_as_the_spec_asserts() -> None:
    journey = load(DATA / "spec-tasks.mmd")
    assert journey.title == "Adding journey diagram functionality to mermaid"
    assert tasks(journey) == [
        ("Documentation", "A task", 5, ["Alice", "Bob", "Charlie"]),
        ("Documentation", "B task", 3, ["Bob", "Charlie"]),
        ("Documentation", "C task", 5, []),
        ("Documentation", "D task", 5, ["Charlie", "Alice"]),
        ("Documentation", "E task", 5, []),  # Mermaid's people [''] is no one
        ("Another section", "P task", 5, []),
        ("Another section", "Q task", 5, []),
        ("Another section", "R task", 5, []),
    ]
    assert [(a.id, a.name, a.role) for a in journey.actors] == [
        ("alice", "Alice", Role.SERVICE_USER), ("bob", "Bob", Role.SERVICE_USER),
        ("charlie", "Charlie", Role.SERVICE_USER)]
    assert [s.id for s in journey.stages] == ["documentation", "another_section"]
    assert journey.touchpoints[0].id == "a_task" and journey.touchpoints[0].emotion == 2


def test_the_spec_accessibility_texts_read_as_the_spec_asserts() -> None:
    journey = load(DATA / "spec-acc-descr-multiline.mmd")
    assert journey.description == "A user journey for\nfamily shopping"
    assert journey.title == "Adding journey diagram functionality to mermaid"  # accTitle beside a title: not kept
    assert load(DATA / "spec-acc-title.mmd").title == "The title"  # no title: accTitle is the title
    assert load(DATA / "spec-acc-descr.mmd").description == "A user journey for family shopping"
    assert [s.name for s in load(DATA / "spec-section.mmd").stages] == ["Order from website"]


def test_every_line_break_mermaid_knows_splits_a_section_name() -> None:
    stage = load(DATA / "spec-multiline-section.mmd").stages[0]
    assert stage.name == "Line1\nLine2\nLine3\nLine4\nLine5"
    assert stage.id == "line1_line2_line3_line4_line5"


def test_a_diagram_without_a_title_gets_the_default() -> None:
    assert load(DATA / "spec-acc-title.mmd").title == "The title"
    assert mermaid("journey\nsection S\n  T: 3").title == DEFAULT_TITLE


def test_the_syntax_page_example() -> None:
    journey = load(DATA / "docs-my-working-day.mmd")
    assert journey.title == "My working day"
    assert [(s.id, s.name) for s in journey.stages] == [("go_to_work", "Go to work"), ("go_home", "Go home")]
    assert tasks(journey)[2] == ("Go to work", "Do work", 1, ["Me", "Cat"])
    assert [(a.id, a.name) for a in journey.actors] == [("me", "Me"), ("cat", "Cat")]
    assert journey.touchpoints[2].emotion == -2


def test_the_demo_s_front_matter_gives_the_title() -> None:
    journey = load(DATA / "demo-journey.mmd")
    assert journey.title == "My working day"
    assert journey.description == "2 main sections: work and home, each with just a few tasks"
    assert len(journey.touchpoints) == 5


def test_repeated_names_get_distinct_ids_in_document_order() -> None:
    journey = load(DATA / "cypress-web-hook.mmd")
    assert journey.title == "Web hook life cycle"
    assert [s.id for s in journey.stages] == ["darkoob", "external_service", "darkoob_2"]
    assert [a.id for a in journey.actors] == ["darkoob_user", "darkoob_userf_deliberately_increasing_the_size_of_"
                                              "this_label_to_check_if_distance_between_legend_and_diagram_is_maintained",
                                              "admin_exjjjnjjjj_qwerty", "external_service_2", "darkoobapi"]
    assert journey.touchpoints[1].name == "register slug"
    twice = load(DATA / "cypress-left-margin.mmd")
    assert [t.id for t in twice.touchpoints] == ["sign_up", "browse_features", "use_core_functionality",
                                                 "browse_features_2", "use_core_functionality_2"]


OFF_SCALE_READ = {"cypress-score-above-5.mmd": ("23", 2, "score 23 is above Mermaid's 1–5: read as 5 (very positive)"),
                  "cypress-score-below-0.mmd": ("-10", -2, "score -10 is below Mermaid's 1–5: read as 1 (very negative)"),
                  "cypress-score-not-integer.mmd": ("Hello", None, "score 'Hello' is not a number (Mermaid reads NaN): "
                                                    "read as no emotion"),
                  "demo-1871-journey.mmd": ("B", None, "score 'B' is not a number (Mermaid reads NaN): read as no emotion")}


@pytest.mark.parametrize("path", OFF_SCALE, ids=lambda p: p.name)
def test_mermaid_s_scores_off_its_scale_are_read_with_one_placed_warning(path: Path) -> None:
    # These were refused before; Mermaid draws them, so they are now read (clamped, or NaN as no emotion).
    score, emotion, message = OFF_SCALE_READ[path.name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = load(path)
    assert [type(w.message) for w in caught] == [MermaidWarning]
    problem = caught[0].message.problem  # type: ignore[union-attr]
    line = path.read_text().splitlines()[problem.line - 1]
    assert problem.file == str(path) and line[problem.column - 1:].startswith(score) and problem.value == score
    assert problem.message == message
    assert str(caught[0].message) == f"{path}:{problem.line}:{problem.column}: {message}"
    assert journey.touchpoints[0].emotion == emotion


# A diagram as people write them: front matter, a directive, CRLF line ends, tabs, accTitle and accDescr,
# an empty section, non-Latin scripts, and scores off Mermaid's scale.
AS_PEOPLE_WRITE_THEM = (
    "---\ntitle: Первый день\n---\n%%{init: {'theme': 'forest'}}%%\njourney\n"
    "\taccTitle: 最初の日\n\taccDescr: Ein Tag, wie er war\n"
    "\tsection 到着\n\t\tКофе: 7: Аня, 太郎\n\t\tΠρωινό: 0: Аня\n"
    "\tsection Empty\n"
    "\tsection مغادرة\n\t\tVerabschieden: X: 太郎\n\t\tHeim: 4.5: Аня\n"
).replace("\n", "\r\n")


def test_a_diagram_as_people_write_them_is_read_with_its_warnings_placed() -> None:
    journey, said = read_warned(AS_PEOPLE_WRITE_THEM)
    assert (journey.title, journey.description) == ("Первый день", "Ein Tag, wie er war")
    assert [(s.name, len(s.touchpoints)) for s in journey.stages] == [("到着", 2), ("Empty", 0), ("مغادرة", 2)]
    assert tasks(journey) == [("到着", "Кофе", 5, ["Аня", "太郎"]), ("到着", "Πρωινό", 1, ["Аня"]),
                              ("مغادرة", "Verabschieden", None, ["太郎"]), ("مغادرة", "Heim", 5, ["Аня"])]
    assert len({s.id for s in journey.stages}) == 3 and len({a.id for a in journey.actors}) == 2
    assert [(p.line, p.column, p.value) for p in said] == [(9, 9, "7"), (10, 11, "0"), (13, 18, "X"), (14, 9, "4.5")]


def test_check_lists_the_reader_s_warnings_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "day.mmd"
    path.write_bytes(AS_PEOPLE_WRITE_THEM.encode())
    code, out, err = run(capsys, "check", path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{path}:9:9: warning: score 7 is above Mermaid's 1–5: read as 5 (very positive)",
        f"{path}:10:11: warning: score 0 is below Mermaid's 1–5: read as 1 (very negative)",
        f"{path}:13:18: warning: score 'X' is not a number (Mermaid reads NaN): read as no emotion",
        f"{path}:14:9: warning: score 4.5 is not a whole number: read as 5 (very positive)",
        f"{path}:11:2: warning: stage 'empty' has no touchpoints (at stages[1]); add touchpoints to it or remove it",
    ]
    path.write_text("journey\nsection S\n  T: 3: Me: later\n")
    code, out, _ = run(capsys, "check", path)
    assert (code, out) == (1, f"{path}:3:11: warning: Mermaid ignores what follows a task's third ':' ('later'), "
                              "and so does journeymap\n")


def test_a_diagram_with_off_scale_scores_converts_to_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "day.mmd").write_bytes(AS_PEOPLE_WRITE_THEM.encode())
    code, out, err = run(capsys, "convert", tmp_path / "day.mmd", tmp_path / "day.yaml")
    assert (code, out) == (0, "")
    assert [line.split(": warning: ")[1].split(":")[0] for line in err.splitlines()] == [  # told, one a line
        "score 7 is above Mermaid's 1–5", "score 0 is below Mermaid's 1–5", "score 'X' is not a number (Mermaid reads NaN)",
        "score 4.5 is not a whole number"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidWarning)
        assert load(tmp_path / "day.yaml") == load(tmp_path / "day.mmd")
    assert [t.emotion for t in load(tmp_path / "day.yaml").touchpoints] == [2, -2, None, 2]


# ---------------------------------------------------------------------------
# Reading: the rest of the grammar


def test_keywords_are_read_in_any_case_and_comments_are_skipped() -> None:
    journey = mermaid("""\
%%{init: {"theme": "forest"}}%%
%% a comment
JOURNEY
  # another comment
  TITLE Up early
  Section Morning  # a comment after a name
    Make tea: 5: Me, , Cat,   # blanks are no one
  accTITLE: ignored beside a title
  ACCDESCR: The whole morning
""")
    assert (journey.title, journey.description) == ("Up early", "The whole morning")
    assert tasks(journey) == [("Morning", "Make tea", 5, ["Me", "Cat"])]


def test_entity_codes_are_decoded_and_hide_mermaid_s_reserved_characters() -> None:
    journey = mermaid("journey\ntitle Tea #38; cake\nsection A#58;B\n  Ask #35;1 #59; wait: 2: Dr #quot;X#quot;#44; GP")
    assert journey.title == "Tea & cake"
    assert tasks(journey) == [("A:B", "Ask #1 ; wait", 2, ['Dr "X", GP'])]


def test_tasks_before_any_section_go_into_an_untitled_section() -> None:
    journey = mermaid("journey\n  Wake up: 2\nsection Day\n  Work: 3")
    assert [(s.id, s.name) for s in journey.stages] == [("untitled_section", DEFAULT_SECTION), ("day", "Day")]


def test_the_journey_keyword_may_share_its_line_and_accdescr_blocks_may_close_mid_line() -> None:
    journey = mermaid("journey title T\naccDescr { one\n   two } section S\n T: 4")
    assert (journey.title, journey.description, tasks(journey)) == ("T", "one\ntwo", [("S", "T", 4, [])])


def test_text_after_a_third_colon_is_ignored_with_a_warning_as_mermaid_does() -> None:
    with pytest.warns(JourneyMapWarning, match=r"day.mmd:3:11: Mermaid ignores what follows a task's third ':'"):
        journey = mermaid("journey\nsection S\n  T: 3: Me: later")
    assert tasks(journey) == [("S", "T", 3, ["Me"])]


def test_roles_can_be_given_by_actor_name() -> None:
    with pytest.warns(JourneyMapWarning, match="roles names 'Nobody', whom the diagram does not name"):
        journey = mermaid(WORKING_DAY, Cat="carer", Nobody="professional")
    assert [(a.id, a.role) for a in journey.actors] == [("me", Role.SERVICE_USER), ("cat", Role.CARER)]


def test_actors_sharing_an_id_with_a_task_get_a_suffix() -> None:
    journey = mermaid("journey\nsection Me\n  Me: 3: Me")
    assert (journey.stages[0].id, journey.touchpoints[0].id, journey.actors[0].id) == ("me", "me_2", "me_3")


def test_positions_are_kept_for_warnings() -> None:
    loaded = reads_map(WORKING_DAY + "    section Later\n", "mermaid", source="day.mmd")
    assert loaded.position(("stages", 2)) == (10, 5)
    assert loaded.position(("stages", 0, "touchpoints", 2, "emotion")) == (6, 16)
    assert loaded.position(("stages", 0, "touchpoints", 2, "actors", 1)) == (6, 23)
    assert loaded.position(("actors", 1)) == (6, 23)


# ---------------------------------------------------------------------------
# Reading: invalid input gets placed errors with suggestions


def test_a_score_out_of_range_is_read_as_the_nearer_end_with_a_placed_warning() -> None:
    # was refused with an error; Mermaid draws 7, so it is read as 5 (the test of issue 9, point 5)
    journey, said = read_warned(WORKING_DAY.replace("Go upstairs: 3", "Go upstairs: 7"))
    assert journey.touchpoints[1].emotion == 2
    (problem,) = said
    assert (problem.file, problem.line, problem.column, problem.value) == ("day.mmd", 5, 20, "7")
    assert str(problem) == "day.mmd:5:20: score 7 is above Mermaid's 1–5: read as 5 (very positive)"


# Each score as written, the emotion journeymap reads, and its warning (None: no warning). Mermaid reads the
# score text with JavaScript's Number(): decimals, exponents, 0x/0o/0b, Infinity and white space around are
# numbers; anything else is NaN. 4.5 is a number to Mermaid (drawn half-way between 4 and 5, smiling).
SCORES = [
    ("0", -2, "score 0 is below Mermaid's 1–5: read as 1 (very negative)"),
    ("6", 2, "score 6 is above Mermaid's 1–5: read as 5 (very positive)"),
    ("7", 2, "score 7 is above Mermaid's 1–5: read as 5 (very positive)"),
    ("10", 2, "score 10 is above Mermaid's 1–5: read as 5 (very positive)"),
    ("-10", -2, "score -10 is below Mermaid's 1–5: read as 1 (very negative)"),
    ("X", None, "score 'X' is not a number (Mermaid reads NaN): read as no emotion"),
    ("high", None, "score 'high' is not a number (Mermaid reads NaN): read as no emotion"),
    ("4.5", 2, "score 4.5 is not a whole number: read as 5 (very positive)"),
    ("2.5", -1, "score 2.5 is not a whole number: read as 2 (negative)"),
    ("3.4", 0, "score 3.4 is not a whole number: read as 3 (neutral)"),
    (".5", -2, "score .5 is below Mermaid's 1–5: read as 1 (very negative)"),
    ("1e1", 2, "score 1e1 is above Mermaid's 1–5: read as 5 (very positive)"),
    ("0x10", 2, "score 0x10 is above Mermaid's 1–5: read as 5 (very positive)"),
    ("Infinity", 2, "score Infinity is above Mermaid's 1–5: read as 5 (very positive)"),
    ("-0", -2, "score -0 is below Mermaid's 1–5: read as 1 (very negative)"),
    ("1_0", None, "score '1_0' is not a number (Mermaid reads NaN): read as no emotion"),
    ("٣", None, "score '٣' is not a number (Mermaid reads NaN): read as no emotion"),
    ("4", 1, None), ("05", 2, None), ("5.0", 2, None), ("+1", -2, None), ("0x3", 0, None),
]


@pytest.mark.parametrize("score, emotion, message", SCORES, ids=[s[0] for s in SCORES])
def test_a_score_mermaid_draws_is_read_on_the_emotion_scale_with_one_placed_warning(
        score: str, emotion: int | None, message: str | None) -> None:
    journey, said = read_warned(f"journey\nsection S\n\tTea:  {score} : Me")
    assert journey.touchpoints[0].emotion == emotion
    assert [(p.file, p.line, p.column, p.message, p.value) for p in said] == (
        [("day.mmd", 3, 8, message, score)] if message else [])


def test_off_scale_scores_are_placed_each_on_its_own_line() -> None:
    journey, said = read_warned("journey\nsection S\n  A: 0: Me\n  B: 3\n  C: X\n  D:7")
    assert [t.emotion for t in journey.touchpoints] == [-2, 0, None, 2]
    assert [(p.line, p.column, p.value) for p in said] == [(3, 6, "0"), (5, 6, "X"), (6, 5, "7")]


@pytest.mark.parametrize("line, message, column, suggestion", [
    ("    sektion Go home", "'sektion Go home' is not a Mermaid journey statement", 5, "did you mean 'section'?"),
    ("    Go home 5 Me", "'Go home 5 Me' is not a Mermaid journey statement", 5, "a task is written `Name: score: actors`"),
    ("    titel My day", "'titel My day' is not a Mermaid journey statement", 5, "did you mean 'title'?"),
    ("    section", "`section` needs a name after it", 5, None),
    ("    accTitle The day", "`accTitle` needs ':' and text after it", 5, None),
    ("    Go home: : Me", "the task has no score", 12, "write `Name: score: actors`"),
    ("    Go home; later: 3", "Mermaid does not allow ';' here", 12, "write it as #59;"),
    ("    section Home: later", "a section name cannot hold ':'", 17, "write it as #58;"),
    ("    journey", "`journey` may only start the diagram", 5, "remove this line"),
])
def test_a_line_mermaid_cannot_read_is_placed_and_explained(line: str, message: str, column: int,
                                                             suggestion: str | None) -> None:
    problem = only(WORKING_DAY + line + "\n")
    assert (problem.message, problem.line, problem.column) == (message, 10, column)
    assert (problem.suggestion or "").startswith(suggestion or "")


def test_every_problem_is_reported_together_in_order() -> None:
    found = problems("journey\nsection S\n  A: : Me\n  B; x: 3\n  whatever\n")
    assert [(p.line, p.value) for p in found] == [(3, None), (4, ";"), (5, "whatever")]


@pytest.mark.parametrize("text, message", [
    ("flowchart LR\n  A --> B", "a Mermaid journey starts with the line `journey`, not 'flowchart LR'"),
    ("%% only a comment\n", "the diagram has no `journey` line"),
    ("journey\naccDescr {\n never closed", "'accDescr {' is never closed"),
    ("---\ntitle: [unclosed\n---\njourney", "front matter: YAML syntax error"),
    ("journey\nsection S\n  #32;: 3", "name must not be empty"),
])
def test_a_diagram_that_cannot_be_read_says_why(text: str, message: str) -> None:
    assert any(p.message.startswith(message) for p in problems(text)), problems(text)


def test_an_empty_file_is_refused() -> None:
    assert problems("  \n")[0].message == "the file is empty"


def test_an_unknown_role_given_for_an_actor_is_placed_at_its_first_mention() -> None:
    with pytest.raises(InvalidMapError) as info:
        mermaid(WORKING_DAY, Cat="carr")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.suggestion) == (6, 23, "did you mean 'carer'?")


def test_roles_are_for_mermaid_only() -> None:
    with pytest.raises(UsageError, match="roles"):
        loads(DESIGN_EXAMPLE, "yaml", roles={"Margaret": "carer"})


# ---------------------------------------------------------------------------
# Writing


def test_the_design_example_exports_with_one_warning_listing_what_is_left_out() -> None:
    text, said = exported(design_example())
    assert text == """\
journey
    title Living well with sight loss
    accDescr: From diagnosis to living well, as Margaret tells it
    section Diagnosis
      Eye clinic appointment: 1: Margaret#44; 78, Rehabilitation officer
    section Getting support
      Home assessment: 4: Margaret#44; 78, Jenny (daughter), Rehabilitation officer
      First support-group meeting: 5: Margaret#44; 78, Macular support group
"""
    assert len(said) == 1
    for part in ("persona", "assets (3)", "contributions (2)", "flow steps (2)", "needs (1)", "channels (1)",
                 "involvement (1)", "pain points (1)", "moments of truth (1)", "willingness (3)",
                 "roles (carer, community_group, professional", "ids", "entity codes"):
        assert part in said[0], part


def test_the_export_warns_of_numbers_evidence_outcomes_and_actions() -> None:
    # The example discovered from records: 15 touchpoints with their counts, 3 with starts or ends, 4 stages.
    journey = load(Path(__file__).resolve().parent.parent / "examples" / "records" / "community_care_map.yaml")
    said = exported(journey)[1][0].splitlines()
    for line in ("- the evidence from records (the log, its disclosure threshold, filters and what they hid)",
                 "- touchpoints' cases and events (15)", "- touchpoints' starts and ends (3)",
                 "- stages' cases and waits (4)"):
        assert line in said, line
    assert not any("outcomes" in line or "actions" in line for line in said)  # it has none
    planned = load(Path(__file__).resolve().parent.parent / "examples" / "stroke_discharge.yaml")
    said = exported(planned)[1][0].splitlines()
    assert f"- outcomes ({len(planned.outcomes)})" in said and f"- actions ({len(planned.actions)})" in said


def test_the_export_warning_lists_one_item_a_line() -> None:
    lines = exported(design_example())[1][0].splitlines()
    assert lines[0] == "the Mermaid export left out what Mermaid cannot express:"
    assert lines[1:6] == ["- persona", "- assets (3)", "- contributions (2)", "- flow steps (2)", "- needs (1)"]
    changed = lines.index("and changed:")
    assert changed > 6 and all(line.startswith("- ") for line in lines[1:changed] + lines[changed + 1:])
    assert max(map(len, lines)) < 120


def test_a_journey_mermaid_can_express_exports_without_a_warning_and_comes_back_equal() -> None:
    journey = mermaid(WORKING_DAY)
    text, said = exported(journey)
    assert said == []
    assert text == WORKING_DAY
    assert mermaid(text) == journey


def test_actors_are_written_by_name_and_roles_come_back_when_given() -> None:
    journey = mermaid(WORKING_DAY, Cat="carer")
    text, said = exported(journey)
    assert len(said) == 1 and "roles (carer" in said[0]
    assert mermaid(text, Cat="carer") == journey


def test_a_touchpoint_without_emotion_gets_score_3_and_is_named_in_the_warning() -> None:
    journey = Journey(title="T", stages=[Stage(name="S", touchpoints=[Touchpoint(name="Wait")])])
    text, said = exported(journey)
    assert text.endswith("      Wait: 3\n")
    assert said == ["the Mermaid export changed:\n- touchpoints without an emotion get the neutral score 3 ('Wait')"]


HOSTILE_NAMES = [
    "Ask: why?", "Call #2; then wait", "100% done %% not a comment", "%%{init: {}}%%", "a<br>b", "two\nlines",
    "<script>alert(1)</script>", "&amp; &lt;", "a, b", "  padded  ", "tab\there", "section 2", "Title page",
    "journey planning", "accDescr { x }", "accTitle: y", "}%%", "#quot;", "#59;", "=", "emoji 🎉 and 中文",
    "--- front", "style: fill:#f00;", "x\u00a0y\u2028z",
]


def hostile_mermaid_journey(name: str) -> Journey:
    return Journey(title=name, description=name, actors=[Actor(id="p", name=name, role="service_user")],
                   stages=[Stage(id="s", name=name, touchpoints=[Touchpoint(id="t", name=name, actors=["p"],
                                                                            emotion=-1)])])


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_mermaid_would_misread_are_escaped_and_come_back(name: str) -> None:
    journey = hostile_mermaid_journey(name)
    text, said = exported(journey)
    back = mermaid(text)
    assert (back.title, back.description, back.stages[0].name, back.touchpoints[0].name, back.actors[0].name) == (
        name, name, name, name, name)
    assert tasks(back) == tasks(journey)
    assert all("entity codes" in s or "ids" in s for s in said), said


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_any_journey_keeps_its_stages_touchpoints_and_scores(journey: Journey) -> None:
    text, said = exported(journey)
    back = mermaid(text)
    assert [s.name for s in back.stages] == [s.name for s in journey.stages]
    assert [t.name for t in back.touchpoints] == [t.name for t in journey.touchpoints]
    assert [t.emotion for t in back.touchpoints] == [0 if t.emotion is None else t.emotion for t in journey.touchpoints]
    assert back.title == journey.title and back.description == journey.description
    assert len(said) <= 1
    # what came back is what Mermaid can express: it goes round exactly, with at most the entity-code note
    text_again, said_again = exported(back)
    assert mermaid(text_again) == back and text_again == text
    assert all("left out" not in s for s in said_again), said_again


# ---------------------------------------------------------------------------
# Files and the command line


def test_dump_and_load_an_mmd_file(tmp_path: Path) -> None:
    journey = mermaid(WORKING_DAY)
    dump(journey, tmp_path / "day.mmd")
    assert (tmp_path / "day.mmd").read_text() == WORKING_DAY
    assert load(tmp_path / "day.mmd") == journey
    assert read_map(tmp_path / "day.mmd", roles={"Cat": "carer"}).journey.actor("cat").role is Role.CARER


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_convert_yaml_to_mermaid_warns_on_stderr_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "design.yaml"
    source.write_text(DESIGN_EXAMPLE)
    code, out, err = run(capsys, "convert", source, tmp_path / "design.mmd")
    assert (code, out) == (0, "")
    assert err.startswith("journeymap: warning: the Mermaid export left out what Mermaid cannot express:\n"
                          "  - persona\n  - assets (3)\n")
    assert unmarked((tmp_path / "design.mmd").read_text()) == exported(design_example())[0]


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".yml"])
def test_convert_mermaid_to_a_map_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    (tmp_path / "day.mmd").write_text(WORKING_DAY)
    assert run(capsys, "convert", tmp_path / "day.mmd", tmp_path / f"day{suffix}") == (0, "", "")
    assert load(tmp_path / f"day{suffix}") == mermaid(WORKING_DAY)
    assert run(capsys, "convert", tmp_path / f"day{suffix}", tmp_path / "again.mmd") == (0, "", "")
    assert unmarked((tmp_path / "again.mmd").read_text()) == WORKING_DAY


@pytest.mark.parametrize("source, target, message", [
    ("day.mmd", "day.txt", "cannot tell the map format of '{tmp}/day.txt' from its suffix: the suffixes known are"),
    ("day.mdd", "day.yaml", "did you mean '.mmd'?"),
    ("bad.mmd", "day.yaml", "bad.mmd:3:11: error: the task has no score"),
    ("missing.mmd", "day.yaml", "missing.mmd: error: cannot read the map"),
])
def test_convert_refuses_bad_input_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      source: str, target: str, message: str) -> None:
    for name in ("day.mmd", "day.mdd"):
        (tmp_path / name).write_text(WORKING_DAY)
    (tmp_path / "bad.mmd").write_text("journey\nsection S\n  Tea time: : Me")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, "convert", tmp_path / source, tmp_path / target)
    assert (code, out) == (2, "")
    assert message.format(tmp=tmp_path) in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_convert_keeps_the_previous_output_when_the_input_is_invalid(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.mmd").write_text("journey\n  sektion Home\n")
    (tmp_path / "out.yaml").write_text("previous")
    code, _, err = run(capsys, "convert", tmp_path / "bad.mmd", tmp_path / "out.yaml")
    assert code == 2 and "did you mean 'section'?" in err
    assert (tmp_path / "out.yaml").read_text() == "previous"


# ---------------------------------------------------------------------------
# Mermaid itself: its parser in Chromium reads the examples as journeymap does, and accepts every export

READ_WITH_MERMAID = """async (text) => {
  try {
    await mermaid.parse(text);
  } catch (error) {
    return {error: String((error && error.message) || error)};
  }
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const reading = {
    type: diagram.type, sections: [...db.getSections()],
    tasks: db.getTasks().map(t => ({section: t.section, task: t.task, score: t.score, people: [...t.people]})),
    accTitle: db.getAccTitle(), accDescr: db.getAccDescription(),
  };
  await mermaid.render("journeymap-check", text);  // as drawn: a front matter's title applies
  reading.title = db.getDiagramTitle();
  return reading;
}"""

_DB_ENTITY = re.compile(r"\ufb02°(°?)(\w+)¶ß")  # how Mermaid's encodeEntities hides #58; and #quot;


def _db_text(text: str, *, line_breaks: bool = False) -> str:
    """Text as Mermaid's db holds it, made comparable: its hidden entity codes decoded, trimmed."""
    def decode(match: re.Match[str]) -> str:
        return chr(int(match.group(2))) if match.group(1) else html5.get(match.group(2) + ";", match.group())
    text = text.strip()
    if line_breaks:
        text = re.sub(r"</?br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return _DB_ENTITY.sub(decode, text)


def as_mermaid_reads_it(reading: dict[str, Any]) -> dict[str, Any]:
    """What journeymap should import, from what Mermaid's parser read."""
    assert "error" not in reading, reading["error"]
    assert reading["type"] == "journey"
    title = _db_text(html.unescape(reading["title"]))  # the db title is sanitised as HTML: '&' becomes '&amp;'
    sections = [_db_text(s, line_breaks=True) for s in reading["sections"]]
    if any(t["section"] == "" for t in reading["tasks"]):
        sections.insert(0, DEFAULT_SECTION)
    return {
        "title": title or _db_text(reading["accTitle"]) or DEFAULT_TITLE,
        "description": _db_text(reading["accDescr"]) or None,
        "sections": sections,
        "tasks": [(_db_text(t["section"], line_breaks=True) or DEFAULT_SECTION, _db_text(t["task"], line_breaks=True),
                   t["score"], [_db_text(p) for p in t["people"] if p.strip()]) for t in reading["tasks"]],
    }


def as_journeymap_reads_it(journey: Journey) -> dict[str, Any]:
    return {"title": journey.title, "description": journey.description,
            "sections": [s.name for s in journey.stages], "tasks": [(*t[:3], t[3]) for t in tasks(journey)]}


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    """A blank page with Mermaid loaded, in test_browser's Chromium (which fails saying what to install)."""
    if not MERMAID.exists():
        pytest.fail(f"Mermaid is missing at {MERMAID}; run 'make test' (it runs npm install mermaid) "
                    "or set JOURNEYMAP_MERMAID")
    context = browser.new_context()
    tab = context.new_page()
    tab.set_content("<!DOCTYPE html><html><body></body></html>")
    tab.add_script_tag(path=str(MERMAID))
    tab.evaluate("mermaid.initialize({startOnLoad: false})")
    yield tab
    context.close()


def read_with_mermaid(page: Any, text: str) -> dict[str, Any]:
    return page.evaluate(READ_WITH_MERMAID, text)  # type: ignore[no-any-return]


def test_the_pinned_mermaid_is_the_one_loaded(page: Any) -> None:
    makefile = (ROOT / "Makefile").read_text()
    pinned = re.search(r"^MERMAID_VERSION := (\S+)$", makefile, re.MULTILINE)
    assert pinned is not None
    assert page.evaluate("mermaid.mermaidAPI.getConfig().journey !== undefined")
    package = MERMAID.parent.parent / "package.json"
    assert f'"version": "{pinned.group(1)}"' in package.read_text()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_mermaid_s_examples_import_as_mermaid_reads_them(page: Any, path: Path) -> None:
    expected = as_mermaid_reads_it(read_with_mermaid(page, path.read_text()))
    assert as_journeymap_reads_it(load(path)) == expected


def on_the_scale(score: float) -> int | None:
    """Mermaid's score as journeymap reads it: NaN none, off 1..5 the nearer end, else nearest (halves away from 3)."""
    if math.isnan(score):
        return None
    if score <= 1 or score >= 5:
        return 1 if score <= 1 else 5
    steps = math.floor(abs(score - 3) + 0.5)
    return 3 + steps if score > 3 else 3 - steps


def as_mermaid_draws_it(reading: dict[str, Any]) -> dict[str, Any]:
    expected = as_mermaid_reads_it(reading)
    expected["tasks"] = [(*t[:2], on_the_scale(t[2]), t[3]) for t in expected["tasks"]]
    return expected


@pytest.mark.parametrize("path", OFF_SCALE, ids=lambda p: p.name)
def test_mermaid_draws_the_scores_off_its_scale_that_journeymap_reads_with_a_warning(page: Any, path: Path) -> None:
    reading = read_with_mermaid(page, path.read_text())
    assert "error" not in reading
    assert any(not (isinstance(t["score"], int) and 1 <= t["score"] <= 5) for t in reading["tasks"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidWarning)
        assert as_journeymap_reads_it(load(path)) == as_mermaid_draws_it(reading)


@pytest.mark.parametrize("score, emotion, message", SCORES, ids=[s[0] for s in SCORES])
def test_mermaid_reads_each_score_as_journeymap_does(page: Any, score: str, emotion: int | None,
                                                     message: str | None) -> None:
    text = f"journey\nsection S\n\tTea:  {score} : Me"
    reading = read_with_mermaid(page, text)
    (task,) = reading["tasks"]
    assert on_the_scale(task["score"]) == (None if emotion is None else emotion + 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidWarning)
        assert as_journeymap_reads_it(mermaid(text)) == as_mermaid_draws_it(reading)


def test_mermaid_draws_a_blank_score_as_0_which_journeymap_still_refuses(page: Any) -> None:
    text = "journey\nsection S\n  Tea: : Me"
    assert [t["score"] for t in read_with_mermaid(page, text)["tasks"]] == [0]
    assert only(text).message == "the task has no score"


@pytest.mark.parametrize("text", [
    "journey\ntitle Tea #38; cake\nsection A#58;B\n  Ask #35;1 #59; wait: 2: Dr #quot;X#quot;#44; GP",
    "JOURNEY\n  title Up\n  Section Morning # note\n    Make tea: 5: Me, , Cat,\n",
    "journey\n  Wake up: 2\nsection Day\n  Work: 3",
    "journey title T\naccDescr { one\n   two } section S\n T: 4",
    AS_PEOPLE_WRITE_THEM,
], ids=["entities", "case-and-comments", "no-section", "one-line", "as-people-write-them"])
def test_more_of_the_grammar_imports_as_mermaid_reads_it(page: Any, text: str) -> None:
    if text.startswith("JOURNEY"):  # Mermaid detects a journey only by its lower-case keyword
        assert "error" in read_with_mermaid(page, text)
        text = "journey" + text[7:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidWarning)
        assert as_journeymap_reads_it(mermaid(text)) == as_mermaid_draws_it(read_with_mermaid(page, text))


def export_reads_back_in_mermaid(page: Any, journey: Journey) -> None:
    text, _ = exported(journey)
    expected = as_mermaid_reads_it(read_with_mermaid(page, text))
    assert as_journeymap_reads_it(mermaid(text)) == expected
    assert expected["sections"] == [s.name for s in journey.stages]
    assert expected["tasks"] == [(s, n, 3 if score is None else score, people)
                                 for s, n, score, people in tasks(journey)]
    assert expected["title"] == journey.title


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_mermaid_reads_exports_of_awkward_names_unchanged(page: Any, name: str) -> None:
    export_reads_back_in_mermaid(page, hostile_mermaid_journey(name))


def test_mermaid_reads_the_examples_exports(page: Any) -> None:
    export_reads_back_in_mermaid(page, design_example())
    export_reads_back_in_mermaid(page, load(ROOT / "examples" / "sight_loss.yaml"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(journey=journeys())
def test_mermaid_reads_any_export(page: Any, journey: Journey) -> None:
    if len({a.name for a in journey.actors}) < len(journey.actors):  # such actors merge, as the warning says
        journey = attrs.evolve(journey, actors=[attrs.evolve(a, name=f"{a.name} {a.id}") for a in journey.actors])
    export_reads_back_in_mermaid(page, journey)


def test_a_person_named_twice_in_a_task_is_one_actor_with_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = loads("journey\n  section S\n    Tea: 5: Me, Ann, Me\n", "mermaid", source="day.mmd")
    assert journey.touchpoints[0].actors == ("me", "ann")
    assert [str(w.message) for w in caught] == ["day.mmd:3:22: 'Me' is named twice in this task: read as one actor"]


def test_the_export_lists_surveys_and_constraints_among_what_it_leaves_out() -> None:
    from journeymap.model import Survey

    journey = design_example()
    pat = Actor(id="pat", name="Pat", role=Role.CARER, constraints=["cannot lift", "no car"])
    journey = journey.with_added(actors=[pat], surveys=[Survey(title="Views")])
    said = exported(journey)[1][0].splitlines()
    assert "- surveys (1)" in said and "- actors' constraints (2)" in said


def test_roles_naming_no_actor_of_the_diagram_are_warned_of_with_the_name_meant_and_a_list_is_refused() -> None:
    from journeymap import UsageError, loads

    text = "journey\ntitle T\nsection S\n  Visit: 3: Margaret, Jenny\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = loads(text, "mermaid", roles={"jenny": "carer"})
    (warning,) = caught
    assert "roles names 'jenny', whom the diagram does not name" in str(warning.message)
    assert "did you mean 'Jenny'?" in str(warning.message)
    assert warning.filename == __file__  # the caller's line, not one inside journeymap
    assert journey.actor("jenny").role.value == "service_user"  # as the warning says: the role went to no one
    with pytest.raises(UsageError, match="roles is a mapping of actor names to roles, not list"):
        loads(text, "mermaid", roles=["Jenny"])  # type: ignore[arg-type]


def test_an_export_s_warning_names_the_caller_s_line_through_dump_as_through_dumps(tmp_path: Path) -> None:
    from journeymap import Journey, Need, dump, dumps

    journey = Journey(title="T", needs=[Need(name="Friends", users=0.9, staff=0.4)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dump(journey, tmp_path / "map.mmd")
        dumps(journey, "mermaid")
    assert [w.filename for w in caught] == [__file__, __file__]
