"""Survey responses as the survey tools export them, read into one table: CSV in any common encoding (UTF-8 with or
without a byte-order mark, UTF-16 with one, Windows-1252) and delimiter (comma, semicolon, tab), or an Excel
``.xlsx`` sheet. Each row keeps where it stands in its file, so a message can point at it."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, Problem, did_you_mean
from journeymap.io.reading import byte_limit, read_limited
from journeymap.survey.definition import SurveyDefinition
from journeymap.survey.definition_reader import EXCEL_SUFFIXES
from journeymap.survey.errors import InvalidSurveyError

DELIMITERS = (",", ";", "\t")
SNIFF_RECORDS = 50  # records read to choose the delimiter
FALLBACK_ENCODING = "cp1252"  # Windows-1252: what Excel on Windows writes as "CSV"
EXPORT_HINT = "export the responses again from the survey tool, as CSV (UTF-8) or Excel (.xlsx)"


@attrs.frozen
class Row:
    """One respondent's answers, with the line of the file where the row starts (the row number in a sheet)."""

    line: int
    values: tuple[str, ...]


@attrs.frozen
class ResponseTable:
    """The responses: column names and rows, each cell as text (an empty cell is ``""``)."""

    file: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    header_line: int = 1
    encoding: str | None = None  # how a CSV file was decoded; None for a sheet

    def column(self, name: str) -> int | None:
        """The index of the column called ``name`` (its first, if two share the name), or None."""
        try:
            return self.headers.index(name)
        except ValueError:
            return None


def read_responses(definition: SurveyDefinition) -> ResponseTable:
    """The responses a definition names; raises InvalidSurveyError when they cannot be read as a table."""
    path = definition.responses
    file = os.fspath(path)
    try:
        raw = read_limited(path, byte_limit())
    except OSError as err:
        raise _error(f"cannot read the responses: {err.strerror or err}", file) from None
    except InvalidMapError as err:
        raise InvalidSurveyError(err.problems) from None
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_sheet(raw, file, definition)
    text, encoding = decode_csv(raw, file, definition.encoding)
    return _read_csv(text, file, definition.delimiter, encoding)


def decode_csv(raw: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in: ``encoding`` when given, else by its byte-order
    mark (UTF-8, UTF-16), else UTF-8, else Windows-1252."""
    if raw.startswith(b"PK\x03\x04"):
        raise _error("the responses file is a zip archive (an Excel workbook?), not CSV text", file,
                     suggestion="if it is a workbook, name it .xlsx")
    if encoding is not None:
        return _decoded(raw, file, encoding, f"is not in the encoding the definition gives ({encoding})"), encoding
    if raw.startswith(codecs.BOM_UTF8):
        return _decoded(raw, file, "utf-8-sig", "is not UTF-8 text, though it starts as UTF-8 does"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(raw, file, "utf-16", "is not UTF-16 text, though it starts as UTF-16 does"), "utf-16"
    if b"\x00" in raw[:4096]:
        raise _error("the responses file holds NUL bytes: UTF-16 without a byte-order mark, or not text at all", file,
                     suggestion="save it as CSV UTF-8, or give `encoding: utf-16-le` in the definition")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decoded(raw, file, FALLBACK_ENCODING, "is neither UTF-8 nor Windows-1252 text"), FALLBACK_ENCODING


def _decoded(raw: bytes, file: str, encoding: str, failure: str) -> str:
    """``raw`` decoded, else an error placing the first byte that cannot be, saying the file ``failure``."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise InvalidSurveyError([Problem(
            message=f"the responses file {failure}: byte 0x{raw[err.start]:02x} cannot be read",
            value=f"0x{raw[err.start]:02x}", file=file, line=line,
            suggestion="save it as CSV UTF-8, or give its encoding in the definition (`encoding: utf-16`)")]) from None


