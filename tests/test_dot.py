"""Tests of the DOT quoting module: escaping, wrapping, ids and classes."""

from __future__ import annotations

import graphviz
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.rendering import dot


def test_html_escapes_markup_quotes_and_backslashes() -> None:
    assert dot.html('a & b <i>"x"</i> \'y\' \\N') == (
        "a &amp; b &lt;i&gt;&quot;x&quot;&lt;/i&gt; &#39;y&#39; \\\\N"
    )


def test_html_keeps_entities_literal() -> None:
    assert dot.html("&amp; &#92;") == "&amp;amp; &amp;#92;"


def test_clean_replaces_characters_xml_forbids() -> None:
    assert dot.clean("a\x00b\x1bc\ufffed\ud800e") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert dot.clean("tab\there\r\nline\rend") == "tab here\nline\nend"


def test_clean_keeps_emoji_and_other_scripts() -> None:
    assert dot.clean("👵🏽 Zoë 日本") == "👵🏽 Zoë 日本"


def test_wrap_breaks_between_words_and_splits_long_words() -> None:
    assert dot.wrap("Eye clinic appointment with the consultant", 12) == [
        "Eye clinic", "appointment", "with the", "consultant"]
    assert dot.wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_a_word_too_long_for_a_line_starts_its_own_and_breaks_after_a_hyphen_where_it_has_one() -> None:
    assert dot.wrap("Maximiliana Papadopoulou-Featherstonehaugh-Worthington", 30) == [
        "Maximiliana Papadopoulou-", "Featherstonehaugh-Worthington"]
    assert dot.wrap("Visit by the Pneumonoultramicroscopic team", 20) == [
        "Visit by the", "Pneumonoultramicrosc", "opic team"]
    assert dot.wrap("co-production and co-design are both here", 20) == [
        "co-production and", "co-design are", "both here"]  # a word that fits is never broken at its hyphen


def test_wrap_keeps_the_writers_line_breaks() -> None:
    assert dot.wrap("first\nsecond line", 40) == ["first", "second line"]


def test_html_lines_joins_with_left_aligned_breaks() -> None:
    assert dot.html_lines("a <b> c", 3) == 'a<BR ALIGN="LEFT"/>&lt;b&gt;<BR ALIGN="LEFT"/>c'


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert dot.shorten("short", 10) == "short"
    assert dot.shorten("one two three four five", 14) == "one two …"
    assert dot.shorten("x" * 30, 10) == "x" * 9 + "…"


def test_attribute_is_never_html_and_escapes_everything() -> None:
    text = dot.attribute('<b>"quoted" & \\N\nnext</b>')
    assert isinstance(text, graphviz.quoting.NoHtml)
    assert text == "&lt;b&gt;&quot;quoted&quot; &amp; \\\\\\\\N&#10;next&lt;/b&gt;"


def test_graph_name_keeps_backslashes_from_closing_the_quotes() -> None:
    assert dot.graph_name('a "b" \\') == "a &quot;b&quot; &#92;"


def test_ids_and_classes() -> None:
    assert dot.element_id("asset", "jenny_time") == "asset-jenny_time"
    assert dot.element_id("contribution", "a", "t", 3) == "contribution-a-t-3"
    assert dot.classes("asset", None, "unused", "") == "asset unused"


@given(st.text(max_size=60))
def test_html_output_holds_no_raw_markup(text: str) -> None:
    escaped = dot.html(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert all(part.startswith(("amp;", "lt;", "gt;", "quot;", "#39;", "#93;")) for part in escaped.split("&")[1:])


@given(st.text(max_size=60), st.integers(5, 40))
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = dot.wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(dot.clean(text).split())


@pytest.mark.parametrize("unit", ["a", '"', "\\", "\n", "é"])
def test_attributes_stay_within_graphviz_limit_on_quoted_strings(unit: str) -> None:
    short = unit * 2_000
    assert dot.attribute(short) == dot.attribute(short[:1_000]) + dot.attribute(short[1_000:])  # whole when short
    long = dot.attribute(unit * 40_000)
    assert len(long) <= 16_000 and long.endswith("…")
    assert long[:-1] == dot.attribute(unit * (len(long[:-1]) // len(dot.attribute(unit))))
