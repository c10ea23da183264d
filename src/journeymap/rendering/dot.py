"""Everything about DOT text in one place: escaping, wrapping, HTML-like labels, ids and classes."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable
from typing import cast

import graphviz

# Characters XML 1.0 forbids (Graphviz's HTML-label parser and every SVG reader reject them), and lone
# surrogates, which cannot be written as UTF-8 at all: the complement of XML's Char production, written
# as what it leaves out, as a class spanning all of Unicode takes ten milliseconds to compile at start-up.
# With them the control characters XML discourages (DEL and C1's but NEL, a newline here): Graphviz draws each
# as a box of its hex digits, wider than the node made for it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?|\n|\u2028|\u2029|\x85")
_SPACES = re.compile(r"[\t\x0b\x0c]")

# Graphviz substitutes \N, \G... inside HTML labels too, and 2.43 rejects a text that is a lone "]".
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "]": "&#93;",
                       "\\": "\\\\"})
# Graphviz 2.43 runs backslash escapes over tooltips twice, so one literal backslash needs four.
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                            "\\": "\\\\\\\\", "\n": "&#10;"})
# A graph's name is never escape-processed; an entity keeps a backslash from closing the quotes.
_NAME = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                       "\\": "&#92;", "\n": " "})


def clean(text: str) -> str:
    r"""Text safe for Graphviz and XML: one kind of newline, tabs as spaces, invalid characters as U+FFFD.

    >>> clean("Tea\tfor two\r\nat 4\x00pm \ud800\x7f")
    'Tea for two\nat 4\ufffdpm \ufffd\ufffd'
    """
    text = _SPACES.sub(" ", _NEWLINES.sub("\n", text))
    return _NOT_XML.sub("\ufffd", text)


def wrap(text: str, width: int) -> list[str]:
    r"""Lines of at most ``width`` characters, broken between words (long words are split, never shrunk: after
    a hyphen where they have one); a paragraph's last word is not left alone on its line where the word before it
    fits there too.

    >>> wrap("Eye clinic appointment", 12), wrap("first\nsecond", 40), wrap("x" * 12, 5)
    (['Eye clinic', 'appointment'], ['first', 'second'], ['xxxxx', 'xxxxx', 'xx'])
    >>> wrap("steps in fewer than 1,200 cases left out.", 36)
    ['steps in fewer than 1,200 cases', 'left out.']
    >>> wrap("Anna Papadopoulou-Featherstonehaugh", 20), wrap("seen by the Pneumonoultramicroscopic team", 16)
    (['Anna Papadopoulou-', 'Featherstonehaugh'], ['seen by the', 'Pneumonoultramic', 'roscopic team'])
    """
    if len(text) <= width and text.isprintable():  # most labels: one line, nothing to clean
        return [text.rstrip()]
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        # A hyphenated word is broken after its hyphen only where it would be split anyway: it is too long.
        hyphens = any(len(word) > width and "-" in word for word in paragraph.split())
        wrapped = _Wrapper(width=width, break_on_hyphens=hyphens).wrap(paragraph) or [""]
        if len(wrapped) > 1 and " " not in wrapped[-1]:
            before, _, word = wrapped[-2].rpartition(" ")
            if " " in before and len(word) + 1 + len(wrapped[-1]) <= width:
                wrapped[-2:] = [before, f"{word} {wrapped[-1]}"]
        lines += wrapped
    return lines


class _Wrapper(textwrap.TextWrapper):
    """textwrap's, but a word too long for any line starts a line of its own: not "by the Pn" / "eumono..."."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
        if not cur_line:  # else the line ends here, and the word is split over the lines after it
            super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut.

    >>> shorten("Told nothing more can be done", 20), shorten("Short", 20)
    ('Told nothing more …', 'Short')
    """
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    short = textwrap.shorten(text, width=limit, placeholder=" …")
    return short if len(short) > limit // 2 else text[: limit - 1] + "…"


def html(text: str) -> str:
    r"""Literal text for inside an HTML-like label: markup characters, quotes and backslashes escaped.

    Graphviz would read ``\N`` as the node's name and a lone ``]`` breaks 2.43's parser:

    >>> print(html('Tom & Jerry <3 "hi" \\N ]'))
    Tom &amp; Jerry &lt;3 &quot;hi&quot; \\N &#93;
    >>> html("&amp; stays literal")
    '&amp;amp; stays literal'
    """
    text = clean(text).replace("\n", " ")
    if not text.isprintable() and all(unicodedata.category(c) in ("Cf", "Cn") or c.isspace() for c in text):
        # Only invisible format characters (a soft hyphen, a zero-width joiner...) or code points Unicode has not
        # assigned (U+E01F0): Pango fails to lay such a run out for PNG and PDF, and there is nothing to see, so
        # draw a space (Graphviz refuses an empty run inside <B>).
        text = " "
    return text.translate(_HTML)


def html_lines(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` and escaped, lines joined by left-aligned breaks.

    >>> print(html_lines("Tea & toast <with> jam", 10))
    Tea &amp;<BR ALIGN="LEFT"/>toast<BR ALIGN="LEFT"/>&lt;with&gt; jam
    """
    return '<BR ALIGN="LEFT"/>'.join(html(line) for line in wrap(text, width))


