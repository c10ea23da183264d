"""journeymap serve: a live preview of a map in the browser — its arguments, and the command. Light to import: the
server, the watcher and the page load only when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymap.cli.arguments import whole_number
from journeymap.cli.discover import EXIT_INTERRUPTED
from journeymap.errors import diagnostic
from journeymap.rendering import VIEWS

__all__ = ["add_serve", "do_serve"]

DEFAULT_PORT = 8000


def add_serve(subcommands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """The ``serve`` command's arguments and help, on the parser's subcommands (``parents``: --max-bytes, --theme)."""
    command = subcommands.add_parser(
        "serve", parents=parents, help="a live preview in the browser, redrawn each time the map is saved",
        description="Serve a live preview of a map: a page that shows one view (switch views and themes on the "
        "page) and the findings in brief, and redraws within a second each time the map file is saved. While the "
        "file is invalid the page keeps the last good drawing and shows the errors above it, as `journeymap check` "
        "prints them (file:line:col, the value, a suggestion); the terminal shows them too. A map that is invalid "
        "from the start is served all the same. Only the page and the map's own drawings are served, to this "
        "machine alone unless --host says otherwise. Ctrl-C stops it (exit 130).")
    command.add_argument("map", type=Path, metavar="MAP", help="the map file to preview (.yaml, .yml, .json or .mmd)")
    command.add_argument("-v", "--view", choices=VIEWS, default="flow", metavar="VIEW",
                         help=f"the view the page opens on: {', '.join(VIEWS)} (default: flow)")
    command.add_argument("-p", "--port", default=DEFAULT_PORT, metavar="N",
                         type=whole_number(0, 65535, says="a port number from 0 (any free port) to 65535"),
                         help=f"the port to serve on (default: {DEFAULT_PORT}); 0 picks a free one")
    command.add_argument("--host", metavar="ADDRESS",
                         help="the address to serve on (default: 127.0.0.1, this machine alone); another, e.g. "
                         "0.0.0.0, lets anyone who can reach this machine see the map, and warns so")
    command.add_argument("--open", action="store_true", help="open the page in the web browser")
    command.set_defaults(run=do_serve)


def do_serve(args: argparse.Namespace) -> int:
    """journeymap serve: the live preview, until Ctrl-C (exit 130, as discover's)."""
    from journeymap.serve.server import LOCAL_HOST, is_local, serve

    host = args.host or LOCAL_HOST
    if not is_local(host):
        print(diagnostic("warning", f"serving on {host}: anyone who can reach this machine on the port can see the "
                         f"map; leave out --host to serve on {LOCAL_HOST}, this machine alone"), file=sys.stderr)
    try:
        serve(args.map, view=args.view, theme=args.theme, host=host, port=args.port, open_browser=args.open,
              max_bytes=args.max_bytes)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_INTERRUPTED  # serve returns only when stopped
