"""The committee's "Kapacitetsprognose" rendered by a real worker and read back; and the forecast import given the
same malformed and hostile files as the other imports (tests/test_imports.py, tests/test_bad_input.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from capacity import forecast_demo, forecast_spreadsheets
from capacity.models import CoverageScenario, ForecastImport, ForecastReport, PopulationForecast
from dagtilbud.spreadsheets import workbook_bytes
from dagtilbud.testing import pdf_structure_problems, pdf_text, wait_until_rendered
from tests.shared_demo import load_demo
from tests.test_bad_input import import_values
from tests.test_imports import BILLION_LAUGHS, XXE, first_sheet, numeric_cell, rewrite_member, text_cell, with_doctype

TODAY = datetime.date.today()


def test_an_administrator_asks_for_the_pdf_and_a_worker_renders_the_five_years_per_district(
        transactional_db, worker, login):
    load_demo("organisation", "capacity", "forecast")
    admin = login("admin")
    scenario = CoverageScenario.objects.create(name="Uændret")
    forecast = PopulationForecast.objects.current()
    response = admin.post(reverse("capacity:forecast_pdf_request", args=[forecast.pk]), {"scenarie": scenario.pk},
                          follow=True)
    assert "Kapacitetsprognosen er sat i kø" in response.content.decode()
    report = wait_until_rendered(ForecastReport.objects.get(forecast=forecast))
    assert report.state == "ready", report.error
    assert report.scenario == scenario
    download = admin.get(reverse("capacity:forecast_pdf_download", args=[report.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    pdf, text = pdf_text(content)
    words = " ".join(text.split())
    assert "Kapacitetsprognose" in words and "Tallene i denne befolkningsprognose er opdigtede." in words
    assert "dækningsgrader: Uændret" in words
    for name in ("Distrikt Nord", "Distrikt Syd", "Distrikt Øst", "Distrikt Vest", "Distrikt Midt", "Kommunen i alt"):
        assert name in words
    for year in range(TODAY.year, TODAY.year + 6):
        assert str(year) in words
    # "Uændret" has every rate at 0: no child is expected in care, so there is no deficit anywhere.
    assert "Ingen distrikter mangler pladser" in words
    assert f"side 1 af {report.pages}" in words
    assert pdf.trailer["/Root"]["/Lang"] == "da"
    assert pdf_structure_problems(content) == []
    # Only the administration reads it.
    assert login("dl.nord").get(reverse("capacity:forecast_pdf_download", args=[report.pk])).status_code == 403


def test_the_pdf_with_the_computed_rates_names_the_deficit(db, login):
    from dagtilbud.documents import workflow as documents

    load_demo("organisation", "capacity", "forecast")
    forecast = PopulationForecast.objects.current()
    login("admin").post(reverse("capacity:forecast_pdf_request", args=[forecast.pk]))
    report = ForecastReport.objects.get()
    documents.render(ForecastReport, report.pk)
    report.refresh_from_db()
    _pdf, text = pdf_text(report.file.read())
    words = " ".join(text.split())
    assert f"{TODAY.year + 2}: mangler" in words and "Distrikt Vest" in words
    assert "Beregnet af de seneste 12 måneders indskrivning" in words


# --- Malformed and hostile files --------------------------------------------------------------------------------------

@pytest.fixture
def admin(db):
    load_demo("organisation", "capacity", "forecast")
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def forecast_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Prognose"
    figures = forecast_demo.sample_figures()
    years = sorted({y for _d, _a, y in figures})
    sheet.append(["Distrikt", "Alder", *years])
    for district in sorted({d for d, _a, _y in figures}):
        for age in range(6):
            sheet.append([district, age, *[figures[(district, age, y)] for y in years]])
    return workbook_bytes(workbook)


def preview_of(client, content, name):
    response = client.post(reverse("capacity:forecast_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.status_code
    page = client.get(response.url)
    assert page.status_code == 200
    return " ".join(page.content.decode().split())


def test_the_xlsx_form_imports(admin):
    page = preview_of(admin, forecast_xlsx(), "prognose.xlsx")
    assert "Gennemfør importen" in page and "Prognose!C2" in page


@pytest.mark.parametrize("make, message", [
    (lambda: rewrite_member(forecast_xlsx(), first_sheet(forecast_xlsx()), with_doctype(BILLION_LAUGHS, b"&lol9;")),
     "Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den er beskadiget."),
    (lambda: rewrite_member(forecast_xlsx(), first_sheet(forecast_xlsx()), with_doctype(XXE, b"&xxe;")),
     "Filen er ikke et Excel-regneark (.xlsx) eller en CSV-fil, eller den er beskadiget."),
    (lambda: numeric_cell(forecast_xlsx(), first_sheet(forecast_xlsx()), b"C2", b"1e309"),
     "Prognose!C2: Børn i"),
    (lambda: numeric_cell(forecast_xlsx(), first_sheet(forecast_xlsx()), b"B3", b"-1e309"),
     "Prognose!B3: Alder skal være et helt tal."),
    (lambda: text_cell(forecast_xlsx(), first_sheet(forecast_xlsx()), b"A2", b"x" * 40_000),
     "Prognose!A2: Cellen har mere end 32.767 tegn"),
    (lambda: f"Prognose\r\nDistrikt;Alder;2026\r\n{'x' * 131_073};0;5\r\n".encode(),
     "Prognose!A3: Linje 3 kan ikke læses"),
], ids=["laughs", "xxe", "children-1e309", "age-minus-1e309", "cell-40000", "field-131073"])
def test_a_hostile_or_broken_file_gets_a_danish_message_and_imports_nothing(admin, make, message):
    count = PopulationForecast.objects.count()
    content = make()
    page = preview_of(admin, content, "prognose.xlsx" if content.startswith(b"PK") else "prognose.csv")
    assert message in page and "root:" not in page and "lollol" not in page
    assert "Gennemfør importen" not in page
    admin.post(reverse("capacity:forecast_import_apply", args=[ForecastImport.objects.get().pk]))
    assert PopulationForecast.objects.count() == count


@pytest.mark.parametrize("fmt", ["wide", "long"])
def test_a_file_over_the_row_limit_is_refused_with_the_limit(admin, settings, fmt):
    settings.IMPORT_MAX_ROWS = 10
    page = preview_of(admin, forecast_spreadsheets.sample_csv(forecast_demo.sample_figures(), fmt), "p.csv")
    assert "Filen har mere end 10 rækker." in page and "Gennemfør importen" not in page


@pytest.mark.django_db
@hypothesis_settings(max_examples=30, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.data_too_large])
@given(data=st.data())
def test_random_cells_in_the_forecast_get_an_answer_never_a_500(admin, data):
    """The sample (wide or long) with random cells replaced, uploaded, previewed and confirmed."""
    layout = data.draw(st.sampled_from(["wide", "long"]))
    text = forecast_spreadsheets.sample_csv(forecast_demo.sample_figures(), layout).decode("utf-8-sig")
    lines = [line.split(";") for line in text.splitlines()]
    for _ in range(data.draw(st.integers(1, 4))):
        row = data.draw(st.integers(0, len(lines) - 1))
        if lines[row] and lines[row][0]:
            lines[row][data.draw(st.integers(0, len(lines[row]) - 1))] = data.draw(import_values).replace(";", ",")
    content = "\n".join(";".join(line) for line in lines).encode(data.draw(st.sampled_from(["utf-8", "utf-8-sig"])))
    count = PopulationForecast.objects.count()
    response = admin.post(reverse("capacity:forecast_import"), {"file": SimpleUploadedFile("fil.csv", content)})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert PopulationForecast.objects.count() == count
        return
    preview = admin.get(response.url)
    assert preview.status_code == 200 and 'lang="da"' in preview.content.decode()
    refused = "fejl: intet kan importeres" in preview.content.decode()
    pk = int(response.url.rstrip("/").rsplit("/", 1)[1])
    answer = admin.post(reverse("capacity:forecast_import_apply", args=[pk]))
    assert answer.status_code in (302, 404)
    if refused:
        assert PopulationForecast.objects.count() == count
