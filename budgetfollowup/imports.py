"""Importing an agreement from its spreadsheet: plan (what would change, and every problem), then apply, all or
nothing, through the same services the forms use, so history records the import like any other edit."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud.spreadsheets import Problem
from districts.models import Center, Committee, District

from . import services, spreadsheets
from .models import NUMBER_RE, BudgetAgreement, Initiative, Section
from .spreadsheets import INITIATIVES_SHEET, MILESTONES_SHEET


@dataclass
class Plan:
    parsed: object
    agreement: object = None  # the existing agreement it updates, or None: a new one
    changes: list = field(default_factory=list)  # what the import does, in words
    problems: list = field(default_factory=list)
    to_save: set = field(default_factory=set)  # numbers of the initiatives that are new or differ

    @property
    def can_apply(self):
        return not self.problems and bool(self.changes)


def _initiative_values(item, centers, committees):
    return {"title": item.title, "text": item.text, "kind": item.kind, "responsible_center": centers.get(item.center),
            "responsible_committee": committees.get(item.committee), "contributors": item.contributors,
            "end_date": item.end_date}


def import_plan(content):
    parsed = spreadsheets.read_agreement(content)
    plan = Plan(parsed=parsed, problems=list(parsed.problems))
    if parsed.problems and not parsed.initiatives and not parsed.title:
        return plan
    centers = {c.name: c for c in Center.objects.all()}
    committees = {c.name: c for c in Committee.objects.all()}
    districts = {d.name: d for d in District.objects.all()}
    committee = committees.get(parsed.committee)
    if parsed.committee and committee is None:
        plan.problems.append(Problem(spreadsheets.AGREEMENT_SHEET, parsed.cells.get("Udvalg", ""), _("Udvalget “%(name)s” findes ikke.") % {
            "name": parsed.committee}))
    if committee and parsed.year:
        plan.agreement = BudgetAgreement.objects.filter(committee=committee, year=parsed.year).first()
    if plan.agreement is None and parsed.title:
        plan.changes.append(_("Ny budgetaftale: %(title)s (%(year)s) for %(committee)s, med fire opfølgninger.") % {
            "title": parsed.title, "year": parsed.year, "committee": parsed.committee})
    existing = {}
    published = set()
    if plan.agreement is not None:
        existing = {i.number: i for i in Initiative.objects.filter(section__agreement=plan.agreement).select_related(
            "section").prefetch_related("amounts", "milestones__round", "districts")}
        published = set(plan.agreement.rounds.filter(state="published").values_list("number", flat=True))
    for item in parsed.initiatives:
        cells = item.cells
        if not NUMBER_RE.match(item.number) or (
                item.section_number and not item.number.startswith(f"{item.section_number}.")):
            plan.problems.append(Problem(INITIATIVES_SHEET, cells["Nummer"][0], _(
                "Nummeret skal skrives som fx 3.1 og begynde med afsnittets nummer.")))
        if item.center and item.center not in centers:
            plan.problems.append(Problem(INITIATIVES_SHEET, cells["Ansvarligt center"][0], _(
                "Centret “%(name)s” findes ikke.") % {"name": item.center}))
        if item.committee and item.committee not in committees:
            plan.problems.append(Problem(INITIATIVES_SHEET, cells["Ansvarligt udvalg"][0], _(
                "Udvalget “%(name)s” findes ikke.") % {"name": item.committee}))
        for name in item.districts:
            if name not in districts:
                plan.problems.append(Problem(INITIATIVES_SHEET, cells["Distrikter"][0], _(
                    "Distriktet “%(name)s” findes ikke.") % {"name": name}))
        current = existing.get(item.number)
        if current is None:
            plan.changes.append(_("Ny indsats %(n)s. %(title)s") % {"n": item.number, "title": item.title})
            plan.to_save.add(item.number)
            continue
        values = _initiative_values(item, centers, committees)
        differs = [name for name, value in values.items() if getattr(current, name) != value]
        if {a.year: a.amount for a in current.amounts.all()} != item.amounts:
            differs.append("amounts")
        if {d.name for d in current.districts.all()} != set(item.districts):
            differs.append("districts")
        texts = {m.round.number: m.text for m in current.milestones.all()}
        for number in range(1, 5):
            if texts.get(number, "") != item.milestones.get(number, ""):
                if number in published:
                    plan.problems.append(Problem(MILESTONES_SHEET, item.milestone_cells.get(number, ""), _(
                        "Indsats %(n)s: milepælen for opfølgning %(r)d kan ikke ændres, for opfølgningen er "
                        "offentliggjort.") % {"n": item.number, "r": number}))
                else:
                    differs.append(f"milestone {number}")
        if differs:
            plan.changes.append(_("Ændret indsats %(n)s. %(title)s") % {"n": item.number, "title": item.title})
            plan.to_save.add(item.number)
    return plan


@transaction.atomic
def import_apply(*, agreement_import, user):
    """Apply a previewed import, all or nothing. Returns the plan; its problems, if any, mean nothing was saved."""
    agreement_import.file.open("rb")
    content = agreement_import.file.read()
    agreement_import.file.close()
    plan = import_plan(content)
    current_revision = plan.agreement.revision if plan.agreement else 0
    if plan.can_apply and agreement_import.previewed_revision != current_revision:
        # Someone changed the agreement after this preview: applying now could undo their change unseen.
        plan.problems.append(Problem(_("Aftalen"), "", _(
            "Aftalen er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, før du importerer.")))
    if not plan.can_apply:
        return plan
    parsed = plan.parsed
    committee = Committee.objects.get(name=parsed.committee)
    agreement = plan.agreement or services.agreement_create(
        title=parsed.title, year=parsed.year, committee=committee, case_number=parsed.case_number,
        reading_guide=parsed.reading_guide or None,
        economy_guide=parsed.economy_guide,
        round_dates=[parsed.round_dates[n] for n in range(1, 5)] if all(
            parsed.round_dates.get(n) for n in range(1, 5)) else None)
    centers = {c.name: c for c in Center.objects.all()}
    committees = {c.name: c for c in Committee.objects.all()}
    published = set(agreement.rounds.filter(state="published").values_list("number", flat=True))
    # Only what is new or differs is saved: an unchanged initiative gets no new version or history row.
    for item in (i for i in parsed.initiatives if i.number in plan.to_save):
        section, _created = Section.objects.get_or_create(agreement=agreement, number=item.section_number,
                                                          defaults={"title": item.section_title})
        initiative = Initiative.objects.filter(section__agreement=agreement, number=item.number).first() or \
            Initiative(number=item.number)
        initiative.section = section
        for name, value in _initiative_values(item, centers, committees).items():
            setattr(initiative, name, value)
        services.initiative_save(
            initiative=initiative, districts=District.objects.filter(name__in=item.districts), amounts=item.amounts,
            milestone_texts={n: item.milestones.get(n, "") for n in range(1, 5) if n not in published}, user=user)
    agreement_import.agreement = agreement
    agreement_import.applied_at = timezone.now()
    agreement_import.summary = "\n".join(plan.changes)
    agreement_import.save(update_fields=["agreement", "applied_at", "summary"])
    return plan
