"""The evaluation of Ballerup's daycare management structure (Epinion, 2021-22) and the status on it as of
August 2024, from ../shared/seeds/000 (OCR'd; spelled right here). The earlier statuses (2023) are invented but
plausible, so the timeline shows how each goal has moved; so are the actions and their owners, one per district
where the text says the district leaders.

Idempotent: an evaluation with the same title is left as it is (it may have been worked on since).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import District

from .models import Action, Assessment, Evaluation, Goal, Recommendation, StatusUpdate

TITLE = "Evaluering af ledelsesstrukturen på dagtilbudsområdet"

CONCLUSION = (
    "Det var evalueringens overordnede konklusion, at Ballerup Kommunes dagtilbudsstruktur er formålstjenlig og "
    "robust. Rapporten udmundede i en række anerkendelser og anbefalinger til det videre arbejde."
)

AUGUST_2024 = datetime.date(2024, 8, 31)
AUGUST_2023 = datetime.date(2023, 8, 31)

# (goal, [(as of, assessment, text)])
GOALS = [
    ("At styrke den strategiske ledelse af Ballerup Kommunes samlede dagtilbud.", [
        (AUGUST_2023, Assessment.UNDER_WAY,
         "Distriktslederne inddrages i flere strategiske processer end før, men inddragelsen sker endnu ofte sent, "
         "når temaerne allerede er formuleret."),
        (AUGUST_2024, Assessment.POSITIVE,
         "I styrkelsen af den strategiske ledelse i Ballerup Kommunes samlede dagtilbud er der sket en positiv "
         "udvikling, både opad i organisationen (forvaltningsniveau) og nedad (børnehusniveau og de pædagogiske "
         "ledere). Distriktsledergruppen oplever, at deres faglige kompetencer udnyttes bedre i dag, og at de "
         "bliver tidligere inddraget i processer på det strategiske niveau, fx i anvendelsen af "
         "opkvalificeringsmidlerne til kompetenceløft af pædagogerne.\n\n"
         "Der er fortsat potentiale i at styrke helhedsforståelsen på tværs af distrikter ved at træffe flere "
         "fælles beslutninger og aftaler internt i distriktsledergruppen. De pædagogiske ledere har fået en "
         "tydeligere rolle, men der er stadig et uudnyttet potentiale i at omsætte aftaler til konkret handling."),
    ]),
    ("At give distriktslederen mulighed for faglig sparring, der går tæt på praksis – både med sideordnede "
     "kolleger og med forvaltningen.", [
        (AUGUST_2024, Assessment.POSITIVE,
         "Distriktslederne og de pædagogiske ledere er kommet ind i en god struktur og kadence. Sparringsmøderne "
         "og 1:1 er kommet i langt mere faste rammer end tidligere, og der er plads til at søge inspiration i "
         "nye ledelsesgreb, bl.a. ved oplæg om feedback, pragmatisk ledelse og Sampraksis."),
    ]),
    ("At give de pædagogiske ledere bedre mulighed for at fokusere på personaleledelse og faglig sparring, der "
     "går tæt på praksis.", [
        (AUGUST_2023, Assessment.UNDER_WAY,
         "De pædagogiske ledere inviteres til flere møder og arbejdsgrupper; det er endnu for tidligt at se, om det "
         "giver mere tid til ledelse i husene."),
        (AUGUST_2024, Assessment.ATTENTION,
         "Der er taget gode skridt, men der er dukket opmærksomhedspunkter op. Inddragelsen betyder, at de "
         "pædagogiske ledere trækkes væk fra børnehusene, hvor de skal udøve nærværende ledelse og faglig "
         "sparring, og der er et stort ledelsesspænd i nogle få huse. Distriktslederne oplever, at det er svært "
         "at frigive de pædagogiske lederes tid. Manglen på uddannet personale og FUR-dagsordenen presser "
         "yderligere."),
    ]),
    ("At sikre faglige miljøer med mulighed for sparring og fælles refleksion over egen praksis.", [
        (AUGUST_2024, Assessment.POSITIVE,
         "KIDS har givet børnehusene på tværs af distrikter et fælles sprog og redskaber til at sætte rammen for "
         "udviklingen af pædagogisk kvalitet, og KIDS understøtter arbejdet med den pædagogiske læreplan. "
         "Refleksion og udvikling presses dog af den begrænsede tid uden for børnene; det ekstra løft til "
         "forberedelsestid forventes at få betydning."),
    ]),
    ("At styrke det nødvendige samarbejde om børnene i et 0 til 25-års perspektiv.", [
        (AUGUST_2023, Assessment.UNDER_WAY,
         "GRUS-samtaler for distriktsleder, klubleder og distriktsskoleleder er indført i de første distrikter."),
        (AUGUST_2024, Assessment.UNDER_WAY,
         "Samarbejdet opleves at være godt på vej: GRUS-samtaler er indført i alle distrikter, og der er holdt en "
         "fælleskonference for alle forældrebestyrelser. Der holdes fremover to årlige fællesmøder for "
         "distriktslederne på 0-25-årsområdet, og pjecen “Fælles – om en god skolestart” revitaliseres. Der er "
         "dog stadig et opmærksomhedspunkt i at forpligte sig på at implementere samarbejdsaftalerne og i at "
         "tænke Center for Børne- og Ungerådgivning ind i helhedsforståelsen."),
    ]),
    ("At sikre økonomisk robusthed.", [
        (AUGUST_2024, Assessment.ATTENTION,
         "Der er en økonomisk fordel ved at være opdelt i distrikter, og distrikternes økonomi er blevet mere "
         "transparent med en systematisk opfølgning for MED, bestyrelser og pædagogiske ledere. Men de "
         "administrative opgaver og deres kompleksitet er steget markant, uden at den administrative hjælp er "
         "blevet større; flere opgaver ender hos distriktslederne og de pædagogiske ledere."),
    ]),
]

# (potential, goal numbers, [(action, owner district or None, owner name, due, expires, state, obligation)]).
# The actions' dates are days from the day the demo is loaded, so the demo always has some overdue, some due soon
# and some expiring.
POTENTIALS = [
    ("Fortsat opmærksomhed på og videreudvikling af tidlig inddragelse af distriktsledergruppen i strategiske "
     "beslutninger.", [1], [
        ("Distriktsledergruppen inddrages, før et strategisk tema forelægges politisk; praksis beskrives i "
         "årshjulet.", None, "Forvaltningen, Skoler, Institutioner og Kultur", 120, 760, Action.State.UNDER_WAY,
         Action.Obligation.MANDATORY)]),
    ("Afholdelse af temadage for gruppen af pædagogiske ledere, hvor de kan bidrage til faglig udvikling og "
     "implementering på tværs.", [1, 3], [
        ("To temadage om året for alle pædagogiske ledere.", None, "Distriktsledergruppen", 45, 400,
         Action.State.UNDER_WAY, Action.Obligation.OFFER)]),
    ("Opmærksomhed på udvikling i ledelsesspændet for at sikre de pædagogiske ledere tid til faglig ledelse tæt "
     "på opgaven.", [3], [
        ("Gennemgå ledelsesspændet i distriktet, og frigiv tid til nærværende ledelse i husene med det største "
         "spænd.", district, "", due, 365, Action.State.NOT_STARTED, Action.Obligation.MANDATORY)
        for district, due in [("Distrikt Nord", 30), ("Distrikt Syd", -20), ("Distrikt Øst", 90),
                              ("Distrikt Vest", 150), ("Distrikt Midt", 55)]]),
    ("Fortsat opmærksomhed på det forpligtende samarbejde på 0-25-årsområdet, herunder medtænkning af C-BUR.", [5], [
        ("Samarbejdsaftalerne på 0-25-årsområdet implementeres, og Center for Børne- og Ungerådgivning deltager i "
         "de to årlige fællesmøder.", None, "Distriktslederne på 0-25-årsområdet", 200, None,
         Action.State.UNDER_WAY, Action.Obligation.MANDATORY)]),
    ("Fortsat opmærksomhed på, hvordan man kan styrke den administrative support.", [6], [
        ("Afdæk de administrative opgaver, der er flyttet til distriktslederne, og foreslå støtte.", None,
         "Forvaltningen, Økonomi og Styring", -45, 40, Action.State.NOT_STARTED, Action.Obligation.MANDATORY)]),
]


@transaction.atomic
def load_evaluation():
    if Evaluation.objects.filter(title=TITLE).exists():
        return
    author = get_user_model().objects.filter(username="admin").first()
    today = timezone.localdate()
    evaluation = Evaluation.objects.create(
        title=TITLE, carried_out_by="Epinion", period="efteråret og vinteren 2021-2022",
        commissioned_by="Ballerup Kommune", conclusion=CONCLUSION)
    goals = {}
    for number, (text, statuses) in enumerate(GOALS, start=1):
        goals[number] = Goal.objects.create(evaluation=evaluation, number=number, text=text)
        for as_of, assessment, status_text in statuses:
            StatusUpdate.objects.create(goal=goals[number], as_of=as_of, assessment=assessment, text=status_text,
                                        author=author)
    districts = {d.name: d for d in District.objects.all()}
    for text, goal_numbers, actions in POTENTIALS:
        potential = Recommendation.objects.create(evaluation=evaluation, kind=Recommendation.Kind.POTENTIAL,
                                                  text=text)
        potential.goals.set([goals[n] for n in goal_numbers])
        for action_text, district, owner_name, due, expires, state, obligation in actions:
            Action.objects.create(
                evaluation=evaluation, recommendation=potential, text=action_text,
                owner_district=districts.get(district), owner_name=owner_name,
                due_date=today + datetime.timedelta(days=due),
                expires_on=expires and today + datetime.timedelta(days=expires), state=state, obligation=obligation)
