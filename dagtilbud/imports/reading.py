"""Reading a spreadsheet for an import: an .xlsx, or a CSV of the same sheets one after the other (written by
`dagtilbud.spreadsheets.sheets_csv`), as rows of named columns, with every problem recorded against its cell in
Danish, and within the limits (IMPORT_MAX_ROWS, IMPORT_MAX_CELLS) that keep a hostile file from exhausting a worker."""

import csv
import datetime
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dagtilbud import formatting
from dagtilbud.spreadsheets import FORMULA_START


@dataclass
class Problem:
    sheet: str
    cell: str  # "C7", or "" for the whole sheet
    message: str

    def __str__(self):
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


# Excel's own limit for the text in one cell; a longer "cell" (a CSV field of 131,072 characters) is not a
# spreadsheet a person made.
MAX_CELL_CHARS = 32_767
# Columns read from a header row: ours have at most a dozen; a sheet 16,384 columns wide is read no further.
MAX_COLUMNS = 100
UNREADABLE = gettext_lazy("Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den er beskadiget.")


class TooLarge(Exception):
    """The file has more rows or cells than an import reads (settings.IMPORT_MAX_ROWS, IMPORT_MAX_CELLS)."""

    def __init__(self, message, cell=""):
        super().__init__(message)
        self.cell = cell


class CellTooLong(Exception):
    def __init__(self, cell):
        super().__init__(_("Cellen har mere end %(max)s tegn, som er det mest, et regneark kan have i en celle.")
                         % {"max": formatting.danish_number(MAX_CELL_CHARS)})
        self.cell = cell


class Limits:
    """What one import reads at most, counted over all its sheets, so the message can say which limit and where."""

    def __init__(self, rows, cells):
        self.max_rows, self.max_cells, self.rows, self.cells = rows, cells, 0, 0

    @classmethod
    def from_settings(cls):
        return cls(settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS)

    def count(self, line, title, number):
        self.rows += 1
        self.cells += len(line)
        if self.rows > self.max_rows:
            raise TooLarge(_("Filen har mere end %(max)s rækker. En import kan have højst %(max)s rækker i alt; del "
                             "filen i flere.") % {"max": formatting.danish_number(self.max_rows)}, f"A{number}")
        if self.cells > self.max_cells:
            raise TooLarge(_("Filen har mere end %(max)s celler. En import kan have højst %(max)s celler i alt; del "
                             "filen i flere.") % {"max": formatting.danish_number(self.max_cells)}, f"A{number}")


