import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from budgetfollowup import services
from budgetfollowup.models import (
    EconomyStatus,
    FollowUpRound,
    Initiative,
    InitiativeAmount,
    Milestone,
    Section,
    initiative_sort_key,
)
from dagtilbud import revision
from districts.models import Center, Committee


def add_initiatives(section, numbers):
    """Initiatives 3.n (n in numbers) with the rows initiative_save gives each (100.000 kr. in 2019, a milestone and
    an economy row in every round, round 2's milestone text), inserted in bulk as budgetfollowup/generate.py does:
    a page's scale in a handful of queries instead of a hundred saves through the service."""
    center, committee = Center.objects.first(), Committee.objects.first()
    made = Initiative.objects.bulk_create([
        Initiative(section=section, number=f"3.{n}", sort_key=initiative_sort_key(f"3.{n}"), title=f"Indsats {n}",
                   responsible_center=center, responsible_committee=committee) for n in numbers])
    rounds = list(section.agreement.rounds.all())
    InitiativeAmount.objects.bulk_create([InitiativeAmount(initiative=i, year=2019, amount=100000) for i in made])
    Milestone.objects.bulk_create([
        Milestone(initiative=i, round=r, text="Milepæl" if r.number == 2 else "") for i in made for r in rounds])
    EconomyStatus.objects.bulk_create([EconomyStatus(initiative=i, round=r) for i in made for r in rounds])
    revision.bump()  # bulk inserts send no signal
    return made


def grid_post(client, round_, changes_by_number):
    """Load the grid as the user sees it, change some cells, and post the whole form back."""
    page = client.get(reverse("budgetfollowup:round_grid", args=[round_.pk]))
    data = {}
    for form in page.context["forms"]:
        for name, field in form.fields.items():
            bf = form[name]
            value = bf.value()
            data[bf.html_name] = "" if value is None else value
            if field.show_hidden_initial:
                data[bf.html_initial_name] = data[bf.html_name]
        number = form.row.initiative.number
        for name, value in changes_by_number.get(number, {}).items():
            data[form[name].html_name] = value
    return client.post(reverse("budgetfollowup:round_grid", args=[round_.pk]), data)


def test_an_agreement_is_created_with_its_four_rounds(agreement_demo):
    committee = Committee.objects.get(name="Kultur- og Fritidsudvalget")
    agreement = services.agreement_create(title="Aftale om budget 2020", year=2020, committee=committee)
    assert [r.name for r in agreement.rounds.all()] == [
        "1. budgetopfølgning 2020", "2. budgetopfølgning 2020", "3. budgetopfølgning 2020", "31.12.2020"]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRound.objects.create(agreement=agreement, number=5, date=datetime.date(2020, 12, 31))


def test_the_demo_round_1_is_the_seed_document(agreement_demo):
    first = agreement_demo[1]
    assert first.is_published
    assert first.report_title == "Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"
    numbers = list(Initiative.objects.values_list("number", flat=True))
    assert numbers == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.8", "3.9", "3.11", "3.13", "3.14"]
    assert EconomyStatus.objects.get(initiative__number="3.5", round=first).smiley == "red"
    assert not agreement_demo[2].is_published


