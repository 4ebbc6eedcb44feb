"""The forecast as a spreadsheet (what the page shows, for the administration's own calculations) and the import's
sample files in both layouts."""

from django.utils.translation import gettext as _

from dagtilbud.spreadsheets import add_sheet, new_workbook, sheets_csv, workbook_bytes

from . import forecast as f
from .forecast_imports import LONG, SHEET, WIDE


def forecast_workbook(page):
    workbook = new_workbook()
    years = page["years"]
    rows = []
    tables = page["districts"] + ([page["total"]] if page["sees_municipality"] else [])
    for table in tables:
        for _row, label, cells in table.rows:
            for year, cell in zip(years, cells, strict=True):
                rows.append([table.label, str(label), year, cell.needed, cell.places, cell.balance])
    add_sheet(workbook, "Kapacitetsprognose", ["Distrikt", "Pasningstype", "År", "Børn forventet i pasning",
                                               "Pladser", "Overskud (+) / underskud (-)"], rows)
    rates = page["rates"]
    add_sheet(workbook, "Dækningsgrader", ["Alder", "Dagpleje (%)", "Vuggestue (%)", "Børnehave (%)"],
              [[age, *[float(v) if v is not None else None for v in values]] for age, values in rates.table()])
    add_sheet(workbook, "Forudsætninger", ["Felt", "Værdi"], [
        ["Prognose", page["forecast"].name], ["Kilde", page["forecast"].source],
        ["Dato", page["forecast"].made_on.isoformat()], ["Dækningsgrader", str(rates.name)],
        ["Beregning", _("Børn forventet i pasning = prognosens børn pr. alder × dækningsgraden, afrundet; pladser = "
                        "seneste normerede pladser + planlagte ændringer til og med årets udgang.")]])
    return workbook_bytes(workbook)


def sample_csv(figures, layout):
    """`figures`: {(district name, age, year): children}."""
    years = sorted({year for _d, _a, year in figures})
    districts = sorted({d for d, _a, _y in figures})
    if layout == "wide":
        rows = [[d, age, *[figures[(d, age, y)] for y in years]] for d in districts for age in f.AGES]
        return sheets_csv([(SHEET, WIDE + [str(y) for y in years], rows)])
    rows = [[d, age, y, figures[(d, age, y)]] for d in districts for age in f.AGES for y in years]
    return sheets_csv([(SHEET, LONG, rows)])
