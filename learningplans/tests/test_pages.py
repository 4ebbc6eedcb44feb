"""The learning plan pages as their users meet them: the overview and its export, the house, writing and sending,
returning and approving, attachments through the upload check, and the public pages without login."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dagtilbud.tests.test_uploads import pdf_bytes
from districts.models import Institution
from learningplans import demo as learning_plan_demo
from learningplans.models import Attachment, PlanEvaluation, Section
from tests.shared_demo import load_demo


@pytest.fixture
def municipality(db):
    load_demo("organisation", "learningplans")


def text(response):
    return " ".join(response.content.decode().split())


def draft_form(evaluation, **overrides):
    data = {"version": evaluation.version}
    for part in evaluation.parts.all():
        for aspect in ("did", "saw", "change"):
            data[f"{part.section}_{aspect}"] = getattr(part, aspect)
    data.update(overrides)
    return data


def test_the_demo_is_as_the_issue_asks(municipality):
    published = PlanEvaluation.objects.published()
    assert published.values("institution").distinct().count() >= 15
    draft = learning_plan_demo.draft()
    assert draft.institution.name == "Børnehuset Egebjerg"
    assert PlanEvaluation.objects.get(state="sent").institution.name == "Børnehuset Grantoften"
    learning_plan_demo.load_learning_plans()  # twice changes nothing
    assert PlanEvaluation.objects.count() == published.count() + 2


def test_the_overview_counts_per_district_and_exports(municipality, login):
    admin = login("admin")
    page = text(admin.get(reverse("learningplans:overview")))
    assert "Ballerup Kommune i alt" in page and "Distrikt Syd" in page
    assert "Overskredet" in page and "Aldrig evalueret" in page and "Skal evalueres snart" in page
    response = admin.get(reverse("learningplans:overview_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Læreplaner"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Børnehuset Hedegården"][3] == "Overskredet"
    assert rows["Dagplejen Vest"][3] == "Aldrig evalueret"
    assert rows["Børnehuset Egebjerg"][3] == "Skal evalueres snart" and rows["Børnehuset Egebjerg"][6] == "Kladde"
    mine = text(login("pl.mette").get(reverse("learningplans:overview")))
    assert "Børnehuset Egebjerg" in mine and "Børnehuset Grantoften" not in mine


def test_a_send_without_every_part_is_refused_with_the_fields_named(municipality, login):
    evaluation = learning_plan_demo.draft()
    mette = login("pl.mette")
    url = reverse("learningplans:evaluation_edit", args=[evaluation.pk])
    response = mette.post(url, {**draft_form(evaluation), "send": "1"})
    page = text(response)
    assert response.status_code == 200
    assert "Forældrenes perspektiv: Det gjorde vi: Skal udfyldes, før evalueringen sendes." in page
    assert "Børnemiljø: Det ændrer vi: Skal udfyldes" in page
    assert PlanEvaluation.objects.get(pk=evaluation.pk).state == "draft"
    filled = {f"{section}_{aspect}": "Udfyldt." for section, aspect in learning_plan_demo.DRAFT_MISSING}
    response = mette.post(url, {**draft_form(evaluation, **filled), "send": "1"})
    assert response.status_code == 302
    assert PlanEvaluation.objects.get(pk=evaluation.pk).state == "sent"


def test_return_and_approve_by_the_houses_district_leader_only(municipality, login):
    waiting = PlanEvaluation.objects.get(state="sent")
    assert login("dl.syd").post(reverse("learningplans:evaluation_approve", args=[waiting.pk])).status_code == 404
    assert login("pl.mette").post(reverse("learningplans:evaluation_approve", args=[waiting.pk])).status_code == 404
    nord = login("dl.nord")
    response = nord.post(reverse("learningplans:evaluation_return", args=[waiting.pk]), {"comment": ""})
    assert response.status_code == 200 and "Dette felt er påkrævet" in text(response)
    nord.post(reverse("learningplans:evaluation_return", args=[waiting.pk]), {"comment": "Uddyb forældrenes del."})
    assert PlanEvaluation.objects.get(pk=waiting.pk).state == "returned"
    page = text(login("pl.jonas").get(reverse("learningplans:evaluation", args=[waiting.pk])))
    assert "Uddyb forældrenes del." in page
    login("pl.jonas").post(reverse("learningplans:evaluation_send", args=[waiting.pk]))
    response = login("dl.nord").post(reverse("learningplans:evaluation_approve", args=[waiting.pk]))
    assert response.status_code == 302
    assert PlanEvaluation.objects.get(pk=waiting.pk).is_published


def test_attachments_go_through_the_upload_check(municipality, login):
    evaluation = learning_plan_demo.draft()
    mette = login("pl.mette")
    url = reverse("learningplans:attachment_add", args=[evaluation.pk])
    fake = SimpleUploadedFile("observation.pdf", b"not a pdf at all", content_type="application/pdf")
    page = text(mette.post(url, {"file": fake, "description": "Observationer"}))
    assert "Filen er ikke en rigtig PDF" in page and not Attachment.objects.exists()
    script = SimpleUploadedFile("hack.exe", b"MZ....", content_type="application/octet-stream")
    assert "Filtypen “.exe” kan ikke bruges her" in text(mette.post(url, {"file": script}))
    real = SimpleUploadedFile("observation.pdf", pdf_bytes(), content_type="application/pdf")
    assert mette.post(url, {"file": real, "description": "Observationer"}).status_code == 302
    attachment = Attachment.objects.get()
    response = mette.get(reverse("learningplans:attachment_download", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert login("dl.syd").get(reverse("learningplans:attachment_download", args=[attachment.pk])).status_code == 404


def test_the_public_pages_show_only_what_is_published(municipality, django_assert_max_num_queries):
    anonymous = Client()
    index = text(anonymous.get(reverse("learningplans:public_index")))
    assert "Børnehuset Egebjerg" in index and "Ikke offentliggjort endnu" in index  # Dagplejen Vest
    egebjerg = Institution.objects.get(name="Børnehuset Egebjerg")
    house = text(anonymous.get(reverse("learningplans:public_house", args=[egebjerg.pk])))
    published = PlanEvaluation.objects.published().get(institution=egebjerg)
    assert published.parts.get(section=Section.SOCIAL).did in house
    assert "Mette" not in house and "Rasmussen" not in house  # no staff names, only titles
    draft = learning_plan_demo.draft()
    assert anonymous.get(reverse("learningplans:public_evaluation", args=[draft.pk])).status_code == 404
    assert anonymous.get(reverse("learningplans:public_pdf", args=[draft.pk])).status_code == 404
    assert anonymous.get(reverse("learningplans:evaluation", args=[draft.pk])).status_code == 302  # to login
    # Cached by data revision: a second look costs no query for the list.
    anonymous.get(reverse("learningplans:public_index"))
    with django_assert_max_num_queries(1):
        anonymous.get(reverse("learningplans:public_index"))


def test_a_visitors_public_page_is_cached_whole_with_their_own_csrf_token(municipality, user):
    """Without login, a public page is served whole from the cache (no query, no template); its language switch
    carries this visitor's own token, which the switch accepts; a change to what is published shows at once; a
    logged-in person and a visitor with a session are given the page rendered for them."""
    import re

    from django.db import connection
    from django.middleware.csrf import _unmask_cipher_token
    from django.test.utils import CaptureQueriesContext

    from learningplans import services

    egebjerg = Institution.objects.get(name="Børnehuset Egebjerg")
    url = reverse("learningplans:public_house", args=[egebjerg.pk])
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    header = re.compile(r'"X-CSRFToken": "([^"]+)"')

    def visit(client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        [mine] = set(token.findall(page)) | set(header.findall(page))  # one token, in the form and for htmx
        assert _unmask_cipher_token(mine) == client.cookies["csrftoken"].value  # this visitor's own
        return page.replace(mine, ""), len(queries.captured_queries), mine

    first, computed, _ = visit(Client())
    visitor = Client(enforce_csrf_checks=True)
    again, cached, mine = visit(visitor)
    assert again == first and computed >= 1 and cached == 0
    # Their token is accepted by the language switch (an anonymous POST with the CSRF check on).
    switch = visitor.post(reverse("language"), {"language": "en", "next": url, "csrfmiddlewaretoken": mine})
    assert switch.status_code == 302
    english, _, _ = visit(visitor)
    assert '<html lang="en">' in english and english != first
    # A new evaluation published shows at once.
    leader, district_leader = user("pl.mette"), user("dl.nord")
    evaluation = learning_plan_demo.draft()
    evaluation = services.evaluation_save(evaluation=evaluation, texts=learning_plan_demo.texts(egebjerg.name),
                                          seen_version=evaluation.version, user=leader)
    services.evaluation_send(evaluation=evaluation, user=leader)
    services.evaluation_approve(evaluation=evaluation, user=district_leader)
    after, recomputed, _ = visit(Client())
    assert after != first and recomputed >= 1
    # Logged in: the page with their header; a visitor with a session: rendered for them.
    person = Client()
    person.force_login(leader)
    assert "Log ud" in person.get(url).content.decode() and "Log ud" not in after
    with_session = Client()
    with_session.cookies["sessionid"] = "no-such-session"
    assert visit(with_session)[1] >= 1
    # A URL with a query is rendered every time, not kept: no visitor fills the cache with made-up ones.
    url += "?x=1"
    visit(Client())
    assert visit(Client())[1] >= 1
