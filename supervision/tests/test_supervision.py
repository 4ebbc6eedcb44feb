"""Supervision as its users meet it: the overview and its roll-up, recording a visit from plan to report, the
self-assessment, orders followed up until closed, the administration's rule, and the report as a PDF."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dagtilbud.formatting import danish_date
from dagtilbud.testing import pdf_text, uncached_queries, wait_until_rendered
from districts.generate import generate_organisation
from districts.models import Institution
from supervision import selectors
from supervision.models import (
    Order,
    QualityDimension,
    QualityLevel,
    Schedule,
    SelfAssessmentQuestion,
    SupervisionReport,
    SupervisionVisit,
)
from supervision.schedule import add_months
from supervision.services import schedule_refresh
from tests.shared_demo import load_demo


@pytest.fixture
def municipality(db):
    load_demo("organisation", "supervision")


def text(response):
    return " ".join(response.content.decode().split())


def house(name):
    return Institution.objects.get(name=name)


def planned_visit(name):
    return SupervisionVisit.objects.planned().get(institution__name=name)


def visit_form(visit_date, state, levels=(), **fields):
    data = {"visit_date": visit_date.isoformat(), "kind": "pedagogical", "announced": "on", "ordinary": "on",
            "supervisor": "Lene Holm", "state": state, "findings": "", "remarks": "", "recommendations": "",
            "version": fields.pop("version", "")}
    for dimension, level in zip(QualityDimension.objects.filter(active=True), levels, strict=False):
        data[f"niveau_{dimension.pk}"] = level.pk
        data[f"note_{dimension.pk}"] = f"Begrundelse for {dimension.name}"
    return {**data, **fields}


def test_the_overview_rolls_up_per_district_and_each_house_shows_its_next_visit_and_why(municipality, login):
    admin = login("admin")
    page = text(admin.get(reverse("supervision:overview")))
    assert "Ballerup Kommune i alt" in page and "Distrikt Syd" in page
    assert "Behov for udvikling" in page and "12 måneder" in page and "3 måneder" in page  # the rule, visible
    # The administration's list: the houses that need attention, and any district's houses on request.
    assert "Institutioner, der kræver opmærksomhed" in page
    assert "Børnehuset Grantoften" in page and "Børnehuset Lundebjerg" not in page  # due in two years
    nord = Institution.objects.get(name="Børnehuset Lundebjerg").district
    district_page = text(admin.get(reverse("supervision:overview") + f"?distrikt={nord.pk}"))
    assert "Institutionerne i Distrikt Nord" in district_page and "Børnehuset Lundebjerg" in district_page
    assert "Børnehuset Skovlunde" not in district_page
    assert admin.get(reverse("supervision:overview") + "?distrikt=abc").status_code == 200
    grantoften = house("Børnehuset Grantoften")
    detail = text(login("dl.nord").get(reverse("supervision:institution", args=[grantoften.pk])))
    assert "“Behov for udvikling” (Relationer)" in detail and "opfølgende besøg senest 3 måneder efter" in detail
    assert "Overskredet" in detail  # the follow-up visit three months after the demo's visit is past

    own = text(login("dl.nord").get(reverse("supervision:overview")))
    assert "Børnehuset Grantoften" in own and "Børnehuset Skovlunde" not in own
    assert "Ballerup Kommune i alt" not in own  # a district leader sees the district, not the municipality
    mine = text(login("pl.mette").get(reverse("supervision:overview")))
    assert "Børnehuset Egebjerg" in mine and "Børnehuset Grantoften" not in mine


def test_a_visit_from_self_assessment_to_report(municipality, login):
    visit = planned_visit("Børnehuset Egebjerg")
    url = reverse("supervision:self_assessment", args=[visit.pk])
    question = SelfAssessmentQuestion.objects.filter(active=True).last()
    response = login("pl.mette").post(url, {f"svar_{question.pk}": "Se gerne på vores nye udeareal."}, follow=True)
    assert "Selvevalueringen er gemt." in text(response) and "Se gerne på vores nye udeareal." in text(response)

    # Completing a pedagogical visit needs every dimension assessed: the rule depends on them.
    admin = login("admin")
    edit = reverse("supervision:visit_edit", args=[visit.pk])
    today = timezone.localdate()
    levels = list(QualityLevel.objects.all())
    refused = text(admin.post(edit, visit_form(today, "completed", levels[:1], version=visit.version)))
    assert "Et gennemført pædagogisk tilsyn skal have en vurdering af: Relationer, Leg og aktiviteter." in refused
    assert SupervisionVisit.objects.get(pk=visit.pk).state == "planned"
    response = admin.post(edit, visit_form(today, "completed", [levels[0], levels[1], levels[0]],
                                           version=visit.version, findings="Gode relationer i små-grupper."),
                          follow=True)
    page = text(response)
    assert "Tilsynet er gemt." in page and "Tilsynsrapport: Børnehuset Egebjerg" in page
    assert "Gode relationer i små-grupper." in page and "Se gerne på vores nye udeareal." in page

    detail = text(admin.get(reverse("supervision:institution", args=[house("Børnehuset Egebjerg").pk])))
    assert "“Tilstrækkelig kvalitet” (Relationer)" in detail
    assert danish_date(add_months(today, 24)) in detail

    # Once the visit is done, the self-assessment is part of the report and stays as it was.
    locked = text(login("pl.mette").post(url, {f"svar_{question.pk}": "Ændret bagefter"}))
    assert "Tilsynet er gennemført: selvevalueringen kan ikke ændres længere." in locked
    assert "Ændret bagefter" not in text(login("pl.mette").get(reverse("supervision:visit", args=[visit.pk])))


def test_a_future_date_cannot_be_a_completed_visit_and_bad_input_is_named(municipality, login):
    visit = planned_visit("Børnehuset Måløv")
    edit = reverse("supervision:visit_edit", args=[visit.pk])
    levels = list(QualityLevel.objects.all())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = text(login("admin").post(edit, visit_form(tomorrow, "completed", levels, version=visit.version)))
    assert "Et gennemført tilsyn kan ikke ligge i fremtiden." in page
    page = text(login("admin").post(edit, {"visit_date": "31-02-2026", "state": "x", "version": "abc"}))
    assert "Der er fejl i formularen" in page and "Indtast en gyldig dato." in page


def test_a_planned_visit_can_be_cancelled_and_a_completed_one_cannot(municipality, login):
    planned = planned_visit("Børnehuset Egebjerg")
    admin = login("admin")
    page = text(admin.post(reverse("supervision:visit_cancel", args=[planned.pk]), follow=True))
    assert f"Tilsynet den {danish_date(planned.visit_date)} er aflyst." in page
    assert not SupervisionVisit.objects.filter(pk=planned.pk).exists()
    assert SupervisionVisit.history.filter(id=planned.pk, history_type="-").exists()  # the record keeps it
    done = SupervisionVisit.objects.completed().filter(institution__name="Børnehuset Egebjerg").first()
    page = text(admin.post(reverse("supervision:visit_cancel", args=[done.pk]), follow=True))
    assert "Et gennemført tilsyn kan ikke aflyses." in page and SupervisionVisit.objects.filter(pk=done.pk).exists()


def test_two_administrators_editing_the_same_visit_do_not_overwrite_each_other(municipality, login):
    visit = planned_visit("Børnehuset Måløv")
    edit = reverse("supervision:visit_edit", args=[visit.pk])
    admin = login("admin")
    first = admin.post(edit, visit_form(visit.visit_date, "planned", version=visit.version, supervisor="Anne"))
    assert first.status_code == 302
    second = text(admin.post(edit, visit_form(visit.visit_date, "planned", version=visit.version, supervisor="Bo")))
    assert "Intet er gemt: Anja Økonomisen har ændret tilsynet" in second
    assert SupervisionVisit.objects.get(pk=visit.pk).supervisor == "Anne"


def test_an_order_is_followed_up_by_the_district_and_closed_by_the_supervisor(municipality, login):
    order = Order.objects.open().get(visit__institution__name="Børnehuset Grantoften")
    url = reverse("supervision:follow_up_add", args=[order.pk])
    leader = login("dl.nord")
    assert "påbuddet er efterkommet" not in text(leader.get(url))  # leaders note; the supervisor closes
    leader.post(url, {"text": "Handleplanen er vedtaget.", "closes": "on"})
    order.refresh_from_db()
    assert order.is_open and order.follow_ups.last().text == "Handleplanen er vedtaget."

    admin = login("admin")
    admin.post(url, {"text": "Kontrolleret: handleplanen virker.", "closes": "on"})
    order.refresh_from_db()
    assert order.closed_on == timezone.localdate()
    refused = text(admin.post(url, {"text": "En note mere"}))
    assert "Påbuddet blev lukket den" in refused and order.follow_ups.count() == 3
    page = text(admin.get(reverse("supervision:institution", args=[house("Børnehuset Grantoften").pk])))
    assert "Handleplanen er vedtaget" not in page.split("Åbne påbud")[1].split("Alle tilsyn")[0]


def test_an_order_needs_a_completed_visit_and_a_leaders_notes_are_in_their_personal_data(municipality, login, user):
    from districts.personal_data import person_export

    planned = planned_visit("Børnehuset Måløv")
    page = text(login("admin").post(reverse("supervision:order_add", args=[planned.pk]),
                                    {"text": "Ryd flugtvejen", "due_date": "2027-01-15"}))
    assert "Påbud gives ved et gennemført tilsyn" in page and not Order.objects.filter(text="Ryd flugtvejen")
    order = Order.objects.open().get(visit__institution__name="Børnehuset Grantoften")
    login("dl.nord").post(reverse("supervision:follow_up_add", args=[order.pk]), {"text": "Planen er lagt."})
    linked = person_export(person=user("dl.nord"))["linked"]
    assert any(row["text"] == "Planen er lagt." for row in linked["supervision.OrderFollowUp.author"])


def settings_data(client):
    """The settings page's form as a browser would send it back unchanged."""
    page = client.get(reverse("supervision:settings"))
    data = {"fingerprint": page.context["fingerprint"]}
    for formset in page.context["formsets"].values():
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.management_form["TOTAL_FORMS"].value()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.management_form["INITIAL_FORMS"].value()
        for form in formset:
            for field in form:
                value = field.value()
                if value is not None and value is not False:
                    data[field.html_name] = "on" if value is True else value
    return data


