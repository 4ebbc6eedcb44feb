"""From nothing: a production database without the demo, its first administrator made with the documented command,
and every page of the permission matrix opened by that administrator without an error page."""

import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from districts.models import Municipality, Role

from .processes import ROOT, child_environment
from .test_permission_matrix import ROWS

PASSWORD = "Frisk-installation-2026"


def create_administrator(*arguments, password=PASSWORD):
    return subprocess.run([sys.executable, "manage.py", "create_administrator", *arguments], cwd=ROOT,
                          env=child_environment(ADMINISTRATOR_PASSWORD=password), capture_output=True, text=True,
                          timeout=120)


def log_in(client):
    """Through the login page, as the person would (the password the command was given)."""
    response = client.post(reverse("login"), {"username": "it.drift", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-2000:]


@pytest.mark.django_db(transaction=True)
def test_the_first_administrator_opens_every_page_of_a_fresh_installation(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the command stored it
    assert not get_user_model().objects.exists() and not Municipality.objects.exists()  # no demo

    done = create_administrator("it.drift", "--email", "it.drift@kommune.example")
    assert done.returncode == 0, done.stderr
    administrator = get_user_model().objects.get(username="it.drift")
    assert administrator.roles.get().kind == Role.Kind.ADMINISTRATOR
    assert not administrator.is_superuser  # the application's role, not Django's admin

    client = Client(raise_request_exception=False)
    log_in(client)
    # Every URL that needs no object (those that do have none yet in a fresh installation), GET and POST.
    answers = {}
    for method, name, keys, _expected in ROWS:
        if keys:
            continue
        path = reverse(name)
        response = client.get(path) if method == "GET" else client.post(path, {})
        answers[f"{method} {path}"] = response.status_code
        if name == "logout":
            log_in(client)
    errors = {page: status for page, status in answers.items() if status >= 500}
    assert not errors, errors
    assert answers["GET /kapacitet/"] == 200 and answers["GET /overblik/"] == 200
    assert len(answers) > 40
    # The settings the pages needed were made with their defaults, for the administrator to name.
    assert Municipality.objects.get().name == Municipality.DEFAULT_NAME


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_a_weak_password_and_an_existing_username():
    weak = create_administrator("it.drift", "--email", "it.drift@kommune.example", password="1234")
    assert weak.returncode != 0 and "mindst 12 tegn" in weak.stderr  # the rules every password meets
    missing = create_administrator("it.drift", "--email", "it.drift@kommune.example", password="")
    assert missing.returncode != 0 and "ADMINISTRATOR_PASSWORD" in missing.stderr
    assert not get_user_model().objects.exists()

    assert create_administrator("it.drift", "--email", "it.drift@kommune.example").returncode == 0
    again = create_administrator("IT.Drift", "--email", "other@kommune.example")
    assert again.returncode != 0 and "exists" in again.stderr
    assert get_user_model().objects.count() == 1
