import re

from django.urls import reverse

from budgetfollowup.models import BudgetAgreement, Initiative, Milestone
from districts.models import Center, Committee


def test_administrator_builds_an_agreement_in_the_browser(agreement_demo, login):
    client = login("admin")
    committee = Committee.objects.get(name="Kultur- og Fritidsudvalget")
    response = client.post(reverse("budgetfollowup:agreement_create"), {
        "title": "Aftale om budget 2020", "year": 2020, "committee": committee.pk, "case_number": "00.30.10-S00-1-20",
        "reading_guide": "Læs sådan."})
    agreement = BudgetAgreement.objects.get(year=2020)
    assert response.url == reverse("budgetfollowup:agreement_detail", args=[agreement.pk])
    assert agreement.rounds.count() == 4
    client.post(reverse("budgetfollowup:section_create", args=[agreement.pk]), {"number": 3, "title": "En stærk by"})
    section = agreement.sections.get()
    rounds = list(agreement.rounds.all())
    response = client.post(reverse("budgetfollowup:initiative_create", args=[agreement.pk]), {
        "section": section.pk, "number": "3.10", "title": "Kvalitet", "text": "Tekst", "kind": "drift",
        "responsible_center": Center.objects.first().pk, "responsible_committee": committee.pk,
        "amounts": "2020: 0,3 mio.\n2021: 300.000", f"milestone_{rounds[0].number}": "Arbejdsgruppe nedsat",
    })
    assert response.status_code == 302, response.content.decode()
    initiative = Initiative.objects.get(section=section, number="3.10")
    assert dict(initiative.amounts.values_list("year", "amount")) == {2020: 300000, 2021: 300000}
    assert Milestone.objects.get(initiative=initiative, round=rounds[0]).text == "Arbejdsgruppe nedsat"
    assert Milestone.objects.filter(initiative=initiative).count() == 4


def test_bad_initiative_input_gets_danish_errors_not_a_500(agreement_demo, login):
    agreement = BudgetAgreement.objects.get()
    section = agreement.sections.get()
    response = login("admin").post(reverse("budgetfollowup:initiative_create", args=[agreement.pk]), {
        "section": section.pk, "number": "4.1", "title": "X", "kind": "drift",
        "responsible_center": Center.objects.first().pk,
        "responsible_committee": Committee.objects.first().pk, "amounts": "2019: tre kroner"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "er ikke et beløb" in page


def test_initiative_number_must_follow_its_section(agreement_demo, login):
    agreement = BudgetAgreement.objects.get()
    response = login("admin").post(reverse("budgetfollowup:initiative_create", args=[agreement.pk]), {
        "section": agreement.sections.get().pk, "number": "4.1", "title": "X", "kind": "drift",
        "responsible_center": Center.objects.first().pk, "responsible_committee": Committee.objects.first().pk})
    assert "Nummeret skal begynde med afsnittets nummer" in response.content.decode()


def test_only_administrators_edit_agreements(agreement_demo, login):
    agreement = BudgetAgreement.objects.get()
    for username in ("udvalg", "dl.nord", "pl.mette"):
        assert login(username).get(reverse("budgetfollowup:agreement_detail", args=[agreement.pk])).status_code == 403
        assert login(username).post(reverse("budgetfollowup:agreement_create"), {}).status_code == 403


def test_two_administrators_editing_one_initiative_the_second_save_is_refused(agreement_demo, client, user):
    from django.contrib.auth import get_user_model

    initiative = Initiative.objects.get(number="3.9")
    url = reverse("budgetfollowup:initiative_edit", args=[initiative.section.agreement_id, initiative.pk])
    get_user_model().objects.create(username="admin2", first_name="Bent", last_name="Budget").roles.create(
        kind="administrator")

    def form_as_loaded(username):
        client.force_login(user(username))
        form = client.get(url).context["form"]
        return {name: form[name].value() for name in form.fields if form[name].value() is not None}

    first, second = form_as_loaded("admin"), form_as_loaded("admin2")
    client.force_login(user("admin"))
    # Round 1 is published: its milestone is shown but not editable, and saving leaves it as it is.
    assert client.post(url, {**first, "title": "Headspace Ballerup", "districts": []}).status_code == 302
    client.force_login(user("admin2"))
    response = client.post(url, {**second, "title": "Headspace (rettet)", "districts": []})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Intet er gemt: Anja Økonomisen har gemt indsatsen" in page and "Headspace Ballerup" in page
    assert Initiative.objects.get(pk=initiative.pk).title == "Headspace Ballerup"
    # Saving again, now knowingly based on the current version, goes through.
    again = {**second, "title": "Headspace (rettet)", "districts": [],
             "version": response.context["form"]["version"].value()}
    assert client.post(url, again).status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).title == "Headspace (rettet)"
    assert Milestone.objects.get(initiative=initiative, round__number=1).text.startswith("Der forelægges sag")


def test_the_initiative_form_labels_the_section_in_danish(agreement_demo, login):
    agreement = BudgetAgreement.objects.get()
    page = login("admin").get(reverse("budgetfollowup:initiative_create", args=[agreement.pk])).content.decode()
    assert "Section" not in page
    label = re.search(r'<label[^>]*for="id_section"[^>]*>(.*?)</label>', page, re.S)
    assert label and re.sub(r"<[^>]+>|\s", "", label.group(1)) == "Afsnit*", page[page.index("id_section") - 200:][:400]
