"""A year of supervision for the demo's institutions, with the rule the leaders ask for in seed 001 (fewer, more
targeted visits where quality is high): the three KIDS themes as dimensions, three levels with their intervals,
a self-assessment, and visits spread over the past year. One house needs development and has an open order past its
due date and a follow-up visit that is due; one house's visit is coming up, its self-assessment half answered."""

import datetime

from django.contrib.auth import get_user_model

from districts.models import Institution, Role

from . import services
from .models import QualityDimension, QualityLevel, SelfAssessmentAnswer, SelfAssessmentQuestion, SupervisionVisit

LEVELS = [("Høj kvalitet", 1, 36, None), ("Tilstrækkelig kvalitet", 2, 24, None), ("Behov for udvikling", 3, 12, 3)]
DIMENSIONS = [
    ("Fysiske rammer", "Indretning, plads, lys, lyd og udeareal (KIDS)."),
    ("Relationer", "Samspillet mellem børn og voksne og børnene imellem (KIDS)."),
    ("Leg og aktiviteter", "Legens vilkår og de voksnes planlagte og spontane aktiviteter (KIDS)."),
]
QUESTIONS = [
    "Hvad er I særligt lykkedes med siden sidste tilsyn?",
    "Hvor ser I selv det største behov for udvikling?",
    "Hvordan arbejder I med den pædagogiske læreplan i hverdagen?",
    "Er der forhold, tilsynet særligt bør se på?",
]
SUPERVISOR = "Lene Holm, pædagogisk konsulent"
NOTES = {
    1: ["Lyse, velindrettede stuer med tydelige legezoner; udearealet bruges hele dagen.",
        "Nærværende voksne, der følger børnenes initiativer og sætter ord på følelser.",
        "Varieret leg i mindre grupper; børnene har indflydelse på dagens aktiviteter."],
    2: ["Rummene fungerer, men garderoben er trang i spidsbelastning.",
        "Gode relationer; i overgangene bliver de voksne optaget af praktiske opgaver.",
        "Aktiviteterne er planlagt, men legen afbrydes ofte af faste rutiner."],
    3: ["Støjniveauet i vuggestuegrupperne er højt; der mangler rolige zoner.",
        "Flere børn søger voksenkontakt uden at få den; vikardækningen er høj.",
        "Legen er præget af ventetid og få voksenstøttede aktiviteter."],
}
# Per institution (in name order): the level of each dimension at the latest pedagogical visit, and how many days
# ago it was.
PLAN = [((1, 1, 1), 1060), ((1, 2, 1), 40), ((2, 3, 2), 150), ((2, 2, 1), 300), ((1, 1, 2), 90), ((2, 2, 2), 200),
        ((1, 1, 1), 330), ((2, 1, 2), 250), ((1, 2, 2), 20), ((2, 2, 2), 700)]


def load_configuration():
    for name, rank, interval, follow_up in LEVELS:
        QualityLevel.objects.get_or_create(rank=rank, defaults={"name": name, "interval_months": interval,
                                                                "follow_up_months": follow_up})
    for position, (name, description) in enumerate(DIMENSIONS, start=1):
        QualityDimension.objects.get_or_create(name=name, defaults={"description": description,
                                                                    "position": position})
    for position, text in enumerate(QUESTIONS, start=1):
        SelfAssessmentQuestion.objects.get_or_create(text=text, defaults={"position": position})


def load_supervision(today=None):
    """Idempotent: the visits are made once, the first time; the stored schedule is brought up to date every
    time."""
    load_configuration()
    if not SupervisionVisit.objects.exists():
        _load_visits(today or datetime.date.today())
    services.schedule_refresh(Institution.objects.all())


