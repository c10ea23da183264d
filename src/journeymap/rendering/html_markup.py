"""The report's building blocks: escaped text, sections, labelled facts and accessible tables, as HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from journeymap.rendering import dot, svg


def escape(text: str) -> str:
    """Literal text for HTML: markup characters and quotes escaped, characters HTML forbids replaced.

    >>> escape('<b>"Tom" & Ann</b>')
    '&lt;b&gt;&quot;Tom&quot; &amp; Ann&lt;/b&gt;'
    """
    return html.escape(dot.clean(text), quote=True)


def slug(name: str) -> str:
    """A name as part of a page id: no hyphen, so it never matches an id inside a diagram.

    >>> slug("2 unused assets"), slug("flow-view")
    ('2_unused_assets', 'flow_view')
    """
    return "".join(c if c.isalnum() else "_" for c in name)


_ID_ESCAPES = str.maketrans({"_": "__", "-": "_2d", ".": "_2e"})


def anchor(kind: str, ident: str) -> str:
    """The page id of where the report shows a map item: its kind, then its id with no hyphen or dot left, no two
    ids alike.

    >>> anchor("asset", "jenny_time"), anchor("touchpoint", "a-b.c")
    ('asset_jenny__time', 'touchpoint_a_2db_2ec')
    """
    return f"{kind}_{ident.translate(_ID_ESCAPES)}"


def link(target: str, markup: str) -> str:
    """A link to a place on the page: ``<a href="#target">markup</a>`` (the markup already escaped)."""
    return f'<a href="#{target}">{markup}</a>'


def section(ident: str, heading: str, *content: str, kind: str = "") -> str:
    """A section of the page: its id, its heading and its content, one part a line."""
    css = f' class="{kind}"' if kind else ""
    return f'<section id="{ident}"{css}>\n<h2>{escape(heading)}</h2>\n' + "\n".join(content) + "\n</section>"


def labelled(label: str, text: str) -> str:
    """A fact with its label in bold: ``<span class="label">Channel:</span> phone``."""
    return f'<span class="label">{escape(label)}:</span> {escape(text)}'


def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Iterable[int] = (), *,
          markup: bool = False, row_ids: Sequence[str] = ()) -> str:
    """A table of plain text (of escaped markup, with ``markup``): a caption, column headers, and each row headed by
    its first cell; ``row_ids`` gives each row a page id, for links to it."""
    right = set(numeric)
    text = (lambda cell: cell) if markup else escape
    ids = [f' id="{i}"' for i in row_ids] or [""] * len(rows)

    def css(i: int) -> str:
        return ' class="num"' if i in right else ""

    head = "".join(f'<th scope="col"{css(i)}>{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        f"<tr{ident}>" + "".join(f'<th scope="row"{css(i)}>{text(c)}</th>' if i == 0 else f"<td{css(i)}>{text(c)}</td>"
                                 for i, c in enumerate(row)) + "</tr>\n"
        for ident, row in zip(ids, rows, strict=True))
    # A wide table scrolls inside its own focusable region on a narrow screen, not the whole page.
    ident = "table_" + slug(caption.lower())
    return (f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{ident}">\n'
            f'<table>\n<caption id="{ident}">{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table>\n</div>")


READABLE_SCALE = 0.75
"""The scale a diagram opens at unless the page is wide enough for all of it: no text is drawn below 9 pt, and
9 pt (12 px) at three quarters is 9 px on screen."""

_ZOOMS = (("fit", "Whole diagram"), ("readable", "Readable size"), ("full", "Full size"))
"""The sizes a diagram can be shown at, chosen with radio buttons and CSS alone (see report.css)."""

_SIZE = re.compile(rb'<svg\b[^>]*?\swidth="([0-9.]+)pt"\s+height="([0-9.]+)pt"')  # as Graphviz writes it


def zoomable(name: str, title: str, drawing: bytes) -> tuple[str, str]:
    """A diagram's size controls (radio buttons the style sheet reads) and the scroll pane holding its SVG, every
    id prefixed with ``name``."""
    ident = slug(name)
    zooms = "".join(
        f'<input type="radio" class="zoom {zoom}" name="zoom_{ident}" id="zoom_{ident}_{zoom}"'
        f'{" checked" if zoom == "readable" else ""}><label for="zoom_{ident}_{zoom}">{escape(words)}</label>'
        for zoom, words in _ZOOMS)
    controls = f'<span class="zooms" aria-hidden="true">Size:</span>{zooms}'
    figure = (f'<div class="diagram" role="region" tabindex="0" aria-label="{escape(title)} (diagram)"'
              f"{_size(drawing)}>\n{svg.inline(drawing, name)}\n</div>")
    return controls, figure


def _size(drawing: bytes) -> str:
    """The diagram's natural width and its proportions, for the style sheet's sizes; nothing if unknown."""
    found = _SIZE.search(drawing)
    if found is None or not float(found[2]):
        return ""  # the style sheet then fits the diagram to the page
    width, height = float(found[1]), float(found[2])
    return f' style="--width:{width:g}pt;--readable:{width * READABLE_SCALE:g}pt;--ratio:{width / height:.4f}"'
