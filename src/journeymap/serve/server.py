"""Run the preview: read the map, watch it, serve the page on a local port until stopped."""

from __future__ import annotations

import errno
import ipaddress
import sys
import threading
import webbrowser
from pathlib import Path
from typing import TextIO

from journeymap.errors import UsageError, diagnostic
from journeymap.io import read_map
from journeymap.serve.handler import PreviewServer
from journeymap.serve.page import Page, page
from journeymap.serve.state import Preview
from journeymap.serve.watcher import Watcher, watched_files

__all__ = ["LOCAL_HOST", "is_local", "listen", "serve"]

LOCAL_HOST = "127.0.0.1"


def is_local(host: str) -> bool:
    """True when ``host`` is this machine alone (a loopback address, or localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(path: Path, *, view: str, theme: str, host: str = LOCAL_HOST, port: int = 8000, open_browser: bool = False,
          max_bytes: int | None = None, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> None:
    """Serve the live preview of the map at ``path`` until interrupted (KeyboardInterrupt, or Terminated from the
    command line), printing the URL on ``stdout`` as one line. A missing map, or a port that cannot be had, raises
    (an InvalidMapError, a UsageError) before anything is served; an invalid map is served, its errors shown."""
    if not path.is_file():
        read_map(path, max_bytes=max_bytes)  # the usual message: no such file, a folder...
    preview = Preview(path, max_bytes=max_bytes, stderr=stderr)
    watcher = Watcher(watched_files(path), lambda: _tell(preview.reload().errors, stderr))
    watcher.start()  # before the first reading, so that no save is missed
    try:
        first = preview.reload()
        server = listen(preview, page(path, view, theme), host=host, port=port)
        try:
            url = _url(host, server.server_address[1])
            if _tell(first.errors, stderr):
                print(diagnostic("warning", "the map is not valid yet; serving anyway: the page shows its errors "
                                 "until the file is fixed and saved"), file=stderr, flush=True)
            print(f"serving a live preview of {path} at {url} (Ctrl-C to stop)", file=stdout, flush=True)
            if open_browser:
                threading.Thread(target=_open, args=(url, stderr), daemon=True).start()
            server.serve_forever(poll_interval=0.2)
        finally:
            preview.close()  # the pages' event streams end
            server.server_close()
    finally:
        preview.close()
        watcher.stop()


def listen(preview: Preview, shown: Page, *, host: str = LOCAL_HOST, port: int = 0) -> PreviewServer:
    """The preview's server, listening (not yet serving); a port in use or refused is a UsageError saying what to do.
    Served on this machine alone, it answers only requests that name it as this machine (not a web page elsewhere
    that has made its own name point here)."""
    try:
        server = PreviewServer((host.strip("[]"), port), preview, shown, ipv6=":" in host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use on {host}: give another with --port N, or --port 0 to have a "
                             "free one picked") from None
        if error.errno == errno.EACCES:
            raise UsageError(f"not allowed to listen on port {port} (ports below 1024 need root): give another "
                             "with --port N, or --port 0 to have a free one picked") from None
        raise UsageError(f"cannot listen on {host} port {port}: {error.strerror or error}; check --host, or leave "
                         f"it out to serve on {LOCAL_HOST}") from None
    if is_local(host):
        bound = server.server_address[1]
        server.hosts = frozenset(f"{name}:{bound}" for name in ("127.0.0.1", "localhost", "[::1]", host.lower()))
    return server


def _url(host: str, port: int) -> str:
    """The page's address on this machine: a wildcard address (0.0.0.0, ::) is no address a browser should open."""
    name = host.strip("[]")
    try:
        if ipaddress.ip_address(name).is_unspecified:
            name = "::1" if ":" in name else LOCAL_HOST
    except ValueError:
        pass  # a host name
    return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"


def _tell(errors: tuple[str, ...], stderr: TextIO) -> bool:
    """The map's errors on standard error too, as the command line prints them; True if there were any."""
    for line in errors:
        print(line, file=stderr, flush=True)
    return bool(errors)


def _open(url: str, stderr: TextIO) -> None:
    if not webbrowser.open(url):
        print(diagnostic("warning", f"could not open a browser here; open {url} yourself"), file=stderr, flush=True)
