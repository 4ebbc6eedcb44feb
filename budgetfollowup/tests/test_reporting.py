"""Reporting (indberetning): the responsible centres give their initiatives' status in a round opened for it, and the
administrator approves or returns each row before publishing."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgetfollowup.models import BudgetAgreement, FollowUpRound, Report
from districts.models import Center, Role
from districts.roles import roles_of


def test_a_reporter_is_scoped_to_a_centre_and_the_database_holds_it(agreement_demo, user):
    reporter = user("center.sik")
    roles = roles_of(reporter)
    assert roles.is_reporter and roles.has_any
    assert roles.center_ids == {Center.objects.get(name="Skoler, Institutioner og Kultur").pk}
    assert not (roles.is_administrator or roles.committee_ids or roles.visible_district_ids)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=reporter, kind=Role.Kind.REPORTER)  # no centre
    with pytest.raises(ValidationError):
        Role(user=reporter, kind=Role.Kind.DISTRICT_LEADER, center=Center.objects.first()).full_clean()


def test_a_reporter_reads_published_rounds_of_agreements_with_their_centres_initiatives(agreement_demo, user):
    reporter = user("center.sik")
    first, second = agreement_demo[1], agreement_demo[2]
    assert list(FollowUpRound.objects.for_user(reporter)) == [first]
    assert list(BudgetAgreement.objects.for_user(reporter)) == [first.agreement]
    assert reporter.has_perm("budgetfollowup.view_round", first)
    assert not reporter.has_perm("budgetfollowup.view_round", second)
    assert not reporter.has_perm("budgetfollowup.edit_round", second)
    final = Report.objects.get(round=first, kind=Report.Kind.FINAL)  # publishing the demo's round 1 queued it
    draft = Report.objects.create(round=second, kind=Report.Kind.DRAFT, version=1)
    assert list(Report.objects.for_user(reporter)) == [final]
    assert reporter.has_perm("budgetfollowup.view_report", final)
    assert not reporter.has_perm("budgetfollowup.view_report", draft)
    # A centre with no initiative in the agreement reads nothing of it.
    other = Center.objects.get(name="Arbejdsmarked")
    for role in Role.objects.filter(user=reporter):  # saved, not update(): a role's change moves the revision
        role.center = other
        role.save()
    reporter = user("center.sik")
    assert not FollowUpRound.objects.for_user(reporter).exists()
    assert not reporter.has_perm("budgetfollowup.view_round", first)


def test_reporting_needs_a_deadline_and_a_draft_round(agreement_demo):
    second = agreement_demo[2]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRound.objects.filter(pk=second.pk).update(reporting_open=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRound.objects.filter(pk=agreement_demo[1].pk).update(reporting_open=True,
                                                                      reporting_deadline=datetime.date(2019, 6, 1))


# --- The workflow through the pages ------------------------------------------------------------------------------

from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from budgetfollowup import reporting  # noqa: E402
from budgetfollowup.models import EconomyStatus, Initiative, Milestone, Submission  # noqa: E402


def _page_data(page):
    data = {}
    for form in page.context["rows"]:
        form = form[0]
        for name, field in form.fields.items():
            bf = form[name]
            if field.disabled:
                continue
            value = bf.value()
            data[bf.html_name] = "" if value is None else value
            if field.show_hidden_initial:
                data[bf.html_initial_name] = data[bf.html_name]
    return data


def reporter_post(client, round_, changes_by_number=None, send=(), send_all=False, extra=None):
    """Load the reporter's page, change some cells, tick rows to send, and post the whole form back."""
    url = reverse("budgetfollowup:reporting", args=[round_.pk])
    page = client.get(url)
    data = _page_data(page)
    for number, values in (changes_by_number or {}).items():
        pk = Initiative.objects.get(number=number).pk
        for name, value in values.items():
            data[f"i{pk}-{name}"] = value
    for number in send:
        data[f"i{Initiative.objects.get(number=number).pk}-send"] = "1"
    if send_all:
        data["send_all"] = "1"
    data.update(extra or {})
    return client.post(url, data)


def _state(round_, number):
    return Submission.objects.get(round=round_, initiative__number=number).state


