"""A district leader's form says which action (or goal) and which district it is about, and a save returns the
leader to where they came from, at the place of what they saved."""

import re

import pytest
from django.urls import reverse

from districts.models import District
from evaluations.models import Action, Evaluation
from tests.shared_demo import load_demo


@pytest.fixture
def evaluation(db):
    load_demo("organisation", "evaluation")
    return Evaluation.objects.get()


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_action_form_names_the_action_its_district_and_what_it_follows_from(evaluation, login):
    nord = Action.objects.get(owner_district__name="Distrikt Nord")
    syd = Action.objects.get(owner_district__name="Distrikt Syd")
    assert nord.text == syd.text  # five districts, one title: the form must tell them apart
    page = login("dl.nord").get(reverse("evaluations:action_edit", args=[evaluation.pk, nord.pk])).content.decode()
    h1 = _text(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))
    assert h1 == "Ret handling for Distrikt Nord"
    text = _text(page)
    assert nord.text in text
    assert f"Følger af Potentiale for fortsat udvikling: {nord.recommendation.text} (mål 3)" in text
    assert f"Evaluering {evaluation.title}" in text
    assert "<title>Ret handling for Distrikt Nord –" in page
    # The administrator's form says the same about the same action.
    assert "Ret handling for Distrikt Syd" in login("admin").get(
        reverse("evaluations:action_edit", args=[evaluation.pk, syd.pk])).content.decode()


def test_the_goal_status_form_names_the_goal_and_the_evaluation(evaluation, login):
    goal = evaluation.goals.get(number=3)
    text = _text(login("dl.nord").get(reverse("evaluations:goal_status_add", args=[goal.pk])).content.decode())
    assert "Tilføj status til mål 3" in text and goal.text in text and f"Evaluering {evaluation.title}" in text


def test_a_save_from_the_dashboard_returns_to_the_dashboard_at_the_action(evaluation, login):
    action = Action.objects.get(owner_district__name="Distrikt Nord")
    nord = District.objects.get(name="Distrikt Nord")
    client = login("dl.nord")
    dashboard = reverse("dashboards:district", args=[nord.pk])
    page = client.get(dashboard).content.decode()
    # The dashboard's link opens the action on the evaluation page and carries the way back to the action's item.
    link = re.search(rf'href="([^"]*#action-{action.pk})"', page).group(1).replace("&amp;", "&")
    assert link.startswith(reverse("evaluations:evaluation_detail", args=[evaluation.pk]) + "?next=")
    evaluation_page = client.get(link.split("#")[0]).content.decode()
    assert f'id="action-{action.pk}"' in evaluation_page
    assert evaluation_page.count(f'id="action-{action.pk}"') == 1
    edit = re.search(rf'href="({re.escape(reverse("evaluations:action_edit", args=[evaluation.pk, action.pk]))}'
                     r'\?next=[^"]*)"', evaluation_page).group(1).replace("&amp;", "&")
    response = client.post(edit, {"state": "under_way", "due_date": action.due_date.isoformat(),
                                  "version": action.version})
    assert response.status_code == 302
    assert response.url in (f"{dashboard}#action-{action.pk}", f"{dashboard}#listed-action-{action.pk}")
    back = client.get(response.url.split("#")[0]).content.decode()
    assert "Handlingen er gemt." in back and "I gang" in back


def test_a_save_from_the_evaluation_page_returns_to_the_action_on_it(evaluation, login):
    action = Action.objects.get(owner_district__name="Distrikt Nord")
    client = login("dl.nord")
    detail = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    url = reverse("evaluations:action_edit", args=[evaluation.pk, action.pk])
    assert f'href="{url}?next={detail}"' in client.get(detail).content.decode()
    response = client.post(f"{url}?next={detail}", {"state": "done", "due_date": action.due_date.isoformat(),
                                                   "version": action.version})
    assert response.url == f"{detail}#action-{action.pk}"


def test_a_goal_status_saved_from_the_evaluation_page_returns_to_the_goal(evaluation, login):
    goal = evaluation.goals.get(number=3)
    detail = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    response = login("dl.nord").post(f"{reverse('evaluations:goal_status_add', args=[goal.pk])}?next={detail}", {
        "as_of": "2025-08-31", "assessment": "under_way", "text": "Gennemgået."})
    assert response.url == f"{detail}#goal-{goal.pk}"


@pytest.mark.parametrize("next_", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_leading_off_the_site_is_ignored(evaluation, login, next_):
    action = Action.objects.get(owner_district__name="Distrikt Nord")
    url = reverse("evaluations:action_edit", args=[evaluation.pk, action.pk])
    response = login("dl.nord").post(url, {"state": "done", "due_date": action.due_date.isoformat(),
                                           "version": action.version, "next": next_})
    assert response.url == reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def test_without_next_a_save_goes_to_the_evaluation_page_as_before(evaluation, login):
    action = Action.objects.get(owner_district__name="Distrikt Nord")
    response = login("dl.nord").post(reverse("evaluations:action_edit", args=[evaluation.pk, action.pk]), {
        "state": "done", "due_date": action.due_date.isoformat(), "version": action.version})
    assert response.url == reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def test_a_leader_adds_a_status_to_a_recommendation_of_their_district_from_the_evaluation_page(evaluation, login):
    recommendation = Action.objects.get(owner_district__name="Distrikt Nord").recommendation
    client = login("dl.nord")
    detail = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    page = client.get(detail).content.decode()
    add = reverse("evaluations:recommendation_status_add", args=[recommendation.pk])
    assert page.count(f'href="{add}?next=') == 1  # once, where the recommendation has its anchor
    response = client.post(f"{add}?next={detail}", {"as_of": "2026-01-15", "assessment": "under_way",
                                                     "text": "Ledelsesspændet er gennemgået i alle huse."})
    assert response.status_code == 302 and response.url == f"{detail}#recommendation-{recommendation.pk}"
    page = client.get(detail).content.decode()
    block = page[page.index(f'id="recommendation-{recommendation.pk}"'):]
    assert "Seneste vurdering (15.01.2026)" in block[:block.index("</div>")]
    # A recommendation for some districts only: a leader of another district sees no such button, and may not add.
    assert f'href="{add}?next=' in login("dl.syd").get(detail).content.decode()  # for all districts
    recommendation.districts.set([District.objects.get(name="Distrikt Nord")])
    assert f'href="{add}?next=' not in login("dl.syd").get(detail).content.decode()
    assert login("dl.syd").get(add).status_code == 403
