"""Tests of wording: one rule for every figure and phrase, and every view, the report and the CLI tables
printing the same figure the same way (property tests across them)."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeymap.analysis import Grade, NeedGap, analyse
from journeymap.model import Actor, Asset, Journey, Need, Stage, Touchpoint
from journeymap.rendering import dot, source
from journeymap.rendering.html import report
from journeymap.stats import count_of, wilson_interval
from journeymap.tables import analysis_tables
from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN, Involvement, Phase, Role, Willingness
from journeymap.wording import (
    MINUS,
    card_details,
    coverage,
    emotion,
    listed,
    interval,
    percent,
    phase_name,
    points,
    share_and_interval,
    share_in_full,
    signed,
    summary,
    tooltip_text,
    touchpoint_facts,
    unused_badge,
    whole_percent,
    willing_answer,
    words,
)
from strategies import design_example, journeys
from test_html import parse, table

shares = st.floats(min_value=0, max_value=1, allow_nan=False) | st.sampled_from([0, 1, 0.5, 0.135, 0.125, 0.005])


def cli_row(text: str, first_cell: str) -> list[str]:
    """The cells of the row of a ``journeymap analyse`` table that starts with ``first_cell``, cut at the
    columns its rule of dashes marks (trailing empty cells included)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(first_cell + "  ") or line == first_cell)
    rule = next(line for line in reversed(lines[:at]) if re.fullmatch(r"[- ]+", line))
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    return [lines[at][a:b].strip() for a, b in zip(starts, [*starts[1:], None])]


def need_journey(users: float, staff: float) -> Journey:
    return Journey(title="Needs", needs=[Need(name="A need", users=users, staff=staff)])


# -- the one rule for shares and gaps -------------------------------------------------------


@given(shares)
def test_a_share_prints_as_the_nearest_whole_percent_of_what_was_written(share: float) -> None:
    written = Decimal(repr(share)) * 100
    printed = whole_percent(share)
    assert abs(printed - written) <= Decimal("0.5")
    if abs(printed - written) == Decimal("0.5"):
        assert printed > written  # a half goes up, as people round
    assert percent(share) == f"{printed}%"


@given(shares, shares)
def test_a_larger_share_never_prints_smaller(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert whole_percent(low) <= whole_percent(high)


@given(shares, shares)
def test_the_gap_printed_is_the_difference_of_the_shares_printed(users: float, staff: float) -> None:
    gap = points(NeedGap(need=Need(name="n", users=users, staff=staff)))
    difference = int(percent(users)[:-1]) - int(percent(staff)[:-1])
    sign = "+" if difference > 0 else MINUS if difference < 0 else ""
    assert gap == f"{sign}{abs(difference)} pts"
    assert "-" not in gap  # a true minus, never a hyphen


def test_the_issues_example_reads_the_same_everywhere() -> None:
    # users 0.135 is 13.5 %, printed 14 %; staff 1 %: the gap is 14 − 1 = 13 points, not 12.5 rounded to 12.
    printed = _need_everywhere(need_journey(0.135, 0.01))
    assert set(printed.values()) == {("14%", "1%", "+13 pts")}, printed


def _need_everywhere(journey: Journey) -> dict[str, tuple[str, ...]]:
    """Users, staff and gap as the gap view's DOT, the report and the ``analyse`` table print the one need."""
    findings = analyse(journey)
    gap_dot = source(journey, "gap", analysis=findings)

    def bold_or_plain(node: str) -> str:
        statement = re.search(rf'"{node}" \[label=<(<.*?</TABLE>)>', gap_dot)
        assert statement is not None, node
        return re.sub(r"<[^>]+>", "", statement.group(1))

    in_dot = (bold_or_plain("@users-figure-0"), bold_or_plain("@staff-figure-0"), bold_or_plain("@gap-0"))
    row = table(parse(report(findings, [])), "1 need")[1]
    in_report = (row[1], row[2], row[3])
    in_table = tuple(cli_row(analysis_tables(findings), "A need")[1:])
    return {"gap view": in_dot, "report": in_report, "analyse": in_table}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(shares, shares)
@example(0.135, 0.01)
@example(0.53, 0.64)
@example(0.125, 0.125)
def test_every_output_prints_a_need_the_same_way(users: float, staff: float) -> None:
    printed = _need_everywhere(need_journey(users, staff))
    assert len(set(printed.values())) == 1, printed
    users_text, staff_text, gap_text = printed["report"]
    difference = int(users_text[:-1]) - int(staff_text[:-1])
    assert gap_text == f"{signed(difference)} pts"


# -- a need counted from a survey: its interval and n, as every output prints them --------------------------

counts = st.none() | st.integers(1, 5000) | st.sampled_from([1, 2, 3, 28, 100])
Printed = tuple[str, ...]  # users, its interval, its n; staff, its interval, its n; the gap ("" where none)


def _split(cell: str) -> tuple[str, str]:
    """A table's share cell, ``91% (84–95%)``, as the share and its interval ("" without)."""
    found = re.fullmatch(r"(\d+%)(?: \((\d+–\d+%)\))?", cell)
    assert found is not None, cell
    return found[1], found[2] or ""


def _counted_everywhere(journey: Journey) -> dict[str, Printed]:
    """A counted need's shares, intervals, n and gap as the gap view (figures, n and tooltip), the report and the
    ``analyse`` table print them."""
    findings = analyse(journey)
    gap_dot = source(journey, "gap", analysis=findings)

    def words_of(node: str) -> str:
        return re.sub(r"<[^>]+>", "", re.search(r"label=<(<.*?</TABLE>)>", _statement(gap_dot, node))[1])  # type: ignore[index]

    tooltip = re.search(r'tooltip="([^"]*)"', _statement(gap_dot, "@band-0"))[1].split("&#10;")  # type: ignore[index]
    in_dot: list[str] = []
    for who, line in (("users", tooltip[1]), ("staff", tooltip[2])):
        found = re.fullmatch(rf"{who.capitalize()}: (\d+%)(?: \(95% interval (\d+–\d+%), n=(\d+)\))?", line)
        assert found is not None, line
        assert found[1] == words_of(f"@{who}-figure-0")  # the figure says what the tooltip says
        n = words_of(f"@{who}-n-0").removeprefix("n=") if f'"@{who}-n-0"' in gap_dot else ""
        assert n == (found[3] or "")
        in_dot += [found[1], found[2] or "", n]
    in_dot.append(words_of("@gap-0"))

    def from_cells(cells: list[str]) -> Printed:
        if len(cells) == 4:  # no need counted: share, share, gap
            return (cells[1], "", "", cells[2], "", "", cells[3])
        (users, users_interval), (staff, staff_interval) = _split(cells[1]), _split(cells[3])
        return (users, users_interval, cells[2].strip("—"), staff, staff_interval, cells[4].strip("—"), cells[5])

    return {"gap view": tuple(in_dot),
            "report": from_cells(table(parse(report(findings, [])), "1 need")[1]),
            "analyse": from_cells(cli_row(analysis_tables(findings), "A need"))}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shares, shares, counts, counts)
