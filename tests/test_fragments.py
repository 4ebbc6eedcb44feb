"""Cached page fragments ({% cached %}, keyed by the data's revision): served from the cache while nothing
changes, never after a change, never to someone with other roles, and never with another person's CSRF token."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgetfollowup.models import Report
from dagtilbud.documents import workflow as documents
from districts.models import District, Institution
from evaluations.models import Action

from .shared_demo import load_demo


@pytest.fixture
def municipality(db):
    load_demo("organisation", "agreement", "evaluation")


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # Each response masks the CSRF token anew: the rest must be the same.
    return re.sub(r'(csrfmiddlewaretoken" value="|Token": ")[^"]+', "", response.content.decode()), len(queries)


def test_a_dashboard_is_served_from_the_cache_until_the_data_changes(municipality):
    leader = client_for("dl.nord")
    nord = District.objects.get(name="Distrikt Nord")
    url = reverse("dashboards:district", args=[nord.pk])
    first, computed = get(leader, url)
    again, cached = get(leader, url)
    assert again == first
    assert cached < computed - 10  # the sections' queries are not run again

    # A colleague adds a house to the district: the next visit shows it.
    Institution.objects.create(name="Børnehuset Ny Ende", district=nord, places=40)
    after, recomputed = get(leader, url)
    assert "Børnehuset Ny Ende" in after and "Børnehuset Ny Ende" not in first
    assert recomputed > cached + 10  # computed again


def test_an_update_without_signals_is_seen_too(municipality):
    """The worker marks a report failed with QuerySet.update: the report list says so at once."""
    admin = client_for("admin")
    report = Report.objects.filter(state="ready").first() or Report.objects.first()
    if report is None:
        pytest.skip("the demo has no report")
    url = reverse("budgetfollowup:report_list")
    before, _ = get(admin, url)
    documents.fail(Report, report.pk, "Skrifttypen mangler")
    after, _ = get(admin, url)
    assert before != after
    assert after.count("Fejlet") == before.count("Fejlet") + 1


def test_people_with_other_roles_do_not_share_a_cached_page(municipality):
    """The administrator sees every district's houses; a district leader, right after, only their own."""
    admin_page, _ = get(client_for("admin"), reverse("supervision:overview") + "?distrikt="
                        + str(District.objects.get(name="Distrikt Syd").pk))
    syd_house = Institution.objects.filter(district__name="Distrikt Syd").order_by("name").first().name
    assert syd_house in admin_page
    leader_page, _ = get(client_for("dl.nord"), reverse("supervision:overview") + "?distrikt="
                         + str(District.objects.get(name="Distrikt Syd").pk))
    assert syd_house not in leader_page
    assert Institution.objects.filter(district__name="Distrikt Nord").first().name in leader_page


def test_a_block_with_a_form_that_posts_is_never_cached(db):
    template = Template('{% load dagtilbud %}{% cached "form-test" %}<form method="post">{% csrf_token %}'
                        '</form>{% endcached %}')
    tokens = set()
    for username in ("anna", "bent"):
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.create_user(username)
        from django.middleware.csrf import get_token

        get_token(request)
        html = template.render(Context({"request": request, "csrf_token": request.META["CSRF_COOKIE"]}))
        tokens.add(html)
    assert len(tokens) == 2  # each person their own token


def test_actions_changed_show_on_the_administrations_overview(municipality):
    admin = client_for("admin")
    url = reverse("dashboards:overview")
    before, _ = get(admin, url)
    action = Action.objects.filter(owner_district__isnull=False).exclude(state="done").first()
    action.state = "done"
    action.save()
    after, _ = get(admin, url)
    assert before != after


def test_a_remembered_value_is_one_persons_until_its_revision_moves(db):
    """dagtilbud.revision.remembered: what roles_of and the bell's count are kept by."""
    import uuid

    from dagtilbud import revision

    key = f"test-revision-{uuid.uuid4().hex}"  # the shared cache outlives a test run
    assert revision.remembered(key, 1, lambda: "anna's") == "anna's"
    assert revision.remembered(key, 1, lambda: "computed again") == "anna's"
    assert revision.remembered(key, 2, lambda: "bent's") == "bent's"  # never another's
    revision.bump(key)
    assert revision.remembered(key, 1, lambda: "anna's, changed") == "anna's, changed"
    assert revision.remembered(key, 2, lambda: "bent's, changed") == "bent's, changed"


def test_with_the_cache_unreachable_a_remembered_value_is_read_afresh_every_time(db, settings):
    from dagtilbud import cache as forgiving
    from dagtilbud import revision

    settings.CACHES = {"default": {"BACKEND": "dagtilbud.cache.ForgivingRedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    try:
        reads = []
        for _ in range(3):
            revision.remembered("test-revision", 1, lambda: reads.append(1))
        assert len(reads) == 3
    finally:
        forgiving._resting_until.clear()
        forgiving._missed.clear()
