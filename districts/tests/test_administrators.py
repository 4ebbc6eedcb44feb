"""The administrators themselves: nobody can take the last administrator role away and lock everyone out."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from districts.models import Role


def remove(client, role):
    return client.post(reverse("districts:role_delete", args=[role.pk]), follow=True).content.decode()


def test_the_last_administrator_cannot_remove_their_own_role(login, organisation):
    [own] = Role.objects.filter(kind=Role.Kind.ADMINISTRATOR)
    page = remove(login("admin"), own)
    assert "den sidste administratorrolle" in page
    assert "Rollen er fjernet" not in page
    assert Role.objects.filter(pk=own.pk).exists()
    assert login("admin").get(reverse("districts:user_list")).status_code == 200  # still an administrator


def test_an_administrator_role_goes_while_another_remains_and_the_last_one_stays(login, organisation):
    colleague = get_user_model().objects.create_user("admin.to", email="admin.to@ballerup.example")
    theirs = Role.objects.create(user=colleague, kind=Role.Kind.ADMINISTRATOR)
    own = Role.objects.get(user__username="admin", kind=Role.Kind.ADMINISTRATOR)
    client = login("admin")
    assert "Rollen er fjernet" in remove(client, theirs)
    assert not Role.objects.filter(pk=theirs.pk).exists()
    assert "den sidste administratorrolle" in remove(client, own)
    assert Role.objects.filter(pk=own.pk).exists()
    # Who removed what is in the role's history.
    assert Role.history.filter(id=theirs.pk, history_type="-").get().history_user.username == "admin"


def test_an_inactive_persons_administrator_role_does_not_count(login, organisation):
    former = get_user_model().objects.create_user("tidligere.admin", is_active=False)
    Role.objects.create(user=former, kind=Role.Kind.ADMINISTRATOR)
    own = Role.objects.get(user__username="admin", kind=Role.Kind.ADMINISTRATOR)
    assert "den sidste administratorrolle" in remove(login("admin"), own)
    assert Role.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("kind", [Role.Kind.DISTRICT_LEADER, Role.Kind.PEDAGOGICAL_LEADER])
def test_other_roles_are_removed_as_before(login, organisation, kind):
    role = Role.objects.filter(kind=kind).first()
    assert "Rollen er fjernet" in remove(login("admin"), role)
    assert not Role.objects.filter(pk=role.pk).exists()
