"""The HTML report in a real browser: Debian's Chromium, driven by Playwright, audited by axe-core.

``make test`` installs all three (chromium with apt-get, axe-core with npm into .tools/, playwright
from the test extras). Nothing here is ever skipped: a missing piece fails with what to run.
Set JOURNEYMAP_CHROMIUM or JOURNEYMAP_AXE to use a browser or an axe.min.js elsewhere.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from journeymap.errors import JourneyMapWarning, RenderError
from journeymap.model import Journey
from journeymap.rendering import VIEWS, engine, render
from strategies import design_example
from test_flow import generated
from test_html import hostile_journey

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(os.environ.get("JOURNEYMAP_AXE", ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"))
SCREENSHOT = Path("/tmp/journeymap-report.png")  # kept after the run, for a person to look at
VIEWPORT = {"width": 1280, "height": 900}


@attrs.define
class Visit:
    """A report loaded in a page, and everything the page reported while loading it."""

    page: Any
    url: str
    console: list[tuple[str, str]] = attrs.field(factory=list)
    errors: list[str] = attrs.field(factory=list)
    dialogs: list[str] = attrs.field(factory=list)
    requests: list[str] = attrs.field(factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


def visit(browser: Any, report: Path, *, bypass_csp: bool = False) -> Iterator[Visit]:
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=bypass_csp)
    page = context.new_page()
    seen = Visit(page=page, url=report.as_uri())
    page.on("console", lambda message: seen.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen.requests.append(request.url))
    page.goto(seen.url, wait_until="load")
    yield seen
    context.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "sight_loss.html"
    from journeymap.io import load  # io sits above render; only the test joins them
    path.write_bytes(render(load(ROOT / "examples" / "sight_loss.yaml"), format="html"))
    return path


@pytest.fixture(scope="module")
def loaded(browser: Any, report_file: Path) -> Iterator[Visit]:
    yield from visit(browser, report_file)  # with the report's own Content-Security-Policy in force


def test_the_report_loads_without_errors_or_requests(loaded: Visit) -> None:
    assert loaded.errors == []
    assert loaded.console_errors == []  # a blocked load or script would show here, as a CSP violation
    assert loaded.requests == [loaded.url]  # nothing fetched but the file itself
    assert loaded.page.title() == "Living well with sight loss — journey map report"


# The smallest text a diagram draws, in CSS pixels on screen: its font size in the SVG's user units (points, as
# Graphviz writes them) times the pixels the drawing takes per unit.
SMALLEST_TEXT = """svg => {
    const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size")));
    return Math.min(...sizes) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
}"""


def test_every_view_is_visible_and_readable_where_it_stands(loaded: Visit) -> None:
    page = loaded.page
    for name in VIEWS:
        pane, svg = page.locator(f"#view_{name} .diagram"), page.locator(f"#view_{name} svg")
        assert svg.count() == 1
        assert svg.is_visible(), name
        box = svg.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100, (name, box)
        assert pane.bounding_box()["width"] <= VIEWPORT["width"], name  # wider diagrams scroll in their pane
        assert svg.evaluate(SMALLEST_TEXT) >= 9 - 0.01, name  # no text below 9 px without zooming in
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]


def test_a_screenshot_is_taken(loaded: Visit, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    loaded.page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    shutil.copyfile(shot, SCREENSHOT)


def test_diagrams_zoom_and_pan_without_a_script(browser: Any, report_file: Path) -> None:
    for seen in visit(browser, report_file):
        page = seen.page
        pane, svg = page.locator("#view_flow .diagram"), page.locator("#view_flow svg")
        natural = svg.evaluate("svg => svg.width.baseVal.valueInSpecifiedUnits") * 4 / 3  # its pt in CSS px
        readable = svg.bounding_box()["width"]
        assert readable == pytest.approx(natural * 0.75, abs=1) and readable > pane.bounding_box()["width"]
        node = page.locator("#flow-touchpoint-group")  # at the far end of the journey: scrolled to, not shrunk
        before = node.bounding_box()["x"]
        assert pane.evaluate("pane => { pane.scrollLeft = 400; return pane.scrollLeft; }") == 400
        assert node.bounding_box()["x"] == pytest.approx(before - 400, abs=1)
        page.get_by_label("Whole diagram").first.check()
        whole = svg.bounding_box()
        inside = pane.evaluate("pane => [pane.clientWidth, pane.clientHeight, pane.scrollWidth, pane.scrollHeight]")
        assert whole["width"] < readable and inside[2:] == inside[:2]  # all of it in view: nothing to scroll
        page.get_by_label("Full size").first.check()
        assert svg.bounding_box()["width"] == pytest.approx(natural, abs=1)
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]


def test_diagrams_highlight_on_hover(browser: Any, report_file: Path) -> None:
    for seen in visit(browser, report_file):
        node = seen.page.locator("#flow-touchpoint-clinic")
        node.hover()
        assert "drop-shadow" in node.evaluate("element => getComputedStyle(element).filter")
        assert "Told nothing more can be done" in (node.locator("a").first.get_attribute("xlink:title") or "")


def test_a_narrow_screen_never_scrolls_the_page_sideways(browser: Any, report_file: Path) -> None:
    for seen in visit(browser, report_file):
        seen.page.set_viewport_size({"width": 400, "height": 800})
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= 400  # wide tables scroll in place


def axe_violations(browser: Any, report: Path) -> dict[str, list[str]]:
    """axe-core's violations in the report, by impact; the minor and moderate ones printed."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}; run 'make test' (it runs npm install axe-core) "
                    "or set JOURNEYMAP_AXE")
    by_impact: dict[str, list[str]] = {}
    for seen in visit(browser, report, bypass_csp=True):  # the report forbids scripts, axe's too
        seen.page.add_script_tag(path=str(AXE))
        results = seen.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in results["violations"]:
            by_impact.setdefault(violation["impact"] or "unknown", []).append(
                f"{violation['id']} ({len(violation['nodes'])}): {violation['help']}")
        print(f"axe-core {results['testEngine']['version']}: {len(results['passes'])} rules passed; violations:",
              {impact: len(found) for impact, found in by_impact.items()} or "none")
        for impact in ("minor", "moderate"):
            for line in by_impact.get(impact, []):
                print(f"  {impact}: {line}")
    return by_impact


