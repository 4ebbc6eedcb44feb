"""One rule for every form that carries a version: a save based on an old version, or on none (a stale tab, a
script), is refused, nothing is saved, and the page shows what the colleague saved."""

import pytest
from django.contrib.auth import get_user_model
from django.forms import BooleanField, FileField
from django.test import Client
from django.urls import reverse

from budgetfollowup.models import EconomyStatus, FollowUpRound, Initiative, Milestone
from capacity.models import MonthlyCapacity
from districts.models import Municipality
from evaluations.models import Action, Evaluation
from supervision.models import SupervisionVisit

from .shared_demo import load_demo


@pytest.fixture
def demo_data(db):
    load_demo()
    colleague = get_user_model().objects.create(username="admin2", first_name="Bent", last_name="Budget")
    colleague.roles.create(kind="administrator")


def form_as_loaded(client, url):
    """What the browser would send back for the form as the page showed it (disabled fields are not sent)."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None or isinstance(field, FileField):
            continue
        if isinstance(field, BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = value
    return data


def without_version(data):
    return {key: value for key, value in data.items() if "version" not in key}


def initiative():
    item = Initiative.objects.get(number="3.9")
    return (reverse("budgetfollowup:initiative_edit", args=[item.section.agreement_id, item.pk]),
            "title", "Headspace Ballerup", "Headspace (min rettelse)",
            lambda: Initiative.objects.get(pk=item.pk).title)


def economy():
    second = FollowUpRound.objects.get(number=2)
    row = EconomyStatus.objects.get(round=second, initiative__number="3.1")
    return (reverse("budgetfollowup:economy_edit", args=[second.pk, row.initiative_id]),
            "text", "Kollegaens økonomitekst", "Min økonomitekst",
            lambda: EconomyStatus.objects.get(pk=row.pk).text)


def evaluation():
    item = Evaluation.objects.get()
    return (reverse("evaluations:evaluation_edit", args=[item.pk]),
            "title", "Kollegaens titel på evalueringen", "Min titel",
            lambda: Evaluation.objects.get(pk=item.pk).title)


def action():
    item = Action.objects.order_by("pk").first()
    return (reverse("evaluations:action_edit", args=[item.evaluation_id, item.pk]),
            "owner_name", "Kollegaens ansvarlige", "Min ansvarlige",
            lambda: Action.objects.get(pk=item.pk).owner_name)


def visit():
    item = SupervisionVisit.objects.filter(state=SupervisionVisit.State.PLANNED).order_by("pk").first()
    return (reverse("supervision:visit_edit", args=[item.pk]),
            "supervisor", "Kollegaens tilsynsførende", "Min tilsynsførende",
            lambda: SupervisionVisit.objects.get(pk=item.pk).supervisor)


def municipality():
    return (reverse("districts:municipality_settings"),
            "unit", "Kollegaens enhed", "Min enhed",
            lambda: Municipality.objects.current().unit)


def capacity_month():
    record = MonthlyCapacity.objects.filter(age_group="0-2").order_by("-month", "pk").first()
    return (reverse("capacity:month_edit", args=[record.institution_id]) + f"?maaned={record.month:%Y-%m}",
            "children_nursery", 47, 48,
            lambda: MonthlyCapacity.objects.get(pk=record.pk).children)


EDIT_FORMS = [initiative, economy, evaluation, action, visit, municipality, capacity_month]


@pytest.mark.parametrize("edit_form", EDIT_FORMS, ids=lambda f: f.__name__)
def test_a_stale_or_missing_version_is_refused_with_the_colleagues_value_shown(demo_data, login, edit_form):
    url, field, theirs, mine, stored = edit_form()
    client = login("admin")
    loaded = form_as_loaded(client, url)  # this administrator opens the form ...

    colleague = Client()  # ... and meanwhile a colleague saves the same thing
    colleague.force_login(get_user_model().objects.get(username="admin2"))
    assert colleague.post(url, {**form_as_loaded(colleague, url), field: theirs}).status_code == 302
    assert stored() == theirs

    shown = f"“{theirs}”" if isinstance(theirs, str) else str(theirs)
    for sent in ({**loaded, field: mine}, without_version({**loaded, field: mine})):
        response = client.post(url, sent)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Intet er gemt: Bent Budget" in page
        assert f"Gemt af den anden: {shown}" in page  # beside the field, where this user's own input stays
        assert stored() == theirs

    # Saving again from the refused page is a choice made knowing the colleague's value, and goes through.
    assert client.post(url, {**sent, **versions_on(response)}).status_code == 302
    assert stored() == mine


def versions_on(response):
    """The versions the refused page carries in its hidden fields: the colleague's."""
    form = response.context["form"]
    return {form.add_prefix(name): form[name].value() for name in form.fields
            if "version" in name and form[name].value() is not None}


def test_the_grid_refuses_a_row_sent_without_its_versions_and_shows_the_colleagues_value(demo_data, login, user):
    from budgetfollowup import services

    second = FollowUpRound.objects.get(number=2)
    row = Milestone.objects.get(round=second, initiative__number="3.1")
    url = reverse("budgetfollowup:round_grid", args=[second.pk])
    client = login("admin")
    forms = client.get(url).context["forms"]
    [form] = [f for f in forms if f.row.initiative.pk == row.initiative_id]
    services.round_save_grid(round=second, user=user("admin2"), changes=[services.CellChange(
        initiative_id=row.initiative_id, milestone_version=row.version, economy_version=0,
        milestone={"status_text": "Kollegaens status for 3.1"})])

    data = {}
    for f in forms:
        for name in f.fields:
            value = f[name].value()
            if value is not None and not f.fields[name].disabled:
                data[f.add_prefix(name)] = value
                if f.fields[name].show_hidden_initial:
                    data[f.add_initial_prefix(name)] = value
    data[form.add_prefix("status_text")] = "Min status for 3.1"
    del data[form.add_prefix("milestone_version")]
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Intet er gemt" in page and "Kollegaens status for 3.1" in page
    assert Milestone.objects.get(pk=row.pk).status_text == "Kollegaens status for 3.1"


def test_the_import_may_leave_the_version_out_and_a_form_may_not(demo_data):
    """The agreement import checks the whole agreement's revision against its preview instead of each version."""
    from budgetfollowup import services
    from dagtilbud.concurrency import StaleEdit

    item = Initiative.objects.get(number="3.9")
    item.title = "Fra importen"
    services.initiative_save(initiative=item, districts=item.districts.all())
    assert Initiative.objects.get(pk=item.pk).title == "Fra importen"
    item.title = "Fra en formular uden version"
    with pytest.raises(StaleEdit):
        services.initiative_save(initiative=item, districts=item.districts.all(), seen_version=None)
    assert Initiative.objects.get(pk=item.pk).title == "Fra importen"
