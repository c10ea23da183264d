"""Properties across the whole library for generated journeys: every view in every format and theme draws
without a warning; hostile text stays literal text; the same map gives the same bytes.

Graphviz runs are the cost here, so each example draws one combination; HYPOTHESIS_PROFILE=deep runs many
more (see conftest.py). Which orderings carry meaning: a mapping's keys never do (YAML and JSON mappings
are unordered), so reordering them, or writing the same map in JSON or another YAML style, must give the
same bytes. Every list of a map keeps its order — stages and touchpoints are the journey's sequence, and
actors, assets, contributions, flow steps, needs and pain points are drawn and listed in the order the
author wrote them — so reordering a list makes another map, which the model tells apart.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeymap import JourneyMapWarning, dumps, loads
from journeymap.model import Journey
from journeymap.rendering import FORMATS, THEMES, VIEWS, GraphvizWarning, dot, render, source
from strategies import design_example, journeys
from test_html import hostile_journey, parse

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
SIGNATURES: dict[str, bytes | tuple[bytes, ...]] = {
    "svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "dot": (b"digraph", b"graph"), "html": b"<!doctype html>",
    "mermaid": b"journey\n"}
SVG_TAGS = {"svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "ellipse", "text", "tspan", "defs",
            "linearGradient", "radialGradient", "stop"}
GRAPHVIZ_RUNS = max(5, settings.default.max_examples // 4)  # 25 in the default profile, 500 in deep
slow = settings(max_examples=GRAPHVIZ_RUNS, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def drawn(journey: Journey, view: str, format: str, theme: str = "default") -> bytes:
    """The drawing, with any Graphviz warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphvizWarning)
        return render(journey, view=view, format=format, theme=theme)


# -- every view, format and theme ---------------------------------------------------------------


@slow
@given(journey=journeys(), view=st.sampled_from(list(VIEWS)), format=st.sampled_from(FORMATS),
       theme=st.sampled_from(list(THEMES)))
def test_every_view_format_and_theme_draws_without_warning(journey: Journey, view: str, format: str,
                                                          theme: str) -> None:
    with warnings.catch_warnings():  # the Mermaid export tells what it leaves out: not the subject here
        warnings.filterwarnings("ignore", "the Mermaid export", JourneyMapWarning)
        data = drawn(journey, view, format, theme)
    assert data.startswith(SIGNATURES[format])
    if format == "svg":
        assert_only_drawing(ET.fromstring(data))


def assert_only_drawing(svg: ET.Element) -> None:
    """Nothing in the SVG but what Graphviz draws: no script, no foreign markup, no handler, no link."""
    for element in svg.iter():
        assert element.tag.startswith(SVG) and element.tag[len(SVG):] in SVG_TAGS, element.tag
        for name in element.attrib:
            local = name.split("}")[-1]
            assert not local.lower().startswith("on") and local != "href", (element.tag, name)


# -- hostile text --------------------------------------------------------------------------------

PAYLOADS = [
    '"', "'", "\\", "\\N", "\\G", "\\l", "{", "}", "[", "]", "<", ">", "&", "&amp;", "&#92;", "&lt;b&gt;",
    "<b>bold</b>", "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">',
    "</title><svg onload=alert(1)>", "<![CDATA[x]]>", "<!-- c -->", "]]>", 'javascript:alert("x")',
    '}]; node [label="pwned"]; a -> b; {', '"]; x [shape=box', "<TABLE><TR><TD>t</TD></TR></TABLE>",
    "\n", "\r\n", "\r", "\t", "\u2028", "\u0085", "\u200f", "\u202e", "עברית", "مرحبا", "e\u0301\u0301\u0301",
    "Z\u0351\u0334\u0336", "👵🏽", "👨‍👩‍👧", "🏳️‍🌈", "日本語", "\ufffd", "\u00a0", "x" * 200, "word " * 30,
]
hostile_texts = st.one_of(
    st.lists(st.sampled_from(PAYLOADS) | st.text(max_size=5), min_size=1, max_size=8).map("".join),
    st.sampled_from(["x" * 10_000, "word " * 2_000, "<&>\"'\\" * 1_700, "👵🏽" * 2_500]),
).filter(lambda text: text.strip() != "")


