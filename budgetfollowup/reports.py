"""A round's report: the HTML it is rendered from (Report.html_builder; the worker renders it through
dagtilbud/documents/workflow.py)."""

from django.template.loader import render_to_string

from dagtilbud.smileys import ECONOMY, MILESTONE
from districts.models import Municipality

from . import selectors


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
        "inline_smileys": True,  # a PDF has no page-wide symbols to refer to: each face is drawn where it stands
    })
