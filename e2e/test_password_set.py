"""The one-time link `manage.py create_administrator` prints: the page to choose a password, with the keyboard, axe
clean at both widths, then the login page; the link a second time says it no longer works."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .conftest import check_page

pytestmark = pytest.mark.browser

PASSWORD = "Frisk-installation-2026"


def test_choosing_a_password_from_the_one_time_link(demo_site, anonymous):
    person = get_user_model().objects.create_user("it.drift", email="it.drift@kommune.example")
    person.set_unusable_password()
    person.save()
    link = demo_site + reverse("password_set", args=[urlsafe_base64_encode(force_bytes(person.pk)),
                                                     default_token_generator.make_token(person)])
    page = anonymous
    page.goto(link)
    assert page.locator("h1").inner_text() == "Vælg din adgangskode"
    problems = check_page(page, "password-set")

    page.locator("#id_new_password1").fill(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" in url)
    assert "Din adgangskode er gemt" in page.locator("main").inner_text()

    page.goto(link)
    assert page.locator("h1").inner_text() == "Linket virker ikke"
    problems += check_page(page, "password-link-used")
    assert not problems, "\n".join(problems)
