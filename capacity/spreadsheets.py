"""Capacity as a spreadsheet: one sheet, a row per institution, age group and month. What `capacity_workbook`
writes (the template, filled in with what is recorded), the importer (imports.py) reads."""

import datetime
import re

from django.utils.translation import gettext as _

from dagtilbud import formatting
from dagtilbud.imports.reading import Problem
from dagtilbud.spreadsheets import add_sheet, new_workbook, sheets_csv, workbook_bytes

from .models import AgeGroup, MonthlyCapacity

SHEET = "Kapacitet"
COLUMNS = ["Distrikt", "Institution", "Aldersgruppe", "Måned", "Godkendte pladser", "Indskrevne børn"]
GROUPS = {**{g.value: g.value for g in AgeGroup}, **{str(g.label).lower(): g.value for g in AgeGroup},
          "0-2 år": "0-2", "3-5 år": "3-5", "vuggestue": "0-2", "børnehave": "3-5"}
MONTH_FORMS = [re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(-01)?"),
               re.compile(r"(01[-./])?(?P<m>\d{1,2})[-./](?P<y>\d{4})")]


def _sheets(records):
    return [(SHEET, COLUMNS, [
        [r.institution.district.name, r.institution.name, r.age_group, r.month.strftime("%Y-%m"), r.places,
         r.children] for r in records])]


def _records(institutions):
    return MonthlyCapacity.objects.filter(institution__in=institutions).select_related(
        "institution__district").order_by("institution__district__name", "institution__name", "month", "age_group")


def capacity_workbook(institutions):
    workbook = new_workbook()
    for title, columns, rows in _sheets(_records(institutions)):
        add_sheet(workbook, title, columns, rows)
    return workbook_bytes(workbook)


def capacity_csv(institutions):
    return sheets_csv(_sheets(_records(institutions)))


def read_month(value, rows, row, column):
    cell = row.get(column, ("", None))[0]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value or "").strip().lower()
    for pattern in MONTH_FORMS:
        match = pattern.fullmatch(text)
        # Year 0000 or 9999 is a typing error, not a month anyone reports (and year 0 is no date at all).
        if match and 1 <= int(match["m"]) <= 12 and 2000 <= int(match["y"]) <= 2100:
            return datetime.date(int(match["y"]), int(match["m"]), 1)
    for number, name in enumerate(formatting.MONTHS, start=1):  # "marts 2026"
        match = re.fullmatch(rf"{name}\s+(\d{{4}})", text)
        if match and 2000 <= int(match[1]) <= 2100:
            return datetime.date(int(match[1]), number, 1)
    rows.problems.append(Problem(SHEET, cell, _("Skriv måneden som 2026-03 eller marts 2026.")))
    return None
