"""The round workbook goes back in: exported, filled in, imported through the one import flow with a preview of every
changed cell; by an administrator for every row, by a reporter for their centre's rows only."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from budgetfollowup import demo as budget_demo
from budgetfollowup.models import EconomyStatus, Milestone, RoundImport, Submission


def _edit(content, edits):
    """{initiative number: {column name: value}} written into the Status sheet of an exported workbook."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Status"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, value in edits.get(row[0].value, {}).items():
            row[header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, content):
    response = client.post(reverse("budgetfollowup:round_import"),
                           {"file": SimpleUploadedFile("status.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = RoundImport.objects.latest("created_at")
    return record, client.get(response["Location"]).content.decode()


def test_the_administrator_imports_the_exported_round_workbook_with_smileys(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    content = client.get(reverse("budgetfollowup:round_export_xlsx", args=[second.pk])).content
    content = _edit(content, {"3.1": {"Smiley for milepæl": "Grøn", "Status": "Forelagt udvalget.",
                                      "Smiley for økonomi": "Budget overholdt", "Forventet regnskab (kr.)": 290000},
                              "3.9": {"Smiley for økonomi": "rød"}})
    record, page = _upload(client, content)
    assert "Arket mangler" not in page
    assert "Status!D2" in page and "Nået" in page and "Forelagt udvalget." in page and "290.000" in page
    assert "Status!F" in page  # 3.9's economy
    assert Milestone.objects.get(round=second, initiative__number="3.1").smiley == ""  # nothing before confirming
    response = client.post(reverse("budgetfollowup:round_import_apply", args=[record.pk]),
                           {"fingerprint": record.previewed_fingerprint})
    assert response["Location"] == reverse("budgetfollowup:round_grid", args=[second.pk])
    milestone = Milestone.objects.get(round=second, initiative__number="3.1")
    assert (milestone.smiley, milestone.status_text) == ("green", "Forelagt udvalget.")
    assert milestone.history.first().history_user.username == "admin"
    economy = EconomyStatus.objects.get(round=second, initiative__number="3.1")
    assert (economy.smiley, economy.expected_spending) == ("green", 290000)
    assert EconomyStatus.objects.get(round=second, initiative__number="3.9").smiley == "red"
    # The same file again changes nothing.
    record, page = _upload(client, content)
    assert "Ingen ændringer" in page or "allerede" in page


def test_a_word_that_is_not_a_smiley_is_a_problem_at_its_cell(agreement_demo, login):
    client = login("admin")
    second = agreement_demo[2]
    content = _edit(client.get(reverse("budgetfollowup:round_export_xlsx", args=[second.pk])).content,
                    {"3.2": {"Smiley for milepæl": "Glad"}, "3.4": {"Smiley for økonomi": "Gul"}})
    record, page = _upload(client, content)
    assert "Status!D3" in page and "“Glad” er ikke en smiley" in page
    assert "Økonomi har kun grøn og rød smiley" in page
    response = client.post(reverse("budgetfollowup:round_import_apply", args=[record.pk]),
                           {"fingerprint": record.previewed_fingerprint})
    assert not Milestone.objects.filter(round=second).exclude(smiley="").exists()
    assert response.status_code == 302


def test_a_reporter_imports_their_centres_rows_and_is_refused_the_others(agreement_demo, login):
    budget_demo.load_reporting()  # round 2 open for reporting; 3.1 and 3.2 sent, 3.3 returned
    second = agreement_demo[2]
    client = login("center.sik")
    mine = client.get(reverse("budgetfollowup:reporting_export", args=[second.pk])).content
    numbers = [row[0].value for row in load_workbook(io.BytesIO(mine))["Status"].iter_rows(min_row=2)]
    assert numbers == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.13", "3.14"]
    # The administrator's whole workbook, with another centre's row changed: refused, naming it; nothing saved.
    admin_book = login("admin").get(reverse("budgetfollowup:round_export_xlsx", args=[second.pk])).content
    client = login("center.sik")
    record, page = _upload(client, _edit(admin_book, {"3.9": {"Status": "Ikke min"}, "3.4": {"Status": "Min"}}))
    assert "3.9 (Børne- og Ungerådgivning)" in page and "3.8 (Børne- og Ungerådgivning)" in page
    client.post(reverse("budgetfollowup:round_import_apply", args=[record.pk]),
                {"fingerprint": record.previewed_fingerprint})
    assert Milestone.objects.get(round=second, initiative__number="3.4").status_text == ""
    # A sent row cannot be changed by the import either.
    record, page = _upload(client, _edit(mine, {"3.1": {"Status": "Ændret"}}))
    assert "3.1 er indsendt" in page
    # Their own rows: saved as a draft, theirs in history.
    record, page = _upload(client, _edit(mine, {"3.4": {"Smiley for økonomi": "Grøn", "Status": "På vej."}}))
    response = client.post(reverse("budgetfollowup:round_import_apply", args=[record.pk]),
                           {"fingerprint": record.previewed_fingerprint})
    assert response["Location"] == reverse("budgetfollowup:reporting", args=[second.pk])
    milestone = Milestone.objects.get(round=second, initiative__number="3.4")
    assert milestone.status_text == "På vej." and milestone.history.first().history_user.username == "center.sik"
    assert Submission.objects.get(round=second, initiative__number="3.4").state == "draft"
    # Another person's upload is not theirs to open.
    other = login("center.bur")
    assert other.get(reverse("budgetfollowup:round_import_preview", args=[record.pk])).status_code == 404
