"""Co-production over time: the sight-loss map's history, from as-is to to-be, read back from git.

Builds a small git repository in a temporary folder (never committed here) holding five versions of
sight_loss.yaml as the team worked through its action plan — one of them broken on purpose, as real histories
have — then runs `journeymap history` on it and writes OUT_DIR/sight_loss.history.txt and the trend view
(OUT_DIR/sight_loss.trend.svg and .png).

Run: python examples/sight_loss_history.py [OUT_DIR]   (default: out/)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_IS, TO_BE = HERE / "sight_loss.yaml", HERE / "sight_loss_to_be.yaml"

# Each step: the commit's date, its message, and the edits (old text, new text) made to the version before.
MARGARET_WRITES = [
    ("""  - {asset: know_how, touchpoint: registration, phase: co_design, status: potential,
     note: "Could help rewrite the letter in plain, large print"}""",
     """  - {asset: know_how, touchpoint: registration, phase: co_design, status: actual,
     note: "Helped rewrite the letter in plain, large print"}"""),
    ("horizon: organisation, owner: Adult social care, status: todo,",
     "horizon: organisation, owner: Adult social care, status: done,"),
]
TYPO = [("horizon: organisation, owner: Adult social care, status: done,",
         "horizon: organisation, owner: Adult social care, status: finished,")]
MENTOR = [
    ("""  - {asset: arthur_story, touchpoint: eclo_chat, phase: co_delivery, status: potential,
     note: A peer mentor could be there on diagnosis day}""",
     """  - {asset: arthur_story, touchpoint: eclo_chat, phase: co_delivery, status: actual,
     note: A peer mentor is there on diagnosis day}"""),
    ("status: doing, addresses: [arthur_story, eclo_chat]", "status: done, addresses: [arthur_story, eclo_chat]"),
]
STEPS: list[tuple[str, str, list[tuple[str, str]] | None]] = [
    ("2026-01-12T10:00:00+00:00", "As-is map from the first workshop", []),
    ("2026-02-09T15:30:00+00:00", "Margaret helped rewrite the registration letter", MARGARET_WRITES),
    ("2026-02-10T09:05:00+00:00", "Mark the letter action finished", TYPO),  # 'finished' is no status: broken
    ("2026-03-16T11:20:00+00:00", "A peer mentor is there on diagnosis day",
     [(new, old) for old, new in TYPO] + MENTOR),
    ("2026-04-20T14:00:00+00:00", "To-be: group volunteers at the eye clinic", None),  # None: the to-be file whole
]


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    """``text`` with each edit made once; an edit that does not apply is a mistake in this script."""
    for old, new in edits:
        if text.count(old) != 1:
            raise SystemExit(f"sight_loss.yaml changed: the text {old[:50]!r}... is no longer there once")
        text = text.replace(old, new)
    return text


def git(folder: Path, *args: str, date: str | None = None) -> None:
    """Run git in ``folder`` as a made-up author, at ``date`` when given, with no user configuration."""
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_NAME": "Workshop team", "GIT_AUTHOR_EMAIL": "team@example.org",
                   "GIT_COMMITTER_NAME": "Workshop team", "GIT_COMMITTER_EMAIL": "team@example.org"}
    if date is not None:
        environment |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=folder, env=environment, check=True, capture_output=True)


def make_repository(folder: Path) -> Path:
    """A git repository in ``folder`` with the five versions of the map committed; returns the map's path."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    path = folder / "sight_loss.yaml"
    text = AS_IS.read_text(encoding="utf-8")
    for date, message, edits in STEPS:
        text = TO_BE.read_text(encoding="utf-8") if edits is None else edited(text, edits)
        path.write_text(text, encoding="utf-8")
        git(folder, "add", path.name)
        git(folder, "commit", "-q", "-m", message, date=date)
    return path


def main(out: Path) -> None:
    """Build the repository, read its history and write the table and the trend view into ``out``."""
    from journeymap.cli.history import history_text
    from journeymap.io import load
    from journeymap.history import read_history
    from journeymap.rendering.trend import render_trend

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="journeymap-history-") as temporary:
        os.environ.setdefault("XDG_CACHE_HOME", os.path.join(temporary, "cache"))
        path = make_repository(Path(temporary) / "repository")
        history = read_history(path)
        text = history_text(history).replace(temporary, "<temporary>")
        (out / "sight_loss.history.txt").write_text(text, encoding="utf-8")
        journey = load(path)
        for fmt in ("svg", "png"):
            (out / f"sight_loss.trend.{fmt}").write_bytes(render_trend(history.scored, journey, fmt))
    print(text, end="")
    print(f"wrote {out / 'sight_loss.history.txt'}, {out / 'sight_loss.trend.svg'} and .png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
