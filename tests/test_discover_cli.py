"""journeymap discover on the command line: the map written (YAML, JSON, standard output), never over work to keep;
bad options and bad logs exit 2 with a located message and no file; the progress bar on a terminal only (a
pseudo-terminal), warnings unless --quiet; Ctrl-C for real (exit 130, no map, nothing left behind); the Spark engine
asking for its extra; XES logs; and the committed example, byte for byte what discover writes."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from journeymap.cli import main
from journeymap.io import load, loads
from journeymap.rendering import records, source

from benches import bench_module
from terminal import python_on_terminal
from test_discover_build import HAND_MADE_ROLES

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "examples" / "records"
EXAMPLE_OPTIONS = ["--stages", str(RECORDS / "stages.yaml"), "--channel", "channel", "--title",
                   "Community care at home, from its records"]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text(HAND_MADE_ROLES, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["discover", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def process(*argv: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeymap", "discover", *map(str, argv)], capture_output=True,
                          text=True, env=env, timeout=300)


def test_a_role_column_of_people_s_names_writes_and_draws_no_name(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    names = ["Chloe Okafor", "Ben Adeyemi", "Jane Doe (daughter)"]
    rows = [f"c{case},{activity},2026-01-0{day} 09:00,{names[case % 3]}"
            for case in range(12) for day, activity in enumerate(("Referral", "Visit"), start=1)]
    path = tmp_path / "named.csv"
    path.write_text("case:concept:name,concept:name,time:timestamp,org:role\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    out = tmp_path / "map.yaml"
    code, _, err = run(capsys, path, "--threshold", "2", "-o", out)
    assert code == 0 and "3 role values of the log read as people's names" in err
    drawn = out.read_text(encoding="utf-8") + source(load(out), "flow")
    assert not any(part in drawn for name in names for part in name.split()[:2])
    assert {a.name for a in load(out).actors} == {"People using the service", "Staff", "Family"}


def test_the_map_is_written_whole_and_marked(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    code, printed, err = run(capsys, log, "--stage", "stage", "--threshold", "2", "-o", out)
    assert (code, printed, err) == (0, "", "")  # not a terminal: no bar, no summary line
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Written by `journeymap discover` from hand.csv.")
    journey = load(out)
    assert [t.id for t in journey.touchpoints] == ["a", "b", "d"] and journey.evidence is not None
    assert journey.evidence.threshold == 2
    # Each activity in the stage the aggregation placed it in (its most common stage value; C is hidden).
    assert [(s.name, [t.id for t in s.touchpoints]) for s in journey.stages] == [
        ("Start", ["a"]), ("Help", ["b"]), ("End", ["d"])]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hand.csv", "map.yaml"]  # no temporary file left


def test_without_output_the_yaml_goes_to_standard_output(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    code, printed, _ = run(capsys, log, "--threshold", "1", "--title", "Hand made")
    assert code == 0 and printed.startswith("journeymap: 1\ntitle: Hand made\n")
    assert [t.name for t in loads(printed).touchpoints] == ["A", "C", "B", "D"]


def test_json_output(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.json"
    assert run(capsys, log, "-o", out)[0] == 0
    assert load(out).evidence is not None and out.read_text(encoding="utf-8").startswith("{")


def test_an_existing_file_is_kept_unless_discover_wrote_it(capsys: pytest.CaptureFixture[str], log: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    out.write_text("journeymap: 1\ntitle: my own work\n", encoding="utf-8")
    code, _, err = run(capsys, log, "-o", out)
    assert code == 2 and "not writing over" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "journeymap: 1\ntitle: my own work\n"
    assert run(capsys, log, "-o", out, "--force")[0] == 0
    assert run(capsys, log, "-o", out, "--threshold", "1")[0] == 0  # its own, unedited: written over
    out.write_text(out.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    code, _, err = run(capsys, log, "-o", out)
    assert code == 2 and "edited since `journeymap discover` wrote it" in err


@pytest.mark.parametrize(("argv", "said"), [
    (["--threshold", "0"], "argument --threshold: must be a whole number of cases, at least 1, not '0'"),
    (["--min-cases", "many"], "argument --min-cases: must be a whole number of cases"),
    (["--variants", "1.5"], "argument --variants: must be a share of cases above 0 and at most 1"),
    (["--variants", "0"], "argument --variants: must be a share"),
    (["--engine", "pandas"], "argument --engine: invalid choice"),
    (["-o", "map.mmd"], "cannot tell the map format of 'map.mmd' from its suffix"),
    (["--memory-limit", "lots", "-o", "map.yaml"], "cannot read the memory limit 'lots': write a size such as 1.5GB"),
    (["--day-first", "--month-first", "-o", "map.yaml"], "argument --month-first: not allowed with argument --day-first"),
])
def test_bad_options_exit_2_without_a_file(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path,
                                           argv: list[str], said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["discover", str(log), *argv])
    except SystemExit as exited:  # argparse's own exit, with the house's message
        code = int(exited.code or 0)
    err = capsys.readouterr().err
    assert code == 2 and said in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hand.csv"]


@pytest.mark.parametrize(("text", "argv", "where", "said"), [
    (HAND_MADE_ROLES.replace("time:timestamp", "when"), [], "hand.csv:1:", "no timestamp column 'time:timestamp'"),
    (HAND_MADE_ROLES.replace("2024-03-04 11:00:00", "yesterday"), [], "hand.csv:11:3:",
     "cannot read the timestamp 'yesterday' of row 10"),
    (HAND_MADE_ROLES, ["--stage", "phase"], "hand.csv:1:", "no stage column 'phase'"),
    (HAND_MADE_ROLES.replace("2024-03-04 11:00:00", "04/03/2024 11:00"), [], "hand.csv:11:3:",
     "cannot read the timestamp '04/03/2024 11:00' of row 10; its date has the year last: give --day-first"),
    ("", [], "hand.csv", "the event log is empty"),
    (HAND_MADE_ROLES, ["--threshold", "6"], "hand.csv: error:",  # 5 cases: too few to write even their number
     "the log has 5 cases, fewer than the disclosure threshold of 6"),
    ("case:concept:name,concept:name,time:timestamp\n" + "".join(  # 4 cases A->B, 3 A alone: the filter keeps 4
        f"{case}{number},{activity},2024-01-0{number + 1} 0{hour}:00\n"
        for case, path in (("a", "AB"), ("b", "A")) for number in range(4 if path == "AB" else 3)
        for hour, activity in enumerate(path, start=1)), ["--variants", "0.5"], "hand.csv: error:",
     "the variants kept hold 4 cases, fewer than the disclosure threshold of 5"),
])
def test_bad_logs_exit_2_with_a_located_message(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path,
                                                text: str, argv: list[str], where: str, said: str) -> None:
    log.write_text(text, encoding="utf-8")
    out = tmp_path / "map.yaml"
    code, printed, err = run(capsys, log, *argv, "-o", out)
    assert code == 2 and f"{where}" in err and said in err and "Traceback" not in err
    assert not out.exists() and printed == ""


def test_a_bad_roles_file_exits_2_placed_in_it(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text("Nurse: professional\nCarer: carrer\n", encoding="utf-8")
    code, _, err = run(capsys, log, "--roles", roles)
    assert code == 2 and f"{roles}:2:8: error: unknown role 'carrer'" in err and "did you mean 'carer'?" in err


def test_a_missing_log_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path / "nowhere.csv")
    assert code == 2 and "no such event log" in err


def test_skipped_events_are_warned_of_unless_quiet(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    log.write_text(HAND_MADE_ROLES.replace("2024-03-04 11:00:00", ""), encoding="utf-8")
    code, printed, err = run(capsys, log, "--threshold", "1")
    assert code == 0
    assert f"{log}: warning: 1 event has no timestamp and was left out (row 10)" in err
    assert "1 event has no timestamp and was left out (row 10)." in loads(printed).evidence.notes  # type: ignore[union-attr]
    assert run(capsys, log, "--quiet")[2] == ""


def test_a_case_left_out_with_its_untimed_events_is_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case:concept:name,concept:name,time:timestamp\nc1,A,2023-01-01\nc1,B,2023-01-02\nc2,A,\n"
                    "c3,A,2023-01-01\nc3,B,\n", encoding="utf-8")
    code, printed, err = run(capsys, path, "--threshold", "1")
    said = "2 events have no timestamp and were left out (rows 3, 5), as was 1 case none of whose events has one"
    assert code == 0 and f"{path}: warning: {said};" in err
    assert f"{said}." in loads(printed).evidence.notes  # type: ignore[union-attr]


def test_a_json_map_edited_since_is_not_written_over_and_discover_says_why(capsys: pytest.CaptureFixture[str],
                                                                            log: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.json"
    assert run(capsys, log, "-o", out)[0] == 0
    out.write_text(out.read_text(encoding="utf-8").replace("Journeys from", "Edited:"), encoding="utf-8")
    code, _, err = run(capsys, log, "-o", out)
    assert code == 2 and "so discover cannot tell whether it was edited" in err and "convert" not in err
    assert "Edited:" in out.read_text(encoding="utf-8")


def test_more_skipped_events_than_named_say_there_are_more(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    log.write_text(HAND_MADE_ROLES + "c5,B,,Nurse,Support\n" * 6, encoding="utf-8")  # rows 17 to 22
    code, printed, err = run(capsys, log, "--threshold", "1")
    assert code == 0
    assert f"{log}: warning: 6 events have no timestamp and were left out (rows 17, 18, 19, 20, 21, ...)" in err
    assert "6 events have no timestamp and were left out (rows 17, 18, 19, 20, 21 and more)." in (
        loads(printed).evidence.notes)  # type: ignore[union-attr]


def test_entries_of_the_roles_and_stages_files_that_match_nothing_are_warned_of(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roles, stages = tmp_path / "roles.yaml", tmp_path / "stages.yaml"
    roles.write_text("Unpaid carer: carer\nOccupational therapists: professional\n", encoding="utf-8")
    stages.write_text("Intake: [Referral received, Triage cal]\n", encoding="utf-8")
    code, _, err = run(capsys, RECORDS / "community_care.csv", "--roles", roles, "--stages", stages, "-o",
                       tmp_path / "map.yaml")
    assert code == 0 and (tmp_path / "map.yaml").exists()
    assert err.splitlines()[:2] == [
        f"{roles}:2:1: warning: no event of the log has the role 'Occupational therapists'; did you mean "
        "'Occupational therapist'?",
        f"{stages}:1:29: warning: stage 'Intake' lists 'Triage cal', an activity not in the log; did you mean "
        "'Triage call'?"]
    assert run(capsys, RECORDS / "community_care.csv", "--roles", roles, "--stages", stages, "-o",
               tmp_path / "map.yaml", "--quiet")[2] == ""


def test_a_stage_named_after_an_activity_it_does_not_hold_is_refused(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    stages = tmp_path / "stages.yaml"
    stages.write_text("Triage call: [Referral received]\n", encoding="utf-8")
    code, _, err = run(capsys, RECORDS / "community_care.csv", "--stages", stages, "-o", tmp_path / "map.yaml")
    assert code == 2 and not (tmp_path / "map.yaml").exists()
    assert f"{stages}:1:1: error: stage 'Triage call' has the name of an activity" in err


def test_resources_become_staff_and_are_never_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    rows = ["case:concept:name,concept:name,time:timestamp,org:resource"] + [
        f"c{case},{activity},2024-05-0{day} 10:00,{who}" for case in range(6)
        for day, (activity, who) in enumerate([("Referral", "Dr Ann Wright"), ("Visit", "carer")], start=1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, printed, _ = run(capsys, path)
    assert code == 0 and "Ann" not in printed and "Wright" not in printed
    journey = loads(printed)
    assert {a.name for a in journey.actors} == {"People using the service", "Staff", "Carers"}
    assert [(c.asset, c.touchpoint, c.cases, c.events) for c in journey.contributions] == [
        ("carers_time", "visit", 6, 6)]


def test_an_xes_log_is_read_and_named_as_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, printed, _ = run(capsys, ROOT / "tests" / "data" / "xes" / "hand_made.xes", "--threshold", "1")
    assert code == 0
    journey = loads(printed)
    assert journey.evidence is not None and journey.evidence.log == "hand_made.xes"
    assert journey.evidence.cases == 5 and journey.evidence.events == 16


BAD_XES = """\
<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <trace><string key="concept:name" value="c1"/>
    <event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01T10:00:00"/></event>
    <event><string key="concept:name" value=""/><date key="time:timestamp" value="{time}"/></event>
  </trace>