@pytest.fixture
def open_round(agreement_demo, client, user):
    second = agreement_demo[2]
    client.force_login(user("admin"))
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(reverse("budgetfollowup:reporting_open", args=[second.pk]), {"deadline": deadline})
    assert response.status_code == 302
    second.refresh_from_db()
    client.logout()
    return second


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_reporter_fills_in_and_sends_their_rows_and_the_administrator_reviews_them(open_round, client, user):
    second = open_round
    assert second.is_open_for_reporting and Submission.objects.filter(round=second).count() == 11
    client.force_login(user("center.sik"))
    page = client.get(reverse("budgetfollowup:reporting", args=[second.pk]))
    numbers = [form.row.initiative.number for form, *_ in page.context["rows"]]
    assert numbers == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.13", "3.14"]  # their centre's only
    assert "Headspace" not in page.content.decode()  # 3.9, another centre's
    # A draft first, then 3.1 sent with its tick.
    response = reporter_post(client, second, {"3.1": {"milestone_smiley": "green", "economy_smiley": "green",
                                                      "status_text": "Godt i gang."}})
    assert response.status_code == 302 and _state(second, "3.1") == "draft"
    response = reporter_post(client, second, send=["3.1"])
    assert response.status_code == 302 and _state(second, "3.1") == "sent"
    submission = Submission.objects.get(round=second, initiative__number="3.1")
    assert submission.changed_by.username == "center.sik" and not submission.late
    # Sent: read-only to them, shown below the grid, refused if posted anyway.
    page = client.get(reverse("budgetfollowup:reporting", args=[second.pk]))
    assert "3.1" not in [form.row.initiative.number for form, *_ in page.context["rows"]]
    pk = Initiative.objects.get(number="3.1").pk
    milestone = Milestone.objects.get(round=second, initiative_id=pk)
    response = client.post(reverse("budgetfollowup:reporting", args=[second.pk]), {
        f"i{pk}-status_text": "Ændret bagefter", f"initial-i{pk}-status_text": "Godt i gang.",
        f"i{pk}-milestone_version": milestone.version, f"i{pk}-economy_version": 1}, follow=True)
    assert any("allerede indsendt eller godkendt" in m for m in _messages(response))
    assert Milestone.objects.get(pk=milestone.pk).status_text == "Godt i gang."
    # A row without its smileys cannot be sent.
    response = reporter_post(client, second, send=["3.2"], extra={}, )
    assert _state(second, "3.2") == "not_started"
    # The administrator returns 3.1 with a comment; the reporter sees it, corrects it, sends it again.
    client.force_login(user("admin"))
    review = reverse("budgetfollowup:submission_review", args=[second.pk, pk])
    response = client.post(review, {"action": "return", "comment": "", "version": submission.version})
    assert response.status_code == 200 and _state(second, "3.1") == "sent"  # a return needs its comment
    response = client.post(review, {"action": "return", "comment": "Hvornår forelægges det?",
                                    "version": submission.version})
    assert response.status_code == 302 and _state(second, "3.1") == "returned"
    client.force_login(user("center.sik"))
    page = client.get(reverse("dashboards:reporter")).content.decode()
    assert "Hvornår forelægges det?" in page and "Sendt retur til dig" in page
    response = reporter_post(client, second, {"3.1": {"status_text": "Forelægges i juni."}}, send=["3.1"])
    assert _state(second, "3.1") == "sent"
    # The administrator approves all sent; publishing lists what is not approved and needs the tick.
    client.force_login(user("admin"))
    client.post(reverse("budgetfollowup:submissions_approve", args=[second.pk]))
    assert _state(second, "3.1") == "approved"
    publish = reverse("budgetfollowup:round_publish", args=[second.pk])
    page = client.get(publish).content.decode()
    assert "10 indsatser er ikke godkendt" in page and "3.2. Pilotprojekt" in page
    response = client.post(publish, {})
    assert response.status_code == 200 and not FollowUpRound.objects.get(pk=second.pk).is_published
    response = client.post(publish, {"confirm_unapproved": "1"})
    second.refresh_from_db()
    assert response.status_code == 302 and second.is_published and not second.reporting_open
    # The initiative's history has every step, with the comment.
    history = client.get(reverse("budgetfollowup:initiative_detail", args=[pk])).content.decode()
    for word in ("Kladde", "Indsendt", "Sendt retur", "Godkendt", "Hvornår forelægges det?"):
        assert word in history, word