def _load_visits(today):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "pl.mette"])}
    admin = users.get("admin")
    levels = {level.rank: level for level in QualityLevel.objects.all()}
    dimensions = list(QualityDimension.objects.filter(active=True))
    houses = list(Institution.objects.order_by("name"))
    for n, house in enumerate(houses):
        ranks, days_ago = PLAN[n % len(PLAN)]
        visit = SupervisionVisit(
            institution=house, visit_date=today - datetime.timedelta(days=days_ago), supervisor=SUPERVISOR,
            state=SupervisionVisit.State.COMPLETED, announced=n % 3 != 2,
            findings=_findings(house, max(ranks)), remarks=_remarks(max(ranks)),
            recommendations=_recommendations(max(ranks)))
        assessments = {d: (levels[rank], NOTES[rank][i])
                       for i, (d, rank) in enumerate(zip(dimensions, ranks, strict=False))}
        services.visit_save(visit=visit, assessments=assessments, user=admin)
        if max(ranks) == 3:
            order = services.order_add(
                visit=visit, user=admin, due_date=visit.visit_date + datetime.timedelta(days=90),
                text="Udarbejd en handleplan for nærvær og relationer i vuggestuegrupperne, og del den med "
                     "forældrebestyrelsen.")
            services.follow_up_add(order=order, user=_district_leader(house), closes=False,
                                   text="Handleplanen er i udkast og drøftes på personalemødet i næste måned.")
        if n % 4 == 1:
            fire = SupervisionVisit(
                institution=house, visit_date=today - datetime.timedelta(days=days_ago // 2 + 15),
                kind=SupervisionVisit.Kind.FIRE, supervisor="Beredskabet, brandteknisk tilsyn",
                state=SupervisionVisit.State.COMPLETED, announced=False,
                findings="Flugtvejen fra salen til legepladsen var spærret af barnevogne.")
            services.visit_save(visit=fire, assessments={}, user=admin)
            order = services.order_add(visit=fire, user=admin, text="Flugtvejen fra salen skal holdes fri.",
                                       due_date=fire.visit_date + datetime.timedelta(days=14))
            services.follow_up_add(order=order, user=admin, closes=True,
                                   text="Kontrolleret ved genbesøg: flugtvejen er fri, og der er opsat skilte.")
        if n % 5 == 2:
            services.visit_save(visit=SupervisionVisit(
                institution=house, visit_date=today - datetime.timedelta(days=60), kind=SupervisionVisit.Kind.HYGIENE,
                supervisor="Miljø- og Fødevarekontrollen", state=SupervisionVisit.State.COMPLETED,
                findings="Køkkenets egenkontrol er i orden. Ingen anmærkninger."), assessments={}, user=admin)
    _plan_coming_visits(houses, today, admin, users.get("pl.mette"))


def _district_leader(house):
    role = Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER, district=house.district).select_related("user").first()
    return role.user if role else None


def _plan_coming_visits(houses, today, admin, leader):
    by_name = {h.name: h for h in houses}
    for name, days, answers in [("Børnehuset Egebjerg", 21, 2), ("Børnehuset Måløv", 45, 0)]:
        house = by_name.get(name)
        if house is None:
            continue
        visit = services.visit_save(visit=SupervisionVisit(
            institution=house, visit_date=today + datetime.timedelta(days=days), supervisor=SUPERVISOR),
            assessments={}, user=admin)
        texts = ["Vi har fået etableret faste små-grupper om formiddagen, og sprogarbejdet er blevet mere systematisk.",
                 "Overgangene mellem aktiviteter, hvor børnene venter, og de voksne er optaget af praktik."]
        for question, text in zip(SelfAssessmentQuestion.objects.filter(active=True)[:answers], texts, strict=False):
            SelfAssessmentAnswer.objects.create(visit=visit, question=question, answer=text, answered_by=leader)


def _findings(house, worst):
    return {
        1: f"{house.name} fremstår med en høj pædagogisk kvalitet. Personalet har et fælles sprog om læreplanens "
           "temaer, og børnene mødes af nærværende voksne.",
        2: f"{house.name} har en tilstrækkelig kvalitet med gode relationer. Der er potentiale i at udvikle "
           "overgangene i løbet af dagen.",
        3: f"I {house.name} er der behov for udvikling, særligt af relationerne i vuggestuegrupperne, hvor "
           "mange skift i personalet har præget hverdagen.",
    }[worst]


def _remarks(worst):
    return {1: "Ingen.", 2: "Garderoben bør indrettes, så den fungerer i spidsbelastning.",
            3: "Institutionen får et opfølgende besøg inden for tre måneder."}[worst]


def _recommendations(worst):
    return {1: "Fortsæt arbejdet med de faste små-grupper, og del erfaringerne i distriktet.",
            2: "Brug observationer af overgangene som udgangspunkt for en drøftelse på næste personalemøde.",
            3: "Sæt fokus på stabile voksne i vuggestuen, og brug distriktets sparring til at prioritere "
               "nærvær i overgangene."}[worst]
