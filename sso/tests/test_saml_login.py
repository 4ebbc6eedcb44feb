"""Single sign-on over SAML 2.0 against a real identity provider on loopback (pysaml2's, signing with xmlsec1)."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from districts.models import District, Role
from sso.models import GroupRoleMapping

from .conftest import saml_answer, saml_sign_in
from .saml_idp import GROUPS, decoded, encoded


def logged_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


def test_a_known_email_lands_on_its_roles_start_page(client, organisation, saml_provider):
    saml_provider.set_person("dl.nord@ballerup.example")

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")

    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"], follow=True)
    nord = District.objects.get(name="Distrikt Nord")
    assert page.redirect_chain[-1][0] == reverse("dashboards:district", args=[nord.pk])
    assert page.context["user"].username == "dl.nord"


def test_the_login_page_offers_the_provider_and_next_is_kept(client, organisation, saml_provider):
    saml_provider.set_person("PL.Mette@Ballerup.example")
    html = client.get("/login/").content.decode()
    assert "Log ind med Ballerup AD FS" in html
    assert html.index("Log ind med Ballerup AD FS") < html.index('name="password"')

    response = saml_sign_in(client, saml_provider, "PL.Mette@Ballerup.example", start="/login/?next=/kapacitet/")

    assert response.status_code == 302 and response["Location"] == "/kapacitet/"
    assert logged_in_as(client) == "pl.mette"  # the e-mail matched whatever its case


def test_an_unknown_person_gets_the_no_access_page_and_no_user(client, organisation, saml_provider):
    saml_provider.set_person("ny.medarbejder@ballerup.example")
    users_before = get_user_model().objects.count()

    response = saml_sign_in(client, saml_provider, "ny.medarbejder@ballerup.example")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang endnu" in html
    assert "Ballerup AD FS kender dig som <strong>ny.medarbejder@ballerup.example</strong>" in html
    assert "Anja Økonomisen" in html  # whom to ask: the administrators
    assert logged_in_as(client) is None
    assert get_user_model().objects.count() == users_before


def test_an_answer_without_the_email_attribute_is_refused(client, organisation, saml_provider):
    saml_provider.people["dl.nord@ballerup.example"] = {"http://example/name": ["Hanne"]}

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")

    assert response.status_code == 403 and "Du har ikke adgang endnu" in response.content.decode()
    assert logged_in_as(client) is None


REFUSED = "Log ind kunne ikke bekræftes, så du er ikke logget ind."


def _refused(response, client, caplog, reason):
    """The Danish failure page, nobody logged in, and refused for the reason the test meant (pysaml2's words)."""
    assert response.status_code in (400, 403), response.status_code
    html = response.content.decode()
    assert "Log ind mislykkedes" in html and REFUSED in html
    assert logged_in_as(client) is None
    assert any(reason in r.getMessage() for r in caplog.records if r.name == "sso.views"), \
        [r.getMessage() for r in caplog.records]
    caplog.clear()
    return True


def test_a_tampered_assertion_is_refused(client, organisation, saml_provider, caplog):
    # Someone the app does not know changes the signed assertion to name a district leader.
    saml_provider.set_person("ny.medarbejder@ballerup.example")
    action, fields = saml_answer(client, saml_provider, "ny.medarbejder@ballerup.example")
    xml = decoded(fields["SAMLResponse"])
    assert "SignatureValue" in xml
    fields["SAMLResponse"] = encoded(xml.replace("ny.medarbejder@ballerup.example", "dl.nord@ballerup.example"))

    assert _refused(client.post("/sso/saml/acs/", fields), client, caplog, "Failed to verify signature")


def test_an_unsigned_assertion_is_refused(client, organisation, saml_provider, caplog):
    saml_provider.set_person("dl.nord@ballerup.example")
    saml_provider.sign = False

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")
    assert _refused(response, client, caplog, "Signature missing for assertion")


def test_an_assertion_for_another_audience_is_refused(client, organisation, saml_provider, caplog):
    # Genuine and correctly signed by the provider, but issued to another service provider.
    saml_provider.set_person("dl.nord@ballerup.example")
    saml_provider.audience = "https://other-app.ballerup.example/saml"

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")
    assert _refused(response, client, caplog, "AudienceRestrictions conditions not satisfied")


def test_an_expired_assertion_is_refused(client, organisation, saml_provider, caplog):
    saml_provider.set_person("dl.nord@ballerup.example")
    saml_provider.lifetime_minutes = -5  # expired five minutes ago: beyond the minute of clock skew

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")
    assert _refused(response, client, caplog, "too old")


def test_a_replayed_assertion_is_refused(client, organisation, saml_provider, caplog):
    saml_provider.set_person("dl.nord@ballerup.example")
    action, fields = saml_answer(client, saml_provider, "dl.nord@ballerup.example")
    assert client.post("/sso/saml/acs/", fields).status_code == 302
    assert logged_in_as(client) == "dl.nord"
    client.post("/logout/")

    # Posted again by the same browser, or by another that captured it: refused both times.
    assert _refused(client.post("/sso/saml/acs/", fields), client, caplog, "Unsolicited response")
    other = Client()
    assert _refused(other.post("/sso/saml/acs/", fields), other, caplog, "Unsolicited response")


def test_an_assertion_is_accepted_once_even_for_an_open_request(client, organisation, saml_provider, caplog):
    # Two posts of one answer racing (or reaching two web machines): the login request is still outstanding for
    # both, so only the record of used assertions stops the second.
    saml_provider.set_person("dl.nord@ballerup.example")
    action, fields = saml_answer(client, saml_provider, "dl.nord@ballerup.example")
    saml_session = SessionStore(client.cookies["saml_session"].value)
    outstanding = dict(saml_session["_saml2_outstanding_queries"])
    assert client.post("/sso/saml/acs/", fields).status_code == 302

    saml_session = SessionStore(saml_session.session_key)
    saml_session["_saml2_outstanding_queries"] = outstanding  # as the second post read it, before the first saved
    saml_session.save()
    second = Client()
    second.cookies["saml_session"] = saml_session.session_key
    assert _refused(second.post("/sso/saml/acs/", fields), second, caplog, "SAML2 validation error")


def test_roles_follow_the_groups_attribute_with_the_mappings_shared_with_openid_connect(
        client, organisation, saml_provider):
    syd = District.objects.get(name="Distrikt Syd")
    GroupRoleMapping.objects.create(group="ledere-syd", kind=Role.Kind.DISTRICT_LEADER, district=syd)
    by_hand = sorted(str(r) for r in Role.objects.filter(user__username="dl.nord"))

    saml_provider.set_person("dl.nord@ballerup.example", **{GROUPS: ["ledere-syd", "alle-ansatte"]})
    assert saml_sign_in(client, saml_provider, "dl.nord@ballerup.example").status_code == 302
    assert sorted(str(r) for r in Role.objects.filter(user__username="dl.nord")) == sorted(
        [*by_hand, "Distriktsleder: Distrikt Syd"])
    assert client.get(f"/overblik/distrikt/{syd.pk}/").status_code == 200
    added = Role.history.filter(user__username="dl.nord", district=syd).get()
    assert added.history_change_reason == "Log ind: medlem af gruppen ledere-syd"

    client.post("/logout/")
    saml_provider.set_person("dl.nord@ballerup.example", **{GROUPS: ["alle-ansatte"]})
    assert saml_sign_in(client, saml_provider, "dl.nord@ballerup.example").status_code == 302
    assert sorted(str(r) for r in Role.objects.filter(user__username="dl.nord")) == by_hand


def test_with_passwords_off_saml_alone_is_the_way_in(client, organisation, saml_provider, settings):
    settings.PASSWORD_LOGIN = False
    assert not settings.OIDC_ISSUER
    html = client.get("/login/").content.decode()
    assert "Log ind med Ballerup AD FS" in html and 'name="password"' not in html
    refused = client.post("/login/", {"username": "dl.nord", "password": "dagtilbud-demo"})
    assert refused.status_code == 403
    assert "Log ind med brugernavn og adgangskode er slået fra. Log ind med Ballerup AD FS." in refused.content.decode()

    saml_provider.set_person("dl.nord@ballerup.example")
    assert saml_sign_in(client, saml_provider, "dl.nord@ballerup.example").status_code == 302
    assert logged_in_as(client) == "dl.nord"


def test_our_metadata_names_our_entity_id_and_assertion_consumer(client, saml_provider, db):
    response = client.get("/sso/saml/metadata/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    xml = response.content.decode()
    assert 'entityID="http://testserver/sso/saml/metadata/"' in xml
    assert 'Location="http://testserver/sso/saml/acs/"' in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_provider_whose_metadata_cannot_be_read_gets_a_danish_page(client, organisation, settings):
    settings.SAML_IDP_METADATA = "http://127.0.0.1:9/federationmetadata.xml"  # nothing listens there
    settings.SAML_PROVIDER_NAME = "Ballerup AD FS"

    response = client.get("/sso/saml/login/")

    assert response.status_code == 503
    assert "Ballerup AD FS svarer ikke lige nu" in response.content.decode()


def test_saml_is_not_there_unless_configured(client, db, settings):
    assert not settings.SAML_IDP_METADATA
    assert client.get("/sso/saml/login/").status_code == 404
    assert client.get("/sso/saml/metadata/").status_code == 404
    assert "saml" not in client.get("/login/").content.decode()
