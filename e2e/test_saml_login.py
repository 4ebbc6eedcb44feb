"""SAML 2.0 single sign-on in a real browser: the login page's button reached with the keyboard, the provider's
answer auto-posted back by the browser (a cross-site POST: the SAML cookie is SameSite=None), the role's start page,
and the no-access page, with axe at both widths."""

import re

import pytest

from sso.tests.conftest import saml_provider  # noqa: F401 (the fixture: a real SAML provider on loopback)

from .conftest import DESKTOP, check_page, dump, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def saml_site_url(demo_site):
    return demo_site


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_saml_with_the_keyboard_to_the_dashboard(saml_site_url, saml_provider, page, settings):  # noqa: F811
    site = saml_site_url
    settings.PASSWORD_LOGIN = False  # SAML alone
    saml_provider.set_person("dl.nord@ballerup.example")
    saml_provider.person = "dl.nord@ballerup.example"
    problems = []

    page.goto(f"{site}/login/")
    assert page.locator("input[name=password]").count() == 0
    problems += check_page(page, "login-saml-only")
    page.locator("body").focus()
    now = tab_to(page, lambda f: f["tag"] == "a" and "/sso/saml/login/" in f["href"])
    assert now["text"] == "Log ind med Ballerup AD FS"
    page.keyboard.press("Enter")

    # The provider answers with a form its page posts back to us by itself.
    page.wait_for_url(re.compile(r"/overblik/distrikt/\d+/$"))
    assert "Distrikt Nord" in page.locator("h1").inner_text()
    assert saml_provider.requests, "the browser never reached the provider"
    assert not problems, dump(problems)


def test_an_unknown_person_sees_the_no_access_page(saml_site_url, saml_provider, page):  # noqa: F811
    site = saml_site_url
    saml_provider.set_person("ny.medarbejder@ballerup.example")
    saml_provider.person = "ny.medarbejder@ballerup.example"

    page.goto(f"{site}/login/")
    page.get_by_role("link", name="Log ind med Ballerup AD FS").click()
    page.wait_for_url(re.compile(r"/sso/saml/acs/$"))

    assert page.locator("h1").inner_text() == "Du har ikke adgang endnu"
    assert "Ballerup AD FS kender dig som" in page.locator("main").inner_text()
    problems = check_page(page, "saml-no-access")
    assert not problems, dump(problems)
