"""An evaluation as a workbook: its goals with the whole status history, its recommendations, and its actions."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import selectors

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """A text a spreadsheet program will not run as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _sheet(workbook, title, columns, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for n, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = max(14, min(70, len(column) + 6))


def evaluation_workbook(evaluation):
    page = selectors.evaluation_page(evaluation)
    recommendations = [r for view in page.goals for r in view.recommendations] + page.other_recommendations
    unique = list({r.pk: r for r in recommendations}.values())
    workbook = Workbook()
    workbook.remove(workbook.active)
    goal_rows = []
    for view in page.goals:
        goal_rows += [[view.goal.number, view.goal.text, s.as_of, s.get_assessment_display(), s.text,
                       s.author.get_full_name() if s.author else ""] for s in view.statuses]
        if not view.statuses:
            goal_rows.append([view.goal.number, view.goal.text, None, "", "", ""])
    _sheet(workbook, "Mål", ["Nr.", "Mål", "Status pr.", "Vurdering", "Status", "Af"], goal_rows)
    _sheet(workbook, "Anbefalinger", ["Type", "Anbefaling", "Mål", "Distrikter", "Seneste vurdering"], [
        [r.get_kind_display(), r.text, ", ".join(str(g.number) for g in r.goals.all()),
         ", ".join(d.name for d in r.districts.all()) or "Hele kommunen",
         r.latest.get_assessment_display() if r.latest else ""] for r in unique])
    actions = [a for r in unique for a in r.actions.all()] + page.other_actions
    _sheet(workbook, "Handlinger", ["Handling", "Følger af", "Ansvarlig", "Frist", "Udløbsdato", "Status",
                                    "Obligatorisk eller tilbud"], [
        [a.text, a.recommendation.text if a.recommendation_id else "", a.owner, a.due_date, a.expires_on,
         a.get_state_display(), a.get_obligation_display()] for a in actions])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
