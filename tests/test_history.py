"""`journeymap history`: versions read from git, each scored as analyse() scores it, broken ones listed, cached."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from journeymap.analysis import analyse
from journeymap.cli import main
from journeymap.io import reads_map
from journeymap.history import cache_folder, read_history
from journeymap.scorecard import scorecard

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sight_loss_history.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sight_loss_history", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The example's five versions of the sight-loss map, committed in a git repository under tmp_path."""
    return _example().make_repository(tmp_path / "repository")  # type: ignore[no-any-return]


def _blob(path: Path, commit: str) -> bytes:
    return subprocess.run(["git", "show", f"{commit}:{path.name}"], cwd=path.parent, capture_output=True,
                          check=True).stdout


def test_each_version_is_scored_as_analyse_scores_it(repository: Path) -> None:
    history = read_history(repository)
    assert history.committed == 5 and history.note is None
    assert [v.subject for v in history.versions] == [step[1] for step in _example().STEPS]
    assert [v.date[:10] for v in history.versions] == ["2026-01-12", "2026-02-09", "2026-02-10", "2026-03-16",
                                                       "2026-04-20"]
    for version in history.versions:
        if version.scorecard is None:
            continue
        journey = reads_map(_blob(repository, version.commit), "yaml").journey
        assert version.scorecard == scorecard(analyse(journey))
    used = [v.scorecard.assets_used for v in history.versions if v.scorecard is not None]
    assert used == sorted(used) and used[0] < used[-1]


def test_the_broken_version_is_listed_with_its_located_error_and_skipped(repository: Path) -> None:
    history = read_history(repository)
    broken = [v for v in history.versions if v.scorecard is None]
    assert [v.subject for v in broken] == ["Mark the letter action finished"]
    said = broken[0].problems[0].diagnostic("error")
    assert said.startswith(f"{broken[0].commit[:7]}:sight_loss.yaml:")
    assert "'finished'" in said and "done" in said
    assert len(history.scored) == 4
    assert history.skipped == [f"{broken[0].date[:10]} {broken[0].commit[:7]}"]


def test_renames_are_followed_and_the_working_copy_comes_last(repository: Path) -> None:
    _example().git(repository.parent, "mv", "sight_loss.yaml", "margaret.yaml")
    _example().git(repository.parent, "commit", "-q", "-m", "Rename")
    moved = repository.parent / "margaret.yaml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("status: done", "status: dropped", 1),
                     encoding="utf-8")
    history = read_history(moved)
    assert [v.path for v in history.versions[:6]] == ["sight_loss.yaml"] * 5 + ["margaret.yaml"]
    last = history.versions[-1]
    assert last.commit == "" and last.scorecard is not None
    assert last.scorecard.actions != history.versions[-2].scorecard.actions  # type: ignore[union-attr]
    assert read_history(moved, working_copy=False).versions[-1].commit != ""


def test_scorecards_are_cached_by_blob_and_reused(repository: Path, cache: Path) -> None:
    first = read_history(repository)
    files = sorted(cache_folder().rglob("*.json"))
    assert len(files) == 4  # the four versions that read; the broken one is not cached
    assert {f.name.split(".")[0] for f in files} == {v.blob for v in first.versions if v.scorecard is not None}
    planted = json.loads(files[0].read_text(encoding="utf-8"))
    planted["assets_used"] = 99  # a scorecard read from the cache is not scored again
    files[0].write_text(json.dumps(planted), encoding="utf-8")
    again = read_history(repository)
    assert 99 in [v.scorecard.assets_used for v in again.versions if v.scorecard is not None]


