"""journeymap serve in a real browser (Debian's Chromium through Playwright, as tests/test_browser.py drives it):
the page follows the file as it is edited, broken, fixed and saved twice in quick succession, with its CSP in
force, and axe-core finds nothing serious. Never skipped; every wait is for a condition, never for a time."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from test_browser import AXE, VIEWPORT
from test_serve import BAD_ROLE, EXAMPLE, JOURNEYMAP, edited, free_port, save

SCREENSHOT = Path("/tmp/journeymap-serve.png")  # the page with an error showing, kept for a person to look at
WAIT_MS = 30_000  # only a hang reaches it: each step takes well under a second


@attrs.frozen
class Served:
    """``journeymap serve`` running on a free port: its process, URL and map."""

    process: subprocess.Popen[str]
    url: str
    map: Path


def start(path: Path, port: int = 0) -> Served:
    """``journeymap serve`` on ``port`` (0: a free one), once it has printed its URL."""
    process = subprocess.Popen([str(JOURNEYMAP), "serve", str(path), "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
    if not found:
        process.kill()  # a failing test leaves no server behind
        process.communicate(timeout=60)
    assert found, "serve printed no URL"
    return Served(process, found[0], path)


def stop(served: Served) -> None:
    """Ctrl-C, and the exit it gives."""
    served.process.send_signal(signal.SIGINT)
    served.process.communicate(timeout=60)
    assert served.process.returncode == 130


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "sight_loss.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    running = start(path)
    yield running
    stop(running)


def drawn_generation(page: Any) -> int:
    return int(re.search(r"[?&]g=(\d+)", page.get_attribute("#drawing", "src"))[1])  # type: ignore[index]


def wait_for_drawing_after(page: Any, generation: int) -> int:
    """Wait until the page shows a drawing of a newer map than ``generation``, the newest it has heard of."""
    page.wait_for_function(
        """after => { const shown = document.getElementById("drawing");
                      const g = Number((shown.src.match(/[?&]g=(\\d+)/) || [0, 0])[1]);
                      return g > after && !shown.hidden && shown.complete && shown.naturalWidth > 0
                             && String(g) === document.body.dataset.drawn; }""", arg=generation, timeout=WAIT_MS)
    return drawn_generation(page)


def drawing_text(page: Any) -> str:
    """The SVG the page shows, fetched again by its URL (the server draws each map once: the same bytes)."""
    return str(page.evaluate("async () => (await fetch(document.getElementById('drawing').src)).text()"))


def test_the_page_follows_the_file_through_edits_errors_and_quick_saves(browser: Any, served: Served) -> None:
    context = browser.new_context(viewport=VIEWPORT)  # the server's CSP in force
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.goto(served.url)

    first = wait_for_drawing_after(page, 0)
    assert page.get_attribute("#drawing", "alt") == "Living well with sight loss — The journey as a flow"
    assert "Eye clinic appointment" in drawing_text(page)
    assert "unused" in page.text_content("#summary")  # the findings in brief
    assert page.is_hidden("#errors")

    save(served.map, edited(served.map, "Eye clinic appointment", "Eye clinic visit"))
    edited_one = wait_for_drawing_after(page, first)
    assert "Eye clinic visit" in drawing_text(page) and "Eye clinic appointment" not in drawing_text(page)

    save(served.map, edited(served.map, *BAD_ROLE))
    page.wait_for_selector("#errors", state="visible", timeout=WAIT_MS)
    assert page.text_content("#error-list li") == (
        f"{served.map}:13:47: error: unknown role 'carr' (at actors[1].role); did you mean 'carer'?")
    assert page.text_content("#errors-heading") == "The map has 1 error"
    assert page.is_visible("#drawing") and drawn_generation(page) == edited_one  # the last good drawing stays
    assert "Eye clinic visit" in drawing_text(page)
    assert page.text_content("#caption") == "The journey as a flow: the last valid version of the map"
    page.screenshot(path=str(SCREENSHOT))
    audited = axe_violations(browser, served.url)
    assert not audited.get("serious") and not audited.get("critical"), audited

    save(served.map, edited(served.map, BAD_ROLE[1], BAD_ROLE[0]).replace("Eye clinic visit", "Eye clinic review"))
    fixed = wait_for_drawing_after(page, edited_one)
    page.wait_for_selector("#errors", state="hidden", timeout=WAIT_MS)
    assert "Eye clinic review" in drawing_text(page)

    text = served.map.read_text(encoding="utf-8")
    save(served.map, text.replace("Eye clinic review", "Alpha").replace("Living well with sight loss", "Quick A"))
    save(served.map, text.replace("Eye clinic review", "Bravo").replace("Living well with sight loss", "Quick B"))
    page.wait_for_function("() => document.getElementById('title').textContent === 'Quick B'", timeout=WAIT_MS)
    wait_for_drawing_after(page, fixed)
    final = drawing_text(page)
    assert "Bravo" in final and "Alpha" not in final
    assert page.get_attribute("#drawing", "alt") == "Quick B — The journey as a flow"

    page.select_option("#view", "star")
    page.wait_for_function("() => document.getElementById('drawing').src.includes('view=star')", timeout=WAIT_MS)
    assert page.get_attribute("#drawing", "alt") == "Quick B — The Co-production Star"
    assert console == []  # nothing blocked by the CSP, no script error
    context.close()


def test_views_switched_by_keyboard_while_drawing_ask_for_one_drawing_at_a_time(browser: Any, served: Served) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(served.url)
    wait_for_drawing_after(page, 0)
    boxes = [page.locator(selector).bounding_box() for selector in ("#fit", "label[for=fit]")]
    assert abs(boxes[0]["y"] + boxes[0]["height"] / 2 - boxes[1]["y"] - boxes[1]["height"] / 2) < 4  # one line
    held: list[Any] = []  # the server's drawings, held back as if Graphviz were slow
    page.route("**/drawing.svg?*", lambda route: held.append(route))
    page.focus("#view")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # canvas, star, gap
    page.wait_for_function("() => document.getElementById('view').value === 'gap'", timeout=WAIT_MS)
    assert [re.search(r"view=(\w+)", route.request.url)[1] for route in held] == ["canvas"]  # not star, not gap
    held[0].continue_()  # canvas comes, too late to be shown: gap is asked for
    for _ in range(WAIT_MS // 20):
        if len(held) > 1:
            break
        page.wait_for_timeout(20)  # lets Playwright call the route with the next request
    assert [re.search(r"view=(\w+)", route.request.url)[1] for route in held] == ["canvas", "gap"]
    held[1].continue_()
    page.wait_for_function("() => { const shown = document.getElementById('drawing');"
                           "  return shown.src.includes('view=gap') && shown.complete; }", timeout=WAIT_MS)
    assert page.get_attribute("#drawing", "alt") == "Living well with sight loss — The perception gap"
    context.close()


def test_a_preview_started_anew_on_the_same_port_is_drawn_afresh(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "sight_loss.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    port = free_port()
    running = start(path, port)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(running.url)
        assert wait_for_drawing_after(page, 0) == 1
        page.evaluate("() => { document.getElementById('drawing').dataset.before = 'yes'; }")
        stop(running)
        page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Not connected')",
                               timeout=WAIT_MS)
        save(path, edited(path, "Eye clinic appointment", "Eye clinic after the restart"))
        running = start(path, port)  # generation 1 again, of another map: the same URL, another drawing
        page.wait_for_function("() => { const shown = document.getElementById('drawing');"
                               "  return shown.dataset.before === undefined && shown.complete; }", timeout=WAIT_MS)
        assert "Eye clinic after the restart" in drawing_text(page)
    finally:
        context.close()
        stop(running)


def axe_violations(browser: Any, url: str) -> dict[str, list[str]]:
    """axe-core's violations on the page once its first reading is shown, by impact."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}; run 'make test' (it runs npm install axe-core)")
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)  # the page allows only its own script
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => document.body.dataset.generation !== undefined", timeout=WAIT_MS)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    by_impact: dict[str, list[str]] = {}
    for violation in results["violations"]:
        by_impact.setdefault(violation["impact"] or "unknown", []).append(
            f"{violation['id']} ({len(violation['nodes'])}): {violation['help']}")
    print("axe-core violations:", {impact: found for impact, found in by_impact.items()} or "none")
    return by_impact
