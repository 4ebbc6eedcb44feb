"""Single sign-on in a real browser: the login page's first choice, the provider's own page, the role's start page,
logging out at the provider too, and the no-access page, with axe and the keyboard."""

import re

import pytest

from sso.csp import allow_logout_at
from sso.tests.conftest import oidc_provider  # noqa: F401 (the fixture: a real provider on loopback)

from .conftest import DESKTOP, check_page, dump, focused, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def sso_site(demo_site, oidc_provider, settings):  # noqa: F811
    gateway = oidc_provider()
    # What settings.py does when OIDC_ISSUER is set at startup: the logout form may continue to the provider.
    settings.CONTENT_SECURITY_POLICY = allow_logout_at(settings.CONTENT_SECURITY_POLICY, gateway.url)
    return demo_site, gateway


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def at_provider_sign_in_as(page, email):
    page.wait_for_selector("input[name=sub]")
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()


def test_single_sign_on_with_the_keyboard_to_the_dashboard_and_out_again(sso_site, page):
    site, gateway = sso_site
    gateway.set_person("dl.nord@ballerup.example", name="Hanne Kjær")
    problems = []

    page.goto(f"{site}/login/")
    problems += check_page(page, "login-sso")
    # The provider's button is the first thing after the skip link and the app's name.
    page.locator("body").focus()
    now = tab_to(page, lambda f: f["tag"] == "a" and "/sso/authenticate/" in f["href"])
    assert now["text"] == "Log ind med Ballerup AD"
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(re.escape(gateway.url) + r"/oauth2/authorize"))
    at_provider_sign_in_as(page, "dl.nord@ballerup.example")
    page.wait_for_url(re.compile(r"/overblik/distrikt/\d+/$"))
    assert "Distrikt Nord" in page.locator("h1").inner_text()

    # Logging out goes on to the provider's logout page (the Content Security Policy lets the form continue there),
    # and the provider sends the browser back to our login page.
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(re.escape(gateway.url) + r"/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(r"/login/$"))
    assert gateway.end_session_queries[-1]["id_token_hint"]
    page.goto(f"{site}/")
    assert "/login/" in page.url  # the app's session ended too
    assert not problems, dump(problems)


def test_an_unknown_person_sees_the_no_access_page(sso_site, page):
    site, gateway = sso_site
    gateway.set_person("ny.medarbejder@ballerup.example")

    page.goto(f"{site}/login/")
    page.get_by_role("link", name="Log ind med Ballerup AD").click()
    at_provider_sign_in_as(page, "ny.medarbejder@ballerup.example")
    page.wait_for_url(re.compile(r"/sso/callback/"))

    assert page.locator("h1").inner_text() == "Du har ikke adgang endnu"
    problems = check_page(page, "sso-no-access")
    assert not problems, dump(problems)


def test_without_passwords_the_login_page_is_only_the_button(sso_site, page, settings):
    site, _gateway = sso_site
    settings.PASSWORD_LOGIN = False

    page.goto(f"{site}/login/")
    assert page.locator("input[name=password]").count() == 0
    assert page.get_by_role("link", name="Log ind med Ballerup AD").is_visible()
    problems = check_page(page, "login-sso-only")
    assert not problems, dump(problems)
    assert focused(page) is not None


def test_the_group_settings_and_the_failure_page_pass_axe(sso_site, page, session_for):
    site, _gateway = sso_site
    problems = []
    admin = session_for("admin")
    admin.goto(f"{site}/organisation/brugere/")
    admin.get_by_role("link", name="Roller fra grupper").click()
    admin.wait_for_url(re.compile(r"/sso/grupper/$"))
    admin.locator("#id_group").fill("ledere-nord")
    admin.locator("#id_kind").select_option("district_leader")
    admin.locator("#id_district").select_option(label="Distrikt Nord")
    admin.get_by_role("button", name="Tilføj").click()
    admin.wait_for_selector("text=Gruppen ledere-nord giver nu rollen Distriktsleder, Distrikt Nord")
    problems += check_page(admin, "sso-group-mappings")

    # An answer from the provider that this browser never asked for.
    response = page.goto(f"{site}/sso/callback/?code=abc&state=def")
    assert response.status == 400
    assert page.locator("h1").inner_text() == "Log ind mislykkedes"
    problems += check_page(page, "sso-failed")
    assert not problems, dump(problems)
