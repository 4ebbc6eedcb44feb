"""The economy as municipalities report it, and what changed since the previous published round: on the round's
page, read through the selectors in a fixed number of queries, and in the PDF a real worker renders."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from budgetfollowup import selectors, services
from budgetfollowup.models import EconomyStatus, FollowUpRound, Initiative, Milestone, Report, Section
from dagtilbud.formatting import percent
from dagtilbud.testing import pdf_figure_alts, pdf_structure_problems, pdf_text, uncached_queries, wait_until_rendered
from districts.models import Center, Committee
from tests.shared_demo import load_demo

from .test_round_grid import add_initiatives, grid_post

# A municipality's published follow-up, to hold our arithmetic against: the "Resultatopgørelse (mio. kr.)" of
# "Godkendelse af budgetopfølgning 3 - 2025 pr. 31. oktober", a Danish municipal council agenda item
# (https://www.monrad.app/agenda_items/49699), its operating expenditure per committee and their total, and the
# first capital line. Columns: oprindeligt budget 2025, korrigeret budget pr. 31. oktober, forventet regnskab,
# forventet afvigelse til korrigeret budget, afvigelse til korrigeret budget i % (printed without its sign).
PUBLISHED_OPERATING = [
    ("Børne- og Familieudvalget", "768.2", "769.5", "771.0", "1.5", "0.2"),
    ("Kultur-, Fritids- og Landdistriktsudvalget", "48.2", "68.5", "60.0", "-8.5", "12.5"),
    ("Beskæftigelsesudvalget", "762.0", "761.6", "761.6", "0.0", "0.0"),
    ("Social- og Sundhedsudvalget", "949.2", "948.1", "950.2", "2.1", "0.2"),
    ("Teknik- og Miljøudvalget", "61.0", "62.8", "64.2", "1.4", "2.3"),
    ("Økonomiudvalget", "357.9", "372.7", "368.2", "-4.4", "1.2"),
]
PUBLISHED_OPERATING_TOTAL = ("Driftsudgifter i alt", "2946.6", "2983.3", "2975.3", "-8.0", "0.3")
PUBLISHED_CAPITAL = [("Børne- og Familieudvalget (anlæg)", "20.8", "23.5", "21.5", "-2.0", "8.5")]
MIO = Decimal(1_000_000)


def mio(text):
    return Decimal(text) * MIO


@pytest.fixture
def published_table(agreement_demo):
    """The published table as an agreement of ours: one section for operating, one for capital expenditure; each
    committee's line an initiative with its budget, its corrected budget (approved) and expected spending."""
    committee = Committee.objects.get(name="Kultur- og Fritidsudvalget")
    agreement = services.agreement_create(title="Budgetopfølgning 3", year=2025, committee=committee)
    center = Center.objects.first()
    for number, title, lines in ((1, "Driftsudgifter", PUBLISHED_OPERATING), (2, "Anlægsudgifter", PUBLISHED_CAPITAL)):
        section = Section.objects.create(agreement=agreement, number=number, title=title)
        for i, (name, original, corrected, expected, _deviation, _pct) in enumerate(lines, start=1):
            initiative = services.initiative_save(
                initiative=Initiative(section=section, number=f"{number}.{i}", title=name, responsible_center=center,
                                      responsible_committee=committee),
                amounts={2025: mio(original)})
            EconomyStatus.objects.filter(initiative=initiative, round__number=3).update(
                corrected_budget=mio(corrected), approval_reference="Byrådet, oktober 2025",
                expected_spending=mio(expected))
    return agreement.rounds.get(number=3)


def test_the_arithmetic_agrees_with_a_published_municipal_follow_up(published_table):
    economy = selectors.round_report(published_table)["economy"]
    (operating, lines, total), (capital, capital_lines, capital_total) = economy.sections
    assert str(operating) == "1. Driftsudgifter"
    # Each published figure is rounded to 0,1 mio. from whole kroner, so ours, from the rounded figures, may differ
    # from a printed deviation by 0,1 mio. and from a printed percentage by 0,1 point; no more.
    for line, (name, original, corrected, expected, deviation, pct) in zip(
            lines + capital_lines, PUBLISHED_OPERATING + PUBLISHED_CAPITAL, strict=False):
        assert line.label.endswith(name)
        assert (line.set_aside, line.corrected, line.expected) == (mio(original), mio(corrected), mio(expected))
        assert abs(line.deviation - mio(deviation)) <= mio("0.1"), name
        assert abs(abs(line.percent) - Decimal(pct)) <= Decimal("0.1"), name
        assert line.direction == ("Merforbrug" if Decimal(deviation) > 0 else
                                  "Mindreforbrug" if Decimal(deviation) < 0 else "Ingen afvigelse")
    _name, original, corrected, expected, deviation, pct = PUBLISHED_OPERATING_TOTAL
    # Six lines, each off by at most 0,05 mio. in the printed figures.
    for ours, printed in ((total.set_aside, original), (total.corrected, corrected), (total.expected, expected),
                          (total.deviation, deviation)):
        assert abs(ours - mio(printed)) <= mio("0.3")
    assert percent(total.percent) == "-0,3 %" and pct == "0.3" and total.direction == "Mindreforbrug"
    # The agreement's total is both sections'.
    assert economy.total.corrected == total.corrected + capital_total.corrected
    assert economy.total.deviation == total.deviation + capital_total.deviation
    assert economy.total.reported == economy.total.lines == 7


