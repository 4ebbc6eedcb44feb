import datetime

from django.db import transaction

from districts.models import Center, Committee, District

from . import demo_data, services
from .models import BudgetAgreement, EconomyStatus, Initiative, Milestone, Section


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
