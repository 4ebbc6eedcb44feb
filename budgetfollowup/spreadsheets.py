"""Agreements and rounds as spreadsheets: written for Excel, and read back.

The agreement workbook is also the import template: what `agreement_workbook` (or `agreement_csv`) writes,
`read_agreement` reads, so exporting an agreement and importing it elsewhere gives the same agreement.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.styles import PatternFill

from dagtilbud.imports.reading import Problem, Rows, open_book
from dagtilbud.smileys import COLOURS, ECONOMY, MILESTONE
from dagtilbud.spreadsheets import add_sheet, csv_value, new_workbook, sheets_csv, workbook_bytes

from . import selectors
from .models import BudgetAgreement, Initiative, Section


def _max(model, name):
    """The field's own limit, so that what the preview accepts, the database takes."""
    return model._meta.get_field(name).max_length

AGREEMENT_SHEET, INITIATIVES_SHEET, AMOUNTS_SHEET, MILESTONES_SHEET = "Aftale", "Indsatser", "Beløb", "Milepæle"
INITIATIVE_COLUMNS = ["Afsnit", "Afsnittets titel", "Nummer", "Titel", "Type", "Aftaletekst", "Ansvarligt center",
                      "Ansvarligt udvalg", "Væsentlig bidragsyder", "Slutdato", "Distrikter"]
AMOUNT_COLUMNS = ["Nummer", "År", "Beløb (kr.)"]
MILESTONE_COLUMNS = ["Nummer", "Opfølgning", "Milepæl"]
AGREEMENT_FIELDS = ["Titel", "Budgetår", "Udvalg", "Sagsid", "Læsevejledning", "Læsevejledning for økonomi",
                    *[f"Dato for opfølgning {n}" for n in range(1, 5)]]


def _agreement_sheets(agreement):
    """The agreement as (sheet title, columns, rows): the one layout the workbook, the CSV and the readers share.
    With no agreement, the template's sheets with their columns and nothing in them."""
    if agreement is None:
        return [
            (AGREEMENT_SHEET, ["Felt", "Værdi"], [[label, ""] for label in AGREEMENT_FIELDS]),
            (INITIATIVES_SHEET, INITIATIVE_COLUMNS, []), (AMOUNTS_SHEET, AMOUNT_COLUMNS, []),
            (MILESTONES_SHEET, MILESTONE_COLUMNS, []),
        ]
    rounds = list(agreement.rounds.all())
    initiatives = list(Initiative.objects.filter(section__agreement=agreement).select_related(
        "section", "responsible_center", "responsible_committee").prefetch_related("districts", "amounts",
                                                                                   "milestones__round"))
    return [
        (AGREEMENT_SHEET, ["Felt", "Værdi"], [
            ["Titel", agreement.title], ["Budgetår", agreement.year], ["Udvalg", agreement.committee.name],
            ["Sagsid", agreement.case_number], ["Læsevejledning", agreement.reading_guide],
            ["Læsevejledning for økonomi", agreement.economy_guide],
            *[[f"Dato for opfølgning {r.number}", r.date] for r in rounds]]),
        (INITIATIVES_SHEET, INITIATIVE_COLUMNS, [
            [i.section.number, i.section.title, i.number, i.title, i.get_kind_display(), i.text,
             i.responsible_center.name, i.responsible_committee.name, i.contributors, i.end_date,
             ", ".join(d.name for d in i.districts.all())]
            for i in initiatives]),
        (AMOUNTS_SHEET, AMOUNT_COLUMNS,
         [[i.number, a.year, int(a.amount)] for i in initiatives for a in i.amounts.all()]),
        (MILESTONES_SHEET, MILESTONE_COLUMNS, [
            [i.number, m.round.number, m.text] for i in initiatives
            for m in sorted(i.milestones.all(), key=lambda m: m.round.number) if m.text]),
    ]


def agreement_workbook(agreement):
    """The whole agreement (or, given None, the empty template): its facts, initiatives, amounts per year and
    milestone texts per round, a sheet each."""
    workbook = new_workbook()
    for title, columns, rows in _agreement_sheets(agreement):
        add_sheet(workbook, title, columns, rows)
    return workbook_bytes(workbook)