def test_the_stored_schedule_is_the_rule_as_it_stands(municipality, login):
    """The roll-ups count the stored schedule; every change a due date depends on must leave it equal to the rule
    computed live."""
    today = timezone.localdate()

    def assert_in_sync():
        stored = {s.institution_id: s for s in Schedule.objects.all()}
        rows = selectors.institution_rows(Institution.objects.all(), today=today, levels=selectors.levels())
        for row in rows:
            entry = stored[row.institution.pk]
            assert (entry.next_date, entry.level_id, entry.basis_id) == (
                row.next.next_date, row.next.level.pk if row.next.level else None,
                row.last.pk if row.last else None), row.institution.name
        total, districts = selectors.rollup(Institution.objects.all(), today=today, levels=selectors.levels(),
                                            municipality=None)
        assert total.overdue_visits == sum(row.status == "overdue" for row in rows)
        assert total.due_soon == sum(row.status == "soon" for row in rows)
        assert total.open_orders == sum(row.open_orders for row in rows)
        assert sum(line.institutions for line in districts) == len(rows)

    assert_in_sync()
    admin = login("admin")
    visit = planned_visit("Børnehuset Egebjerg")
    levels = list(QualityLevel.objects.all())
    admin.post(reverse("supervision:visit_edit", args=[visit.pk]),
               visit_form(today, "completed", [levels[2]] * 3, version=visit.version))
    assert Schedule.objects.get(institution__name="Børnehuset Egebjerg").follow_up_on == add_months(today, 3)
    assert_in_sync()
    data = settings_data(admin)
    index = levels.index(QualityLevel.objects.get(rank=3))
    data[f"niveau-{index}-follow_up_months"] = 2
    assert admin.post(reverse("supervision:settings"), data).status_code == 302
    assert Schedule.objects.get(institution__name="Børnehuset Egebjerg").follow_up_on == add_months(today, 2)
    assert_in_sync()


