"""The heading every diagram carries: the title block a theme may leave out, and the key's arrow."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from journeymap.io import load
from journeymap.model import Journey
from journeymap.rendering import VIEWS, render, source
from journeymap.rendering.legend import Key, heading
from journeymap.rendering.style import DEFAULT

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SVG = "{http://www.w3.org/2000/svg}"
UNTITLED = attrs.evolve(DEFAULT, title_block=False)


@pytest.fixture(scope="module")
def sight_loss() -> Journey:
    return load(EXAMPLES / "sight_loss.yaml")


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_theme_without_the_title_block_keeps_only_the_key(sight_loss: Journey, view: str) -> None:
    titled, untitled = source(sight_loss, view), source(sight_loss, view, theme=UNTITLED)
    persona = "Persona: Margaret, 78"
    assert "Living well with sight loss</B>" in titled and persona in titled
    assert "Living well with sight loss</B>" not in untitled and persona not in untitled
    assert (">KEY<" in titled) == (">KEY<" in untitled)  # the key stays wherever the view draws one


def test_a_heading_with_neither_title_nor_key_is_empty(sight_loss: Journey) -> None:
    assert heading(sight_loss, UNTITLED, ()) == ""
    assert heading(sight_loss, UNTITLED, (Key.FLOW,)).count(">KEY<") == 1
    assert render(sight_loss, "gap", "svg", theme=UNTITLED).startswith(b"<?xml")  # an empty label draws


@pytest.mark.parametrize("example", ["sight_loss", "stroke_discharge"])
def test_the_next_step_arrow_has_its_head_on_its_line(example: str) -> None:
    svg = ET.fromstring(render(load(EXAMPLES / f"{example}.yaml"), "flow", "svg"))
    elements = list(svg.iter())
    (at,) = [n for n, e in enumerate(elements) if e.tag == f"{SVG}text" and e.text == "▶"]
    head, line = elements[at], elements[at - 1]
    assert line.tag == f"{SVG}polyline" and line.get("stroke") == DEFAULT.flow.color.lower()
    (start, end) = [tuple(float(v) for v in point.split(",")) for point in line.get("points", "").split()]
    head_x, baseline = float(head.get("x", "nan")), float(head.get("y", "nan"))
    size = float(head.get("font-size", "nan"))
    assert start[1] == end[1] and end[0] - start[0] >= 40  # a level line, long enough to read as one
    assert 0 <= head_x - end[0] <= 3  # the head where the line ends, not a hundred points on
    assert baseline - 0.6 * size <= end[1] <= baseline  # and the line into its middle, not under or over it
    words = elements[at + 1]
    assert words.text == "next step in the journey" and 0 < float(words.get("x", "nan")) - head_x <= 2 * size


def test_the_key_line_of_a_contribution_has_no_head(sight_loss: Journey) -> None:
    text = source(sight_loss, "flow")
    assert text.count("▶") == 1
    assert re.search(r'SIDES="B" BORDER="\d+" COLOR="#009E73"', text)  # the actual contribution's line stays


def test_a_constrained_holder_s_unused_asset_looks_like_an_unwilling_one_with_its_own_legend_words() -> None:
    from journeymap.analysis import Grade
    from journeymap.rendering.legend import Key, legend, unused_key, unused_look
    from journeymap.rendering.style import THEMES

    theme = THEMES["default"]
    constrained, unwilling = unused_look(theme, Grade.CONSTRAINED), unused_look(theme, Grade.UNWILLING)
    assert constrained.faded and (constrained.box, constrained.badge) == (unwilling.box, unwilling.badge)
    assert unused_key(Grade.CONSTRAINED) is Key.UNUSED_CONSTRAINED
    assert "holder cannot do more (a constraint)" in legend(theme, {Key.UNUSED_CONSTRAINED})


@pytest.mark.parametrize("name", ["default", "colourblind", "print"])
def test_each_outcome_state_has_its_own_look_key_and_words(name: str) -> None:
    from journeymap.outcomes import OutcomeState
    from journeymap.rendering.legend import legend, outcome_look
    from journeymap.rendering.style import THEMES

    theme = THEMES[name]
    looks = {state: outcome_look(theme, state) for state in OutcomeState}
    assert len({look.key for look in looks.values()}) == 3
    strokes = {(look.box.border.style, look.box.border.width, look.box.fill) for look in looks.values()}
    assert len(strokes) == 3  # told apart by dash, weight or fill, not by colour alone
    words = legend(theme, {look.key for look in looks.values()})
    for expected in ("CO-PRODUCED", "SERVICE ONLY", "NOT SERVED YET", "outcome co-produced: citizens&#39;",
                     "outcome served by the service only: not co-produced", "outcome nothing in the journey serves yet"):
        assert expected in words, expected


def test_the_key_lists_outcomes_in_a_table_of_a_fixed_size_that_holds_them() -> None:
    import warnings

    from journeymap.model import Actor, Outcome, Stage, Touchpoint
    from journeymap.outcomes import OutcomeState
    from journeymap.rendering import GraphvizWarning
    from journeymap.rendering.fonts import text_width
    from journeymap.rendering.legend import OutcomeLine, legend

    long = "A long outcome named in the person's own words, as they said it"
    lines = [OutcomeLine(1, "Make friends", OutcomeState.CO_PRODUCED), OutcomeLine(12, long, OutcomeState.UNSERVED)]
    markup = legend(DEFAULT, {Key.FLOW}, outcomes=lines, outcomes_title="What matters to Ann")
    assert "What matters to Ann" in markup and "◎\u00a012" in markup
    assert "UNSERVED" in markup and "co-produced" in markup
    (width,) = [int(w) for w in re.findall(r'FIXEDSIZE="TRUE" WIDTH="(\d+)" HEIGHT="\d+" BORDER="0" CELLBORDER="0" '
                                           r'CELLSPACING="4" CELLPADDING="0"><TR><TD ALIGN="LEFT" WIDTH=', markup)]
    assert width >= text_width(long + " — UNSERVED", DEFAULT.small_size, bold=True)
    assert legend(DEFAULT, {Key.FLOW}) == legend(DEFAULT, {Key.FLOW}, outcomes=())
    # Drawn, Graphviz finds every fixed-size table big enough for what it holds (it warns otherwise).
    ann = Actor(id="ann", name="Ann", role="service_user")
    journey = Journey(title="T", persona=ann, actors=[ann], stages=[Stage(name="S", touchpoints=[
        Touchpoint(id="visit", name="Visit", actors=["ann"], serves=["friends", "long"])])],
        outcomes=[Outcome(id="friends", name="Make friends"), Outcome(id="long", name=long),
                  Outcome(id="none", name="Nothing serves this")])
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        svg = render(journey, "flow", "svg").decode("utf-8")
    assert "◎\u00a02" in svg and "Nothing serves this" in svg


def _drawn_heading(markup: str, theme_name: str = "default") -> tuple[ET.Element, tuple[str, ...]]:
    """A heading's markup drawn alone as SVG, as the views draw it (a plain node in the theme's font), with the
    warnings Graphviz printed."""
    from journeymap.rendering import dot
    from journeymap.rendering.engine import run
    from journeymap.rendering.style import THEMES

    theme = THEMES[theme_name]
    drawn = run(f'digraph {{ node [shape=plaintext fontname="{theme.font}" fontsize={theme.text_size}] '
                f"heading [label={dot.label(markup)}] }}", "svg")
    return ET.fromstring(drawn.data), drawn.warnings


@pytest.mark.parametrize("name", ["default", "colourblind", "print"])
def test_each_row_of_the_key_is_a_fixed_size_table_big_enough_for_its_entries(name: str) -> None:
    from journeymap.rendering.style import THEMES

    theme = THEMES[name]
    keysets = [{key} for key in Key] + [set(Key)]
    for keys in keysets:
        _, warnings = _drawn_heading(heading(_described("T"), theme, keys, emotions=range(-2, 3)), name)
        assert warnings == (), (keys, warnings)  # Graphviz warns of a fixed-size table too small for what it holds


def _described(description: str) -> Journey:
    from journeymap.model import Stage, Touchpoint

    return Journey(title="A map", description=description,
                   stages=[Stage(name="S", touchpoints=[Touchpoint(id="t", name="T")])])


def test_a_key_of_one_entry_under_a_long_description_keeps_its_swatch_beside_its_words() -> None:
    def gap(description: str) -> float:
        """How far the words of the key's one entry stand from the word in its swatch."""
        svg, _ = _drawn_heading(heading(_described(description), DEFAULT, {Key.TOUCHPOINT}))
        swatch, words = [float(t.get("x", "nan")) for t in svg.iter(f"{SVG}text") if t.text == "touchpoint"]
        return words - swatch

    short, long = gap("Short."), gap("A description long enough to make the heading far wider than its key. " * 3)
    assert short == long < 80  # Graphviz had stretched the swatch across the heading: 400 points and more


def test_an_entry_s_words_have_room_for_their_measured_width_which_browsers_draw() -> None:
    from journeymap.rendering.fonts import text_width

    svg, _ = _drawn_heading(heading(_described("Short."), DEFAULT, {Key.TOKENISM, Key.TOUCHPOINT}))
    xs = [(t.text, float(t.get("x", "nan"))) for t in svg.iter(f"{SVG}text")]
    words = "tokenism: co-design or co-production claimed, no citizen taking part"
    (start,), swatch = [x for text, x in xs if text == words], min(x for text, x in xs if text == "touchpoint")
    # Graphviz measures this line a few points narrower than a browser draws it: the next swatch starts after both.
    assert swatch >= start + text_width(words, DEFAULT.small_size)
