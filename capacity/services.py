"""The workflows that change capacity figures; views and the import call these."""

from django.db import IntegrityError, transaction
from django.db.models import Sum

from dagtilbud.concurrency import CHECKED, check_version, stale, versioned_save

from .models import MonthlyCapacity


@transaction.atomic
def month_save(*, institution, month, figures, seen_versions, user):
    """Record a month for an institution: `figures` maps age group -> (places, children). All or nothing.

    `seen_versions` maps age group -> the version the user saw (0: there was none). A record saved by someone else
    since then, or a group without a version, is StaleEdit, and nothing is saved. Returns the records saved.
    """
    saved = []
    for age_group, (places, children) in figures.items():
        record = check_version(MonthlyCapacity, seen_version=seen_versions.get(age_group),
                               institution=institution, age_group=age_group, month=month)
        if record is None:
            record = MonthlyCapacity(institution=institution, age_group=age_group, month=month)
        elif (record.places, record.children) == (places, children):
            continue  # unchanged: no new version, no history row
        record.places, record.children = places, children
        try:
            versioned_save(record, user=user, seen_version=CHECKED, validate_unique=False)
        except IntegrityError:  # someone created the same month at the same moment
            current = MonthlyCapacity.objects.get(institution=institution, age_group=age_group, month=month)
            raise stale(current) from None
        saved.append(record)
    update_institution_places(institution, user)
    return saved


def update_institution_places(institution, user):
    """The organisation's pages show an institution's approved places: those of its newest recorded month."""
    newest = MonthlyCapacity.objects.filter(institution=institution).order_by("-month").values_list(
        "month", flat=True).first()
    if newest is None:
        return
    total = MonthlyCapacity.objects.filter(institution=institution, month=newest).aggregate(p=Sum("places"))["p"]
    if total != institution.places:
        institution.places = total
        institution._history_user = user
        institution.save(update_fields=["places"])
