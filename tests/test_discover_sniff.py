"""A log whose content is not what its name says gets one message saying what it is and what to do; following
that suggestion makes it readable."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import openpyxl
import pytest

from journeymap.discover.errors import InvalidLogError
from journeymap.discover.run import discover_log
from journeymap.discover.sniff import content_of
from journeymap.discover.summary import LogSummary

ROWS = "".join(f"c{index},{activity},2024-01-0{1 + index % 3} 0{step}:00:00\n"
               for index in range(6) for step, activity in enumerate(("Referral", "Visit")))
CSV = "case:concept:name,concept:name,time:timestamp\n" + ROWS


def aggregate(path: Path) -> LogSummary:
    """The log at ``path`` aggregated as the command reads it (an XES log converted first)."""
    return discover_log(path, threshold=1).summary


def parquet(path: Path) -> None:
    connection = duckdb.connect()
    connection.execute(f"COPY (SELECT * FROM read_csv($csv, all_varchar = true)) TO '{path}' (FORMAT parquet)",
                       {"csv": str(csv_file(path.with_name("source.csv")))})
    connection.close()


def csv_file(path: Path) -> Path:
    path.write_text(CSV, encoding="utf-8")
    return path


def workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    for line in CSV.splitlines():
        book.active.append(line.split(","))
    book.save(path)


def zipped(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("log.csv", CSV)


def opendocument(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


WRITERS: dict[str, Callable[[Path], object]] = {
    "parquet": parquet,
    "text": csv_file,
    "xlsx": workbook,
    "zip": zipped,
    "ods": opendocument,
    "xls": lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    "gzip": lambda path: path.write_bytes(gzip.compress(CSV.encode())),
    "utf16": lambda path: path.write_text(CSV.replace(",", "\t"), encoding="utf-16"),
    "xml": lambda path: path.write_text('\ufeff <?xml version="1.0"?>\n<log xes.version="1.0"/>\n', encoding="utf-8"),
    "binary": lambda path: path.write_bytes(b"\x00\x01\x02 not a log"),
    "gzip utf16": lambda path: path.write_bytes(gzip.compress(CSV.encode("utf-16"))),
    "gzip parquet": lambda path: path.write_bytes(gzip.compress(_parquet_bytes(path))),
    "utf16 unmarked": lambda path: path.write_bytes(CSV.encode("utf-16-le")),
    "cut parquet": lambda path: path.write_bytes(_parquet_bytes(path)[:-100]),
    "par1": lambda path: path.write_bytes(b"PAR1"),
}
CONTENTS = {"gzip utf16": "gzip", "gzip parquet": "gzip", "utf16 unmarked": "utf16", "par1": "cut parquet"}


def _parquet_bytes(path: Path) -> bytes:
    """A Parquet log's bytes (written beside ``path`` first)."""
    written = path.with_name("written.parquet")
    parquet(written)
    return written.read_bytes()


