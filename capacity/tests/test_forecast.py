"""The capacity forecast through its pages: the demo's forecast (made up, said so), its deficit in words, scenarios,
planned changes with history, the import in both layouts, the spreadsheet, and who sees what."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from capacity import demo as capacity_demo
from capacity import forecast_demo
from capacity.models import CoverageScenario, ForecastImport, PlannedChange, PopulationForecast
from districts import demo

TODAY = datetime.date.today()


@pytest.fixture
def data(db):
    demo.load_organisation()
    capacity_demo.load_capacity()
    forecast_demo.load_forecast()


def text(response):
    return " ".join(response.content.decode().split())


def test_the_demo_forecast_is_said_to_be_made_up_and_shows_a_deficit_in_vest_in_year_three(data, login):
    page = text(login("admin").get(reverse("capacity:forecast")))
    assert "Tallene i denne befolkningsprognose er opdigtede." in page
    assert "Sådan regnes det" in page
    third = TODAY.year + 2
    assert f"{third}: mangler" in page
    # Only Vest, and not before the third year.
    deficits = page.split("Underskud af pladser")[1].split("</section>")[0]
    assert "Distrikt Vest" in deficits and "Distrikt Nord" not in deficits and "Distrikt Syd" not in deficits
    assert f"{TODAY.year}: mangler" not in deficits and f"{TODAY.year + 1}: mangler" not in deficits


def upload(client, content, name="prognose.csv"):
    return client.post(reverse("capacity:forecast_import"), {"file": SimpleUploadedFile(name, content)})


def sample(client, layout):
    response = client.get(reverse(f"capacity:forecast_sample_{layout}"))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_the_sample_in_either_layout_imports_as_the_new_current_forecast_and_the_old_is_kept(data, login, layout):
    admin = login("admin")
    before = PopulationForecast.objects.current()
    response = upload(admin, sample(admin, layout))
    page = text(admin.get(response.url))
    assert "Befolkningsprognose for 5 distrikter, 0-5 år" in page
    # Every number at its cell (the CSV's first line names the sheet, the second is the header).
    assert ("Prognose!C3 " if layout == "wide" else "Prognose!D3 ") in page.replace("</td>", " ")
    record = ForecastImport.objects.get()
    done = admin.post(reverse("capacity:forecast_import_apply", args=[record.pk]),
                      {"fingerprint": record.previewed_fingerprint})
    new = PopulationForecast.objects.current()
    assert new != before and PopulationForecast.objects.filter(pk=before.pk).exists()
    assert done.url == reverse("capacity:forecast_edit", args=[new.pk])  # to name it
    assert new.figures.count() == 5 * 6 * 6 and new.source == "prognose.csv"
    assert before.figures.count() == 5 * 6 * 6  # the earlier one keeps its figures
    form = admin.post(done.url, {"name": "Prognose 2026 fra leverandøren", "made_on": "2026-03-15",
                                 "source": "Leverandøren", "is_current": "on", "version": new.version})
    assert form.status_code == 302
    new.refresh_from_db()
    assert (new.name, new.source, new.is_current) == ("Prognose 2026 fra leverandøren", "Leverandøren", True)


def test_districts_are_matched_by_code_and_an_unknown_one_is_named(data, login):
    admin = login("admin")
    from districts.models import District

    page = admin.post(reverse("capacity:district_codes"), {
        f"code_{d.pk}": f"0{n}" for n, d in enumerate(District.objects.order_by("name"), start=1)})
    assert page.status_code == 302
    content = sample(admin, "long").decode("utf-8-sig")
    content = content.replace("Distrikt Midt;", "01;", 1).replace("Distrikt Nord;", "Nordområdet;", 1)
    preview = text(admin.get(upload(admin, content.encode()).url))
    assert "Distriktet “Nordområdet” findes ikke, hverken som navn eller som kode." in preview
    assert "“01”" not in preview
    assert "Gennemfør importen" not in preview


@pytest.mark.parametrize("content, message", [
    ("Distrikt;Alder;2026\nDistrikt Nord;6;100\n", "Prognose!B2: Alder skal være mellem 0 og 5."),
    ("Distrikt;Alder;2026\nDistrikt Nord;0;-4\n", "Prognose!C2: Børn i 2026 skal være mellem 0 og 100000."),
    ("Distrikt;Alder;2026\nDistrikt Nord;0;1e309\n", "Prognose!C2: Børn i 2026 skal være et helt tal."),
    ("Distrikt;Alder;Noget\nDistrikt Nord;0;4\n", "Kolonnerne mangler: År og Børn"),
    ("Distrikt;Alder;0000\nDistrikt Nord;0;4\n", "Året 0 i overskriften skal være mellem 2000 og 2100."),
    ("Distrikt;Alder;År;Børn\nDistrikt Nord;0;2026;4\nDistrikt Nord;0;2026;5\n",
     "Prognose!D3: Distrikt Nord, 0 år, 2026 står der to gange."),
    ("Distrikt;Alder;År;Børn\nDistrikt Nord;0;2026;4\n", "Prognosen mangler distrikterne: Distrikt Midt"),
    ("Distrikt;Alder;År;Børn\nDistrikt Nord;0;2026;4\n", "Distrikt Nord mangler: 1 år i 2026"),
    ("Tekst uden kolonner", "Kolonnerne mangler: Distrikt, Alder."),
])
def test_a_malformed_forecast_gets_a_danish_message_at_its_cell_and_imports_nothing(data, login, content, message):
    admin = login("admin")
    count = PopulationForecast.objects.count()
    response = upload(admin, content.encode())
    preview = text(admin.get(response.url))
    assert message in preview, preview[-3000:]
    assert "Gennemfør importen" not in preview
    record = ForecastImport.objects.get()
    admin.post(reverse("capacity:forecast_import_apply", args=[record.pk]))
    assert PopulationForecast.objects.count() == count


def test_a_scenario_starts_from_the_computed_rates_and_changes_the_places_needed(data, login):
    admin = login("admin")
    form = admin.get(reverse("capacity:scenario_create"))
    assert form.status_code == 200
    initial = {name: field.initial for name, field in form.context["form"].fields.items()}
    initial = {**{k: v for k, v in form.context["form"].initial.items()}, "name": "Flere etårige i vuggestue",
               "note": "Flere starter tidligt."}
    initial["rate_1_vuggestue"] = "80,0"
    response = admin.post(reverse("capacity:scenario_create"), initial)
    assert response.status_code == 302, text(response)[-2000:]
    scenario = CoverageScenario.objects.get()
    page = text(admin.get(response.url))
    assert "Flere etårige i vuggestue" in page and "80,0 %" in page
    assert page.count("mangler") > text(admin.get(reverse("capacity:forecast"))).count("mangler")
    # Refused in Danish, nothing saved: a rate over 100 and a stale version.
    bad = admin.post(reverse("capacity:scenario_edit", args=[scenario.pk]),
                     {**initial, "rate_1_vuggestue": "180", "version": scenario.version})
    assert "En dækningsgrad er mellem 0 og 100 %." in text(bad)
    stale = admin.post(reverse("capacity:scenario_edit", args=[scenario.pk]),
                       {**initial, "rate_1_vuggestue": "70", "version": scenario.version - 1 if scenario.version > 1
                        else 99})
    assert "Intet er gemt" in text(stale)
    assert scenario.rates.get(age=1, care_type="vuggestue").percent == 80


def test_a_planned_change_counts_from_its_year_and_keeps_its_history(data, login):
    admin = login("admin")
    from districts.models import Institution

    house = Institution.objects.get(name="Børnehuset Måløv")
    year = TODAY.year + 2
    response = admin.post(reverse("capacity:change_create"), {
        "kind": "open", "district": house.district_id, "institution": house.pk, "care_type": "vuggestue",
        "places": "12", "effective_from": f"{year}-08-01", "note": "Tilbygning", "version": 0})
    assert response.status_code == 302
    page = text(admin.get(reverse("capacity:forecast")))
    assert f"{year}: mangler" not in page.split("Underskud af pladser")[1].split("</section>")[0]
    change = PlannedChange.objects.get(institution=house)
    admin.post(reverse("capacity:change_edit", args=[change.pk]), {
        "kind": "open", "district": house.district_id, "institution": house.pk, "care_type": "vuggestue",
        "places": "16", "effective_from": f"{year}-08-01", "note": "Tilbygning", "version": change.version})
    history = text(admin.get(reverse("capacity:change_edit", args=[change.pk])))
    assert "Pladser: 12 → 16" in history and "oprettet" in history
    missing = admin.post(reverse("capacity:change_create"), {
        "kind": "close", "district": house.district_id, "effective_from": f"{year}-08-01", "version": 0})
    assert "Vælg den institution, der lukker eller ændrer sine pladser." in text(missing)


def test_the_spreadsheet_has_the_page_s_figures(data, login):
    response = login("dl.vest").get(reverse("capacity:forecast_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Kapacitetsprognose"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Distrikt", "Pasningstype", "År")
    assert {r[0] for r in rows[1:]} == {"Distrikt Vest"}  # their own district, no municipality total


@pytest.mark.parametrize("username, sees, not_sees", [
    ("admin", ["Kommunen i alt", "Distrikt Nord", "Distrikt Syd"], []),
    ("dl.syd", ["Distrikt Syd"], ["Kommunen i alt", "Distrikt Nord"]),
    ("pl.mette", ["Distrikt Nord"], ["Kommunen i alt", "Distrikt Syd", "Dan PDF", "Ny planlagt ændring"]),
])
def test_each_role_sees_its_scope(data, login, username, sees, not_sees):
    page = text(login(username).get(reverse("capacity:forecast")))
    for words in sees:
        assert f">{words}</h2>" in page
    for words in not_sees:
        assert words not in page


def test_query_counts_stay_flat_at_ten_times_a_municipality(data, login, django_assert_max_num_queries):
    from django.db import connection

    from capacity.generate import generate_capacity
    from dagtilbud.testing import uncached_queries
    from districts.generate import generate_organisation

    def count(client):
        with uncached_queries(connection) as captured:
            assert client.get(reverse("capacity:forecast")).status_code == 200
        return len(captured)

    CoverageScenario.objects.create(name="A")
    small = count(login("admin")), count(login("dl.nord"))
    generate_organisation(districts=50, institutions=500)
    from districts.models import Institution

    generate_capacity(Institution.objects.filter(district__name__startswith="Distrikt G"),
                      last_month=capacity_demo_last_month())
    PopulationForecast.objects.all().delete()
    forecast_demo.load_forecast()  # every district: 55 x 6 ages x 6 years, and last year's
    for n in range(2, 6):
        CoverageScenario.objects.create(name=f"S{n}")
    assert Institution.objects.count() == 517
    assert (count(login("admin")), count(login("dl.nord"))) == small


def capacity_demo_last_month():
    from capacity.models import MonthlyCapacity

    return MonthlyCapacity.objects.latest("month").month


def _page(client, url):
    """The page's HTML without the CSRF tokens (masked anew on every response), and its number of queries."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'(csrfmiddlewaretoken" value="|Token": ")[^"]+', r"\1", response.content.decode()), len(captured)


def test_the_forecast_is_cached_per_data_revision_forecast_rates_and_roles(data, login):
    """The forecast is computed once per data revision and cached (the same page served again, the figures not read
    again); the forecast and rates asked for, and the viewer's roles, have their own; the PDF's form (the person's
    CSRF token) and its versions are outside the cache."""
    from capacity import forecast_services

    url = reverse("capacity:forecast")
    admin = login("admin")
    first, computed = _page(admin, url)
    again, cached = _page(admin, url)
    assert again == first and cached <= computed - 8  # the forecast's own queries are not run again
    assert 'name="csrfmiddlewaretoken"' in first and "Dan PDF" in first  # the form is there, outside the cache
    # The rates asked for: a scenario's page is its own, and the PDF's form asks for those rates.
    scenario = CoverageScenario.objects.create(name="Flere etårige i vuggestue")
    chosen, _queries = _page(admin, f"{url}?scenarie={scenario.pk}")
    assert f'<option value="{scenario.pk}" selected>' in chosen
    assert f'name="scenarie" value="{scenario.pk}"><button' in chosen and "“Flere etårige i vuggestue”" in chosen
    plain, _queries = _page(admin, url)
    assert f'<option value="{scenario.pk}" selected>' not in plain and 'name="scenarie" value=""><button' in plain
    # An earlier forecast asked for is its own page too.
    earlier = PopulationForecast.objects.filter(is_current=False).first()
    older, _queries = _page(admin, f"{url}?prognose={earlier.pk}")
    assert "En tidligere prognose; den gældende er en anden." in older
    assert "En tidligere prognose; den gældende er en anden." not in plain
    # A district leader right after the administrator: their own district only, no PDF form, no total.
    leader, _queries = _page(login("dl.syd"), url)
    assert ">Distrikt Syd</h2>" in leader and ">Distrikt Nord</h2>" not in leader
    assert "Kommunen i alt" not in leader and "Dan PDF" not in leader
    # A change of the data shows at once: a forecast made current.
    forecast_services.forecast_update(forecast=earlier, name=earlier.name, made_on=earlier.made_on,
                                      source=earlier.source, is_current=True, seen_version=earlier.version,
                                      user=None)
    now, _queries = _page(login("admin"), url)
    assert "En tidligere prognose; den gældende er en anden." not in now and now != plain


def test_the_forecast_page_without_a_forecast_and_its_pdf_versions_as_they_change(data, login):
    from capacity import forecast_services
    from capacity.models import ForecastReport
    from dagtilbud.documents import workflow as documents

    url = reverse("capacity:forecast")
    admin = login("admin")
    forecast = PopulationForecast.objects.current()
    page, _queries = _page(admin, url)
    assert "Der er endnu ikke dannet en PDF af prognosen." in page
    report = forecast_services.forecast_pdf_request(forecast=forecast, scenario=None, user=None)
    page, _queries = _page(admin, url)
    assert ">Version 1<" in page and "I kø" in page
    documents.fail(ForecastReport, report.pk, "Skrifttypen mangler")  # QuerySet.update: the versions read anew
    assert "Fejlet" in _page(admin, url)[0]
    PopulationForecast.objects.all().delete()
    page, _queries = _page(admin, url)
    assert "Der er ingen befolkningsprognose endnu. Importér en for at se" in " ".join(page.split())
    assert "Dan PDF" not in page
