"""The report's building blocks: escaped text, sections, labelled facts and accessible tables, as HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from journeymap.rendering import dot


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


def section(ident: str, heading: str, *content: str, kind: str = "") -> str:
    """A section of the page: its id, its heading and its content, one part a line."""
    css = f' class="{kind}"' if kind else ""
    return f'<section id="{ident}"{css}>\n<h2>{escape(heading)}</h2>\n' + "\n".join(content) + "\n</section>"


def labelled(label: str, text: str) -> str:
    """A fact with its label in bold: ``<span class="label">Channel:</span> phone``."""
    return f'<span class="label">{escape(label)}:</span> {escape(text)}'


def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """A table of plain text: a caption, column headers, and each row headed by its first cell."""
    right = set(numeric)

    def css(i: int) -> str:
        return ' class="num"' if i in right else ""

    head = "".join(f'<th scope="col"{css(i)}>{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<th scope="row"{css(i)}>{escape(c)}</th>' if i == 0 else f"<td{css(i)}>{escape(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>\n"
        for row in rows)
    # A wide table scrolls inside its own focusable region on a narrow screen, not the whole page.
    ident = "table_" + slug(caption.lower())
    return (f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{ident}">\n'
            f'<table>\n<caption id="{ident}">{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table>\n</div>")
