"""The provider's groups as roles: the administrators' settings page, and roles following the groups at each login
(what changed and why kept in the roles' history)."""

from django.contrib.auth import get_user_model

from districts.models import District, Institution, Role
from sso.models import GroupRoleMapping

from .conftest import sign_in

NORD_GROUP = "3f1c9a2e-ledere-nord"


def roles_of(username):
    return sorted(str(r) for r in Role.objects.filter(user__username=username))


def test_roles_follow_the_groups_at_each_login(client, organisation, oidc_provider):
    gateway = oidc_provider()
    syd = District.objects.get(name="Distrikt Syd")
    GroupRoleMapping.objects.create(group="ledere-syd", kind=Role.Kind.DISTRICT_LEADER, district=syd)
    GroupRoleMapping.objects.create(group="alle-ansatte", kind=Role.Kind.PEDAGOGICAL_LEADER,
                                    institution=Institution.objects.get(name="Børnehuset Grantoften"))
    by_hand = roles_of("dl.nord")  # given by an administrator: never touched by groups

    gateway.set_person("dl.nord@ballerup.example", groups=["ledere-syd", "alle-ansatte", "ukendt-gruppe"])
    assert sign_in(client, gateway, "dl.nord@ballerup.example").status_code == 302
    assert roles_of("dl.nord") == sorted([*by_hand, "Distriktsleder: Distrikt Syd",
                                          "Pædagogisk leder: Børnehuset Grantoften"])
    # The person now sees Distrikt Syd's dashboard too.
    assert client.get(f"/overblik/distrikt/{syd.pk}/").status_code == 200
    added = Role.history.filter(user__username="dl.nord", kind=Role.Kind.DISTRICT_LEADER, district=syd).get()
    assert added.history_type == "+" and added.history_change_reason == "Log ind: medlem af gruppen ledere-syd"

    client.post("/logout/")
    gateway.set_person("dl.nord@ballerup.example", groups=["alle-ansatte"])
    assert sign_in(client, gateway, "dl.nord@ballerup.example").status_code == 302
    assert roles_of("dl.nord") == sorted([*by_hand, "Pædagogisk leder: Børnehuset Grantoften"])
    removed = Role.history.filter(user__username="dl.nord", district=syd, history_type="-").get()
    assert removed.history_change_reason == "Log ind: ikke længere i gruppen ledere-syd"
    assert client.get(f"/overblik/distrikt/{syd.pk}/").status_code == 404

    # Without a group claim at all (not sent by the provider), roles stay as they are.
    client.post("/logout/")
    gateway.set_person("dl.nord@ballerup.example")
    assert sign_in(client, gateway, "dl.nord@ballerup.example").status_code == 302
    assert roles_of("dl.nord") == sorted([*by_hand, "Pædagogisk leder: Børnehuset Grantoften"])

    # An empty group list is news: the last role from a group goes; the one given by hand stays.
    client.post("/logout/")
    gateway.set_person("dl.nord@ballerup.example", groups=[])
    assert sign_in(client, gateway, "dl.nord@ballerup.example").status_code == 302
    assert roles_of("dl.nord") == by_hand


def test_a_group_never_takes_a_role_given_by_hand(client, organisation, oidc_provider):
    gateway = oidc_provider()
    nord = District.objects.get(name="Distrikt Nord")
    GroupRoleMapping.objects.create(group="ledere-nord", kind=Role.Kind.DISTRICT_LEADER, district=nord)

    gateway.set_person("dl.nord@ballerup.example", groups=["ledere-nord"])
    sign_in(client, gateway, "dl.nord@ballerup.example")
    client.post("/logout/")
    gateway.set_person("dl.nord@ballerup.example", groups=[])
    sign_in(client, gateway, "dl.nord@ballerup.example")

    assert roles_of("dl.nord") == ["Distriktsleder: Distrikt Nord"]


def test_groups_create_no_user(client, organisation, oidc_provider):
    gateway = oidc_provider()
    GroupRoleMapping.objects.create(group="administratorer", kind=Role.Kind.ADMINISTRATOR)
    gateway.set_person("fremmed@ballerup.example", groups=["administratorer"])

    assert sign_in(client, gateway, "fremmed@ballerup.example").status_code == 403
    assert not get_user_model().objects.filter(email="fremmed@ballerup.example").exists()


def test_administrators_map_groups_to_roles(login, organisation):
    client = login("admin")
    nord = District.objects.get(name="Distrikt Nord")

    page = client.get("/sso/grupper/")
    assert page.status_code == 200 and "Ingen grupper giver roller endnu" in page.content.decode()
    response = client.post("/sso/grupper/", {"group": f"  {NORD_GROUP} ", "kind": "district_leader",
                                             "district": nord.pk}, follow=True)
    html = response.content.decode()
    assert f"Gruppen {NORD_GROUP} giver nu rollen Distriktsleder, Distrikt Nord" in html
    mapping = GroupRoleMapping.objects.get()
    assert mapping.group == NORD_GROUP
    assert mapping.history.get().history_user.username == "admin"

    # The same again, and a scope that does not fit the role: Danish messages, nothing saved.
    again = client.post("/sso/grupper/", {"group": NORD_GROUP, "kind": "district_leader", "district": nord.pk})
    assert "Gruppen giver allerede den rolle." in again.content.decode()
    wrong = client.post("/sso/grupper/", {"group": "x", "kind": "district_leader"})
    assert "En distriktsleder skal have et distrikt" in wrong.content.decode()
    assert GroupRoleMapping.objects.count() == 1

    response = client.post(f"/sso/grupper/{mapping.pk}/slet/", follow=True)
    assert "giver ikke længere rollen" in response.content.decode()
    assert not GroupRoleMapping.objects.exists()


def test_only_administrators_see_the_group_settings(login, organisation):
    for username in ("dl.nord", "pl.mette", "udvalg", "uden.rolle"):
        assert login(username).get("/sso/grupper/").status_code == 403