@example(0.91, 0.36, 100, 28)
@example(0.5, 0.005, 3, None)
@example(0.0, 1.0, 1, 5000)
def test_every_output_prints_a_counted_need_s_intervals_and_n_the_same_way(
        users: float, staff: float, n_users: int | None, n_staff: int | None) -> None:
    journey = Journey(title="Needs", needs=[Need(name="A need", users=users, staff=staff, n_users=n_users,
                                                 n_staff=n_staff)])
    printed = _counted_everywhere(journey)
    assert len(set(printed.values())) == 1, printed
    one = printed["gap view"]
    for share, bounds, n, given_share, given_n in ((one[0], one[1], one[2], users, n_users),
                                                   (one[3], one[4], one[5], staff, n_staff)):
        assert share == percent(given_share) and n == ("" if given_n is None else str(given_n))
        if given_n is None:
            assert bounds == ""
            continue
        assert bounds == interval(*wilson_interval(count_of(given_share, given_n), given_n))
        low, high = (int(b) for b in bounds[:-1].split("–"))
        assert low <= int(share[:-1]) <= high  # the printed share lies within its printed interval


def test_an_interval_prints_its_bounds_by_the_rule_for_shares() -> None:
    assert interval(0.135, 0.125) == "14–13%"  # each bound alone, halves up as written (not re-ordered)
    assert interval(*wilson_interval(91, 100)) == "84–95%" and interval(*wilson_interval(10, 28)) == "21–54%"
    assert "-" not in interval(0.1, 0.2)  # an en dash, never a hyphen
    assert share_and_interval(0.91, None) == "91%" and share_in_full(0.91, None, (0.8, 0.9)) == "91%"


def test_signed_figures_use_a_true_minus() -> None:
    assert [signed(n) for n in (-2, 0, 1)] == [f"{MINUS}2", "0", "+1"]
    assert emotion(-2) == f"{MINUS}2 (very negative)" and emotion(0) == "0 (neutral)"


# -- an unused asset, as every view and table words it ----------------------------------------


