"""A required choice never offers a preselected "---------": every form of ours, opened as each role would open it,
shows a sensible choice in each required select and radio group, and saving it at once as it came either works or
says in Danish what is missing.

The pages are the permission matrix's (every URL of ours, every persona that may open it): a new form is checked
here as soon as its page is in the matrix. Each form is read as a browser would (the selected option, or the first;
the checked radio; the inputs' values) and posted back with exactly that, inside a savepoint that is rolled back.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .shared_demo import load_demo
from .test_permission_matrix import PERSONAS, ROWS, _load_demo, _objects

EMPTY_LABEL = "---------"
# Forms that do something other than save what is on them: leaving, switching language, marking read.
NOT_A_SAVE = ("logout", "language", "notifications:mark_all_read", "dashboards:news_seen")


class _Forms(HTMLParser):
    """The POST forms of a page: their action, what a browser would send as they stand, and every choice (select or
    radio group) with its options, which is chosen, and whether it is required."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.labels = [], {}
        self._form = self._select = self._option = self._textarea = self._label_for = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "method": (a.get("method") or "get").lower(), "data": [],
                          "choices": {}, "submit": None}
            self.forms.append(self._form)
        if tag == "label" and a.get("for"):
            self._label_for = a["for"]
            self.labels[self._label_for] = ""
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                choice = form["choices"].setdefault(name, {"kind": "radio", "options": [], "required": False})
                choice["options"].append({"value": a.get("value", "on"), "id": a.get("id"), "text": "",
                                          "selected": "checked" in a})
                choice["required"] |= "required" in a
                if "checked" in a:
                    form["data"].append((name, a.get("value", "on")))
            elif kind == "checkbox":
                if "checked" in a:
                    form["data"].append((name, a.get("value", "on")))
            elif kind in ("submit", "image"):
                if form["submit"] is None:
                    form["submit"] = (name, a.get("value", ""))
            elif kind != "file":
                form["data"].append((name, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit" and form["submit"] is None:
            form["submit"] = (name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = form["choices"].setdefault(name, {"kind": "select", "options": [], "required": False})
            self._select["required"] |= "required" in a
            self._select["multiple"] = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea[1] += data
        if self._label_for is not None:
            self.labels[self._label_for] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            if self._option["value"] is None:
                self._option["value"] = self._option["text"].strip()
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]] or options[:1]
            if self._select.get("multiple"):
                chosen = [o for o in options if o["selected"]]
            name = next(n for n, c in self._form["choices"].items() if c is self._select)
            self._form["data"] += [(name, o["value"]) for o in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["data"].append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "label":
            self._label_for = None
        elif tag == "form":
            self._form = None


def post_forms(html):
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        for choice in form["choices"].values():
            for option in choice["options"]:
                if choice["kind"] == "radio":
                    option["text"] = parser.labels.get(option["id"], "")
                option["text"] = " ".join(option["text"].split())
    return [f for f in parser.forms if f["method"] == "post"]


def shown_choice(choice):
    """What the person sees chosen: the selected option (a select shows its first when none is), the checked radio
    (none when none is)."""
    selected = [o for o in choice["options"] if o["selected"]]
    if choice["kind"] == "select" and not selected and not choice.get("multiple"):
        selected = choice["options"][:1]
    return selected


def _client(persona):
    client = Client(raise_request_exception=False)
    if persona != "anon":
        client.force_login(get_user_model().objects.get(username=persona))
    return client


ENGLISH_ERRORS = re.compile(r"This field is required|Select a valid choice|Enter a valid")


@pytest.mark.django_db
def test_no_required_choice_offers_an_empty_dash_and_saving_at_once_works_or_says_why(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load_demo()
    builders, objects = _objects(), {}
    gets = [(name, keys, expected) for method, name, keys, expected in ROWS if method == "GET"]
    for _name, keys, _expected in gets:
        for key in keys:
            if key not in objects:
                objects[key] = builders[key]()
    clients = {persona: _client(persona) for persona in PERSONAS}
    problems, choices_seen, posted = [], 0, 0
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
            for form in post_forms(response.content.decode()):
                action = form["action"] or path
                if any(action == reverse(skip) for skip in NOT_A_SAVE) or not form["choices"]:
                    continue
                where = f"{persona} {path} (form to {action})"
                for field, choice in form["choices"].items():
                    choices_seen += 1
                    texts = [o["text"] for o in choice["options"]]
                    if choice["required"] and EMPTY_LABEL in texts:
                        problems.append(f"{where}: the required choice {field!r} offers {EMPTY_LABEL!r}: {texts}")
                    shown = shown_choice(choice)
                    if choice["required"] and shown and shown[0]["value"] == "" and shown[0]["text"] != "Vælg …":
                        problems.append(f"{where}: {field!r} shows {shown[0]['text']!r} chosen, not a choice "
                                        "nor “Vælg …”")
                # Saved as it came, by the form's first button.
                data = list(form["data"])
                if form["submit"] and form["submit"][0]:
                    data.append(form["submit"])
                with transaction.atomic():
                    saved = clients[persona].post(action, _as_dict(data))
                    transaction.set_rollback(True)
                posted += 1
                page = saved.content.decode() if saved["Content-Type"].startswith("text/html") else ""
                if saved.status_code not in (200, 302):
                    problems.append(f"{where}: saving at once answered {saved.status_code}")
                elif ENGLISH_ERRORS.search(page):
                    problems.append(f"{where}: saving at once gives an English error")
                elif saved.status_code == 200 and "error-summary" not in page and "invalid-feedback" not in page:
                    problems.append(f"{where}: saving at once neither saved nor said why")
                else:
                    for field, choice in form["choices"].items():
                        shown = shown_choice(choice)
                        if choice["required"] and shown and shown[0]["value"] and re.search(
                                rf'id="error_\d+_id_{re.escape(field)}"|<a href="#id_{re.escape(field)}">', page):
                            problems.append(f"{where}: the preselected choice {field!r} is refused when saved")
    print(f"{choices_seen} choices on {posted} forms")
    assert choices_seen > 20 and posted > 10, (choices_seen, posted)
    assert not problems, "\n".join(sorted(set(problems)))


def _as_dict(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.django_db
def test_a_status_offers_its_assessments_with_none_chosen_and_saving_without_one_says_so(login):
    from evaluations.models import Goal

    load_demo("organisation", "evaluation")
    url = reverse("evaluations:goal_status_add", args=[Goal.objects.get(number=3).pk])
    client = login("dl.nord")
    form = post_forms(client.get(url).content.decode())[-1]
    assessment = form["choices"]["assessment"]
    assert [o["text"] for o in assessment["options"]] == ["Positiv udvikling", "Undervejs", "Kræver opmærksomhed"]
    assert not shown_choice(assessment)
    page = client.post(url, _as_dict(form["data"])).content.decode()
    # The summary names the field and its error, and leads to the first of its buttons.
    assert '<a href="#id_assessment_0">Vurdering: Dette felt er påkrævet.</a>' in page


@pytest.mark.django_db
def test_a_role_opens_on_choose_and_the_only_section_is_chosen(login):
    from budgetfollowup.models import BudgetAgreement

    load_demo("organisation", "agreement")
    client = login("admin")
    user = get_user_model().objects.get(username="pl.jonas")
    kind = next(f for f in post_forms(client.get(reverse("districts:user_roles", args=[user.pk])).content.decode())
                if "kind" in f["choices"])["choices"]["kind"]
    assert shown_choice(kind)[0]["text"] == "Vælg …"
    agreement = BudgetAgreement.objects.get()
    form = next(f for f in post_forms(client.get(reverse("budgetfollowup:initiative_create", args=[agreement.pk])
                                                 ).content.decode()) if "section" in f["choices"])
    assert [o["text"] for o in shown_choice(form["choices"]["section"])] == ["3. En stærk uddannelsesby"]
    assert [o["text"] for o in form["choices"]["section"]["options"]] == ["3. En stærk uddannelsesby"]
