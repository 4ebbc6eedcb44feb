"""History records changes people made, and nothing else: a save that changes nothing writes no history row."""

import io

from django.apps import apps
from django.core.management import call_command

from budgetfollowup.models import Initiative
from districts.models import Institution

from .shared_demo import load_demo


def history_rows():
    """Every history row of every model the app keeps history of."""
    return sum(model.objects.count() for model in apps.get_models()
               if model.__name__.startswith("Historical") and hasattr(model, "history_id"))


def test_seed_demo_run_again_writes_no_history(db):
    load_demo()
    call_command("seed_demo", stdout=io.StringIO())  # what the test's demo lacks (reporting opened, the PDFs asked)
    before = history_rows()
    assert before > 0
    call_command("seed_demo", stdout=io.StringIO())
    assert history_rows() == before


def test_an_unchanged_save_writes_no_history_and_a_change_writes_one(db):
    load_demo("organisation")
    house = Institution.objects.order_by("pk").first()
    records = house.history.count()
    house.save()
    assert house.history.count() == records
    house.name = f"{house.name} (ny)"
    house.save()
    assert house.history.count() == records + 1
    assert house.history.first().name.endswith("(ny)")


def test_the_version_counter_alone_is_no_change_but_a_changed_district_list_is(db):
    load_demo()
    initiative = Initiative.objects.order_by("pk").first()
    records = initiative.history.count()
    initiative.version += 1
    initiative.save()
    assert initiative.history.count() == records
    initiative.districts.set(list(initiative.districts.all())[1:])
    assert initiative.history.count() == records + 1
