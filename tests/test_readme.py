"""The README's examples run as written and print what the README says."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap import VIEWS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs_and_prints_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    script = tmp_path / "readme_example.py"
    script.write_text(code.group(1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(script))
    printed = capsys.readouterr().out.splitlines()
    promised = re.findall(r"^print\(.*#\s*(.*)$", code.group(1), re.M)
    assert promised and printed == promised
    assert (tmp_path / "sight_loss.yaml").read_text(encoding="utf-8").startswith("journeymap: 1\n")


def test_the_error_shown_is_the_error_given(tmp_path: Path) -> None:
    shown = re.search(r"\$ journeymap check sight_loss.yaml\n(.*?)```", README, re.S)
    assert shown is not None
    broken = (ROOT / "examples" / "sight_loss.yaml").read_text(encoding="utf-8")
    broken = broken.replace("role: carer", "role: carr").replace("kind: time", "kind: tmie")
    (tmp_path / "sight_loss.yaml").write_text(broken, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "journeymap", "check", "sight_loss.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == shown.group(1)


def test_the_pictures_are_committed_one_of_each_view() -> None:
    links = re.findall(r"!\[[^]]*\]\(([^)]+)\)", README) + re.findall(r'<img src="([^"]+)"', README)
    for link in links:
        assert (ROOT / link).is_file(), link
    assert {f"docs/images/sight_loss.{view}.png" for view in VIEWS} <= set(links)
