import pytest
from django.urls import reverse


def test_anonymous_users_are_sent_to_login(client, organisation):
    response = client.get(reverse("districts:district_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_danish_and_declares_its_language(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()
    assert "Log ind" in response.content.decode()
    assert "Spring til indhold" in response.content.decode()


def test_demo_login_with_password_reaches_the_start_page(client, organisation):
    response = client.post(reverse("login"), {"username": "dl.nord", "password": "dagtilbud-demo"}, follow=True)
    assert response.status_code == 200
    assert "Distrikt Nord" in response.content.decode()


@pytest.mark.parametrize(
    "username, destination",
    [
        ("admin", "dashboards:overview"),
    ],
)
def test_start_page_sends_each_role_to_its_work(login, organisation, username, destination):
    response = login(username).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(destination)


def test_a_pedagogical_leader_starts_on_their_own_houses(login, organisation):
    response = login("pl.mette").get(reverse("home"))
    assert response.url == reverse("dashboards:houses")


def test_district_leader_starts_on_their_own_district(login, organisation):
    response = login("dl.nord").get(reverse("home"))
    assert response.url == reverse("dashboards:district", args=[organisation["nord"].pk])


def test_user_without_role_is_told_so(login, organisation):
    response = login("uden.rolle").get(reverse("home"))
    assert response.status_code == 200
    assert "ingen rolle" in response.content.decode()


def test_district_page_shows_institutions_leaders_and_span_of_control(login, organisation):
    page = login("dl.syd").get(reverse("districts:district_detail", args=[organisation["syd"].pk])).content.decode()
    assert "Peter Holm" in page
    assert "Børnehuset Skovlunde" in page
    assert "Sofie Nørgaard" in page


def test_district_leader_cannot_open_another_district_or_its_institutions(login, organisation):
    client = login("dl.nord")
    assert client.get(reverse("districts:district_detail", args=[organisation["syd"].pk])).status_code == 404
    assert client.get(reverse("districts:institution_detail", args=[organisation["skovlunde"].pk])).status_code == 404
    assert client.get(reverse("districts:institution_detail", args=[organisation["egebjerg"].pk])).status_code == 200


def test_district_list_shows_only_own_district_to_a_district_leader(login, organisation):
    page = login("dl.nord").get(reverse("districts:district_list")).content.decode()
    assert "Distrikt Nord" in page
    assert "Distrikt Syd" not in page


def test_committee_member_and_user_without_role_may_not_see_the_organisation(login, organisation):
    assert login("udvalg").get(reverse("districts:district_list")).status_code == 403
    assert login("uden.rolle").get(reverse("districts:district_list")).status_code == 403


def test_only_administrators_manage_users_and_roles(login, organisation):
    assert login("dl.nord").get(reverse("districts:user_list")).status_code == 403
    assert login("admin").get(reverse("districts:user_list")).status_code == 200


def test_administrator_gives_a_new_user_a_role(login, organisation):
    client = login("admin")
    response = client.post(
        reverse("districts:user_create"),
        {"username": "ny.leder", "first_name": "Ny", "last_name": "Leder",
         "password1": "en-lang-og-god-adgangskode", "password2": "en-lang-og-god-adgangskode"},
    )
    assert response.status_code == 302
    response = client.post(response.url, {"kind": "district_leader", "district": organisation["syd"].pk}, follow=True)
    assert "Distriktsleder: Distrikt Syd" in response.content.decode()


def test_a_role_with_missing_scope_gets_a_danish_error_not_a_500(login, organisation):
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.get(username="uden.rolle")
    response = login("admin").post(reverse("districts:user_roles", args=[person.pk]), {"kind": "district_leader"})
    assert response.status_code == 200
    assert "En distriktsleder skal have et distrikt" in response.content.decode()


def test_read_only_roles_cannot_remove_roles(login, organisation):
    from districts.models import Role

    role = Role.objects.filter(kind="district_leader").first()
    assert login("dl.nord").post(reverse("districts:role_delete", args=[role.pk])).status_code == 403
    assert Role.objects.filter(pk=role.pk).exists()


def test_only_administrators_set_the_span_of_control_limit(login, organisation):
    from districts.models import Municipality

    url = reverse("districts:municipality_settings")
    assert login("dl.nord").post(url, {"name": "X", "unit": "Y", "span_of_control_limit": 9}).status_code == 403
    response = login("admin").post(url, {"name": "Ballerup Kommune", "unit": "Økonomi og Styring",
                                         "span_of_control_limit": "tre", "version": 1})
    assert "Indtast et heltal." in response.content.decode()
    login("admin").post(url, {"name": "Ballerup Kommune", "unit": "Økonomi og Styring", "span_of_control_limit": 3,
                              "utilisation_low": 85, "utilisation_high": 100, "version": 1})
    assert Municipality.objects.current().span_of_control_limit == 3
    # A second administrator's form, loaded before that save, is refused rather than undoing it.
    stale = login("admin").post(url, {"name": "Ballerup Kommune", "unit": "Økonomi og Styring",
                                      "span_of_control_limit": 5, "utilisation_low": 85, "utilisation_high": 100,
                                      "version": 1})
    assert "Intet er gemt: Anja Økonomisen har ændret indstillingerne" in stale.content.decode()
    assert Municipality.objects.current().span_of_control_limit == 3
