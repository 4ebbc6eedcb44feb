"""The one import flow (dagtilbud/imports/) through both importers: a preview that writes nothing on GET and shows
every changed cell with its old and new value, the subject, a cancel button and a warning to confirm before
published data changes; bad and hostile files answered in Danish, never with an error page; limits stated."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from budgetfollowup import spreadsheets as budget_spreadsheets
from budgetfollowup.models import AgreementImport, BudgetAgreement, Initiative
from capacity.models import CapacityImport, MonthlyCapacity

from .shared_demo import load_demo

UPLOAD = {"agreement": "budgetfollowup:agreement_import", "capacity": "capacity:import"}
NAMESPACE = {"agreement": "budgetfollowup", "capacity": "capacity"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def data(db):
    load_demo("organisation", "agreement", "capacity", capacity_today=datetime.date(2026, 11, 24))


@pytest.fixture
def admin(data):
    """The administrator's client, answering as a browser would see it: an error page is a 500, not an exception."""
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def snapshot():
    """Every row of the apps an import writes to, and the import rows themselves."""
    return {m._meta.label: list(m._base_manager.order_by("pk").values_list())
            for m in apps.get_models() if m._meta.app_label in ("budgetfollowup", "capacity", "districts")}


def upload(client, kind, content, name):
    return client.post(reverse(UPLOAD[kind]), {"file": SimpleUploadedFile(name, content)})


def edited(content, edit):
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def agreement_file(edit=lambda workbook: None):
    return edited(budget_spreadsheets.agreement_workbook(BudgetAgreement.objects.get()), edit)


def capacity_file(client, edit=lambda workbook: None):
    return edited(client.get(reverse("capacity:export_xlsx")).content, edit)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- One flow: the preview is a read-only GET -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["agreement", "capacity"])
