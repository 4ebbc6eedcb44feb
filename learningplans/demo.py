"""Learning plans for the demo's houses: each has a plan, most a published evaluation within the last two years;
Børnehuset Hedegården's is overdue; Dagplejen Vest has a new plan and has not evaluated it yet; pl.mette's
Børnehuset Egebjerg is due within 90 days and has a draft, nearly done; Børnehuset Grantoften's evaluation waits
for dl.nord's approval. The texts are invented, in the words a Danish day-care leader would use."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import Institution

from . import services
from .due import add_months
from .models import ASPECTS, PlanEvaluation, Section

PLAN_TEXT = (
    "{house}s pædagogiske læreplan bygger på det fælles pædagogiske grundlag: barnesyn, dannelse og børneperspektiv, "
    "legen, læring, børnefællesskaber, pædagogisk læringsmiljø hele dagen, forældresamarbejde, børn i udsatte "
    "positioner og sammenhæng til børnehaveklassen.\n\n"
    "Vi arbejder med de seks læreplanstemaer i hverdagens rutiner, i planlagte forløb og i den børneinitierede leg. "
    "Børnemiljøet vurderes fysisk, psykisk og æstetisk, og børnenes perspektiv inddrages gennem samtaler, "
    "observationer og børneinterviews.")

TEXTS = {
    Section.FOUNDATION: (
        "Vi har haft legen som gennemgående fokus og drøftet vores barnesyn på tre personalemøder.",
        "Pædagogerne beskriver flere situationer, hvor børnene selv tager initiativ til leg på tværs af grupper.",
        "Vi fastholder legen som fokus og laver fælles refleksion hver måned."),
    Section.PERSONAL: (
        "Vi har arbejdet med at give børnene ansvar i hverdagen: borddækning, oprydning og valg af aktiviteter.",
        "Observationer viser, at flere børn tør sige til og fra, og at de mere stille børn oftere tager ordet.",
        "Vi vil give de yngste børn flere små opgaver og følge op med billeder på stuen."),
    Section.SOCIAL: (
        "Faste legegrupper om formiddagen på tværs af stuerne.",
        "Færre konflikter ved overgange; børnene hjælper hinanden mere, som vores praksisfortællinger viser.",
        "Legegrupperne fortsætter, og vi justerer sammensætningen hvert kvartal."),
    Section.LANGUAGE: (
        "Dialogisk læsning i små grupper tre gange om ugen og sprogstimulering i garderoben.",
        "Sprogvurderingerne viser fremgang, og børnene genfortæller bøgerne med egne ord.",
        "Vi inddrager forældrene med en bogkuffert, der kan lånes med hjem."),
    Section.BODY: (
        "Motorikbane hver fredag og daglige ture i nærområdet.",
        "Børnene klatrer og balancerer mere sikkert, og flere vælger de fysiske lege selv.",
        "Vi indretter et bevægelsesrum, der kan bruges på regnvejrsdage."),
    Section.NATURE: (
        "Et forløb om årstiderne med små forsøg og en køkkenhave på legepladsen.",
        "Børnene stiller flere undersøgende spørgsmål og sammenligner, hvad der vokser.",
        "Vi laver faste naturdage og samarbejder med den lokale naturskole."),
    Section.CULTURE: (
        "Kunstværksted, fællessang hver morgen og besøg på biblioteket.",
        "Børnenes egne udtryk fylder mere på væggene, og de synger med på flere sprog.",
        "Vi vil invitere forældre med forskellig baggrund til at dele sange og fortællinger."),
    Section.ENVIRONMENT: (
        "Vi har vurderet børnemiljøet fysisk, psykisk og æstetisk sammen med børnene.",
        "Børnene peger på, at garderoben er larmende, og at de savner rolige kroge.",
        "Vi indretter to rolige kroge og deler garderoben op i tider."),
    Section.CHILDREN: (
        "Børneinterviews med de ældste og observationer af de yngste.",
        "Børnene ønsker mere tid til leg uden afbrydelser og mere udeliv.",
        "Formiddagens rutiner flyttes, så legen får længere uforstyrret tid."),
    Section.PARENTS: (
        "Drøftelse af læreplanen i forældrebestyrelsen og en kort forældreundersøgelse.",
        "Forældrene efterspørger mere viden om, hvad børnene laver i løbet af dagen.",
        "Vi sender et kort nyhedsbrev hver måned med billeder fra læringsmiljøet."),
}

# Days before today each house's last evaluation was published; None: never evaluated.
PUBLISHED_DAYS_AGO = {
    "Børnehuset Egebjerg": 700,  # due within 90 days; pl.mette's draft is under way
    "Børnehuset Lundebjerg": 240,
    "Børnehuset Grantoften": 620,  # a new one waits for dl.nord's approval
    "Dagplejen Nord": 410,
    "Børnehuset Skovlunde": 320,
    "Børnehuset Rugvængets": 180,
    "Børnehuset Hedegården": 800,  # overdue
    "Den selvejende børnehave Mælkebøtten": 500,
    "Børnehuset Østerhøj": 130,
    "Børnehuset Magleparken": 450,
    "Børnehuset Baltorp": 360,
    "Børnehuset Måløv": 90,
    "Børnehuset Jonstrup": 560,
    "Dagplejen Vest": None,  # a new plan, not evaluated yet
    "Børnehuset Hedeparken": 270,
    "Børnehuset Sønderhøj": 600,
    "Børnehuset Kirkebjerg": 200,
}
DRAFT_HOUSE = "Børnehuset Egebjerg"
WAITING_HOUSE = "Børnehuset Grantoften"
# Left for pl.mette to write before she can send it.
DRAFT_MISSING = [(Section.ENVIRONMENT, "change"), (Section.PARENTS, "did"), (Section.PARENTS, "saw"),
                 (Section.PARENTS, "change")]


def texts(house, missing=()):
    return {(section, aspect): (TEXTS[section][n] if (section, aspect) not in missing else "")
            for section in Section for n, (aspect, _label, _help) in enumerate(ASPECTS)}


def _leader(institution, kind):
    users = get_user_model().objects
    if kind == "district":
        return users.filter(roles__kind="district_leader", roles__district=institution.district_id).first()
    return users.filter(roles__kind="pedagogical_leader", roles__institution=institution).first()


@transaction.atomic
def load_learning_plans(today=None, request_pdfs=False):
    """Idempotent: a house that has a plan already is left as it is. `request_pdfs`: queue the published
    evaluations' PDFs for the worker (`seed_demo` does; the tests render only the PDFs they look at)."""
    today = today or timezone.localdate()
    admin = get_user_model().objects.filter(username="admin").first()
    for institution in Institution.objects.filter(name__in=PUBLISHED_DAYS_AGO).order_by("name"):
        if institution.learning_plans.exists():
            continue
        days = PUBLISHED_DAYS_AGO[institution.name]
        leader = _leader(institution, "house") or admin
        district_leader = _leader(institution, "district") or admin
        published = today - datetime.timedelta(days=days) if days else None
        plan_date = add_months(published, -3) if published else today - datetime.timedelta(days=120)
        services.plan_add(institution=institution, plan_date=plan_date,
                          text=PLAN_TEXT.format(house=institution.name), user=leader)
        if published:
            evaluation = services.evaluation_start(institution=institution, user=leader)
            evaluation = services.evaluation_save(evaluation=evaluation, texts=texts(institution.name),
                                                  seen_version=evaluation.version, user=leader)
            services.evaluation_send(evaluation=evaluation, user=leader)
            evaluation = services.evaluation_approve(evaluation=evaluation, user=district_leader,
                                                     published_on=published, request_pdf=request_pdfs)
        if institution.name in (DRAFT_HOUSE, WAITING_HOUSE):
            evaluation = services.evaluation_start(institution=institution, user=leader)
            missing = DRAFT_MISSING if institution.name == DRAFT_HOUSE else ()
            evaluation = services.evaluation_save(evaluation=evaluation, texts=texts(institution.name, missing),
                                                  seen_version=evaluation.version, user=leader)
            if institution.name == WAITING_HOUSE:
                services.evaluation_send(evaluation=evaluation, user=leader)


def draft():
    return PlanEvaluation.objects.get(institution__name=DRAFT_HOUSE, state=PlanEvaluation.State.DRAFT)