class Rows:
    """A sheet's rows as {column name: (cell name, value)}, with problems recorded against the cell at fault.

    At most `limits.rows` rows per file and `limits.cells` cells are read (the rest is refused with a message that
    names the limit): the sheet is read row by row, so a huge file is stopped before it fills the memory."""

    def __init__(self, workbook, title, columns, problems):
        self.title, self.problems, self.rows = title, problems, []
        if title not in workbook.sheetnames:
            problems.append(Problem(title, "", getattr(workbook, "missing_sheet", _("Arket mangler."))))
            return
        limits = getattr(workbook, "limits", None) or Limits.from_settings()
        try:
            self._read(workbook, workbook[title], columns, limits)
        except (TooLarge, CellTooLong) as refused:
            problems.append(Problem(title, refused.cell, str(refused)))
        except Exception:  # noqa: BLE001
            # A damaged or hostile workbook (an XML entity, which defusedxml refuses; a broken zip member; a
            # number no date can hold) fails in the parser while the sheet is read, with whatever the parser
            # raises: the person gets a message, never an error page.
            problems.append(Problem(title, "", UNREADABLE))

    def _read(self, workbook, sheet, columns, limits):
        title = self.title
        header_cells = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS), ())
        header = [str(c.value or "").strip() for c in header_cells]
        while header and not header[-1]:
            header.pop()
        missing = [c for c in columns if c not in header]
        if missing:
            self.problems.append(Problem(title, "A1", _("Kolonnerne mangler: %(cols)s.") % {
                "cols": ", ".join(missing)}))
            return
        for number, line in enumerate(sheet.iter_rows(min_row=2, max_col=len(header)), start=2):
            limits.count(line, title, number)
            if all(c.value in (None, "") for c in line):
                continue
            # A CSV cell knows its line in the file; an empty cell of a workbook does not know where it is.
            first = getattr(line[0], "coordinate", None) if line else None
            line_number = int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) if first else number
            # A short CSV line has no cell for the last columns: they are empty, not missing.
            row = {name: (f"{get_column_letter(index)}{line_number}", None)
                   for index, name in enumerate(header, start=1)}
            for index, (name, cell) in enumerate(zip(header, line, strict=False), start=1):
                coordinate = getattr(cell, "coordinate", None) or f"{get_column_letter(index)}{line_number}"
                value = cell.value
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise CellTooLong(coordinate)
                if isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
                    self.problems.append(Problem(title, coordinate, _("Formler læses ikke; skriv værdien.")))
                row[name] = (coordinate, value)
            self.rows.append(row)

    def text(self, row, column, required=False, label=None, max_length=None):
        """`label` names the value in messages where the column does not (the Aftale sheet's Felt/Værdi);
        `max_length` is the field's, so that what the preview accepts, the database takes."""
        cell, value = row.get(column, ("", None))
        value = "" if value is None else str(value).strip()
        if value.startswith("'") and value[1:2] in FORMULA_START:
            value = value[1:]  # our own escape of a text that looks like a formula
        if required and not value:
            self.problems.append(Problem(self.title, cell, _("%(col)s skal udfyldes.") % {"col": label or column}))
        if max_length and len(value) > max_length:
            self.problems.append(Problem(self.title, cell, _(
                "%(col)s må højst have %(max)s tegn; her er der %(n)s.") % {
                "col": label or column, "max": formatting.danish_number(max_length),
                "n": formatting.danish_number(len(value))}))
            return value[:max_length]
        return value

    def integer(self, row, column, low=None, high=None, label=None):
        column_label = label or column
        cell, value = row.get(column, ("", None))
        try:
            number = int(str(value).strip()) if not isinstance(value, (int, float)) else int(value)
            if isinstance(value, float) and value != int(value):
                raise ValueError
        except (TypeError, ValueError, OverflowError):  # OverflowError: 1e309 in a numeric cell is infinity
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
            if not math.isfinite(value) or abs(value) >= 1e12:  # 1e309 in a numeric cell is infinity
                self.problems.append(Problem(self.title, cell, _("Beløbet er for stort.")))
                return None
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
        lines = [line for line in text.splitlines()[:50] if line.strip(";,\t ")][:2]
        # Danish Excel separates with semicolons (the comma is the decimal mark); others with commas or tabs.
        delimiter = max(";,\t", key=lambda d: sum(line.count(d) for line in lines)) if lines else ";"
        self.sheets = {}
        self.limits = Limits.from_settings()
        self.problem = None  # (sheet, cell, message): the file could not be read past this point
        current, title, number = None, "", 0
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                filled = [v.strip() for v in values if v.strip()]
                if len(filled) == 1 and values[0].strip() in sheets:
                    title = values[0].strip()
                    current = self.sheets.setdefault(title, [])
                    continue
                if current is not None:
                    values = values[:MAX_COLUMNS]
                    self.limits.count(values, title, number)
                    for i, v in enumerate(values, start=1):
                        if len(v) > MAX_CELL_CHARS:
                            raise CellTooLong(f"{get_column_letter(i)}{number}")
                    # In a CSV, a cell starting with = is what Excel would run as a formula.
                    current.append([CsvCell(v, f"{get_column_letter(i)}{number}", "f" if v.startswith("=") else "s")
                                    for i, v in enumerate(values, start=1)])
        except (TooLarge, CellTooLong) as refused:
            self.problem = (title or _("Filen"), refused.cell, str(refused))
        except csv.Error:
            # Python's reader stops at a field over 131,072 characters or a stray NUL: say where it stopped.
            self.problem = (title or _("Filen"), f"A{number + 1}", _(
                "Linje %(line)d kan ikke læses: en celle er for lang (højst %(max)s tegn) eller indeholder tegn, "
                "der ikke hører til i en CSV-fil.") % {"line": number + 1,
                                                        "max": formatting.danish_number(MAX_CELL_CHARS)})
        # What was read is kept but not imported: a file read only in part must change nothing.
        self.limits = Limits(math.inf, math.inf)

    @property
    def sheetnames(self):
        return list(self.sheets)

    def __getitem__(self, title):
        return CsvSheet(self.sheets[title])


@dataclass
class CsvSheet:
    rows: list

    def iter_rows(self, min_row=1, max_row=None, max_col=None):
        return (row[:max_col] for row in self.rows[min_row - 1:max_row])


def open_book(content, problems, sheets):
    """The workbook (read row by row, never whole), or the CSV read as one; None (with the problem recorded) if the
    file is neither or cannot be read within the limits."""
    book = None
    if content.startswith(b"PK"):
        try:
            book = load_workbook(io.BytesIO(content), data_only=False, read_only=True)
            book.limits = Limits.from_settings()
        except Exception:  # noqa: BLE001 - a damaged or hostile zip fails in many ways (see Rows); all say the same
            book = None
    elif b"\x00" not in content:
        for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV UTF-8", then its plain CSV on Danish Windows
            try:
                book = CsvBook(content.decode(encoding), sheets)
            except UnicodeDecodeError:
                continue
            if book.problem:
                problems.append(Problem(*book.problem))
                return None
            break
    if book is None:
        problems.append(Problem(_("Filen"), "", str(UNREADABLE)))
    return book
