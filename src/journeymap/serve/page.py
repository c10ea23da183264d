"""The preview's page: its HTML (a view and theme switcher, the error panel, the drawing, the findings in brief),
script and style sheet. Everything the map says reaches the page through its events, and the script writes it as
text, never as markup."""

from __future__ import annotations

from html import escape
from importlib.resources import files
from pathlib import Path

import attrs

from journeymap.rendering import THEMES, VIEWS, view_title

__all__ = ["Page", "page"]

THEME_NAMES = {"default": "Default colours", "colourblind": "Colour-blind safe", "print": "Print (greyscale)"}


@attrs.frozen
class Page:
    """The three files of the page, as served."""

    html: bytes
    script: bytes
    style: bytes


def page(path: Path, view: str, theme: str) -> Page:
    """The page previewing the map at ``path``, opening on ``view`` in ``theme``."""
    here = files("journeymap.serve")
    return Page(html=_html(path, view, theme).encode("utf-8"), script=here.joinpath("page.js").read_bytes(),
                style=here.joinpath("page.css").read_bytes())


def _options(choices: dict[str, str], chosen: str) -> str:
    return "".join(f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(text)}</option>'
                   for value, text in choices.items())


def _html(path: Path, view: str, theme: str) -> str:
    views = {name: view_title(name) for name in VIEWS}
    themes = {name: THEME_NAMES.get(name, name) for name in THEMES}
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(path.name)} — journeymap live preview</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<header class="bar">
<p class="brand">journeymap <span>live preview of</span> <code>{escape(str(path))}</code></p>
<p id="status" class="status" role="status">Connecting…</p>
</header>
<main>
<h1 id="title">{escape(path.name)}</h1>
<div class="controls">
<span class="control"><label for="view">View</label> <select id="view">{_options(views, view)}</select></span>
<span class="control"><label for="theme">Theme</label> <select id="theme">{_options(themes, theme)}</select></span>
<span class="control"><input type="checkbox" id="fit" checked> <label for="fit">Fit to the window</label></span>
</div>
<section id="errors" class="errors" role="alert" aria-labelledby="errors-heading" hidden>
<h2 id="errors-heading">The map has errors</h2>
<p id="errors-hint">The drawing below is the last one that was valid. Fix the file and save it: the page redraws.</p>
<ul id="error-list"></ul>
</section>
<div class="layout">
<figure class="drawing">
<div id="pane" class="pane fit" tabindex="0" role="region" aria-label="The drawing">
<p id="no-drawing" class="empty">No drawing yet: the map has not been valid since the preview began.</p>
<img id="drawing" alt="" hidden>
</div>
<figcaption id="caption"></figcaption>
</figure>
<section class="findings" aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings in brief</h2>
<p id="summary">Waiting for the map…</p>
<div id="warnings" hidden>
<h3 id="warnings-heading">Warnings</h3>
<ul id="warning-list"></ul>
</div>
</section>
</div>
<noscript><p class="errors">The live preview needs JavaScript. Without it, draw the map with
<code>journeymap render</code>.</p></noscript>
</main>
</body>
</html>
"""
