"""The report's progress over time: the trend and each version's scorecard, from two versions on; `journeymap
report` gives it the map's git history unless told not to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap import analyse, load
from journeymap.cli import main
from journeymap.rendering import render
from journeymap.rendering.html_progress import progress
from journeymap.rendering.style import DEFAULT
from journeymap.scorecard import ScoredVersion, scorecard
from test_history import _example

ROOT = Path(__file__).resolve().parents[1]
AS_IS, TO_BE = ROOT / "examples" / "sight_loss.yaml", ROOT / "examples" / "sight_loss_to_be.yaml"


def versions() -> list[ScoredVersion]:
    """The sight-loss map as-is, then to-be, as two commits."""
    return [ScoredVersion(commit=f"{n}" * 40, date=f"2026-0{n}-01T10:00:00+00:00", subject=subject,
                          scorecard=scorecard(analyse(load(path))))
            for n, (path, subject) in enumerate([(AS_IS, "As-is map"), (TO_BE, "Three opportunities taken up")], 1)]


def test_two_versions_give_the_trend_and_a_row_of_figures_each() -> None:
    html = progress(versions(), load(TO_BE), DEFAULT)
    assert html.startswith('<section id="progress">\n<h2>Progress over time</h2>')
    assert html.count('<svg') == 1 and 'id="trend-' in html  # the trend, its ids prefixed like the views'
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html)
    assert [r.split("<")[0] for r in rows] == ["2026-01-01", "2026-02-01"]
    assert "4 of 9 (44%)" in rows[0] and "7 of 10 (70%)" in rows[1]  # citizen assets used, as-is and to-be
    assert re.findall(r'<td class="num">(\d+)</td></tr>', html) == ["0", "3"]  # actions done


def test_one_version_or_none_gives_no_section() -> None:
    assert progress(versions()[:1], load(AS_IS), DEFAULT) == "" == progress([], load(AS_IS), DEFAULT)
    page = render(load(AS_IS), format="html", history=versions()[:1]).decode("utf-8")
    assert 'id="progress"' not in page and 'href="#progress"' not in page


def test_the_report_lists_the_section_in_its_contents_and_draws_it_the_same_twice() -> None:
    first = render(load(TO_BE), format="html", history=versions())
    assert first == render(load(TO_BE), format="html", history=versions())
    page = first.decode("utf-8")
    assert 'href="#progress"' in page and page.index('id="plan"') < page.index('id="progress"')


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return _example().make_repository(tmp_path / "repository")  # type: ignore[no-any-return]


def test_journeymap_report_gives_the_map_s_history_unless_told_not_to(repository: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(repository), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'id="progress"' in page and page.count("<tr><th scope=\"row\">2026-") >= 4  # the versions that read
    assert "Left out: 1 version of the map that does not read (2026-" in page  # and the one that does not
    assert main(["report", str(repository), "-o", str(out), "--force", "--no-history"]) == 0
    assert 'id="progress"' not in out.read_text(encoding="utf-8")


def test_a_map_outside_git_has_a_report_without_history(tmp_path: Path) -> None:
    outside = tmp_path / "map.yaml"
    outside.write_bytes(AS_IS.read_bytes())
    out = tmp_path / "report.html"
    assert main(["report", str(outside), "-o", str(out)]) == 0
    assert 'id="progress"' not in out.read_text(encoding="utf-8")


def test_versions_from_records_give_their_cases_and_citizens_acting_and_no_share_of_assets_used() -> None:
    journey = load(ROOT / "examples" / "records" / "community_care_map.yaml")
    card = scorecard(analyse(journey))
    scored = [ScoredVersion(commit=f"{n}" * 40, date=f"2026-0{n}-01T10:00:00+00:00", subject=f"Quarter {n}",
                            scorecard=card) for n in (1, 2)]
    html = progress([versions()[0], *scored], journey, DEFAULT)
    assert "<th scope=\"col\" class=\"num\">Cases</th>" in html
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html)
    acting = f"{card.co_delivery_cases / 400:.2f}"
    assert f'<td class="num">400</td><td class="num">{acting}</td>' in rows[2]
    assert f"{card.assets_used} of {card.citizen_assets}: records show only those used" in rows[2]
    assert '<td class="num">–</td><td class="num">–</td><td class="num">4 of 9 (44%)</td>' in rows[0]  # hand-made
    assert f"citizens acting, times per case – → {acting}" in html
