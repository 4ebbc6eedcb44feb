"""An administrator exports a person's data and anonymises a person who has left, from "Brugere og roller"."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from budgetfollowup.models import FollowUpRound, Milestone
from budgetfollowup.tests.test_round_grid import grid_post
from districts import personal_data
from districts.models import Role

from .test_permission_matrix import _load_demo


@pytest.fixture
def second_admin(db):
    """Anton, an administrator who publishes round 2 after setting a smiley: his name is on history and reports."""
    _load_demo()
    anton = get_user_model().objects.create_user("anton.adm", password="ikke-brugt-123", first_name="Anton",
                                                 last_name="Andersen", email="anton@kommune.example")
    Role.objects.create(user=anton, kind=Role.Kind.ADMINISTRATOR)
    client = Client()
    client.force_login(anton)
    second = FollowUpRound.objects.get(number=2)
    assert grid_post(client, second, {"3.1": {"milestone_smiley": "green", "status_text": "Godt i gang."}}
                     ).status_code == 302
    assert client.post(reverse("budgetfollowup:round_publish", args=[second.pk])).status_code == 302
    return anton, client


def admin_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_the_user_page_offers_export_and_anonymisation(second_admin):
    anton, _ = second_admin
    page = admin_client().get(reverse("districts:user_roles", args=[anton.pk])).content.decode()
    assert reverse("districts:user_export", args=[anton.pk]) in page
    assert reverse("districts:user_anonymise", args=[anton.pk]) in page and "data-confirm" not in page


def test_anonymising_asks_on_a_page_first_and_changes_nothing_until_confirmed(second_admin):
    anton, _ = second_admin
    url = reverse("districts:user_anonymise", args=[anton.pk])
    response = admin_client().get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "Det kan ikke fortrydes." in page
    assert 'id="confirm-action"' in page and "Ja, anonymisér" in page and 'href="#confirm-action"' in page
    assert reverse("districts:user_roles", args=[anton.pk]) in page  # the way back
    anton.refresh_from_db()
    assert anton.username == "anton.adm" and anton.is_active  # looking at the question changes nothing


def test_export_has_the_user_their_roles_and_what_they_changed(second_admin):
    anton, _ = second_admin
    response = admin_client().get(reverse("districts:user_export", args=[anton.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="persondata-{anton.pk}.json"'
    data = json.loads(response.content)
    assert data["user"]["username"] == "anton.adm" and data["user"]["email"] == "anton@kommune.example"
    assert [r["kind"] for r in data["roles"]] == ["administrator"]
    authored = data["history_authored"]
    assert any(row["status_text"] == "Godt i gang." for row in authored["budgetfollowup.HistoricalMilestone"])
    assert any(row["state"] == "published" for row in authored["budgetfollowup.HistoricalFollowUpRound"])
    assert data["linked"]["budgetfollowup.FollowUpRound.published_by"][0]["number"] == 2
    assert data["linked"]["budgetfollowup.Report.requested_by"][0]["kind"] == "final"
    assert "password" not in response.content.decode()


def test_anonymising_removes_the_name_and_keeps_the_history(second_admin):
    anton, anton_client = second_admin
    history_before = Milestone.history.filter(history_user=anton).count()
    response = admin_client().post(reverse("districts:user_anonymise", args=[anton.pk]), follow=True)
    assert "Historikken er bevaret" in response.content.decode()

    anton.refresh_from_db()
    assert anton.username == f"slettet-{anton.pk}"
    assert (anton.first_name, anton.last_name, anton.email) == ("Slettet", "bruger", "")
    assert not anton.is_active and not anton.has_usable_password()
    assert not anton.roles.exists()
    # the removal of the role is itself in history, by the administrator who did it
    assert Role.history.filter(user_id=anton.pk, history_type="-").get().history_user.username == "admin"
    assert Milestone.history.filter(history_user=anton).count() == history_before
    assert FollowUpRound.objects.get(number=2).published_by == anton

    # nothing that names him is left in the export, and the page showing his change shows the anonymous name
    export = json.dumps(personal_data.person_export(person=anton), default=str)
    assert "Anton" not in export and "anton" not in export
    page = admin_client().get(reverse("budgetfollowup:initiative_detail", args=[
        Milestone.objects.get(round__number=2, initiative__number="3.1").initiative_id])).content.decode()
    assert f"slettet-{anton.pk}" in page and "anton.adm" not in page
    # his open session is gone
    response = anton_client.get(reverse("budgetfollowup:agreement_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_administrator_cannot_anonymise_themselves(second_admin):
    anton, anton_client = second_admin
    response = anton_client.post(reverse("districts:user_anonymise", args=[anton.pk]), follow=True)
    assert "Du kan ikke anonymisere dig selv" in response.content.decode()
    anton.refresh_from_db()
    assert anton.username == "anton.adm" and anton.roles.exists()


def test_the_last_administrator_is_not_anonymised(db):
    _load_demo()
    admin = get_user_model().objects.get(username="admin")
    other = get_user_model().objects.get(username="dl.nord")
    with pytest.raises(Exception, match="eneste administrator"):
        personal_data.person_anonymise(person=admin, by=other)
    assert get_user_model().objects.get(pk=admin.pk).username == "admin"