def _unused_journey(willingness: Willingness | None, hours: float | None, role: Role) -> Journey:
    ann = Actor(id="ann", name="Ann", role=role, willingness=willingness)
    visit = Touchpoint(id="visit", name="Visit", actors=["ann"])
    return Journey(title="T", actors=[ann], assets=[Asset(id="ann_time", holder="ann", kind="time",
                                                          hours_per_month=hours)],
                   stages=[Stage(id="s", name="S", touchpoints=[visit])])


def _statement(dot_text: str, node: str) -> str:
    found = re.search(rf'^\s*"{re.escape(node)}" \[(.*)\]$', dot_text, re.MULTILINE)
    assert found is not None, node
    return found.group(1)


def _badge(statement: str) -> str:
    found = re.search(r'<TD BGCOLOR="[^"]*"><FONT [^>]*><B>([^<]*)</B></FONT></TD>', statement)
    assert found is not None, statement
    return found.group(1)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.none() | st.sampled_from(Willingness), st.none() | st.sampled_from([0, 2.5, 8, 40]),
       st.sampled_from([Role.SERVICE_USER, Role.CARER, Role.COMMUNITY_GROUP]))
def test_every_view_and_table_words_an_unused_asset_alike(willingness: Willingness | None, hours: float | None,
                                                          role: Role) -> None:
    journey = _unused_journey(willingness, hours, role)
    findings = analyse(journey)
    (unused,) = findings.unused_assets
    flow = _statement(source(journey, "flow", analysis=findings), "ann_time")
    canvas = _statement(source(journey, "canvas", analysis=findings), "asset-ann_time")
    assert _badge(flow) == _badge(canvas) == dot.html(unused_badge(unused))
    # The badge is loud unless the holder is not looking to do more, and names what a willing holder offers.
    assert _badge(flow).startswith("UNUSED") is (unused.grade is not Grade.UNWILLING)
    assert ("h/month" in _badge(flow)) is bool(unused.grade is Grade.WILLING and hours)
    phrase = {Willingness.WEEKLY: "willing weekly", Willingness.MONTHLY: "willing monthly",
              Willingness.NONE: "not looking to do more", None: "willingness not asked"}[willingness]
    for statement in (flow, canvas):
        assert f"Unused ({phrase})" in statement  # the tooltip's last word on the asset
    answer = table(parse(report(findings, [])), "1 unused asset")[1][3]
    assert answer == cli_row(analysis_tables(findings), "Time")[3] == willing_answer(willingness)


# -- a touchpoint's facts, as the tooltips and the report give them -------------------------


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(journeys())
def test_the_tooltips_and_the_report_give_a_touchpoints_facts_alike(journey: Journey) -> None:
    findings = analyse(journey)
    flow, canvas = source(journey, "flow", analysis=findings), source(journey, "canvas", analysis=findings)
    lists = [ul for ul in parse(report(findings, [])).iter("ul") if "facts" in ul.classes]
    assert len(lists) == len(journey.touchpoints)
    for touchpoint, facts_list in zip(journey.touchpoints, lists):
        facts = touchpoint_facts(findings, touchpoint)
        assert f'tooltip="{dot.attribute(tooltip_text(touchpoint.name, facts))}"' in flow
        calm = touchpoint_facts(findings, touchpoint, feelings=False)  # the canvas draws feelings in lanes
        assert f'tooltip="{dot.attribute(tooltip_text(touchpoint.name, calm))}"' in canvas
        shown = [li.words() for li in facts_list.iter("li")]
        assert shown[:len(facts)] == [" ".join(dot.clean(str(f)).split()) for f in facts]


def test_a_touchpoints_facts_in_order() -> None:
    findings = analyse(design_example())
    clinic = findings.journey.touchpoint("clinic")
    assert [str(f) for f in touchpoint_facts(findings, clinic)] == [
        "Channel: face to face",
        "Who is there: Margaret, 78; Rehabilitation officer",
        f"Emotion: {MINUS}2 (very negative)",
        "Involvement: informing (doing for)",
        "Pain point: Told nothing more can be done",
        "Moment of truth",
        "Passive: Margaret, 78 is there, but none of the citizens' assets is used",
    ]
    assert [f.label for f in touchpoint_facts(findings, clinic, feelings=False)] == [
        "Channel", "Who is there", "Involvement", None, "Passive"]
    assert card_details(findings.journey, clinic) == "face to face · with Margaret, 78; Rehabilitation officer"


def test_a_touchpoint_of_nothing_but_a_name_has_no_facts() -> None:
    findings = analyse(Journey(title="T", stages=[Stage(name="S", touchpoints=[Touchpoint(id="t", name="T")])]))
    touchpoint = findings.journey.touchpoint("t")
    assert touchpoint_facts(findings, touchpoint) == []
    assert card_details(findings.journey, touchpoint) is None


# -- words --------------------------------------------------------------------------------------