def _read_csv(text: str, file: str, delimiter: str | None, encoding: str) -> ResponseTable:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _error("the responses file is empty", file, suggestion=EXPORT_HINT)
    chosen = delimiter or sniff_delimiter(text)
    records: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True)
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(Row(start, tuple(record)))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InvalidSurveyError([Problem(message=f"cannot read the CSV: {err}", file=file, line=start,
                                          suggestion="a quote inside a quoted value is written twice (\"\")")]) from None
    return _table(file, records, encoding)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most columns, the same number in each row (a comma when
    none splits them: one column).

    >>> sniff_delimiter('a;b;"c, d"\\n1;2;3\\n'), sniff_delimiter("a,b\\n1,2\\n"), sniff_delimiter("a\\tb\\n1\\t2")
    (';', ',', '\\t')
    """
    def score(delimiter: str) -> tuple[bool, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        counts = []
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    counts.append(len(record))
                if len(counts) >= SNIFF_RECORDS:
                    break
        except csv.Error:
            return False, 0
        return len(set(counts)) == 1, counts[0] if counts else 0

    scores = {delimiter: score(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])  # max keeps the first of equals: a comma
    return best if scores[best][1] > 1 else ","


def _read_sheet(raw: bytes, file: str, definition: SurveyDefinition) -> ResponseTable:
    import openpyxl  # type: ignore[import-untyped]  # imported only for a workbook: it takes 0.2 s to load
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)  # streamed, row by row
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as err:
        raise _error(f"cannot read the responses as an Excel workbook: {err}", file,
                     suggestion=EXPORT_HINT) from None
    names = list(workbook.sheetnames)
    if definition.sheet is not None and definition.sheet not in names:
        raise InvalidSurveyError([definition.located(
            f"the workbook {os.path.basename(file)} has no sheet '{definition.sheet}'", ("sheet",), definition.sheet,
            did_you_mean(definition.sheet, names) or f"its sheets are {', '.join(names)}")])
    sheet = workbook[definition.sheet] if definition.sheet is not None else workbook.worksheets[0]
    try:
        rows = [Row(number, tuple(cell_text(value) for value in values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)]
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise _error(f"cannot read the sheet '{sheet.title}': {err}", file, suggestion=EXPORT_HINT) from None
    finally:
        workbook.close()
    return _table(file, [row for row in rows if any(cell.strip() for cell in row.values)], None)


def cell_text(value: Any) -> str:
    """A sheet's cell as the text a CSV export would hold: ``3`` not ``3.0``, a date as ``2026-03-01 09:30:00``.

    >>> cell_text(3.0), cell_text(2.5), cell_text(None), cell_text(True), cell_text(datetime.date(2026, 3, 1))
    ('3', '2.5', '', 'TRUE', '2026-03-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _table(file: str, records: Sequence[Row], encoding: str | None) -> ResponseTable:
    if not records:
        raise _error("the responses file is empty", file, suggestion=EXPORT_HINT)
    header, *rows = records
    headers = _trimmed([cell.strip() for cell in header.values])
    if not rows:
        raise _error("the responses file holds only the column names, no responses", file, line=header.line,
                     suggestion=EXPORT_HINT)
    problems = [_row_length(file, row, len(headers)) for row in rows
                if len(_trimmed(row.values)) > len(headers) or (encoding and len(row.values) < len(headers))]
    if problems:
        raise InvalidSurveyError(_first_few(problems))
    padded = tuple(Row(row.line, tuple(row.values[:len(headers)]) + ("",) * (len(headers) - len(row.values)))
                   for row in rows)
    return ResponseTable(file, tuple(headers), padded, header.line, encoding)


def _row_length(file: str, row: Row, width: int) -> Problem:
    """A CSV row with fewer values than the header has columns, or a row of either kind with more."""
    length = len(row.values) if len(row.values) < width else len(_trimmed(row.values))
    return Problem(message=f"this row has {length} values, the first row names {width} columns", file=file,
                   line=row.line, suggestion="a value holding the delimiter must be in quotes; "
                                             "or the file was cut short or joined from two exports")


def _first_few(problems: list[Problem], few: int = 10) -> list[Problem]:
    if len(problems) <= few:
        return problems
    last = problems[few - 1]
    return [*problems[:few - 1], attrs.evolve(last, message=f"{last.message} (and {len(problems) - few} more rows)")]


def _trimmed(cells: Iterable[str]) -> list[str]:
    """Cells without the empty ones at the end (a sheet's formatting can reach past its last column)."""
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _error(message: str, file: str, *, line: int | None = None, suggestion: str | None = None) -> InvalidSurveyError:
    return InvalidSurveyError([Problem(message=message, file=file, line=line, suggestion=suggestion)])