def test_administrator_sets_smileys_in_the_grid(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    response = grid_post(client, second, {"3.1": {"milestone_smiley": "green", "status_text": "Forelagt i maj."},
                                          "3.5": {"economy_smiley": "red", "expected_spending": "6,4 mio."}})
    assert response.status_code == 302
    milestone = Milestone.objects.get(initiative__number="3.1", round=second)
    assert (milestone.smiley, milestone.status_text) == ("green", "Forelagt i maj.")
    economy = EconomyStatus.objects.get(initiative__number="3.5", round=second)
    assert economy.expected_spending == 6400000
    assert milestone.history.first().history_user.username == "admin"
    page = client.get(reverse("budgetfollowup:round_detail", args=[second.pk])).content.decode()
    assert "Forelagt i maj." in page


def test_a_bad_amount_gets_a_danish_message_and_nothing_is_saved(agreement_demo, login):
    second = agreement_demo[2]
    response = grid_post(login("admin"), second, {"3.1": {"milestone_smiley": "green"},
                                                  "3.5": {"expected_spending": "seks millioner"}})
    assert response.status_code == 200
    assert "er ikke et beløb" in response.content.decode()
    assert Milestone.objects.get(initiative__number="3.1", round=second).smiley == ""


def test_the_economy_fields_come_after_the_status_text_and_show_when_asked_or_wrong(agreement_demo, login):
    """A row's tab order is milestone smiley, economy smiley, status text; the expected spending and the economy
    link follow, shown by a checkbox that a save keeps, and always shown when an amount is wrong."""
    second = agreement_demo[2]
    client = login("admin")
    url = reverse("budgetfollowup:round_grid", args=[second.pk])
    initiative = Initiative.objects.get(number="3.1")
    page = client.get(url).content.decode()
    row = page[page.index(f'id="row-{initiative.pk}"'):]
    positions = [row.index(f'id="id_i{initiative.pk}-{name}') for name in (
        "milestone_smiley_0", "economy_smiley_0", "status_text", "expected_spending")]
    assert positions == sorted(positions)
    assert row.index(f'id="id_i{initiative.pk}-status_text') < row.index("Tekst og ændret budget")
    assert 'id="show-economy" checked' not in page
    assert 'id="show-economy" checked' in client.get(url + "?regnskab=1").content.decode()

    response = grid_post(client, second, {"3.5": {"expected_spending": "seks millioner"}})
    assert 'id="show-economy" checked' in response.content.decode()

    page = client.get(url)
    data = {"regnskab": "1"}
    for form in page.context["forms"]:
        for name, field in form.fields.items():
            value = form[name].value()
            data[form[name].html_name] = "" if value is None else value
            if field.show_hidden_initial:
                data[form[name].html_initial_name] = data[form[name].html_name]
    data[f"i{initiative.pk}-expected_spending"] = "250.000"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url + "?regnskab=1"


def test_a_smiley_on_a_round_without_milestone_is_refused(agreement_demo, login):
    second = agreement_demo[2]
    grid_post(login("admin"), second, {"3.2": {"milestone_smiley": "green"}})
    assert Milestone.objects.get(initiative__number="3.2", round=second).smiley == ""


def test_green_economy_over_budget_asks_for_confirmation(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    response = grid_post(client, second, {"3.5": {"economy_smiley": "green", "expected_spending": "7 mio."}})
    assert response.status_code == 200
    assert "Bekræft smileyen" in response.content.decode()
    response = grid_post(client, second, {"3.5": {"economy_smiley": "green", "expected_spending": "7 mio.",
                                                  "confirm_contradiction": "on"}})
    assert response.status_code == 302
    assert EconomyStatus.objects.get(initiative__number="3.5", round=second).smiley == "green"


def test_second_save_of_the_same_cell_is_refused_and_shows_the_other_value(agreement_demo, client, user):
    second = agreement_demo[2]
    from django.test import Client

    first_admin, second_admin = Client(), Client()
    first_admin.force_login(user("admin"))
    second_admin.force_login(user("admin"))
    # Both load the grid; the first saves, then the second saves a different smiley for the same cell.
    page = second_admin.get(reverse("budgetfollowup:round_grid", args=[second.pk]))
    loaded = list(page.context["forms"])  # as loaded (the view builds them when read: the rows are cached HTML)
    grid_post(first_admin, second, {"3.1": {"milestone_smiley": "green", "status_text": "Første version"}})
    data = {}
    for form in loaded:
        for name, field in form.fields.items():
            bf = form[name]
            data[bf.html_name] = "" if bf.value() is None else bf.value()
            if field.show_hidden_initial:
                data[bf.html_initial_name] = data[bf.html_name]
        if form.row.initiative.number == "3.1":
            data[form["milestone_smiley"].html_name] = "red"
        if form.row.initiative.number == "3.6":
            data[form["milestone_smiley"].html_name] = "yellow"
    response = second_admin.post(reverse("budgetfollowup:round_grid", args=[second.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "en anden har ændret" in page
    assert "Første version" in page  # the other person's value is shown
    assert Milestone.objects.get(initiative__number="3.1", round=second).smiley == "green"
    assert Milestone.objects.get(initiative__number="3.6", round=second).smiley == ""  # all or nothing


def test_rows_someone_else_saved_are_not_a_conflict_for_an_untouched_row(agreement_demo, user):
    from django.test import Client

    second = agreement_demo[2]
    a, b = Client(), Client()
    a.force_login(user("admin"))
    b.force_login(user("admin"))
    b_page = b.get(reverse("budgetfollowup:round_grid", args=[second.pk]))
    loaded = list(b_page.context["forms"])  # as loaded, before a's save
    grid_post(a, second, {"3.1": {"milestone_smiley": "green"}})
    data = {}
    for form in loaded:
        for name, field in form.fields.items():
            bf = form[name]
            data[bf.html_name] = "" if bf.value() is None else bf.value()
            if field.show_hidden_initial:
                data[bf.html_initial_name] = data[bf.html_name]
        if form.row.initiative.number == "3.6":
            data[form["milestone_smiley"].html_name] = "yellow"
    assert b.post(reverse("budgetfollowup:round_grid", args=[second.pk]), data).status_code == 302
    assert Milestone.objects.get(initiative__number="3.1", round=second).smiley == "green"
    assert Milestone.objects.get(initiative__number="3.6", round=second).smiley == "yellow"


def test_published_round_is_locked_and_reopening_needs_a_reason_that_is_logged(agreement_demo, login):
    first = agreement_demo[1]
    client = login("admin")
    assert client.get(reverse("budgetfollowup:round_grid", args=[first.pk])).status_code == 403
    with pytest.raises(services.RoundLocked):
        services.round_save_grid(round=first, changes=[], user=None)
    response = client.post(reverse("budgetfollowup:round_reopen", args=[first.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    client.post(reverse("budgetfollowup:round_reopen", args=[first.pk]), {"reason": "Fejl i 3.5's økonomi"})
    first.refresh_from_db()
    assert not first.is_published
    assert first.history.first().history_change_reason == "Fejl i 3.5's økonomi"
    assert first.history.first().history_user.username == "admin"


def test_publishing_makes_the_round_visible_to_the_committee(agreement_demo, login):
    second = agreement_demo[2]
    assert login("udvalg").get(reverse("budgetfollowup:round_detail", args=[second.pk])).status_code == 404
    login("admin").post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    assert login("udvalg").get(reverse("budgetfollowup:round_detail", args=[second.pk])).status_code == 200


@pytest.mark.parametrize(
    "username, published, draft, grid",
    [
        ("admin", 200, 200, 200),
        ("udvalg", 200, 404, 404),
        ("dl.nord", 200, 404, 404),
        ("pl.mette", 404, 404, 404),
        ("uden.rolle", 404, 404, 404),
    ],
)
def test_who_sees_which_round(agreement_demo, login, username, published, draft, grid):
    client = login(username)
    assert client.get(reverse("budgetfollowup:round_detail", args=[agreement_demo[1].pk])).status_code == published
    assert client.get(reverse("budgetfollowup:round_detail", args=[agreement_demo[2].pk])).status_code == draft
    assert client.get(reverse("budgetfollowup:round_grid", args=[agreement_demo[2].pk])).status_code == grid


def test_read_only_roles_cannot_publish(agreement_demo, login):
    second = agreement_demo[2]
    assert login("udvalg").post(reverse("budgetfollowup:round_publish", args=[second.pk])).status_code == 404
    assert login("dl.nord").post(reverse("budgetfollowup:round_publish", args=[second.pk])).status_code == 404
    second.refresh_from_db()
    assert not second.is_published


def test_committee_member_sees_published_rounds_only_in_the_list(agreement_demo, login):
    page = login("udvalg").get(reverse("budgetfollowup:agreement_list")).content.decode()
    assert "1. budgetopfølgning 2019" in page
    assert "2. budgetopfølgning 2019" not in page


def test_grid_query_count_does_not_grow_with_initiatives(agreement_demo, login, django_assert_max_num_queries):
    """Queries: user, roles, unread count, round, rounds, initiatives, milestones, economy, amounts (+ savepoints);
    the session, roles and count are read from the cache once remembered, so each count starts with none."""
    second = agreement_demo[2]
    client = login("admin")
    url = reverse("budgetfollowup:round_grid", args=[second.pk])

    def count():
        from django.db import connection

        from dagtilbud.testing import uncached_queries

        with uncached_queries(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    add_initiatives(Section.objects.get(), range(20, 120))
    assert Initiative.objects.count() == 111
    assert count() == small


def test_initiative_page_shows_its_rounds_and_who_changed_what(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    grid_post(client, second, {"3.1": {"milestone_smiley": "green"}})
    initiative = Initiative.objects.get(number="3.1")
    page = client.get(reverse("budgetfollowup:initiative_detail", args=[initiative.pk])).content.decode()
    assert "1. budgetopfølgning 2019" in page and "31.12.2019" in page
    assert "admin" in page and "green" in page
    assert login("udvalg").get(reverse("budgetfollowup:initiative_detail", args=[initiative.pk])).status_code == 403


def test_a_changed_budget_needs_the_councils_approval_and_is_measured_against(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    initiative = Initiative.objects.get(number="3.5")
    url = reverse("budgetfollowup:economy_edit", args=[second.pk, initiative.pk])
    version = EconomyStatus.objects.get(initiative=initiative, round=second).version
    response = client.post(url, {"text": "Tillægsbevilling", "corrected_budget": "7 mio.", "approval_reference": "",
                                 "version": version})
    assert "skal være godkendt af Kommunalbestyrelsen" in response.content.decode()
    client.post(url, {"text": "Tillægsbevilling", "corrected_budget": "7 mio.",
                      "approval_reference": "KB 24.6.2019, pkt. 7", "version": version})
    economy = EconomyStatus.objects.get(initiative=initiative, round=second)
    assert economy.corrected_budget == 7000000
    # Spending 6,5 mio. against the changed 7 mio. is within budget: green needs no confirmation.
    assert grid_post(client, second, {"3.5": {"economy_smiley": "green", "expected_spending": "6,5 mio."}}
                     ).status_code == 302


def test_a_published_round_page_is_rendered_once_and_never_served_stale(agreement_demo, login, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = agreement_demo[1]
    url = reverse("budgetfollowup:round_detail", args=[first.pk])
    client = login("udvalg")
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        page = client.get(url).content.decode()
    assert "Understøttelse af arbejdet med kvalitet i dagtilbud" in page
    assert not any("budgetfollowup_milestone" in q["sql"] for q in cached.captured_queries)

    # An administrator edits an initiative of the published round: the next reader sees the edit.
    initiative = Initiative.objects.get(number="3.1")
    initiative.title = "Kvalitet i dagtilbud (ny titel)"
    services.initiative_save(initiative=initiative, districts=initiative.districts.all(), user=user("admin"))
    assert "Kvalitet i dagtilbud (ny titel)" in client.get(url).content.decode()

    # Reopened, changed and published again: the new smiley, not the cached page.
    red_before = client.get(url).content.decode().count("Ikke nået, ikke realistisk")  # the legend has it too
    admin = login("admin")
    admin.post(reverse("budgetfollowup:round_reopen", args=[first.pk]), {"reason": "Fejl i 3.1"})
    Milestone.objects.filter(initiative=initiative, round=first).update(smiley="red")
    admin.post(reverse("budgetfollowup:round_publish", args=[first.pk]))
    # twice more: in the initiative's folded summary and in its table
    assert login("udvalg").get(url).content.decode().count("Ikke nået, ikke realistisk") == red_before + 2


def test_after_a_save_the_grid_says_how_many_in_correct_danish_and_leads_back(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    response = grid_post(client, second, {"3.1": {"milestone_smiley": "green"}})
    page = client.get(response.url).content.decode()
    assert "1 indsats er gemt." in page and "1 indsatser" not in page
    assert f'href="{reverse("budgetfollowup:round_detail", args=[second.pk])}">Tilbage til opfølgningen' in page
    assert f'href="{reverse("budgetfollowup:round_publish", args=[second.pk])}"' in page
    response = grid_post(client, second, {"3.1": {"milestone_smiley": "red"}, "3.3": {"milestone_smiley": "green"}})
    assert "2 indsatser er gemt." in client.get(response.url).content.decode()


def test_publishing_is_confirmed_on_a_page_that_says_what_will_happen(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    page = client.get(reverse("budgetfollowup:round_publish", args=[second.pk])).content.decode()
    assert "skrivebeskyttet" in page and "dannes rapporten som PDF" in page
    assert "Børne- og Skoleudvalget får besked" in page or "medlemmerne af Børne- og Skoleudvalget" in page
    without = [r.initiative.number for r in Milestone.objects.filter(round=second).exclude(text="").select_related(
        "initiative") if not r.smiley]
    assert without and "ingen smiley for milepælen" in page and without[0] in page
    second.refresh_from_db()
    assert not second.is_published  # looking at the question publishes nothing
    assert client.post(reverse("budgetfollowup:round_publish", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.is_published


def test_the_count_after_a_save_reads_in_english_too(agreement_demo, login):
    second = agreement_demo[2]
    client = login("admin")
    client.post(reverse("language"), {"language": "en"})
    response = grid_post(client, second, {"3.1": {"milestone_smiley": "yellow"}})
    assert "1 initiative saved." in client.get(response.url).content.decode()
    response = grid_post(client, second, {"3.1": {"milestone_smiley": "red"}, "3.3": {"milestone_smiley": "green"}})
    assert "2 initiatives saved." in client.get(response.url).content.decode()


def test_every_row_of_the_grid_has_a_cell_under_each_heading(agreement_demo, login):
    """The grid's columns are written in Python (grid_html.COLUMNS): a column added there gets its heading and
    its cell in every row together."""
    import re

    from budgetfollowup import grid_html

    page = login("admin").get(reverse("budgetfollowup:round_grid", args=[agreement_demo[2].pk])).content.decode()
    head = page[page.index("<thead>"):page.index("</thead>")]
    assert head.count('<th scope="col"') == len(grid_html.COLUMNS)
    rows = re.findall(r'<tr id="row-\d+">(.*?)</tr>', page, re.S)
    assert len(rows) == Initiative.objects.filter(section__agreement=agreement_demo[2].agreement).count()
    for row in rows:
        assert row.count("<td ") + row.count('<th scope="row"') == len(grid_html.COLUMNS)


def test_the_grid_as_loaded_writes_each_input_as_djangos_bound_field_does(agreement_demo):
    """grid_html writes a loaded (not posted) form's inputs itself, for speed: the same HTML as Django's, field by
    field, so an upgrade of Django that changes it is noticed here."""
    from budgetfollowup import grid_html
    from budgetfollowup.grid import RoundGrid

    grid = RoundGrid(agreement_demo[2])
    texts = grid_html.Texts(grid.round)
    assert any(not form.row.milestone.text for form in grid.forms)  # a disabled smiley among them
    for form in grid.forms:
        view = grid_html.RowView(form, None, None, texts)
        for name in form.fields:
            ours, django = view.field(name), form[name]
            assert str(ours) == str(django)
            assert (ours.auto_id, ours.id_for_label, ours.label) == (django.auto_id, django.id_for_label, django.label)
            assert not django.errors


def test_the_grid_as_loaded_is_written_once_per_data_revision_and_afresh_after_a_save(agreement_demo, login, user):
    """A GET's rows are the stored values: written once per data revision and served again without reading the
    rows; a save (here or by a colleague) moves the revision, so the next page shows it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    second = agreement_demo[2]
    url = reverse("budgetfollowup:round_grid", args=[second.pk])
    client = login("admin")
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert again.split("<tbody>")[1] == first.split("<tbody>")[1]
    assert not [q for q in queries.captured_queries if 'FROM "budgetfollowup_milestone"' in q["sql"]]
    # Another administrator is served the same rows.
    from django.contrib.auth import get_user_model

    from districts.models import Role

    colleague = get_user_model().objects.create(username="admin.kollega")
    Role.objects.create(user=colleague, kind=Role.Kind.ADMINISTRATOR)
    first = client.get(url).content.decode()  # the role given moved the revision
    other = Client()
    other.force_login(colleague)
    assert other.get(url).content.decode().split("<tbody>")[1] == first.split("<tbody>")[1]
    # A save here: the page after it has the new value.
    pk = Initiative.objects.get(number="3.1").pk
    assert grid_post(client, second, {"3.1": {"status_text": "Gemt lige nu"}}).status_code == 302
    assert "Gemt lige nu" in client.get(url).content.decode()
    # A colleague's save through the service: seen at once too.
    row = Milestone.objects.get(round=second, initiative_id=pk)
    services.round_save_grid(round=second, user=user("admin"), changes=[services.CellChange(
        initiative_id=pk, milestone_version=row.version, economy_version=None,
        milestone={"status_text": "Kollegaens status"})])
    page = client.get(url).content.decode()
    assert "Kollegaens status" in page and "Gemt lige nu" not in page
    # In English: its own rows.
    client.cookies["django_language"] = "en"
    assert 'data-label="Milestone"' in client.get(url).content.decode()
