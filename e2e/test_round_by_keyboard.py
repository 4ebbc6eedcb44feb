"""The administrator's quarterly round of the status grid, by keyboard alone, with the keys counted per initiative."""

import re

import pytest

from budgetfollowup import selectors
from budgetfollowup.models import EconomyStatus, FollowUpRound, Milestone

from .conftest import check_page, dump, focused, tab_to, text_is

pytestmark = pytest.mark.browser

SMILEY_KEYS = 4  # an arrow and a Tab for each of the two smileys
TEXT_KEYS = 1  # the Tab from one initiative's status text to the next initiative's first smiley


def _press(page, key, count):
    page.keyboard.press(key)
    count[0] += 1


def test_the_round_by_keyboard_costs_at_most_four_keys_for_the_smileys(demo_site, session_for):
    round_ = FollowUpRound.objects.get(number=2)
    rows = selectors.round_rows(round_)
    assert len(rows) >= 10
    admin = session_for("admin")
    admin.goto(f"{demo_site}/budget/opfoelgninger/{round_.pk}/status/")
    problems = check_page(admin, "round-grid-keyboard")
    assert not problems, dump(problems)
    # Nothing of the economy's extra fields is in the way until asked for.
    assert not admin.locator(f"#id_i{rows[0].initiative.pk}-expected_spending").is_visible()

    admin.locator("body").focus()
    first = rows[0]
    first_stop = (f"id_i{first.initiative.pk}-milestone_smiley_0" if first.milestone.text
                  else f"id_i{first.initiative.pk}-economy_smiley_0")
    tab_to(admin, lambda f: f["id"] == first_stop)
    keys_per_initiative = {}
    for index, row in enumerate(rows):
        prefix = f"id_i{row.initiative.pk}"
        keys = [0]
        if index:  # from the previous initiative's status text
            _press(admin, "Tab", keys)
            assert keys[0] <= TEXT_KEYS
        smiley_keys = [0]
        if row.milestone.text:
            assert focused(admin)["id"] == f"{prefix}-milestone_smiley_0", (row.initiative.number, focused(admin))
            _press(admin, "ArrowDown", smiley_keys)  # "Ingen" -> "Nået"
            _press(admin, "Tab", smiley_keys)
        now = focused(admin)
        assert now["id"] == f"{prefix}-economy_smiley_0" and now["visible"], (row.initiative.number, now)
        _press(admin, "ArrowDown", smiley_keys)  # "Ingen" -> "Budget overholdt"
        _press(admin, "Tab", smiley_keys)
        now = focused(admin)
        assert now["id"] == f"{prefix}-status_text" and now["visible"], (row.initiative.number, now)
        admin.keyboard.type(f"Status {row.initiative.number}")
        keys_per_initiative[row.initiative.number] = (smiley_keys[0], keys[0])
    assert all(smileys <= SMILEY_KEYS and text <= TEXT_KEYS for smileys, text in keys_per_initiative.values()), \
        keys_per_initiative

    tab_to(admin, text_is(r"^Gem alle$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector(f"text={len(rows)} indsatser er gemt.")
    assert "messages" in admin.evaluate("document.activeElement.className")

    for row in rows:
        milestone = Milestone.objects.get(initiative=row.initiative, round=round_)
        economy = EconomyStatus.objects.get(initiative=row.initiative, round=round_)
        assert milestone.smiley == ("green" if row.milestone.text else "")
        assert milestone.status_text == f"Status {row.initiative.number}"
        assert economy.smiley == "green"


def test_the_hidden_economy_fields_are_reached_by_keyboard_after_the_status_text(demo_site, session_for):
    """WCAG 2.1.1: the expected spending and the economy link stay within reach, behind a labelled checkbox."""
    round_ = FollowUpRound.objects.get(number=2)
    row = selectors.round_rows(round_)[0]
    prefix = f"id_i{row.initiative.pk}"
    admin = session_for("admin")
    admin.goto(f"{demo_site}/budget/opfoelgninger/{round_.pk}/status/")
    admin.locator("body").focus()
    toggle = tab_to(admin, lambda f: f["id"] == "show-economy")
    assert toggle["type"] == "checkbox"
    admin.keyboard.press("Space")
    tab_to(admin, lambda f: f["id"] == f"{prefix}-status_text")
    admin.keyboard.press("Tab")
    assert focused(admin)["id"] == f"{prefix}-expected_spending"
    admin.keyboard.type("275.000")
    admin.keyboard.press("Tab")
    link = focused(admin)
    assert link["text"] == f"Tekst og ændret budget – {row.initiative.number}" and link["visible"], link
    tab_to(admin, text_is(r"^Gem alle$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector("text=1 indsats er gemt.")
    # The fields stay shown after the save, and the saved amount is in them.
    assert admin.locator(f"#{prefix}-expected_spending").is_visible()
    assert re.sub(r"\D", "", admin.locator(f"#{prefix}-expected_spending").input_value()) == "275000"
    assert EconomyStatus.objects.get(initiative=row.initiative, round=round_).expected_spending == 275000
