"""A number and its noun agree, in Danish and in English (#23: "1 ændring", not "1 ændringer"): the counted texts
that used to say "1 pladser", "1 børn", "1 måneder", "over 1 huse" and "1 ulæste"."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import override

from capacity.models import MonthlyCapacity
from capacity.selectors import Figure
from dagtilbud import formatting
from districts.models import Institution, Municipality
from notifications.models import Kind, Notice
from supervision.schedule import next_visit

from .shared_demo import load_demo


@pytest.mark.parametrize(("language", "words"), [
    ("da", ["1 plads", "30 pladser", "1 barn", "0 børn", "1 måned", "3 måneder", "1 institution", "4 institutioner",
            "1 distrikt", "5 distrikter", "1.200 pladser"]),
    ("en", ["1 place", "30 places", "1 child", "0 children", "1 month", "3 months", "1 institution",
            "4 institutions", "1 district", "5 districts", "1.200 places"]),
])
def test_a_number_and_its_noun_agree(language, words):
    with override(language):
        said = [formatting.places(1), formatting.places(30), formatting.children(1), formatting.children(0),
                formatting.months(1), formatting.months(3), formatting.institutions(1), formatting.institutions(4),
                formatting.districts(1), formatting.districts(5), formatting.places(1200)]
    assert said == words


def test_a_capacity_cell_says_one_child_on_one_place():
    assert 'title="1 barn på 1 plads"' in Figure(places=1, children=1).html()
    assert 'title="33 børn på 30 pladser"' in Figure(places=30, children=33).html()
    with override("en"):
        assert 'title="1 child in 2 places"' in Figure(places=2, children=1).html()


def test_the_reason_for_the_next_visit_counts_its_months():
    monthly = SimpleNamespace(pk=1, name="Skærpet", rank=1, interval_months=1, follow_up_months=1)
    visit = SimpleNamespace(visit_date=datetime.date(2026, 3, 12))
    assessed = [SimpleNamespace(level=monthly, dimension=SimpleNamespace(name="Relationer"))]
    reason = next_visit(visit, assessed, [monthly]).reason
    assert "næste tilsyn senest 1 måned efter, og et opfølgende besøg senest 1 måned efter." in reason


@pytest.mark.django_db
def test_pages_count_children_places_houses_and_unread_notices(login):
    load_demo("organisation")
    house = Institution.objects.get(name="Børnehuset Egebjerg")
    MonthlyCapacity.objects.create(institution=house, age_group="0-2", month=datetime.date(2026, 3, 1), places=1,
                                   children=1)
    page = " ".join(login("admin").get(reverse("capacity:institution", args=[house.pk])).content.decode().split())
    assert "1 barn / 1 plads" in page and "1 børn" not in page

    Municipality.objects.filter(pk=Municipality.objects.current().pk).update(span_of_control_limit=1)
    page = login("admin").get(reverse("dashboards:overview")).content.decode()
    assert "Ledere over 1 hus<" in page

    Notice.objects.create(recipient=get_user_model().objects.get(username="admin"), kind=Kind.REPORT_READY,
                          key="test:one", subject="En rapport", body="Se siden.", url="/")
    page = " ".join(login("admin").get(reverse("dashboards:overview")).content.decode().split())
    assert '1<span class="visually-hidden"> ulæst</span>' in page
