"""Capacity as a spreadsheet: one sheet, a row per institution, age group and month. What `capacity_workbook`
writes (the template, filled in with what is recorded), `read_capacity` reads; the import plans and applies it."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud import formatting
from dagtilbud.concurrency import StaleEdit
from dagtilbud.spreadsheets import Problem, Rows, add_sheet, new_workbook, open_book, sheets_csv, workbook_bytes
from districts.models import Institution

from . import services
from .models import TOO_FAR_AHEAD, AgeGroup, MonthlyCapacity, too_far_ahead

SHEET = "Kapacitet"
COLUMNS = ["Distrikt", "Institution", "Aldersgruppe", "Måned", "Godkendte pladser", "Indskrevne børn"]
GROUPS = {**{g.value: g.value for g in AgeGroup}, **{str(g.label).lower(): g.value for g in AgeGroup},
          "0-2 år": "0-2", "3-5 år": "3-5", "vuggestue": "0-2", "børnehave": "3-5"}
MONTH_FORMS = [re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(-01)?"),
               re.compile(r"(01[-./])?(?P<m>\d{1,2})[-./](?P<y>\d{4})")]


def _sheets(records):
    return [(SHEET, COLUMNS, [
        [r.institution.district.name, r.institution.name, r.age_group, r.month.strftime("%Y-%m"), r.places,
         r.children] for r in records])]


def _records(institutions):
    return MonthlyCapacity.objects.filter(institution__in=institutions).select_related(
        "institution__district").order_by("institution__district__name", "institution__name", "month", "age_group")


def capacity_workbook(institutions):
    workbook = new_workbook()
    for title, columns, rows in _sheets(_records(institutions)):
        add_sheet(workbook, title, columns, rows)
    return workbook_bytes(workbook)


def capacity_csv(institutions):
    return sheets_csv(_sheets(_records(institutions)))


@dataclass
class Row:
    institution: object
    age_group: str
    month: datetime.date
    places: int
    children: int
    cell: str  # the row's first cell, for messages


@dataclass
class Plan:
    rows: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # in words
    problems: list = field(default_factory=list)
    to_save: list = field(default_factory=list)  # (Row, the record it changes or None, its version)
    unchanged: int = 0

    @property
    def can_apply(self):
        return not self.problems and bool(self.to_save)

    @property
    def fingerprint(self):
        """What the preview showed: the changes and the versions of the rows they change."""
        text = "\n".join(self.changes) + "\n" + ",".join(str(version) for _row, _record, version in self.to_save)
        return hashlib.sha256(text.encode()).hexdigest()


def _month(value, rows, row, column):
    cell = row.get(column, ("", None))[0]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value or "").strip().lower()
    for pattern in MONTH_FORMS:
        match = pattern.fullmatch(text)
        if match and 1 <= int(match["m"]) <= 12:
            return datetime.date(int(match["y"]), int(match["m"]), 1)
    for number, name in enumerate(formatting.MONTHS, start=1):  # "marts 2026"
        match = re.fullmatch(rf"{name}\s+(\d{{4}})", text)
        if match:
            return datetime.date(int(match[1]), number, 1)
    rows.problems.append(Problem(SHEET, cell, _("Skriv måneden som 2026-03 eller marts 2026.")))
    return None


def import_plan(content):
    """Read the file and say what it would change, and every problem with its cell. Changes nothing."""
    plan = Plan()
    book = open_book(content, plan.problems, (SHEET,))
    if book is None:
        return plan
    rows = Rows(book, SHEET, COLUMNS, plan.problems)
    institutions = {(i.district.name, i.name): i for i in Institution.objects.select_related("district")}
    seen = set()
    for row in rows.rows:
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
        month = _month(row.get("Måned", ("", None))[1], rows, row, "Måned")
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
        plan.rows.append(Row(institution, group, month, places, children, row["Distrikt"][0]))
    existing = {(r.institution_id, r.age_group, r.month): r for r in MonthlyCapacity.objects.filter(
        institution__in={r.institution for r in plan.rows}, month__in={r.month for r in plan.rows})}
    for row in plan.rows:
        record = existing.get((row.institution.pk, row.age_group, row.month))
        words = {"name": row.institution.name, "group": row.age_group, "month": formatting.month_name(row.month),
                 "places": row.places, "children": row.children}
        if record is None:
            plan.changes.append(_("Ny: %(name)s, %(group)s, %(month)s: %(places)d pladser, %(children)d børn.")
                                % words)
        elif (record.places, record.children) != (row.places, row.children):
            plan.changes.append(_("Ændret: %(name)s, %(group)s, %(month)s: %(places)d pladser, %(children)d børn "
                                  "(før %(old_places)d og %(old_children)d).") % {
                **words, "old_places": record.places, "old_children": record.children})
        else:
            plan.unchanged += 1
            continue
        plan.to_save.append((row, record, record.version if record else 0))
    return plan


def import_apply(*, capacity_import, user):
    """Apply a previewed import, all or nothing. Returns the plan; its problems, if any, mean nothing was saved."""
    with capacity_import.file.open("rb") as stored:
        plan = import_plan(stored.read())
    if plan.can_apply and plan.fingerprint != capacity_import.previewed_fingerprint:
        plan.problems.append(Problem(_("Kapaciteten"), "", _(
            "Tallene er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, før du importerer.")))
    if not plan.can_apply:
        return plan
    try:
        with transaction.atomic():
            by_month = {}
            for row, _record, version in plan.to_save:
                by_month.setdefault((row.institution, row.month), []).append((row, version))
            for (institution, month), items in by_month.items():
                services.month_save(
                    institution=institution, month=month,
                    figures={row.age_group: (row.places, row.children) for row, _v in items},
                    seen_versions={row.age_group: version for row, version in items}, user=user)
            capacity_import.applied_at = timezone.now()
            capacity_import.summary = "\n".join(plan.changes)
            capacity_import.save(update_fields=["applied_at", "summary"])
    except StaleEdit:
        plan.problems.append(Problem(_("Kapaciteten"), "", _(
            "Tallene er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, før du importerer.")))
    return plan
