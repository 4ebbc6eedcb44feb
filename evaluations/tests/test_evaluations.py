import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from dagtilbud.testing import uncached_queries
from districts.models import District
from evaluations import demo as evaluation_demo
from evaluations.models import Action, Evaluation, Goal, Recommendation, StatusUpdate
from tests.shared_demo import load_demo


@pytest.fixture
def evaluation(db):
    load_demo("organisation", "evaluation")
    return Evaluation.objects.get()


def detail(evaluation):
    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def test_the_demo_is_the_seed_evaluation_and_loads_once(evaluation):
    assert evaluation.carried_out_by == "Epinion"
    assert evaluation.goals.count() == 6
    assert all(g.status_updates.filter(as_of=datetime.date(2024, 8, 31)).exists() for g in evaluation.goals.all())
    assert evaluation.recommendations.filter(kind="potential").count() == 5
    assert set(Action.objects.exclude(owner_district=None).values_list("owner_district__name", flat=True)) == set(
        District.objects.values_list("name", flat=True))
    evaluation_demo.load_evaluation()
    assert Evaluation.objects.count() == 1 and Action.objects.count() == 9


def test_a_district_leader_records_the_next_status_and_the_page_shows_the_movement(evaluation, login):
    goal = evaluation.goals.get(number=3)
    client = login("dl.nord")
    response = client.post(reverse("evaluations:goal_status_add", args=[goal.pk]), {
        "as_of": "2025-08-31", "assessment": "under_way",
        "text": "Ledelsesspændet er gennemgået i to distrikter; tid er frigivet i tre huse."})
    assert response.status_code == 302
    page = client.get(detail(evaluation)).content.decode()
    section = page[page.index(f'id="goal-{goal.pk}"'):]  # the goal's own block (the background lists it too)
    section = section[:section.index("goal-block", 1)] if "goal-block" in section[1:] else section
    # Oldest first: 2023 under way, 2024 needs attention, 2025 under way again; the latest is the newest.
    assert section.index("31. august 2023") < section.index("31. august 2024") < section.index("31. august 2025")
    assert "Seneste vurdering: <span class=\"assessment assessment-under_way\">" in " ".join(section.split())
    assert StatusUpdate.objects.get(text__startswith="Ledelsesspændet er gennemgået").author.username == "dl.nord"


def test_a_district_leader_closes_their_districts_action_but_not_anothers(evaluation, login):
    own = Action.objects.get(owner_district__name="Distrikt Nord")
    other = Action.objects.get(owner_district__name="Distrikt Syd")
    client = login("dl.nord")
    url = reverse("evaluations:action_edit", args=[evaluation.pk, own.pk])
    form = client.get(url).context["form"]
    assert set(form.fields) == {"state", "due_date", "version"}  # a district leader moves it; the rest is admin's
    assert client.post(url, {"state": "done", "due_date": own.due_date.isoformat(), "version": own.version}
                       ).status_code == 302
    assert Action.objects.get(pk=own.pk).state == "done"
    assert client.get(reverse("evaluations:action_edit", args=[evaluation.pk, other.pk])).status_code == 403
    assert client.post(reverse("evaluations:action_edit", args=[evaluation.pk, other.pk]),
                       {"state": "done", "version": other.version}).status_code == 403
    assert Action.objects.get(pk=other.pk).state == "not_started"


@pytest.mark.parametrize("username, page, add_status, edit_action, create", [
    ("admin", 200, 200, 200, 200),
    ("dl.nord", 200, 200, 200, 403),
    ("dl.syd", 200, 200, 403, 403),
    ("pl.mette", 200, 403, 403, 403),
    ("udvalg", 200, 403, 403, 403),
    ("uden.rolle", 404, 404, 404, 403),
])
def test_who_may_read_and_change_what(evaluation, login, username, page, add_status, edit_action, create):
    client = login(username)
    nord_action = Action.objects.get(owner_district__name="Distrikt Nord")
    goal = evaluation.goals.first()
    assert client.get(detail(evaluation)).status_code == page
    assert client.get(reverse("evaluations:status_report", args=[evaluation.pk])).status_code == page
    assert client.get(reverse("evaluations:goal_status_add", args=[goal.pk])).status_code == add_status
    assert client.get(reverse("evaluations:action_edit", args=[evaluation.pk, nord_action.pk])).status_code == \
        edit_action
    assert client.get(reverse("evaluations:goal_create", args=[evaluation.pk])).status_code == create
    assert client.post(reverse("evaluations:recommendation_create", args=[evaluation.pk]),
                       {"kind": "recommendation", "text": "Ny"}).status_code in (302 if create == 200 else create,)