def test_an_unwritable_or_corrupt_cache_is_harmless(repository: Path, cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write_text("not a folder", encoding="utf-8")  # the cache folder cannot be made
    assert len(read_history(repository).scored) == 4
    cache.unlink()
    read_history(repository)
    for file in cache_folder().rglob("*.json"):
        file.write_text("{broken", encoding="utf-8")
    assert [v.scorecard for v in read_history(repository).versions] == \
        [v.scorecard for v in read_history(repository).versions]
    assert len(read_history(repository).scored) == 4


def test_outside_git_untracked_and_one_version_are_said_plainly(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    loose = tmp_path / "loose" / "map.yaml"
    loose.parent.mkdir()
    loose.write_text("journeymap: 1\ntitle: Loose\n", encoding="utf-8")
    assert main(["history", str(loose)]) == 0
    assert "not in a git repository" in capsys.readouterr().out
    git = _example().git
    git(loose.parent, "init", "-q")
    assert main(["history", str(loose)]) == 0
    assert "has not been committed" in capsys.readouterr().out
    git(loose.parent, "add", "map.yaml")
    git(loose.parent, "commit", "-q", "-m", "First")
    assert main(["history", str(loose)]) == 0
    out = capsys.readouterr().out
    assert "one committed version" in out and "First" in out


def test_the_command_prints_a_table_json_and_draws_the_trend(repository: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(repository)]) == 0
    out = capsys.readouterr()
    assert "Margaret helped rewrite" in out.out and "Versions that do not read (1)" in out.out
    assert out.err == ""  # no progress bar when standard error is not a terminal
    assert main(["history", str(repository), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [("scorecard" in v, "errors" in v) for v in data["versions"]].count((False, True)) == 1
    trend = tmp_path / "trend.svg"
    assert main(["history", str(repository), "-o", str(trend)]) == 0
    assert b'class="graph journeymap trend"' in trend.read_bytes()
    assert b"Left out: 1 version of the map that does not read" in trend.read_bytes()
    assert main(["history", str(repository), "-o", str(tmp_path / "trend.gif")]) == 2
    assert "cannot tell the trend's format" in capsys.readouterr().err
    assert not (tmp_path / "trend.gif").exists()


def test_a_missing_map_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(tmp_path / "nowhere" / "map.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_maps_from_records_show_their_cases_and_a_change_of_threshold_is_not_like_for_like(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The community-care map committed twice: as discovered, then as if discovered at a threshold of 10.
    folder = tmp_path / "records"
    folder.mkdir()
    example = (EXAMPLE.parent / "records" / "community_care_map.yaml").read_text(encoding="utf-8")
    journey = reads_map(example.encode("utf-8"), "yaml").journey
    assert journey.evidence is not None
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    at_ten = example.replace("\n  threshold: 5\n", "\n  threshold: 10\n")
    assert at_ten != example
    for subject, text in (("as discovered", example), ("at ten", at_ten)):
        (folder / "map.yaml").write_text(text, encoding="utf-8")
        subprocess.run([*git, "add", "map.yaml"], cwd=folder, check=True)
        subprocess.run([*git, "commit", "-q", "-m", subject], cwd=folder, check=True)
    history = read_history(folder / "map.yaml")
    cards = [v.scorecard for v in history.versions]
    co_delivery = sum(c.cases or 0 for c in journey.contributions)  # every contribution is a citizen group's
    assert [(c.cases, c.co_delivery_cases, c.threshold) for c in cards if c] == [
        (400, co_delivery, 5), (400, co_delivery, 10)]
    assert history.note == ("Not like for like: versions were discovered from records with different disclosure "
                            "thresholds or filters (threshold 5 cases; threshold 10 cases), so their figures differ "
                            "for that reason too.")
    assert main(["history", str(folder / "map.yaml")]) == 0
    out = capsys.readouterr().out
    assert f"400 / {co_delivery:,} ({co_delivery / 400:.2f} a case)" in out
    assert "cases: the cases discovered from the records" in out and "4/4 ?" in out  # records hold only those used
    assert "a case counted once for each touchpoint and group" in " ".join(out.split())  # as the figure is summed


def test_a_map_made_as_a_copy_of_another_has_its_own_history_not_the_other_s(tmp_path: Path) -> None:
    # git log --follow goes on past a copy into the original's history: a to-be map made from the as-is one would
    # show the as-is map's versions as its own past, and its "progress" from them.
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    text = (EXAMPLE.parent / "sight_loss.yaml").read_text(encoding="utf-8")
    for subject, name, title in (("as-is", "as_is.yaml", "First"), ("as-is again", "as_is.yaml", "Second"),
                                 ("to-be, from the as-is", "to_be.yaml", "To be"), ("to-be again", "to_be.yaml", "Be")):
        (tmp_path / name).write_text(text.replace("Living well with sight loss", title), encoding="utf-8")
        subprocess.run([*git, "add", name], cwd=tmp_path, check=True)
        subprocess.run([*git, "commit", "-q", "-m", subject], cwd=tmp_path, check=True)
    copied = subprocess.run(["git", "log", "--follow", "--name-status", "--format=", "--", "to_be.yaml"], cwd=tmp_path,
                            check=True, capture_output=True, text=True).stdout
    assert "C0" in copied.replace("C1", "C0")  # git sees the copy, and follows it
    assert [v.subject for v in read_history(tmp_path / "to_be.yaml").versions] == ["to-be, from the as-is",
                                                                                   "to-be again"]
    renamed = tmp_path / "renamed.yaml"
    subprocess.run([*git, "mv", "as_is.yaml", renamed.name], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "renamed"], cwd=tmp_path, check=True)
    assert [v.subject for v in read_history(renamed).versions] == ["as-is", "as-is again", "renamed"]  # still followed
