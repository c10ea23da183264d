"""journeymap serve: a live preview of a map in the browser, redrawn each time the file is saved.

The pieces, one job each: state (the last reading, the last good map and its drawings, by generation), watcher
(which files, and the thread that reads the map again on each save), page (the HTML, script and style), handler
(the fixed routes, under a strict Content-Security-Policy), server (binding the port and running it all).
"""

from __future__ import annotations

from journeymap.serve.server import serve

__all__ = ["serve"]
