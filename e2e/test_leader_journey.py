"""The leader's week in a real browser: the district leader's dashboard, its news, an action opened from it and
moved, and back where they were; the news marked as seen stay gone until something new happens."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from districts.models import District
from evaluations import demo as evaluation_demo
from evaluations import services as evaluation_services
from evaluations.models import Action, Goal

from .conftest import check_page, dump, focused, wait_until
from .test_journey import keyboard_login

pytestmark = pytest.mark.browser

FIRST_NEWS = "Ledelsesspændet er gennemgået i to huse; tid til faglig ledelse er frigivet i Egebjerg."
SECOND_NEWS = "Temadagen for de pædagogiske ledere er holdt med god deltagelse fra alle distrikter."


def _admin_gives_a_status(goal_number, text):
    """What happens at the town hall meanwhile: the administration records a goal's status. Returns the start of
    the goal's text, which the news name."""
    goal = Goal.objects.get(number=goal_number)
    evaluation_services.status_add(target=goal, as_of=datetime.date(2025, 8, 31), assessment="under_way", text=text,
                                   user=get_user_model().objects.get(username="admin"))
    return " ".join(goal.text.split()[:8])


def _in_view(page, selector):
    """Whether the element is on the screen, once the browser's (smooth) scroll to it has ended."""
    wait_until(page, """s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""", arg=selector)
    return True


def test_the_leaders_week(browser, demo_site, anonymous):
    evaluation_demo.load_evaluation()
    nord = District.objects.get(name="Distrikt Nord")
    action = Action.objects.get(owner_district=nord)
    assert Action.objects.filter(text=action.text).count() == 5  # one title, five districts
    problems = []

    # The district leader logs in and lands on their district's dashboard; the first visit is where news start.
    leader = anonymous
    keyboard_login(leader, demo_site, "dl.nord")
    assert leader.locator("h1").inner_text() == "Overblik: Distrikt Nord"
    news = leader.locator("section", has=leader.get_by_role("heading", name="Nyt siden dit sidste besøg"))
    assert "Intet nyt." in news.inner_text()

    # Meanwhile the administration records a status; opening the dashboard twice, the news are there both times.
    first_goal = _admin_gives_a_status(3, FIRST_NEWS)
    for _ in range(2):
        leader.reload()
        assert "Anja Økonomisen har givet en ny status pr. 31. august 2025" in news.inner_text()
        assert first_goal in news.inner_text()
    problems += check_page(leader, "leader-dashboard-with-news")

    # From the dashboard's list the leader opens their district's action: the evaluation page, at the action.
    dashboard_url = leader.url
    leader.get_by_role("link", name=action.text).first.click()
    leader.wait_for_url(re.compile(rf"/evaluering/{action.evaluation_id}/\?next=.*#action-{action.pk}$"))
    assert focused(leader)["id"] == f"action-{action.pk}"
    assert _in_view(leader, f"#action-{action.pk}")
    row = leader.locator(f"#action-{action.pk}")
    assert action.text in row.inner_text() and "Distrikt Nord" in row.inner_text()
    problems += check_page(leader, "evaluation-at-action")

    # The next Tab is the action's own "Ret" link: the form says which action and whose it is.
    leader.locator(f"#action-{action.pk}").focus()
    leader.keyboard.press("Tab")
    assert focused(leader)["text"].startswith("Ret – Gennemgå ledelsesspændet")
    leader.keyboard.press("Enter")
    leader.wait_for_url(re.compile(rf"/handlinger/{action.pk}/\?next="))
    assert leader.locator("h1").inner_text() == "Ret handling for Distrikt Nord"
    assert leader.locator(".action-title").inner_text() == action.text
    assert "Potentiale for fortsat udvikling" in leader.locator(".action-facts").inner_text()
    assert "---------" not in leader.locator("main form").inner_text()
    problems += check_page(leader, "action-form-leader")

    # The leader moves it to "I gang" and saves: back on the dashboard, at the action, with what happened.
    leader.get_by_label("Status").select_option(label="I gang")
    leader.get_by_role("button", name="Gem").click()
    leader.wait_for_url(re.compile(re.escape(dashboard_url.split("#")[0]) + rf"#(listed-)?action-{action.pk}$"))
    anchor = leader.url.rsplit("#", 1)[1]
    item = leader.locator(f"#{anchor}")
    assert focused(leader)["id"] == anchor
    assert _in_view(leader, f"#{anchor}")
    assert "I gang" in item.inner_text()
    assert "Handlingen er gemt." in item.inner_text()  # the message stands where the person is looking
    assert Action.objects.get(pk=action.pk).state == "under_way"
    problems += check_page(leader, "leader-dashboard-after-save")

    # The leader marks the news as seen: gone, and still gone after a reload (their own change is not news).
    news.get_by_role("button", name="Markér som set").click()
    leader.wait_for_selector("text=Nyhederne er markeret som set.")
    assert "Intet nyt." in news.inner_text()
    leader.reload()
    assert "Intet nyt." in news.inner_text()

    # Something new happens: only that comes back.
    second_goal = _admin_gives_a_status(5, SECOND_NEWS)
    leader.reload()
    text = news.inner_text()
    assert "har givet en ny status" in text and second_goal in text
    assert first_goal not in text

    assert not problems, dump(problems)
