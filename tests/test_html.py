"""The HTML report without a browser: self-contained, every view inline, findings tables, the map in words,
escaping, determinism, the ``report`` command; and the root <title>/<desc> every SVG carries."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.analysis import analyse
from journeymap.cli import main
from journeymap.errors import GraphvizNotFoundError, JourneyMapWarning, RenderError, UsageError
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Need, Stage, Touchpoint
from journeymap.rendering import THEMES, VIEWS, engine, render, view_title
from journeymap.wording import summary
from strategies import DESIGN_EXAMPLE, design_example, journeys

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sight_loss.yaml"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@attrs.define
class Node:
    """An element of a parsed page: its tag, attributes, children and text in document order."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = attrs.field(factory=list)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def words(self) -> str:
        return " ".join(self.text.split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    """A tree from the page, as the standard library's tolerant parser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attributes}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: bytes) -> Node:
    builder = _Builder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    return builder.root


def table(page: Node, caption_start: str) -> list[list[str]]:
    """The rows (header row first) of the table whose caption starts with ``caption_start``."""
    for t in page.iter("table"):
        caption = next(t.iter("caption")).words()
        if caption.startswith(caption_start):
            return [[cell.words() for cell in row.iter() if cell.tag in ("th", "td")] for row in t.iter("tr")]
    raise AssertionError(f"no table captioned {caption_start!r}")


def section(page: Node, ident: str) -> Node:
    return next(n for n in page.iter("section") if n.attrs.get("id") == ident)


@pytest.fixture(scope="module")
def design() -> Journey:
    return design_example()


@pytest.fixture(scope="module")
def report(design: Journey) -> bytes:
    return render(design, format="html")


@pytest.fixture(scope="module")
def page(report: bytes) -> Node:
    return parse(report)


# -- one self-contained file ------------------------------------------------------------


def test_a_complete_accessible_document(report: bytes, page: Node) -> None:
    assert report.startswith(b"<!doctype html>\n<html lang=\"en\">")
    assert next(page.iter("meta")).attrs == {"charset": "utf-8"}
    assert next(page.iter("title")).text == "Living well with sight loss — journey map report"
    skip = next(page.iter("a"))
    assert skip.attrs["href"] == "#main" and "skip" in skip.classes
    assert [m.attrs.get("id") for m in page.iter("main")] == ["main"]
    assert [h.words() for h in page.iter("h1")] == ["Living well with sight loss"]
    assert "Persona: Margaret, 78" in next(n for n in page.iter("p") if "persona" in n.classes).words()


def test_nothing_is_loaded_and_nothing_runs(report: bytes, page: Node) -> None:
    text = report.decode("utf-8")
    assert set(re.findall(r"https?://[^\s\"')]+", text)) <= {"http://www.w3.org/2000/svg",
                                                            "http://www.w3.org/1999/xlink"}
    for match in re.finditer(r"https?://", text):
        assert text[:match.start()].endswith(('xmlns="', 'xmlns:xlink="'))
    tags = {n.tag for n in page.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignobject"}
    assert [n.tag for n in page.iter("style")] == ["style"]  # one inline stylesheet, in the head
    assert "@import" not in text and "@font-face" not in text and "url(" not in text
    for node in page.iter():
        assert not any(name.startswith("on") for name in node.attrs), node
        assert not any(name in ("src", "srcset") for name in node.attrs), node
        assert not any(v.strip().lower().startswith("javascript:") for v in node.attrs.values()), node
    policy = next(m for m in page.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert policy.attrs["content"].startswith("default-src 'none';")


def test_the_font_stack_starts_with_dejavu_sans(report: bytes) -> None:
    assert 'font-family: "DejaVu Sans", "Liberation Sans"' in report.decode("utf-8")


def test_the_same_map_gives_the_same_bytes(report: bytes) -> None:
    assert render(design_example(), format="html") == report
    assert render(design_example(), view="flow", format="html", analysis=analyse(design_example())) == report


def test_the_view_asked_for_does_not_matter_but_must_exist(design: Journey, report: bytes) -> None:
    for view in VIEWS:
        assert render(design, view=view, format="html") == report
    with pytest.raises(UsageError, match="unknown view"):
        render(design, view="flwo", format="html")


def test_the_theme_colours_the_report(design: Journey, report: bytes) -> None:
    printed = render(design, format="html", theme="print")
    assert printed != report
    assert THEMES["print"].unused_willing.border.color.lower() in printed.decode("utf-8").lower()


# -- the diagrams -----------------------------------------------------------------------


def test_every_view_is_inline_in_its_own_section(page: Node) -> None:
    svgs = list(page.iter("svg"))
    assert len(svgs) == len(VIEWS)
    for name in VIEWS:
        view = section(page, f"view_{name}")
        assert next(view.iter("h2")).words() == view_title(name)
        (svg,) = list(view.iter("svg"))
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-labelledby"] == f"{name}-journeymap-title {name}-journeymap-desc"
        assert [c.tag for c in svg.children if isinstance(c, Node)][:2] == ["title", "desc"]
        radios = [n for n in view.iter("input") if n.attrs.get("type") == "radio"]
        assert [r.attrs["name"] for r in radios] == [f"zoom_{name}"] * 3
        assert [r.attrs["id"] for r in radios if "checked" in r.attrs] == [f"zoom_{name}_readable"]
        labels = {n.attrs["for"]: n.words() for n in view.iter("label")}
        assert [labels[r.attrs["id"]] for r in radios] == ["Whole diagram", "Readable size", "Full size"]


def test_each_diagram_carries_its_size_for_the_style_sheet(page: Node) -> None:
    for name in VIEWS:
        pane = next(n for n in section(page, f"view_{name}").iter("div") if "diagram" in n.classes)
        (svg,) = list(pane.iter("svg"))
        width, height = (float(svg.attrs[side].removesuffix("pt")) for side in ("width", "height"))
        sizes = dict(part.split(":") for part in pane.attrs["style"].split(";"))
        assert sizes == {"--width": f"{width:g}pt", "--readable": f"{width * 0.75:g}pt",
                         "--ratio": f"{width / height:.4f}"}


def test_the_diagrams_leave_the_title_block_to_the_page(report: bytes, page: Node) -> None:
    text = report.decode("utf-8")
    assert text.count("Persona: Margaret") == 0 and text.count("Persona:</span> Margaret, 78") == 1
    for name in VIEWS:
        drawn = [t.words() for t in section(page, f"view_{name}").iter("text")]
        assert "Living well with sight loss" not in drawn, name
    keys = {name: "KEY" in [t.words() for t in section(page, f"view_{name}").iter("text")] for name in VIEWS}
    assert keys == {"flow": True, "canvas": True, "star": True, "gap": False,  # each keeps its key
                    "likert": False, "willingness": True}  # no survey in the map: likert has no levels to key
    assert "Living well with sight loss" in [t.text for t in ET.fromstring(render(design_example())).iter(f"{SVG}text")]


def test_ids_are_unique_across_the_page(page: Node, report: bytes) -> None:
    ids = [n.attrs["id"] for n in page.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    assert "<?xml" not in report.decode("utf-8") and "<!DOCTYPE svg" not in report.decode("utf-8")
    targets = {n.attrs["href"][1:] for n in page.iter("a") if n.attrs.get("href", "").startswith("#")}
    assert targets <= set(ids)
    for svg in page.iter("svg"):
        assert set(svg.attrs["aria-labelledby"].split()) <= set(ids)


def test_the_svg_contract_holds_inside_the_report(page: Node) -> None:
    by_id = {n.attrs["id"]: n.classes for n in page.iter() if "id" in n.attrs}
    assert {"asset", "unused"} <= by_id["flow-asset-know_how"]
    assert {"touchpoint", "passive"} <= by_id["flow-touchpoint-clinic"]
    assert "passive" not in by_id["flow-touchpoint-home_visit"]
    assert {"contribution", "actual"} <= by_id["flow-contribution-jenny_time-home_visit-0"]


def test_diagram_elements_have_hover_tooltips(page: Node, report: bytes) -> None:
    tooltips = [n.attrs["xlink:title"] for n in page.iter("a") if "xlink:title" in n.attrs]
    assert any("Group volunteers could meet people at the clinic" in t for t in tooltips)
    assert ":hover" in report.decode("utf-8")


# -- a view that cannot be drawn ------------------------------------------------------------


@pytest.fixture
def flow_fails(monkeypatch: pytest.MonkeyPatch) -> str:
    """Graphviz fails on the flow view's DOT, and only on it, as it would on a map too large to draw in time."""
    run, reason = engine.run, "Graphviz took longer than 0.5 s to draw the svg; JOURNEYMAP_GRAPHVIZ_TIMEOUT sets it"

    def failing(source: str, format: str, **options: Any) -> engine.Output:
        if 'class="journeymap flow"' in source:
            raise RenderError(reason)
        return run(source, format, **options)

    monkeypatch.setattr(engine, "run", failing)
    return reason


def test_a_view_that_cannot_be_drawn_is_left_out_saying_why(design: Journey, flow_fails: str) -> None:
    with pytest.warns(JourneyMapWarning) as caught:
        page = parse(render(design, format="html"))
    assert [str(w.message) for w in caught] == [
        f"the report leaves out the flow view, which could not be drawn: {flow_fails}"]
    flow = section(page, "view_flow")
    assert next(flow.iter("h2")).words() == view_title("flow") and list(flow.iter("svg")) == []
    note = next(n for n in flow.iter("div") if "leftout" in n.classes)
    assert note.attrs["role"] == "note"
    assert note.words().startswith("This diagram is left out: it could not be drawn.")
    assert f"What went wrong: {flow_fails}" in note.words()
    assert "journeymap render MAP -v flow -o flow.svg" in note.words()
    for name in VIEWS.keys() - {"flow"}:  # the others are all there, and so is the rest of the report
        assert len(list(section(page, f"view_{name}").iter("svg"))) == 1, name
    assert table(page, "2 unused assets")[1][0] == "Knows what helps day to day"
    assert any(a.attrs.get("href") == "#view_flow" for a in page.iter("a"))


@pytest.fixture
def slow_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> float:
    """A ``dot`` first on PATH that hands everything to Graphviz's own, but takes half a minute over the flow
    view, as Graphviz may over a huge map; a time limit of a few seconds (returned) stops it."""
    real = shutil.which("dot")
    assert real is not None
    folder = tmp_path / "slow"
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text("#!/bin/sh\nsource=$(cat)\n"
                   "case \"$source\" in *'class=\"journeymap flow\"'*) exec sleep 30;; esac\n"
                   f'printf "%s\\n" "$source" | exec {shlex.quote(real)} "$@"\n', encoding="utf-8")
    dot.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(engine.TIMEOUT_VARIABLE, "4")
    return 4


def test_the_report_command_writes_what_it_can_and_warns(design_map: Path, tmp_path: Path, slow_flow: float,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(design_map), "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"journeymap: warning: the report leaves out the flow view, which could not be drawn: Graphviz took "
        f"longer than {slow_flow:g} s to draw the svg; {engine.TIMEOUT_VARIABLE} sets the limit in seconds"]
    page = parse(out.read_bytes())
    assert [n.attrs["id"] for n in page.iter("section") if list(n.iter("svg"))] == [
        "view_canvas", "view_star", "view_gap", "view_likert", "view_willingness"]
    assert [n.attrs["id"] for n in page.iter("section") if any("leftout" in d.classes for d in n.iter("div"))] \
        == ["view_flow"]


def test_when_no_view_can_be_drawn_the_report_fails_as_before(design: Journey, monkeypatch: pytest.MonkeyPatch,
                                                              recwarn: pytest.WarningsRecorder) -> None:
    def failing(source: str, format: str, **options: Any) -> engine.Output:
        raise RenderError("Graphviz could not draw the svg: out of cheese")

    monkeypatch.setattr(engine, "run", failing)
    with pytest.raises(RenderError, match="out of cheese"):
        render(design, format="html")
    assert not [w for w in recwarn if issubclass(w.category, JourneyMapWarning)]  # no report, so nothing left out


def test_no_graphviz_at_all_is_still_an_error(design_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    out = tmp_path / "report.html"
    with pytest.raises(GraphvizNotFoundError):
        render(design_example(), format="html")
    assert main(["report", str(design_map), "-o", str(out)]) == 2
    assert "is not on PATH" in capsys.readouterr().err and not out.exists()


# -- findings -----------------------------------------------------------------------------


def test_findings_tables_have_captions_and_column_headers(page: Node) -> None:
    tables = list(section(page, "findings").iter("table"))
    assert len(tables) == 7  # unused, untapped, passive, chokepoints, Star overall and by stage, gap (no tokenism)
    for t in tables:
        assert next(t.iter("caption")).words()
        head = next(t.iter("thead"))
        assert all(th.attrs.get("scope") == "col" for th in head.iter("th"))
        for row in next(t.iter("tbody")).iter("tr"):
            assert next(row.iter("th")).attrs.get("scope") == "row"


def test_unused_assets_table(page: Node) -> None:
    assert table(page, "2 unused assets") == [
        ["Asset", "Held by", "Kind", "Willing to do more", "Hours a month", "Could help in"],
        ["Knows what helps day to day", "Margaret, 78", "lived experience", "yes, monthly", "—", "—"],
        ["Peer support network", "Macular support group", "networks", "yes, weekly", "—", "Diagnosis"],
    ]


def test_untapped_and_passive_tables(page: Node) -> None:
    assert table(page, "1 untapped opportunity")[1:] == [
        ["Peer support network", "Eye clinic appointment", "Diagnosis", "co-delivery",
         "Group volunteers could meet people at the clinic"]]
    assert table(page, "2 passive touchpoints")[1:] == [
        ["Eye clinic appointment", "Diagnosis", "Margaret, 78"],
        ["First support-group meeting", "Getting support", "Margaret, 78; Macular support group"]]


def test_star_coverage_and_perception_gap_tables(page: Node) -> None:
    assert table(page, "Contributions per Star phase")[1:] == [
        ["co-commissioning", "voice", "0", "0"], ["co-design", "voice", "0", "0"],
        ["co-delivery", "action", "1", "1"], ["co-assessment", "voice", "0", "0"]]
    assert table(page, "Contributions per stage")[1:] == [
        ["Diagnosis", "none", "none", "1 potential", "none"], ["Getting support", "none", "none", "1 actual", "none"]]
    assert table(page, "1 need")[1:] == [["Get to know people and make friends", "91%", "36%", "+55 pts"]]


def test_counted_needs_show_each_share_s_interval_and_n_with_a_caption_saying_so() -> None:
    from journeymap.io import load  # io sits above render; only the test joins them
    page = parse(render(load(ROOT / "examples" / "sight_loss_evidence.yaml"), format="html"))
    caption = "4 needs as users and staff see them; in brackets, the 95% interval (Wilson); n: how many in the group"
    assert table(page, caption) == [
        ["Need", "Users", "Users n", "Staff", "Staff n", "Gap"],
        ["Get to know people and make friends", "91% (84–95%)", "100", "36% (21–54%)", "28", "+55 pts"],
        ["Someone to talk to", "62% (52–71%)", "100", "18% (8–36%)", "28", "+44 pts"],
        ["Information about services", "53% (43–62%)", "100", "64% (46–79%)", "28", "−11 pts"],
        ["Information about specific support", "47% (38–57%)", "100", "54% (36–70%)", "28", "−7 pts"]]


def test_a_need_not_counted_beside_counted_ones_has_no_interval_and_a_dash_for_n() -> None:
    journey = Journey(title="Mixed", needs=[Need(name="Counted", users=0.5, staff=0.25, n_users=40),
                                            Need(name="Typed", users=0.3, staff=0.6)])
    rows = table(parse(render(journey, format="html")), "2 needs")[1:]
    assert rows == [["Counted", "50% (35–65%)", "40", "25%", "—", "+25 pts"],
                    ["Typed", "30%", "—", "60%", "—", "−30 pts"]]


def test_empty_findings_say_so_instead_of_an_empty_table() -> None:
    journey = Journey(title="Quiet", stages=[Stage(id="s", name="Stage")])
    page = parse(render(journey, format="html"))
    findings = section(page, "findings").words()
    assert "Nothing to judge: the map records no one yet." in findings and "No needs recorded." in findings
    assert len(list(section(page, "findings").iter("table"))) == 2  # the Star tables always show
    assert "No touchpoints yet." in section(page, "words").words()


def test_summary_and_legend(page: Node, design: Journey) -> None:
    text = section(page, "summary").words()
    assert summary(analyse(design)) in text
    legend = section(page, "legend").words()
    assert "Unused asset, its holder willing to do more" in legend and "Passive touchpoint" in legend
    assert "Unused asset, willingness not asked" not in legend  # the state does not occur


def test_the_summary_counts_the_citizens_assets_as_its_sentence_does_not_the_staffs() -> None:
    from journeymap.io import load

    journey = load(Path(__file__).resolve().parent.parent / "examples" / "sight_loss.yaml")
    citizens = len(analyse(journey).citizen_assets)
    assert citizens < len(journey.assets)  # the rehabilitation officer's network is staff's
    text = section(parse(render(journey, format="html")), "summary").words()
    assert f"of {citizens} assets unused" in text and f"of {citizens} assets go unused" in text


# -- the map in words ---------------------------------------------------------------------


def test_the_map_in_words(page: Node) -> None:
    words = section(page, "words")
    assert [h.words() for h in words.iter("h3")] == [
        "Stage 1 of 2: Diagnosis", "Stage 2 of 2: Getting support", "Who brings what", "What goes unused"]
    clinic = next(li for li in words.iter("li") if li.words().startswith("Eye clinic appointment"))
    facts = [li.words() for li in clinic.iter("li") if li is not clinic]
    assert facts == [
        "Channel: face to face",
        "Who is there: Margaret, 78; Rehabilitation officer",
        "Emotion: −2 (very negative)",
        "Involvement: informing (doing for)",
        "Pain point: Told nothing more can be done",
        "Moment of truth",
        "Passive: Margaret, 78 is there, but none of the citizens' assets is used",
        "Contributions made: none",
        "Contributions possible: Peer support network from Macular support group (co-delivery): "
        "Group volunteers could meet people at the clinic",
        "Leads to: Home assessment (referral)",
    ]
    assert "moment of truth passive" in clinic.words()
    assert [h.words() for h in words.iter("h4")] == [
        "Margaret, 78", "Jenny (daughter)", "Rehabilitation officer", "Macular support group"]
    text = words.words()
    assert "Time (time, 8 hours a month) — used at Home assessment" in text
    assert "Knows what helps day to day (lived experience) — unused" in text
    assert ("unused Peer support network: networks held by Macular support group, willing weekly; "
            "could help in Diagnosis") in text


# -- hostile text -------------------------------------------------------------------------

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "</title><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "]]> --> <!-- &amp; &lt; \\N \\\\",
    'He said "no" & left <b>bold</b>',
    "javascript:alert(1)",
]