def test_axe_finds_no_serious_or_critical_violation(browser: Any, report_file: Path) -> None:
    by_impact = axe_violations(browser, report_file)
    assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


def test_hostile_labels_never_run(browser: Any, tmp_path: Path) -> None:
    text = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
            '"><svg onload="window.__pwned=3"></title><script>alert(4)</script>')
    journey = attrs.evolve(hostile_journey(text), title=text)
    path = tmp_path / "hostile.html"
    path.write_bytes(render(journey, format="html"))
    # The page's own policy would block an injected script anyway; bypass it, so the escaping alone is tested.
    for seen in visit(browser, path, bypass_csp=True):
        page = seen.page
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert seen.dialogs == [] and seen.errors == [] and seen.console_errors == []
        assert seen.requests == [seen.url]  # no <img src=x> came to life
        assert page.locator("h1").inner_text() == text
        assert page.locator("script, img").count() == 0


def test_the_design_example_passes_too(browser: Any, tmp_path: Path) -> None:
    journey: Journey = design_example()
    path = tmp_path / "design.html"
    path.write_bytes(render(journey, format="html", theme="print"))
    for seen in visit(browser, path):
        assert seen.errors == [] and seen.console_errors == []
        assert seen.page.locator("svg[role=img]").count() == len(VIEWS)


def test_a_report_with_survey_results_is_axe_clean_with_its_tables_of_them(browser: Any, tmp_path: Path) -> None:
    from journeymap import load

    path = tmp_path / "evidence.html"
    path.write_bytes(render(load(ROOT / "examples" / "sight_loss_evidence.yaml"), format="html"))
    for seen in visit(browser, path):
        assert seen.errors == [] and seen.console_errors == []
        assert seen.page.locator("#words table").count() == 2  # the willingness and the Likert answers, as text
    by_impact = axe_violations(browser, path)
    assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


# -- a report at any size ------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "generated_300.html"
    path.write_bytes(render(generated(300), format="html"))
    return path


def test_a_300_touchpoint_report_has_every_view_readable_and_opens_cleanly(browser: Any, large_report: Path) -> None:
    for seen in visit(browser, large_report):
        page = seen.page
        assert seen.errors == [] and seen.console_errors == [] and seen.requests == [seen.url]
        for name in VIEWS:
            svg = page.locator(f"#view_{name} svg")
            assert svg.count() == 1 and svg.is_visible(), name
            assert svg.evaluate(SMALLEST_TEXT) >= 9 - 0.01, name
            assert page.locator(f"#view_{name} .diagram").bounding_box()["width"] <= VIEWPORT["width"], name
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
        page.get_by_label("Whole diagram").first.check()  # the whole flow in its pane, for an overview
        inside = page.locator("#view_flow .diagram").evaluate(
            "pane => [pane.clientWidth, pane.clientHeight, pane.scrollWidth, pane.scrollHeight]")
        assert inside[2:] == inside[:2]
        page.screenshot(path=str(large_report.with_suffix(".png")))
    by_impact = axe_violations(browser, large_report)
    assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