def collapse(text: str) -> str:
    return " ".join(dot.clean(text).split())


@slow
@given(text=hostile_texts, view=st.sampled_from(list(VIEWS)))
def test_hostile_text_is_drawn_as_literal_text(text: str, view: str) -> None:
    journey = hostile_journey(text)
    svg = ET.fromstring(drawn(journey, view, "svg"))
    assert_only_drawing(svg)
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == f"{collapse(text)} — {view_titles()[view]}"
    # Nothing injected: the drawing holds exactly the elements the same map with plain text holds.
    plain = ET.fromstring(drawn(hostile_journey("plain"), view, "svg"))
    assert shape(svg) == shape(plain)
    if view == "flow":  # the whole text in the tooltip, unless Graphviz's limit on quoted strings cuts it
        tooltips = [collapse(a.get(XLINK_TITLE, "")) for a in svg.iter(f"{SVG}a")]
        if not dot.attribute(text).endswith("…"):
            assert any(collapse(text) in tooltip for tooltip in tooltips)


def shape(svg: ET.Element) -> list[tuple[str, str]]:
    """The drawn objects: each group's id and classes (text lines left out, as wrapping varies)."""
    return sorted((g.get("id", ""), g.get("class", "")) for g in svg.iter(f"{SVG}g"))


def view_titles() -> dict[str, str]:
    from journeymap.rendering import view_title

    return {view: view_title(view) for view in VIEWS}


@settings(max_examples=max(3, GRAPHVIZ_RUNS // 3), suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_texts)
@example(text="0\x7f\x7f00\x7f\x7f")  # DEL (and C1 controls): Graphviz drew boxes wider than the node
def test_hostile_text_in_the_report_is_text(text: str) -> None:
    page = parse(drawn(hostile_journey(text), "flow", "html"))
    assert not {node.tag for node in page.iter()} & {"script", "img", "iframe", "object", "embed", "style-injected"}
    for node in page.iter():
        assert not any(name.startswith("on") for name in node.attrs), node
    h1 = next(page.iter("h1")).text
    assert " ".join(h1.split()) == collapse(text)


def test_every_view_and_theme_draws_a_hostile_map(tmp_path: Path) -> None:
    journey = hostile_journey("".join(PAYLOADS))
    for view in VIEWS:
        for theme in THEMES:
            assert_only_drawing(ET.fromstring(drawn(journey, view, "svg", theme)))


def test_no_label_runs_in_the_browser(tmp_path: Path, browser: Any) -> None:
    """Each payload in its own part of the report, opened in Chromium with the page's script policy bypassed."""
    from test_browser import visit

    journey = many_payloads()
    path = tmp_path / "hostile.html"
    path.write_bytes(render(journey, format="html"))
    for seen in visit(browser, path, bypass_csp=True):
        page = seen.page
        page.mouse.move(400, 400)  # hover handlers would fire now
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert seen.dialogs == [] and seen.errors == [] and seen.console_errors == []
        assert seen.requests == [seen.url]
        assert page.locator("script, img, iframe, object, embed").count() == 0
        assert page.locator("h1").inner_text() == journey.title


def many_payloads() -> Journey:
    """A journey whose every piece of text is a different attack."""
    attacks = iter([
        "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2;alert(2)">',
        '"><svg onload="window.__pwned=3">', "</title><script>window.__pwned=4</script>",
        "<a href=\"javascript:window.__pwned=5\">click</a>", "<iframe src=\"javascript:alert(6)\"></iframe>",
        "]]><script>window.__pwned=7</script>", "<!--<script>window.__pwned=8</script>-->",
        "<style>body{background:url(https://example.com/x)}</style>", "<object data=x></object>",
        "<svg><animate onbegin=\"window.__pwned=11\" attributeName=x dur=1s>",
        "<details open ontoggle=\"window.__pwned=12\">", '<div onmouseover="window.__pwned=13">hover</div>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(14)>", "{{constructor.constructor('alert(15)')()}}",
    ])
    base = hostile_journey("x")
    stage = base.stages[0]
    first, second = stage.touchpoints
    return attrs.evolve(
        base, title=next(attacks), description=next(attacks),
        actors=[attrs.evolve(base.actors[0], name=next(attacks), description=next(attacks))],
        assets=[attrs.evolve(base.assets[0], name=next(attacks)), base.assets[1]],
        stages=[attrs.evolve(stage, name=next(attacks), description=next(attacks), touchpoints=[
            attrs.evolve(first, name=next(attacks), channel=next(attacks), pain_points=[next(attacks)],
                         description=next(attacks)), second])],
        flow=[attrs.evolve(base.flow[0], label=next(attacks))],
        contributions=[attrs.evolve(base.contributions[0], note=next(attacks)), base.contributions[1]],
        needs=[attrs.evolve(base.needs[0], name=next(attacks)),  # the population's, and the persona's own
               attrs.evolve(base.needs[0], name=next(attacks), for_=[base.actors[0].id])],
    )


# -- the same map, the same bytes -----------------------------------------------------------------


def reordered(data: Any, rng: random.Random) -> Any:
    """The same data with the keys of every mapping in a random order (list items keep theirs)."""
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {key: reordered(data[key], rng) for key in keys}
    if isinstance(data, list):
        return [reordered(item, rng) for item in data]
    return data


def rewritten(journey: Journey, rng: random.Random) -> tuple[str, str]:
    """The journey's map in another form: keys reordered, written as JSON or in another YAML style."""
    data = reordered(yaml.safe_load(dumps(journey)), rng)
    style = rng.choice(["json", "flow", "block", "canonical"])
    if style == "json":
        return json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 4])), "json"
    if style == "canonical":
        return yaml.safe_dump(data, canonical=True, sort_keys=False), "yaml"
    text = yaml.safe_dump(data, default_flow_style=style == "flow", sort_keys=False, allow_unicode=rng.random() < 0.5,
                          width=rng.choice([20, 80, 10_000]))
    return text, "yaml"


