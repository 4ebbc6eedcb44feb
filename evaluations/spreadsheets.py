"""An evaluation as a workbook: its goals with the whole status history, its recommendations, and its actions."""

from dagtilbud.spreadsheets import add_sheet, new_workbook, workbook_bytes

from . import selectors


def evaluation_workbook(evaluation):
    page = selectors.evaluation_page(evaluation)
    recommendations = [r for view in page.goals for r in view.recommendations] + page.other_recommendations
    unique = list({r.pk: r for r in recommendations}.values())
    workbook = new_workbook()
    goal_rows = []
    for view in page.goals:
        goal_rows += [[view.goal.number, view.goal.text, s.as_of, s.get_assessment_display(), s.text,
                       s.author.get_full_name() if s.author else ""] for s in view.statuses]
        if not view.statuses:
            goal_rows.append([view.goal.number, view.goal.text, None, "", "", ""])
    add_sheet(workbook, "Mål", ["Nr.", "Mål", "Status pr.", "Vurdering", "Status", "Af"], goal_rows)
    add_sheet(workbook, "Anbefalinger", ["Type", "Anbefaling", "Mål", "Distrikter", "Seneste vurdering"], [
        [r.get_kind_display(), r.text, ", ".join(str(g.number) for g in r.goals.all()),
         ", ".join(d.name for d in r.districts.all()) or "Hele kommunen",
         r.latest.get_assessment_display() if r.latest else ""] for r in unique])
    actions = [a for r in unique for a in r.actions.all()] + page.other_actions
    add_sheet(workbook, "Handlinger", ["Handling", "Følger af", "Ansvarlig", "Frist", "Udløbsdato", "Status",
                                    "Obligatorisk eller tilbud"], [
        [a.text, a.recommendation.text if a.recommendation_id else "", a.owner, a.due_date, a.expires_on,
         a.get_state_display(), a.get_obligation_display()] for a in actions])
    return workbook_bytes(workbook)
