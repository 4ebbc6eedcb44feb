"""The year in one journey, in a real browser, with the keyboard alone where a person types and chooses."""

import io
import re

import pytest
from pypdf import PdfReader

from budgetfollowup.models import FollowUpRound, Initiative, Report
from districts.models import District
from tests.shared_demo import load_demo

from .conftest import check_page, dump, focused, tab_to, text_is

pytestmark = pytest.mark.browser

TITLE = "Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"
STATUS_TEXT = "Arbejdsgruppen har holdt tre møder; anbefalingerne kommer i juni."


def keyboard_login(page, site, username):
    page.goto(f"{site}/login/")
    tab_to(page, lambda f: f["id"] == "id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type("dagtilbud-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_the_year_in_one_journey(browser, demo_site, worker, anonymous, session_for):
    problems = []
    first = Initiative.objects.get(number="3.1")
    second_round = FollowUpRound.objects.get(number=2)

    # An administrator logs in, lands on the overview, and reaches round 2's grid with the keyboard.
    admin = anonymous
    keyboard_login(admin, demo_site, "admin")
    assert admin.locator("h1").inner_text() == "Overblik over kommunen"
    problems += check_page(admin, "overview")
    admin.locator("body").focus()
    tab_to(admin, text_is(r"^Budgetaftaler$"))
    admin.keyboard.press("Enter")
    admin.wait_for_url(re.compile(r"/budget/aftaler/$"))
    tab_to(admin, lambda f: f["text"] == "Udfyld status – 2. budgetopfølgning 2019")
    admin.keyboard.press("Enter")
    admin.wait_for_url(re.compile(r"/status/$"))

    # The smiley choices are radio groups named for screen readers, each option with its words.
    group = admin.get_by_role("group", name="Smiley for milepæl, 3.1", exact=True)
    assert [r.get_attribute("value") for r in group.get_by_role("radio").all()] == ["", "green", "yellow", "red"]
    assert group.get_by_role("radio", name="Ikke fuldt nået, realistisk").count() == 1
    problems += check_page(admin, "round-grid")

    # 3.1: milestone "Nået" (arrow down from "Ingen"), economy "Budget ikke overholdt", the status text, and (with
    # the economy fields shown) an amount that is not one.
    tab_to(admin, lambda f: f["id"] == "show-economy")
    admin.keyboard.press("Space")
    tab_to(admin, lambda f: f["id"] == f"id_i{first.pk}-milestone_smiley_0")
    admin.keyboard.press("ArrowDown")
    assert focused(admin)["id"] == f"id_i{first.pk}-milestone_smiley_1"
    admin.keyboard.press("Tab")
    assert focused(admin)["id"] == f"id_i{first.pk}-economy_smiley_0"
    admin.keyboard.press("ArrowDown")
    admin.keyboard.press("ArrowDown")
    admin.keyboard.press("Tab")
    assert focused(admin)["id"] == f"id_i{first.pk}-status_text"
    admin.keyboard.type(STATUS_TEXT)
    admin.keyboard.press("Tab")
    assert focused(admin)["id"] == f"id_i{first.pk}-expected_spending"
    admin.keyboard.type("tre hundrede tusind")
    tab_to(admin, text_is(r"^Gem alle$"))
    admin.keyboard.press("Enter")

    # Nothing saved; the error summary has the focus and links to the field, which says it is invalid and why.
    admin.wait_for_selector(".error-summary")
    assert "error-summary" in admin.evaluate("document.activeElement.className")
    summary_link = tab_to(admin, lambda f: f["href"] == f"#id_i{first.pk}-expected_spending")
    assert "3.1, Forventet regnskab" in summary_link["text"]
    admin.keyboard.press("Enter")
    assert focused(admin)["id"] == f"id_i{first.pk}-expected_spending"
    spending = admin.locator(f"#id_i{first.pk}-expected_spending")
    assert spending.get_attribute("aria-invalid") == "true"
    error_id = spending.get_attribute("aria-describedby")
    assert "er ikke et beløb" in admin.locator(f"#{error_id}").inner_text()
    problems += check_page(admin, "round-grid-with-errors")
    admin.locator(f"#id_i{first.pk}-expected_spending").focus()  # check_page resized the window; focus stays put
    admin.keyboard.press("Control+A")
    admin.keyboard.type("350.000")
    tab_to(admin, text_is(r"^Gem alle$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector("text=1 indsats er gemt.")
    assert "messages" in admin.evaluate("document.activeElement.className")  # focus on what happened
    assert admin.locator(f"#id_i{first.pk}-milestone_smiley_1").is_checked()
    assert admin.locator(f"#id_i{first.pk}-economy_smiley_2").is_checked()

    # Back to the round page and publish, confirmed on a page that says what will happen.
    tab_to(admin, text_is(r"^Tilbage til opfølgningen$"))
    admin.keyboard.press("Enter")
    admin.wait_for_url(re.compile(rf"/opfoelgninger/{second_round.pk}/$"))
    tab_to(admin, text_is(r"^Offentliggør …$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector("text=bliver opfølgningen skrivebeskyttet")
    problems += check_page(admin, "round-publish-confirm")
    tab_to(admin, text_is(r"^Ja, offentliggør$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector("text=2. budgetopfølgning 2019 er offentliggjort.")

    # The worker renders the report; the round page refreshes itself (htmx) until it can be fetched.
    admin.get_by_role("link", name="Hent PDF – Offentliggjort 1").wait_for(timeout=90_000)
    report = Report.objects.get(round=second_round, kind="final")
    assert report.state == "ready", report.error
    problems += check_page(admin, "round-published")

    # A committee member logs in, finds the report and downloads it: a real PDF with the right title and our words.
    committee = session_for("udvalg")
    committee.goto(f"{demo_site}/")
    assert committee.locator("h1").inner_text() == "Opfølgningsrapporter"
    problems += check_page(committee, "report-list-committee")
    committee.locator("body").focus()
    with committee.expect_download() as download_info:
        tab_to(committee, lambda f: f["text"] == f"Hent PDF – {TITLE}, version 1")
        committee.keyboard.press("Enter")
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == TITLE
    assert TITLE in text
    assert STATUS_TEXT in " ".join(text.split())
    assert len(reader.pages) == report.pages

    # A district leader sees the published round, and not another district's pages (a Danish 404), nor the grid
    # (a Danish 403).
    leader = session_for("dl.nord")
    leader.goto(f"{demo_site}/budget/aftaler/")
    row = leader.get_by_role("row", name=re.compile("2. budgetopfølgning 2019"))
    assert "Offentliggjort" in row.inner_text()
    row.get_by_role("link").click()
    assert leader.locator("h1").inner_text() == TITLE
    south = District.objects.get(name="Distrikt Syd")
    response = leader.goto(f"{demo_site}/organisation/distrikter/{south.pk}/")
    assert response.status == 404
    assert leader.locator("h1").inner_text() == "Siden findes ikke"
    problems += check_page(leader, "404")
    response = leader.goto(f"{demo_site}/budget/opfoelgninger/{second_round.pk}/status/")
    assert response.status == 403
    assert leader.locator("h1").inner_text() == "Ingen adgang"
    problems += check_page(leader, "403")

    assert not problems, dump(problems)


def _import_previews(agreement):
    """An agreement import changing a title in a year with a published round (so its preview warns), and a capacity
    import changing one month: their previews, with the table of changed cells, are pages like any other."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgetfollowup import imports as budget_imports
    from budgetfollowup import spreadsheets as budget_spreadsheets
    from capacity import imports as capacity_imports
    from capacity import spreadsheets as capacity_spreadsheets
    from dagtilbud.imports.workflow import import_upload
    from districts.models import Institution

    admin = get_user_model().objects.get(username="admin")
    title = Initiative.objects.get(number="3.1").title
    agreement_csv = budget_spreadsheets.agreement_csv(agreement).decode("utf-8-sig").replace(title, title + " (ny)")
    lines = capacity_spreadsheets.capacity_csv(Institution.objects.filter(name="Børnehuset Egebjerg")).decode(
        "utf-8-sig").splitlines()
    last = lines[-1].split(";")
    lines[-1] = ";".join([*last[:-1], str(int(last[-1]) + 1)])
    return (
        import_upload(budget_imports.IMPORTER, user=admin,
                      upload=SimpleUploadedFile("aftale.csv", agreement_csv.encode("utf-8"))),
        import_upload(capacity_imports.IMPORTER, user=admin,
                      upload=SimpleUploadedFile("kapacitet.csv", "\r\n".join(lines).encode("utf-8"))),
    )


# The main pages in four parts of about the same length, so that the test processes share them.
AXE_PARTS = ["administrator-a", "administrator-b", "district-leader", "the-others"]


@pytest.mark.parametrize("part", AXE_PARTS)
def test_every_main_page_passes_axe_at_desktop_and_phone_width(part, browser, demo_site, anonymous, session_for):
    """Screenshots of every main page land in var/screenshots/; each must have no WCAG 2.1 A/AA violation."""
    everything = [(username, name, url) for username, urls in _main_pages().items() for name, url in urls]
    administrator = [page for page in everything if page[0] == "admin"]
    half = len(administrator) // 2
    parts = {
        "administrator-a": administrator[:half],
        "administrator-b": administrator[half:],
        "district-leader": [page for page in everything if page[0] == "dl.nord"],
        "the-others": [page for page in everything if page[0] not in ("admin", "dl.nord")],
    }
    problems = []
    for username, name, url in parts[part]:
        page = anonymous if username == "anon" else session_for(username)
        response = page.goto(f"{demo_site}{url}")
        assert response.status == 200, (name, response.status)
        problems += check_page(page, name)
    assert not problems, dump(problems)


def _main_pages():
    """persona -> the main pages they open: (screenshot name, path). The demo's parts these pages show are loaded."""
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from budgetfollowup.models import BudgetAgreement
    from districts.models import Institution
    from evaluations.models import Action, Evaluation, Goal, Recommendation
    from notifications.models import Kind
    from notifications.services import unsubscribe_url
    from supervision.models import Order, SupervisionVisit

    load_demo("organisation", "agreement", "evaluation", "capacity", "supervision")
    planned = SupervisionVisit.objects.planned().get(institution__name="Børnehuset Egebjerg")
    grantoften = SupervisionVisit.objects.completed().get(institution__name="Børnehuset Grantoften",
                                                          kind="pedagogical")
    agreement = BudgetAgreement.objects.get()
    evaluation = Evaluation.objects.get()
    User = get_user_model()
    nord = District.objects.get(name="Distrikt Nord")
    agreement_import, capacity_import = _import_previews(agreement)
    pages = {
        "admin": [
            ("agreements", reverse("budgetfollowup:agreement_list")),
            ("agreement", reverse("budgetfollowup:agreement_detail", args=[agreement.pk])),
            ("agreement-edit", reverse("budgetfollowup:agreement_edit", args=[agreement.pk])),
            ("initiative-create", reverse("budgetfollowup:initiative_create", args=[agreement.pk])),
            ("initiative", reverse("budgetfollowup:initiative_detail", args=[Initiative.objects.get(number="3.1").pk])),
            ("initiative-edit", reverse("budgetfollowup:initiative_edit",
                                        args=[agreement.pk, Initiative.objects.get(number="3.1").pk])),
            ("round-draft", reverse("budgetfollowup:round_detail", args=[FollowUpRound.objects.get(number=3).pk])),
            ("round-published-admin", reverse("budgetfollowup:round_detail",
                                              args=[FollowUpRound.objects.get(number=1).pk])),
            ("round-reopen", reverse("budgetfollowup:round_reopen", args=[FollowUpRound.objects.get(number=1).pk])),
            ("economy-edit", reverse("budgetfollowup:economy_edit", args=[FollowUpRound.objects.get(number=3).pk,
                                                                         Initiative.objects.get(number="3.1").pk])),
            ("agreement-create", reverse("budgetfollowup:agreement_create")),
            ("section-create", reverse("budgetfollowup:section_create", args=[agreement.pk])),
            ("user-create", reverse("districts:user_create")),
            ("user-roles", reverse("districts:user_roles", args=[User.objects.get(username="dl.nord").pk])),
            ("evaluation-create", reverse("evaluations:evaluation_create")),
            ("evaluation-edit", reverse("evaluations:evaluation_edit", args=[evaluation.pk])),
            ("goal-create", reverse("evaluations:goal_create", args=[evaluation.pk])),
            ("recommendation-create", reverse("evaluations:recommendation_create", args=[evaluation.pk])),
            ("supervision-visit-create", reverse("supervision:visit_create", args=[grantoften.institution_id])),
            ("overview-dashboard", reverse("dashboards:overview")),
            ("action-create", reverse("evaluations:action_create", args=[evaluation.pk])),
            ("reports-admin", reverse("budgetfollowup:report_list")),
            ("import", reverse("budgetfollowup:agreement_import")),
            ("districts", reverse("districts:district_list")),
            ("district", reverse("districts:district_detail", args=[nord.pk])),
            ("institution", reverse("districts:institution_detail", args=[Institution.objects.first().pk])),
            ("users", reverse("districts:user_list")),
            ("settings", reverse("districts:municipality_settings")),
            ("history", reverse("dashboards:history")),
            ("evaluations", reverse("evaluations:evaluation_list")),
            ("notifications", reverse("notifications:notice_list")),
            ("capacity", reverse("capacity:overview")),
            ("capacity-month", reverse("capacity:month_edit", args=[Institution.objects.first().pk])),
            ("capacity-import", reverse("capacity:import")),
            ("import-preview", reverse("budgetfollowup:import_preview", args=[agreement_import.pk])),
            ("capacity-import-preview", reverse("capacity:import_preview", args=[capacity_import.pk])),
            ("supervision", reverse("supervision:overview")),
            ("supervision-settings", reverse("supervision:settings")),
            ("supervision-visit-edit", reverse("supervision:visit_edit", args=[grantoften.pk])),
            ("supervision-order-add", reverse("supervision:order_add", args=[grantoften.pk])),
        ],
        "dl.nord": [
            ("district-dashboard", reverse("dashboards:district", args=[nord.pk])),
            ("evaluation", reverse("evaluations:evaluation_detail", args=[evaluation.pk])),
            ("status-report", reverse("evaluations:status_report", args=[evaluation.pk])),
            ("status-add", reverse("evaluations:goal_status_add", args=[Goal.objects.first().pk])),
            ("recommendation-status-add", reverse("evaluations:recommendation_status_add",
                                                  args=[Recommendation.objects.first().pk])),
            ("action-edit", reverse("evaluations:action_edit", args=[evaluation.pk, Action.objects.filter(
                owner_district=nord).first().pk])),
            ("preferences", reverse("notifications:preferences")),
            ("capacity-district", reverse("capacity:district", args=[nord.pk])),
            ("capacity-institution", reverse("capacity:institution",
                                             args=[Institution.objects.filter(district=nord).first().pk])),
            ("supervision-institution", reverse("supervision:institution", args=[grantoften.institution_id])),
            ("supervision-visit", reverse("supervision:visit", args=[grantoften.pk])),
            ("supervision-follow-up", reverse("supervision:follow_up_add",
                                              args=[Order.objects.open().get(visit=grantoften).pk])),
        ],
        "pl.mette": [("supervision-self-assessment", reverse("supervision:self_assessment", args=[planned.pk])),
                     ("home-pedagogical-leader", reverse("home"))],
        "udvalg": [("round-published-committee", reverse("budgetfollowup:round_detail",
                                                         args=[FollowUpRound.objects.get(number=1).pk])),
                   ("home-committee", reverse("home"))],
        "uden.rolle": [("home-no-role", reverse("home"))],
    }
    unsubscribe = urlsplit(unsubscribe_url(User.objects.get(username="dl.nord"), Kind.REPORT_READY)).path
    pages["anon"] = [("login", "/login/"), ("unsubscribe", unsubscribe),
                     ("accessibility-statement", reverse("accessibility"))]
    return pages
