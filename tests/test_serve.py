"""journeymap serve, the live preview: its state and generations, the watcher, the routes and their headers, and the
command (a port in use, a missing or invalid map, Ctrl-C). The page in a real browser: tests/test_serve_browser.py."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journeymap.cli import main
from journeymap.io import load
from journeymap.rendering import THEMES, VIEWS, render
from journeymap.serve.handler import CSP, MAX_EVENT_STREAMS, PreviewHandler, PreviewServer, drawing_query
from journeymap.serve.page import page
from journeymap.serve.server import listen
from journeymap.serve.state import Preview, Reading
from journeymap.serve.watcher import Watcher, watched_files

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sight_loss.yaml"
JOURNEYMAP = Path(sys.executable).with_name("journeymap")
BAD_ROLE = ("role: carer", "role: carr")  # line 13 of the example: an unknown role, 'carer' suggested


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "sight_loss.yaml"
    shutil.copyfile(EXAMPLE, path)
    return path


def save(path: Path, text: str) -> None:
    """Save as editors do: write a new file beside it, then rename it over the old."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as beside:
        beside.write(text)
    os.replace(beside.name, path)


def edited(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# The state: readings, generations, the last good drawing


def test_each_reading_has_the_next_generation_and_an_invalid_one_keeps_the_last_good_map(map_file: Path) -> None:
    preview = Preview(map_file)
    first = preview.reload()
    assert (first.generation, first.drawn, first.errors) == (1, 1, ())
    assert first.title == "Living well with sight loss" and first.summary is not None
    assert "unused" in first.summary
    save(map_file, edited(map_file, *BAD_ROLE))
    broken = preview.reload()
    assert (broken.generation, broken.drawn, broken.title) == (2, 1, first.title)  # the last good map, still drawn
    assert broken.summary == first.summary and broken.warnings == ()
    save(map_file, edited(map_file, BAD_ROLE[1], BAD_ROLE[0]).replace("Living well with sight loss", "Seeing again"))
    fixed = preview.reload()
    assert (fixed.generation, fixed.drawn, fixed.errors, fixed.title) == (3, 3, (), "Seeing again")


def test_the_errors_are_exactly_what_check_prints(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save(map_file, edited(map_file, *BAD_ROLE).replace("kind: time", "kind: tmie", 1))
    reading = Preview(map_file).reload()
    assert main(["check", str(map_file)]) == 2
    printed = capsys.readouterr().out
    assert "\n".join(reading.errors) + "\n" == printed
    assert reading.errors[0] == (f"{map_file}:13:47: error: unknown role 'carr' (at actors[1].role); "
                                 "did you mean 'carer'?")
    assert reading.drawn is None and reading.title is None and reading.summary is None


def test_the_warnings_are_exactly_what_check_prints(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reading = Preview(map_file).reload()
    assert main(["check", str(map_file)]) == 1
    assert reading.warnings and "\n".join(reading.warnings) + "\n" == capsys.readouterr().out


def test_a_file_gone_for_a_moment_is_an_error_and_the_drawing_stays(map_file: Path) -> None:
    preview = Preview(map_file)
    preview.reload()
    map_file.unlink()
    gone = preview.reload()
    assert gone.drawn == 1 and gone.errors == (f"{map_file}: error: cannot read the map: No such file or directory",)
    assert preview.drawing("flow", "default") is not None


def test_a_drawing_is_the_svg_render_gives_made_once_a_generation(map_file: Path) -> None:
    preview = Preview(map_file)
    assert preview.drawing("flow", "default") is None  # nothing read yet: nothing to draw
    preview.reload()
    drawing = preview.drawing("star", "print")
    assert drawing is not None and drawing.generation == 1
    assert drawing.svg == render(load(map_file), "star", "svg", theme="print")
    assert preview.drawing("star", "print") is drawing  # drawn once
    save(map_file, edited(map_file, "Eye clinic appointment", "Eye clinic visit"))
    preview.reload()
    again = preview.drawing("star", "print")
    assert again is not None and again.generation == 2 and again is not drawing
    save(map_file, edited(map_file, *BAD_ROLE))
    preview.reload()
    assert preview.drawing("star", "print") is again  # invalid: the last good drawing stays


def test_readings_at_once_are_serialized_and_the_last_is_the_file_as_it_was_last_saved(map_file: Path) -> None:
    preview = Preview(map_file)
    text = map_file.read_text(encoding="utf-8")

    def save_and_read(name: str) -> Reading:
        save(map_file, text.replace("Living well with sight loss", name))
        return preview.reload()

    readings: list[Reading] = []
    threads = [threading.Thread(target=lambda n=n: readings.append(save_and_read(f"Version {n}"))) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.generation for r in readings) == [1, 2, 3, 4, 5, 6]  # one at a time, each its own generation
    final = save_and_read("The last save")
    assert (final.generation, final.drawn, final.title) == (7, 7, "The last save")
    drawing = preview.drawing("flow", "default")
    assert drawing is not None and b"The last save" in (drawing.svg or b"")


def test_a_waiter_gets_the_newer_reading_or_nothing(map_file: Path) -> None:
    preview = Preview(map_file)
    preview.reload()
    assert preview.wait(1, timeout=0.05) is None
    assert preview.wait(0, timeout=0.05) == preview.reading
    got: list[Reading | None] = []
    waiter = threading.Thread(target=lambda: got.append(preview.wait(1, timeout=60)))
    waiter.start()
    preview.reload()
    waiter.join(60)
    assert got and got[0] is not None and got[0].generation == 2
    stopped = threading.Thread(target=lambda: got.append(preview.wait(2, timeout=60)))
    stopped.start()
    preview.close()
    stopped.join(60)
    assert not stopped.is_alive() and got[1] is None


def test_a_reading_travels_as_one_line_of_json() -> None:
    reading = Reading(generation=3, drawn=2, title="T — ü", summary="s", errors=("a:1:2: error: x",), warnings=())
    line = reading.to_json()
    assert "\n" not in line and json.loads(line) == {"generation": 3, "drawn": 2, "title": "T — ü", "summary": "s",
                                                     "errors": ["a:1:2: error: x"], "warnings": []}


# The watcher


def test_the_map_is_watched_by_its_name_and_through_a_link(tmp_path: Path, map_file: Path) -> None:
    link = tmp_path / "linked" / "map.yaml"
    link.parent.mkdir()
    link.symlink_to(map_file)
    assert watched_files(link) == (link, map_file)
    assert watched_files(map_file) == (map_file,)
    watcher = Watcher(watched_files(link), lambda: None)
    assert watcher.concerns(str(link)) and watcher.concerns(str(map_file))
    assert not watcher.concerns(str(tmp_path / "sight_loss.yaml.swp"))
    assert not watcher.concerns(str(tmp_path / "other.yaml"))


def test_a_save_by_rename_is_seen_and_a_neighbour_is_not(map_file: Path) -> None:
    seen = threading.Event()
    calls: list[int] = []
    watcher = Watcher(watched_files(map_file), lambda: (calls.append(1), seen.set()))
    watcher.start()
    try:
        (map_file.parent / "notes.txt").write_text("not the map")
        save(map_file, edited(map_file, "Eye clinic appointment", "Eye clinic visit"))
        assert seen.wait(30), "the save was not seen"
    finally:
        watcher.stop()
    assert calls == [1]  # the neighbour and the save's temporary file are not the map


def test_a_folder_deleted_and_made_anew_is_watched_again(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    map_path = folder / "sight_loss.yaml"
    shutil.copyfile(EXAMPLE, map_path)
    back = threading.Event()

    def changed() -> None:
        if map_path.exists() and "Back again" in map_path.read_text(encoding="utf-8"):
            back.set()

    watcher = Watcher(watched_files(map_path), changed)
    watcher.start()
    try:
        shutil.rmtree(folder)  # as a branch switched, or a folder moved away and back
        folder.mkdir()
        map_path.write_text("journeymap: 1\ntitle: Back again\n", encoding="utf-8")
        assert back.wait(30), "the map in the folder made anew was not seen"
        back.clear()
        save(map_path, "journeymap: 1\ntitle: Back again, edited\n")
        assert back.wait(30), "a save in the folder made anew was not seen"
    finally:
        watcher.stop()


# The routes


@pytest.fixture
def server(map_file: Path) -> Iterator[PreviewServer]:
    preview = Preview(map_file)
    preview.reload()
    running = listen(preview, page(map_file, "canvas", "print"))
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    preview.close()
    running.shutdown()
    running.server_close()


def fetch(server: PreviewServer, path: str, method: str = "GET",
          host: str | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    """A request for ``path`` exactly as written (no client tidies it), and the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    connection.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer, body


@pytest.mark.parametrize(("path", "kind"), [("/", "text/html; charset=utf-8"),
                                            ("/page.js", "text/javascript; charset=utf-8"),
                                            ("/page.css", "text/css; charset=utf-8"),
                                            ("/drawing.svg?view=flow&theme=default&g=1", "image/svg+xml")])
def test_each_route_answers_with_its_kind_and_the_strict_headers(server: PreviewServer, path: str, kind: str) -> None:
    answer, body = fetch(server, path)
    assert answer.status == 200 and answer.getheader("Content-Type") == kind and body
    assert answer.getheader("Content-Security-Policy") == CSP
    assert "unsafe-inline" not in CSP and "default-src 'none'" in CSP
    assert answer.getheader("X-Content-Type-Options") == "nosniff"
    assert answer.getheader("Cross-Origin-Resource-Policy") == "same-origin"  # not an <img> on a page elsewhere


def test_the_drawing_is_the_svg_render_writes(server: PreviewServer, map_file: Path) -> None:
    for view, theme in (("flow", "default"), ("canvas", "colourblind")):
        answer, body = fetch(server, f"/drawing.svg?view={view}&theme={theme}&g=7")
        assert answer.status == 200 and body == render(load(map_file), view, "svg", theme=theme)


HOSTILE = ["/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2f..%2fetc%2fpasswd",
           "//etc/passwd", "/.%2e/.%2e/etc/passwd", "/%252e%252e/etc/passwd", "/etc/passwd", "/sight_loss.yaml",
           "/index.html", "/favicon.ico", "/page.js/../../etc/passwd", "/page.css?x=1", "/events?x", "/%00",
           "/drawing.svg", "/drawing.svg?view=flow", "/drawing.svg?view=../../etc/passwd&theme=default",
           "/drawing.svg?view=flow&theme=default&file=/etc/passwd", "/drawing.svg?view=flow&view=star&theme=print",
           "/drawing.svg?view=flow&theme=default&g=-1", "/drawing.svg?view=flow&theme=default&g=1e3",
           "/drawing.png?view=flow&theme=default", "/drawing.svg/..%2f..%2fetc%2fpasswd?view=flow&theme=default"]


@pytest.mark.parametrize("path", HOSTILE)
def test_anything_else_is_not_found_and_opens_no_file(server: PreviewServer, path: str) -> None:
    answer, body = fetch(server, path)
    assert answer.status == 404, path
    assert answer.getheader("Content-Security-Policy") == CSP
    assert b"root:" not in body and b"journeymap: 1" not in body


def test_the_drawing_query_takes_known_views_and_themes_only() -> None:
    assert all(drawing_query(f"view={v}&theme={t}") == (v, t) for v in VIEWS for t in THEMES)
    assert drawing_query("theme=print&view=gap&g=12") == ("gap", "print")
    assert drawing_query("view=flow&theme=colorblind") is None  # the page asks by the theme's own name
    assert drawing_query("view=flow&theme=default&g=") is None


def test_other_methods_and_broken_requests_get_the_strict_headers_too(server: PreviewServer) -> None:
    answer, _ = fetch(server, "/", method="POST")
    assert answer.status == 405 and answer.getheader("Content-Security-Policy") == CSP
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=60) as raw:
        raw.sendall(b"GET / HTTP/1.0\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n")  # http.server answers this itself
        said = raw.makefile("rb").read().decode("latin-1")
    assert said.startswith("HTTP/1.0 431") and f"Content-Security-Policy: {CSP}\r\n" in said


def test_a_request_without_a_version_still_gets_the_strict_headers(server: PreviewServer) -> None:
    for request in (b"GET /\r\n\r\n", b"GARBAGE\r\n\r\n", b"GET / HTTP/2.0\r\n\r\n"):  # HTTP/0.9's form, junk
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=60) as raw:
            raw.sendall(request)
            said = raw.makefile("rb").read().decode("latin-1")
        assert said.startswith("HTTP/1.0 ") and f"Content-Security-Policy: {CSP}\r\n" in said, request


def test_a_page_gone_away_mid_answer_is_no_traceback(server: PreviewServer, capfd: pytest.CaptureFixture[str]) -> None:
    try:
        raise ConnectionResetError(104, "Connection reset by peer")  # as when a page drops a drawing half sent
    except ConnectionResetError:
        server.handle_error(None, ("127.0.0.1", 1))
    try:
        raise ValueError("something we did not foresee")
    except ValueError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert capfd.readouterr().err == ("journeymap: error: the preview failed to answer a request: ValueError: "
                                      "something we did not foresee\n")


def test_a_failure_while_drawing_is_a_500_under_the_csp_and_one_line(
        server: PreviewServer, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    def broken(view: str, theme: str) -> None:
        raise RuntimeError("Graphviz fell over")

    monkeypatch.setattr(server.preview, "drawing", broken)
    answer, body = fetch(server, "/drawing.svg?view=flow&theme=default&g=1")
    assert answer.status == 500 and answer.getheader("Content-Security-Policy") == CSP
    assert body == b"the preview failed to answer; the terminal running journeymap serve says why\n"
    assert capfd.readouterr().err == ("journeymap: error: the preview failed to answer a request: RuntimeError: "
                                      "Graphviz fell over\n")


def test_a_page_that_stops_taking_an_answer_is_let_go_quietly(server: PreviewServer, monkeypatch: pytest.MonkeyPatch,
                                                             capfd: pytest.CaptureFixture[str]) -> None:
    def stalled(view: str, theme: str) -> None:
        raise TimeoutError("timed out")  # as a write to a page that has stopped reading, after the timeout

    monkeypatch.setattr(server.preview, "drawing", stalled)
    with pytest.raises(http.client.RemoteDisconnected):
        fetch(server, "/drawing.svg?view=flow&theme=default&g=1")
    assert capfd.readouterr().err == ""


def test_a_connection_that_never_finishes_its_request_is_let_go(server: PreviewServer,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert PreviewHandler.timeout is not None and PreviewHandler.timeout <= 60  # no thread held for good
    monkeypatch.setattr(PreviewHandler, "timeout", 0.2)
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=60) as raw:
        raw.sendall(b"GET / HT")
        assert raw.recv(100) == b""  # closed by the server, not by this test's 60 s


def test_a_page_elsewhere_naming_itself_as_host_is_refused(server: PreviewServer) -> None:
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert fetch(server, "/", host=host)[0].status == 200
    for host in (f"evil.example:{port}", "127.0.0.1:1", f"127.0.0.1.evil.example:{port}"):
        answer, body = fetch(server, "/", host=host)
        assert answer.status == 403 and b"<html" not in body
    assert fetch(server, f"http://127.0.0.1:{port}/")[0].status == 200  # a request naming the host in its URL
    answer, body = fetch(server, f"http://evil.example:{port}/", host=f"127.0.0.1:{port}")
    assert answer.status == 403 and b"<html" not in body  # the URL's host is the one that counts


def test_the_page_is_labelled_and_holds_nothing_inline(server: PreviewServer) -> None:
    html = fetch(server, "/")[1].decode("utf-8")
    assert '<label for="view">View</label>' in html and '<label for="theme">Theme</label>' in html
    assert re.findall(r'<option value="(\w+)"', html) == [*VIEWS, *THEMES]
    assert '<option value="canvas" selected>' in html and '<option value="print" selected>' in html
    assert 'role="alert"' in html and "sight_loss.yaml" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\bstyle=|\bon\w+=", html)


def test_the_events_give_the_newest_reading_then_each_newer_one(server: PreviewServer, map_file: Path) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    connection.request("GET", "/events")
    answer = connection.getresponse()
    assert answer.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    assert answer.getheader("Content-Security-Policy") == CSP

    def next_event() -> dict[str, object]:
        fields: dict[str, str] = {}
        while (line := answer.readline().decode("utf-8").rstrip("\n")) or "data" not in fields:
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
        assert fields["event"] == "reading"
        data: dict[str, object] = json.loads(fields["data"])
        assert fields["id"] == str(data["generation"])
        return data

    assert next_event()["generation"] == 1
    save(map_file, edited(map_file, *BAD_ROLE))
    server.preview.reload()
    second = next_event()
    assert (second["generation"], second["drawn"]) == (2, 1) and "unknown role 'carr'" in str(second["errors"])
    connection.close()


def test_pages_following_at_once_are_bounded(server: PreviewServer) -> None:
    assert 8 <= MAX_EVENT_STREAMS <= 256  # a thread each: a machine beyond this one must not take them all
    server.streams = threading.BoundedSemaphore(2)
    following = []
    for _ in range(2):
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
        connection.request("GET", "/events")
        answer = connection.getresponse()
        assert answer.status == 200 and answer.readline() == b"retry: 1000\n"
        following.append(connection)
    answer, body = fetch(server, "/events")
    assert answer.status == 503 and answer.getheader("Content-Security-Policy") == CSP
    assert body == b"too many pages are following this preview; close some\n"
    for connection in following:
        connection.close()


# The command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_port_in_use_is_one_clear_message_and_exit_2(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(map_file), "--port", str(port)]) == 2
        said = capsys.readouterr()
        assert said.err == (f"journeymap: error: port {port} is in use on 127.0.0.1: give another with --port N, "
                            "or --port 0 to have a free one picked\n")
        assert said.out == ""
        assert main(["serve", str(map_file), "--port", str(port), "--host", "0.0.0.0"]) == 2
        warned = capsys.readouterr().err.splitlines()
        assert warned[0].startswith("journeymap: warning: serving on 0.0.0.0: anyone who can reach this machine")
        assert warned[1].startswith(f"journeymap: error: port {port} is in use on 0.0.0.0")


def test_a_missing_map_is_the_usual_message_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert main(["serve", str(missing), "--port", "0"]) == 2
    said = capsys.readouterr().err
    assert main(["render", str(missing)]) == 2
    assert said == capsys.readouterr().err == f"{missing}: error: cannot read the map: No such file or directory\n"


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(map_file: Path, port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", str(map_file), "--port", port])
    assert stopped.value.code == 2
    assert f"must be a port number from 0 (any free port) to 65535, not '{port}'" in capsys.readouterr().err


def started(map_file: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """``journeymap serve`` in a process of its own, on a free port, and the URL it printed."""
    process = subprocess.Popen([str(JOURNEYMAP), "serve", str(map_file), "--port", "0", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.fullmatch(rf"serving a live preview of {re.escape(str(map_file))} at (http://127\.0\.0\.1:\d+/) "
                         r"\(Ctrl-C to stop\)\n", line)
    if not found:
        process.kill()  # a failing test leaves no server behind
        process.communicate(timeout=60)
    assert found, line
    return process, found[1]


@pytest.mark.parametrize(("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_stops_it_cleanly_even_with_a_page_listening(map_file: Path, stop: signal.Signals, code: int) -> None:
    process, url = started(map_file)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    listening = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    listening.request("GET", "/events")
    stream = listening.getresponse()
    while stream.readline() != b"event: reading\n":  # the page has had its first reading
        pass
    process.send_signal(stop)  # Ctrl-C, or a service manager's stop
    out, err = process.communicate(timeout=60)
    listening.close()
    assert (process.returncode, out, err) == (code, "", "")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # the port is let go


def test_an_invalid_map_is_served_with_its_errors_on_the_page_and_the_terminal(map_file: Path) -> None:
    save(map_file, edited(map_file, *BAD_ROLE))
    process, url = started(map_file, "--view", "gap")
    try:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/drawing.svg?view=gap&theme=default")
        answer = connection.getresponse()
        assert answer.status == 404 and answer.read().startswith(b"no drawing yet")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and out == ""
    assert err.splitlines() == [
        f"{map_file}:13:47: error: unknown role 'carr' (at actors[1].role); did you mean 'carer'?",
        "journeymap: warning: the map is not valid yet; serving anyway: the page shows its errors until the file is "
        "fixed and saved"]


def test_served_beyond_this_machine_it_prints_an_address_a_browser_here_can_open(map_file: Path) -> None:
    process, url = started(map_file, "--host", "0.0.0.0")  # not http://0.0.0.0:N/, which browsers refuse
    try:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert err.startswith("journeymap: warning: serving on 0.0.0.0: anyone who can reach this machine")


def test_open_hands_the_url_to_the_web_browser(map_file: Path, tmp_path: Path,
                                               no_hang: Callable[[Callable[[], str]], str]) -> None:
    told = tmp_path / "browser-was-given.txt"
    fake_browser = f"{sys.executable} -c \"import sys; open({str(told)!r}, 'w').write(sys.argv[1])\" %s"
    process = subprocess.Popen([str(JOURNEYMAP), "serve", str(map_file), "--port", "0", "--open"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "BROWSER": fake_browser})
    try:
        assert process.stdout is not None
        url = re.search(r"http://\S+/", process.stdout.readline())

        def opened() -> str:
            while not (told.exists() and told.read_text()):
                threading.Event().wait(0.05)
            return told.read_text()

        assert url and no_hang(opened) == url[0]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
