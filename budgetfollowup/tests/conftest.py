import pytest

from budgetfollowup.models import FollowUpRound
from tests.shared_demo import load_demo


@pytest.fixture
def agreement_demo(db):
    load_demo("organisation", "agreement")
    rounds = {r.number: r for r in FollowUpRound.objects.select_related("agreement")}
    return rounds
