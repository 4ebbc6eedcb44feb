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


def test_a_published_round_is_cached_whole_with_its_permission_decision_for_the_same_roles_only(municipality):
    """A reader's round page (no form that posts) is cached whole under the data's revision and their roles: served
    again without reading the round or its versions; to someone with the same roles too; never to someone whose
    roles do not let them read it, nor after the round or its reports change."""
    from budgetfollowup import services
    from budgetfollowup.models import FollowUpRound
    from districts.models import Committee, Role

    round_ = FollowUpRound.objects.filter(state="published").order_by("pk").first()
    url = reverse("budgetfollowup:round_detail", args=[round_.pk])
    member = client_for("udvalg")
    first, _ = get(member, url)
    with CaptureQueriesContext(connection) as queries:
        again, _ = get(member, url)
    assert again == first
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "budgetfollowup_followupround" not in read and "budgetfollowup_report" not in read  # neither read again
    assert f"<title>{round_.report_title} – Dagtilbud Opfølgning</title>" in first
    # A colleague on the same committee: the same page from the cache.
    colleague = get_user_model().objects.create(username="udvalg.kollega", first_name="Bo", last_name="Politiker")
    Role.objects.create(user=colleague, kind=Role.Kind.COMMITTEE_MEMBER,
                        committee=Committee.objects.get(name="Børne- og Skoleudvalget"))
    assert get(client_for("udvalg"), url)[0] == get(client_for("udvalg.kollega"), url)[0]
    # A member of another committee, a pedagogical leader: not found, however the page is cached for others.
    other = get_user_model().objects.create(username="udvalg.andet")
    Role.objects.create(user=other, kind=Role.Kind.COMMITTEE_MEMBER,
                        committee=Committee.objects.get(name="Kultur- og Fritidsudvalget"))
    get(client_for("udvalg"), url)
    assert client_for("udvalg.andet").get(url).status_code == 404
    assert client_for("pl.mette").get(url).status_code in (403, 404)
    # In English: its own page.
    english = client_for("udvalg")
    english.cookies["django_language"] = "en"
    assert '<html lang="en">' in get(english, url)[0]
    # A report version failing (an update without signals) shows at once; so does the round reopened (not found).
    report = round_.reports.filter(kind="final").first()
    if report is not None:
        documents.fail(Report, report.pk, "Skrifttypen mangler")
        assert "Fejlet" in get(client_for("udvalg"), url)[0]
    services.round_reopen(round=round_, reason="Rettelse", user=get_user_model().objects.get(username="admin"))
    assert client_for("udvalg").get(url).status_code == 404


def test_an_administrators_round_page_with_its_form_is_rendered_every_time_with_their_own_token(municipality):
    from budgetfollowup.models import FollowUpRound

    round_ = FollowUpRound.objects.filter(state="published").order_by("pk").first()
    url = reverse("budgetfollowup:round_detail", args=[round_.pk])
    admin = client_for("admin")
    first, _ = get(admin, url)
    with CaptureQueriesContext(connection) as queries:
        again, _ = get(admin, url)
    assert "Dan udkast (UDKAST)" in first and again == first
    assert any('FROM "budgetfollowup_followupround"' in q["sql"] for q in queries.captured_queries)  # read again
    # Each response carries this person's own token: the one their CSRF cookie holds, masked anew.
    from django.middleware.csrf import _unmask_cipher_token

    response = admin.get(url)
    token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert _unmask_cipher_token(token) == admin.cookies["csrftoken"].value