def test_vocabulary_words_read_as_prose() -> None:
    assert [words(p) for p in Phase] == ["co-commissioning", "co-design", "co-delivery", "co-assessment"]
    assert [phase_name(p) for p in Phase] == ["Co-commissioning", "Co-design", "Co-delivery", "Co-assessment"]
    assert words(Involvement.CO_PRODUCTION) == "co-production" and words("face_to_face") == "face to face"


def test_every_emotion_has_its_own_word_and_the_themes_use_them() -> None:
    from journeymap.rendering.style import THEMES

    said = [emotion(e) for e in range(EMOTION_MIN, EMOTION_MAX + 1)]
    assert len(set(said)) == EMOTION_MAX - EMOTION_MIN + 1
    for theme in THEMES.values():
        assert [f"{signed(e)} ({theme.mood(e).word})" for e in range(EMOTION_MIN, EMOTION_MAX + 1)] == said


def test_counts_and_lists_in_prose() -> None:
    from journeymap.analysis import PhaseCount

    assert [coverage(PhaseCount(actual=a, potential=p)) for a, p in ((1, 2), (3, 0), (0, 1), (0, 0))] == [
        "1 actual, 2 potential", "3 actual", "1 potential", "none"]
    assert [listed(items, "or") for items in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == [
        "", "a", "a or b", "a, b or c"]


@pytest.mark.parametrize(("willingness", "hours", "badge"), [
    (Willingness.WEEKLY, 8, "UNUSED · offers 8 h/month · willing weekly"),
    (Willingness.MONTHLY, None, "UNUSED · willing monthly"),
    (Willingness.MONTHLY, 0, "UNUSED · willing monthly"),
    (None, 8, "UNUSED"),
    (Willingness.NONE, 8, "unused · not looking to do more"),
])
def test_the_unused_badge(willingness: Willingness | None, hours: float | None, badge: str) -> None:
    (unused,) = analyse(_unused_journey(willingness, hours, Role.CARER)).unused_assets
    assert unused_badge(unused) == badge


# -- the findings in a paragraph (the SVG's <desc> and the report's summary) -------------------


def test_summary_of_the_design_example() -> None:
    assert summary(analyse(design_example())) == (
        "2 of 3 assets go unused, both held by people willing to do more. "
        "1 identified opportunity is untapped. "
        "2 of 3 touchpoints are passive: citizens are there but none of their assets is used. "
        "Contributions by Co-production Star phase: co-delivery 1 actual, 1 potential; "
        "none in co-commissioning, co-design or co-assessment.")


def test_summary_of_an_empty_map_and_of_hours_on_offer() -> None:
    assert summary(analyse(Journey(title="Empty"))) == (
        "No assets are recorded yet. No identified opportunity is left untapped. No touchpoints are recorded yet. "
        "No contributions are recorded against the Co-production Star.")
    unused = attrs.evolve(design_example(), contributions=())
    assert summary(analyse(unused)).startswith(
        "3 of 3 assets go unused, all 3 held by people willing to do more, offering 8 hours a month.")


def test_a_constrained_holder_s_unused_asset_says_so_in_its_badge_and_its_constraint_in_its_facts_only() -> None:
    from journeymap.wording import asset_facts

    mapped = _unused_journey(Willingness.WEEKLY, 8, Role.CARER)
    holder = mapped.actors[0]
    mapped = mapped.replace(actors=[holder.replace(constraints=("cares for her husband full time",))])
    findings = analyse(mapped)
    (unused,) = findings.unused_assets
    assert unused_badge(unused) == "unused · cannot do more"
    assert "cares for her husband" not in unused_badge(unused)
    assert "Cannot do more: cares for her husband full time" in map(str, asset_facts(findings, unused.asset))
    assert "offering" not in summary(findings)  # a constrained holder's hours are not on offer


def test_the_summary_of_a_small_map_counts_in_words_and_judges_nothing_it_has_not() -> None:
    from journeymap.model import Contribution
    from journeymap.rendering import render
    from journeymap.wording import summary

    ann = Actor(id="ann", name="Ann", role="service_user")
    one = Journey(title="One", persona="ann", actors=[ann], assets=[Asset(id="t", holder="ann", kind="time")],
                  stages=[Stage(name="S", touchpoints=[Touchpoint(id="v", name="Visit", actors=["ann"])])],
                  contributions=[Contribution(asset="t", touchpoint="v", phase="co_delivery")])
    assert "The one asset recorded is used." in summary(analyse(one))  # not "Every one of the 1 asset"
    empty = render(Journey(title="Nothing yet"), format="html").decode("utf-8")
    assert "Nothing to judge: the map has no touchpoints yet." in empty
    assert "citizens contribute wherever they are present" not in empty
