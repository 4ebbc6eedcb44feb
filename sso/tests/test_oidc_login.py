"""Single sign-on against a real OpenID provider on loopback: the whole round trip, as a browser makes it."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from districts.models import District, Role

from .conftest import CLIENT_ID, sign_in


def logged_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


def test_a_known_email_lands_on_its_roles_start_page(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example", name="Hanne Kjær")

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    nord = District.objects.get(name="Distrikt Nord")
    assert page.redirect_chain[-1][0] == reverse("dashboards:district", args=[nord.pk])
    assert page.context["user"].username == "dl.nord"
    assert "<h1" in page.content.decode() and "Distrikt Nord" in page.content.decode()
    # Authorization code flow with PKCE (S256), state and nonce; the gateway refuses a token without a matching
    # code_verifier, so getting this far proves the verifier was sent.
    asked = gateway.authorize_queries[-1]
    assert asked["response_type"] == "code" and asked["client_id"] == CLIENT_ID
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    assert gateway.token_requests[-1]["code_verifier"]


def test_the_email_is_matched_whatever_its_case_and_next_is_kept(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("PL.Mette@Ballerup.example")

    response = sign_in(client, gateway, "PL.Mette@Ballerup.example", start="/login/?next=/kapacitet/")

    assert response.status_code == 302 and response["Location"] == "/kapacitet/"
    assert logged_in_as(client) == "pl.mette"


def test_the_login_page_offers_the_provider_first(client, organisation, oidc_provider):
    oidc_provider()
    html = client.get("/login/").content.decode()
    assert "Log ind med Ballerup AD" in html
    assert html.index("Log ind med Ballerup AD") < html.index('name="password"')


def test_an_unknown_person_gets_the_no_access_page_and_no_user(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("ny.medarbejder@ballerup.example", name="Ny Medarbejder", groups=["alle-ansatte"])
    users_before = get_user_model().objects.count()

    response = sign_in(client, gateway, "ny.medarbejder@ballerup.example")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang endnu" in html
    assert "ny.medarbejder@ballerup.example" in html
    assert "Bed en administrator i Økonomi og Styring om at oprette dig" in html
    assert "Anja Økonomisen" in html  # whom to ask: the administrators
    assert logged_in_as(client) is None
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(email__iexact="ny.medarbejder@ballerup.example").exists()


def test_an_email_the_provider_does_not_vouch_for_is_refused(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example", email_verified=False)

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 403
    assert "har ikke bekræftet din e-mailadresse" in response.content.decode()
    assert logged_in_as(client) is None


def test_an_anonymised_person_has_no_access(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("pl.jonas@ballerup.example")
    get_user_model().objects.filter(username="pl.jonas").update(is_active=False)

    response = sign_in(client, gateway, "pl.jonas@ballerup.example")

    assert response.status_code == 403 and "Du har ikke adgang endnu" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_deactivated_persons_open_session_ends(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    sign_in(client, gateway, "dl.nord@ballerup.example")
    assert client.get("/").status_code == 302 and logged_in_as(client) == "dl.nord"

    get_user_model().objects.filter(username="dl.nord").update(is_active=False)

    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _callback_with(client, gateway, email, **changes):
    """The round trip up to the provider's answer, then the callback with some of its parameters changed."""
    page = client.get("/login/")
    link = re.search(r'href="(/sso/authenticate/[^"]*)"', page.content.decode()).group(1)
    authorize_url = client.get(link)["Location"]
    answer = requests.post(authorize_url, data={"sub": email}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    params = {**dict(parse_qsl(back.query)), **changes}
    return client.get(f"{back.path}?{urlencode(params)}")


def test_a_tampered_state_is_refused(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")

    response = _callback_with(client, gateway, "dl.nord@ballerup.example", state="x" * 32)

    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None
    assert gateway.token_requests == []  # the code was never even redeemed


def test_a_callback_from_another_browser_is_refused(client, organisation, oidc_provider):
    from django.test import Client

    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    # Someone's browser starts a login and gets the provider's answer ...
    authorize_url = _authorize_url_for(Client(), gateway)
    answer = requests.post(authorize_url, data={"sub": "dl.nord@ballerup.example"}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])

    # ... and it is opened in another browser, which never started one (a login forced on someone else).
    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert "startet i en anden browser" in response.content.decode()
    assert logged_in_as(client) is None
    assert gateway.token_requests == []


def _authorize_url_for(client, gateway):
    page = client.get("/login/")
    link = re.search(r'href="(/sso/authenticate/[^"]*)"', page.content.decode()).group(1)
    return client.get(link)["Location"]


def test_a_code_without_its_pkce_verifier_gets_no_token(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    authorize_url = _authorize_url_for(client, gateway)
    # The verifier this browser's session keeps is not the one the challenge was made from (as for someone who
    # intercepted the code in another session).
    session = client.session
    state = dict(parse_qsl(urlsplit(authorize_url).query))["state"]
    session["oidc_states"][state]["code_verifier"] = "v" * 64
    session.save()
    answer = requests.post(authorize_url, data={"sub": "dl.nord@ballerup.example"}, allow_redirects=False,
                           timeout=10)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert gateway.token_requests[-1]["code_verifier"] == "v" * 64
    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None


def test_an_id_token_for_another_client_is_refused(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    # The provider issues its (genuine, signed, with our nonce) ID token to another application.
    gateway.as_client = "en-anden-app"

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert gateway.token_requests[-1]["client_id"] == CLIENT_ID  # we asked as ourselves
    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None


def test_an_id_token_signed_with_another_key_is_refused(client, organisation, oidc_provider):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    # The keys published for the provider are not the ones its tokens are signed with (a forged token's view).
    other = json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048)
                                           .public_key()))
    gateway.jwks = {"keys": [{**other, "alg": "RS256", "use": "sig"}]}

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None


