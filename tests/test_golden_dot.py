"""Tests of the golden files' layout (tests/golden_dot.py): lossless both ways, one attribute a line."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golden_dot import UPDATE_VARIABLE, AmbiguousLayout, Token, assert_matches_golden, layout, tokens, unlayout
from journeymap.model import Journey
from journeymap.rendering import VIEWS, source
from strategies import design_example, journeys

# Pieces of DOT that matter to the layout, and some that could confuse a lexer, joined at random.
FRAGMENTS = ["[", "]", "{", "}", "=", ",", ";", ":", " ", "\n", "\t", "\r", "a", "b1", "-1.5", ".5", "é", '"q"',
             '"a\\"b"', '"\\\n"', "\\", '"', "<", ">", "<TABLE>", "</TABLE>", "<tr>", "</TR>", "<TD>", "</TD>",
             "<TD/>", "<HR/>", "<VR/>", "<B>", "</B>", "x y", "->", "--", "#", "//", "/*", "*/", "&#10;"]
dot_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join) | st.text(max_size=60)

SMALL = ('digraph "G" {\n\tgraph [bgcolor="#FFFFFF" class="journeymap flow"]\n\tsubgraph cluster_a {\n'
         '\t\tlabel="" margin=0\n\t\t"n" [label=<<TABLE BORDER="0"><TR><TD><TABLE><TR><TD>In</TD></TR></TABLE>'
         '</TD><TD>Out<BR/>too</TD></TR></TABLE>> id="n"]\n\t}\n\t"n" -> "m" [style=invis]\n}\n')
SMALL_LAID_OUT = """\
digraph "G" {
	graph [
		bgcolor="#FFFFFF"
		class="journeymap flow"
	]
	subgraph cluster_a {
		label=""
		margin=0
		"n" [
			label=<
				<TABLE BORDER="0">
					<TR>
						<TD>
							<TABLE>
								<TR>
									<TD>In</TD>
								</TR>
							</TABLE>
						</TD>
						<TD>Out<BR/>too</TD>
					</TR>
				</TABLE>
			>
			id="n"
		]
	}
	"n" -> "m" [
		style=invis
	]
}
"""


def test_a_graph_is_laid_out_one_attribute_a_line_and_its_labels_at_their_table_tags() -> None:
    assert layout(SMALL) == SMALL_LAID_OUT
    assert unlayout(SMALL_LAID_OUT) == SMALL


def test_text_that_is_not_at_a_slot_is_left_as_it_is() -> None:
    # A comma between attributes keeps its line; a cell of text keeps its text; a label with no table, its line.
    dot = 'graph {\n\t"n" [a=1, b="2" label=<<B>x</B>>];  c=<<TD> <B>y</B> </TD>>\n}\n'
    assert layout(dot) == 'graph {\n\t"n" [\n\t\ta=1,\n\t\tb="2"\n\t\tlabel=<<B>x</B>>\n\t];  c=<\n\t\t<TD> <B>y</B> </TD>\n\t>\n}\n'


@given(text=dot_like)
def test_the_tokens_join_back_into_any_text(text: str) -> None:
    assert "".join(token.text for token in tokens(text)) == text


@given(text=dot_like)
def test_any_text_lays_out_and_back_or_is_refused_for_a_line_break_where_the_layout_would_put_one(text: str) -> None:
    try:
        laid_out = layout(text)
    except AmbiguousLayout:
        assert "\n" in text  # every break the layout writes starts a line
    else:
        assert unlayout(laid_out) == text


@given(journey=journeys(), view=st.sampled_from(list(VIEWS)))
def test_the_dot_of_any_map_lays_out_one_attribute_a_line_and_back(journey: Journey, view: str) -> None:
    dot = source(journey, view)
    laid_out = layout(dot)
    assert unlayout(laid_out) == dot
    assert max(attributes_per_line(laid_out).values(), default=0) <= 1
    assert only_whitespace_differs(dot, laid_out)


def test_laying_out_a_layout_is_refused() -> None:
    dot = source(design_example(), "flow")
    with pytest.raises(AmbiguousLayout, match="already breaks the line"):
        layout(layout(dot))
    with pytest.raises(AmbiguousLayout):
        layout('graph {\n\t"n" [a=1\n\t\tb=2]\n}\n')  # the emitter would write "a=1 b=2"


def test_a_golden_file_is_written_laid_out_and_checked_both_ways(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE_VARIABLE, "1")
    assert_matches_golden("small.dot", SMALL, directory=tmp_path)
    golden = tmp_path / "small.dot"
    assert golden.read_bytes().decode("utf-8") == SMALL_LAID_OUT
    monkeypatch.delenv(UPDATE_VARIABLE)
    assert_matches_golden("small.dot", SMALL, directory=tmp_path)

    # An attribute joined back onto the line above turns back into the same DOT: the layout check catches it.
    golden.write_text(SMALL_LAID_OUT.replace('""\n\t\tmargin', '"" margin'), encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_matches_golden("small.dot", SMALL, directory=tmp_path)
    # Whitespace the layout never writes turns back into other DOT.
    golden.write_text(SMALL_LAID_OUT.replace("id=\"n\"\n", "id=\"n\" \n"), encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_matches_golden("small.dot", SMALL, directory=tmp_path)


def test_a_missing_golden_file_says_how_to_make_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    with pytest.raises(AssertionError, match=UPDATE_VARIABLE):
        assert_matches_golden("missing.dot", SMALL, directory=tmp_path)


def attributes_per_line(dot: str) -> Counter[int]:
    """How many attributes start on each line (an attribute is a key followed by '=')."""
    counts: Counter[int] = Counter()
    significant = [(token, dot.count("\n", 0, at)) for token, at in _positioned(dot) if token.kind != "space"]
    for (token, line), (following, _) in zip(significant, significant[1:]):
        if token.kind in {"word", "number", "quoted"} and following.text == "=":
            counts[line] += 1
    return counts


def _positioned(dot: str) -> list[tuple[Token, int]]:
    """Each token with the offset it starts at."""
    at, placed = 0, []
    for token in tokens(dot):
        placed.append((token, at))
        at += len(token.text)
    return placed


def only_whitespace_differs(dot: str, laid_out: str) -> bool:
    """Whether the two hold the same tokens, but for whitespace, and line breaks inside HTML labels."""
    def significant(text: str) -> list[str]:
        return [re.sub(r"\n\t*", "", token.text) if token.kind == "html" else token.text
                for token in tokens(text) if token.kind != "space"]
    return significant(dot) == significant(laid_out)
