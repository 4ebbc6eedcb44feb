"""What the deployment promises: Django's deploy checks pass, a Content Security Policy without inline code, CSRF on
every POST, login attempts rate-limited, strong passwords, sessions that end."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .shared_demo import load_demo
from .test_permission_matrix import INLINE_SCRIPT, ROWS, _load_demo, _objects

BASE_DIR = Path(django_settings.BASE_DIR)
# Templates rendered to PDF by WeasyPrint, never served to a browser: they may carry a <style> element.
PDF_TEMPLATES = {"pdf/base.html"}


def test_deploy_checks_pass_under_production_settings():
    # A production environment: none of the test run's own switches (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE
    # lives for the whole session, and pytest-django runs this database-free test after them).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="dagtilbud.kommune.example")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_pages_are_sent_with_a_content_security_policy_without_inline_code(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    # htmx would otherwise inject a <style> element for its indicators
    assert '"includeIndicatorStyles": false' in response.content.decode()


def _our_templates():
    for folder in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            yield path.relative_to(folder).as_posix(), path.read_text()


def test_no_template_has_inline_script_or_style():
    offenders = []
    for name, text in _our_templates():
        if INLINE_SCRIPT.search(text):
            offenders.append(f"{name}: inline <script>")
        if re.search(r"\sstyle=", text, re.IGNORECASE):
            offenders.append(f"{name}: style= attribute")
        if name not in PDF_TEMPLATES and re.search(r"<style\b", text, re.IGNORECASE):
            offenders.append(f"{name}: <style> element")
    assert not offenders, "the Content Security Policy would block: " + "; ".join(offenders)


def test_every_post_without_a_csrf_token_is_refused(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load_demo()
    builders = _objects()
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="admin"))
    refused = {}
    for method, name, keys, _expected in ROWS:
        # The SAML provider's answer is posted by the provider's page, which has no token of ours; the signed,
        # once-only assertion protects it (sso/tests/test_saml_login.py), and without SAML the URLs are 404.
        if method != "POST" or name.startswith("sso:saml_"):
            continue
        path = reverse(name, args=[builders[key]() for key in keys])
        refused[name] = client.post(path, {}).status_code
    assert set(refused.values()) == {403}, refused
    # and the round the administrator tried to publish without a token is still a draft
    from budgetfollowup.models import FollowUpRound

    assert FollowUpRound.objects.get(number=2).state == "draft"


def test_a_post_with_the_token_from_the_page_works(db):
    load_demo("organisation")
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("login"), {"username": "admin", "password": "dagtilbud-demo",
                                              "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_is_locked_after_five_wrong_passwords_with_a_danish_message(db, settings):
    load_demo("organisation")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "dl.nord", "forkert-adgangskode")
        assert response.status_code == 200
        assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    response = _login(client, "dl.nord", "forkert-adgangskode")
    assert response.status_code == 429
    # now even the right password is refused, with the reason and how long to wait
    response = _login(client, "dl.nord", "dagtilbud-demo")
    page = response.content.decode()
    assert response.status_code == 429
    assert "For mange forkerte adgangskoder" in page and "spærret i 15 minutter" in page
    assert "_auth_user_id" not in client.session
    # another user at the same address is not locked out
    assert _login(Client(), "dl.syd", "dagtilbud-demo").status_code == 302

    # after the cool-off the user can log in again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "dl.nord", "dagtilbud-demo").status_code == 302


def test_a_successful_login_resets_the_count(db, settings):
    load_demo("organisation")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "pl.mette", "forkert-adgangskode")
    assert _login(client, "pl.mette", "dagtilbud-demo").status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "pl.mette", "forkert-adgangskode").status_code == 200
    assert _login(client, "pl.mette", "dagtilbud-demo").status_code == 302


def _locked(response):
    return response.status_code == 429


def test_a_lockout_holds_for_the_username_from_that_client_only(db, settings):
    """Nobody can lock a colleague (or the administrator) out from another machine."""
    load_demo("organisation")
    attacker, colleague = Client(REMOTE_ADDR="10.0.0.66"), Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "admin", "forkert-adgangskode")
    assert _locked(_login(attacker, "admin", "dagtilbud-demo"))
    assert _login(colleague, "admin", "dagtilbud-demo").status_code == 302


def test_a_client_trying_many_usernames_is_locked_as_a_whole(db, settings):
    """One password sprayed over many usernames: no username reaches its limit, the client does."""
    load_demo("organisation")
    sprayer = Client(REMOTE_ADDR="10.0.0.66")
    usernames = [f"bruger{n}" for n in range(settings.AXES_CLIENT_USERNAME_LIMIT - 1)]
    for username in usernames:
        assert not _locked(_login(sprayer, username, "Sommer2026!"))
    response = _login(sprayer, "dl.syd", "Sommer2026!")
    assert _locked(response)
    page = " ".join(response.content.decode().split())
    assert "for mange forskellige brugernavne fra denne computer" in page and "spærret i 15 minutter" in page
    # even a right password is refused from there now; everyone else logs in as usual
    assert _locked(_login(sprayer, "dl.nord", "dagtilbud-demo"))
    assert _login(Client(REMOTE_ADDR="10.0.0.7"), "dl.nord", "dagtilbud-demo").status_code == 302
    # a colleague who mistypes a few times is nowhere near it
    typist = Client(REMOTE_ADDR="10.0.0.8")
    for username in ("dl.nrod", "dl.nord", "dlnord"):
        assert not _locked(_login(typist, username, "forkert-adgangskode"))


def test_behind_our_proxy_the_address_is_the_one_the_proxy_saw(db, settings):
    """With TRUSTED_PROXY_COUNT the client's address comes from X-Forwarded-For, and only from what the proxy
    appended: a client that sends the header itself cannot pick its address."""
    load_demo("organisation")
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.5.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # a new made-up address each time, before the one the proxy appended
        attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"1.2.3.{n}, 10.0.5.66"
        _login(attacker, "admin", "forkert-adgangskode")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.5.66"}
    assert _locked(_login(attacker, "admin", "dagtilbud-demo"))
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="10.0.5.7")
    assert _login(colleague, "admin", "dagtilbud-demo").status_code == 302


def test_an_administrator_unlocks_a_username_and_a_client(db, settings):
    """What the README tells an administrator to run."""
    from django.core.management import call_command

    load_demo("organisation")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "dl.nord", "forkert-adgangskode")
    assert _locked(_login(client, "dl.nord", "dagtilbud-demo"))
    call_command("axes_reset_username", "dl.nord")
    assert _login(client, "dl.nord", "dagtilbud-demo").status_code == 302

    sprayer = Client(REMOTE_ADDR="10.0.0.66")
    for n in range(settings.AXES_CLIENT_USERNAME_LIMIT):
        _login(sprayer, f"bruger{n}", "Sommer2026!")
    assert _locked(_login(sprayer, "dl.syd", "dagtilbud-demo"))
    call_command("axes_reset_ip", "10.0.0.66")
    assert _login(sprayer, "dl.syd", "dagtilbud-demo").status_code == 302


def test_an_administrator_sees_the_lockout_on_the_persons_page_and_lifts_it(db, settings):
    load_demo("organisation")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "dl.nord", "forkert-adgangskode")
    assert _locked(_login(client, "dl.nord", "dagtilbud-demo"))

    admin = Client(REMOTE_ADDR="10.0.0.2")
    admin.force_login(get_user_model().objects.get(username="admin"))
    person = get_user_model().objects.get(username="dl.nord")
    page = " ".join(admin.get(reverse("districts:user_roles", args=[person.pk])).content.decode().split())
    assert "Brugernavnet er spærret for login fra 10.0.0.7 efter for mange forkerte adgangskoder." in page
    response = admin.post(reverse("districts:user_unlock", args=[person.pk]), follow=True)
    page = " ".join(response.content.decode().split())
    assert "Spærringen er ophævet: dl.nord kan logge ind igen." in page and "Brugernavnet er spærret" not in page
    assert _login(client, "dl.nord", "dagtilbud-demo").status_code == 302


@pytest.mark.parametrize("password, message", [
    ("Kort1!", "Denne adgangskode er for kort"),
    ("1234567890123", "Denne adgangskode er udelukkende numerisk"),
    ("password1234", "Denne adgangskode er for almindelig"),
    ("nyansat.hansen", "Din adgangskode minder for meget om"),
])
def test_weak_passwords_are_refused_in_danish(db, password, message):
    load_demo("organisation")
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("districts:user_create"), {
        "username": "nyansat.hansen", "first_name": "Ny", "last_name": "Ansat",
        "password1": password, "password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="nyansat.hansen").exists()


def test_sessions_end_with_the_browser_and_after_a_working_day(db):
    load_demo("organisation")
    client = Client()
    response = _login(client, "udvalg", "dagtilbud-demo")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie: gone when the browser closes
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < lifetime <= timedelta(hours=8)

    assert client.get(reverse("budgetfollowup:report_list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    # Its copy in the cache (cached_db) is kept for the session's age, so it ends at the same moment: a working day
    # the test does not wait for.
    cache.delete(cached_db.KEY_PREFIX + session.session_key)
    response = client.get(reverse("budgetfollowup:report_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_session_on_the_server(db):
    load_demo("organisation")
    client = Client()
    _login(client, "udvalg", "dagtilbud-demo")
    client.post(reverse("logout"))
    assert not Session.objects.exists()
