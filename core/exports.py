"""Spreadsheets of what visitors wrote (CSV and XLSX), for every app that exports them.

Visitors write the texts, so every text cell that a spreadsheet could read as a formula
(=, +, -, @, a tab or a carriage return at the start) gets a single quote in front: the
spreadsheet shows the text and never runs it.
"""

import csv
import datetime
from io import BytesIO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet cell holds at most 32,767 characters.
CELL_MAX_LENGTH = 32_000
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "d.m.yyyy h:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that a spreadsheet would run as a formula, made plain text with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def local(value):
    """A moment as the site's local time without a zone (spreadsheets have none)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def shorten(text):
    if len(text) <= CELL_MAX_LENGTH:
        return text
    return text[:CELL_MAX_LENGTH] + "\n" + _("… (shortened: the text did not fit in one cell)")


def csv_response(filename, headings, rows):
    """Semicolon-separated UTF-8 with a byte order mark, as Excel in Finland expects.

    `rows` is iterated while the response streams, so a long export never sits in memory.
    """

    class Line:
        def write(self, text):
            return text

    writer = csv.writer(Line(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([neutralise(h) for h in headings])
        for row in rows:
            yield writer.writerow([_csv_value(value) for value in row])

    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def new_workbook():
    return Workbook(write_only=True)


def add_sheet(workbook, title, widths, headings):
    """A sheet with bold, frozen headings and the given column widths."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_heading_cells(sheet, headings))
    return sheet


def append_row(sheet, row):
    sheet.append(_xlsx_cells(sheet, row))


def xlsx_response(workbook, filename):
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def table_response(file_format, filename, sheet_title, widths, headings, rows):
    """One table as a CSV ("csv") or XLSX file named `filename` plus the extension.

    `rows` may be a generator: a CSV writes it while streaming, after the view returned,
    so its rows are made in the language active now (the staff member's admin language).
    """
    rows = _in_language(rows, translation.get_language())
    if file_format == "csv":
        return csv_response(f"{filename}.csv", headings, rows)
    workbook = new_workbook()
    sheet = add_sheet(workbook, sheet_title, widths, headings)
    for row in rows:
        append_row(sheet, row)
    return xlsx_response(workbook, f"{filename}.xlsx")


def _in_language(rows, language):
    iterator = iter(rows)
    while True:
        with translation.override(language):
            row = next(iterator, None)
        if row is None:
            return
        yield row


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    if value is None:
        return ""
    return neutralise(value)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _heading_cells(sheet, headings):
    for heading in headings:
        cell = WriteOnlyCell(sheet, neutralise(heading))
        cell.font = Font(bold=True)
        yield cell


def _xlsx_cells(sheet, row):
    for value in row:
        if isinstance(value, str):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            # Never let the spreadsheet read visitor text as a formula, whatever openpyxl guessed.
            cell.data_type = "s"
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(value, datetime.datetime):
            cell.number_format = XLSX_DATETIME_FORMAT
        yield cell
