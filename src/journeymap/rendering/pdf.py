"""One PDF of many pages: Graphviz writes one PDF per graph of its input, back to back; pypdf binds them."""

from __future__ import annotations

import io
import re

from journeymap.errors import RenderError

# The end of each PDF in Graphviz's output: the offset of its cross-reference table, then %%EOF. The offset
# is checked against where the table really starts, so compressed bytes that happen to match are passed over.
_END = re.compile(rb"startxref\s+(\d+)\s+%%EOF[\r\n]*")
_TABLE = re.compile(rb"xref|\d+\s+\d+\s+obj")


def split(data: bytes) -> list[bytes]:
    """The PDFs that follow one another in ``data``, each whole."""
    parts: list[bytes] = []
    start = 0
    for end in _END.finditer(data):
        offset = start + int(end.group(1))
        if data.startswith(b"%PDF-", start) and _TABLE.match(data, offset):
            parts.append(data[start:end.end()])
            start = end.end()
    return parts


def bound(data: bytes, pages: int) -> bytes:
    """The ``pages`` PDFs that Graphviz wrote back to back, as one PDF of that many pages, in order."""
    from pypdf import PdfReader, PdfWriter  # only a PDF of many pages needs it

    parts = split(data)
    if len(parts) != pages:
        raise RenderError(f"Graphviz wrote {len(parts)} PDF pages where {pages} were drawn")
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
