"""The report as CSV (UTF-8 with BOM, so Excel reads Chinese) and as an XLSX workbook."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from petitiondesk.stats.tables import Table, report_tables

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RATE_FORMAT = "0.00%"


def to_csv(report: dict) -> bytes:
    """Return every table of the report in one CSV, each under its title, a blank line apart."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for n, table in enumerate(report_tables(report)):
        if n:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    # the byte-order mark is what makes Excel open UTF-8 Chinese correctly
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(report: dict) -> bytes:
    """Return the report as a workbook with one sheet per table."""
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        _sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, table: Table) -> None:
    """Write one table on its own sheet: header in bold, rates as percentages."""
    sheet = book.create_sheet(_sheet_title(table.title))
    sheet.append(list(table.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):  # the only fractions are on-time rates
                cell.number_format = RATE_FORMAT
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(40, 4 + 2 * width)


def _sheet_title(title: str) -> str:
    """Return a valid sheet name (at most 31 characters, none of []:*?/\\)."""
    for bad in "[]:*?/\\":
        title = title.replace(bad, "-")
    return title[:31]