def hostile_journey(text: str) -> Journey:
    return Journey(
        title=text, description=text, persona="p",
        actors=[Actor(id="p", name=text, role="service_user", willingness="weekly", description=text)],
        assets=[Asset(id="a", holder="p", kind="time", name=text), Asset(id="b", holder="p", kind="skills")],
        stages=[Stage(id="s", name=text, description=text, touchpoints=[
            Touchpoint(id="t", name=text, channel=text, actors=["p"], pain_points=[text], description=text),
            Touchpoint(id="u", name="next", actors=["p"]),
        ])],
        flow=[FlowEdge(source="t", target="u", label=text)],
        contributions=[Contribution(asset="a", touchpoint="t", phase="co_design", status="potential", note=text),
                       Contribution(asset="b", touchpoint="u", phase="co_delivery")],
        needs=[Need(name=text, users=0.5, staff=0.25)],
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_literal_text(text: str) -> None:
    report = render(hostile_journey(text), format="html")
    page = parse(report)
    assert not {n.tag for n in page.iter()} & {"script", "img", "b", "iframe"}
    assert [n.tag for n in page.iter("svg")] == ["svg"] * len(VIEWS)
    for node in page.iter():
        assert not any(name.startswith("on") for name in node.attrs), node
    assert next(page.iter("h1")).text == text
    assert next(page.iter("title")).text == f"{text} — journey map report"
    assert table(page, "1 untapped opportunity")[1][-1] == text
    assert any(li.words().endswith(f"Pain point: {' '.join(text.split())}") for li in page.iter("li"))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_journey_gives_a_sound_report(journey: Journey) -> None:
    page = parse(render(journey, format="html"))
    assert not {n.tag for n in page.iter()} & {"script", "img", "iframe", "object", "embed"}
    ids = [n.attrs["id"] for n in page.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    assert len(list(page.iter("svg"))) == len(VIEWS)
    assert [h.words() for h in page.iter("h1")] == [" ".join(journey.title.split())]
    assert len(list(section(page, "words").iter("h3"))) == len(journey.stages) + 2


# -- SVG title and desc -------------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_svg_has_a_title_and_desc_first(design: Journey, view: str) -> None:
    svg = ET.fromstring(render(design, view=view, format="svg"))
    title, desc = list(svg)[:2]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text == f"Living well with sight loss — {view_title(view)}"
    assert desc.text == summary(analyse(design))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svg.get("aria-labelledby") == "journeymap-title journeymap-desc"


def test_svg_title_and_desc_are_escaped() -> None:
    text = "<script>alert('x')</script> & \"quotes\" \\N"
    svg = ET.fromstring(render(hostile_journey(text), format="svg"))
    title, desc = list(svg)[:2]
    assert title.text == f"{text} — {view_title('flow')}"
    assert desc.text is not None and "script" not in [e.tag for e in svg.iter()]


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def design_map(tmp_path: Path) -> Path:
    path = tmp_path / "design.yaml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    return path


def test_report_command_writes_the_report(design_map: Path, tmp_path: Path, report: bytes,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(design_map), "-o", str(out)]) == 0
    assert capsys.readouterr() == ("", "")
    assert out.read_bytes() == report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.yaml", "report.html"]  # no temporary left


def test_report_command_to_stdout_and_render_html_agree(design_map: Path, tmp_path: Path, report: bytes,
                                                        capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["report", str(design_map)]) == 0
    assert capfdbinary.readouterr().out == report
    assert main(["render", str(design_map), "-f", "html"]) == 0
    assert capfdbinary.readouterr().out == report
    for name in ("by_suffix.html", "by_suffix.htm"):
        assert main(["render", str(design_map), "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).read_bytes() == report


def test_report_command_theme(design_map: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(design_map), "-t", "print", "-o", str(out)]) == 0
    assert out.read_bytes() == render(design_example(), format="html", theme="print")


def test_report_of_a_bad_map_exits_2_and_writes_nothing(design_map: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    design_map.write_text(DESIGN_EXAMPLE.replace("role: carer", "role: carr"), encoding="utf-8")
    out, previous = tmp_path / "report.html", tmp_path / "previous.html"
    previous.write_text("previous report")
    assert main(["report", str(design_map), "-o", str(out)]) == 2
    assert main(["report", str(design_map), "-o", str(previous)]) == 2
    _, err = capsys.readouterr()
    assert "did you mean 'carer'?" in err and "Traceback" not in err
    assert not out.exists() and previous.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.yaml", "previous.html"]


def test_the_example_report(tmp_path: Path) -> None:
    out = tmp_path / "sight_loss.html"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-history"]) == 0  # the repository's own history aside
    page = parse(out.read_bytes())
    assert table(page, "5 unused assets")[1][0] == "Knows what helps day to day"
    assert len(list(page.iter("svg"))) == len(VIEWS)


def test_the_people_section_lists_each_citizen_with_what_they_bring_and_their_constraints() -> None:
    from journeymap import load
    from journeymap.rendering.html_words import people
    from journeymap.rendering.style import DEFAULT

    root = Path(__file__).resolve().parent.parent
    shown = people(analyse(load(root / "examples" / "stroke_discharge.yaml")), DEFAULT)
    assert shown.startswith('<section id="people">') and "<h2>People: needs and capabilities</h2>" in shown
    citizens = re.findall(r"<h3>(.*?)</h3>", shown)
    assert citizens == ["Ray, 67", "Pat (wife)", "Sam (son)", "Neighbours on Elm Close", "Stroke survivors&#x27; club"]
    pat = shown[shown.index("<h3>Pat (wife)</h3>"):shown.index("<h3>Sam (son)</h3>")]
    assert "Constraints recorded:</span> has her own hip problems; cannot lift." in pat
    assert '<span class="tag used">used</span> at Pat calls 999' in pat
    sam = shown[shown.index("<h3>Sam (son)</h3>"):shown.index("<h3>Neighbours")]
    assert "No constraint recorded." in sam and '<span class="tag unused">unused</span>; could help in' in sam
    assert "Know when I am going home (88% of users)" in shown


# -- outcomes, the action plan and the glossary ------------------------------------------------


@pytest.mark.parametrize("name", ["sight_loss", "sight_loss_to_be", "stroke_discharge"])
def test_outcomes_plan_and_glossary_sections_link_only_to_what_the_page_holds(name: str) -> None:
    from journeymap.io import load
    shown = parse(render(load(ROOT / "examples" / f"{name}.yaml"), format="html"))
    sections = [n.attrs["id"] for n in shown.iter("section")]
    assert sections[-5:] == ["outcomes", "plan", "people", "words", "glossary"]
    nav = [a.attrs["href"] for a in next(shown.iter("nav")).iter("a")]
    assert {"#outcomes", "#plan", "#glossary"} <= set(nav)
    ids = {n.attrs["id"] for n in shown.iter() if "id" in n.attrs}
    plan_links = [a.attrs["href"][1:] for a in section(shown, "plan").iter("a")]
    assert plan_links and set(plan_links) <= ids  # every action's addresses lead somewhere on the page
    for part in shown.iter("section"):  # each term linked to the glossary at most once in a section
        terms = [a.attrs["href"] for a in part.iter("a") if "term" in a.classes]
        assert len(terms) == len(set(terms)), part.attrs["id"]
        assert {t[1:] for t in terms} <= ids
    assert any("term" in a.classes for a in section(shown, "findings").iter("a"))


def test_a_map_with_neither_outcomes_nor_actions_says_what_to_do(page: Node) -> None:
    assert "None recorded (outcomes say" in section(page, "outcomes").words()
    assert section(page, "plan").words() == ("Action plan No action plan yet: journeymap plan MAP drafts one from "
                                             "the findings.")
    assert len(list(section(page, "glossary").iter("dt"))) > 15


def test_a_constrained_holder_and_tokenism_are_explained_in_the_legend_and_said_in_the_table() -> None:
    dev = Actor(id="dev", name="Dev", role="carer", willingness="weekly", constraints=["works nights"])
    sam = Actor(id="sam", name="Sam", role="professional")
    journey = Journey(title="T", persona="dev", actors=[dev, sam], assets=[Asset(id="k", holder="dev", kind="skills")],
                      stages=[Stage(name="S", touchpoints=[Touchpoint(id="panel", name="Panel", actors=["sam"],
                                                                      involvement="co_design")])])
    findings = analyse(journey)
    assert findings.tokenism and findings.unused_assets[0].grade.name == "CONSTRAINED"
    page = parse(render(journey, format="html"))
    legend = section(page, "legend").words()
    assert "holder is willing but cannot do more" in legend and "a TOKENISM badge" in legend
    assert "yes, weekly, but cannot: works nights" in section(page, "findings").words()


def test_the_findings_list_tokenism_and_chokepoints_as_analyse_does() -> None:
    from journeymap.io import load

    journey = load(Path(__file__).resolve().parent.parent / "examples" / "sight_loss.yaml")
    found = analyse(journey)
    page = parse(render(journey, format="html"))
    words = section(page, "findings").words()
    assert f"{len(found.chokepoints)} chokepoints" in words
    for chokepoint in found.chokepoints:
        assert chokepoint.touchpoint.name in words
    assert "None: citizens take part wherever co-design or co-production is claimed." in words
    dev = Actor(id="dev", name="Dev", role="carer")
    panel = Journey(title="T", persona="dev", actors=[dev, Actor(id="sam", name="Sam", role="professional")],
                    stages=[Stage(name="S", touchpoints=[Touchpoint(id="panel", name="Design panel", actors=["sam"],
                                                                    involvement="co_design")])])
    tokenism = section(parse(render(panel, format="html")), "findings").words()
    assert "1 tokenistic touchpoint" in tokenism and "Design panel" in tokenism
