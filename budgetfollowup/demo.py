import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import Center, Committee, District

from . import demo_data, reporting, services
from .models import BudgetAgreement, EconomyStatus, FollowUpRound, Initiative, Milestone, Section, Submission


@transaction.atomic
def load_agreement():
    """The seed's agreement with round 1 filled in as the document has it and published; rounds 2-4 drafts.

    Idempotent: an agreement that exists is left as it is (it may have been worked on since).
    """
    data = demo_data.AGREEMENT
    committee = Committee.objects.get(name=data["committee"])
    if BudgetAgreement.objects.filter(committee=committee, year=data["year"]).exists():
        return
    added = demo_data.ADDED_BY_THE_DEMO
    agreement = services.agreement_create(
        title=data["title"], year=data["year"], committee=committee, case_number=data["case_number"],
        reading_guide=demo_data.READING_GUIDE, economy_guide=demo_data.ECONOMY_GUIDE,
        round_dates=[datetime.date.fromisoformat(d) for d in [data["first_round_date"], *added["later_round_dates"]]],
    )
    section = Section.objects.create(agreement=agreement, number=demo_data.SECTION[0], title=demo_data.SECTION[1])
    all_districts = list(District.objects.all())
    for item in demo_data.INITIATIVES:
        initiative = Initiative(
            section=section, number=item["number"], title=item["title"], text=item["text"],
            responsible_center=Center.objects.get(name=item["center"]), responsible_committee=committee,
            contributors=item["contributors"],
        )
        concerns = added["districts"].get(item["number"], [])
        districts = all_districts if concerns == "all" else District.objects.filter(name__in=concerns)
        services.initiative_save(
            initiative=initiative, districts=districts, amounts=item["amounts"],
            milestone_texts={n: t for n, t in enumerate(item["milestones"], start=1) if t},
        )
        milestone_smiley, status_text, economy_smiley, economy_text = item["round1"]
        first = agreement.rounds.get(number=1)
        Milestone.objects.filter(initiative=initiative, round=first).update(
            smiley=milestone_smiley, status_text=status_text)
        EconomyStatus.objects.filter(initiative=initiative, round=first).update(
            smiley=economy_smiley, text=economy_text)
    admin = None
    services.round_publish(round=agreement.rounds.get(number=1), user=admin)


# Round 2 opened for reporting (added by the demo, not from the document): what the centres have sent so far, as
# (milestone smiley, economy smiley, status text). 3.3 is sent and returned with the comment; the rest of their rows
# are not started.
REPORTING_SENT = {
    "center.sik": {
        "3.1": ("green", "green",
                "Arbejdsgruppen har afleveret sit bud på god kvalitet; det forelægges udvalget i juni."),
        "3.2": ("yellow", "green", "Pilotprojektet er i gang i to huse; evalueringen er forsinket til efteråret."),
        "3.3": ("green", "green", "Forløbet er planlagt."),
    },
    "center.bur": {
        "3.8": ("yellow", "red", "Modellen er indført i to distrikter; udgifterne til eksterne pladser er højere end "
                                 "budgetteret."),
    },
}
REPORTING_RETURNED = {"3.3": "Skriv venligst, hvornår forløbet starter, og hvor mange familier det omfatter."}
REPORTING_DEADLINE_DAYS = 7  # from the day the demo is loaded, so the deadline is always ahead


@transaction.atomic
def load_reporting():
    """Round 2 of the demo agreement open for reporting with a deadline a week ahead: some rows sent, one returned
    with a comment, some not started. Idempotent: a round opened already is left as it is."""
    second = FollowUpRound.objects.filter(agreement__year=demo_data.AGREEMENT["year"], number=2,
                                          agreement__committee__name=demo_data.AGREEMENT["committee"]).first()
    if second is None or second.is_published or Submission.objects.filter(round=second).exists():
        return
    users = get_user_model().objects.in_bulk(["admin", *REPORTING_SENT], field_name="username")
    second = reporting.reporting_open(round=second, user=users["admin"],
                                      deadline=timezone.localdate() + datetime.timedelta(days=REPORTING_DEADLINE_DAYS))
    for username, rows in REPORTING_SENT.items():
        changes = []
        for number, (milestone_smiley, economy_smiley, status) in rows.items():
            milestone = Milestone.objects.get(round=second, initiative__number=number)
            economy = EconomyStatus.objects.get(round=second, initiative__number=number)
            changes.append(services.CellChange(
                initiative_id=milestone.initiative_id, milestone_version=milestone.version,
                economy_version=economy.version, economy={"smiley": economy_smiley},
                milestone={"status_text": status, **({"smiley": milestone_smiley} if milestone.text else {})}))
        reporting.reporting_save(round=second, user=users[username], changes=changes,
                                 send={c.initiative_id for c in changes})
    for number, comment in REPORTING_RETURNED.items():
        submission = Submission.objects.get(round=second, initiative__number=number)
        reporting.submission_return(round=second, initiative=submission.initiative, comment=comment,
                                    seen_version=submission.version, user=users["admin"])