def test_anonymous_users_are_sent_to_login(evaluation, client):
    response = client.get(detail(evaluation))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_bad_status_input_gets_danish_errors_and_saves_nothing(evaluation, login):
    goal = evaluation.goals.first()
    before = StatusUpdate.objects.count()
    response = login("dl.nord").post(reverse("evaluations:goal_status_add", args=[goal.pk]), {
        "as_of": "31-13-2025", "assessment": "fantastisk", "text": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indtast en gyldig dato." in page and "Dette felt er påkrævet." in page
    assert StatusUpdate.objects.count() == before


def test_an_action_cannot_expire_before_it_is_due(evaluation, login):
    response = login("admin").post(reverse("evaluations:action_create", args=[evaluation.pk]), {
        "text": "Ny handling", "owner_name": "Forvaltningen", "due_date": "2026-06-30", "expires_on": "2026-01-01",
        "state": "not_started", "obligation": "offer"})
    assert "Udløbsdatoen kan ikke ligge før fristen." in response.content.decode()
    response = login("admin").post(reverse("evaluations:action_create", args=[evaluation.pk]), {
        "text": "Ny handling", "state": "not_started", "obligation": "offer"})
    assert "En handling skal have en ansvarlig" in response.content.decode()
    assert not Action.objects.filter(text="Ny handling").exists()


def test_two_people_moving_one_action_the_second_save_is_refused(evaluation, client):
    action = Action.objects.get(owner_district__name="Distrikt Nord")
    url = reverse("evaluations:action_edit", args=[evaluation.pk, action.pk])
    users = get_user_model().objects
    client.force_login(users.get(username="dl.nord"))
    client.post(url, {"state": "under_way", "due_date": action.due_date.isoformat(), "version": action.version})
    client.force_login(users.get(username="admin"))
    response = client.post(url, {
        "text": action.text, "owner_district": action.owner_district_id, "state": "dropped",
        "obligation": "mandatory", "version": action.version})
    assert response.status_code == 200
    assert "Intet er gemt: Hanne Kjær har ændret handlingen" in response.content.decode()
    assert Action.objects.get(pk=action.pk).state == "under_way"


def test_the_report_file_must_be_a_pdf_and_is_only_given_to_roles(evaluation, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("evaluations:evaluation_edit", args=[evaluation.pk])
    fields = {"title": evaluation.title, "carried_out_by": "Epinion", "period": evaluation.period,
              "commissioned_by": evaluation.commissioned_by, "conclusion": evaluation.conclusion,
              "version": evaluation.version}
    client = login("admin")
    response = client.post(url, {**fields, "report_file": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf")})
    assert "Filen er ikke en rigtig PDF: indholdet passer ikke til endelsen .pdf." in response.content.decode()
    client.post(url, {**fields, "report_file": SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n%%EOF\n")})
    assert login("udvalg").get(reverse("evaluations:report_file", args=[evaluation.pk])).status_code == 200
    assert login("uden.rolle").get(reverse("evaluations:report_file", args=[evaluation.pk])).status_code == 404


def test_the_evaluation_page_reads_in_the_same_number_of_queries_however_large(evaluation, login):
    """Queries: user, roles, evaluation, goals, their statuses, recommendations, their goals, districts, statuses
    and actions, the other actions, the bell's count (each count afresh: the session, roles and count are read from
    the cache once remembered)."""
    client = login("dl.nord")
    with uncached_queries(connection) as small:
        assert client.get(detail(evaluation)).status_code == 200

    districts = list(District.objects.all())
    goals = Goal.objects.bulk_create([Goal(evaluation=evaluation, number=n, text=f"Mål {n}") for n in range(7, 40)])
    StatusUpdate.objects.bulk_create([StatusUpdate(goal=g, as_of=datetime.date(2020 + y, 8, 31), assessment="positive",
                                                   text="Status") for g in goals for y in range(5)])
    for n, goal in enumerate(goals):
        recommendation = Recommendation.objects.create(evaluation=evaluation, text=f"Anbefaling {n}")
        recommendation.goals.add(goal)
        recommendation.districts.add(districts[n % len(districts)])
        Action.objects.bulk_create([Action(evaluation=evaluation, recommendation=recommendation, text="Gør noget",
                                           owner_district=districts[a], state="under_way") for a in range(5)])
    with uncached_queries(connection) as large:
        page = client.get(detail(evaluation)).content.decode()
    assert "Mål 39" in page and "Anbefaling 32" in page
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_the_evaluation_exports_to_a_workbook_with_its_status_history(evaluation, login):
    import io

    from openpyxl import load_workbook

    response = login("udvalg").get(reverse("evaluations:evaluation_export", args=[evaluation.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Mål", "Anbefalinger", "Handlinger"]
    goals = [row for row in book["Mål"].iter_rows(min_row=2, values_only=True)]
    assert len(goals) == StatusUpdate.objects.count()  # every status of every goal: the history
    assert {row[3] for row in goals} == {"Positiv udvikling", "Undervejs", "Kræver opmærksomhed"}
    actions = list(book["Handlinger"].iter_rows(min_row=2, values_only=True))
    assert len(actions) == Action.objects.count() and any(row[2] == "Distrikt Nord" for row in actions)
    assert login("uden.rolle").get(reverse("evaluations:evaluation_export", args=[evaluation.pk])).status_code == 404


def test_two_administrators_editing_the_evaluation_the_second_save_is_refused(evaluation, client):
    users = get_user_model().objects
    other = users.create(username="admin2", first_name="Bent", last_name="Budget")
    other.roles.create(kind="administrator")
    url = reverse("evaluations:evaluation_edit", args=[evaluation.pk])
    fields = {"title": evaluation.title, "carried_out_by": "Epinion", "period": evaluation.period,
              "commissioned_by": evaluation.commissioned_by, "conclusion": evaluation.conclusion,
              "version": evaluation.version}
    client.force_login(users.get(username="admin"))
    assert client.post(url, {**fields, "conclusion": "Første rettelse."}).status_code == 302
    client.force_login(other)
    response = client.post(url, {**fields, "conclusion": "Anden rettelse."})
    assert "Intet er gemt: Anja Økonomisen har ændret evalueringen" in response.content.decode()
    assert Evaluation.objects.get().conclusion == "Første rettelse."
