"""Browser tests: Debian's Chromium driven by Playwright against the app on pytest-django's live server, with the
demo loaded and a real Celery worker. One browser for the whole session; one context (cookies) per login per test.

Why DJANGO_ALLOW_ASYNC_UNSAFE: Playwright's sync API keeps an asyncio event loop running in the test's thread, and
Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). The test thread must use the
ORM (loading the demo, reading Report rows, pytest-django's flush after a transactional test) while the browser
lives, so structuring every fixture to touch the database only before Playwright starts is impossible with one
browser per session. The app has no async code, the server under test runs in live_server's own thread (no loop
there), and nothing async touches the database, so the check would only ever catch Playwright's loop. The variable is
set only when the first browser test starts (the browser tests run last, see pytest.ini's testpaths) and removed
when the browser closes.
"""

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.shared_demo import load_demo

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "dagtilbud-demo"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is missing: ./dev test installs it (apt-get install chromium).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see the module docstring
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile, sync_playwright() as playwright:
        # A fresh profile folder per run; Playwright never downloads a browser here.
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=[*CHROMIUM_ARGS, f"--disk-cache-dir={profile}/cache"],
            downloads_path=profile,
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def plain_http():
    """The live server speaks plain HTTP. SecurityMiddleware reads its settings once, when live_server builds its
    handler, so the root conftest's per-test override comes too late: change them before live_server starts."""
    saved = {name: getattr(django_settings, name) for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")}
    django_settings.SECURE_SSL_REDIRECT = False
    django_settings.SECURE_HSTS_SECONDS = 0
    yield
    for name, value in saved.items():
        setattr(django_settings, name, value)


@pytest.fixture
def demo_site(plain_http, transactional_db, live_server, browser):
    """The demo municipality and agreement (round 1 published) behind a live server."""
    load_demo("organisation", "agreement")
    return live_server.url


@pytest.fixture
def session_for(browser, demo_site):
    """session_for("udvalg") -> a page logged in as that user, through the login form, once per user per test."""
    contexts = {}

    def _session(username):
        if username not in contexts:
            context = browser.new_context(viewport=DESKTOP, locale="da-DK", accept_downloads=True)
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto(f"{demo_site}/login/")
            page.get_by_label("Brugernavn").fill(username)
            page.get_by_label("Adgangskode").fill(PASSWORD)
            page.get_by_label("Adgangskode").press("Enter")
            page.wait_for_url(lambda url: "/login/" not in url)
            contexts[username] = page
        return contexts[username]

    yield _session
    for page in contexts.values():
        page.context.close()


@pytest.fixture
def anonymous(browser, demo_site):
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


# --- what every main page is checked for -------------------------------------------------------------------------

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> in the page: the Content Security Policy
        # forbids inline scripts, and the test must not loosen the policy it is checking pages under.
        page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(
            f"{n['target']}: {n['failureSummary'].splitlines()[-1].strip()}" for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def page_structure(page):
    """The checks axe leaves to people: one h1, no skipped heading level, Danish declared, nothing wider than the
    screen (the sideways-scrolling table regions excepted)."""
    return page.evaluate("""() => {
        const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
            .filter(h => h.offsetParent !== null || h.closest('.visually-hidden'))
            .map(h => Number(h.tagName[1]));
        const skipped = levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1);
        return {
            lang: document.documentElement.lang,
            h1: levels.filter(l => l === 1).length,
            first: levels[0],
            skipped: skipped.length,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
        };
    }""")


def check_page(page, name, lang="da"):
    """Screenshots at desktop and phone width, axe (WCAG 2.1 A and AA) at both, and the structure (lang: the language
    the page must declare). Returns the list of problems (empty when the page is fine), so a test can report every
    page at once."""
    problems = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate("window.dispatchEvent(new Event('resize'))")
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        structure = page_structure(page)
        if structure["lang"] != lang:
            problems.append(f"{name}: lang is {structure['lang']!r}")
        if structure["h1"] != 1 or structure["first"] != 1:
            problems.append(f"{name}: {structure['h1']} h1, first heading h{structure['first']}")
        if structure["skipped"]:
            problems.append(f"{name}: a heading level is skipped")
        if structure["overflow"] > 0:
            problems.append(f"{name} ({label}): {structure['overflow']} px wider than the screen")
        problems += [f"{name} ({label}): {v}" for v in axe_violations(page)]
    page.set_viewport_size(DESKTOP)
    return problems


def focused(page):
    """What has the keyboard focus: tag, id, accessible-ish name, and whether its focus is visible."""
    return page.evaluate(r"""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const label = el.labels && el.labels[0];
        const ring = (s) => s && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        return {
            tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '',
            text: (el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 120),
            href: el.getAttribute('href') || '',
            // A smiley radio is visually hidden and drawn by its label: the ring must be on the label. A plain
            // radio shows its own.
            visible: el.type === 'radio' && el.getBoundingClientRect().width <= 1
                ? ring(label && getComputedStyle(label)) : ring(style),
        };
    }""")


def wait_until(page, expression, arg=None, timeout=5.0):
    """Poll a JavaScript function (or expression) until it returns something truthy. Playwright's own
    wait_for_function polls inside the page, where our Content-Security-Policy (no eval) refuses it whenever the
    first try is too early; page.evaluate goes through the DevTools protocol, which the policy does not govern."""
    import time

    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            result = page.evaluate(expression, arg)
        except Error:  # the page is navigating: its old context is gone, the new one not yet there
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"never true within {timeout} s: {expression}")
        page.wait_for_timeout(50)


def tab_to(page, matches, limit=150, key="Tab"):
    """Press Tab until the focused element matches (a callable on focused()); asserts the focus is visible there."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if matches(now):
            assert now["visible"], f"focus is not visible on {now}"
            return now
    raise AssertionError(f"never reached with {key}: last focus {focused(page)}")


def text_is(pattern):
    return lambda f: re.search(pattern, f["text"]) is not None


def dump(problems):
    return json.dumps(problems, ensure_ascii=False, indent=1)
