"""Writing spreadsheets, the one way, for Excel: bold frozen header, sensible widths, and texts that a spreadsheet
program will not run as formulas (CSV/formula injection). Reading them back is dagtilbud/imports/reading.py."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A text starting like a formula gets a leading apostrophe, which Excel shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def new_workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(workbook, title, columns, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for n, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = max(12, min(60, len(column) + 4))
    return sheet


def workbook_bytes(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheets_csv(sheets):
    """[(title, columns, rows)] as one CSV file for Danish Excel: a line with the sheet's name, its header, its rows,
    an empty line; semicolons (the comma is the decimal mark here) and a byte order mark, without which Excel reads
    UTF-8 as Latin-1 and garbles æ, ø and å."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for n, (title, columns, rows) in enumerate(sheets):
        if n:
            writer.writerow([])
        writer.writerow([title])
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe(value)
