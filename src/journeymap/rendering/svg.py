"""Post-processing of Graphviz's SVG: an accessible title and description, and inlining into HTML."""

from __future__ import annotations

import re

from journeymap.rendering import dot

TITLE_ID = "journeymap-title"
DESC_ID = "journeymap-desc"
"""The ids of the root ``<title>`` and ``<desc>`` (``journeymap`` is no KIND, so no model object's id clashes)."""

# Graphviz writes the root tag with fixed attributes only (size, viewBox, namespaces), never user text,
# and escapes every quote inside attribute values and text, so these patterns cannot match user text.
_ROOT = re.compile(rb"<svg\b[^>]*>")
_PROLOG = re.compile(r"\A\s*<\?xml[^>]*\?>\s*(?:<!DOCTYPE[^>]*>\s*)?")
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_ID = re.compile(r'(\sid=")([^"]*")')
_URL = re.compile(r"url\(#")
_HREF = re.compile(r'(href=")#')
_LABELLEDBY = re.compile(r'(aria-labelledby=")([^"]*)(")')
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})  # what XML text content needs escaped


def accessible(data: bytes, title: str, description: str) -> bytes:
    """Graphviz's SVG with a root ``<title>`` and ``<desc>`` first, ``role="img"`` and ``aria-labelledby``."""
    root = _ROOT.search(data)
    if root is None:
        return data
    tag = root.group()
    opening = tag[:-1] + f' role="img" aria-labelledby="{TITLE_ID} {DESC_ID}">'.encode()
    head = (f'\n<title id="{TITLE_ID}">{_xml(title)}</title>'
            f'\n<desc id="{DESC_ID}">{_xml(description)}</desc>').encode("utf-8")
    return data[:root.start()] + opening + head + data[root.end():]


def inline(data: bytes, prefix: str) -> str:
    """An SVG document as markup for inside HTML: no prolog, doctype or comments, every id prefixed.

    ``prefix`` (e.g. the view's name) is put before every id and every reference to one, so that several
    diagrams can share one page: ``asset-know_how`` becomes ``flow-asset-know_how``.
    """
    text = _COMMENT.sub("", _PROLOG.sub("", data.decode("utf-8")))
    text = _ID.sub(rf"\g<1>{prefix}-\g<2>", text)
    text = _URL.sub(f"url(#{prefix}-", text)
    text = _HREF.sub(rf"\g<1>#{prefix}-", text)
    return _LABELLEDBY.sub(lambda m: m[1] + " ".join(f"{prefix}-{i}" for i in m[2].split()) + m[3], text).strip()


def _xml(text: str) -> str:
    return " ".join(dot.clean(text).split()).translate(_XML_TEXT)
