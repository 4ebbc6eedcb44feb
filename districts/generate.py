"""A large municipality for benchmarks: many districts and institutions with their leaders, made with bulk inserts.

Idempotent: the generated districts are recognised by their names, and a second run changes nothing. The rows
bypass django-simple-history (bulk inserts): this is load for a benchmark database, not a record of work.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import District, Institution, Role

PREFIX = "Distrikt G"
PLACES = ["Egebakken", "Skovbrynet", "Lærkereden", "Solsikken", "Mælkebøtten", "Humlebien", "Troldehøjen",
          "Regnbuen", "Spiren", "Kastanjen", "Bøgely", "Engen", "Stjernen", "Ugleredet", "Fyrtårnet"]


@transaction.atomic
def generate_organisation(*, districts=50, institutions=500, password=None, seed=1):
    """Districts "Distrikt G01"..., each with one district leader and its share of the institutions; one
    pedagogical leader per two or three houses. Returns the generated districts."""
    existing = list(District.objects.filter(name__startswith=PREFIX).order_by("name"))
    if existing:
        return existing
    rng = random.Random(seed)
    User = get_user_model()
    password_hash = make_password(password) if password else make_password(None)
    District.objects.bulk_create([District(name=f"{PREFIX}{n:02d}") for n in range(1, districts + 1)])
    made = list(District.objects.filter(name__startswith=PREFIX).order_by("name"))
    Institution.objects.bulk_create([
        Institution(
            name=f"Børnehuset {PLACES[n % len(PLACES)]} {n + 1}",
            kind=rng.choice(["daginstitution"] * 6 + ["dagpleje", "selvejende"]),
            district=made[n * districts // institutions], places=rng.randrange(40, 140),
            address=f"{PLACES[n % len(PLACES)]}vej {n + 1}, 2750 Ballerup",
        )
        for n in range(institutions)
    ])
    houses = list(Institution.objects.filter(district__in=made).order_by("pk"))
    User.objects.bulk_create(
        [User(username=f"gen.dl.{n:02d}", first_name="Distriktsleder", last_name=f"G{n:02d}",
              password=password_hash) for n in range(1, districts + 1)]
        + [User(username=f"gen.pl.{n:03d}", first_name="Pædagogisk leder", last_name=f"{n:03d}",
                password=password_hash) for n in range(1, institutions // 2 + 1)]
    )
    leaders = {u.username: u for u in User.objects.filter(username__startswith="gen.")}
    roles = [Role(user=leaders[f"gen.dl.{n + 1:02d}"], kind=Role.Kind.DISTRICT_LEADER, district=district)
             for n, district in enumerate(made)]
    # Two neighbouring houses of a district share a pedagogical leader.
    for n, house in enumerate(houses):
        roles.append(Role(user=leaders[f"gen.pl.{n // 2 + 1:03d}"], kind=Role.Kind.PEDAGOGICAL_LEADER,
                          institution=house))
    Role.objects.bulk_create(roles)
    return made