def test_an_id_token_with_another_nonce_is_refused(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    gateway.nonce = "n" * 32  # the provider binds its token to a nonce that is not this login's

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_used_answer_cannot_be_replayed(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    page = client.get("/login/")
    link = re.search(r'href="(/sso/authenticate/[^"]*)"', page.content.decode()).group(1)
    authorize_url = client.get(link)["Location"]
    answer = requests.post(authorize_url, data={"sub": "dl.nord@ballerup.example"}, allow_redirects=False,
                           timeout=10)
    back = urlsplit(answer.headers["Location"])
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post(reverse("logout"))

    again = client.get(f"{back.path}?{back.query}")

    assert again.status_code == 400
    assert logged_in_as(client) is None


def test_an_expired_id_token_is_refused(client, organisation, oidc_provider):
    # A provider whose tokens expired five minutes before they were issued: beyond the minute of clock skew.
    gateway = oidc_provider(access_token_max_age=timedelta(minutes=-5))
    gateway.set_person("dl.nord@ballerup.example")

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 400
    assert "Log ind kunne ikke bekræftes" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_person_who_cancels_at_the_provider_is_told_so(client, organisation, oidc_provider):
    gateway = oidc_provider()
    authorize_url = _authorize_url_for(client, gateway)
    answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert "Log ind blev afbrudt hos Ballerup AD" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_provider_that_does_not_answer_gets_a_danish_page(client, organisation, settings):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "x", "y"
    settings.OIDC_PROVIDER_NAME = "Ballerup AD"

    response = client.get(reverse("sso:authenticate"))

    assert response.status_code == 503
    assert "Ballerup AD svarer ikke lige nu" in response.content.decode()


def test_without_oidc_issuer_the_provider_pages_do_not_exist(client, organisation, settings):
    settings.OIDC_ISSUER = ""
    assert client.get(reverse("sso:authenticate")).status_code == 404
    assert client.get(reverse("sso:callback") + "?code=a&state=b").status_code == 404
    assert "Log ind med" not in client.get("/login/").content.decode()


def test_logging_out_ends_the_session_at_the_provider_too(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example")
    sign_in(client, gateway, "dl.nord@ballerup.example")
    assert logged_in_as(client) == "dl.nord"

    response = client.post(reverse("logout"))

    assert logged_in_as(client) is None
    to_provider = urlsplit(response["Location"])
    assert f"{to_provider.scheme}://{to_provider.netloc}{to_provider.path}" == f"{gateway.url}/oauth2/end_session"
    asked = dict(parse_qsl(to_provider.query))
    assert asked["post_logout_redirect_uri"] == "http://testserver/login/"
    assert asked["client_id"] == CLIENT_ID and asked["id_token_hint"].count(".") == 2
    # The provider's logout page, confirmed, sends the browser back to our login page.
    page = requests.get(response["Location"], timeout=10)
    assert page.status_code == 200
    confirm = requests.post(f"{gateway.url}/oauth2/end_session/confirm",
                            data={"redirect_uri": asked["post_logout_redirect_uri"]}, allow_redirects=False,
                            timeout=10)
    assert confirm.headers["Location"] == "http://testserver/login/"


def test_a_password_session_logs_out_here_only(client, organisation, oidc_provider):
    oidc_provider()
    assert client.post("/login/", {"username": "dl.nord", "password": "dagtilbud-demo"}).status_code == 302
    response = client.post(reverse("logout"))
    assert response["Location"] == "/login/"
    assert logged_in_as(client) is None


def test_unknown_people_signing_in_lock_nobody_out(client, organisation, oidc_provider, settings):
    """django-axes counts failed logins per username; a single sign-on that finds nobody has no username and must
    neither be counted against anyone nor lock single sign-on for everyone."""
    gateway = oidc_provider()
    gateway.set_person("ukendt@ballerup.example")
    gateway.set_person("dl.nord@ballerup.example")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, gateway, "ukendt@ballerup.example").status_code == 403
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, gateway, "dl.nord@ballerup.example").status_code == 302
    assert logged_in_as(client) == "dl.nord"


def test_password_login_and_its_lockout_still_work_beside_single_sign_on(client, organisation, oidc_provider,
                                                                        settings):
    oidc_provider()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/", {"username": "dl.syd", "password": "forkert-adgangskode"}).status_code == 200
    assert client.post("/login/", {"username": "dl.syd", "password": "forkert-adgangskode"}).status_code == 429
    locked = client.post("/login/", {"username": "dl.syd", "password": "dagtilbud-demo"})
    assert locked.status_code == 429
    assert logged_in_as(client) is None
    assert client.post("/login/", {"username": "dl.nord", "password": "dagtilbud-demo"}).status_code == 302
    assert logged_in_as(client) == "dl.nord"
    assert Role.objects.filter(user__username="dl.nord").count() == 1
