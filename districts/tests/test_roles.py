import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from districts import demo
from districts.models import District, Institution, Role
from districts.roles import roles_of


def user(username):
    return get_user_model().objects.get(username=username)


def test_a_district_leader_role_needs_a_district(organisation):
    person = get_user_model().objects.create(username="ny")
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=person, kind=Role.Kind.DISTRICT_LEADER)


def test_a_role_with_the_wrong_scope_is_refused_in_danish(organisation):
    person = get_user_model().objects.create(username="ny")
    role = Role(user=person, kind=Role.Kind.ADMINISTRATOR, district=organisation["nord"])
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "en administrator har intet af dem" in str(error.value)


def test_the_same_role_twice_is_refused(organisation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=user("dl.nord"), kind=Role.Kind.DISTRICT_LEADER, district=organisation["nord"])


def test_span_of_control_counts_the_houses_each_leader_has(organisation):
    spans = {u.username: u.houses for u in Role.objects.span_of_control(district=organisation["syd"])}
    assert spans == {"pl.sofie": 3, "pl.ali": 1}


def test_roles_are_read_once_and_cached(organisation, django_assert_num_queries):
    person = user("pl.mette")
    with django_assert_num_queries(1):
        roles_of(person)
        roles_of(person)
    assert roles_of(person).institution_ids == {
        Institution.objects.get(name="Børnehuset Egebjerg").pk,
        Institution.objects.get(name="Børnehuset Lundebjerg").pk,
    }


def test_district_querysets_are_scoped_per_role(organisation):
    nord = organisation["nord"]
    assert set(District.objects.for_user(user("admin"))) == set(District.objects.all())
    assert list(District.objects.for_user(user("dl.nord"))) == [nord]
    assert list(District.objects.for_user(user("pl.mette"))) == [nord]
    assert list(District.objects.for_user(user("udvalg"))) == []
    assert list(District.objects.for_user(user("uden.rolle"))) == []


def test_seed_demo_is_idempotent(organisation):
    counts = (District.objects.count(), Institution.objects.count(), Role.objects.count(),
              get_user_model().objects.count())
    demo.load_organisation()
    assert counts == (District.objects.count(), Institution.objects.count(), Role.objects.count(),
                      get_user_model().objects.count())
    assert counts[0] == 5
