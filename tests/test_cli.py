"""The command line: exit codes, messages, outputs, and no traceback or partial file on bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeymap.cli import main
from journeymap.cli.plan import write_actions
from journeymap.errors import CONTINUATION, DIAGNOSTIC, InvalidMapError
from journeymap.io import load
from journeymap.model import Action
from strategies import DESIGN_EXAMPLE, DESIGN_EXAMPLE_FINDINGS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sight_loss.yaml"



@pytest.fixture
def design_map(tmp_path: Path) -> Path:
    path = tmp_path / "design.yaml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    return path


@pytest.fixture
def bad_map(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(DESIGN_EXAMPLE.replace("role: carer", "role: carr"), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- render -----------------------------------------------------------------

SIGNATURES = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF", "dot": b"digraph"}


@pytest.mark.parametrize("fmt", sorted(SIGNATURES))
def test_render_takes_the_format_from_the_output_suffix(design_map: Path, tmp_path: Path, fmt: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"diagram.{fmt}"
    code, stdout, stderr = run(capsys, "render", design_map, "-o", out)
    assert (code, stdout, stderr) == (0, "", "")
    assert out.read_bytes().startswith(SIGNATURES[fmt])


def test_render_format_option_beats_the_suffix(design_map: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diagram.txt"
    assert run(capsys, "render", design_map, "-f", "dot", "-o", out)[0] == 0
    assert out.read_bytes().startswith(b"digraph")


def test_render_writes_svg_to_stdout_without_output(design_map: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["render", str(design_map)]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"<?xml") and b"asset-know_how" in out.replace(b"&#45;", b"-")


def test_render_unknown_suffix_is_a_usage_error(design_map: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diagram.svgz"
    code, _, err = run(capsys, "render", design_map, "-o", out)
    assert code == 2
    assert "diagram.svgz" in err and "-f" in err
    assert not out.exists()


def test_render_of_an_invalid_map_leaves_the_previous_output_intact(
        bad_map: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diagram.svg"
    out.write_text("previous diagram")
    code, stdout, err = run(capsys, "render", bad_map, "-o", out)
    assert code == 2 and stdout == ""
    assert f"{bad_map}:7:" in err and "carr" in err and "did you mean 'carer'?" in err
    assert out.read_text() == "previous diagram"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "diagram.svg"]


def test_render_unknown_view_is_a_usage_error(design_map: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(design_map), "--view", "flwo"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'flwo'" in capsys.readouterr().err


# -- check ------------------------------------------------------------------

def test_check_a_valid_finished_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    finished = tmp_path / "sight_loss.yaml"
    shutil.copy(EXAMPLE, finished)
    assert run(capsys, "plan", finished, "--write")[0] == 0  # its action plan answers every finding
    code, out, _ = run(capsys, "check", finished)
    assert code == 0
    assert out.strip() == f"{finished}: ok (4 stages, 8 touchpoints, 10 actors, 10 assets)"


def test_check_of_the_example_warns_of_the_willing_unused_assets_its_plan_leaves_out(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", EXAMPLE)
    assert code == 1
    assert [line.split(": warning: ")[1].split(" (at ")[0] for line in out.splitlines()] == [
        "asset 'teaching' is unused, its holder 'margaret' is willing, and no action addresses it",
        "asset 'routines' is unused, its holder 'jenny' is willing, and no action addresses it"]


def test_check_warnings_exit_1_with_their_lines(design_map: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unfinished = design_map.read_text().replace("flow:", "  - id: later\n    name: Later\nflow:", 1)
    design_map.write_text(unfinished)
    code, out, _ = run(capsys, "check", design_map)
    assert code == 1
    assert f"{design_map}:26:5: warning: stage 'later' has no touchpoints" in out
    # know_how has no contribution at all
    assert f"{design_map}:11:5: warning: asset 'know_how' has no actual or potential use" in out


def test_check_invalid_map_exit_2_every_problem_listed(bad_map: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad_map.write_text(bad_map.read_text().replace("emotion: 2}", "emotion: 3}"))
    code, out, _ = run(capsys, "check", bad_map)
    assert code == 2
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad_map}:7:") and "error: unknown role 'carr'" in lines[0]
    assert lines[1].startswith(f"{bad_map}:25:") and "emotion 3" in lines[1]


def test_check_many_files_exits_with_the_worst(design_map: Path, bad_map: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", EXAMPLE, bad_map, design_map)[0] == 2


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", tmp_path / "nowhere.yaml")
    assert code == 2 and "nowhere.yaml" in out


# -- analyse ----------------------------------------------------------------

def test_analyse_json_is_the_design_shape(design_map: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyse", design_map, "--json")
    assert code == 0
    data = json.loads(out)
    assert {key: excerpt(data[key], DESIGN_EXAMPLE_FINDINGS[key]) for key in DESIGN_EXAMPLE_FINDINGS} == \
        DESIGN_EXAMPLE_FINDINGS


def excerpt(found: Any, shown: Any) -> Any:
    """What DESIGN.md's excerpt shows of ``found``: a finding's keys it leaves out (e.g. an untapped
    opportunity's note) are left out of ``found`` too."""
    if isinstance(found, list) and isinstance(shown, list) and len(found) == len(shown):
        return [excerpt(f, s) for f, s in zip(found, shown)]
    if isinstance(found, dict) and isinstance(shown, dict) and shown and not isinstance(next(iter(shown.values())), dict):
        return {key: value for key, value in found.items() if key in shown}
    return found


def test_analyse_tables_name_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyse", EXAMPLE)
    assert code == 0
    assert "Unused assets (5)" in out
    assert "Peer support network" in out and "Macular support group" in out
    assert "Get to know people and make friends  91%    36%    +55 pts" in out


# -- the real process ---------------------------------------------------------

def journeymap_process(*argv: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeymap", *map(str, argv)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_bad_input_never_shows_a_traceback(bad_map: Path, tmp_path: Path) -> None:
    for argv in (("check", bad_map), ("render", bad_map), ("analyse", bad_map, "--json"), ("render",),
                 ("check", tmp_path), ("render", tmp_path / "missing.yaml")):
        done = journeymap_process(*argv)
        assert done.returncode == 2, argv
        assert "Traceback" not in done.stderr + done.stdout
        assert (done.stderr + done.stdout).strip(), argv


def test_missing_graphviz_says_how_to_install_it(design_map: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no `dot` anywhere on PATH
    out = tmp_path / "diagram.png"
    done = journeymap_process("render", design_map, "-o", out, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "apt-get install graphviz" in done.stderr
    assert not out.exists()


def test_render_exports_the_journey_part_as_mermaid(design_map: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "journey.mmd"
    code, stdout, err = run(capsys, "render", design_map, "-o", out)
    assert (code, stdout) == (0, "")
    *mark, diagram = out.read_text(encoding="utf-8").split("\n", 3)
    assert diagram.startswith("journey\n    title Living well with sight loss\n")
    assert all(line.startswith("%% ") for line in mark)  # the mark that keeps an edited file from being written over
    assert "warning: the Mermaid export left out" in err and "assets (3)" in err
    assert run(capsys, "render", design_map, "-f", "mermaid")[1] == diagram


# What each command may leave unimported: networkx and the views and readers it does not use.
NOT_NEEDED = {
    "render": ["networkx", "journeymap.rendering.html", "journeymap.rendering.canvas", "journeymap.rendering.star",
               "journeymap.rendering.gap", "journeymap.io.mermaid"],
    "check": ["networkx", "journeymap.rendering.html", "journeymap.rendering.flow", "journeymap.io.mermaid"],
    "analyse": ["networkx", "journeymap.rendering.html", "journeymap.rendering.flow", "journeymap.io.mermaid"],
}


@pytest.mark.parametrize("command", list(NOT_NEEDED))
def test_a_command_imports_only_what_it_needs(command: str, tmp_path: Path) -> None:
    linear = tmp_path / "linear.yaml"  # no flow: the touchpoints in file order ask no graph question
    linear.write_text("journeymap: 1\ntitle: T\nactors: [{id: ann, name: Ann, role: carer}]\nstages:\n"
                      "  - {name: S, touchpoints: [{name: A, actors: [ann]}, {name: B}]}\n", encoding="utf-8")
    argv = [command, str(linear), *(["-o", str(tmp_path / "out.svg")] if command == "render" else [])]
    script = ("import sys\nfrom journeymap.cli import main\ncode = main(sys.argv[1:])\n"
              f"print(code, [m for m in {NOT_NEEDED[command]!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_max_bytes_raises_or_lowers_the_size_limit(capsys: pytest.CaptureFixture[str], design_map: Path) -> None:
    size = design_map.stat().st_size
    code, _, err = run(capsys, "analyse", design_map, "--max-bytes", str(size - 1))
    assert code == 2 and f"the file is larger than {size - 1:,} bytes" in err and "--max-bytes" in err
    assert run(capsys, "check", design_map, "--max-bytes", str(size))[0] in (0, 1)
    done = journeymap_process("render", design_map, "--max-bytes", "lots")
    assert done.returncode == 2
    assert "argument --max-bytes: must be a whole number of bytes above 0, not 'lots'" in done.stderr


def test_warnings_are_told_in_journeymaps_words_never_as_python_warnings(design_map: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dot = bin_dir / "dot"  # a dot that draws (with the real one) and warns, as Graphviz does of a missing font
    dot.write_text(f'#!/bin/sh\necho "Warning: no fonts here" >&2\nexec {shutil.which("dot")} "$@"\n')
    dot.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = journeymap_process("render", design_map, "-o", tmp_path / "out.svg", env=env)
    assert (done.returncode, done.stderr) == (0, "journeymap: warning: Graphviz: Warning: no fonts here\n")
    diagram = tmp_path / "day.mmd"
    diagram.write_text("journey\n  section Morning\n    Tea: 7: Me\n", encoding="utf-8")
    done = journeymap_process("convert", diagram, tmp_path / "day.yaml")
    assert done.returncode == 0
    assert done.stderr == f"{diagram}:3:10: warning: score 7 is above Mermaid's 1–5: read as 5 (very positive)\n"


# -- never losing work (issue 10, 5) ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".mmd"])
def test_convert_again_writes_over_its_own_file_but_never_over_edits(design_map: Path, tmp_path: Path, suffix: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"journey{suffix}"
    assert run(capsys, "convert", design_map, out)[0] == 0
    design_map.write_text(design_map.read_text().replace("Living well", "Living better"))
    assert run(capsys, "convert", design_map, out)[0] == 0  # unedited: brought up to date
    assert "Living better" in out.read_text()
    edited = out.read_text() + ("# my note\n" if suffix == ".yaml" else "%% my note\n")
    out.write_text(edited)
    code, _, err = run(capsys, "convert", design_map, out)
    assert code == 2 and "edited since `journeymap convert` wrote it" in err and "--force" in err
    assert out.read_text() == edited
    assert run(capsys, "convert", design_map, out, "--force")[0] == 0 and "my note" not in out.read_text()
    assert run(capsys, "check", out)[0] in (0, 1)  # the mark is a comment: the file still reads


def test_convert_never_writes_over_a_hand_written_map_or_a_differing_json(design_map: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(DESIGN_EXAMPLE)
    code, _, err = run(capsys, "convert", design_map, mine)
    assert code == 2 and "not a file `journeymap convert` wrote" in err and mine.read_text() == DESIGN_EXAMPLE
    as_json = tmp_path / "journey.json"
    assert run(capsys, "convert", design_map, as_json)[0] == 0
    assert run(capsys, "convert", design_map, as_json)[0] == 0  # the same bytes again: nothing to lose
    design_map.write_text(design_map.read_text().replace("Living well", "Living better"))
    code, _, err = run(capsys, "convert", design_map, as_json)
    assert code == 2 and "JSON holds no comment" in err and "Living well" in as_json.read_text()


def test_schema_writes_over_its_own_schema_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    my_map = tmp_path / "my.yaml"
    my_map.write_text(DESIGN_EXAMPLE)
    code, _, err = run(capsys, "schema", "-o", my_map)
    assert code == 2 and "not journeymap's JSON Schema" in err and "--force" in err
    assert my_map.read_text() == DESIGN_EXAMPLE
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"$id": json.loads(run(capsys, "schema")[1])["$id"], "title": "an older one"}))
    assert run(capsys, "schema", "-o", schema)[0] == 0 and "an older one" not in schema.read_text()


def test_render_and_report_write_over_diagrams_never_over_a_map(design_map: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (("render", design_map, "-f", "svg", "-o", design_map), ("report", design_map, "-o", design_map)):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "holds no diagram or report" in err and "--force" in err
        assert design_map.read_text() == DESIGN_EXAMPLE
    out = tmp_path / "map.svg"
    assert run(capsys, "render", design_map, "-o", out)[0] == 0
    assert run(capsys, "render", design_map, "-v", "canvas", "-o", out)[0] == 0  # a diagram: drawn over
    assert run(capsys, "render", design_map, "-f", "svg", "-o", design_map, "--force")[0] == 0


def test_render_takes_mmd_maps_the_american_theme_spelling_and_refuses_views_for_html(
        design_map: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser_help = subprocess.run([sys.executable, "-m", "journeymap", "render", "--help"],
                                 capture_output=True, text=True, check=True).stdout
    assert ".mmd" in parser_help
    assert run(capsys, "render", design_map, "-t", "colorblind", "-o", tmp_path / "a.svg")[0] == 0
    code, _, err = run(capsys, "render", design_map, "-v", "canvas", "-f", "html")
    assert code == 2 and "holds every view" in err
    assert run(capsys, "render", design_map, "-o", tmp_path / "r.html")[0] == 0


# -- one format for every message -------------------------------------------------------------

# The first line of every message: `file:line:col: error: ...`, as much of the place as is known, or
# `journeymap: error: ...`; every later line of a message (a hint, an item of a list, the usage) is indented.
MESSAGE_LINE = re.compile(rf"{DIAGNOSTIC.pattern}|{CONTINUATION} *\S.*")


def said(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of a command, usage errors (SystemExit) included."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_says_errors_and_warnings_in_one_format(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    files = {
        "vocabulary.yaml": DESIGN_EXAMPLE.replace("role: carer", "role: carr").replace(
            "willingness: monthly", "willingness: yes"),
        "indented.yaml": DESIGN_EXAMPLE.replace("title: Living", "  title: Living"),
        "quoted.yaml": DESIGN_EXAMPLE.replace("emotion: -2", 'emotion: "-2"'),
        "broken.json": '{"journeymap": 1, "title": "T",}',
        "unfinished.yaml": DESIGN_EXAMPLE.replace("flow:", "  - id: later\n    name: Later\nflow:", 1),
        "scores.mmd": "journey\n  section Morning\n    Tea: 7: Me\n    Toast: X: Me\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "ansi.yaml").write_bytes(DESIGN_EXAMPLE.replace("Margaret, 78", "Margaret, 78, café").encode("cp1252"))
    maps = [tmp_path / name for name in [*files, "ansi.yaml", "missing.yaml"]]
    out = tmp_path / "out"
    runs: list[tuple[str | Path, ...]] = [("check", *maps)]
    for path in maps:
        runs += [("render", path, "-o", out / "map.svg"), ("analyse", path), ("analyse", path, "--json"),
                 ("report", path, "-o", out / "report.html"), ("convert", path, out / "map.mmd", "--force"),
                 ("diff", good, path), ("diff", path, good, "--json")]
    runs += [("render", good, "-o", out / "map.svgz"), ("render", good, "-v", "flwo"), ("render",), ("nonsense",),
             ("check",), ("convert", good, out / "map.txt"), ("init", good), ("schema", "-o", good),
             ("diff", good), ("analyse", good, "--max-bytes", "10")]
    out.mkdir()
    errors = warnings_said = 0
    for argv in runs:
        code, stdout, stderr = said(capsys, *argv)
        lines = stderr.splitlines() + (stdout.splitlines() if argv[0] == "check" else [])
        for line in lines:
            if argv[0] == "check" and line.endswith(")") and ": ok (" in line:
                continue  # check's report of a map with nothing to say
            assert MESSAGE_LINE.fullmatch(line), (argv, line)
        errors += sum(": error: " in line for line in lines)
        warnings_said += sum(": warning: " in line for line in lines)
        assert code in (0, 1, 2) and (code != 2 or ": error: " in stderr + stdout), (argv, code, stderr)
    assert errors > 50 and warnings_said > 10  # the test saw both kinds, and many of each


def test_a_message_s_later_lines_are_indented_continuations(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "indented.yaml"
    path.write_text("journeymap: 1\ntitle: T\nactors:\n  - id: ann\n    name: Ann: carer\n", encoding="utf-8")
    code, _, err = run(capsys, "analyse", path)
    assert code == 2
    first, hint = err.splitlines()
    assert first == f"{path}:5:14: error: YAML syntax error: mapping values are not allowed here"
    assert hint.startswith("  usually a ': ' inside text that is not in quotes")
    code, _, err = said(capsys, "render", path, "-v", "flwo")
    assert code == 2 and err.startswith("journeymap: error: render: argument -v/--view: invalid choice: 'flwo'")
    assert err.splitlines()[1].startswith("  usage: journeymap render ")


# -- findings the method cares about (issue 10, 7) ----------------------------------------------------------

TOKENISM_MAP = """journeymap: 1
title: Day centre
actors:
  - {id: ann, name: Ann, role: service_user}
  - {id: mgr, name: Manager, role: manager}
stages:
  - name: Plan
    touchpoints:
      - {id: workshop, name: Design workshop, actors: [mgr], involvement: co_design}
"""


def test_check_warns_of_tokenism_at_its_line_and_counts_agree_in_number(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(TOKENISM_MAP)
    code, out, _ = run(capsys, "check", claims)
    assert code == 1 and f"{claims}:9:9: warning: touchpoint 'workshop' is tokenism: co-design claimed, but no " \
                         "citizen is there" in out
    claims.write_text(TOKENISM_MAP.replace("actors: [mgr]", "actors: [ann, mgr]").replace("co_design", "informing"))
    code, out, _ = run(capsys, "check", claims)
    assert (code, out) == (0, f"{claims}: ok (1 stage, 1 touchpoint, 2 actors, 0 assets)\n")


def test_analyse_lists_tokenism_and_has_nothing_to_judge_without_assets(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(TOKENISM_MAP)
    text = run(capsys, "analyse", claims)[1]
    assert "Tokenism: co-design or co-production claimed where citizens do not take part (1)" in text
    assert "Design workshop  Plan   co-design claimed, but no citizen is there" in text
    assert "Unused assets (0)\nnothing to judge: the map records no assets (what people bring) yet" in text
    assert "every asset is used" not in text
    assert json.loads(run(capsys, "analyse", claims, "--json")[1])["tokenism"] == [
        {"touchpoint": "workshop", "stage": "plan", "involvement": "co_design", "reason": "no_citizen_present",
         "citizens": []}]


# -- plan -----------------------------------------------------------------------------

def test_plan_prints_drafts_to_paste_under_a_comment(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "plan", EXAMPLE)
    assert code == 0
    comment = [line for line in out.splitlines() if line.startswith("#")]
    assert comment[0].startswith("# 3 draft actions for sight_loss.yaml") and "edit" in " ".join(comment)
    pasted = yaml.safe_load(out)["actions"]
    assert [a["addresses"] for a in pasted] == [["routines", "home_visit"], ["teaching", "group"],
                                                ["know_how", "review"]]
    # pasted under the map's actions, the map reads and drafts nothing more
    map_path = tmp_path / "pasted.yaml"
    map_path.write_text(EXAMPLE.read_text(encoding="utf-8") + "".join(
        line + "\n" for line in out.splitlines()[len(comment) + 1:]), encoding="utf-8")
    assert run(capsys, "plan", map_path, "--json")[1] == (
        f'{{\n  "map": "{map_path}",\n  "written": false,\n  "actions": []\n}}\n')


def test_plan_write_adds_the_drafts_keeping_comments_and_drafts_nothing_new_after(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    map_path = tmp_path / "sight_loss.yaml"
    shutil.copy(EXAMPLE, map_path)
    before = map_path.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "plan", map_path, "--write")
    assert code == 0 and out.startswith(f"{map_path}: 3 draft actions written")
    after = map_path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # only added at the end of the actions list, comments kept
    assert [a.id for a in load(map_path).actions][3:] == [
        "ask_jenny_to_help_review_the_home", "ask_margaret_to_show_newcomers_how_to",
        "ask_margaret_to_help_decide_what_the"]
    code, out, _ = run(capsys, "plan", map_path, "--write")
    assert code == 0 and out.startswith("# No actions to draft for sight_loss.yaml")
    assert "findings a plan answers already has an action" in " ".join(out.replace("#", "").split())
    assert map_path.read_text(encoding="utf-8") == after  # nothing drafted: nothing written


def test_plan_of_a_map_with_no_finding_a_plan_answers_says_so_not_that_actions_address_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # as a map discovered from records: no actions, every asset used, passive touchpoints but no moment of truth
    map_path = tmp_path / "records.yaml"
    map_path.write_text("journeymap: 1\ntitle: T\nactors: [{id: ann, name: Ann, role: service_user}]\n"
                        "stages:\n  - {name: S, touchpoints: [{id: call, name: Call, actors: [ann]}]}\n",
                        encoding="utf-8")
    code, out, _ = run(capsys, "plan", map_path)
    said = " ".join(out.replace("#", "").split())
    assert code == 0 and said.startswith("No actions to draft for records.yaml: it has no finding a plan answers")
    assert "already has an action" not in said
    assert "Its passive touchpoint is not marked a moment of truth (moment_of_truth: true)" in said


def test_plan_write_into_a_json_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    map_path = tmp_path / "sight_loss.json"
    assert run(capsys, "convert", EXAMPLE, map_path)[0] == 0
    code, out, _ = run(capsys, "plan", map_path, "--write", "--json")
    assert code == 0 and json.loads(out)["written"] is True
    assert len(load(map_path).actions) == 6


def test_plan_of_a_bad_map_exits_2_and_leaves_it_untouched(capsys: pytest.CaptureFixture[str],
                                                            bad_map: Path) -> None:
    before = bad_map.read_bytes()
    code, out, err = run(capsys, "plan", bad_map, "--write")
    assert (code, out) == (2, "")
    assert "unknown role 'carr'" in err and "Traceback" not in err
    assert bad_map.read_bytes() == before


def test_plan_will_not_write_into_a_mermaid_map(tmp_path: Path) -> None:
    map_path = tmp_path / "journey.mmd"
    map_path.write_text("journey\n  title Visit\n  section Start\n    Call: 2: Ann\n", encoding="utf-8")
    before = map_path.read_bytes()
    drafted = Action(text="Ask Ann", horizon="week", addresses=["ann"])
    with pytest.raises(InvalidMapError, match="a Mermaid map cannot be changed in place"):
        write_actions(map_path, load(map_path), (drafted,))
    assert map_path.read_bytes() == before
