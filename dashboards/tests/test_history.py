"""The administrators' Historik page and an initiative's own history read changes the same way: every tracked model's
page opens, fields by their names, choices and related rows in words."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgetfollowup import services as budget_services
from budgetfollowup.models import FollowUpRound, Initiative, Milestone
from dashboards.change_log import tracked_models
from districts.models import District
from evaluations.models import Recommendation
from tests.test_permission_matrix import _load_demo


@pytest.fixture
def admin_client(db, client):
    _load_demo()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_every_tracked_models_history_opens_with_many_to_many_changes_in_words(admin_client):
    syd = District.objects.get(name="Distrikt Syd")
    initiative = Initiative.objects.order_by("pk").first()
    initiative.districts.set([syd])
    initiative.save()
    recommendation = Recommendation.objects.order_by("pk").first()
    recommendation.districts.set([syd])
    recommendation.save()

    for label in tracked_models():
        response = admin_client.get(reverse("dashboards:history") + f"?model={label}")
        assert response.status_code == 200, label

    page = admin_client.get(reverse("dashboards:history") + "?model=budgetfollowup.Initiative").content.decode()
    assert "Berørte distrikter</strong>:" in page and "→ Distrikt Syd" in page


def test_a_page_number_past_any_history_is_an_empty_page(admin_client):
    response = admin_client.get(reverse("dashboards:history") + "?model=auth.User&side=9223372036854775807")
    assert response.status_code == 200 and "Ingen ændringer endnu." in response.content.decode()


def test_an_initiatives_history_tells_the_milestone_smiley_from_the_economy_smiley(admin_client):
    second = FollowUpRound.objects.get(number=2)
    row = Milestone.objects.get(round=second, initiative__number="3.1")
    economy = row.initiative.economy.get(round=second)
    admin = get_user_model().objects.get(username="admin")
    budget_services.round_save_grid(round=second, user=admin, changes=[budget_services.CellChange(
        initiative_id=row.initiative_id, milestone_version=row.version, economy_version=economy.version,
        milestone={"smiley": "green"}, economy={"smiley": "red"})])

    page = admin_client.get(reverse("budgetfollowup:initiative_detail", args=[row.initiative_id])).content.decode()
    history = page[page.index("Hvem"):]
    assert "<td>Milepæl: smiley</td><td>–</td><td>Nået</td>" in history
    assert "<td>Økonomistatus: smiley</td><td>–</td><td>Budget ikke overholdt</td>" in history
