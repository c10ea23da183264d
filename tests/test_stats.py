"""Tests of stats: a counted share's count and its Wilson 95% interval, as the analysis and the views use them.

Wilson's interval itself is checked against Newcombe's published figures in tests/test_survey.py."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from journeymap.stats import count_of, share_interval, wilson_interval

shares = st.floats(min_value=0, max_value=1, allow_nan=False)
sizes = st.integers(1, 100_000)


@given(shares, sizes)
@example(0.5, 3)
@example(0.36, 28)
@example(1.0, 1)
def test_a_count_is_the_share_of_n_to_the_nearest_whole_halves_up(share: float, n: int) -> None:
    count = count_of(share, n)
    exact = Fraction(repr(share)) * n  # the share as written, not its binary approximation
    assert 0 <= count <= n
    assert abs(count - exact) <= Fraction(1, 2)
    if abs(count - exact) == Fraction(1, 2):
        assert count > exact


@given(shares, sizes)
def test_a_share_s_interval_holds_it_and_is_wilson_s_for_its_count(share: float, n: int) -> None:
    low, high = share_interval(share, n)
    assert (low, high) == wilson_interval(count_of(share, n), n)
    assert 0 <= low <= share <= high <= 1


def test_the_survey_example_s_counts_come_back_from_its_shares() -> None:
    # Willis and Dunstan's staff shares as the map writes them, against the survey's 28 staff: 10, 5, 18, 15.
    assert [count_of(share, 28) for share in (0.36, 0.18, 0.64, 0.54)] == [10, 5, 18, 15]


@pytest.mark.parametrize("n", [0, -1])
def test_no_count_without_anyone_answering(n: int) -> None:
    with pytest.raises(ValueError, match="n > 0"):
        count_of(0.5, n)
