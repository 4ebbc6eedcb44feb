"""Spreadsheets, the one way. Writing for Excel: bold frozen header, sensible widths, and texts that a spreadsheet
program will not run as formulas (CSV/formula injection). Reading: an .xlsx, or a CSV of the same sheets one after
the other (`sheets_csv`), as rows of named columns, with every problem recorded against its cell in Danish."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _, gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from . import formatting

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


# --- Reading ------------------------------------------------------------------------------------------------------

@dataclass
class Problem:
    sheet: str
    cell: str  # "C7", or "" for the whole sheet
    message: str

    def __str__(self):
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


class Rows:
    """A sheet's rows as {column name: (cell name, value)}, with problems recorded against the cell at fault."""

    def __init__(self, workbook, title, columns, problems):
        self.title, self.problems, self.rows = title, problems, []
        if title not in workbook.sheetnames:
            problems.append(Problem(title, "", getattr(workbook, "missing_sheet", _("Arket mangler."))))
            return
        sheet = workbook[title]
        lines = sheet.iter_rows()
        header = [str(c.value or "").strip() for c in next(lines, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            problems.append(Problem(title, "A1", _("Kolonnerne mangler: %(cols)s.") % {"cols": ", ".join(missing)}))
            return
        for line in lines:
            if all(c.value in (None, "") for c in line):
                continue
            row = {}
            for name, cell in zip(header, line):
                if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f":
                    problems.append(Problem(title, cell.coordinate, _("Formler læses ikke; skriv værdien.")))
                row[name] = (cell.coordinate, cell.value)
            self.rows.append(row)

    def text(self, row, column, required=False, label=None):
        """`label` names the value in messages where the column does not (the Aftale sheet's Felt/Værdi)."""
        cell, value = row.get(column, ("", None))
        value = "" if value is None else str(value).strip()
        if value.startswith("'") and value[1:2] in FORMULA_START:
            value = value[1:]  # our own escape of a text that looks like a formula
        if required and not value:
            self.problems.append(Problem(self.title, cell, _("%(col)s skal udfyldes.") % {"col": label or column}))
        return value

    def integer(self, row, column, low=None, high=None, label=None):
        column_label = label or column
        cell, value = row.get(column, ("", None))
        try:
            number = int(str(value).strip()) if not isinstance(value, (int, float)) else int(value)
            if isinstance(value, float) and value != int(value):
                raise ValueError
        except (TypeError, ValueError):
            self.problems.append(Problem(self.title, cell, _("%(col)s skal være et helt tal.") % {
                "col": column_label}))
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problems.append(Problem(self.title, cell, _("%(col)s skal være mellem %(low)d og %(high)d.") % {
                "col": column_label, "low": low, "high": high}))
            return None
        return number

    def amount(self, row, column):
        cell, value = row.get(column, ("", None))
        if isinstance(value, (int, float)):
            return Decimal(str(value)).quantize(Decimal(1))
        try:
            return formatting.parse_amount(str(value or ""))
        except formatting.AmountParseError as error:
            self.problems.append(Problem(self.title, cell, str(error)))
            return None

    def date(self, row, column):
        cell, value = row.get(column, ("", None))
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            danish = DANISH_DATE.fullmatch(text)  # how Danish Excel writes a date into a CSV: 31-12-2019
            if danish:
                return datetime.date(int(danish[3]), int(danish[2]), int(danish[1]))
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.problems.append(Problem(self.title, cell, _("Skriv datoen som 31-12-2019 eller 2019-12-31.")))
            return None


DANISH_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


@dataclass
class CsvCell:
    value: str
    coordinate: str
    data_type: str


class CsvBook:
    """A CSV file read as the workbook's sheets (see `agreement_csv`): a line holding only a sheet's name begins
    that sheet. A cell is named by its column and its line in the file, as Excel shows it when it opens the CSV."""

    missing_sheet = gettext_lazy("Linjen med arkets navn mangler, så dets rækker kan ikke findes.")

    def __init__(self, text, sheets):
        lines = [line for line in text.splitlines() if line.strip(";,\t ")][:2]
        # Danish Excel separates with semicolons (the comma is the decimal mark); others with commas or tabs.
        delimiter = max(";,\t", key=lambda d: sum(line.count(d) for line in lines)) if lines else ";"
        self.sheets = {}
        current = None
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            filled = [v.strip() for v in values if v.strip()]
            if len(filled) == 1 and values[0].strip() in sheets:
                current = self.sheets.setdefault(values[0].strip(), [])
                continue
            if current is not None:
                # In a CSV, a cell starting with = is what Excel would run as a formula.
                current.append([CsvCell(v, f"{get_column_letter(i)}{number}", "f" if v.startswith("=") else "s")
                                for i, v in enumerate(values, start=1)])

    @property
    def sheetnames(self):
        return list(self.sheets)

    def __getitem__(self, title):
        return CsvSheet(self.sheets[title])


@dataclass
class CsvSheet:
    rows: list

    def iter_rows(self):
        return iter(self.rows)


def open_book(content, problems, sheets):
    """The workbook, or the CSV read as one; None (with the problem recorded) if the file is neither."""
    if content.startswith(b"PK"):
        try:
            return load_workbook(io.BytesIO(content), data_only=False, read_only=False)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
            pass
    elif b"\x00" not in content:
        for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV UTF-8", then its plain CSV on Danish Windows
            try:
                return CsvBook(content.decode(encoding), sheets)
            except UnicodeDecodeError:
                continue
    problems.append(Problem(_("Filen"), "", _("Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den "
                                              "er beskadiget.")))
    return None


