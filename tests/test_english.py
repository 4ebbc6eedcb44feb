"""English for real: every page every demo role can open, read in English, has no Danish text of ours in it.

The pages are the permission matrix's (every URL of ours, every persona, each GET answered 200 with HTML): a new
page is crawled here as soon as it is in the matrix. What the municipality typed (names of houses and districts,
an agreement's initiatives, findings, status texts) stays in the language it was written in, so every text value
stored in our tables is taken out of the page before its words are checked against a list of Danish words that are
not English words.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from districts.models import Profile

from .test_permission_matrix import PERSONAS, ROWS, SNAPSHOT_APPS, _load_demo, _objects

# Words of our interface in Danish that an English text would never hold (checked as whole words, any case).
DANISH = set("""
og ikke er af til på med eller den det der som har skal kan ingen alle gem tilføj rediger slet vis tilbage
næste forrige hent vælg annuller fortryd udfyld opret gemt gemmes ændret ændring ændringer seneste siden fra ved
hvis hvor når efter før mellem uden samt også kun endnu mangler frist frister overskredet udløber
distrikt distrikter hus huse institutioner indsats indsatser handling handlinger rapport rapporter
opfølgning opfølgninger evaluering evalueringer tilsyn kapacitet brugere bruger rolle roller udvalg udvalget
år måned måneder dato dage uge ugen sider beløb økonomi milepæl plads pladser barn børn belægning
januar februar marts maj juni juli oktober kl
mandag tirsdag onsdag torsdag fredag lørdag søndag
ud adgangskode brugernavn spring indhold hovedmenu notifikationer ulæst ulæste
ja nej intet ingen både samlet alt heraf visning oversigt overblik historik indstillinger
""".split())
# Danish letters betray a Danish word the list does not name.
DANISH_LETTERS = re.compile(r"\b\w*[æøåÆØÅ]\w*\b")
# Danish on purpose in English text: the sheet names of the agreement import's file format.
FORMAT_NAMES = ["Aftale, Indsatser, Beløb, Milepæle"]
WORD = re.compile(r"\b[^\W\d_]+\b")
VISIBLE_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """The text a reader meets: element text outside script and style, and the attributes read aloud."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip, self._open = [], 0, []

    def handle_starttag(self, tag, attrs):
        # Not read as English: scripts and styles, and what is marked as Danish on purpose (WCAG 3.1.2, language
        # of parts: the switch's "Dansk", a spreadsheet's Danish sheet names).
        # A textarea holds what the person is editing (a default text of the municipality's), not ours.
        skip = tag in ("script", "style", "template", "textarea") or dict(attrs).get("lang") == "da"
        if tag not in VOID:
            self._open.append(skip)
        if skip:
            self._skip += 1
            return
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)
            if name == "value" and value and dict(attrs).get("type") in ("submit", "button"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open and self._open.pop() and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def page_text(html):
    parser = _Text()
    parser.feed(html)
    return [_squash(p) for p in parser.parts if p.strip()]


def _stored_texts():
    """Every text value in our tables and the people's names: the municipality's own words, not ours."""
    texts = set()
    for label in [*SNAPSHOT_APPS]:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            fields = [f.name for f in model._meta.concrete_fields
                      if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
            for row in model._base_manager.values_list(*fields) if fields else []:
                for value in filter(None, row):
                    # Whole, and line by line (a text shown with |linebreaks comes in paragraphs).
                    texts.add(_squash(str(value)))
                    texts.update(_squash(line) for line in str(value).splitlines())
    for user in get_user_model().objects.all():
        texts.update(filter(None, [user.get_full_name(), user.first_name, user.last_name, user.username]))
    # Longest first, so "Børnehuset Egebjerg" goes before "Egebjerg".
    return sorted((t for t in texts if len(t) > 1), key=len, reverse=True)


def danish_words(parts, stored):
    found = []
    corpus = "\n".join(stored)
    # Whole words only: the username "admin" must not cut "administrative" in two.
    stored_pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stored)) + r")(?!\w)") if stored else None
    for part in parts:
        for name in FORMAT_NAMES:
            part = part.replace(name, " ")
        # A stored text shortened with "…" for the page, alone or after our words: "– Gennemgå ledelsesspændet …".
        if part.endswith("…"):
            words = part.rstrip("… ").split(" ")
            for start in range(len(words)):
                tail = " ".join(words[start:])
                if len(tail) > 10 and tail in corpus:
                    part = " ".join(words[:start])
                    break
        if stored_pattern:
            part = stored_pattern.sub(" ", part)
        words = {w.lower() for w in WORD.findall(part)}
        hits = sorted((words & DANISH) | {w.lower() for w in DANISH_LETTERS.findall(part)})
        if hits:
            found.append(f"{', '.join(hits)} in “{part[:120]}”")
    return found


def _english_client(persona):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if persona != "anon":
        user = get_user_model().objects.get(username=persona)
        Profile.objects.update_or_create(user=user, defaults={"language": "en"})
        client.force_login(user)  # the login applies the profile's language
    return client


@pytest.mark.django_db
def test_every_page_reads_in_english_for_every_role(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load_demo()
    builders, objects = _objects(), {}
    gets = [(name, keys, expected) for method, name, keys, expected in ROWS if method == "GET"]
    for _name, keys, _expected in gets:
        for key in keys:
            if key not in objects:
                objects[key] = builders[key]()
    stored = _stored_texts()
    clients = {persona: _english_client(persona) for persona in PERSONAS}
    problems, pages = [], 0
    for name, keys, expected in gets:
        path = reverse(name, args=[objects[key] for key in keys])
        for persona in PERSONAS:
            if expected[persona] != "200":
                continue
            with transaction.atomic():
                response = clients[persona].get(path)
                transaction.set_rollback(True)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            pages += 1
            if "<html" in html and '<html lang="en">' not in html:  # htmx fragments have no <html>
                problems.append(f"{persona} {path}: the page does not say lang=\"en\"")
            problems += [f"{persona} {path}: {hit}" for hit in danish_words(page_text(html), stored)]
    assert pages > 50, f"only {pages} pages crawled"
    assert not problems, f"Danish on English pages ({len(problems)}):\n" + "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_the_error_pages_read_in_english(client):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/findes-ikke/")
    assert response.status_code in (302, 404)
    _load_demo()
    english = _english_client("dl.nord")
    response = english.get("/findes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert not danish_words(page_text(html), _stored_texts())
