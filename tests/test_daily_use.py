"""Daily use, as the held-out journeys met it (issue #35): what a person notices on the pages they use every day."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from budgetfollowup.models import FollowUpRound, Report
from dagtilbud import formatting
from evaluations.models import Evaluation
from notifications import texts
from notifications.models import Kind, Notice
from notifications.sources import supervision as supervision_notices
from supervision.models import SelfAssessmentAnswer, SelfAssessmentQuestion, SupervisionVisit

from .shared_demo import load_demo


@pytest.fixture
def demo(db):
    """What `seed_demo` loads (its forecast's PDF, rendered and sent to the committee, aside)."""
    load_demo("organisation", "agreement", "reporting", "evaluation", "capacity", "forecast", "supervision",
              "learningplans")


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_every_page_writes_a_moment_the_same_way_in_each_language(demo, login, settings):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 7, 19, 50))
    assert formatting.danish_datetime(moment) == "7. december 2026 kl. 19.50"
    admin = login("admin")
    Notice.objects.create(recipient=get_user_model().objects.get(username="admin"), kind=Kind.ROUND_DUE, key="t",
                          subject="Opfølgning", body="Tekst", url="/")
    Notice.objects.filter(key="t").update(created_at=moment)
    pages = [reverse("notifications:notice_list"), reverse("dashboards:history") + "?model=budgetfollowup.Initiative"]
    for url in pages:
        page = admin.get(url).content.decode()
        times = re.findall(r"\d{1,2}\. \w+ \d{4}(?: kl\.|,)? \d{2}[.:]\d{2}", page)
        assert times and all(re.fullmatch(r"\d{1,2}\. \w+ \d{4} kl\. \d{2}\.\d{2}", t) for t in times), (url, times)
    assert "7. december 2026 kl. 19.50" in admin.get(pages[0]).content.decode()
    admin.post(reverse("language"), {"language": "en", "next": "/"})
    english = admin.get(pages[0]).content.decode()
    assert "7 December 2026 at 19:50" in english


def test_the_report_list_says_when_each_version_was_published_newest_first(demo, login):
    listing = login("udvalg").get(reverse("budgetfollowup:report_list")).content.decode()
    assert '<caption>Rapporter, nyeste først</caption>' in listing
    assert "Opfølgningens dato" in listing and "Offentliggjort" in listing
    report = Report.objects.filter(kind="final").first()
    assert formatting.danish_datetime(report.created_at) in listing


def test_each_add_status_link_names_its_recommendation(demo, login):
    evaluation = Evaluation.objects.first()
    page = login("dl.nord").get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    names = [" ".join(re.sub(r"<[^>]+>", "", n).split()) for n in re.findall(r">(Tilføj status.*?)</a>", page)]
    recommendation_links = [n for n in names if "anbefaling" in n]
    assert len(recommendation_links) >= 2
    assert len(set(names)) == len(names), names


def test_publishing_is_at_the_top_of_the_grid_and_the_confirmation_skips_to_its_button(demo, login):
    second = FollowUpRound.objects.get(number=2)
    admin = login("admin")
    grid = admin.get(reverse("budgetfollowup:round_grid", args=[second.pk])).content.decode()
    publish = reverse("budgetfollowup:round_publish", args=[second.pk])
    assert grid.index(f'href="{publish}"') < grid.index("<table")
    confirm = admin.get(publish).content.decode()
    skip = confirm.index('href="#publish-confirm"')
    assert skip < confirm.index("<header") and 'id="publish-confirm"' in confirm
    assert "Spring til “Ja, offentliggør”" in confirm


def test_the_history_filter_names_models_in_the_pages_language_and_in_the_plural(demo, login):
    admin = login("admin")
    danish = admin.get(reverse("dashboards:history")).content.decode()
    options = re.findall(r"<option [^>]*>([^<]+)</option>", danish)
    assert "Beløb pr. år" in options and "Svar på selvevaluering" in options
    assert not [o for o in options if re.search(r"\b(amounts?|answers?|initiative)\b", o, re.I)], options
    admin.post(reverse("language"), {"language": "en", "next": "/"})
    english = re.findall(r"<option [^>]*>([^<]+)</option>", admin.get(reverse("dashboards:history")).content.decode())
    for plural in ("Goals", "Supervision visits", "Orders", "Amounts per year", "Self-assessment answers",
                   "Finance statuses"):
        assert plural in english, english


def test_an_answered_self_assessment_is_not_asked_for_again(demo, login):
    visit = SupervisionVisit.objects.planned().first()
    leader = "dl.nord" if visit.institution.district.name == "Distrikt Nord" else "admin"
    page = text_of(login(leader).get(reverse("supervision:visit", args=[visit.pk])))
    # The demo's coming visit is half answered: the leader is still asked to answer it.
    assert "Besvar selvevalueringen" in page and "Ret selvevalueringen" not in page
    for question in SelfAssessmentQuestion.objects.filter(active=True):
        SelfAssessmentAnswer.objects.update_or_create(visit=visit, question=question,
                                                      defaults={"answer": "Vi arbejder med det."})
    page = text_of(login(leader).get(reverse("supervision:visit", args=[visit.pk])))
    assert "Ret selvevalueringen" in page and "Besvar selvevalueringen" not in page
    now = timezone.make_aware(datetime.datetime.combine(visit.visit_date - datetime.timedelta(days=3),
                                                        datetime.time(9)))
    bodies = [texts.render(c.body) for c in supervision_notices(now) if c.key.startswith(f"planned:{visit.pk}:")]
    assert bodies and all("Selvevalueringen er besvaret" in b and "Besvar" not in b for b in bodies)
