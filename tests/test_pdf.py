"""A canvas too tall for a page becomes a PDF of many pages, drawn in one Graphviz run and bound by pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from journeymap import analyse, load, render
from journeymap.errors import RenderError
from journeymap.model import Journey
from journeymap.rendering import pdf
from journeymap.rendering.canvas import pages
from strategies import large_journey

ROOT = Path(__file__).resolve().parent.parent


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def tall() -> Journey:
    return large_journey([10] * 12)  # twelve rows of one stage each


def test_a_folded_canvas_gives_one_page_per_group_of_rows_in_order(tall: Journey) -> None:
    expected = pages(tall, analyse(tall))
    document = read(render(tall, view="canvas", format="pdf"))
    assert len(expected) > 1 and len(document.pages) == len(expected)
    texts = [page.extract_text() for page in document.pages]
    assert tall.title in texts[0] and "KEY" in texts[0]  # the heading and legend open the first page
    for n, text in enumerate(texts[1:], start=2):
        assert f"page {n} of {len(expected)}" in text
    first_stage = [min(i for i, s in enumerate(tall.stages) if f"{s.name}\n" in text) for text in texts]
    assert first_stage == sorted(first_stage) and len(set(first_stage)) == len(texts)  # in the journey's order


@pytest.mark.parametrize("view", ["canvas", "flow", "star", "gap"])
def test_a_map_that_fits_stays_one_page(view: str) -> None:
    assert len(read(render(load(ROOT / "examples" / "sight_loss.yaml"), view=view, format="pdf")).pages) == 1


def test_pdfs_back_to_back_are_split_where_each_really_ends() -> None:
    one, two = (render(large_journey([n]), view="canvas", format="pdf") for n in (2, 3))
    assert pdf.split(one + two) == [one, two]
    assert pdf.split(b"%PDF-1.5\nstream startxref 3 %%EOF\nendstream\n") == []  # no table at 3: no end
    with pytest.raises(RenderError, match="Graphviz wrote 2 PDF pages where 3 were drawn"):
        pdf.bound(one + two, 3)
    assert len(read(pdf.bound(one + two, 2)).pages) == 2


def test_a_pdf_carries_no_time_of_its_run_so_the_same_map_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from journeymap.rendering.engine import _undated

    journey = load(Path(__file__).resolve().parent.parent / "examples" / "sight_loss.yaml")
    drawn = render(journey, "flow", "pdf")
    assert re.findall(rb"/CreationDate \(D:\d+", drawn) == [b"/CreationDate (D:19700101000000"]  # not the run's
    assert pypdf.PdfReader(io.BytesIO(drawn)).pages  # its byte offsets still hold
    runs = [b"%PDF-1.5 /CreationDate (D:20261205103113Z) ...", b"%PDF-1.5 /CreationDate (D:20270101000059Z) ..."]
    assert _undated(runs[0]) == _undated(runs[1])  # two runs a second, or a month, apart
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # as reproducible builds set it: 1 January 2026
    assert b"/CreationDate (D:20260101000000Z)" in _undated(runs[0])
