"""Budget agreements for a large municipality (benchmarks): agreements with their four rounds a year, sections,
initiatives with amounts, milestones and economy per round, smileys on the rounds that are published, and the
rows of their final reports. Texts are the seed agreement's, so pages and PDFs have realistic lengths.

Idempotent: generated agreements are recognised by their title. Bulk inserts bypass history, as in
districts/generate.py.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from districts.models import Center, Committee

from . import demo_data, services
from .models import (
    BudgetAgreement,
    EconomyStatus,
    FollowUpRound,
    Initiative,
    InitiativeAmount,
    Milestone,
    Report,
    Section,
    initiative_sort_key,
)

TITLE = "Genereret budgetaftale"
SECTION_TITLES = ["En stærk uddannelsesby", "Tidlig indsats og trivsel", "Kvalitet i dagtilbud", "Fællesskaber"]


@transaction.atomic
def generate_agreements(*, committees=4, years=range(2020, 2025), initiatives=40, districts=(), seed=1,
                        report_file=None):
    """committees x years agreements of `initiatives` initiatives each. All rounds are published except the last
    year's last two, which are drafts with the smileys half filled in. `report_file` (PDF bytes), if given, is
    stored once and every published round's final report row points at it."""
    if BudgetAgreement.objects.filter(title__startswith=TITLE).exists():
        return list(BudgetAgreement.objects.filter(title__startswith=TITLE))
    rng = random.Random(seed)
    centers = list(Center.objects.all())
    districts = list(districts)
    stored_file = None
    agreements = []
    for c in range(1, committees + 1):
        committee, _ = Committee.objects.get_or_create(name=f"Genereret udvalg {c}")
        for year in years:
            agreement = services.agreement_create(
                title=f"{TITLE} {year}", year=year, committee=committee, case_number=f"00.30.10-G{c:02d}-1-{year}")
            agreements.append(agreement)
            rounds = list(agreement.rounds.all())
            last_year = year == max(years)
            sections = Section.objects.bulk_create([
                Section(agreement=agreement, number=n, title=title)
                for n, title in enumerate(SECTION_TITLES, start=3)])
            per_section = -(-initiatives // len(sections))
            made = Initiative.objects.bulk_create([
                Initiative(
                    section=sections[n // per_section],
                    number=(number := f"{sections[n // per_section].number}.{n % per_section + 1}"),
                    sort_key=initiative_sort_key(number),
                    title=(source := demo_data.INITIATIVES[n % len(demo_data.INITIATIVES)])["title"],
                    text=source["text"], kind=rng.choice(["drift", "drift", "anlaeg"]),
                    responsible_center=centers[n % len(centers)], responsible_committee=committee,
                    contributors=source["contributors"],
                    end_date=datetime.date(year + rng.randrange(0, 4), 12, 31) if n % 5 == 0 else None,
                )
                for n in range(initiatives)
            ])
            made = list(Initiative.objects.filter(section__agreement=agreement).order_by("pk"))
            InitiativeAmount.objects.bulk_create([
                InitiativeAmount(initiative=i, year=year, amount=rng.randrange(1, 60) * 100_000) for i in made])
            if districts:
                Initiative.districts.through.objects.bulk_create([
                    Initiative.districts.through(initiative_id=i.pk, district_id=d.pk)
                    for i in made for d in rng.sample(districts, k=min(len(districts), rng.randrange(1, 4)))])
            milestones, economy = [], []
            for round_ in rounds:
                published = not (last_year and round_.number >= 3)
                filled = published or (round_.number == 3 and rng.random() < 0.5)
                for i in made:
                    source = demo_data.INITIATIVES[(i.pk + round_.number) % len(demo_data.INITIATIVES)]
                    text = source["milestones"][round_.number - 1] or ""
                    milestones.append(Milestone(
                        initiative=i, round=round_, text=text,
                        smiley=rng.choice(["green"] * 5 + ["yellow"] * 2 + ["red"]) if text and filled else "",
                        status_text=source["round1"][1] if filled else ""))
                    economy.append(EconomyStatus(
                        initiative=i, round=round_, smiley=rng.choice(["green"] * 6 + ["red"]) if filled else "",
                        text=source["round1"][3]))
                if published:
                    FollowUpRound.objects.filter(pk=round_.pk).update(
                        state=FollowUpRound.State.PUBLISHED, published_at=timezone.now())
                    if report_file is not None:
                        report = Report(round=round_, kind=Report.Kind.FINAL, version=1, state=Report.State.READY,
                                        size=len(report_file), pages=1, seconds=0.0, finished_at=timezone.now())
                        if stored_file is None:
                            report.file.save("genereret.pdf", ContentFile(report_file), save=False)
                            stored_file = report.file.name
                        report.file.name = stored_file
                        report.save()
            Milestone.objects.bulk_create(milestones)
            EconomyStatus.objects.bulk_create(economy)
    return agreements