def test_the_round_page_shows_the_table_in_danish_numbers(published_table, login):
    page = login("admin").get(reverse("budgetfollowup:round_detail", args=[published_table.pk])).content.decode()
    compact = " ".join(page.split())
    # Kultur-, Fritids- og Landdistriktsudvalget: 60,0 against 68,5 mio. kr.
    assert ("<td class=\"num\">48.200.000 kr.</td><td class=\"num\">68.500.000 kr.<br><span class=\"changed-budget\">"
            "ændret</span></td><td class=\"num\">60.000.000 kr.</td><td class=\"num\">-8.500.000 kr.</td>"
            "<td class=\"num\">-12,4 %</td><td>Mindreforbrug</td>") in compact
    assert "<td class=\"num\">1.500.000 kr.</td><td class=\"num\">0,2 %</td><td>Merforbrug</td>" in compact
    assert "1. Driftsudgifter i alt" in page and "2. Anlægsudgifter i alt" in page and "Aftalen i alt" in page
    assert "en afvigelse på -10 mio. kr. (-0,3 %), dvs. mindreforbrug" in compact


def test_percentages_are_danish_and_never_minus_zero():
    assert percent(Decimal("-12.408")) == "-12,4 %"
    assert percent(Decimal("12.45")) == "12,5 %"
    assert percent(Decimal("-0.04")) == "0,0 %"


def fill_second_round(client, second):
    """Round 2 against the demo's round 1 (3.1: milestone yellow, economy green; 3.3: milestone green; 3.5 and 3.8:
    economy red)."""
    grid_post(client, second, {
        "3.1": {"milestone_smiley": "red", "economy_smiley": "red", "expected_spending": "0,4 mio."},
        "3.3": {"milestone_smiley": "yellow"},
        "3.5": {"economy_smiley": "green", "expected_spending": "5,8 mio."},
        "3.8": {"economy_smiley": "red", "expected_spending": "5,2 mio."},
    })
    initiative = Initiative.objects.get(number="3.11")
    version = EconomyStatus.objects.get(initiative=initiative, round=second).version
    client.post(reverse("budgetfollowup:economy_edit", args=[second.pk, initiative.pk]), {
        "text": "Tilpasset efter ventelisten", "corrected_budget": "450.000",
        "approval_reference": "KB 27.5.2019, pkt. 12", "version": version})


def test_what_changed_since_the_last_round_worst_first(agreement_demo, login):
    second = agreement_demo[2]
    fill_second_round(login("admin"), second)
    changes = selectors.round_report(second)["changes"]
    assert changes.previous == agreement_demo[1]
    assert [(c.initiative.number, c.scale, c.before, c.now) for c in changes.smileys] == [
        ("3.1", "economy", "green", "red"),  # green to red first
        ("3.1", "milestone", "yellow", "red"),  # then one step worse, to red first
        ("3.3", "milestone", "green", "yellow"),
        ("3.5", "economy", "red", "green"),  # better news last
    ]
    assert [i.number for i in changes.first_reds] == ["3.1"]  # 3.8 was red in round 1 already
    assert [(b.initiative.number, b.before, b.now, b.is_new) for b in changes.budgets] == [
        ("3.11", 500000, 450000, True)]
    assert selectors.round_report(agreement_demo[1])["changes"] is None  # the first round has nothing before it
    # A changed budget stays in force in the rounds after the one it was approved in.
    third = selectors.round_report(agreement_demo[3])
    line = next(line for _s, lines, _t in third["economy"].sections for line in lines
                if line.initiative.number == "3.11")
    assert (line.set_aside, line.corrected, line.corrected_changed) == (500000, 450000, True)

    page = " ".join(login("admin").get(reverse("budgetfollowup:round_detail", args=[second.pk])).content.decode()
                    .split())
    assert "Ændringer siden 1. budgetopfølgning 2019" in page
    assert page.index("Ændringer siden") < page.index("Økonomi: budget og forventet regnskab") < page.index(
        "Læsevejledning")
    assert "3 dårligere, 1 bedre; de dårligste først." in page
    assert "Første røde smiley" in page and "500.000 kr." in page and "KB 27.5.2019, pkt. 12" in page


