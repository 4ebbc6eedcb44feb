"""Spreadsheets in and out: export, import with preview, all or nothing, and the round trip."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from budgetfollowup import spreadsheets
from budgetfollowup.models import AgreementImport, BudgetAgreement, Initiative, Milestone
from tests.shared_demo import load_demo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The demo agreement's round 1 is published: an import that changes it asks for this confirmation.
CONFIRMED = {"published_confirmed": "1"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def snapshot():
    """The agreement as data, to compare two databases' copies."""
    agreement = BudgetAgreement.objects.get()
    return {
        "agreement": (agreement.title, agreement.year, agreement.committee.name, agreement.case_number,
                      agreement.reading_guide, agreement.economy_guide, [r.date for r in agreement.rounds.all()]),
        "initiatives": sorted(
            (i.section.number, i.section.title, i.number, i.title, i.kind, i.text, i.responsible_center.name,
             i.responsible_committee.name, i.contributors, i.end_date, sorted(d.name for d in i.districts.all()),
             sorted((a.year, a.amount) for a in i.amounts.all()),
             sorted((m.round.number, m.text) for m in i.milestones.all()))
            for i in Initiative.objects.select_related("section", "responsible_center", "responsible_committee")),
    }


def upload(client, content, name="aftale.xlsx"):
    return client.post(reverse("budgetfollowup:agreement_import"), {"file": SimpleUploadedFile(name, content)})


