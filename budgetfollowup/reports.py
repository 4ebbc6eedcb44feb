"""A round's report: request the next version (a row, then the worker renders it: see dagtilbud/rendering.py), and
the HTML it is rendered from."""

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from dagtilbud import rendering
from dagtilbud.smileys import ECONOMY, MILESTONE
from districts.models import Municipality

from . import selectors
from .models import FollowUpRound, Report


def report_request(*, round, kind, user):
    """Create the next version of the round's report of this kind, and queue its rendering after commit.

    `queued` on the returned report is None until the surrounding transaction commits, then True or False.
    """
    with transaction.atomic():
        round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        last = Report.objects.filter(round=round_, kind=kind).aggregate(v=Max("version"))["v"] or 0
        report = Report.objects.create(round=round_, kind=kind, version=last + 1, requested_by=user)
        rendering.queue_after_commit(report)
    return report


def report_html(report):
    round_ = report.round
    data = selectors.round_report(round_)
    rows = data["rows"]
    counts = {
        "milestone": [(m, sum(1 for r in rows if r.milestone.smiley == key)) for key, m in MILESTONE.items()],
        "economy": [(m, sum(1 for r in rows if r.economy.smiley == key)) for key, m in ECONOMY.items()],
    }
    red = [r for r in rows if r.milestone.smiley == "red" or r.economy.smiley == "red"]
    return render_to_string("budgetfollowup/report.html", {
        "report": report, "round": round_, "agreement": round_.agreement,
        "municipality": Municipality.objects.current(), "sections": data["sections"],
        "counts": counts, "red_rows": red, "economy": data["economy"], "changes": data["changes"],
    })
