"""The language switch: kept in the person's profile, applied at login, followed by their e-mails; PDFs stay Danish."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from districts.models import Profile
from tests.shared_demo import load_demo


@pytest.fixture
def organisation(db):
    load_demo("organisation")


def _lang(response):
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_without_a_choice_the_browser_decides_and_the_page_says_so(organisation):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="dl.nord"))
    response = client.get(reverse("evaluations:evaluation_list"))
    # No choice made: the browser's language decides, and the page says which it is in.
    assert _lang(response) == "en"
    assert "Evaluations" in response.content.decode()


def test_the_switch_keeps_the_choice_in_the_profile_and_the_next_login_applies_it(organisation):
    dl = get_user_model().objects.get(username="dl.nord")
    client = Client()
    client.force_login(dl)
    page = client.get(reverse("evaluations:evaluation_list"))
    assert _lang(page) == "da"
    assert 'name="language" value="en" lang="en">English</button>' in page.content.decode()

    response = client.post(reverse("language"), {"language": "en", "next": reverse("evaluations:evaluation_list")})
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:evaluation_list")
    assert Profile.objects.get(user=dl).language == "en"
    page = client.get(response["Location"])
    assert _lang(page) == "en"
    assert "Log out" in page.content.decode()
    assert 'name="language" value="da" lang="da">Dansk</button>' in page.content.decode()

    # Another device with a Danish browser: the profile wins at login.
    other = Client(HTTP_ACCEPT_LANGUAGE="da")
    other.force_login(dl)
    page = other.get(reverse("evaluations:evaluation_list"))
    assert _lang(page) == "en"
    assert other.cookies["django_language"].value == "en"  # the login page after logging out stays English


def test_the_switch_on_the_login_page_needs_no_login_and_rejects_an_unknown_language(organisation):
    client = Client()
    response = client.post(reverse("language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert _lang(client.get(reverse("login"))) == "en"
    response = client.post(reverse("language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
    assert not Profile.objects.exists()


def test_a_pdf_is_danish_whoever_asks_for_it_and_whatever_the_worker_spoke_last(organisation, settings, tmp_path):
    from django.utils import translation

    from budgetfollowup.models import FollowUpRound, Report
    from dagtilbud.documents import workflow as documents
    from dagtilbud.testing import pdf_text

    settings.MEDIA_ROOT = tmp_path
    load_demo("organisation", "agreement")  # the fixture's organisation, with the agreement
    report = Report.objects.get(round=FollowUpRound.objects.get(number=1))
    with translation.override("en"):
        documents.render(Report, report.pk)
    report.refresh_from_db()
    reader, text = pdf_text(report.file.read())
    assert "Første opfølgning på Aftale om budget 2019" in text
    assert "Milepæl er ikke fuldt nået, men det er fortsat realistisk" in text
    assert "First follow-up" not in text and "Milestone" not in text
    assert reader.trailer["/Root"]["/Lang"] == "da"