</log>
"""


def test_an_xes_log_s_bad_event_is_placed_in_it_not_in_the_csv_it_became(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    log = tmp_path / "bad.xes"
    log.write_text(BAD_XES.format(time="2024-01-01T11:00:00"), encoding="utf-8")
    code, printed, err = run(capsys, log, "-o", tmp_path / "bad.yaml")
    assert (code, printed) == (2, "")
    assert err.startswith(f"{log}:5:5: error: event 2 has no activity; ") and ".csv" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xes"]


def test_an_xes_log_s_skipped_events_are_warned_of_at_their_line(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    log = tmp_path / "skips.xes"
    log.write_text(BAD_XES.format(time="").replace('value=""/><date', 'value="B"/><date'), encoding="utf-8")
    code, printed, err = run(capsys, log, "--threshold", "1")
    assert code == 0
    assert err == (f"{log}:5:5: warning: 1 event has no timestamp and was left out (event 2 at line 5); "
                   "the map's evidence notes it too\n")
    assert "1 event has no timestamp and was left out (event 2 at line 5)." in loads(printed).evidence.notes  # type: ignore[union-attr]


def test_the_spark_engine_asks_for_its_extra_when_pyspark_is_missing(log: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "no_spark" / "pyspark"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no pyspark here')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")])}
    done = process(log, "--engine", "spark", "-o", tmp_path / "map.yaml", env=env)
    assert done.returncode == 2 and "pip install 'journeymap[spark]'" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "map.yaml").exists()


def test_the_committed_example_is_what_discover_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "community_care_map.yaml"
    assert run(capsys, RECORDS / "community_care.csv", *EXAMPLE_OPTIONS, "-o", out)[0] == 0
    assert out.read_bytes() == (RECORDS / "community_care_map.yaml").read_bytes()


def test_the_example_log_is_what_its_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_log", RECORDS / "make_log.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_log(tmp_path / "community_care.csv")
    assert written.read_bytes() == (RECORDS / "community_care.csv").read_bytes()


# -- on a terminal ------------------------------------------------------------------------------------------------------

def on_terminal(argv: list[str | Path], cwd: Path, *, interrupt_on: bytes | None = None,
                ) -> tuple[int, str, float | None]:
    """Run discover with standard error on a pseudo-terminal: its exit code, what the terminal showed, and the
    seconds from SIGINT (sent once ``interrupt_on`` shows) to the end."""
    return python_on_terminal(["-m", "journeymap", "discover", *map(str, argv)], cwd, interrupt_on=interrupt_on)

def test_a_dense_map_is_told_of_a_min_cases_that_keeps_what_it_says(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    # The generated log's map has 43 steps: dense, with the limits lowered to 30 (and 20 to keep).
    log = bench_module("discover_logs").generated_logs(tmp_path, 4_000)[0]
    monkeypatch.setattr(records, "DENSE_STEPS", 30)
    monkeypatch.setattr(records, "READABLE_STEPS", 20)
    assert main(["discover", str(log), "--stage", "stage", "-o", str(tmp_path / "all.yaml"), "--quiet"]) == 0
    everything = load(tmp_path / "all.yaml")
    note = records.dense_flow_note(everything) or ""
    said = re.fullmatch(r"(\d+) steps make a dense flow view: --min-cases (\d+) would keep the (\d+) steps and "
                        r"(\d+) touchpoints seen in at least ([\d,]+) cases", note)
    assert said is not None and int(said[1]) == len(everything.flow) > 30
    assert said[5].replace(",", "") == said[2] and len(said[2].rstrip("0")) <= 2  # two significant digits
    assert main(["discover", str(log), "--stage", "stage", "--min-cases", said[2], "-o", str(tmp_path / "some.yaml"),
                 "--quiet"]) == 0
    thinned = load(tmp_path / "some.yaml")
    assert (len(thinned.flow), len(thinned.touchpoints)) == (int(said[3]), int(said[4]))
    assert 0 < len(thinned.flow) <= 20 and records.dense_flow_note(thinned) is None
    drawn = source(everything, "flow")
    flow = " ".join(html.unescape(drawn).replace('<BR ALIGN="LEFT"/>', " ").split())
    advice = records.dense_flow_advice(everything) or ""
    assert advice.endswith(f"For a map that reads better, discover the log again with --min-cases {said[2]}: it "
                           f"keeps the {said[3]} steps and {said[4]} touchpoints seen in at least {said[5]} cases.")
    assert advice in flow  # said over the view
    # The view draws the busiest steps only, each with its id of the map's flow.
    kept = records.drawn_steps(everything)
    assert 0 < len(kept) <= 20 < len(everything.flow)
    assert advice.startswith(f"Drawn here: the {len(kept)} of the map's {len(everything.flow)} steps seen in at least ")
    ids = re.findall(r'id="(flow-[^"]*)"', drawn)
    assert ids == [f"flow-{everything.flow[i].source}-{everything.flow[i].target}-{i}" for i in kept]
    assert "dense flow view" not in source(thinned, "flow")


def test_a_terminal_shows_the_progress_bar_and_a_summary_line(log: Path, tmp_path: Path) -> None:
    code, shown, _ = on_terminal([log, "--threshold", "2", "-o", "map.yaml"], tmp_path)
    assert code == 0
    assert "reading:" in shown and "/11 steps" in shown  # 9 steps of the aggregation, building, writing
    # Hidden at threshold 2, each activity its own stage: C, 4 steps, 2 contributions, 5 variants and the waits on
    # entering A and C (1 case each; see test_discover_build.py).
    last_line = shown.rstrip().rsplit("\r", 1)[1]
    assert last_line.startswith("discovered 5 cases, 16 events: 3 touchpoints and 2 steps written to map.yaml, "
                                "14 items hidden, in ")
    assert last_line.endswith(" s on DuckDB")
    assert "note:" not in shown  # two steps: nothing dense
    assert (tmp_path / "map.yaml").exists()


def test_the_summary_line_says_one_of_each_in_the_singular(tmp_path: Path) -> None:
    """Six cases A then B, and a seventh of A alone: one step written, one variant hidden."""
    rows = [f"c{case},{activity},2024-01-0{day} 09:00" for case in range(6) for day, activity in ((1, "A"), (2, "B"))]
    log = tmp_path / "one.csv"
    log.write_text("case:concept:name,concept:name,time:timestamp\n" + "\n".join([*rows, "c6,A,2024-01-01 09:00"])
                   + "\n", encoding="utf-8")
    code, shown, _ = on_terminal([log, "-o", "map.yaml"], tmp_path)
    assert code == 0
    last_line = shown.rstrip().rsplit("\r", 1)[1]
    assert last_line.startswith("discovered 7 cases, 13 events: 2 touchpoints and 1 step written to map.yaml, "
                                "1 item hidden, in ")
    description = load(tmp_path / "map.yaml").description or ""
    assert description.endswith("Not shown: 1 variant, seen in fewer than 5 cases.")


def test_quiet_shows_nothing_even_on_a_terminal(log: Path, tmp_path: Path) -> None:
    code, shown, _ = on_terminal([log, "-o", "map.yaml", "--quiet"], tmp_path)
    assert (code, shown) == (0, "")


def test_without_a_terminal_nothing_is_shown(log: Path, tmp_path: Path) -> None:
    done = process(log, "-o", tmp_path / "map.yaml")
    assert (done.returncode, done.stderr) == (0, "")


def big_log(path: Path, events: int) -> Path:
    """A generated log of ``events`` events (8 a case, 12 activities), big enough to take seconds."""
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"""COPY (SELECT 'c' || (i // 8) AS "case:concept:name",
                                        'Activity ' || (hash(i) % 12) AS "concept:name",
                                        strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 37), '%Y-%m-%d %H:%M:%S')
                                          AS "time:timestamp"
                                 FROM range({events}) t(i)) TO '{path}' (HEADER)""")
    connection.close()
    return path


def test_ctrl_c_stops_at_once_leaving_no_map(tmp_path: Path) -> None:
    log = big_log(tmp_path / "big.csv", 2_000_000)
    code, shown, after = on_terminal([log, "-o", "map.yaml"], tmp_path, interrupt_on=b"checking:")
    assert after is not None, shown
    assert code == 130
    assert shown.rstrip().endswith("journeymap: error: interrupted; no map written")
    assert "Traceback" not in shown
    assert after < 5  # the rest of the run takes about twice that on an idle machine: the query was interrupted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]


def test_duckdb_runs_within_the_memory_limit_given(capsys: pytest.CaptureFixture[str], log: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.discover import duckdb_engine

    limits: list[str | None] = []
    original = duckdb_engine.DuckDBEngine.__init__

    def recorded(self: duckdb_engine.DuckDBEngine, *, memory_limit: str | None = None) -> None:
        limits.append(memory_limit)
        original(self, memory_limit=memory_limit)

    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "__init__", recorded)
    assert run(capsys, log, "-o", tmp_path / "default.yaml")[0] == 0
    assert run(capsys, log, "--memory-limit", "64MB", "-o", tmp_path / "small.yaml")[0] == 0
    assert limits == ["1.5GB", "64MB"]
    assert (tmp_path / "small.yaml").read_text(encoding="utf-8").replace("small.yaml", "default.yaml") == (
        tmp_path / "default.yaml").read_text(encoding="utf-8").replace("small.yaml", "default.yaml")


def test_duckdb_out_of_memory_says_so_and_how_to_give_it_more(capsys: pytest.CaptureFixture[str], log: Path,
                                                               tmp_path: Path) -> None:
    code, _, error = run(capsys, log, "--memory-limit", "1MB", "-o", tmp_path / "map.yaml")
    assert code == 2 and not (tmp_path / "map.yaml").exists()
    # The limit as DuckDB writes it (1MB is 976.5 KiB), then its own words on the allocation it could not make.
    assert re.match(r"journeymap: error: DuckDB ran out of memory aggregating the event log, within its limit of "
                    r"[0-9.]+ KiB \(\w", error), error
    assert "Give it more with --memory-limit, e.g. 4GB" in error and "Traceback" not in error
    assert "cannot read the event log" not in error  # not taken for a fault of the log


def test_a_memory_limit_too_small_to_say_it_is_said_as_given(capsys: pytest.CaptureFixture[str], log: Path,
                                                              tmp_path: Path) -> None:
    # With no memory at all DuckDB cannot even tell its limit: the error says the one given, not a traceback.
    code, _, error = run(capsys, log, "--memory-limit", "0GB", "-o", tmp_path / "map.yaml")
    assert code == 2 and not (tmp_path / "map.yaml").exists()
    assert "within its limit of 0GB (" in error and "Traceback" not in error


def test_a_url_reaches_the_engine_whole_and_duckdb_refuses_it(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    # The log is kept as written (a path would fold s3a://bucket into s3a:/bucket); DuckDB reads local files only
    # and never fetches an extension to reach further.
    assert main(["discover", "s3a://bucket/events/", "-o", str(tmp_path / "map.yaml")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("s3a://bucket/events/: error: DuckDB reads event logs on this machine, not at a URL")
    assert "--engine spark" in error and not (tmp_path / "map.yaml").exists()


def test_from_python_what_the_command_warns_of_is_a_warning_and_a_mapping_of_another_shape_an_error() -> None:
    import warnings

    from journeymap.discover import discover
    from journeymap.errors import JourneyMapWarning, UsageError

    log = RECORDS / "community_care.csv"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = discover(log, stages={"Referal received": "Getting help", "Triage call": "Getting help"})
    assert [(w.category, str(w.message)) for w in caught] == [
        (JourneyMapWarning, "stages: 'Referal received' is an activity not in the log; did you mean 'Referral "
                            "received'?")]
    assert journey.stage_of("triage_call").name == "Getting help"
    with pytest.raises(UsageError, match=r"maps 'Getting help' to \['Referral received'\]: give \{activity: stage"):
        discover(log, stages={"Getting help": ["Referral received"]})  # type: ignore[dict-item]
    with pytest.raises(UsageError, match="roles is a roles file or a RoleGroups, not dict"):
        discover(log, roles={"Unpaid carer": "volunteer"})  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown date order 'dmy': choose 'iso', 'day-first', 'month-first'"):
        discover(log, date_order="dmy")


@pytest.mark.parametrize(("options", "said"), [
    ([], "no activity of the log was seen in 5 cases or more (the disclosure threshold)"),
    (["--min-cases", "50", "--threshold", "2"], "no activity of the log was seen in 50 cases or more (--min-cases)"),
])
def test_a_map_with_nothing_to_show_is_refused_not_written_empty(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                 options: list[str], said: str) -> None:
    # Twelve cases, each its own activity: none seen in five cases (nor fifty).
    path = tmp_path / "thin.csv"
    path.write_text("case:concept:name,concept:name,time:timestamp\n"
                    + "".join(f"c{n},Activity {n},2026-01-01 09:00\n" for n in range(12)), encoding="utf-8")
    out = tmp_path / "map.yaml"
    code, printed, err = run(capsys, path, *options, "-o", out)
    assert (code, printed) == (2, "") and said in err and not out.exists()


def test_day_first_reads_a_log_of_dates_written_the_british_way(capsys: pytest.CaptureFixture[str], log: Path,
                                                                tmp_path: Path) -> None:
    text = log.read_text(encoding="utf-8")
    british = re.sub(r"2024-03-04( [0-9:]+)", r"04/03/2024\1", text)
    assert british != text
    log.write_text(british, encoding="utf-8")
    code, _, _ = run(capsys, log, "--day-first", "--threshold", "1", "-o", tmp_path / "british.yaml")
    log.write_text(text, encoding="utf-8")
    assert code == 0 and run(capsys, log, "--threshold", "1", "-o", tmp_path / "iso.yaml")[0] == 0
    british_map, iso_map = ([line for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()
                             if not line.startswith("#")]  # the header names the text's digest
                            for name in ("british.yaml", "iso.yaml"))
    note = "    - 'Dates written with the year last are read day first, as asked: 04/03/2024 is 4 March 2024.'"
    assert note in british_map and [line for line in british_map if line != note] == iso_map  # but for the note