def test_export_then_import_into_an_empty_database_gives_the_same_agreement(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    exported = client.get(reverse("budgetfollowup:agreement_export", args=[agreement.pk]))
    assert exported["Content-Type"] == XLSX
    content = exported.content
    before = snapshot()

    agreement.delete()  # the organisation stays: the import names centres, committees and districts
    response = upload(client, content)
    preview = client.get(response.url).content.decode()
    assert "Ny budgetaftale: Aftale om budget 2019 (2019) for Børne- og Skoleudvalget" in preview
    assert "Ny indsats 3.14. En sammenhængende skoledag" in preview
    record = AgreementImport.objects.get()
    client.post(reverse("budgetfollowup:import_apply", args=[record.pk]))
    assert snapshot() == before
    imported = Initiative.objects.get(number="3.1")
    assert imported.history.first().history_user.username == "admin"  # the import is in history, by whom

    # The same file again: nothing to do, nothing changes.
    response = upload(client, content)
    assert "Ingen ændringer" in client.get(response.url).content.decode()
    assert snapshot() == before


def broken_copy(content, edit):
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_file_with_errors_names_the_cells_and_changes_nothing(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    content = spreadsheets.agreement_workbook(agreement)

    def edit(workbook):
        initiatives, amounts, milestones = workbook["Indsatser"], workbook["Beløb"], workbook["Milepæle"]
        initiatives["G2"] = "Center for Ukendt"  # responsible centre of 3.1
        initiatives["C3"] = "3.1"  # a duplicate number
        initiatives["D4"] = "Ændret titel"
        amounts["C2"] = "tre kroner"
        amounts["B3"] = "=2019+1"
        milestones.append(["3.3", 7, "En femte opfølgning"])
        milestones["C2"] = "Milepæl i en offentliggjort opfølgning, ændret"

    before = snapshot()
    response = upload(client, broken_copy(content, edit))
    page = client.get(response.url).content.decode()
    for expected in ("Indsatser!G2: Centret “Center for Ukendt” findes ikke.",
                     "Indsatser!C3: Indsats 3.1 står der to gange.",
                     "Beløb!C2: ", "Beløb!B3: Formler læses ikke; skriv værdien.",
                     "Opfølgning skal være mellem 1 og 4.",
                     "Milepæle!C2: Indsats 3.1: milepælen for opfølgning 1 kan ikke ændres, for opfølgningen er "
                     "offentliggjort"):
        assert expected in page, expected
    assert "Gennemfør importen" not in page
    client.post(reverse("budgetfollowup:import_apply", args=[AgreementImport.objects.get().pk]))
    assert snapshot() == before


@pytest.mark.parametrize("name, content, message", [
    ("aftale.xlsx", b"%PDF-1.7 not a spreadsheet", "Filen er ikke en rigtig Excel (.xlsx)"),
    ("aftale.xlsx", b"", "Den indsendte fil er tom."),
    ("aftale.csv", b"PK\x03\x04", "Filen er ikke en rigtig CSV: indholdet passer ikke til endelsen .csv."),
    ("aftale.ods", b"PK\x03\x04", "Filtypen “.ods” kan ikke bruges her. Tilladte typer: Excel (.xlsx), CSV."),
])
def test_wrong_files_are_refused_at_upload(agreement_demo, login, name, content, message):
    response = upload(login("admin"), content, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not AgreementImport.objects.exists()


def test_a_broken_or_huge_xlsx_gets_a_message_not_a_500(agreement_demo, login, settings):
    client = login("admin")
    content = spreadsheets.agreement_workbook(BudgetAgreement.objects.get())
    truncated = upload(client, content[: len(content) // 2])
    assert "Filen er ikke en rigtig Excel (.xlsx)" in truncated.content.decode()
    # A zip that is a workbook to the upload check but that openpyxl cannot read: the preview says so.
    damaged = broken_copy(content, lambda workbook: None).replace(b"xl/workbook.xml", b"xl/workbook.xmX")
    assert "Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den er beskadiget." in \
        client.get(upload(client, damaged).url).content.decode()
    settings.UPLOAD_MAX_BYTES = 1000
    assert "Filen er for stor" in upload(client, content).content.decode()


def test_danish_characters_and_number_formats_are_read(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()

    def edit(workbook):
        workbook["Indsatser"]["D2"] = "Kvalitet i dagtilbud – æøå ÆØÅ"
        workbook["Beløb"]["C2"] = "1.234,5"
        workbook["Beløb"]["C3"] = "0,3 mio. kr."

    response = upload(client, broken_copy(spreadsheets.agreement_workbook(agreement), edit))
    client.get(response.url)  # the preview
    client.post(reverse("budgetfollowup:import_apply", args=[AgreementImport.objects.get().pk]), CONFIRMED)
    first = Initiative.objects.get(number="3.1")
    assert first.title == "Kvalitet i dagtilbud – æøå ÆØÅ"
    assert sorted(first.amounts.values_list("amount", flat=True))[:2] == [1235, 300000]
    assert response.status_code == 302


def test_exports_escape_formulas_and_carry_smileys_as_words_and_colours(agreement_demo, login):
    first = agreement_demo[1]
    Milestone.objects.filter(round=first, initiative__number="3.1").update(status_text="=HYPERLINK(\"x\")")
    client = login("udvalg")
    book = load_workbook(io.BytesIO(client.get(reverse("budgetfollowup:round_export_xlsx", args=[first.pk])).content))
    sheet = book.active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["3.1"][4].value == "'=HYPERLINK(\"x\")"
    assert rows["3.1"][3].value == "Ikke fuldt nået, realistisk"
    assert rows["3.1"][3].fill.start_color.rgb.upper().endswith("F2C318")
    raw = client.get(reverse("budgetfollowup:round_export_csv", args=[first.pk])).content
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:2] == ["Nummer", "Indsats"] and any(r[4] == "'=HYPERLINK(\"x\")" for r in table)
    # A committee member may export the published round, not a draft, and not the agreement's workbook.
    assert client.get(reverse("budgetfollowup:round_export_csv", args=[agreement_demo[2].pk])).status_code == 404
    assert client.get(reverse("budgetfollowup:agreement_export", args=[first.agreement_id])).status_code == 403


def test_json_for_the_data_warehouse_follows_the_same_permissions(agreement_demo, login):
    client = login("udvalg")
    agreement = BudgetAgreement.objects.get()
    data = json.loads(client.get(reverse("budgetfollowup:agreement_json", args=[agreement.pk])).content)
    assert [r["number"] for r in data["rounds"]] == [1]  # the drafts are not the committee's
    first = next(i for i in data["rounds"][0]["initiatives"] if i["number"] == "3.1")
    assert first["milestone_smiley"] == {"key": "yellow", "label": "Ikke fuldt nået, realistisk"}
    assert first["set_aside_kr"] == 300000
    assert client.get(reverse("budgetfollowup:round_json", args=[agreement_demo[2].pk])).status_code == 404
    assert login("uden.rolle").get(reverse("budgetfollowup:agreement_json", args=[agreement.pk])).status_code == 404


def test_only_what_differs_is_saved_and_a_change_after_the_preview_is_not_overwritten(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    content = broken_copy(spreadsheets.agreement_workbook(agreement),
                          lambda workbook: workbook["Indsatser"].cell(row=3, column=4, value="Pilotprojekt, ny titel"))
    history_before = {i.number: i.history.count() for i in Initiative.objects.all()}

    response = upload(client, content)
    assert "Ændret indsats 3.2. Pilotprojekt, ny titel" in client.get(response.url).content.decode()
    # Meanwhile another administrator edits an initiative: the preview no longer shows what would happen.
    other = Initiative.objects.get(number="3.9")
    in_the_file = other.contributors
    other.contributors = "Ungerådgivningen"
    from budgetfollowup import services
    services.initiative_save(initiative=other, districts=other.districts.all())
    record = AgreementImport.objects.get()
    refused = client.post(reverse("budgetfollowup:import_apply", args=[record.pk]), CONFIRMED, follow=True)
    assert "Aftalen er ændret, siden du så forhåndsvisningen" in refused.content.decode()
    assert Initiative.objects.get(number="3.2").title != "Pilotprojekt, ny titel"

    client.get(reverse("budgetfollowup:import_preview", args=[record.pk]))  # seen again: now it may go through
    client.post(reverse("budgetfollowup:import_apply", args=[record.pk]), CONFIRMED)
    assert Initiative.objects.get(number="3.2").title == "Pilotprojekt, ny titel"
    assert Initiative.objects.get(number="3.9").contributors == in_the_file  # the file's value, knowingly applied
    changed = {i.number for i in Initiative.objects.all() if i.history.count() != history_before[i.number]}
    assert changed == {"3.2", "3.9"}  # 3.9 by the other administrator and then the import; the rest untouched


def test_the_template_downloads_even_before_the_first_agreement(db, login):
    load_demo("organisation")
    response = login("admin").get(reverse("budgetfollowup:import_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Aftale", "Indsatser", "Beløb", "Milepæle"]
    assert [c.value for c in book["Indsatser"][1]][:4] == ["Afsnit", "Afsnittets titel", "Nummer", "Titel"]


# --- CSV: the same sheets one after the other, as Danish Excel saves them --------------------------------------

def test_csv_export_then_import_into_an_empty_database_gives_the_same_agreement(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    exported = client.get(reverse("budgetfollowup:agreement_export_csv", args=[agreement.pk]))
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    content = exported.content
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[:2] == ["Aftale", "Felt;Værdi"] and "Indsatser" in lines and "Milepæle" in lines
    before = snapshot()

    agreement.delete()
    response = upload(client, content, "aftale.csv")
    assert "Ny indsats 3.14. En sammenhængende skoledag" in client.get(response.url).content.decode()
    client.post(reverse("budgetfollowup:import_apply", args=[AgreementImport.objects.get().pk]))
    assert snapshot() == before
    assert "Ingen ændringer" in client.get(upload(client, content, "aftale.csv").url).content.decode()


def excel_csv(agreement, edit):
    """The agreement's CSV as Danish Excel saves it after editing: Windows-1252, semicolons, every line padded to
    the widest row, dates as 31-12-2019. `edit` gets the rows (lists of texts) and changes them."""
    text = spreadsheets.agreement_csv(agreement).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    for row in rows:
        for n, value in enumerate(row):
            if len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
                row[n] = f"{value[8:]}-{value[5:7]}-{value[:4]}"
    edit(rows)
    width = max(len(r) for r in rows)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(r + [""] * (width - len(r)) for r in rows)
    return out.getvalue().encode("cp1252")


def line_of(rows, sheet, number):
    """The line (1-based) of initiative `number`'s row in the given sheet's block."""
    start = next(n for n, r in enumerate(rows) if r and r[0] == sheet)
    return next(n for n, r in enumerate(rows) if n > start and len(r) > 2 and number in r[:3]) + 1


def test_a_danish_excel_csv_is_read_with_its_characters_dates_and_amounts(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()

    def edit(rows):
        row = rows[line_of(rows, "Indsatser", "3.1") - 1]
        row[3] = "Kvalitet i dagtilbud – æøå ÆØÅ"
        row[9] = "31-12-2027"
        amounts = rows[line_of(rows, "Beløb", "3.1") - 1]
        amounts[2] = "1.234,5"

    content = excel_csv(agreement, edit)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # really Windows-1252, as Danish Excel's plain CSV
    response = upload(client, content, "aftale.csv")
    preview = client.get(response.url).content.decode()
    assert "Ændret indsats 3.1. Kvalitet i dagtilbud – æøå ÆØÅ" in preview
    client.post(reverse("budgetfollowup:import_apply", args=[AgreementImport.objects.get().pk]), CONFIRMED)
    first = Initiative.objects.get(number="3.1")
    assert first.title == "Kvalitet i dagtilbud – æøå ÆØÅ"
    assert str(first.end_date) == "2027-12-31"
    assert 1235 in set(first.amounts.values_list("amount", flat=True))


def test_a_csv_with_errors_names_the_line_and_column_and_changes_nothing(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    lines = {}

    def edit(rows):
        lines["centre"] = line_of(rows, "Indsatser", "3.2")
        rows[lines["centre"] - 1][6] = "Center for Ukendt"
        lines["amount"] = line_of(rows, "Beløb", "3.1")
        rows[lines["amount"] - 1][2] = "=1+1"
        rows[lines["amount"]][1] = "tyve"

    before = snapshot()
    page = client.get(upload(client, excel_csv(agreement, edit), "aftale.csv").url).content.decode()
    for expected in (f"Indsatser!G{lines['centre']}: Centret “Center for Ukendt” findes ikke.",
                     f"Beløb!C{lines['amount']}: Formler læses ikke; skriv værdien.",
                     f"Beløb!B{lines['amount'] + 1}: År skal være et helt tal."):
        assert expected in page, expected
    assert "Gennemfør importen" not in page
    client.post(reverse("budgetfollowup:import_apply", args=[AgreementImport.objects.get().pk]))
    assert snapshot() == before


def test_a_csv_without_the_sheet_lines_says_what_is_missing(agreement_demo, login):
    client = login("admin")
    page = client.get(upload(client, "Nummer;Titel\n3.1;Noget\n".encode(), "aftale.csv").url).content.decode()
    assert "Aftale: Linjen med arkets navn mangler" in page
    assert "Indsatser: Linjen med arkets navn mangler" in page
    assert BudgetAgreement.objects.count() == 1


def test_the_csv_template_downloads_before_the_first_agreement_and_reads_back_empty(db, login):
    load_demo("organisation")
    content = login("admin").get(reverse("budgetfollowup:import_template_csv")).content
    text = content.decode("utf-8-sig")
    assert text.splitlines()[:3] == ["Aftale", "Felt;Værdi", "Titel;"]
    parsed = spreadsheets.read_agreement(content)
    assert [str(p) for p in parsed.problems] == ["Aftale!B3: Titel skal udfyldes.", "Aftale!B5: Udvalg skal udfyldes.",
                                                 "Aftale!B4: Budgetår skal være et helt tal."]