@pytest.mark.parametrize(("content", "name", "message", "suggestion"), [
    ("parquet", "log.csv", "'log.csv' is a Parquet file, not CSV text", "rename it log.parquet"),
    ("parquet", "log.dat", "cannot tell what kind of event log 'log.dat' is by its name: it is a Parquet file",
     "rename it log.parquet"),
    ("text", "log.parquet", "'log.parquet' is text, not a Parquet file", "if it is CSV, rename it log.csv"),
    ("text", "log.xes", "'log.xes' is text, not an XES log (XML)", "if it is CSV, rename it log.csv"),
    ("text", "log.log", "cannot tell what kind of event log 'log.log' is", "if it is CSV, name it log.csv (or .tsv)"),
    ("xlsx", "visits.2024.xlsx", "'visits.2024.xlsx' is an Excel workbook",
     "not spreadsheets: save the sheet as CSV UTF-8"),
    ("xlsx", "log.csv", "'log.csv' is an Excel workbook, not CSV text", "save the sheet as CSV UTF-8"),
    ("ods", "log.ods", "'log.ods' is an OpenDocument spreadsheet", "save the sheet as CSV UTF-8"),
    ("xls", "log.xls", "'log.xls' is an Excel 97-2003 workbook", "save the sheet as CSV UTF-8"),
    ("zip", "log.csv", "'log.csv' is a zip archive, not CSV text", "unzip it and discover the log inside"),
    ("gzip", "log.csv", "'log.csv' is a gzip file holding text, not CSV text", "name it log.csv.gz"),
    ("gzip", "log.xes.gz", "'log.xes.gz' is a gzip file holding text, not an XES log (XML)", "name it log.csv.gz"),
    ("gzip utf16", "log.csv.gz", "'log.csv.gz' is a gzip file holding UTF-16 text (Excel's \"Unicode Text\"), not "
     "gzip-compressed CSV", "unzip it (gunzip), then save it as CSV UTF-8, or convert it, e.g. iconv -f UTF-16 -t "
     "UTF-8 log.csv > log-utf8.csv"),
    ("gzip parquet", "log.csv.gz", "'log.csv.gz' is a gzip file holding a Parquet file, not gzip-compressed CSV",
     "unzip it (gunzip), then rename it log.parquet"),
    ("utf16 unmarked", "log.csv", "'log.csv' is UTF-16 text (Excel's \"Unicode Text\"), not CSV text",
     "iconv -f UTF-16 -t UTF-8 log.csv > log-utf8.csv"),
    ("utf16", "log.csv.gz", "'log.csv.gz' is UTF-16 text (Excel's \"Unicode Text\"), not gzip-compressed CSV",
     "iconv -f UTF-16 -t UTF-8 log.csv.gz > log-utf8.csv"),
    ("cut parquet", "log.parquet", "'log.parquet' is a Parquet file cut short", "copy or export the log again"),
    ("par1", "log.parquet", "'log.parquet' is a Parquet file cut short", "copy or export the log again"),
    ("text", "log.csv.gz", "'log.csv.gz' is text, not gzip-compressed CSV", "if it is CSV, rename it log.csv"),
    ("utf16", "log.txt", "'log.txt' is UTF-16 text (Excel's \"Unicode Text\"), not CSV text",
     "iconv -f UTF-16 -t UTF-8 log.txt > log-utf8.txt"),
    ("xml", "log.csv", "'log.csv' is XML (an XES log?), not CSV text", "if it is an XES log, name it log.xes"),
    ("binary", "log.csv", "'log.csv' is neither text nor a Parquet file, not CSV text",
     "discover reads CSV (UTF-8), Parquet and XES logs"),
])
def test_a_log_that_is_not_what_its_name_says_is_told_so(tmp_path: Path, content: str, name: str, message: str,
                                                         suggestion: str) -> None:
    path = tmp_path / name
    WRITERS[content](path)
    assert content_of(path) == CONTENTS.get(content, content)
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.message, problem.file) == (message, str(path))
    assert suggestion in (problem.suggestion or "")


@pytest.mark.parametrize(("content", "named", "renamed"), [
    ("parquet", "log.csv", "log.parquet"),
    ("text", "log.parquet", "log.csv"),
    ("text", "log.log", "log.csv"),
    ("gzip", "log.csv", "log.csv.gz"),
])
def test_following_the_suggestion_reads_the_log(tmp_path: Path, content: str, named: str, renamed: str) -> None:
    path = tmp_path / named
    WRITERS[content](path)
    with pytest.raises(InvalidLogError):
        aggregate(path)
    summary = aggregate(path.rename(tmp_path / renamed))
    assert (summary.cases, summary.events) == (6, 12)


def test_utf16_text_converted_as_suggested_reads_the_log(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    WRITERS["utf16"](path)
    converted = tmp_path / "log-utf8.txt"
    converted.write_text(path.read_text(encoding="utf-16"), encoding="utf-8")  # what iconv -f UTF-16 writes
    assert aggregate(converted).events == 12


def test_an_empty_parquet_file_is_an_empty_log_and_a_csv_whose_header_starts_par1_is_csv(tmp_path: Path) -> None:
    (tmp_path / "log.parquet").write_bytes(b"")
    with pytest.raises(InvalidLogError, match="^.*the event log is empty; export it again$"):
        aggregate(tmp_path / "log.parquet")
    (tmp_path / "log.csv").write_text(CSV.replace("case:concept:name", "PAR1"), encoding="utf-8")
    assert content_of(tmp_path / "log.csv") == "text"
    assert discover_log(tmp_path / "log.csv", {"case": "PAR1"}, threshold=1).summary.events == 12


@pytest.mark.parametrize("text", ["", "\ufeffcase:concept:name,concept:name,time:timestamp\n", "<case>,<activity>\n"])
def test_text_and_empty_logs_go_to_the_reader(tmp_path: Path, text: str) -> None:
    """An empty CSV, one with a byte-order mark, one whose header starts with '<' (not XML) are the reader's."""
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    assert content_of(path) == (None if not text else "text")
    with pytest.raises(InvalidLogError, match="the event log is empty" if not text else "has no events|no case"):
        aggregate(path)


def test_the_command_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    WRITERS["xlsx"](tmp_path / "log.xlsx")
    done = subprocess.run([sys.executable, "-m", "journeymap", "discover", "log.xlsx", "-o", "map.yaml"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("log.xlsx: error: 'log.xlsx' is an Excel workbook;")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["log.xlsx"]


def test_a_file_that_cannot_be_read_is_left_to_the_reader_to_report(tmp_path: Path) -> None:
    assert content_of(tmp_path) is None and content_of(tmp_path / "missing.csv") is None  # no OSError raised here