def test_the_rule_is_the_administrations_and_a_change_moves_the_due_dates(municipality, login):
    admin = login("admin")
    data = settings_data(admin)
    adequate = QualityLevel.objects.get(rank=2)
    index = list(QualityLevel.objects.all()).index(adequate)
    data[f"niveau-{index}-interval_months"] = 18
    response = admin.post(reverse("supervision:settings"), data, follow=True)
    assert "Indstillingerne for tilsyn er gemt." in text(response)
    assert QualityLevel.objects.get(rank=2).interval_months == 18

    egebjerg = house("Børnehuset Egebjerg")
    last = SupervisionVisit.objects.completed().filter(institution=egebjerg, kind="pedagogical").first()
    page = text(admin.get(reverse("supervision:institution", args=[egebjerg.pk])))
    assert danish_date(add_months(last.visit_date, 18)) in page and "senest 18 måneder efter" in page

    # A form loaded before that save is refused, not saved over it.
    stale = text(admin.post(reverse("supervision:settings"), {**data, "niveau-0-interval_months": 30}))
    assert "Intet er gemt: en anden har ændret indstillingerne" in stale
    assert QualityLevel.objects.get(rank=1).interval_months == 36

    # The rule's own limits, in Danish.
    fresh = admin.get(reverse("supervision:settings")).context["fingerprint"]
    bad = text(admin.post(reverse("supervision:settings"), {**data, "fingerprint": fresh,
                                                             f"niveau-{index}-follow_up_months": 40}))
    assert "Det opfølgende besøg skal ligge før næste ordinære tilsyn." in bad