def test_a_get_of_the_preview_writes_nothing(data, login, kind):
    client = login("admin")
    if kind == "agreement":
        content = agreement_file(lambda wb: wb["Indsatser"].cell(row=3, column=4, value="Ny titel"))
    else:
        content = capacity_file(client, lambda wb: wb["Kapacitet"].cell(row=2, column=6, value=1))
    response = upload(client, kind, content, "fil.xlsx")
    assert response.status_code == 302
    before = snapshot()
    page = client.get(response.url)
    assert page.status_code == 200 and "Gennemfør importen" in page.content.decode()
    client.get(response.url, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert snapshot() == before


# --- What the preview shows -----------------------------------------------------------------------------------------

def test_the_agreement_preview_shows_each_cell_old_and_new_and_warns_before_a_published_round_changes(data, login):
    client = login("admin")
    old_title = Initiative.objects.get(number="3.2").title

    def edit(workbook):
        workbook["Indsatser"]["D3"] = "Pilotprojekt, ny titel"  # 3.2's title
        workbook["Beløb"]["C2"] = "1.234,5"  # 3.1's first amount

    response = upload(client, "agreement", agreement_file(edit), "aftale.xlsx")
    page = text(client.get(response.url))
    assert "Aftale om budget 2019 (2019), Børne- og Skoleudvalget" in page  # the agreement and its year
    assert f"<td>Indsatser!D3</td><td>Titel</td><td>{old_title}</td><td>Pilotprojekt, ny titel</td>" in page
    assert "<td>Beløb!C2</td><td>Beløb 2019</td><td>300.000 kr.</td><td>1.235 kr.</td>" in page
    assert "Advarsel: 2 ændringer ændrer, hvad en offentliggjort opfølgning viser." in page
    assert "Ændrer, hvad den offentliggjorte opfølgning viser: 1. budgetopfølgning 2019." in page
    assert 'name="published_confirmed"' in page and "Annullér importen" in page

    # Confirmed without ticking the warning: refused, nothing saved, and the page says why.
    before = snapshot()
    record = AgreementImport.objects.get()
    refused = client.post(reverse("budgetfollowup:import_apply", args=[record.pk]), follow=True)
    assert "sæt kryds ved, at du har læst advarslen om offentliggjorte data" in text(refused)
    assert Initiative.objects.get(number="3.2").title == old_title
    assert {k: v for k, v in snapshot().items() if k != "budgetfollowup.AgreementImport"} == \
        {k: v for k, v in before.items() if k != "budgetfollowup.AgreementImport"}

    done = client.post(reverse("budgetfollowup:import_apply", args=[record.pk]), {"published_confirmed": "1"})
    assert done.status_code == 302
    assert Initiative.objects.get(number="3.2").title == "Pilotprojekt, ny titel"
    assert "Importen er gennemført: 2 ændringer." in text(client.get(done.url))


def test_a_new_agreement_is_previewed_cell_by_cell_without_a_warning(data, login):
    client = login("admin")
    content = agreement_file(lambda wb: wb["Aftale"].cell(row=3, column=2, value=2031))  # Budgetår
    page = text(client.get(upload(client, "agreement", content, "aftale.xlsx").url))
    assert "Aftale om budget 2019 (2031), Børne- og Skoleudvalget" in page
    assert "<td>Aftale!B3</td><td>Budgetår</td><td>–</td><td>2031</td>" in page
    assert "Advarsel" not in page and 'name="published_confirmed"' not in page


def test_cancel_changes_nothing_and_the_import_cannot_be_confirmed_afterwards(data, login):
    client = login("admin")
    response = upload(client, "agreement",
                      agreement_file(lambda wb: wb["Indsatser"].cell(row=3, column=4, value="Ny titel")), "a.xlsx")
    record = AgreementImport.objects.get()
    before = {k: v for k, v in snapshot().items() if k != "budgetfollowup.AgreementImport"}
    cancelled = client.post(reverse("budgetfollowup:import_cancel", args=[record.pk]), follow=True)
    assert "Importen er annulleret. Intet er ændret." in text(cancelled)
    assert client.post(reverse("budgetfollowup:import_apply", args=[record.pk]),
                       {"published_confirmed": "1"}).status_code == 404
    assert {k: v for k, v in snapshot().items() if k != "budgetfollowup.AgreementImport"} == before
    assert "Importen er annulleret" in text(client.get(response.url))


def test_the_capacity_preview_shows_each_cell_old_and_new_and_what_it_is_about(data, login):
    client = login("admin")
    workbook = load_workbook(io.BytesIO(client.get(reverse("capacity:export_xlsx")).content))
    sheet = workbook["Kapacitet"]
    name, group, month = sheet["B2"].value, sheet["C2"].value, sheet["D2"].value
    old_places, old_children = sheet["E2"].value, sheet["F2"].value

    def edit(workbook):
        workbook["Kapacitet"]["F2"] = old_children + 1

    response = upload(client, "capacity", capacity_file(client, edit), "kapacitet.xlsx")
    page = text(client.get(response.url))
    assert re.search(r"Kapacitet for \d+ institutioner i \d+ distrikter, november 2025 – oktober 2026", page)
    assert f"<td>Kapacitet!F2</td><td>Indskrevne børn</td><td>{old_children}</td><td>{old_children + 1}</td>" in page
    assert "Kapacitet!E2" not in page  # the places did not change
    assert f"Ændret: {name}, {group}" in page and "Annullér importen" in page
    assert "Advarsel" not in page  # capacity has nothing published
    client.post(reverse("capacity:import_apply", args=[CapacityImport.objects.get().pk]))
    year, number = (int(x) for x in month.split("-"))
    assert MonthlyCapacity.objects.get(institution__name=name, age_group=group,
                                       month=datetime.date(year, number, 1)).children == old_children + 1
    assert MonthlyCapacity.objects.get(institution__name=name, age_group=group,
                                       month=datetime.date(year, number, 1)).places == old_places


# --- Bad and hostile files: a Danish message, never an error page ---------------------------------------------------

def rewrite_member(content, member, change):
    """The workbook with one of its XML files changed, as a hostile or broken program might write it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == member else data)
    return out.getvalue()


def with_doctype(doctype, entity):
    """Put an entity declaration before the sheet and a reference to it in the first header cell."""
    def change(xml):
        xml = xml.replace(b"<worksheet", doctype + b"<worksheet", 1)
        return re.sub(rb"<t>[^<]*</t>", b"<t>" + entity + b"</t>", xml, count=1, flags=re.S)
    return change


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                             for n in range(1, 10)) + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def first_sheet(content):
    return next(n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("xl/worksheets/sheet"))


def test_openpyxl_reads_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("kind", ["agreement", "capacity"])
@pytest.mark.parametrize("attack, entity", [(BILLION_LAUGHS, b"&lol9;"), (XXE, b"&xxe;")], ids=["laughs", "xxe"])
def test_an_xml_entity_in_a_workbook_is_refused_with_a_message(admin, kind, attack, entity):
    client = admin
    content = agreement_file() if kind == "agreement" else capacity_file(client)
    hostile = rewrite_member(content, first_sheet(content), with_doctype(attack, entity))
    before = {k: v for k, v in snapshot().items() if not k.endswith("Import")}
    response = upload(client, kind, hostile, "fil.xlsx")
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den er beskadiget." in text(page)
    assert "root:" not in text(page) and "lollol" not in text(page)
    apply = client.post(reverse(f"{NAMESPACE[kind]}:import_apply",
                                args=[(AgreementImport if kind == "agreement" else CapacityImport).objects.get().pk]),
                        {"published_confirmed": "1"})
    assert apply.status_code == 302
    assert {k: v for k, v in snapshot().items() if not k.endswith("Import")} == before


def numeric_cell(content, sheet_member, cell, number):
    """Write `number` as a numeric cell's text, as a program other than Excel may: 1e309 is a float's infinity."""
    def change(xml):
        return re.sub(rb'<c r="' + cell + rb'"[^>]*>.*?</c>', b'<c r="' + cell + b'" t="n"><v>' + number + b"</v></c>",
                      xml, count=1, flags=re.S)
    return rewrite_member(content, sheet_member, change)


def text_cell(content, sheet_member, cell, value):
    """Write a text into a cell past what Excel (or openpyxl) would write: Excel stops at 32,767 characters."""
    def change(xml):
        return re.sub(rb'<c r="' + cell + rb'"[^>]*>.*?</c>',
                      b'<c r="' + cell + b'" t="inlineStr"><is><t>' + value + b"</t></is></c>", xml, count=1,
                      flags=re.S)
    return rewrite_member(content, sheet_member, change)


def sheet_member(content, title):
    workbook = load_workbook(io.BytesIO(content))
    return f"xl/worksheets/sheet{workbook.sheetnames.index(title) + 1}.xml"


LONG = "x" * 131_073


@pytest.mark.parametrize("kind, make, message", [
    ("agreement", lambda c: numeric_cell(agreement_file(), sheet_member(agreement_file(), "Beløb"), b"C2", b"1e309"),
     "Beløb!C2: Beløbet er for stort."),
    ("capacity", lambda c: numeric_cell(capacity_file(c), "xl/worksheets/sheet1.xml", b"E2", b"1e309"),
     "Kapacitet!E2: Godkendte pladser skal være et helt tal."),
    ("capacity", lambda c: numeric_cell(capacity_file(c), "xl/worksheets/sheet1.xml", b"F3", b"-1e309"),
     "Kapacitet!F3: Indskrevne børn skal være et helt tal."),
    ("agreement", lambda c: agreement_file(lambda wb: wb["Aftale"].cell(row=2, column=2, value="T" * 300)),
     "Aftale!B2: Titel må højst have 200 tegn; her er der 300."),
    ("agreement", lambda c: agreement_file(lambda wb: wb["Indsatser"].cell(row=2, column=4, value="T" * 301)),
     "Indsatser!D2: Titel må højst have 300 tegn; her er der 301."),
    ("capacity", lambda c: capacity_file(c, lambda wb: wb["Kapacitet"].cell(row=2, column=4, value="0000-05")),
     "Kapacitet!D2: Skriv måneden som 2026-03 eller marts 2026."),
    ("capacity", lambda c: capacity_file(c, lambda wb: wb["Kapacitet"].cell(row=2, column=4, value="maj 0000")),
     "Kapacitet!D2: Skriv måneden som 2026-03 eller marts 2026."),
    ("agreement", lambda c: text_cell(agreement_file(), sheet_member(agreement_file(), "Indsatser"), b"F2",
                                      b"x" * 40_000),
     "Indsatser!F2: Cellen har mere end 32.767 tegn"),
    ("capacity", lambda c: text_cell(capacity_file(c), "xl/worksheets/sheet1.xml", b"B2", b"x" * 40_000),
     "Kapacitet!B2: Cellen har mere end 32.767 tegn"),
], ids=["amount-1e309", "places-1e309", "children-minus-1e309", "agreement-title-300", "initiative-title-301",
        "month-0000-05", "month-maj-0000", "cell-40000", "capacity-cell-40000"])
def test_bad_values_get_a_danish_message_in_the_preview_and_change_nothing(admin, kind, make, message):
    client = admin
    before = {k: v for k, v in snapshot().items() if not k.endswith("Import")}
    response = upload(client, kind, make(client), "fil.xlsx")
    page = client.get(response.url)
    assert page.status_code == 200
    assert message in text(page)
    assert "Gennemfør importen" not in text(page)
    model = AgreementImport if kind == "agreement" else CapacityImport
    apply = client.post(reverse(f"{NAMESPACE[kind]}:import_apply", args=[model.objects.get().pk]),
                        {"published_confirmed": "1"})
    assert apply.status_code == 302
    assert {k: v for k, v in snapshot().items() if not k.endswith("Import")} == before


@pytest.mark.parametrize("kind, content, message", [
    ("capacity", ("Kapacitet\r\nDistrikt;Institution;Aldersgruppe;Måned;Godkendte pladser;Indskrevne børn\r\n"
                  f"Distrikt Nord;{LONG};0-2;2026-03;30;20\r\n"),
     "Kapacitet!A3: Linje 3 kan ikke læses: en celle er for lang (højst 32.767 tegn)"),
    ("agreement", f"Aftale\r\nFelt;Værdi\r\nTitel;{LONG}\r\n", "Aftale!A3: Linje 3 kan ikke læses"),
    ("capacity", ("Kapacitet\r\nDistrikt;Institution;Aldersgruppe;Måned;Godkendte pladser;Indskrevne børn\r\n"
                  "Distrikt Nord;Børnehuset Egebjerg;0-2;0000-05;30;20\r\n"),
     "Kapacitet!D3: Skriv måneden som 2026-03 eller marts 2026."),
    ("capacity", ("Kapacitet\r\nDistrikt;Institution;Aldersgruppe;Måned;Godkendte pladser;Indskrevne børn\r\n"
                  "Distrikt Nord;Børnehuset Egebjerg\r\n"),
     "Kapacitet!C3: Aldersgruppe skal udfyldes."),
    ("capacity", ("Kapacitet\r\nDistrikt;Institution;Aldersgruppe;Måned;Godkendte pladser;Indskrevne børn\r\n"
                  f"Distrikt Nord;{'x' * 40_000};0-2;2026-03;30;20\r\n"),
     "Kapacitet!B3: Cellen har mere end 32.767 tegn"),
], ids=["capacity-field-131073", "agreement-field-131073", "capacity-month-0000-05", "capacity-short-line",
        "capacity-field-40000"])
def test_bad_csv_gets_a_danish_message_never_a_500(admin, kind, content, message):
    client = admin
    before = {k: v for k, v in snapshot().items() if not k.endswith("Import")}
    response = upload(client, kind, content.encode("utf-8"), "fil.csv")
    assert response.status_code == 302, text(response)[:2000]
    page = client.get(response.url)
    assert page.status_code == 200 and message in text(page)
    model = AgreementImport if kind == "agreement" else CapacityImport
    assert client.post(reverse(f"{NAMESPACE[kind]}:import_apply", args=[model.objects.get().pk])).status_code == 302
    assert {k: v for k, v in snapshot().items() if not k.endswith("Import")} == before


# --- Limits, and large imports in the background ----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_file_over_the_row_or_cell_limit_is_refused_with_the_limit_in_the_message(admin, settings, fmt):
    settings.IMPORT_MAX_ROWS = 10
    content = admin.get(reverse(f"capacity:export_{fmt}")).content
    page = text(admin.get(upload(admin, "capacity", content, f"kapacitet.{fmt}").url))
    assert "Filen har mere end 10 rækker. En import kan have højst 10 rækker i alt; del filen i flere." in page
    assert "Gennemfør importen" not in page
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 50_000, 30
    page = text(admin.get(upload(admin, "capacity", content, f"kapacitet.{fmt}").url))
    assert "Filen har mere end 30 celler. En import kan have højst 30 celler i alt; del filen i flere." in page


def test_the_upload_page_states_the_limits(admin, settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 50_000, 600_000
    for kind in ("agreement", "capacity"):
        assert "En fil må have højst 50.000 rækker og 600.000 celler i alt." in text(admin.get(reverse(UPLOAD[kind])))


def test_a_large_file_is_read_in_the_background_and_its_page_shows_the_progress(admin, settings):
    from dagtilbud.imports.progress import Progress

    settings.IMPORT_BACKGROUND_BYTES = 100  # every file is large
    response = upload(admin, "capacity", capacity_file(admin), "kapacitet.xlsx")
    record = CapacityImport.objects.get()
    assert record.state == "planning" and record.preview is None  # nothing read in the request
    Progress(record)(3, 10)  # as the worker reports it
    before = snapshot()
    page = text(admin.get(response.url))
    assert "Filen læses i baggrunden." in page and "3 af 10" in page and 'value="30"' in page
    assert f'hx-get="{response.url}" hx-trigger="every 2s"' in page
    poll = admin.get(response.url, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert '<div id="import-progress"' in poll.content.decode() and "<html" not in poll.content.decode()
    assert "Gennemfør importen" not in page
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_previewed_and_applied_by_a_real_worker(worker, settings, client, monkeypatch):
    from capacity.imports import IMPORTER

    load_demo("organisation", "capacity", capacity_today=datetime.date(2026, 11, 24))
    client.force_login(get_user_model().objects.get(username="admin"))
    settings.IMPORT_BACKGROUND_BYTES = 100
    monkeypatch.setattr(IMPORTER, "background_after", 0)
    record = MonthlyCapacity.objects.order_by("pk").first()

    def edit(workbook):
        sheet = workbook["Kapacitet"]
        for row in sheet.iter_rows(min_row=2):
            if (row[1].value, row[2].value, row[3].value) == (
                    record.institution.name, record.age_group, record.month.strftime("%Y-%m")):
                row[5].value = record.children + 2

    response = upload(client, "capacity", capacity_file(client, edit), "kapacitet.xlsx")
    imported = CapacityImport.objects.get()
    wait_for(lambda: CapacityImport.objects.get().state == "planned")
    page = text(client.get(response.url))
    assert f"<td>{record.children}</td><td>{record.children + 2}</td>" in page

    queued = client.post(reverse("capacity:import_apply", args=[imported.pk]), follow=True)
    assert "Importen kører i baggrunden" in text(queued)
    wait_for(lambda: CapacityImport.objects.get().state == "applied")
    assert MonthlyCapacity.objects.get(pk=record.pk).children == record.children + 2
    assert MonthlyCapacity.objects.get(pk=record.pk).history.first().history_user.username == "admin"
    assert "Importen er gennemført: 1 ændring." in text(client.get(response.url))
    done = client.get(response.url, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert done.headers["HX-Refresh"] == "true"  # the polling page reloads to show the result


def wait_for(condition, seconds=90):
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


@pytest.fixture
def broker_down():
    """The app's producer pointed at a port where nothing listens: a real connection that is refused."""
    from config.celery import app

    configured = app.conf.broker_url

    def use(url):
        app.conf.broker_url = url
        app._pool = None  # both pools cache connections to the broker they were made for
        app.amqp._producer_pool = None

    use("redis://127.0.0.1:9/0")
    yield
    use(configured)


def test_a_broker_that_cannot_be_reached_is_said_and_the_import_can_be_tried_again(
        admin, settings, broker_down, django_capture_on_commit_callbacks):
    settings.IMPORT_BACKGROUND_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin, "capacity", capacity_file(admin), "kapacitet.xlsx")
    assert response.status_code == 302
    page = text(admin.get(response.url))
    assert "Baggrundskøen kan ikke nås lige nu, så importen er ikke gået i gang. Intet er gemt" in page
    assert "Prøv igen" in page
    settings.IMPORT_BACKGROUND_BYTES = 10_000_000  # small again: read in the request
    retried = text(admin.post(response.url))
    assert "Ingen ændringer: tallene er allerede som i regnearket." in retried


def test_a_background_step_whose_worker_was_lost_may_be_asked_again(admin, settings):
    from django.utils import timezone

    settings.IMPORT_BACKGROUND_BYTES = 100
    response = upload(admin, "capacity", capacity_file(admin), "kapacitet.xlsx")
    record = CapacityImport.objects.get()
    assert "Prøv igen" not in text(admin.get(response.url))  # just queued: wait for it
    CapacityImport.objects.filter(pk=record.pk).update(
        queued_at=timezone.now() - datetime.timedelta(seconds=settings.IMPORT_SOFT_TIME_LIMIT + 180))
    assert "Prøv igen" in text(admin.get(response.url))
    settings.IMPORT_BACKGROUND_BYTES = 10_000_000
    assert "Ingen ændringer" in text(admin.post(response.url))