def agreement_csv(agreement):
    """The same sheets in one CSV file for Danish Excel (see dagtilbud.spreadsheets.sheets_csv); read back by
    `read_agreement`, like the workbook."""
    return sheets_csv(_agreement_sheets(agreement))


def _round_table(round_):
    header = ["Nummer", "Indsats", "Milepæl", "Smiley for milepæl", "Status", "Smiley for økonomi", "Økonomi",
              "Afsat (kr.)", "Forventet regnskab (kr.)"]
    rows = []
    for row in selectors.round_rows(round_):
        milestone, economy = MILESTONE.get(row.milestone.smiley), ECONOMY.get(row.economy.smiley)
        rows.append(([
            row.initiative.number, row.initiative.title, row.milestone.text,
            str(milestone.label) if milestone else "", row.milestone.status_text,
            str(economy.label) if economy else "", row.economy.text,
            int(row.set_aside) if row.set_aside is not None else None,
            int(row.economy.expected_spending) if row.economy.expected_spending is not None else None,
        ], row.milestone.smiley, row.economy.smiley))
    return header, rows


def round_workbook(round_):
    """The round's status grid; the smileys as words, and the cell filled with the smiley's colour."""
    header, rows = _round_table(round_)
    workbook = new_workbook()
    sheet = add_sheet(workbook, round_.name[:31], header, [values for values, _m, _e in rows])
    for n, (_values, milestone, economy) in enumerate(rows, start=2):
        for column, smiley in ((4, milestone), (6, economy)):
            if smiley:
                colour = COLOURS[smiley].lstrip("#").upper()
                sheet.cell(row=n, column=column).fill = PatternFill("solid", start_color=colour, end_color=colour)
        for column in (8, 9):
            sheet.cell(row=n, column=column).number_format = "#,##0"
    return workbook_bytes(workbook)


def round_csv(round_):
    """The round's grid as CSV for Danish Excel: semicolons (the comma is the decimal mark here), and a byte order
    mark, without which Excel reads UTF-8 as Latin-1 and garbles æ, ø and å."""
    header, rows = _round_table(round_)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for values, _m, _e in rows:
        writer.writerow([csv_value(v) for v in values])
    return "\ufeff" + out.getvalue()


# --- Reading ------------------------------------------------------------------------------------------------------

@dataclass
class ParsedInitiative:
    section_number: int
    section_title: str
    number: str
    title: str
    kind: str
    text: str
    center: str
    committee: str
    contributors: str
    end_date: object
    districts: list
    amounts: dict = field(default_factory=dict)  # year -> Decimal
    milestones: dict = field(default_factory=dict)  # round number -> text
    milestone_cells: dict = field(default_factory=dict)  # round number -> the cell its text came from
    amount_cells: dict = field(default_factory=dict)  # year -> the cell its amount came from


@dataclass
class ParsedAgreement:
    title: str = ""
    year: int = 0
    committee: str = ""
    case_number: str = ""
    reading_guide: str = ""
    economy_guide: str | None = None  # None: the workbook has no such row (an older template)
    round_dates: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)  # field label on the Aftale sheet -> its value's cell
    initiatives: list = field(default_factory=list)
    problems: list = field(default_factory=list)


KINDS = {"drift": "drift", "anlæg": "anlaeg", "anlaeg": "anlaeg"}
SHEETS = (AGREEMENT_SHEET, INITIATIVES_SHEET, AMOUNTS_SHEET, MILESTONES_SHEET)