@settings(max_examples=max(10, settings.default.max_examples // 2), suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys(), seed=st.integers(0, 2**32 - 1))
def test_the_same_map_written_another_way_gives_the_same_dot(journey: Journey, seed: int) -> None:
    text, format = rewritten(journey, random.Random(seed))
    again = loads(text, format)
    assert again == journey
    for view in VIEWS:
        assert source(again, view) == source(journey, view)


@slow
@given(journey=journeys(), seed=st.integers(0, 2**32 - 1), view=st.sampled_from(list(VIEWS)))
def test_the_same_map_written_another_way_gives_the_same_svg(journey: Journey, seed: int, view: str) -> None:
    again = loads(*rewritten(journey, random.Random(seed)))
    assert drawn(again, view, "svg") == drawn(journey, view, "svg")


def test_list_order_carries_meaning_so_a_reordered_list_is_another_map() -> None:
    journey = design_example()
    data = yaml.safe_load(dumps(journey))
    lists = [("stages",), ("actors",), ("assets",), ("contributions",), ("flow",),
             ("stages", 1, "touchpoints"), ("stages", 0, "touchpoints", 0, "actors")]
    for path in lists:
        changed = json.loads(json.dumps(data))
        holder = changed
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = holder[path[-1]][::-1]
        assert loads(json.dumps(changed), "json") != journey, path


SCRIPT = """
import hashlib, sys
from journeymap.io import load
from journeymap.rendering import VIEWS, render
journey = load(sys.argv[1])
for view in VIEWS:
    for fmt in ("dot", "svg"):
        print(view, fmt, hashlib.sha256(render(journey, view, fmt)).hexdigest())
print("report", hashlib.sha256(render(journey, format="html")).hexdigest())
"""


def hashes_with_seed(seed: str, path: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, env=env,
                          timeout=300, check=True)
    return done.stdout


def test_the_bytes_are_the_same_in_every_process(tmp_path: Path) -> None:
    """Sets and dicts of text iterate in an order that changes with PYTHONHASHSEED; no output may follow it."""
    path = tmp_path / "map.json"
    path.write_text(dumps(hostile_journey("Ünïcode <&> \"q\" \\ 👵🏽"), "json"), encoding="utf-8")
    first = hashes_with_seed("1", path)
    assert first.count("\n") == 2 * len(VIEWS) + 1
    assert hashes_with_seed("2", path) == first
    assert hashlib.sha256(render(loads(path.read_text(), "json"), "flow", "dot")).hexdigest() in first