def flush_left(markup: str) -> str:
    """Lines of label markup all to the left: Graphviz centres a label's last line unless a break ends it.

    >>> flush_left('Getting help<BR ALIGN="LEFT"/>400 cases'), flush_left("Noticing")
    ('Getting help<BR ALIGN="LEFT"/>400 cases<BR ALIGN="LEFT"/>', 'Noticing')
    """
    return markup + '<BR ALIGN="LEFT"/>' if '<BR ALIGN="LEFT"/>' in markup else markup


# Graphviz 2.43 rejects a quoted string longer than 16,384 bytes as a syntax error.
_QUOTED_LIMIT = 16_000


def attribute(text: str) -> str:
    r"""Literal text for a quoted attribute such as a tooltip (never read as HTML or as an escape).

    Whole unless its escaped form would pass Graphviz's limit on quoted strings; then it ends in "…".
    A backslash becomes four, as Graphviz 2.43 unescapes tooltips twice; a newline becomes an entity:

    >>> print(attribute('C:\\maps "new" <b> & co\nnext'))
    C:\\\\maps &quot;new&quot; &lt;b&gt; &amp; co&#10;next
    >>> cut = attribute("x" * 20_000)
    >>> len(cut.encode("utf-8")) <= 16_000, cut[-1]
    (True, '…')
    """
    return cast(str, graphviz.nohtml(_quotable(clean(text), _ATTRIBUTE)))


def _quotable(text: str, table: dict[int, str]) -> str:
    """``text`` escaped with ``table``, cut to end in "…" where it would pass Graphviz's limit."""
    escaped = text.translate(table)
    if len(escaped.encode("utf-8")) > _QUOTED_LIMIT:  # Graphviz counts bytes: 👵🏽 is eight of them
        kept, length = [], len("…".encode("utf-8"))
        for char in text:
            length += len(char.translate(table).encode("utf-8"))
            if length > _QUOTED_LIMIT:
                break
            kept.append(char)
        escaped = "".join(kept).translate(table) + "…"
    return escaped


def graph_name(text: str) -> str:
    r"""Literal text for a graph's name, which SVG output writes as the document's ``<title>``.

    Cut like :func:`attribute` where Graphviz's limit on quoted strings would refuse it. A graph's name is
    never unescaped, so a backslash is an entity, and a newline a space:

    >>> print(graph_name('Ann\\Bob "A&B"\nday'))
    Ann&#92;Bob &quot;A&amp;B&quot; day
    """
    return cast(str, graphviz.nohtml(_quotable(clean(text), _NAME)))


