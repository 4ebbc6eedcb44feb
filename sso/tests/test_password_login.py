"""PASSWORD_LOGIN=false: the app's own passwords are off; the provider's button is the only way in."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from .conftest import sign_in


@pytest.fixture
def without_passwords(settings, oidc_provider):
    gateway = oidc_provider()
    settings.PASSWORD_LOGIN = False
    return gateway


def test_the_login_page_shows_only_the_providers_button(client, organisation, without_passwords):
    html = client.get("/login/").content.decode()
    assert "Log ind med Ballerup AD" in html
    assert 'name="password"' not in html and 'name="username"' not in html


def test_a_posted_password_is_refused(client, organisation, without_passwords):
    response = client.post("/login/", {"username": "dl.nord", "password": "dagtilbud-demo"})

    assert response.status_code == 403
    assert "Log ind med brugernavn og adgangskode er slået fra" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still sent to the login page


def test_no_form_can_check_a_password(organisation, without_passwords):
    # Any other form that asks Django to check a password (the admin's login) gets the same answer.
    request = RequestFactory().post("/django-admin/login/")
    assert authenticate(request, username="dl.nord", password="dagtilbud-demo") is None


def test_single_sign_on_still_logs_in(client, organisation, without_passwords):
    without_passwords.set_person("dl.nord@ballerup.example")
    assert sign_in(client, without_passwords, "dl.nord@ballerup.example").status_code == 302
    assert client.session["_auth_user_id"]


def test_passwords_work_by_default(client, organisation, settings):
    assert settings.PASSWORD_LOGIN is True
    assert client.post("/login/", {"username": "dl.nord", "password": "dagtilbud-demo"}).status_code == 302
