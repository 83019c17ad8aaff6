"""CSV and XLSX downloads, streamed row by row: the writer every list and report shares.

A table is a list of `Column`s (each with a Dutch and an English header: the user's language
picks one) and a function that yields rows. The CSV is a generator the server sends as it goes;
the XLSX is written by a write-only workbook to a temporary file, then sent. Neither holds
all rows in memory. Dates are ISO 8601. The column tables stay with the reports they describe.
"""

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Response, send_file, stream_with_context
from flask_babel import get_locale

from pop.extensions import db

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
CSV_CHUNK = 64 * 1024
YIELD_PER = 1000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[Any]


@dataclass(frozen=True)
class Column:
    nl: str
    en: str

    def header(self, language: str) -> str:
        return self.en if language == "en" else self.nl


@dataclass
class Table:
    """What an export writes: a name for the file and sheet, columns, and rows made lazily."""

    name: str
    columns: Sequence[Column]
    rows: Callable[[], Iterable[Row]]


def headers(columns: Sequence[Column], language: str | None = None) -> list[str]:
    language = language or str(get_locale() or "nl")
    return [column.header(language) for column in columns]


def text_value(value: Any) -> str:
    """A cell as CSV text: ISO dates, empty for nothing, formulas disarmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def iter_csv(table: Table, language: str | None = None) -> Iterator[str]:
    """The CSV text in chunks: a byte-order mark (so spreadsheets read UTF-8), headers, rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers(table.columns, language))
    for row in table.rows():
        writer.writerow([text_value(value) for value in row])
        if buffer.tell() >= CSV_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue()


def csv_response(table: Table) -> Response:
    """A streamed CSV download: rows are read from the database while the response is sent."""
    language = str(get_locale() or "nl")
    return Response(
        stream_with_context(iter_csv(table, language)),
        mimetype=CSV_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{table.name}.csv"'},
    )


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "POP"


def _xlsx_cell(sheet, value: Any, WriteOnlyCell, illegal_characters):
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(microsecond=0))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, int | float):
        return value
    text = illegal_characters.sub("", str(value))
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # text, never a formula
        return cell
    return text


def write_xlsx(table: Table, handle, language: str | None = None) -> None:
    # openpyxl (some 20 MB) is imported by the worker that writes a workbook, not by every one.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.name))
    sheet.append(headers(table.columns, language))
    for row in table.rows():
        sheet.append(
            [_xlsx_cell(sheet, value, WriteOnlyCell, ILLEGAL_CHARACTERS_RE) for value in row]
        )
    workbook.save(handle)


def xlsx_response(table: Table) -> Response:
    """An XLSX download, written row by row to a temporary file that is gone once sent."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  (send_file closes it)
    try:
        write_xlsx(table, handle)
    except Exception:
        handle.close()
        raise
    handle.seek(0)
    return send_file(
        handle,
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{table.name}.xlsx",
    )


def response(table: Table, file_format: str) -> Response:
    return xlsx_response(table) if file_format == "xlsx" else csv_response(table)


def streamed(statement, convert: Callable[[Any], Row] | None = None) -> Callable[[], Iterator[Row]]:
    """Rows of `statement`, fetched from the database a thousand at a time as they are written."""

    def rows() -> Iterator[Row]:
        result = db.session.execute(statement.execution_options(yield_per=YIELD_PER))
        try:
            for row in result:
                yield convert(row) if convert is not None else tuple(row)
        finally:
            result.close()

    return rows
