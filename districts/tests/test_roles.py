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


def test_roles_are_remembered_across_requests_and_a_change_shows_at_once(organisation, django_assert_num_queries):
    roles_of(user("pl.mette"))
    later = _fresh("pl.mette")  # a later request's user object
    with django_assert_num_queries(0):  # reads them from the shared cache
        assert roles_of(later).is_pedagogical_leader
    egebjerg, skovlunde = organisation["egebjerg"], organisation["skovlunde"]
    assert skovlunde.pk not in roles_of(_fresh("pl.mette")).institution_ids

    role = Role.objects.create(user=_fresh("pl.mette"), kind=Role.Kind.PEDAGOGICAL_LEADER, institution=skovlunde)
    assert skovlunde.pk in roles_of(_fresh("pl.mette")).institution_ids
    role.delete()
    assert skovlunde.pk not in roles_of(_fresh("pl.mette")).institution_ids

    # A house that moves to another district takes its leader's reading rights with it.
    egebjerg.district = organisation["syd"]
    egebjerg.save()
    assert organisation["syd"].pk in roles_of(_fresh("pl.mette")).visible_district_ids


def test_remembered_roles_are_never_another_persons(organisation):
    seen = {name: roles_of(_fresh(name)) for name in ("admin", "dl.nord", "pl.mette", "udvalg", "uden.rolle")}
    assert seen["admin"].is_administrator and not seen["dl.nord"].is_administrator
    assert seen["dl.nord"].district_ids == {organisation["nord"].pk} and not seen["pl.mette"].district_ids
    assert seen["udvalg"].committee_ids and not seen["uden.rolle"].has_any
    # read again, every one from the cache: still each their own
    assert {name: roles_of(_fresh(name)) for name in seen} == seen


def test_an_inactive_person_has_no_roles_even_when_they_were_remembered(organisation):
    assert roles_of(_fresh("dl.nord")).is_district_leader
    person = _fresh("dl.nord")
    person.is_active = False
    person.save()
    assert not roles_of(_fresh("dl.nord")).has_any


def test_a_new_role_shows_in_the_menu_on_the_next_page(organisation, client):
    client.force_login(_fresh("uden.rolle"))
    assert "Rapporter" not in client.get("/").content.decode()
    committee = Role.objects.filter(kind=Role.Kind.COMMITTEE_MEMBER).first().committee
    Role.objects.create(user=_fresh("uden.rolle"), kind=Role.Kind.COMMITTEE_MEMBER, committee=committee)
    assert "Rapporter" in client.get("/", follow=True).content.decode()


def _fresh(username):
    """The user as a new request reads them: a new object, so nothing remembered on the object itself."""
    return get_user_model().objects.get(username=username)
