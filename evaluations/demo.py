"""The evaluation of Ballerup's daycare management structure (Epinion, 2021-22) and the status on it as of
August 2024, as the municipality's status note has it (seed 000).

Every text from the note is the note's, word for word: the OCR's lost letters are put back ("gnsker" is
"ønsker"), and the note's own slips are corrected where they are, saying so (evaluations/tests/test_demo_faithful.py
compares every paragraph with the seed). The note gives no scale: each August 2024 assessment is our reading of its
text. What the demo adds beyond the note is kept apart in ADDED_BY_THE_DEMO: earlier statuses (August 2023, so the
timeline shows how a goal has moved), the actions under each "potentiale", their owners (one per district where the
text says the district leaders) and dates, and which goals each "potentiale" follows from.

Idempotent: an evaluation with the same title is left as it is (it may have been worked on since).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import District

from .models import Action, Assessment, Evaluation, Goal, Recommendation, StatusUpdate

TITLE = "Evaluering af ledelsesstrukturen på dagtilbudsområdet"
PERIOD = "efteråret/vinteren 2021-2022"

BACKGROUND = (
    "I 2016 blev der etableret en ny ledelsesstruktur på dagtilbudsområdet i Ballerup Kommune, som herefter består "
    "af 5 distriktsinstitutioner med én distriktsleder og et antal pædagogiske ledere.\n\n"
    "Epinion gennemførte i efteråret/vinteren 2021-2022 på vegne af Ballerup Kommune en evaluering af "
    "ledelsesstrukturen. Evalueringen tog udgangspunkt i de oprindelige seks ønsker til en ny ledelsesstruktur:"
)

CONCLUSION = (
    "Det var evalueringens overordnede konklusion, at Ballerup Kommunes dagtilbudsstruktur er formålstjenlig og "
    "robust. Rapporten udmundede i en række anerkendelser og anbefalinger til det videre arbejde."
)

STATUS_INTRO = (
    "Nedenstående er en opsamling på, hvordan der i de sidste 2 år er arbejdet med anbefalingerne, og hvordan "
    "status er i august 2024."
)

AUGUST_2024 = datetime.date(2024, 8, 31)

# The six "ønsker" and, for each, the note's status in August 2024: (goal, assessment, status).
GOALS = [
    ("At styrke den strategiske ledelse af Ballerup Kommunes samlede dagtilbud.", Assessment.POSITIVE,
     "I styrkelsen af den strategiske ledelse i Ballerup Kommunes samlede dagtilbud er der sket en positiv "
     "udvikling. Der er blevet gjort en indsats i forhold til at styrke den strategiske ledelse både opad i "
     "organisationen (forvaltningsniveau) og nedad (børnehusniveau og de pædagogiske ledere).\n\n"
     # The note's slip "det politisk niveau" corrected to "det politiske niveau".
     "Distriktsledergruppen oplever, at deres faglige kompetencer udnyttes bedre i dag, og at de bliver tidligere "
     "inddraget i processer på det strategiske niveau. I gruppen drøftes og udarbejdes implementeringsstrategier for "
     "vigtige temaer og større udviklingsprojekter i kommunen, hvilket betyder, at distriktslederne får mulighed for "
     "at være på forkant og inddraget, inden temaerne bliver forelagt det politiske niveau.\n\n"
     "Det generelle billede er, at der er sket en positiv forandring i forhold til helhedsforståelsen og den "
     "strategiske udvikling på tværs af distrikter. Fx er distriktslederne tidligt inddraget i anvendelsen af "
     "opkvalificeringsmidlerne til kompetenceløft af pædagogerne. Her har distriktslederne og de pædagogiske ledere "
     "været inddraget i beslutningen af temaet for kompetenceløftet, hvorefter der er blevet nedsat en "
     "arbejdsgruppe, der løbende har bragt viden og refleksionspunkter ind på distriktsledermøderne. Ligeledes "
     "bliver der koordineret og udarbejdet fælles beslutninger fx i SAMSPAL og anvendelsen af ressourcepædagogerne, "
     "men også i mødefora på tværs af distrikterne som f.eks. Forum for FUR.\n\n"
     "Det bemærkes, at der fortsat er potentiale i at styrke helhedsforståelsen på tværs af distrikter ved at "
     "træffe flere fælles beslutninger og aftaler internt i distriktsledergruppen.\n\n"
     "De pædagogiske ledere har i dag fået en tydeligere rolle i forhold til den strategiske ledelse af "
     "dagtilbudsområdet, og der er blevet skabt en mere systematisk involvering af de pædagogiske ledere. Fx er der "
     "afholdt temadage for de pædagogiske ledere, hvor der drøftes aktuelle strategiske temaer. Det er der gode "
     "erfaringer med, og det planlægges også fremover at afholde temadage for denne gruppe.\n\n"
     "Det vurderes, at kommunen inden for det pædagogfaglige område er i en positiv proces med inddragelsen af de "
     "pædagogiske ledere, men at der stadig er et uudnyttet potentiale i forhold til at omsætte aftaler til konkret "
     "handling."),
    ("At give distriktslederen mulighed for faglig sparring, der går tæt på praksis – både med sideordnede "
     "kolleger og med forvaltningen.", Assessment.POSITIVE,
     "I forhold til at give distriktslederen mulighed for faglig sparring, der går tæt på praksis er "
     "distriktslederne og de pædagogiske ledere kommet ind i en god struktur og kadence. Sparringsmøderne og 1:1 er "
     "kommet i langt mere faste rammer end tidligere, og der er blevet plads til at søge inspiration i udviklingen "
     "af nye ledelsesgreb og træne forskellige teknikker, som de kan trække op af værktøjskassen bl.a. ved oplæg om "
     "feedback, pragmatisk ledelse og Sampraksis."),
    ("At give de pædagogiske ledere bedre mulighed for at fokusere på personaleledelse og faglig sparring, der "
     "går tæt på praksis.", Assessment.ATTENTION,
     "I forhold til at give de pædagogiske ledere bedre mulighed for at fokusere på personaleledelse og faglig "
     "sparring, der går tæt på praksis, er der blevet taget nogle gode skridt på vejen, men der er dukket nogle "
     "opmærksomhedspunkter op undervejs.\n\n"
     # The note's slip "nærværende personaleledelse og faglige sparring" corrected to "faglig sparring".
     "Som nævnt er der blevet arbejdet med inddragelse af pædagogiske ledere. Det betyder, at de pædagogiske ledere "
     "inviteres til flere møder, arbejdsgrupper og arrangementer og dermed trækkes de pædagogiske ledere væk fra "
     "børnehusene, hvor de skal udøve nærværende ledelse og faglig sparring. Nogle af de pædagogiske ledere giver "
     "udtryk for, at de har en oplevelse af ofte at gå til møder og være meget væk fra deres børnehuse, andre gør det "
     "ikke. Derudover er der en oplevelse af, at der er et stort ledelsesspænd i nogle få huse. Distriktslederne "
     "oplever, at det er svært at frigive de pædagogiske lederes tid, så de i højere grad får mulighed for at "
     "prioritere og bruge mere tid på nærværende personaleledelse og faglig sparring.\n\n"
     # The note's "FUR- dagsordenen" written as one word, as the note writes "FUR" compounds elsewhere.
     "Undervejs er der kommet en erkendelse af, at den pædagogiske lederrolle i forhold til faglig udvikling i "
     "børnehusene har ændret sig. Distriktslederne ser, at sparring er vigtig i forhold til at styrke den faglige "
     "udvikling, men at det er ledelse helt tæt på praksis, der fører til den største forandring af den pædagogiske "
     "kvalitet. Dette er blevet forstærket af manglen på uddannet personale i børnehusene og presses yderligere i "
     "forhold til FUR-dagsordenen."),
    ("At sikre faglige miljøer med mulighed for sparring og fælles refleksion over egen praksis.", Assessment.POSITIVE,
     "Det er det generelle billede, at KIDS har givet børnehusene på tværs af distrikter et fælles sprog og nogle "
     "redskaber til at sætte rammen for udviklingen af pædagogisk kvalitet i dagtilbud.\n\n"
     "I forhold til at sikre faglige miljøer med mulighed for sparring og fælles refleksion over egen praksis er "
     "KIDS ligeledes et godt udgangspunkt for fælles refleksion, sparring og evaluering af den pædagogiske kvalitet "
     "i egen praksis, den enkelte afdeling, det enkelte børnehus og/eller distriktet. KIDS understøtter arbejdet med "
     "den pædagogiske læreplan, hvilket er blevet yderligere styrket gennem netværk inden for den pædagogiske "
     "læreplan og sprogarbejde på tværs af børnehuse internt i distriktet.\n\n"
     "Refleksion og udvikling af pædagogisk kvalitet og praksis presses imidlertid af den begrænsede tid om børn. "
     "Det ekstra løft til forberedelsestid til pædagogerne vil bidrage til at imødekomme dette pres og forventes at "
     "få betydning for udviklingen af den pædagogiske kvalitet i børnehusene."),
    ("At styrke det nødvendige samarbejde om børnene i et 0 til 25-års perspektiv.", Assessment.UNDER_WAY,
     "Styrkelsen af det nødvendige samarbejde om børnene i et 0-25 års perspektiv opleves at være godt på vej. Der "
     "er blevet indført GRUS samtaler for distriktsleder på dagtilbudsområdet, klubleder og distriktsskoleleder i de "
     "enkelte distrikter. Derudover har der været afholdt en fælleskonference for alle forældrebestyrelser med "
     "oplæg og gruppearbejde i de fem distrikter med henblik på at styrke samarbejdet på tværs af områderne.\n\n"
     "Det er aftalt, at der fremover afholdes 2 årlige fællesmøder for distriktslederne på 0-25-årsområdet for at "
     "skabe sammenhængende overgange og fælles tilgange til fx forældresamarbejde og sociale medier.\n\n"
     "Pjecen “Fælles- om en god skolestart” bliver revitaliseret, og flere samarbejdsaftaler er blevet revideret. "
     "Der er dog stadig et opmærksomhedspunkt i forhold til at forpligte sig på at implementere samarbejdsaftalerne "
     "inden for de sammenhængende læringsmiljøer på 0-25 årsområdet samt på at indtænke Center for Børne- og "
     "Ungerådgivning i helhedsforståelsen i samarbejdet om børnenes læring, udvikling, trivsel og dannelse i "
     "Ballerup Kommune."),
    ("At sikre økonomisk robusthed.", Assessment.ATTENTION,
     "I forhold til at sikre økonomisk robusthed er det en generel oplevelse af, at der er en økonomisk fordel ved "
     "at være opdelt i distrikter. Distrikternes økonomiske volumen har givet en større robusthed, flere muligheder "
     "for at pulje pengene til fælles indsatser.\n\n"
     "Distrikternes økonomi er blevet mere transparent i og med, at der er blevet indført en systematisk "
     "opfølgning, hvor MED, bestyrelser og pædagogiske ledere får indblik i økonomien. Det betyder, at der er kommet "
     "en helhedsforståelse for distriktets økonomi frem for det enkelte børnehus. Derudover får de pædagogiske "
     "ledere en individuel økonomiopfølgning af distriktslederen.\n\n"
     # The note's slip "omfanget at administrativ hjælp" corrected to "omfanget af".
     "De administrative opgaver og kompleksiteten af administrative opgaver er steget markant de seneste år, og "
     "omfanget af administrativ hjælp i form af ’kontorpersonale’ er ikke blevet større. Nogle opgaver afhjælpes af "
     "nye systemer, som der kan trækkes data fra, men oplevelsen er, at flere administrative opgaver ender hos "
     "distriktslederne og de pædagogiske ledere. Bl.a. skal der afsættes en del tid til administration af "
     "økonomien."),
]

# "Potentiale for fortsat udvikling", the note's five points as it writes them.
POTENTIALS = [
    "Fortsat opmærksomhed på og videreudvikling af tidlig inddragelse af distriktsledergruppen i strategiske "
    "beslutninger",
    "Afholdelse af temadage for gruppen af pædagogiske ledere, hvor de kan bidrage til faglig udvikling og "
    "implementering på tværs.",
    "Opmærksomhed på udvikling i ledelsesspændet for at sikre de pædagogiske ledere tid til faglig ledelse tæt på "
    "opgaven.",
    "Fortsat opmærksomhed på det forpligtende samarbejde på 0-25 årsområdet, herunder medtænkning af C-BUR",
    "Fortsat opmærksomhed på, hvordan man kan styrke den administrative support",
]

# Beyond the note. Actions: (text, owner district or None, owner name, due, expires, state, obligation), dates in
# days from the day the demo is loaded, so the demo always has some overdue, some due soon and one expiring soon.
# An overdue action's expiry is always more than 60 days off (and an expiry never comes before the due date), so no
# action is "Overskredet" and "Udløber snart" at once, whichever day the demo is loaded.
ADDED_BY_THE_DEMO = {
    "earlier_statuses": {  # goal number -> [(as of, assessment, text)]
        1: [(datetime.date(2023, 8, 31), Assessment.UNDER_WAY,
             "Distriktslederne inddrages i flere strategiske processer end før, men inddragelsen sker endnu ofte "
             "sent, når temaerne allerede er formuleret.")],
        3: [(datetime.date(2023, 8, 31), Assessment.UNDER_WAY,
             "De pædagogiske ledere inviteres til flere møder og arbejdsgrupper; det er endnu for tidligt at se, om "
             "det giver mere tid til ledelse i husene.")],
        5: [(datetime.date(2023, 8, 31), Assessment.UNDER_WAY,
             "GRUS-samtaler for distriktsleder, klubleder og distriktsskoleleder er indført i de første distrikter.")],
    },
    "potential_goals": [[1], [1, 3], [3], [5], [6]],  # per potential, the goals it follows from
    "actions": [  # per potential
        [("Distriktsledergruppen inddrages, før et strategisk tema forelægges politisk; praksis beskrives i "
          "årshjulet.", None, "Forvaltningen, Skoler, Institutioner og Kultur", 120, 760, Action.State.UNDER_WAY,
          Action.Obligation.MANDATORY)],
        [("To temadage om året for alle pædagogiske ledere.", None, "Distriktsledergruppen", 25, 50,
          Action.State.UNDER_WAY, Action.Obligation.OFFER)],
        [("Gennemgå ledelsesspændet i distriktet, og frigiv tid til nærværende ledelse i husene med det største "
          "spænd.", district, "", due, 365, Action.State.NOT_STARTED, Action.Obligation.MANDATORY)
         for district, due in [("Distrikt Nord", 30), ("Distrikt Syd", -20), ("Distrikt Øst", 90),
                               ("Distrikt Vest", 150), ("Distrikt Midt", 55)]],
        [("Samarbejdsaftalerne på 0-25-årsområdet implementeres, og Center for Børne- og Ungerådgivning deltager i "
          "de to årlige fællesmøder.", None, "Distriktslederne på 0-25-årsområdet", 200, None,
          Action.State.UNDER_WAY, Action.Obligation.MANDATORY)],
        [("Afdæk de administrative opgaver, der er flyttet til distriktslederne, og foreslå støtte.", None,
          "Forvaltningen, Økonomi og Styring", -45, 320, Action.State.NOT_STARTED, Action.Obligation.MANDATORY)],
    ],
}


@transaction.atomic
def load_evaluation():
    if Evaluation.objects.filter(title=TITLE).exists():
        return
    author = get_user_model().objects.filter(username="admin").first()
    today = timezone.localdate()
    added = ADDED_BY_THE_DEMO
    evaluation = Evaluation.objects.create(
        title=TITLE, carried_out_by="Epinion", period=PERIOD, commissioned_by="Ballerup Kommune",
        background=BACKGROUND, conclusion=CONCLUSION, status_intro=STATUS_INTRO)
    goals = {}
    for number, (text, assessment, status_text) in enumerate(GOALS, start=1):
        goals[number] = Goal.objects.create(evaluation=evaluation, number=number, text=text)
        statuses = [*added["earlier_statuses"].get(number, []), (AUGUST_2024, assessment, status_text)]
        for as_of, status_assessment, text_as_of in statuses:
            StatusUpdate.objects.create(goal=goals[number], as_of=as_of, assessment=status_assessment,
                                        text=text_as_of, author=author)
    districts = {d.name: d for d in District.objects.all()}
    for text, goal_numbers, actions in zip(POTENTIALS, added["potential_goals"], added["actions"], strict=True):
        potential = Recommendation.objects.create(evaluation=evaluation, kind=Recommendation.Kind.POTENTIAL,
                                                  text=text)
        potential.goals.set([goals[n] for n in goal_numbers])
        for action_text, district, owner_name, due, expires, state, obligation in actions:
            Action.objects.create(
                evaluation=evaluation, recommendation=potential, text=action_text,
                owner_district=districts.get(district), owner_name=owner_name,
                due_date=today + datetime.timedelta(days=due),
                expires_on=expires and today + datetime.timedelta(days=expires), state=state, obligation=obligation)
