"""Tests of the command line's plain-text tables: what ``journeymap analyse`` and ``journeymap diff`` print."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analysis import analyse
from journeymap.comparison import diff
from journeymap.model import Journey, Need
from journeymap.tables import analysis_tables, diff_tables, table
from journeymap.wording import MINUS
from strategies import design_example
from test_wording import cli_row

cells = st.text(alphabet="abc xyz−é中", max_size=8).map(str.strip)


@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=5))
def test_every_column_starts_where_its_header_does(rows: list[list[str]]) -> None:
    text = table(["one", "two", "three"], rows)
    lines = text.split("\n")
    assert len(lines) == len(rows) + 2
    assert all(line == line.rstrip() for line in lines)
    for line, row in zip(lines[2:], rows):
        starts = [lines[0].index(h) for h in ("two", "three")]
        assert [line[:starts[0]].strip(), line[starts[0]:starts[1]].strip(), line[starts[1]:].strip()] == row


def test_a_missing_cell_is_blank() -> None:
    assert table(["a", "b"], [("x", None)]).splitlines()[-1] == "x"


def test_the_design_example() -> None:
    text = analysis_tables(analyse(design_example()))
    lines = text.splitlines()
    assert lines[:2] == ["Living well with sight loss (persona: Margaret, 78)", "=" * 51]
    assert "Unused assets (2)" in lines and "Untapped opportunities (1)" in lines
    assert cli_row(text, "Knows what helps day to day") == [
        "Knows what helps day to day", "Margaret, 78", "lived experience", "yes, monthly", "", ""]
    assert cli_row(text, "Peer support network") == [
        "Peer support network", "Macular support group", "networks", "yes, weekly", "", "Diagnosis"]
    assert cli_row(text, "co-delivery") == ["co-delivery", "action", "1", "1"]
    assert cli_row(text, "Get to know people and make friends") == [
        "Get to know people and make friends", "91%", "36%", "+55 pts"]
    assert "rank agreement" not in text  # one need: nothing to rank


def test_rank_agreement_and_negative_gaps_print_with_a_true_minus() -> None:
    needs = [Need(name="Friends", users=0.91, staff=0.36), Need(name="Information", users=0.53, staff=0.64)]
    text = analysis_tables(analyse(Journey(title="T", needs=needs)))
    assert cli_row(text, "Information")[3] == f"{MINUS}11 pts"
    assert f"rank agreement (Spearman): {MINUS}1.00" in text


def test_an_empty_map_says_what_is_missing() -> None:
    text = analysis_tables(analyse(Journey(title="Empty")))
    assert "Unused assets (0)\nnone: every asset is used somewhere" in text
    assert "Perception gap (0)\nno needs recorded" in text
    assert "Willing capacity" not in text


def test_willing_capacity_counts_the_hours_on_offer() -> None:
    unused = attrs.evolve(design_example(), contributions=())
    assert analysis_tables(analyse(unused)).endswith("Willing capacity unused: 8 hours a month")


def test_diff_of_a_map_with_itself_says_no_change() -> None:
    same = analyse(design_example())
    text = diff_tables(diff(same.journey, same.journey))
    assert text.split("\n\n")[:2] == ["Living well with sight loss\n" + "=" * 27, "No change in co-production."]


def test_diff_tables_name_what_changed() -> None:
    old = design_example()
    new = attrs.evolve(old, title="To be", contributions=())
    text = diff_tables(diff(old, new))
    assert text.startswith("Living well with sight loss → To be\n")
    assert cli_row(text, "Time") == ["Time", "Jenny (daughter)", "yes, weekly"]  # no longer used
    assert text.endswith("Willing capacity unused: 0 → 8 hours a month (+8)")
