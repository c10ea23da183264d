"""Tests of rendering: real Graphviz runs, the SVG id/class contract, the legend, escaping and golden DOT.

Golden DOT files live in tests/golden/<example>.flow.dot (and sight_loss.star.dot, sight_loss.gap.dot),
laid out one attribute a line by tests/golden_dot.py. After an intended change to the drawing, regenerate
them with ``JOURNEYMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py tests/test_canvas.py``
and review the diff before committing.
"""

from __future__ import annotations

import importlib.util
import struct
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.analysis import analyse
from journeymap.errors import GraphvizNotFoundError, JourneyMapError, RenderError, UsageError
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.rendering import VIEWS, GraphvizWarning, engine, render, source
from golden_dot import assert_matches_golden
from strategies import design_example, journeys

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
ROOT = Path(__file__).resolve().parent.parent


def parse_svg(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def by_id(svg: ET.Element) -> dict[str, set[str]]:
    """Every element with an id, mapped to its classes."""
    return {e.get("id", ""): set(e.get("class", "").split()) for e in svg.iter() if e.get("id")}


def texts(svg: ET.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def design() -> Journey:
    return design_example()


@pytest.fixture(scope="module")
def design_svg(design: Journey) -> ET.Element:
    return parse_svg(render(design, format="svg"))


# -- formats ----------------------------------------------------------------------


def test_svg_parses_and_is_titled_by_the_journey(design_svg: ET.Element) -> None:
    assert design_svg.tag == f"{SVG}svg"
    assert design_svg.find(f"{SVG}g/{SVG}title").text == "Living well with sight loss"


def test_png_is_a_crisp_image(design: Journey) -> None:
    data = render(design, format="png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 1200 < width < 6000 and 600 < height < 4000


def test_pdf(design: Journey) -> None:
    assert render(design, format="pdf").startswith(b"%PDF")


def test_dot_format_is_the_source(design: Journey) -> None:
    text = render(design, format="dot").decode("utf-8")
    assert text == source(design)
    assert text.startswith('digraph "Living well with sight loss" {')


def test_the_same_map_gives_the_same_bytes(design: Journey) -> None:
    for format in ("dot", "svg"):
        assert render(design, format=format) == render(design_example(), format=format)
    shuffled = attrs.evolve(design, needs=tuple(reversed(design.needs)))  # needs are not drawn in this view
    assert render(shuffled, format="svg") == render(design, format="svg")


def test_an_analysis_given_is_used(design: Journey) -> None:
    assert render(design, format="dot", analysis=analyse(design)) == render(design, format="dot")


def test_an_analysis_of_another_journey_is_refused(design: Journey) -> None:
    other = attrs.evolve(design, title="Another")
    with pytest.raises(RenderError, match="another journey"):
        render(design, analysis=analyse(other))


@pytest.mark.parametrize(("view", "format", "hint"), [("flwo", "svg", "did you mean 'flow'"),
                                                       ("flow", "SVG", "did you mean 'svg'"),
                                                       ("flow", "jpeg", "svg, png, pdf, dot")])
def test_unknown_view_or_format_names_the_choices(design: Journey, view: str, format: str, hint: str) -> None:
    with pytest.raises(UsageError, match=hint) as caught:
        render(design, view=view, format=format)
    assert isinstance(caught.value, JourneyMapError)


# -- the SVG contract ---------------------------------------------------------------


def test_every_unused_asset_is_marked(design: Journey, design_svg: ET.Element) -> None:
    classes = by_id(design_svg)
    unused = {u.asset.id for u in analyse(design).unused_assets}
    assert unused == {"know_how", "club_network"}
    for asset in design.assets:
        expected = {"asset", "unused"} if asset.id in unused else {"asset"}
        assert expected <= classes[f"asset-{asset.id}"]
        if asset.id not in unused:
            assert "unused" not in classes[f"asset-{asset.id}"]


def test_every_passive_touchpoint_is_marked(design: Journey, design_svg: ET.Element) -> None:
    classes = by_id(design_svg)
    passive = {p.touchpoint.id for p in analyse(design).passive_touchpoints}
    assert passive == {"clinic", "group"}
    for touchpoint in design.touchpoints:
        assert "touchpoint" in classes[f"touchpoint-{touchpoint.id}"]
        assert ("passive" in classes[f"touchpoint-{touchpoint.id}"]) == (touchpoint.id in passive)


def test_stages_actors_and_contributions_are_marked(design: Journey, design_svg: ET.Element) -> None:
    classes = by_id(design_svg)
    assert {"cluster", "stage"} <= classes["stage-diagnosis"] and "stage" in classes["stage-support"]
    for holder in ("margaret", "jenny", "club"):
        assert "actor" in classes[f"actor-{holder}"]
    assert {"contribution", "actual"} <= classes["contribution-jenny_time-home_visit-0"]
    assert {"contribution", "potential", "untapped"} <= classes["contribution-club_network-clinic-1"]
    assert {"flow"} <= classes["flow-clinic-home_visit-0"]


def test_unwilling_holders_unused_assets_are_marked() -> None:
    journey = attrs.evolve(design_example(), actors=tuple(
        attrs.evolve(a, willingness="none") if a.id == "club" else a for a in design_example().actors))
    classes = by_id(parse_svg(render(journey)))
    assert {"asset", "unused", "unwilling"} <= classes["asset-club_network"]
    assert "unwilling" not in classes["asset-know_how"]


def test_elements_carry_their_full_text_as_tooltips(design_svg: ET.Element) -> None:
    tooltips = [a.get(XLINK_TITLE, "") for a in design_svg.iter(f"{SVG}a")]
    assert any("Group volunteers could meet people at the clinic" in t for t in tooltips)
    assert any(t.startswith("Eye clinic appointment\n") and "Told nothing more can be done" in t for t in tooltips)


def test_unused_assets_are_loud_and_say_what_is_on_offer(design_svg: ET.Element) -> None:
    text = texts(design_svg)
    assert "UNUSED · willing monthly" in text
    assert "UNUSED · willing weekly" in text
    journey = attrs.evolve(design_example(), contributions=())
    assert "UNUSED · offers 8 h/month · willing weekly" in texts(parse_svg(render(journey)))


def test_title_persona_and_description_are_drawn(design_svg: ET.Element) -> None:
    text = texts(design_svg)
    assert "Living well with sight loss" in text
    assert "Persona: Margaret, 78" in text
    assert "From diagnosis to living well, as Margaret tells it" in text


# -- the legend -------------------------------------------------------------------


def test_legend_shows_the_states_that_occur(design_svg: ET.Element) -> None:
    text = texts(design_svg)
    for words in ("unused asset, holder willing to do more", "asset in use", "actual contribution",
                  "potential contribution", "passive: citizens there", "MOMENT OF TRUTH", "next step"):
        assert words in text
    assert "holder not looking to do more" not in text  # no unwilling holder has an unused asset
    assert "willingness not asked" not in text
    assert "0 neutral" not in text and "−1 negative" not in text  # emotions 0 and -1 do not occur


def test_legend_leaves_out_states_that_do_not_occur() -> None:
    journey = Journey(title="Quiet", actors=[Actor(id="p", name="Pat", role="professional")],
                      stages=[Stage(id="s", name="Stage", touchpoints=[Touchpoint(id="t", name="T", actors=["p"])])])
    text = texts(parse_svg(render(journey)))
    assert "touchpoint" in text
    for words in ("unused", "UNUSED", "contribution", "PASSIVE", "MOMENT OF TRUTH", "how it feels", "next step"):
        assert words not in text


def test_a_map_with_nothing_drawn_still_renders() -> None:
    svg = parse_svg(render(Journey(title="Empty", stages=[Stage(id="s", name="Not yet")])))
    assert "no touchpoints yet" in texts(svg)
    assert "KEY" not in texts(svg)


# -- hostile text -------------------------------------------------------------------

HOSTILE = [
    'He said "no" & left <b>bold</b>',
    "\\N \\G \\n \\l \\\\ trailing\\",
    '}]; node [label="pwned"]; x -> y; {',
    "<TABLE><TR><TD>cell</TD></TR></TABLE>",
    "&amp; &lt; &#92; &foo;",
    "line one\nline two\r\nline three",
    "👵🏽 Zoë 日本語 עברית",
    "W" * 300,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_literal_text(text: str) -> None:
    journey = Journey(
        title=text, description=text, persona="p",
        actors=[Actor(id="p", name=text, role="service_user", willingness="weekly", description=text)],
        assets=[Asset(id="a", holder="p", kind="time", name=text, description=text)],
        stages=[Stage(id="s", name=text, description=text, touchpoints=[
            Touchpoint(id="t", name=text, channel=text, actors=["p"], pain_points=[text], description=text),
            Touchpoint(id="u", name="next"),
        ])],
        flow=[FlowEdge(source="t", target="u", label=text)],
        contributions=[Contribution(asset="a", touchpoint="t", phase="co_design", status="potential", note=text)],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        svg = parse_svg(render(journey, format="svg"))
    assert svg.find(f"{SVG}g/{SVG}title").text == " ".join(text.replace("\r\n", "\n").split("\n"))
    assert not any(e.tag.endswith(("TABLE", "b", "TD")) for e in svg.iter())
    ids = set(by_id(svg))
    assert {"touchpoint-t", "touchpoint-u", "asset-a", "actor-p", "stage-s"} <= ids
    # Nothing injected: exactly the three nodes (and the holder's title) and two edges of the map.
    assert len([e for e in svg.iter(f"{SVG}g") if "node" in e.get("class", "").split()]) == 4
    assert len([e for e in svg.iter(f"{SVG}g") if "holder-title" in e.get("class", "").split()]) == 1
    assert len([e for e in svg.iter(f"{SVG}g") if "edge" in e.get("class", "").split()]) == 2
    drawn = texts(svg).replace("\n", "")
    first_word = text.split()[0][:20]
    assert first_word in drawn
    tooltips = [a.get(XLINK_TITLE, "") for a in svg.iter(f"{SVG}a")]
    assert any(t.replace("\n", " ").startswith(" ".join(text.replace("\r\n", "\n").split("\n"))) for t in tooltips)


def test_backslashes_and_entities_survive_exactly() -> None:
    text = "a \\N b \\ c &amp; d &#92;"
    journey = Journey(title=text, stages=[Stage(id="s", name="S", touchpoints=[Touchpoint(id="t", name=text)])])
    svg = parse_svg(render(journey))
    assert svg.find(f"{SVG}g/{SVG}title").text == text
    assert text in texts(svg)
    assert any(a.get(XLINK_TITLE, "") == text for a in svg.iter(f"{SVG}a"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_journey_renders_without_warnings(journey: Journey) -> None:
    text = source(journey)
    assert render(journey, format="dot") == text.encode("utf-8")
    output = engine.run(text, "svg")
    assert output.warnings == ()
    svg = parse_svg(output.data)
    classes = by_id(svg)
    for unused in analyse(journey).unused_assets:
        assert {"asset", "unused"} <= classes[f"asset-{unused.asset.id}"]
    for touchpoint in journey.touchpoints:
        assert f"touchpoint-{touchpoint.id}" in classes


# -- the engine ---------------------------------------------------------------------


def test_missing_graphviz_says_how_to_install_it(design: Journey, monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz") as caught:
        render(design, format="svg")
    assert "brew install graphviz" in str(caught.value) and "make test" in str(caught.value)
    assert render(design, format="dot")  # the source needs no Graphviz


def test_a_failing_run_reports_graphvizs_message() -> None:
    with pytest.raises(RenderError, match="syntax error") as caught:
        engine.run("digraph { a -> }", "svg")
    assert caught.value.__cause__ is not None


def test_warnings_are_returned_and_issued(design: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    output = engine.run('digraph { a [shape=nonsense] }', "svg")
    assert any("nonsense" in w for w in output.warnings)
    monkeypatch.setattr(engine, "run", lambda *a, **k: engine.Output(data=b"<svg/>", warnings=("odd",)))
    with pytest.warns(GraphvizWarning, match="Graphviz: odd"):
        render(design, format="svg")


def test_the_design_example_draws_without_warnings(design: Journey) -> None:
    for format in ("svg", "png", "pdf"):
        assert engine.run(source(design), format).warnings == ()


# -- golden DOT ---------------------------------------------------------------------


def _python_example(path: Path) -> Journey:
    spec = importlib.util.spec_from_file_location(f"example_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.journey  # type: ignore[no-any-return]


def _load(path: Path) -> Journey:
    if path.suffix == ".py":
        return _python_example(path)
    from journeymap.io import load  # io sits above render; only the test joins them
    return load(path)


def _is_map(example: Path) -> bool:
    """True for an example that is a map: a map file, or a script building one (``journey = ...``), not a script
    doing something else with maps (sight_loss_history.py builds a git history)."""
    return example.suffix != ".py" or "\njourney = " in example.read_text(encoding="utf-8")


EXAMPLES = sorted([*(p for p in (ROOT / "examples").glob("*")
                     if p.suffix in {".py", ".yaml", ".yml", ".json"} and _is_map(p)),
                   *(ROOT / "examples" / "records").glob("*_map.yaml")])  # a map discovered from records


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_match_their_golden_dot(example: Path) -> None:
    name = f"{example.stem}{'_py' if example.suffix == '.py' else ''}.flow.dot"
    assert_matches_golden(name, render(_load(example), view="flow", format="dot").decode("utf-8"))


@pytest.mark.parametrize("view", ["star", "gap"])
def test_the_example_s_star_and_gap_match_their_golden_dot(view: str) -> None:
    example = _load(ROOT / "examples" / "sight_loss.yaml")
    assert_matches_golden(f"sight_loss.{view}.dot", render(example, view=view, format="dot").decode("utf-8"))


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_text_run_starts_with_a_space_browsers_would_drop(view: str) -> None:
    from journeymap.io import load

    svg = parse_svg(render(load(ROOT / "examples" / "sight_loss.yaml"), view=view))
    runs = [t.text for t in svg.iter(f"{SVG}text") if t.text]
    assert runs and not [r for r in runs if r.startswith(" ") and r.strip()]  # a no-break space survives


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_very_long_text_draws_in_every_view(view: str) -> None:
    text = "word " * 5_000  # its tooltip passes Graphviz's 16,384-character limit on quoted strings
    journey = Journey(title="Long", stages=[Stage(id="s", name="S", description=text, touchpoints=[
        Touchpoint(id="t", name=text, pain_points=[text])])])
    svg = parse_svg(render(journey, view=view))
    assert svg.find(f"{SVG}title") is not None


@pytest.mark.parametrize("invisible", ["\xad", "\u200b", "\u200d", "\ufeff", "\u061c", "\U000e0001", " \xad\u200b ",
                                       "\U000e01f0", "\u2065\ufff0"])  # the last two: code points not assigned
@pytest.mark.parametrize("view", list(VIEWS))
def test_text_of_only_invisible_characters_draws_without_a_pango_failure(invisible: str, view: str) -> None:
    journey = Journey(title=invisible, description=invisible, stages=[Stage(id="s", name=invisible, touchpoints=[
        Touchpoint(id="t", name=invisible, channel=invisible, pain_points=[invisible])])])
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        assert render(journey, view=view, format="png").startswith(b"\x89PNG")


def test_graphviz_warnings_are_journeymap_warnings_and_the_themes_read_only() -> None:
    from journeymap import JourneyMapWarning
    from journeymap.rendering import THEMES, GraphvizWarning

    assert issubclass(GraphvizWarning, JourneyMapWarning)
    with pytest.raises(TypeError):
        THEMES["mine"] = THEMES["default"]  # type: ignore[index]
