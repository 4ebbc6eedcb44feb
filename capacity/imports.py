"""The capacity importer (the flow is dagtilbud/imports): its reader compares the sheet with the recorded months cell
by cell; its apply saves through services.month_save, which refuses a month someone saved meanwhile."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dagtilbud import formatting
from dagtilbud.imports.plans import CellChange, Change, Importer, Plan
from dagtilbud.imports.reading import Problem, Rows, open_book
from districts.models import Institution

from . import services
from .models import TOO_FAR_AHEAD, CapacityImport, MonthlyCapacity, too_far_ahead
from .spreadsheets import COLUMNS, GROUPS, SHEET, read_month


@dataclass
class Row:
    institution: object
    age_group: str
    month: datetime.date
    places: int
    children: int
    cells: dict  # column -> its cell ("E7"), for the preview


@dataclass
class CapacityPlan(Plan):
    rows: list = field(default_factory=list)
    to_save: list = field(default_factory=list)  # (Row, the record it changes or None, its version)


def _subject(rows):
    if not rows:
        return ""
    houses = {r.institution.pk for r in rows}
    districts = {r.institution.district_id for r in rows}
    first, last = min(r.month for r in rows), max(r.month for r in rows)
    months = formatting.month_name(first) if first == last else \
        f"{formatting.month_name(first)} – {formatting.month_name(last)}"
    return _("Kapacitet for %(houses)s i %(districts)s, %(months)s") % {
        "houses": formatting.institutions(len(houses)), "districts": formatting.districts(len(districts)),
        "months": months}


def import_plan(content, progress=None):
    """Read the file and say what it would change, cell by cell, and every problem with its cell. Changes
    nothing."""
    progress = progress or (lambda done, total: None)
    plan = CapacityPlan()
    book = open_book(content, plan.problems, (SHEET,))
    if book is None:
        return plan
    rows = Rows(book, SHEET, COLUMNS, plan.problems)
    institutions = {(i.district.name, i.name): i for i in Institution.objects.select_related("district")}
    seen = set()
    for n, row in enumerate(rows.rows, start=1):
        progress(n, len(rows.rows))
        district, name = rows.text(row, "Distrikt", required=True), rows.text(row, "Institution", required=True)
        institution = institutions.get((district, name))
        if district and name and institution is None:
            plan.problems.append(Problem(SHEET, row["Institution"][0], _(
                "Institutionen “%(name)s” i %(district)s findes ikke.") % {"name": name, "district": district}))
        group_text = rows.text(row, "Aldersgruppe", required=True)
        group = GROUPS.get(group_text.lower())
        if group_text and group is None:
            plan.problems.append(Problem(SHEET, row["Aldersgruppe"][0], _(
                "Aldersgruppen skal være 0-2, 3-5 eller dagpleje.")))
        month = read_month(row.get("Måned", ("", None))[1], rows, row, "Måned")
        places = rows.integer(row, "Godkendte pladser", 0, 10000)
        children = rows.integer(row, "Indskrevne børn", 0, 10000)
        if month and too_far_ahead(month):
            plan.problems.append(Problem(SHEET, row["Måned"][0], str(TOO_FAR_AHEAD)))
            month = None
        if places == 0 and children:
            plan.problems.append(Problem(SHEET, row["Godkendte pladser"][0], _(
                "Der kan ikke være børn uden godkendte pladser.")))
        if None in (institution, group, month, places, children):
            continue
        key = (institution.pk, group, month)
        if key in seen:
            plan.problems.append(Problem(SHEET, row["Institution"][0], _(
                "%(name)s, %(group)s, %(month)s står der to gange.") % {
                "name": name, "group": group, "month": formatting.month_name(month)}))
            continue
        seen.add(key)
        cells = {c: row.get(c, ("", None))[0] for c in COLUMNS}
        plan.rows.append(Row(institution, group, month, places, children, cells))
    plan.subject = _subject(plan.rows)
    existing = {(r.institution_id, r.age_group, r.month): r for r in MonthlyCapacity.objects.filter(
        institution__in={r.institution for r in plan.rows}, month__in={r.month for r in plan.rows})}
    for row in plan.rows:
        record = existing.get((row.institution.pk, row.age_group, row.month))
        words = {"name": row.institution.name, "group": row.age_group, "month": formatting.month_name(row.month),
                 "places": formatting.places(row.places), "children": formatting.children(row.children)}
        old = (record.places, record.children) if record else (None, None)
        if record is None:
            title = _("Ny: %(name)s, %(group)s, %(month)s: %(places)s, %(children)s.") % words
        elif old != (row.places, row.children):
            title = _("Ændret: %(name)s, %(group)s, %(month)s: %(places)s, %(children)s (før "
                      "%(old_places)d og %(old_children)d).") % {**words, "old_places": old[0], "old_children": old[1]}
        else:
            plan.unchanged += 1
            continue
        cells = [CellChange(f"{SHEET}!{row.cells[column]}", column, "" if before is None else str(before), str(after))
                 for column, before, after in (("Godkendte pladser", old[0], row.places),
                                               ("Indskrevne børn", old[1], row.children)) if before != after]
        plan.changes.append(Change(title, cells))
        plan.to_save.append((row, record, record.version if record else 0))
    # The versions of the records it changes: a month saved meanwhile gives another fingerprint.
    plan.basis = ",".join(str(version) for _row, _record, version in plan.to_save)
    plan.work = len({(row.institution.pk, row.month) for row, _r, _v in plan.to_save})
    return plan


def import_apply(*, plan, record, user, progress):
    """Save the plan's months, each through month_save with the versions the plan saw (StaleEdit if one moved)."""
    by_month = {}
    for row, _record, version in plan.to_save:
        by_month.setdefault((row.institution, row.month), []).append((row, version))
    for n, ((institution, month), items) in enumerate(by_month.items(), start=1):
        progress(n, len(by_month))
        services.month_save(
            institution=institution, month=month,
            figures={row.age_group: (row.places, row.children) for row, _v in items},
            seen_versions={row.age_group: version for row, version in items}, user=user)


IMPORTER = Importer(
    model=CapacityImport, read=import_plan, apply=import_apply, permission="capacity.manage_capacity",
    namespace="capacity", upload_url="import", title=gettext_lazy("Importér kapacitet"),
    intro=gettext_lazy("Én række pr. institution, aldersgruppe (0-2, 3-5 eller dagpleje) og måned med de godkendte "
                       "pladser og de indskrevne børn."),
    templates=((gettext_lazy("Hent skabelonen som regneark (.xlsx, med de registrerede tal)"), "export_xlsx"),
               (gettext_lazy("Hent skabelonen som CSV"), "export_csv")),
    stale_message=gettext_lazy("Tallene er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, før du "
                               "importerer."),
    nothing_to_do=gettext_lazy("Ingen ændringer: tallene er allerede som i regnearket."),
    done_url=lambda record: reverse("capacity:overview"),
    # Measured: 500 house-months took 13 s on a 2-core machine under heavy load (about 26 ms each), so 200 stay well
    # inside a web request's 30 s even then.
    background_after=200,
)
