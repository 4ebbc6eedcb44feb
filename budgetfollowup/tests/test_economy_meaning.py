"""The economy says one thing wherever it is read: a saving's sign in the grid and the report, totals that add up
over the same lines, the budget in force for the grid's warning and the table alike, and a first smiley among what
changed since the last round."""

import pytest
from django.urls import reverse

from budgetfollowup import selectors
from budgetfollowup.models import EconomyStatus, Initiative, InitiativeAmount, Milestone, Report, spending_deviation
from budgetfollowup.reports import report_html
from dagtilbud.documents import pdf
from dagtilbud.testing import pdf_text

from .test_round_grid import grid_post


def compact(response):
    return " ".join(response.content.decode().split())


def test_one_function_gives_a_deviation_its_sign():
    assert spending_deviation(400_000, 300_000) == (100_000, pytest.approx(33.333, abs=0.001))
    assert spending_deviation(250_000, 300_000)[0] == -50_000
    # A saving (negative budget) not fully achieved: 200.000 kr. merforbrug, +20 %, not -20 %.
    assert spending_deviation(-800_000, -1_000_000) == (200_000, 20)
    assert spending_deviation(-1_200_000, -1_000_000) == (-200_000, -20)
    assert spending_deviation(None, 300_000) is None and spending_deviation(100, 0) == (100, None)


def test_a_saving_reads_with_the_same_sign_in_the_grid_the_page_and_the_report(agreement_demo, login):
    second = agreement_demo[2]
    initiative = Initiative.objects.get(number="3.2")
    InitiativeAmount.objects.update_or_create(initiative=initiative, year=2019, defaults={"amount": -1_000_000})
    admin = login("admin")
    grid_post(admin, second, {"3.2": {"economy_smiley": "red", "expected_spending": "-800.000"}})
    assert EconomyStatus.objects.get(initiative=initiative, round=second).expected_spending == -800_000

    grid = compact(admin.get(reverse("budgetfollowup:round_grid", args=[second.pk])))
    assert "Afvigelse: 200.000 kr. (20,0 %)" in grid
    page = compact(admin.get(reverse("budgetfollowup:round_detail", args=[second.pk])))
    assert ('<td class="num">-800.000 kr.</td><td class="num">200.000 kr.</td><td class="num">20,0 %</td>'
            '<td>Merforbrug</td>') in page
    _reader, text = pdf_text(pdf.html_to_pdf(report_html(Report(round=second, version=1, kind="draft"))))
    line = next(line for line in text.splitlines() if "200.000 kr." in line)
    assert "20,0 %" in line and "Merforbrug" in line and "-20,0 %" not in text


def test_totals_add_up_over_the_same_lines_and_say_so_beside_each(agreement_demo, login):
    second = agreement_demo[2]
    admin = login("admin")
    grid_post(admin, second, {"3.1": {"economy_smiley": "red", "expected_spending": "0,4 mio."}})
    economy = selectors.round_report(second)["economy"]
    totals = [total for _section, _lines, total in economy.sections] + [economy.total]
    for total in totals:
        # Expected less corrected is the deviation shown: only the line with an expected spending is counted.
        assert total.expected - total.corrected == total.deviation == 100_000
        assert (total.reported, total.partly_reported) == (1, True) and total.lines > 1
    page = compact(admin.get(reverse("budgetfollowup:round_detail", args=[second.pk])))
    note = f"for de 1 af {economy.total.lines} indsatser med forventet regnskab"
    assert page.count(note) == 1 + sum(1 for _s, lines, _t in economy.sections if len(lines) == economy.total.lines)
    section_total = economy.sections[0][2]
    assert f"for de 1 af {section_total.lines} indsatser med forventet regnskab" in page
    assert "300.000 kr.</td><td class=\"num\">400.000 kr.</td><td class=\"num\">100.000 kr.</td>" in page


def test_the_grids_green_smiley_warning_measures_against_the_budget_in_force(agreement_demo, login):
    first, second = agreement_demo[1], agreement_demo[2]
    initiative = Initiative.objects.get(number="3.11")
    # The council approved a budget of 450.000 kr. (from 500.000) in round 1; no change in round 2.
    EconomyStatus.objects.filter(initiative=initiative, round=first).update(
        corrected_budget=450_000, approval_reference="KB 25.2.2019")
    admin = login("admin")
    response = grid_post(admin, second, {"3.11": {"economy_smiley": "green", "expected_spending": "480.000"}})
    # Over the 450.000 in force, though under the 500.000 set aside: the grid asks, as the table says merforbrug.
    assert "Forventet regnskab overstiger budgettet, men smileyen er grøn" in response.content.decode()
    assert EconomyStatus.objects.get(initiative=initiative, round=second).expected_spending is None
    row = next(r for r in selectors.round_rows(second, every_round=False) if r.initiative == initiative)
    assert selectors.budget_in_force(row, 2) == 450_000
    response = grid_post(admin, second, {"3.11": {"economy_smiley": "green", "expected_spending": "440.000"}})
    assert EconomyStatus.objects.get(initiative=initiative, round=second).expected_spending == 440_000
    line = next(line for _s, lines, _t in selectors.round_report(second)["economy"].sections for line in lines
                if line.initiative == initiative)
    assert (line.corrected, line.deviation, line.direction) == (450_000, -10_000, "Mindreforbrug")


def test_a_first_smiley_is_among_what_changed(agreement_demo, login):
    first, second = agreement_demo[1], agreement_demo[2]
    initiative = Initiative.objects.get(number="3.8")
    Milestone.objects.filter(initiative=initiative, round=first).update(smiley="")
    Milestone.objects.filter(initiative=initiative, round=second).update(text="Forslag forelagt udvalget")
    admin = login("admin")
    grid_post(admin, second, {"3.8": {"milestone_smiley": "yellow"}})
    changes = selectors.round_report(second)["changes"]
    first_smileys = [(c.initiative.number, c.scale, c.before, c.now) for c in changes.first]
    assert first_smileys == [("3.8", "milestone", "", "yellow")]
    page = compact(admin.get(reverse("budgetfollowup:round_detail", args=[second.pk])))
    table = page[page.index("Ændrede smileys"):page.index("</table>", page.index("Ændrede smileys"))]
    row = table[table.index("3.8."):]
    row = row[:row.index("</tr>")]
    assert "Ingen smiley" in row and "Ikke fuldt nået, realistisk" in row
    assert "med første smiley" in page