def test_a_report_with_a_view_left_out_opens_cleanly(browser: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run = engine.run

    def flow_fails(source: str, format: str, **options: Any) -> engine.Output:
        if 'class="journeymap flow"' in source:
            raise RenderError("Graphviz took longer than 120 s to draw the svg")
        return run(source, format, **options)

    monkeypatch.setattr(engine, "run", flow_fails)
    path = tmp_path / "left_out.html"
    with pytest.warns(JourneyMapWarning, match="leaves out the flow view"):
        path.write_bytes(render(design_example(), format="html"))
    for seen in visit(browser, path):
        page = seen.page
        assert seen.errors == [] and seen.console_errors == []
        note = page.locator("#view_flow").get_by_role("note")
        assert note.is_visible() and "took longer than 120 s" in note.inner_text()
        assert page.locator("#view_flow svg").count() == 0 and page.locator("svg[role=img]").count() == len(VIEWS) - 1
    by_impact = axe_violations(browser, path)
    assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


# -- the action plan on paper, and the new sections audited ----------------------------------


def printed_plan_pages(browser: Any, report: Path, pdf: Path) -> list[int]:
    """The pages of the report printed to A4 (as Chromium prints it) that hold any of the action plan's boxes."""
    from pypdf import PdfReader
    for seen in visit(browser, report):
        seen.page.emulate_media(media="print")
        seen.page.pdf(path=str(pdf), format="A4")
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    boxes = ("I will do within a week", "I will do within a month", "Others in my organisation should",
             "People in partner organisations should")
    return [n for n, text in enumerate(texts) if set(boxes) & {line.strip() for line in text.splitlines()}]


def full_plan() -> Journey:
    """The sight-loss map with a crowded plan: three long actions in every box, one of each status."""
    from journeymap import Action, load
    journey = load(ROOT / "examples" / "sight_loss.yaml")
    statuses = ["todo", "doing", "done", "dropped"]
    actions = [Action(id=f"a{box}{n}", horizon=horizon, status=statuses[(box + n) % 4], due="2027-03-31",
                      owner="Eye clinic liaison officer and the adult social care team",
                      text=f"Action {n + 1}: ask the Macular support group and the volunteers' coordinator to meet "
                           "newly diagnosed people at the eye clinic on clinic days, every week",
                      addresses=["club_network", "clinic", "friends", "know_how"])
               for box, horizon in enumerate(["week", "month", "organisation", "partners"]) for n in range(3)]
    return journey.replace(actions=actions)


def test_the_action_plan_prints_on_one_a4_page_of_its_own(browser: Any, report_file: Path, tmp_path: Path) -> None:
    pages = printed_plan_pages(browser, report_file, tmp_path / "sight_loss.pdf")
    assert len(pages) == 1, pages
    crowded = tmp_path / "crowded.html"
    crowded.write_bytes(render(full_plan(), format="html"))
    assert len(printed_plan_pages(browser, crowded, tmp_path / "crowded.pdf")) == 1  # twelve long actions fit too
    from pypdf import PdfReader
    texts = [page.extract_text() for page in PdfReader(tmp_path / "crowded.pdf").pages]
    plan = next(n for n, text in enumerate(texts) if "I will do within a week" in text.splitlines())
    assert texts[plan].lstrip().startswith("Action plan")  # starts its page
    assert all(f"Action {n}" not in texts[plan + 1] for n in (1, 2, 3))  # and nothing of it spills over
    assert " ".join(texts[plan].split()).count("and the adult social care team") == 12  # (PDF text has ligatures: no "fi")


def test_printed_tables_keep_their_last_columns_and_diagrams_get_landscape_pages(browser: Any,
                                                                              tmp_path: Path) -> None:
    # On screen a wide table scrolls in its own box; on paper that box cut its last columns off.
    from pypdf import PdfReader

    from journeymap.io import load
    from test_html_progress import TO_BE, versions

    path, pdf = tmp_path / "progress.html", tmp_path / "progress.pdf"
    path.write_bytes(render(load(TO_BE), format="html", history=versions()))
    for seen in visit(browser, path):
        seen.page.emulate_media(media="print")
        seen.page.set_viewport_size({"width": 718, "height": 1000})  # A4's width, less the margins, at 96 dpi
        hidden = seen.page.evaluate("[...document.querySelectorAll('.scroll')].filter(e => e.scrollWidth > "
                                    "e.clientWidth + 1).map(e => e.querySelector('caption')?.textContent)")
        assert hidden == []  # no table's last columns hidden in a box that cannot scroll on paper
        seen.page.pdf(path=str(pdf), format="A4")
    pages = PdfReader(pdf).pages
    shapes = {(float(page.mediabox.width) > float(page.mediabox.height)) for page in pages}
    assert shapes == {True, False}  # the diagrams' pages landscape, the rest portrait


def test_the_new_sections_are_visible_linked_and_axe_clean(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "crowded.html"
    path.write_bytes(render(full_plan(), format="html", theme="colourblind"))
    for seen in visit(browser, path):
        page = seen.page
        assert seen.errors == [] and seen.console_errors == []
        for ident in ("outcomes", "plan", "glossary"):
            assert page.locator(f"#{ident}").is_visible(), ident
        boxes = [page.locator(".box").nth(n).bounding_box() for n in range(4)]
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]  # two by two on a wide screen
        assert boxes[2]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
        done = page.locator(".action.done .text").first
        assert "line-through" in done.evaluate("e => getComputedStyle(e).textDecorationLine")
        page.locator("#plan a[href='#outcome_friends']").first.click()
        assert page.evaluate("location.hash") == "#outcome_friends"
        page.locator("#findings a.term").first.click()
        assert page.evaluate("location.hash").startswith("#term_")
        page.set_viewport_size({"width": 400, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        page.locator("#plan").screenshot(path=str(SCREENSHOT.with_name("journeymap-plan-narrow.png")))
    by_impact = axe_violations(browser, path)
    assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


def test_the_progress_section_shows_its_trend_and_is_axe_clean(browser: Any, tmp_path: Path) -> None:
    from journeymap.io import load
    from test_html_progress import TO_BE, versions

    for theme in ("default", "colourblind", "print"):
        path = tmp_path / f"progress.{theme}.html"
        path.write_bytes(render(load(TO_BE), format="html", theme=theme, history=versions()))
        for seen in visit(browser, path):
            page = seen.page
            assert seen.errors == [] and seen.console_errors == []
            trend = page.locator("#progress svg[role=img]")
            assert trend.count() == 1 and trend.bounding_box()["width"] > 300
            page.locator("#progress").screenshot(path=str(SCREENSHOT.with_name(f"journeymap-progress-{theme}.png")))
            page.locator("a[href='#progress']").click()
            assert page.evaluate("location.hash") == "#progress"
        by_impact = axe_violations(browser, path)
        assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact


def test_the_records_section_shows_its_paths_and_is_axe_clean(browser: Any, tmp_path: Path) -> None:
    from journeymap.io import load

    journey = load(ROOT / "tests" / "data" / "records" / "report_map.yaml")
    assert journey.evidence is not None
    # The fourth path made twelve steps ending as no other does: its middle is counted, its every step folded.
    fourth = journey.evidence.variants[3]
    variants = list(journey.evidence.variants)
    variants[3] = attrs.evolve(fourth, touchpoints=(*fourth.touchpoints[:-1], "first_visit", "closed"))
    journey = journey.replace(evidence=attrs.evolve(journey.evidence, variants=variants))
    for theme in ("default", "colourblind", "print"):
        path = tmp_path / f"records.{theme}.html"
        path.write_bytes(render(journey, format="html", theme=theme))
        for seen in visit(browser, path):
            page = seen.page
            assert seen.errors == [] and seen.console_errors == []
            records = page.locator("#records")
            steps = records.locator("details ol li")
            assert steps.first.is_hidden()  # a long path's every step, folded
            records.locator("details summary").first.click()
            assert steps.first.is_visible()
            bars = records.locator("td span[aria-hidden=true]")
            widths = [bars.nth(n).locator("span").bounding_box()["width"] for n in range(bars.count())]
            assert len(widths) == 5 and widths == sorted(widths, reverse=True) and widths[-1] > 0
            lefts = {round(bars.nth(n).bounding_box()["x"]) for n in range(bars.count())}
            assert len(lefts) == 1  # every bar starts at the same place
            records.screenshot(path=str(SCREENSHOT.with_name(f"journeymap-records-{theme}.png")))
            page.locator("a[href='#records']").click()
            assert page.evaluate("location.hash") == "#records"
        by_impact = axe_violations(browser, path)
        assert not by_impact.get("serious") and not by_impact.get("critical"), by_impact
