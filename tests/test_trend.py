"""The trend view: a history's scorecards drawn deterministically, in every theme and format, with the SVG contract."""

from __future__ import annotations

import re

import attrs
import pytest

from journeymap.analysis import analyse
from journeymap.io import load
from journeymap.rendering import THEMES
from journeymap.rendering.trend import CITIZENS_ACTING, MEASURES, description, measures, render_trend
from journeymap.scorecard import ScoredVersion, scorecard
from test_scorecard import EXAMPLES


def _versions(count: int = 2) -> list[ScoredVersion]:
    maps = [load(EXAMPLES / "sight_loss.yaml"), load(EXAMPLES / "sight_loss_to_be.yaml")]
    return [ScoredVersion(commit=f"{index:040x}", date=f"2026-{index % 12 + 1:02d}-01T10:00:00+00:00",
                          subject=f"Step {index}", scorecard=scorecard(analyse(maps[min(index, count - 1) * 2 // count
                                                                                     if count > 1 else 0])))
            for index in range(count)]


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_draws_the_same_svg_twice_with_ids_classes_title_and_desc(theme: str) -> None:
    versions = _versions()
    drawn = render_trend(versions, load(EXAMPLES / "sight_loss_to_be.yaml"), "svg", theme=theme)
    assert drawn == render_trend(versions, load(EXAMPLES / "sight_loss_to_be.yaml"), "svg", theme=theme)
    text = drawn.decode("utf-8")
    assert re.search(r"<title id=\"[^\"]+\">Living well with sight loss, to be — Co-production over time</title>", text)
    assert "44% → 70%" in text  # the desc: each measure first to last
    for measure in MEASURES:
        ident = measure.key.replace("-", "&#45;")
        assert f'id="trend&#45;{ident}&#45;0"' in text and f'id="trend&#45;{ident}&#45;1"' in text
    assert text.count('class="node trend&#45;point') == 2 * len(MEASURES)
    assert text.count('class="edge trend&#45;line') == len(MEASURES)


def test_every_format_is_drawn() -> None:
    versions = _versions()
    assert render_trend(versions, None, "png")[:4] == b"\x89PNG"
    assert render_trend(versions, None, "pdf")[:5] == b"%PDF-"
    assert render_trend(versions, None, "dot").startswith(b"digraph")
    with pytest.raises(ValueError):
        render_trend(versions, None, "gif")


def test_a_long_history_dates_only_as_many_versions_as_fit_and_labels_the_ends() -> None:
    versions = _versions(30)
    source = render_trend(versions, None, "dot").decode("utf-8")
    assert 2 < source.count("class=date") < 12  # 30 versions, about one date in four
    assert versions[-1].label in source


def test_no_version_draws_a_placeholder_and_says_so() -> None:
    assert "No version of the map reads." in render_trend([], None, "dot").decode("utf-8")
    assert description([]) == "No version of the map to show."


def _from_records() -> list[ScoredVersion]:
    """The community-care map from records, committed as discovered and again as if at a threshold of 10."""
    card = scorecard(analyse(load(EXAMPLES / "records" / "community_care_map.yaml")))
    later = attrs.evolve(card, cases=500, threshold=10)
    return [ScoredVersion(commit=f"{n}" * 40, date=f"2026-0{n}-01T10:00:00+00:00", subject=f"Quarter {n}",
                          scorecard=c) for n, c in enumerate([card, later], 1)]


def test_versions_from_records_chart_citizens_acting_per_case_and_not_the_assets_they_cannot_show() -> None:
    versions = _from_records()
    first, later = (v.scorecard for v in versions)
    assert first.acting_per_case is not None and later.acting_per_case is not None
    assert measures(versions) == (MEASURES[0], CITIZENS_ACTING, *MEASURES[1:])
    text = render_trend(versions, None, "svg").decode("utf-8")
    assert 'id="trend&#45;citizens&#45;acting&#45;1"' in text
    assert f">{first.acting_per_case:.2f}<" in text and f">{later.acting_per_case:.2f}<" in text
    assert "trend&#45;assets&#45;used&#45;0" not in text  # no point: records hold only the assets people used
    assert "Not known from records: they hold only the assets people used." in text
    assert text.count('class="node trend&#45;point') == 2 * len(MEASURES)  # one measure fewer drawn, one more
    # Discovered at another threshold: the chart says so, and so does its description.
    assert "Not like for like: versions were discovered from records" in text
    said = description(versions)
    assert f"times per case {first.acting_per_case:.2f} → {later.acting_per_case:.2f}" in said
    assert "citizen assets used not known → not known" in said and said.endswith("for that reason too.")
    assert measures(_versions()) == MEASURES and "Not like for like" not in description(_versions())


def test_versions_of_one_day_are_told_apart_by_their_commits_under_the_dates() -> None:
    same_day = [attrs.evolve(v, date="2026-12-05T10:00:00+00:00") for v in _versions(3)]
    source = render_trend(same_day, None, "dot").decode("utf-8")
    assert all(f"2026-12-05<BR ALIGN=\"CENTER\"/>{v.short}" in source for v in same_day)
    assert "<BR ALIGN=\"CENTER\"/>" + _versions(3)[0].short not in render_trend(_versions(3), None, "dot").decode()
    assert "In the SVG, hover over a point" in source  # a PNG has no tooltips


def test_versions_that_do_not_read_are_named_in_the_chart_and_its_description() -> None:
    versions, skipped = _versions(2), ["2026-03-01 abcdef0"]
    note = "Left out: 1 version of the map that does not read (2026-03-01 abcdef0); journeymap history says why."
    assert note in description(versions, skipped) and "Left out" not in description(versions)
    assert note in " ".join(render_trend(versions, None, "svg", skipped=skipped).decode("utf-8").split())
