"""What an event log's first bytes say it is, where its name says otherwise: a Parquet file named .csv, a spreadsheet,
a compressed or UTF-16 file, XML under another name. Each gets one message saying what the file is and what to do,
where the reader would have given a puzzling one (a Parquet file is "not UTF-8 text" to the CSV reader)."""

from __future__ import annotations

import codecs
import gzip
import zipfile
import zlib
from pathlib import Path

from journeymap.discover.errors import InvalidLogError
from journeymap.errors import Problem

__all__ = ["check_content", "content_of", "unknown_kind"]

_SIGNATURES = ((b"PAR1", "parquet"), (b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"),
               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"), (b"\xff\xfe", "utf16"), (b"\xfe\xff", "utf16"))
_HEAD = 512  # bytes read to tell what a file is
# What each content is, as a message names it.
_NAMED = {"parquet": "a Parquet file", "cut parquet": "a Parquet file cut short", "gzip": "gzip-compressed",
          "zip": "a zip archive", "xlsx": "an Excel workbook", "ods": "an OpenDocument spreadsheet",
          "xls": "an Excel 97-2003 workbook", "utf16": "UTF-16 text (Excel's \"Unicode Text\")",
          "xml": "XML (an XES log?)", "text": "text", "binary": "neither text nor a Parquet file"}
_SPREADSHEETS = ("xlsx", "ods", "xls")
# The suffixes that tell a file's kind, each before any it ends with.
_SUFFIXES = (".csv.gz", ".xes.gz", ".csv", ".tsv", ".txt", ".parquet", ".pq", ".xes", ".gz", ".xlsx", ".xlsm", ".xls",
             ".ods", ".zip")
# What a log's name promises (see ``check_content``): the contents that keep the promise (a gzip file's: what it
# holds, its own where it may hold any), and the promise in words.
_PROMISES = {"csv": (("text",), "CSV text"), "csv.gz": (("gzip text",), "gzip-compressed CSV"),
             "parquet": (("parquet",), "a Parquet file"), "xes": (("xml", "gzip xml"), "an XES log (XML)")}


def content_of(path: Path) -> str | None:
    """What the file's first bytes say it is: a key of ``_NAMED``; None for an empty file, or one that cannot be
    read (the reader then says why)."""
    try:
        with path.open("rb") as stream:
            start = stream.read(_HEAD)
            if start.startswith(b"PAR1"):  # a Parquet file ends as it starts
                stream.seek(max(len(start), stream.seek(0, 2) - 4))
                if stream.read(4) != b"PAR1":
                    return "text" if _text_like(start) and b"\n" in start else "cut parquet"
    except OSError:
        return None
    kind = _kind_of(start)
    return _zipped(path) if kind == "zip" else kind


def _kind_of(start: bytes) -> str | None:
    """What a file starting with ``start`` is, by its first bytes alone."""
    if not start:
        return None
    kind = next((kind for signature, kind in _SIGNATURES if start.startswith(signature)), None)
    if kind is not None:
        return kind
    if start.removeprefix(codecs.BOM_UTF8).lstrip().startswith((b"<?xml", b"<log", b"<!")):
        return "xml"
    if b"\x00" not in start:
        return "text"
    # UTF-16 without its mark: a zero byte in every other place, where the text is ASCII
    halves = sorted((start[0::2].count(0), start[1::2].count(0)))
    return "utf16" if halves[1] > 0.6 * (len(start) // 2) and halves[0] == 0 else "binary"


def _text_like(start: bytes) -> bool:
    try:
        start.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in start


def _inside(path: Path) -> str | None:
    """What a gzip file holds, by its first bytes; None where they cannot be read (the reader then says why)."""
    try:
        with gzip.open(path) as stream:
            start = stream.read(_HEAD)
    except (OSError, EOFError, zlib.error):
        return None
    return _kind_of(start)


def _zipped(path: Path) -> str:
    """"xlsx", "ods" or "zip", by what the archive holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "ods" if "content.xml" in names and "mimetype" in names else "zip"


def check_content(path: Path, named: str) -> None:
    """Raises InvalidLogError where the local file at ``path``, named as a log of kind ``named`` (a key of
    ``_PROMISES``), is something else, or a Parquet file that is empty or cut short; any other empty file passes
    (the reader says it is empty)."""
    content = content_of(path)
    kept, promise = _PROMISES[named]
    inside = _inside(path) if content == "gzip" else None
    if content == "gzip" and (f"gzip {inside}" in kept or inside is None):
        return
    if content in kept:
        return
    if content is None:
        if named == "parquet" and path.is_file() and path.stat().st_size == 0:
            raise InvalidLogError([Problem(message="the event log is empty", file=str(path),
                                           suggestion="export it again")])
        return
    what = f"a gzip file holding {_NAMED[inside]}" if inside else _NAMED[content]
    message = f"'{path.name}' is {what}" + ("" if content == "cut parquet" else f", not {promise}")
    raise InvalidLogError([Problem(message=message, value=str(path), file=str(path),
                                   suggestion=_what_to_do(path, content, inside))])


def unknown_kind(path: Path) -> InvalidLogError:
    """The error for a local log whose name tells no kind, saying what its first bytes say it is."""
    content = content_of(path)
    if content in (None, "text"):
        message = f"cannot tell what kind of event log '{path.name}' is"
        suggestion = f"if it is CSV, name it {_stem(path.name)}.csv (or .tsv); discover reads CSV, Parquet and XES logs"
    else:
        message = (f"'{path.name}' is {_NAMED[content]}" if content in _SPREADSHEETS
                   else f"cannot tell what kind of event log '{path.name}' is by its name: it is {_NAMED[content]}")
        suggestion = _what_to_do(path, content, _inside(path) if content == "gzip" else None)
    return InvalidLogError([Problem(message=message, value=str(path), file=str(path), suggestion=suggestion)])


def _what_to_do(path: Path, content: str, inside: str | None = None) -> str:
    """How to make a log of ``content`` readable (``inside``: what a gzip file holds, where known)."""
    stem = _stem(path.name)
    if content == "gzip" and inside not in (None, "text", "xml"):
        return "unzip it (gunzip), then " + _what_to_do(path.with_name(f"{stem}.csv"), inside)
    if content == "gzip" and inside is not None:
        return f"name it {stem}{'.xes.gz' if inside == 'xml' else '.csv.gz'} (discover reads it compressed)"
    if content in _SPREADSHEETS:
        return ("discover reads CSV, Parquet and XES logs, not spreadsheets: save the sheet as CSV UTF-8 (in Excel: "
                "File, Save As, CSV UTF-8) and discover that file")
    if content == "utf16":
        suffix = path.suffix if path.suffix.lower() in (".csv", ".tsv", ".txt") else ".csv"
        return f"save it as CSV UTF-8, or convert it, e.g. iconv -f UTF-16 -t UTF-8 {path.name} > {stem}-utf8{suffix}"
    return {"parquet": f"rename it {stem}.parquet", "cut parquet": "copy or export the log again",
            "gzip": f"name it {stem}.csv.gz, or {stem}.xes.gz for an XES log (discover reads either compressed)",
            "zip": "unzip it and discover the log inside",
            "xml": f"if it is an XES log, name it {stem}.xes",
            "text": f"if it is CSV, rename it {stem}.csv",
            "binary": "discover reads CSV (UTF-8), Parquet and XES logs"}[content]


def _stem(name: str) -> str:
    """A file's name without the suffix that says its kind ("log" of "log.csv.gz" and of "log.2024.xlsx")."""
    lowered = name.lower()
    suffix = next((suffix for suffix in _SUFFIXES if lowered.endswith(suffix)), Path(name).suffix)
    return name[:len(name) - len(suffix)] if suffix and len(name) > len(suffix) else name
