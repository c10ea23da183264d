"""The preview's HTTP side: a fixed set of routes (the page, its script and style, the drawing, the events), each
response under a strict Content-Security-Policy; nothing else is served, and no path from a URL is ever opened."""

from __future__ import annotations

import re
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from journeymap.errors import diagnostic
from journeymap.rendering import THEMES, VIEWS
from journeymap.serve.page import Page
from journeymap.serve.state import Preview, Reading

__all__ = ["CSP", "PreviewServer", "PreviewHandler", "drawing_query"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""The Content-Security-Policy of every response: the page's own script and style, nothing inline, nothing from
elsewhere."""

KEEP_ALIVE_SECONDS = 15.0
"""How often the event stream says something when nothing changes, so that a page gone away is noticed."""

MAX_EVENT_STREAMS = 64
"""How many pages may follow the preview at once: each holds a thread, and a machine beyond this one (--host) must
not be able to take them all."""

REQUEST_TIMEOUT_SECONDS = 30.0
"""How long a connection may take to send its request (or to take an answer) before it is let go: a connection
left half-open never holds a thread for good."""

_GENERATION = re.compile(r"[0-9]{1,12}")


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one preview: the state it shows, its page, and the Host names it answers to."""

    daemon_threads = True  # a page's open event stream never holds up the stop

    def __init__(self, address: tuple[str, int], preview: Preview, page: Page, *, ipv6: bool = False) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.preview = preview
        self.page = page
        self.hosts: frozenset[str] | None = None  # None: any Host (when serving beyond this machine)
        self.streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)  # one taken by each open event stream
        super().__init__(address, PreviewHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A page gone away mid-answer (a view switched, a tab closed) is no news; anything else is one line on the
        terminal, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            tell_failure(error)


def tell_failure(error: BaseException | None) -> None:
    """An unexpected failure while answering, told on standard error in the house format."""
    print(diagnostic("error", f"the preview failed to answer a request: {type(error).__name__}: {error}"),
          file=sys.stderr, flush=True)


def drawing_query(query: str) -> tuple[str, str] | None:
    """The view and theme a drawing's query asks for (``view=flow&theme=print&g=3``), or None unless it is exactly
    a known view, a known theme and optionally a generation number."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    asked = dict(pairs)
    if len(asked) != len(pairs) or not {"view", "theme"} <= asked.keys() <= {"view", "theme", "g"}:
        return None
    if asked["view"] not in VIEWS or asked["theme"] not in THEMES:
        return None
    if "g" in asked and not _GENERATION.fullmatch(asked["g"]):
        return None
    return asked["view"], asked["theme"]


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD on the preview's routes; 404 for any other path, 405 for any other method."""

    server: PreviewServer
    default_request_version = "HTTP/1.0"  # a request without a version still gets headers (the CSP) with its answer
    timeout = REQUEST_TIMEOUT_SECONDS
    _answering = False  # True once this request's status line is on its way

    def version_string(self) -> str:
        """The Server header: the program, not the Python version."""
        return "journeymap"

    def do_GET(self) -> None:
        """The route's response."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """The route's headers alone."""
        self._answer(body=False)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"only GET and HEAD\n", "text/plain", True, Allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def send_response(self, code: int, message: str | None = None) -> None:
        """The status line, noted as sent (an unexpected failure after it cannot change the answer)."""
        self._answering = True
        super().send_response(code, message)

    def _answer(self, *, body: bool) -> None:
        try:
            self._route(body=body)
        except (ConnectionError, TimeoutError):  # the page went away mid-answer, or stopped taking it
            self.close_connection = True
        except Exception as error:  # a fault of ours or of Graphviz's: one line on the terminal, a 500 to the page
            tell_failure(error)
            self.close_connection = True
            if not self._answering:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"the preview failed to answer; the terminal running "
                           b"journeymap serve says why\n", "text/plain", body)

    def _route(self, *, body: bool) -> None:
        url = urlsplit(self.path)  # never unquoted: a path is one of the routes as written, or nothing
        host = url.netloc if url.scheme else self.headers.get("Host")  # a request for http://HOST/... names HOST
        if self.server.hosts is not None and host is not None and host.lower() not in self.server.hosts:
            self._send(HTTPStatus.FORBIDDEN, b"this preview answers only to the address it printed\n",
                       "text/plain", body)  # a page elsewhere, reaching this machine through its own name
            return
        page = self.server.page
        statics = {"/": (page.html, "text/html"), "/page.js": (page.script, "text/javascript"),
                   "/page.css": (page.style, "text/css")}
        if url.path in statics and not url.query and not url.fragment:
            content, kind = statics[url.path]
            self._send(HTTPStatus.OK, content, kind, body)
        elif url.path == "/drawing.svg" and (asked := drawing_query(url.query)) is not None:
            self._drawing(*asked, body=body)
        elif url.path == "/events" and not url.query:
            self._events(body=body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found: this server serves only the map's live preview\n",
                       "text/plain", body)

    def _drawing(self, view: str, theme: str, *, body: bool) -> None:
        drawing = self.server.preview.drawing(view, theme)
        if drawing is None:
            self._send(HTTPStatus.NOT_FOUND, b"no drawing yet: the map has not been valid since the preview began\n",
                       "text/plain", body)
        elif drawing.svg is None:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{drawing.error}\n".encode(), "text/plain", body)
        else:
            self._send(HTTPStatus.OK, drawing.svg, "image/svg+xml", body, **{"X-Generation": str(drawing.generation)})

    def _events(self, *, body: bool) -> None:
        """Server-sent events: the newest reading at once, then each newer one as the map is read again."""
        if not self.server.streams.acquire(blocking=False):
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"too many pages are following this preview; close some\n",
                       "text/plain", body)
            return
        try:
            self._stream(body=body)
        finally:
            self.server.streams.release()

    def _stream(self, *, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        if not body:
            return
        preview = self.server.preview
        reading: Reading | None = preview.reading
        shown = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not preview.closed:
                if reading is None:  # nothing new: a comment, so that a page gone away is noticed
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"id: {reading.generation}\nevent: reading\ndata: {reading.to_json()}\n\n"
                                     .encode("utf-8"))
                    shown = reading.generation
                self.wfile.flush()
                reading = preview.wait(shown, KEEP_ALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):  # the page went away
            return

    def _send(self, status: HTTPStatus, content: bytes, kind: str, body: bool, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        self.send_header("Content-Length", str(len(content)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if body:
            self.wfile.write(content)

    def end_headers(self) -> None:
        """Every response's headers end with the security ones, the errors http.server sends itself included."""
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")  # no page elsewhere shows the drawing
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for the map's errors, not for every request."""
