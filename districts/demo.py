"""The demo municipality: Ballerup-shaped, from ../shared/seeds (5 districts, one district leader each, several
pedagogical leaders, some leading more than one house). Names of people and houses are invented.

Idempotent: every row is found by its natural key and updated, so loading twice changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Center, Committee, District, Institution, Municipality, Role

DEMO_PASSWORD = "dagtilbud-demo"

CENTERS = [
    "Skoler, Institutioner og Kultur",
    "Børne- og Ungerådgivning",
    "Social og Sundhed",
    "Arbejdsmarked",
]
COMMITTEES = ["Børne- og Skoleudvalget", "Kultur- og Fritidsudvalget"]

# district -> (district leader, [(institution, kind, places, pedagogical leader username)])
DISTRICTS = {
    "Distrikt Nord": (
        ("dl.nord", "Hanne", "Kjær"),
        [
            ("Børnehuset Egebjerg", "daginstitution", 98, "pl.mette"),
            ("Børnehuset Lundebjerg", "daginstitution", 76, "pl.mette"),
            ("Børnehuset Grantoften", "daginstitution", 120, "pl.jonas"),
            ("Dagplejen Nord", "dagpleje", 60, "pl.jonas"),
        ],
    ),
    "Distrikt Syd": (
        ("dl.syd", "Peter", "Holm"),
        [
            ("Børnehuset Skovlunde", "daginstitution", 110, "pl.sofie"),
            ("Børnehuset Rugvængets", "daginstitution", 84, "pl.sofie"),
            ("Børnehuset Hedegården", "daginstitution", 92, "pl.sofie"),
            ("Den selvejende børnehave Mælkebøtten", "selvejende", 45, "pl.ali"),
        ],
    ),
    "Distrikt Øst": (
        ("dl.oest", "Lene", "Vestergaard"),
        [
            ("Børnehuset Østerhøj", "daginstitution", 100, "pl.karen"),
            ("Børnehuset Magleparken", "daginstitution", 88, "pl.thomas"),
            ("Børnehuset Baltorp", "daginstitution", 66, "pl.thomas"),
        ],
    ),
    "Distrikt Vest": (
        ("dl.vest", "Morten", "Lund"),
        [
            ("Børnehuset Måløv", "daginstitution", 130, "pl.birgitte"),
            ("Børnehuset Jonstrup", "daginstitution", 72, "pl.birgitte"),
            ("Dagplejen Vest", "dagpleje", 55, "pl.rasmus"),
        ],
    ),
    "Distrikt Midt": (
        ("dl.midt", "Susanne", "Dahl"),
        [
            ("Børnehuset Hedeparken", "daginstitution", 95, "pl.anne"),
            ("Børnehuset Sønderhøj", "daginstitution", 80, "pl.anne"),
            ("Børnehuset Kirkebjerg", "daginstitution", 105, "pl.lars"),
        ],
    ),
}

PEDAGOGICAL_LEADERS = {
    "pl.mette": ("Mette", "Rasmussen"),
    "pl.jonas": ("Jonas", "Friis"),
    "pl.sofie": ("Sofie", "Nørgaard"),
    "pl.ali": ("Ali", "Hassan"),
    "pl.karen": ("Karen", "Juul"),
    "pl.thomas": ("Thomas", "Bech"),
    "pl.birgitte": ("Birgitte", "Sand"),
    "pl.rasmus": ("Rasmus", "Krogh"),
    "pl.anne": ("Anne", "Mortensen"),
    "pl.lars": ("Lars", "Winther"),
}


def _user(username, first_name, last_name):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@ballerup.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_organisation():
    """Load the organisation and one demo login per role; returns the logins as (username, role description)."""
    municipality = Municipality.objects.current()
    if municipality.name == Municipality.DEFAULT_NAME:  # not named by anyone yet
        municipality.name, municipality.unit = "Ballerup Kommune", "Økonomi og Styring"
        municipality.save()
    for name in CENTERS:
        Center.objects.get_or_create(name=name)
    committees = {name: Committee.objects.get_or_create(name=name)[0] for name in COMMITTEES}

    admin = _user("admin", "Anja", "Økonomisen")
    Role.objects.get_or_create(user=admin, kind=Role.Kind.ADMINISTRATOR)
    member = _user("udvalg", "Bo", "Politiker")
    Role.objects.get_or_create(
        user=member, kind=Role.Kind.COMMITTEE_MEMBER, committee=committees["Børne- og Skoleudvalget"]
    )
    logins = [("admin", "Administrator (Økonomi og Styring)"), ("udvalg", "Udvalgsmedlem, Børne- og Skoleudvalget")]

    for district_name, ((leader_username, first, last), institutions) in DISTRICTS.items():
        district, _ = District.objects.get_or_create(name=district_name)
        leader = _user(leader_username, first, last)
        Role.objects.get_or_create(user=leader, kind=Role.Kind.DISTRICT_LEADER, district=district)
        logins.append((leader_username, f"Distriktsleder, {district_name}"))
        for name, kind, places, pl_username in institutions:
            institution, _ = Institution.objects.update_or_create(
                district=district, name=name, defaults={"kind": kind, "places": places}
            )
            pl = _user(pl_username, *PEDAGOGICAL_LEADERS[pl_username])
            Role.objects.get_or_create(user=pl, kind=Role.Kind.PEDAGOGICAL_LEADER, institution=institution)
    logins.append(("pl.mette", "Pædagogisk leder, Børnehuset Egebjerg og Lundebjerg (Distrikt Nord)"))
    _user("uden.rolle", "Uffe", "Udenrolle")
    logins.append(("uden.rolle", "Bruger uden rolle"))
    return logins
