"""The overview of the learning plans as a workbook: one row per house. Sheet and column names are Danish in both
languages, as every workbook of the app's."""

from django.conf import settings
from django.utils import translation

from dagtilbud.spreadsheets import add_sheet, new_workbook, workbook_bytes

COLUMNS = ["Distrikt", "Institution", "Type", "Status", "Senest offentliggjort", "Næste evaluering senest",
           "Igangværende evaluering"]


def overview_workbook(rows):
    with translation.override(settings.LANGUAGE_CODE):
        data = [[row.institution.district.name, row.institution.name, str(row.institution.get_kind_display()),
                 str(row.due.label), row.due.last_published, row.due.due_on, str(row.open_state_label)]
                for row in rows]
    workbook = new_workbook()
    sheet = add_sheet(workbook, "Læreplaner", COLUMNS, data)
    for column in ("E", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD-MM-YYYY"
    return workbook_bytes(workbook)
