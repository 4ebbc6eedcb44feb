import pytest

from budgetfollowup import demo as budget_demo
from budgetfollowup.models import FollowUpRound
from districts import demo


@pytest.fixture
def agreement_demo(db):
    demo.load_organisation()
    budget_demo.load_agreement()
    rounds = {r.number: r for r in FollowUpRound.objects.select_related("agreement")}
    return rounds
