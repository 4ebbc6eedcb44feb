"""Building an agreement in the browser: its details and round dates, new initiatives one after another, and the
amounts per year on the agreement's and the initiative's pages."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgetfollowup import services
from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative, Section
from districts.models import Center, Committee


def _as_loaded(client, url):
    form = client.get(url).context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def _edit_url(agreement):
    return reverse("budgetfollowup:agreement_edit", args=[agreement.pk])


def test_the_agreement_and_its_draft_rounds_dates_are_edited_in_the_browser(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    detail = client.get(reverse("budgetfollowup:agreement_detail", args=[agreement.pk])).content.decode()
    assert f'href="{_edit_url(agreement)}"' in detail
    data = _as_loaded(client, _edit_url(agreement))
    page = client.get(_edit_url(agreement)).content.decode()
    # Round 1 is published: its date and the year are shown, not editable.
    assert re.search(r'<input type="date" name="round_1"[^>]*disabled', page)
    assert re.search(r'<input type="number" name="year"[^>]*disabled', page)
    assert 'value="2019-06-17"' in page  # the date input reads ISO dates
    revision = agreement.revision
    response = client.post(_edit_url(agreement), {
        **data, "title": "Aftale om budget 2019 (revideret)", "case_number": "00.01.00-S00-2-19",
        "round_2": "2019-06-20", "round_1": "2019-01-01", "year": "2020"})
    assert response.status_code == 302, response.context["form"].errors
    agreement.refresh_from_db()
    assert (agreement.title, agreement.case_number, agreement.year) == (
        "Aftale om budget 2019 (revideret)", "00.01.00-S00-2-19", 2019)
    assert agreement.revision == revision + 1
    dates = dict(agreement.rounds.values_list("number", "date"))
    assert dates[2] == datetime.date(2019, 6, 20)
    assert dates[1] == datetime.date(2019, 3, 18)  # published: what was sent for it is ignored
    assert agreement.history.first().history_user.username == "admin"
    assert FollowUpRound.objects.get(agreement=agreement, number=2).history.first().history_user.username == "admin"
    detail = client.get(response.url).content.decode()
    assert "Aftalen er gemt." in detail and "20. juni 2019" in detail


def test_round_dates_out_of_order_or_year_get_danish_messages(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    data = _as_loaded(client, _edit_url(agreement))
    response = client.post(_edit_url(agreement), {**data, "round_2": "2019-10-01", "round_4": "2020-01-15",
                                                  "round_3": "den 16. september"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datoen skal ligge i budgetåret 2019." in page
    assert "Indtast en gyldig dato." in page
    response = client.post(_edit_url(agreement), {**data, "round_2": "2019-10-01"})
    assert "Datoen skal ligge efter den forrige opfølgnings dato." in response.content.decode()
    assert dict(agreement.rounds.values_list("number", "date"))[2] == datetime.date(2019, 6, 17)


def test_a_published_rounds_date_and_the_year_are_refused_by_the_service(agreement_demo):
    agreement = BudgetAgreement.objects.get()
    with pytest.raises(services.RoundLocked):
        services.agreement_update(agreement=agreement, values={}, round_dates={1: datetime.date(2019, 3, 1)},
                                  seen_revision=agreement.revision)
    with pytest.raises(services.RoundLocked):
        services.agreement_update(agreement=agreement, values={"year": 2020}, round_dates={},
                                  seen_revision=agreement.revision)
    assert BudgetAgreement.objects.get().year == 2019


def test_an_agreement_changed_meanwhile_is_not_overwritten(agreement_demo, client, user):
    agreement = BudgetAgreement.objects.get()
    get_user_model().objects.create(username="admin2").roles.create(kind="administrator")
    client.force_login(user("admin"))
    first = _as_loaded(client, _edit_url(agreement))
    client.force_login(user("admin2"))
    second = _as_loaded(client, _edit_url(agreement))
    client.force_login(user("admin"))
    assert client.post(_edit_url(agreement), {**first, "title": "Aftale A"}).status_code == 302
    client.force_login(user("admin2"))
    response = client.post(_edit_url(agreement), {**second, "title": "Aftale B", "round_3": "2019-09-20"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Intet er gemt: Anja Økonomisen har ændret aftalen" in page and "“Aftale A”" in page
    agreement.refresh_from_db()
    assert agreement.title == "Aftale A"
    assert agreement.rounds.get(number=3).date == datetime.date(2019, 9, 16)
    # Based knowingly on the current revision, the save goes through.
    again = {**second, "title": "Aftale B", "version": response.context["form"]["version"].value()}
    assert client.post(_edit_url(agreement), again).status_code == 302
    assert BudgetAgreement.objects.get().title == "Aftale B"


def test_an_initiative_saved_meanwhile_makes_the_agreement_form_stale(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    data = _as_loaded(client, _edit_url(agreement))
    initiative = Initiative.objects.get(number="3.1")
    services.initiative_save(initiative=initiative, seen_version=initiative.version)
    response = client.post(_edit_url(agreement), {**data, "title": "Ny titel"})
    assert "Intet er gemt" in response.content.decode()
    assert BudgetAgreement.objects.get().title != "Ny titel"


def _selected(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d+)"[^>]*selected', select)


def test_a_new_initiative_preselects_the_only_section_and_the_agreements_committee(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    url = reverse("budgetfollowup:initiative_create", args=[agreement.pk])
    page = client.get(url).content.decode()
    assert _selected(page, "section") == [str(agreement.sections.get().pk)]
    assert Committee.objects.count() > 1  # several: the agreement's own is the likely one
    assert _selected(page, "responsible_committee") == [str(agreement.committee_id)]
    assert "Gem og opret næste" in page
    # With two sections none is guessed, unless the previous initiative's is asked for.
    other = Section.objects.create(agreement=agreement, number=4, title="Et godt børneliv")
    assert _selected(client.get(url).content.decode(), "section") == []
    assert _selected(client.get(f"{url}?afsnit={other.pk}").content.decode(), "section") == [str(other.pk)]
    # Editing an existing initiative offers no "next".
    initiative = Initiative.objects.get(number="3.1")
    edit = client.get(reverse("budgetfollowup:initiative_edit", args=[agreement.pk, initiative.pk])).content.decode()
    assert "Gem og opret næste" not in edit


def test_save_and_create_next_opens_a_new_form_in_the_same_section(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    section = agreement.sections.get()
    Section.objects.create(agreement=agreement, number=4, title="Et godt børneliv")
    url = reverse("budgetfollowup:initiative_create", args=[agreement.pk])
    # Not the ones the form would guess, so keeping them shows.
    center = Center.objects.create(name="Center for Skole")
    committee = Committee.objects.exclude(pk=agreement.committee_id).first()
    response = client.post(url, {
        "section": section.pk, "number": "3.20", "title": "Legepladser", "kind": "anlaeg",
        "responsible_center": center.pk, "responsible_committee": committee.pk,
        "amounts": "2019: 1 mio.", "next": "1"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Indsatsen 3.20 er gemt." in page
    assert _selected(page, "section") == [str(section.pk)]
    assert _selected(page, "responsible_center") == [str(center.pk)]
    assert _selected(page, "responsible_committee") == [str(committee.pk)]
    # The way back, without saving.
    back = reverse("budgetfollowup:agreement_detail", args=[agreement.pk])
    assert f'href="{back}">Tilbage til aftalen uden at gemme' in page
    assert Initiative.objects.filter(number="3.20").exists()
    response = client.post(url, {
        "section": section.pk, "number": "3.21", "title": "Gårdmiljøer", "kind": "anlaeg",
        "responsible_center": Center.objects.first().pk, "responsible_committee": agreement.committee_id})
    assert response.url == reverse("budgetfollowup:agreement_detail", args=[agreement.pk])


def test_the_agreement_and_initiative_pages_show_the_amounts_per_year(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.get()
    page = client.get(reverse("budgetfollowup:agreement_detail", args=[agreement.pk])).content.decode()
    head = re.search(r"<thead><tr><th scope=\"col\">Indsats</th>(.*?)</tr></thead>", page, re.S).group(1)
    assert re.findall(r">(\d{4})<", head) == ["2019", "2020", "2021", "2022"]
    row = re.search(r"3\.5\. Det specialiserede undervisningsområde</a></th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'<td class="text-end text-nowrap">(.*?)</td>', row) == ["6 mio. kr.", "3 mio. kr.", "–", "–"]
    initiative = Initiative.objects.get(number="3.5")
    page = client.get(reverse("budgetfollowup:initiative_detail", args=[initiative.pk])).content.decode()
    assert re.search(r'<th scope="row">2019</th><td class="text-end">6 mio. kr.', page)
    assert re.search(r'<th scope="row">2020</th><td class="text-end">3 mio. kr.', page)


def test_a_new_agreement_says_to_make_a_section_first_and_saving_one_says_so(agreement_demo, login):
    client = login("admin")
    agreement = BudgetAgreement.objects.create(title="Aftale om budget 2031", year=2031,
                                               committee=Committee.objects.first())
    detail = reverse("budgetfollowup:agreement_detail", args=[agreement.pk])
    page = " ".join(client.get(detail).content.decode().split())
    assert "Aftalen har ingen afsnit endnu. En indsats hører til et afsnit: opret først et afsnit" in page
    assert reverse("budgetfollowup:initiative_create", args=[agreement.pk]) not in page
    # Reaching "Ny indsats" anyway (a bookmark): sent to make the section, and told why.
    response = client.get(reverse("budgetfollowup:initiative_create", args=[agreement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("budgetfollowup:section_create", args=[agreement.pk])
    assert "opret først et afsnit" in response.content.decode()
    response = client.post(reverse("budgetfollowup:section_create", args=[agreement.pk]),
                           {"number": 3, "title": "En stærk by"}, follow=True)
    page = response.content.decode()
    assert "Afsnittet “3. En stærk by” er gemt." in page
    assert reverse("budgetfollowup:initiative_create", args=[agreement.pk]) in page