def test_the_overview_reads_in_the_same_number_of_queries_at_ten_times_the_size(municipality, login):
    def count(username):
        client = login(username)
        with uncached_queries(connection) as captured:
            assert client.get(reverse("supervision:overview")).status_code == 200
        return len(captured)

    small = count("admin"), count("dl.nord")
    generate_organisation(districts=50, institutions=200)
    levels = list(QualityLevel.objects.all())
    today = timezone.localdate()
    for n, institution in enumerate(Institution.objects.filter(district__name__startswith="Distrikt G")):
        visit = SupervisionVisit.objects.create(institution=institution, visit_date=today - datetime.timedelta(n),
                                                supervisor="X", state="completed")
        for dimension in QualityDimension.objects.all():
            visit.assessments.create(dimension=dimension, level=levels[n % 3])
        if n % 4 == 0:
            Order.objects.create(visit=visit, text="Påbud", due_date=today - datetime.timedelta(days=n % 7))
    schedule_refresh(Institution.objects.all())
    assert (count("admin"), count("dl.nord")) == small


@pytest.fixture
def municipality_for_worker(transactional_db):
    load_demo("organisation", "supervision")


def test_the_supervision_report_is_rendered_by_a_worker_and_read_back(municipality_for_worker, worker, login):
    visit = SupervisionVisit.objects.completed().get(institution__name="Børnehuset Grantoften", kind="pedagogical")
    admin = login("admin")
    response = admin.post(reverse("supervision:report_pdf_request", args=[visit.pk]), follow=True)
    assert "Tilsynsrapporten er sat i kø" in text(response)
    report = wait_until_rendered(SupervisionReport.objects.get(visit=visit))
    assert report.state == "ready", report.error

    leader = login("dl.nord")
    assert "Hent PDF" in text(leader.get(reverse("supervision:visit", args=[visit.pk])))
    download = leader.get(reverse("supervision:report_download", args=[report.pk]))
    assert download.status_code == 200
    pdf, content = pdf_text(b"".join(download.streaming_content))
    content = " ".join(content.split())
    assert "Tilsynsrapport: Børnehuset Grantoften" in content
    for assessment in visit.assessments.select_related("dimension", "level"):
        assert f"{assessment.dimension.name} {assessment.level.name}" in content
    assert "Udarbejd en handleplan for nærvær og relationer" in content and "Åbent" in content
    follow_up = danish_date(add_months(visit.visit_date, 3))
    assert f"Næste tilsyn efter reglen: senest {danish_date(add_months(visit.visit_date, 12))}" in content
    assert f"opfølgende besøg senest {follow_up}" in content
    assert f"side 1 af {report.pages}" in content
    assert pdf.trailer["/Root"]["/Lang"] == "da"

    planned = planned_visit("Børnehuset Egebjerg")
    refused = text(login("admin").post(reverse("supervision:report_pdf_request", args=[planned.pk]), follow=True))
    assert "Der dannes først en tilsynsrapport, når tilsynet er gennemført." in refused


def test_the_report_is_signed_by_the_supervising_unit_and_flags_an_order_past_its_due_date(
        municipality_for_worker, worker, login):
    from dagtilbud.testing import pdf_structure_problems

    admin = login("admin")
    data = settings_data(admin)
    data["enhed-0-unit"] = "Center for Dagtilbud, Tilsynsenheden"
    response = admin.post(reverse("supervision:settings"), data, follow=True)
    assert "Indstillingerne for tilsyn er gemt." in text(response)
    assert "Center for Dagtilbud, Tilsynsenheden" in text(admin.get(reverse("supervision:settings")))

    visit = SupervisionVisit.objects.completed().get(institution__name="Børnehuset Grantoften", kind="pedagogical")
    today = timezone.localdate()
    order = Order.objects.open().get(visit=visit)
    order.due_date = today - datetime.timedelta(days=1)
    order.save()
    Order.objects.create(visit=visit, text="Køkkenet skal have en ny hygiejneplan.",
                         due_date=today + datetime.timedelta(days=30))
    admin.post(reverse("supervision:report_pdf_request", args=[visit.pk]))
    report = wait_until_rendered(SupervisionReport.objects.get(visit=visit))
    assert report.state == "ready", report.error
    raw = report.file.read()
    pdf, content = pdf_text(raw)
    content = " ".join(content.split())
    assert "Ballerup Kommune, Center for Dagtilbud, Tilsynsenheden" in content  # the footer of every page
    assert "Økonomi og Styring" not in content
    assert pdf.metadata.author == "Ballerup Kommune, Center for Dagtilbud, Tilsynsenheden"
    overdue = f"Overskredet: fristen var {danish_date(order.due_date)}, og påbuddet er ikke lukket"
    assert overdue in content and content.count("Overskredet") == 1  # the order due in a month is not
    assert "Påbud 1: fristen er overskredet" in content and "Påbud 2" in content
    assert content.lower().count("næste tilsyn") == 1  # the next visit is said once
    assert " – " not in content and "–" not in content.replace("Tilsynsrapport", "")  # no placeholder dashes
    assert pdf_structure_problems(raw) == []