def label(table: str) -> str:
    """An HTML-like label from markup built with :func:`html` (the angle brackets mark it as HTML).

    >>> label("<B>" + html("A < B") + "</B>")
    '<<B>A &lt; B</B>>'
    """
    return f"<{table}>"


def element_id(kind: str, ident: str, *more: str | int) -> str:
    """The SVG id of an element drawn for a model object, ``KIND-ID`` (e.g. ``asset-jenny_time``).

    >>> element_id("asset", "jenny_time"), element_id("emotion", "clinic", 2)
    ('asset-jenny_time', 'emotion-clinic-2')
    """
    return "-".join((kind, ident, *(str(m) for m in more)))


def classes(*names: str | None) -> str:
    """A class attribute: the names given, in order, skipping empty ones.

    >>> classes("asset", "unused", None, "", "unwilling")
    'asset unused unwilling'
    """
    return " ".join(name for name in names if name)


def join(parts: Iterable[str | None], separator: str = " · ") -> str:
    """The non-empty parts joined by ``separator``.

    >>> join(["Phone", None, "", "Monday"])
    'Phone · Monday'
    """
    return separator.join(p for p in parts if p)


def pos(x: float, y: float) -> str:
    """A pinned node position in points, y up, for the ``fixed`` layout (neato -n2).

    >>> pos(12, 30.25)
    '12.0,30.2!'
    """
    return f"{x:.1f},{y:.1f}!"


def inches(points: float) -> str:
    """A node size in inches, as Graphviz wants it, from points.

    >>> inches(36)
    '0.5000'
    """
    return f"{points / 72:.4f}"


def font(size: float, color: str, markup: str) -> str:
    """Markup in a font size and colour, for inside an HTML-like label.

    >>> font(10.5, "#D55E00", html("A & B"))
    '<FONT POINT-SIZE="10.5" COLOR="#D55E00">A &amp; B</FONT>'
    """
    return f'<FONT POINT-SIZE="{size:g}" COLOR="{color}">{markup}</FONT>'


def statement(head: str, attributes: dict[str, str]) -> str:
    r"""A node or edge statement for a graph's body, for views that write thousands of them quickly.

    graphviz.Graph.node's general quoting would take most of such a view's time. Every value given here
    must be a number, a colour, a word, an id, markup from :func:`label`, or text from :func:`attribute`
    (which leaves no quote or lone backslash), so quoting is just the double quotes round it.

    >>> statement('"clinic"', {"label": label(html("Eye <clinic>")), "tooltip": attribute('say "hi"')})
    '\t"clinic" [label=<Eye &lt;clinic&gt;> tooltip="say &quot;hi&quot;"]\n'
    """
    listed = " ".join(f"{key}={_quoted(value)}" for key, value in attributes.items())
    return f"\t{head} [{listed}]\n"


def _quoted(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        return value  # an HTML-like label from label()
    return '"' + value.replace('"', '\\"') + '"'


def node(graph: graphviz.Graph | graphviz.Digraph, name: str, attributes: dict[str, str]) -> None:
    r"""Add a node to ``graph`` through :func:`statement` (its attribute values as :func:`statement` asks).

    >>> graph = graphviz.Digraph()
    >>> node(graph, "clinic", {"tooltip": attribute("Eye clinic & co")})
    >>> graph.body
    ['\t"clinic" [tooltip="Eye clinic &amp; co"]\n']
    """
    graph.body.append(statement(f'"{name}"', attributes))


def edge(graph: graphviz.Graph | graphviz.Digraph, tail: str, head: str, attributes: dict[str, str]) -> None:
    r"""Add an edge to ``graph`` through :func:`statement` (its attribute values as :func:`statement` asks).

    >>> graph = graphviz.Graph()
    >>> edge(graph, "clinic", "home_visit", {"label": label(html("referral & letter"))})
    >>> graph.body
    ['\t"clinic" -- "home_visit" [label=<referral &amp; letter>]\n']
    """
    graph.body.append(statement(f'"{tail}" {"->" if graph.directed else "--"} "{head}"', attributes))