def test_the_round_page_reads_in_a_fixed_number_of_queries(agreement_demo, login):
    """Queries: those every page makes (session, user, roles, notices), the round and its report versions, and
    round_report's own: rounds, initiatives, milestones, economy rows, amounts. With 111 initiatives, every one of
    them changed since round 1 and over budget, as many as with the demo's 11."""
    second = agreement_demo[2]
    client = login("admin")
    fill_second_round(client, second)
    url = reverse("budgetfollowup:round_detail", args=[second.pk])

    def count():
        with uncached_queries(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    count()  # the first request also writes the session and reads what is then cached
    small = count()
    made = add_initiatives(Section.objects.get(), range(20, 120))
    # Every one of them changed, first red and over budget: the most the page can have to say.
    Milestone.objects.filter(initiative__in=made, round__number=1).update(text="Milepæl", smiley="green")
    Milestone.objects.filter(initiative__in=made, round=second).update(smiley="red")
    EconomyStatus.objects.filter(initiative__in=made, round=second).update(smiley="red", expected_spending=120000)
    assert Initiative.objects.count() == 111
    assert count() == small


def test_a_published_round_shows_the_changes_as_the_earlier_round_now_stands(agreement_demo, login):
    """The page is cached while published; an earlier round reopened and published again is not served stale."""
    first, second = agreement_demo[1], agreement_demo[2]
    admin = login("admin")
    fill_second_round(admin, second)
    admin.post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    url = reverse("budgetfollowup:round_detail", args=[second.pk])
    assert "Første røde smiley" in login("udvalg").get(url).content.decode()

    admin = login("admin")
    admin.post(reverse("budgetfollowup:round_reopen", args=[first.pk]), {"reason": "3.1 var rød allerede"})
    Milestone.objects.filter(initiative__number="3.1", round=first).update(smiley="red")
    admin.post(reverse("budgetfollowup:round_publish", args=[first.pk]))
    page = login("udvalg").get(url).content.decode()
    assert "Første røde smiley" not in page  # 3.1 was red in round 1 after all


@pytest.fixture
def demo_for_worker(transactional_db):
    """The demo on committed rows, which the worker (its own connection) can read."""
    load_demo("organisation", "agreement")
    return {r.number: r for r in FollowUpRound.objects.select_related("agreement")}


def test_the_second_report_opens_with_the_changes_and_carries_the_economy(demo_for_worker, worker, login):
    second = demo_for_worker[2]
    admin = login("admin")
    fill_second_round(admin, second)
    admin.post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    report = wait_until_rendered(Report.objects.get(round=second, kind="final"))
    assert report.state == "ready", report.error
    content = report.file.read()
    _reader, text = pdf_text(content)
    text = " ".join(text.split())
    # After the reading guide that explains the smileys, before the sections (seed 003's order around what we add).
    assert text.index("Læsevejledning") < text.index("Ændringer siden 1. budgetopfølgning 2019") < text.index(
        "Sammenfatning") < text.index("Milepæl Tid Smiley")  # the first initiative's table
    changes = text[text.index("Ændrede smileys"):text.index("Første røde smiley")]
    assert changes.index("3.1.") < changes.index("3.3.") < changes.index("3.5.")  # worst first
    assert "Nye og ændrede korrigerede budgetter" in text and "KB 27.5.2019, pkt. 12" in text
    economy = text[text.index("Økonomi: budget og forventet regnskab"):text.index("Milepæl Tid Smiley")]
    assert "Aftalen i alt" in economy and "Merforbrug" in economy and "Mindreforbrug" in economy
    assert "400.000 kr." in economy and "100.000 kr." in economy  # 3.1: 0,4 mio. expected against 0,3 mio.
    assert pdf_structure_problems(content) == []


def test_the_first_report_has_no_changes_section_and_passes_the_structure_checks(demo_for_worker, worker, login):
    first = demo_for_worker[1]
    login("admin").post(reverse("budgetfollowup:report_preview", args=[first.pk]))
    report = wait_until_rendered(Report.objects.get(round=first, kind="draft"))
    content = report.file.read()
    _reader, text = pdf_text(content)
    assert "Ændringer siden" not in text and "Økonomi: budget og forventet regnskab" in text
    assert pdf_structure_problems(content) == []
    # Every smiley's words stand beside its face, which is an artifact: read once, never as a figure and again.
    assert pdf_figure_alts(content) == []
    assert "Budget ikke overholdt" in text and "Budgettet er ikke overholdt eller den forventede besparelse" in text
