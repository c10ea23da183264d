"""`journeymap survey DEF --into MAP`: the results go into the map file, which keeps every other line as written;
nothing is written when nothing changes or anything is wrong; `diff` shows what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeymap.cli import main
from journeymap.io import load
from journeymap.survey import read_survey
from journeymap.survey.evidence import map_evidence, with_evidence
from journeymap.wording import whole_percent
from test_survey import SIMPLE, SIGHT_LOSS, SURVEYS, WILLIS_AND_DUNSTAN, simple_rows, write_survey

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sight_loss(tmp_path: Path) -> Path:
    return Path(shutil.copy(EXAMPLES / "sight_loss.yaml", tmp_path / "map.yaml"))


@pytest.mark.parametrize("definition", SIGHT_LOSS)
def test_every_export_puts_willis_and_dunstans_figures_into_the_map(
        definition: str, sight_loss: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "survey", SURVEYS / definition, "--into", sight_loss)
    assert code == 0, err
    journey = load(sight_loss)
    assert {n.name: (whole_percent(n.users), whole_percent(n.staff)) for n in journey.needs} == WILLIS_AND_DUNSTAN
    assert {(n.n_users, n.n_staff) for n in journey.needs} == {(100, 28)}
    willing = journey.surveys[0].willingness[0]
    assert [round(100 * willing.share(w)) for w in ("weekly", "monthly", "none")] == [28, 43, 29]
    assert out.startswith(f"{sight_loss}: written; what changed:\n\nNeeds changed (4)\n")
    assert "91% → 91% (n=100)" in out and "36% → 36% (n=28)" in out and "Surveys: added " in out


def test_every_line_but_the_needs_stays_as_the_author_wrote_it(sight_loss: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = sight_loss.read_text(encoding="utf-8").splitlines()
    run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", sight_loss)
    after = sight_loss.read_text(encoding="utf-8").splitlines()
    changed = [line for line in before if line not in after]
    assert changed and all(line.startswith("  - {name: ") for line in changed)  # the four needs' lines
    assert after[:len(before)] == [line if line not in changed else after[before.index(line)] for line in before]
    assert after[len(before):][:2] == ["", "surveys:"]
    assert load(sight_loss) == with_evidence(load(EXAMPLES / "sight_loss.yaml"),
                                            map_evidence(read_survey(SURVEYS / "sight_loss_survey.yaml")))


def test_the_same_survey_twice_writes_nothing_the_second_time(sight_loss: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", sight_loss)
    first = sight_loss.read_bytes()
    code, out, _ = run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", sight_loss)
    assert (code, out) == (0, f"{sight_loss}: already holds these results; not written\n")
    assert sight_loss.read_bytes() == first


def test_a_second_survey_is_added_beside_the_first_and_diff_shows_both(sight_loss: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", sight_loss)
    run(capsys, "survey", SURVEYS / "opinion_survey.yaml", "--into", sight_loss)
    assert [s.id for s in load(sight_loss).surveys] == ["sight_loss_survey", "opinion_survey"]
    code, out, _ = run(capsys, "diff", EXAMPLES / "sight_loss.yaml", sight_loss, "--json")
    found = json.loads(out)
    assert code == 0 and found["changed"]
    assert found["surveys"] == {"added": ["sight_loss_survey", "opinion_survey"], "removed": [], "changed": []}
    assert [n["new"]["n_staff"] for n in found["needs_changed"]] == [28] * 4
    code, text, _ = run(capsys, "diff", EXAMPLES / "sight_loss.yaml", sight_loss)
    assert "Needs changed (4)" in text and "Surveys: added sight_loss_survey (" in text


def test_a_json_map_takes_the_results_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.json"
    assert run(capsys, "convert", EXAMPLES / "sight_loss.yaml", target)[0] == 0
    code, out, err = run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", target, "--json")
    assert code == 0, err
    reported = json.loads(out)
    assert reported["changed"] and reported["surveys"]["added"] == ["sight_loss_survey"]
    assert [n.n_users for n in load(target).needs] == [100] * 4


def test_respondents_named_as_actors_set_their_willingness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = SIMPLE.replace("questions:", "actors: {column: Name, values: {Tom: tom}}\nquestions:")
    lines = simple_rows().splitlines()
    responses = "\r\n".join([lines[0] + ",Name", lines[1].replace(",No", ",Weekly") + ",Tom",
                             *(line + "," for line in lines[2:])]) + "\r\n"
    target = Path(shutil.copy(EXAMPLES / "sight_loss.yaml", tmp_path / "map.yaml"))
    code, out, err = run(capsys, "survey", write_survey(tmp_path, definition, responses), "--into", target)
    assert code == 0, err
    assert load(target).actor("tom").willingness.value == "weekly"  # type: ignore[union-attr]
    assert "Willingness changed (1)" in out and "Tom (neighbour)  no" in out
    assert "- {id: tom, name: Tom (neighbour), role: neighbour, willingness: weekly}" in target.read_text("utf-8")


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: (d / "map.mmd").write_text("journey\n  title T\n  section S\n    Visit: 3: Ann\n", "utf-8"),
     "convert it to YAML"),
    (lambda d: (d / "map.yaml").write_text("journeymap: 1\ntitle: T\nneeds: [{name: A, users: 2, staff: 0}]\n",
                                           "utf-8"), "users"),
])
def test_a_map_that_cannot_take_the_results_is_left_untouched_with_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: object, message: str) -> None:
    setup(tmp_path)  # type: ignore[operator]
    target = next(tmp_path.glob("map.*"))
    before = target.read_bytes()
    code, out, err = run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", target)
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err and str(target) in err
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_an_unknown_actor_is_placed_in_the_definition_and_the_map_is_untouched(
        tmp_path: Path, sight_loss: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = SIMPLE.replace("questions:", "actors: {column: Name, values: {Tom: thom}}\nquestions:")
    lines = simple_rows().splitlines()
    responses = "\r\n".join([lines[0] + ",Name", lines[1] + ",Tom", *(line + "," for line in lines[2:])]) + "\r\n"
    before = sight_loss.read_bytes()
    code, _, err = run(capsys, "survey", write_survey(tmp_path, definition, responses), "--into", sight_loss)
    assert code == 2
    assert "survey.yaml:5:" in err and "the actor 'thom', which the map does not have" in err
    assert "did you mean 'tom'?" in err and sight_loss.read_bytes() == before


def test_a_byte_order_mark_and_windows_line_ends_are_kept(sight_loss: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sight_loss.read_text(encoding="utf-8")
    sight_loss.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert run(capsys, "survey", SURVEYS / "sight_loss_survey.yaml", "--into", sight_loss)[0] == 0
    written = sight_loss.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\n" not in written.replace(b"\r\n", b"")
    assert load(sight_loss).surveys[0].id == "sight_loss_survey"


def test_the_evidence_example_is_what_into_writes_from_the_two_example_surveys(
        sight_loss: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for survey in ("sight_loss_survey.yaml", "opinion_survey.yaml"):
        assert run(capsys, "survey", SURVEYS / survey, "--into", sight_loss)[0] == 0
    assert load(sight_loss) == load(EXAMPLES / "sight_loss_evidence.yaml")
    example = (EXAMPLES / "sight_loss_evidence.yaml").read_text(encoding="utf-8")
    assert example.endswith(sight_loss.read_text(encoding="utf-8"))  # the same bytes, under a header saying how
