"""Capacity: places and children per age group and month, utilisation with the administration's limits, who sees
what, recording a month, and importing a spreadsheet."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from capacity import demo as capacity_demo
from capacity.models import CapacityImport, MonthlyCapacity
from capacity.selectors import add_months
from dagtilbud.testing import uncached_queries
from districts.generate import generate_organisation
from districts.models import ANSWER, District, Institution, Municipality
from tests.shared_demo import load_demo


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def organisation(db):
    load_demo("organisation", "capacity", capacity_today=datetime.date(2026, 11, 24))


def institution(name):
    return Institution.objects.get(name=name)


def snapshot():
    return sorted(MonthlyCapacity.objects.values_list("institution__name", "age_group", "month", "places", "children"))


def test_the_demo_has_a_year_for_every_house_and_loads_once(organisation):
    months = set(MonthlyCapacity.objects.values_list("month", flat=True))
    assert min(months) == datetime.date(2025, 11, 1) and max(months) == datetime.date(2026, 10, 1)
    assert len(months) == 12
    assert set(MonthlyCapacity.objects.values_list("institution", flat=True)) == set(
        Institution.objects.values_list("pk", flat=True))
    assert set(MonthlyCapacity.objects.filter(institution=institution("Dagplejen Nord")).values_list(
        "age_group", flat=True)) == {"dagpleje"}
    before = snapshot()
    capacity_demo.load_capacity(today=datetime.date(2026, 11, 24))
    assert snapshot() == before


@pytest.mark.parametrize("percent, flag", [
    (84.9, "under"), (85, ""), (85.1, ""), (100, ""), (100.1, "over"), (None, ""),
])
def test_the_flags_follow_the_administrations_limits_at_their_edges(organisation, percent, flag):
    municipality = Municipality.objects.current()
    assert (municipality.utilisation_low, municipality.utilisation_high) == (85, 100)
    assert municipality.utilisation_flag(percent) == flag


def test_the_overview_shows_the_municipality_districts_and_flags(organisation, login):
    page = login("admin").get(reverse("capacity:overview")).content.decode()
    assert "Ballerup Kommune i alt" in page
    for district in District.objects.all():
        assert district.name in page
    assert "Overbelagt" in page and "Underbelagt" in page  # the demo has one of each
    assert "oktober 2026" in page and "november 2025" in page
    assert "under 85 % markeres som underbelagt" in page.lower()


def test_each_role_sees_only_its_own_houses(organisation, login):
    nord, syd = District.objects.get(name="Distrikt Nord"), District.objects.get(name="Distrikt Syd")
    leader = login("dl.nord")
    page = leader.get(reverse("capacity:overview")).content.decode()
    assert "Børnehuset Grantoften" in page and "Børnehuset Skovlunde" not in page
    assert leader.get(reverse("capacity:district", args=[nord.pk])).status_code == 200
    # Outside one's scope a page is not found, as everywhere in the app: its existence is not told either.
    assert leader.get(reverse("capacity:district", args=[syd.pk])).status_code == 404
    assert leader.get(reverse("capacity:institution", args=[institution("Børnehuset Skovlunde").pk])).status_code \
        == 404
    assert leader.get(reverse("capacity:month_edit", args=[institution("Børnehuset Grantoften").pk])).status_code \
        == 403

    pedagogical = login("pl.mette")
    page = pedagogical.get(reverse("capacity:overview")).content.decode()
    assert "Børnehuset Egebjerg" in page and "Børnehuset Grantoften" not in page
    assert "Distrikterne" not in page  # a district's sum would be over houses that are not hers
    assert pedagogical.get(reverse("capacity:institution", args=[institution("Børnehuset Grantoften").pk])) \
        .status_code == 404
    assert pedagogical.get(reverse("capacity:district", args=[nord.pk])).status_code == 404
    rows = list(csv.reader(io.StringIO(pedagogical.get(reverse("capacity:export_csv")).content.decode(
        "utf-8-sig")), delimiter=";"))
    assert {r[1] for r in rows[2:] if len(r) > 1} == {"Børnehuset Egebjerg", "Børnehuset Lundebjerg"}

    for username in ("udvalg", "uden.rolle"):
        assert login(username).get(reverse("capacity:overview")).status_code == 403


def test_the_capacity_scope_is_the_houses_a_person_answers_for(organisation, user):
    """MonthlyCapacity.objects.for_user and District.objects.for_user(…, ANSWER): a pedagogical leader's own houses
    only, never the neighbours in her district, and no district as a whole."""
    mine = {"Børnehuset Egebjerg", "Børnehuset Lundebjerg"}
    seen = set(MonthlyCapacity.objects.for_user(user("pl.mette")).values_list("institution__name", flat=True))
    assert seen == mine
    assert not District.objects.for_user(user("pl.mette"), ANSWER).exists()
    leader = set(MonthlyCapacity.objects.for_user(user("dl.nord")).values_list("institution__name", flat=True))
    assert mine < leader and "Børnehuset Skovlunde" not in leader
    assert list(District.objects.for_user(user("dl.nord"), ANSWER).values_list("name", flat=True)) == ["Distrikt Nord"]


def test_an_administrator_records_a_month_and_the_institution_page_shows_it(organisation, login):
    house = institution("Børnehuset Egebjerg")
    client = login("admin")
    url = reverse("capacity:month_edit", args=[house.pk])
    response = client.post(url, {"month": "2026-11", "places_nursery": "30", "children_nursery": "33",
                                 "places_kindergarten": "68", "children_kindergarten": "60"})
    assert response.status_code == 302
    page = client.get(reverse("capacity:institution", args=[house.pk])).content.decode()
    assert "november 2026" in page and "33 børn / 30 pladser" in page and "110,0 %" in page
    assert "Overbelagt" in page
    house.refresh_from_db()
    assert house.places == 98  # the organisation's figure follows the newest month
    record = MonthlyCapacity.objects.get(institution=house, month=datetime.date(2026, 11, 1), age_group="0-2")
    assert record.history.first().history_user.username == "admin"


@pytest.mark.parametrize("data, message", [
    ({"month": "november", "places_nursery": "30", "children_nursery": "20"}, "Skriv måneden som 2026-03."),
    ({"month": "2026-11", "places_nursery": "", "children_nursery": "20"}, "Angiv de godkendte pladser."),
    ({"month": "2026-11", "places_nursery": "0", "children_nursery": "5"},
     "Der kan ikke være børn uden godkendte pladser."),
    ({"month": "2026-11", "places_nursery": "-3", "children_nursery": "5"}, "større end eller lig"),
    ({"month": "2026-11"}, "Udfyld mindst én aldersgruppe."),
    ({"month": "2031-01", "places_nursery": "30", "children_nursery": "20"}, "for langt ude i fremtiden"),
])
def test_bad_input_gets_a_danish_message_and_saves_nothing(organisation, login, data, message):
    before = snapshot()
    response = login("admin").post(reverse("capacity:month_edit", args=[institution("Børnehuset Egebjerg").pk]),
                                   data)
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == before


def test_two_administrators_correcting_the_same_month_do_not_overwrite_each_other(organisation, login, user):
    house = institution("Børnehuset Egebjerg")
    url = reverse("capacity:month_edit", args=[house.pk])
    client = login("admin")
    form = client.get(url + "?maaned=2026-10").content.decode()
    assert 'value="2026-10"' in form
    record = MonthlyCapacity.objects.get(institution=house, month=datetime.date(2026, 10, 1), age_group="0-2")
    seen = record.version
    # Meanwhile someone else corrects the nursery's children.
    from capacity import services
    services.month_save(institution=house, month=record.month, figures={"0-2": (record.places, 1)},
                        seen_versions={"0-2": seen}, user=user("dl.nord"))
    response = client.post(url, {"month": "2026-10", "places_nursery": record.places, "children_nursery": "25",
                                 "version_nursery": seen})
    assert "Intet er gemt" in response.content.decode()
    assert MonthlyCapacity.objects.get(pk=record.pk).children == 1


def upload(client, content, name):
    return client.post(reverse("capacity:import"), {"file": SimpleUploadedFile(name, content)})


def test_export_then_import_gives_the_same_figures_and_a_second_import_changes_nothing(organisation, login):
    client = login("admin")
    content = client.get(reverse("capacity:export_xlsx")).content
    before = snapshot()
    MonthlyCapacity.objects.filter(month__gte=datetime.date(2026, 6, 1)).delete()
    response = upload(client, content, "kapacitet.xlsx")
    preview = client.get(response.url).content.decode()
    assert "Ny: Børnehuset Egebjerg, 0-2, oktober 2026" in preview
    client.post(reverse("capacity:import_apply", args=[CapacityImport.objects.get().pk]))
    assert snapshot() == before
    again = client.get(upload(client, content, "kapacitet.xlsx").url).content.decode()
    assert "Ingen ændringer" in again


def test_a_file_with_errors_names_the_cells_and_changes_nothing(organisation, login):
    client = login("admin")
    workbook = load_workbook(io.BytesIO(client.get(reverse("capacity:export_xlsx")).content))
    sheet = workbook["Kapacitet"]
    sheet["B2"] = "Børnehuset Ukendt"
    sheet["C3"] = "6-10"
    sheet["D4"] = "13-2026"
    sheet["E5"] = "mange"
    sheet["F6"] = "=E6*2"
    sheet.append(["Distrikt Nord", "Børnehuset Egebjerg", "0-2", "2031-01", 30, 4])
    sheet.append(["Distrikt Nord", "Børnehuset Egebjerg", "0-2", "marts 2026", 0, 4])
    out = io.BytesIO()
    workbook.save(out)
    before = snapshot()
    page = client.get(upload(client, out.getvalue(), "kapacitet.xlsx").url).content.decode()
    last = sheet.max_row
    for expected in ("Kapacitet!B2: Institutionen “Børnehuset Ukendt” i Distrikt Midt findes ikke.",
                     "Kapacitet!C3: Aldersgruppen skal være 0-2, 3-5 eller dagpleje.",
                     "Kapacitet!D4: Skriv måneden som 2026-03 eller marts 2026.",
                     "Kapacitet!E5: Godkendte pladser skal være et helt tal.",
                     "Kapacitet!F6: Formler læses ikke; skriv værdien.",
                     f"Kapacitet!D{last - 1}: Måneden ligger for langt ude i fremtiden.",
                     f"Kapacitet!E{last}: Der kan ikke være børn uden godkendte pladser."):
        assert expected in page, expected
    assert "Gennemfør importen" not in page
    client.post(reverse("capacity:import_apply", args=[CapacityImport.objects.get().pk]))
    assert snapshot() == before


def test_a_danish_excel_csv_is_read_and_a_change_after_the_preview_is_refused(organisation, login):
    client = login("admin")
    text = "Kapacitet;;;;;\r\nDistrikt;Institution;Aldersgruppe;Måned;Godkendte pladser;Indskrevne børn\r\n" \
           "Distrikt Nord;Børnehuset Egebjerg;0-2 år (vuggestue);marts 2026;32;30\r\n" \
           "Distrikt Nord;Dagplejen Nord;Dagpleje;01-03-2026;60;58\r\n"
    response = upload(client, text.encode("cp1252"), "kapacitet.csv")
    preview = client.get(response.url).content.decode()
    assert "Ændret: Børnehuset Egebjerg, 0-2, marts 2026: 32 pladser, 30 børn" in preview
    # Someone corrects one of those months before the confirmation: the import must not undo it unseen.
    record = MonthlyCapacity.objects.get(institution=institution("Dagplejen Nord"), month=datetime.date(2026, 3, 1))
    from capacity import services
    services.month_save(institution=record.institution, month=record.month, figures={"dagpleje": (60, 57)},
                        seen_versions={"dagpleje": record.version}, user=None)
    refused = client.post(reverse("capacity:import_apply", args=[CapacityImport.objects.get().pk]), follow=True)
    assert "Tallene er ændret, siden du så forhåndsvisningen" in refused.content.decode()
    assert MonthlyCapacity.objects.get(pk=record.pk).children == 57
    client.get(response.url)  # seen again
    client.post(reverse("capacity:import_apply", args=[CapacityImport.objects.get().pk]))
    assert MonthlyCapacity.objects.get(pk=record.pk).children == 58
    assert MonthlyCapacity.objects.get(institution=institution("Børnehuset Egebjerg"), age_group="0-2",
                                       month=datetime.date(2026, 3, 1)).places == 32


def test_the_overview_reads_in_a_fixed_number_of_queries(organisation, login):
    client = login("admin")
    url = reverse("capacity:overview")
    client.get(url)
    with uncached_queries(connection) as small:
        client.get(url)
    generate_organisation(districts=10, institutions=80)
    capacity_demo.load_capacity(today=datetime.date(2026, 11, 24))
    assert MonthlyCapacity.objects.count() > 10 * 12 * 10
    with uncached_queries(connection) as large:
        response = client.get(url)
    assert "Distrikt G10" in response.content.decode()
    assert "Børnehuset Egebjerg" not in response.content.decode()  # houses are on their district's page
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_months_step_over_the_new_year():
    assert add_months(datetime.date(2026, 11, 1), 2) == datetime.date(2027, 1, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)