def test_a_reporter_is_refused_another_centres_row_a_published_round_and_an_approved_row(open_round, client, user):
    second = open_round
    client.force_login(user("center.sik"))
    headspace = Initiative.objects.get(number="3.9")  # Børne- og Ungerådgivning's
    milestone = Milestone.objects.get(round=second, initiative=headspace)
    before = (milestone.status_text, milestone.version)
    response = reporter_post(client, second, extra={
        f"i{headspace.pk}-status_text": "Ikke min", f"initial-i{headspace.pk}-status_text": "",
        f"i{headspace.pk}-milestone_version": milestone.version, f"i{headspace.pk}-send": "1"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status_text, milestone.version) == before and _state(second, "3.9") == "not_started"
    response = client.get(response["Location"])
    assert any("3.9 hører under et andet center" in m for m in _messages(response))
    # An approved row.
    reporter_post(client, second, {"3.4": {"economy_smiley": "green"}}, send=["3.4"])
    reporting.submissions_approve_sent(round=second, user=user("admin"))
    pk = Initiative.objects.get(number="3.4").pk
    economy = EconomyStatus.objects.get(round=second, initiative_id=pk)
    response = reporter_post(client, second, extra={
        f"i{pk}-economy_smiley": "red", f"initial-i{pk}-economy_smiley": "green",
        f"i{pk}-economy_version": economy.version, f"i{pk}-milestone_version": 1}, )
    assert EconomyStatus.objects.get(pk=economy.pk).smiley == "green" and _state(second, "3.4") == "approved"
    # A published round's row (the demo's round 1).
    first = FollowUpRound.objects.get(agreement=second.agreement, number=1)
    pk = Initiative.objects.get(number="3.5").pk
    response = client.post(reverse("budgetfollowup:reporting", args=[first.pk]), {
        f"i{pk}-status_text": "Nyt", f"initial-i{pk}-status_text": "", f"i{pk}-milestone_version": 1}, follow=True)
    assert any("ikke åben for indberetning" in m for m in _messages(response))
    assert Milestone.objects.get(round=first, initiative_id=pk).status_text != "Nyt"


def test_closing_while_the_page_is_open_refuses_the_save_and_late_rows_are_marked(open_round, client, user):
    second = open_round
    client.force_login(user("center.sik"))
    url = reverse("budgetfollowup:reporting", args=[second.pk])
    data = _page_data(client.get(url))
    reporting.reporting_close(round=second, user=user("admin"))
    pk = Initiative.objects.get(number="3.5").pk
    data[f"i{pk}-status_text"] = "Sent i sidste øjeblik"
    response = client.post(url, data, follow=True)
    assert any("Intet er gemt" in m and "ikke åben for indberetning" in m for m in _messages(response))
    assert Milestone.objects.get(round=second, initiative_id=pk).status_text == ""
    # Opened again with a deadline that then passes: a row sent after it is accepted and marked late.
    reporting.reporting_open(round=second, deadline=timezone.localdate(), user=user("admin"))
    FollowUpRound.objects.filter(pk=second.pk).update(reporting_deadline=timezone.localdate() - datetime.timedelta(1))
    second.refresh_from_db()
    assert [s.initiative.number for s in reporting.overdue(second)][:2] == ["3.1", "3.2"]
    reporter_post(client, second, {"3.5": {"economy_smiley": "red", "milestone_smiley": "yellow"}}, send=["3.5"])
    submission = Submission.objects.get(round=second, initiative__number="3.5")
    assert submission.state == "sent" and submission.late
    client.force_login(user("admin"))
    page = client.get(reverse("budgetfollowup:round_grid", args=[second.pk])).content.decode()
    assert "Over fristen og ikke indsendt" in page and "indsendt efter fristen" in page


def test_two_reporters_of_one_centre_editing_one_row_meet_the_version_check(open_round, client, user):
    second = open_round
    colleague = get_user_model().objects.create(username="center.sik2")
    Role.objects.create(user=colleague, kind=Role.Kind.REPORTER, center=Center.objects.get(
        name="Skoler, Institutioner og Kultur"))
    client.force_login(user("center.sik"))
    url = reverse("budgetfollowup:reporting", args=[second.pk])
    data = _page_data(client.get(url))
    pk = Initiative.objects.get(number="3.6").pk
    milestone = Milestone.objects.get(round=second, initiative_id=pk)
    reporting.reporting_save(round=second, user=colleague, changes=[reporting.services.CellChange(
        initiative_id=pk, milestone_version=milestone.version, economy_version=None,
        milestone={"status_text": "Kollegaens tekst"})])
    data[f"i{pk}-status_text"] = "Min tekst"
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("en anden har ændret" in m for m in _messages(response))
    assert Milestone.objects.get(pk=milestone.pk).status_text == "Kollegaens tekst"


def test_the_reporters_dashboard_says_what_to_report_and_when_there_is_nothing(agreement_demo, client, user):
    client.force_login(user("center.sik"))
    assert client.get(reverse("home"))["Location"] == reverse("dashboards:reporter")
    page = client.get(reverse("dashboards:reporter")).content.decode()
    assert "Du har ikke noget at indberette lige nu" in page
    from budgetfollowup import demo as budget_demo

    budget_demo.load_reporting()
    page = client.get(reverse("dashboards:reporter")).content.decode()
    assert "6 indsatser mangler at blive indsendt" in page  # 3.3 returned, the five from 3.4 not started
    assert "Skriv venligst, hvornår forløbet starter" in page
    assert "7 dage tilbage" in page


def _count(client, url):
    from django.db import connection

    from dagtilbud.testing import uncached_queries

    with uncached_queries(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_reporting_pages_read_in_a_fixed_number_of_queries_at_ten_times_the_initiatives(open_round, client, user):
    """The reporter's grid and dashboard, and the administrator's grid with its states: the same count at 8 and at
    88 initiatives of the centre."""
    from budgetfollowup import services
    from budgetfollowup.models import Section

    second = open_round
    pages = [("center.sik", reverse("budgetfollowup:reporting", args=[second.pk])),
             ("center.sik", reverse("dashboards:reporter")),
             ("admin", reverse("budgetfollowup:round_grid", args=[second.pk]))]

    def counts():
        result = []
        for username, url in pages:
            client.force_login(user(username))
            result.append(_count(client, url))
        return result

    small = counts()
    section = Section.objects.get(agreement=second.agreement)
    center = Center.objects.get(name="Skoler, Institutioner og Kultur")
    committee = second.agreement.committee
    for n in range(20, 100):
        services.initiative_save(initiative=Initiative(
            section=section, number=f"3.{n}", title=f"Indsats {n}", responsible_center=center,
            responsible_committee=committee), milestone_texts={2: f"Milepæl {n}"})
    reporting.reporting_open(round=second, deadline=second.reporting_deadline, user=user("admin"))
    assert Submission.objects.filter(round=second).count() == 91
    assert counts() == small


def test_the_reporter_role_is_given_on_the_roles_page_and_by_a_single_sign_on_group(agreement_demo, client, user):
    from sso.models import GroupRoleMapping
    from sso.services import roles_follow_groups

    person = get_user_model().objects.create(username="ny.indberetter")
    center = Center.objects.get(name="Børne- og Ungerådgivning")
    client.force_login(user("admin"))
    url = reverse("districts:user_roles", args=[person.pk])
    assert 'value="reporter"' in client.get(url).content.decode()
    response = client.post(url, {"kind": "reporter"})  # no centre: refused with the rule's words
    assert response.status_code == 200 and "en indberetter et center" in response.content.decode()
    assert client.post(url, {"kind": "reporter", "center": center.pk}).status_code == 302
    assert roles_of(get_user_model().objects.get(pk=person.pk)).center_ids == {center.pk}
    # The group mapping's choice, and a login that follows it.
    response = client.post(reverse("sso:group_mappings"), {"group": "bur-indberettere", "kind": "reporter",
                                                            "center": center.pk})
    assert response.status_code == 302
    other = get_user_model().objects.create(username="fra.gruppe")
    added, _removed = roles_follow_groups(user=other, groups=["bur-indberettere"])
    assert added == ["Indberetter: Børne- og Ungerådgivning"]
    assert GroupRoleMapping.objects.get(group="bur-indberettere").center == center


# The reporter's row as the page's template wrote it before its rows were written in Python (grid_html.reporter_rows),
# kept as the reference the Python must match, byte for byte.
ROW_TEMPLATE = Path(__file__).with_name("reporting_row_reference.html")


def test_the_reporters_rows_are_read_once_and_written_as_the_row_template_wrote_them(open_round, client, user):
    """The reporter's grid reads its rows once (the forms are built from the same rows) and keeps them as loaded per
    data revision; grid_html writes them as the row template did, byte for byte: fresh, with every state and the
    administrator's comment (escaped), with errors and a needed confirmation, with a colleague's conflicting values,
    in Danish and in English."""
    import re

    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    second = open_round
    url = reverse("budgetfollowup:reporting", args=[second.pk])
    client.force_login(user("center.sik"))

    def same_as_the_template(response):
        written = response.content.decode()
        # The page's own forms, through the template, in the language the page was written in.
        with translation.override(re.search(r'<html lang="(\w+)">', written).group(1)):
            reference = Template(ROW_TEMPLATE.read_text().rstrip("\n"))
            expected = reference.render(Context({"rows": response.context["rows"]}))
        body = re.search(r'<table class="table grid-table">.*?<tbody>\n(.*?)\n  </tbody>', written, re.S).group(1)
        assert body == expected and body.count("<tr id=") == len(response.context["rows"])
        return written

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    milestones = [q for q in queries.captured_queries if 'FROM "budgetfollowup_milestone"' in q["sql"]]
    assert len(milestones) == 1  # the rows read once
    same_as_the_template(page)
    # As loaded, kept per data revision: the same page again without reading the rows (every save below moves the
    # revision, and each page after it shows the save).
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert not [q for q in queries.captured_queries if 'FROM "budgetfollowup_milestone"' in q["sql"]]
    assert same_as_the_template(again).split("<tbody>")[1] == page.content.decode().split("<tbody>")[1]
    # Every state, with who and when; a returned row's comment, escaped; a late row.
    admin = user("admin")
    reporter_post(client, second, {"3.1": {"milestone_smiley": "green", "economy_smiley": "green",
                                           "status_text": "Godt i gang."}}, send=["3.1"])
    pk = Initiative.objects.get(number="3.1").pk
    submission = Submission.objects.get(round=second, initiative_id=pk)
    reporting.submission_return(round=second, initiative=submission.initiative, seen_version=submission.version,
                                comment="Hvornår <b>forelægges</b> det?", user=admin)
    reporter_post(client, second, {"3.2": {"status_text": "Kladde & mere"}})
    Submission.objects.filter(round=second, initiative__number="3.2").update(comment="En <i>gammel</i> kommentar")
    reporter_post(client, second, {"3.4": {"economy_smiley": "red"}}, send=["3.4"])
    Submission.objects.filter(round=second, initiative__number="3.4").update(late=True)
    page = client.get(url)
    written = same_as_the_template(page)
    assert "Hvornår &lt;b&gt;forelægges&lt;/b&gt; det?" in written
    assert "En &lt;i&gt;gammel&lt;/i&gt; kommentar" in written
    client.cookies["django_language"] = "en"
    assert "Comment from Økonomi og Styring:" in same_as_the_template(client.get(url))
    client.cookies["django_language"] = "da"
    # Errors (a bad amount; green economy over budget asks for confirmation) and a colleague's conflict.
    data = _page_data(client.get(url))
    three = Initiative.objects.get(number="3.3").pk
    five = Initiative.objects.get(number="3.5").pk
    data[f"i{three}-expected_spending"] = "mange penge"
    data[f"i{five}-economy_smiley"], data[f"i{five}-expected_spending"] = "green", "999999999"
    response = client.post(url, data)
    assert response.status_code == 200 and "confirm_contradiction" in same_as_the_template(response)
    data = _page_data(client.get(url))
    six = Initiative.objects.get(number="3.6").pk
    milestone = Milestone.objects.get(round=second, initiative_id=six)
    colleague = get_user_model().objects.create(username="center.sik2", first_name="Kirsten", last_name="Kollega")
    Role.objects.create(user=colleague, kind=Role.Kind.REPORTER, center=Center.objects.get(
        name="Skoler, Institutioner og Kultur"))
    reporting.reporting_save(round=second, user=colleague, changes=[reporting.services.CellChange(
        initiative_id=six, milestone_version=milestone.version, economy_version=None,
        milestone={"status_text": "Kollegaens <tekst>", "smiley": "red"})])
    data[f"i{six}-status_text"], data[f"i{six}-milestone_smiley"] = "Min tekst", "green"
    response = client.post(url, data)
    assert "Kollegaens &lt;tekst&gt;" in same_as_the_template(response)