def read_agreement(content):
    """Parse an agreement from its workbook or CSV; every problem is recorded with its sheet and cell, nothing is
    raised."""
    parsed = ParsedAgreement()
    workbook = open_book(content, parsed.problems, SHEETS)
    if workbook is None:
        return parsed
    problems = parsed.problems
    facts = Rows(workbook, AGREEMENT_SHEET, ["Felt", "Værdi"], problems)
    values = {facts.text(r, "Felt"): r for r in facts.rows}
    parsed.cells = {label: row["Værdi"][0] for label, row in values.items()}
    limits = {"title": _max(BudgetAgreement, "title"), "case_number": _max(BudgetAgreement, "case_number")}
    for label, attribute in (("Titel", "title"), ("Udvalg", "committee"), ("Sagsid", "case_number"),
                             ("Læsevejledning", "reading_guide"),
                             ("Læsevejledning for økonomi", "economy_guide")):
        if label in values:
            setattr(parsed, attribute, facts.text(values[label], "Værdi", required=label in ("Titel", "Udvalg"),
                                                  label=label, max_length=limits.get(attribute)))
        elif label in ("Titel", "Udvalg"):
            problems.append(Problem(AGREEMENT_SHEET, "", _("Feltet %(f)s mangler.") % {"f": label}))
    if "Budgetår" in values:
        parsed.year = facts.integer(values["Budgetår"], "Værdi", 2000, 2100, label="Budgetår") or 0
    else:
        problems.append(Problem(AGREEMENT_SHEET, "", _("Feltet Budgetår mangler.")))
    for number in range(1, 5):
        label = f"Dato for opfølgning {number}"
        if label in values:
            parsed.round_dates[number] = facts.date(values[label], "Værdi")

    initiatives = Rows(workbook, INITIATIVES_SHEET, INITIATIVE_COLUMNS, problems)
    by_number = {}
    for row in initiatives.rows:
        number = initiatives.text(row, "Nummer", required=True, max_length=_max(Initiative, "number"))
        if number in by_number:
            problems.append(Problem(INITIATIVES_SHEET, row["Nummer"][0],
                                    _("Indsats %(n)s står der to gange.") % {"n": number}))
            continue
        kind = initiatives.text(row, "Type").lower()
        if kind not in KINDS:
            problems.append(Problem(INITIATIVES_SHEET, row["Type"][0], _("Typen skal være Drift eller Anlæg.")))
        item = ParsedInitiative(
            section_number=initiatives.integer(row, "Afsnit", 1, 999), section_title=initiatives.text(
                row, "Afsnittets titel", required=True, max_length=_max(Section, "title")),
            number=number, title=initiatives.text(row, "Titel", required=True, max_length=_max(Initiative, "title")),
            kind=KINDS.get(kind, "drift"),
            text=initiatives.text(row, "Aftaletekst"), center=initiatives.text(row, "Ansvarligt center", required=True),
            committee=initiatives.text(row, "Ansvarligt udvalg", required=True),
            contributors=initiatives.text(row, "Væsentlig bidragsyder", max_length=_max(Initiative, "contributors")),
            end_date=initiatives.date(row, "Slutdato"),
            districts=[d.strip() for d in initiatives.text(row, "Distrikter").split(",") if d.strip()])
        item.cells = row
        by_number[number] = item
    parsed.initiatives = list(by_number.values())

    amounts = Rows(workbook, AMOUNTS_SHEET, AMOUNT_COLUMNS, problems)
    for row in amounts.rows:
        number = amounts.text(row, "Nummer", required=True)
        year, amount = amounts.integer(row, "År", 2000, 2100), amounts.amount(row, "Beløb (kr.)")
        if number and number not in by_number:
            problems.append(Problem(AMOUNTS_SHEET, row["Nummer"][0], _("Indsats %(n)s findes ikke på arket "
                                                                       "Indsatser.") % {"n": number}))
        elif year is not None and amount is not None and number:
            by_number[number].amounts[year] = amount
            by_number[number].amount_cells[year] = row["Beløb (kr.)"][0]

    milestones = Rows(workbook, MILESTONES_SHEET, MILESTONE_COLUMNS, problems)
    for row in milestones.rows:
        number = milestones.text(row, "Nummer", required=True)
        round_number = milestones.integer(row, "Opfølgning", 1, 4)
        if number and number not in by_number:
            problems.append(Problem(MILESTONES_SHEET, row["Nummer"][0], _("Indsats %(n)s findes ikke på arket "
                                                                          "Indsatser.") % {"n": number}))
        elif round_number is not None and number:
            by_number[number].milestones[round_number] = milestones.text(row, "Milepæl")
            by_number[number].milestone_cells[round_number] = row["Milepæl"][0]
    return parsed
