"""The pages of reporting (indberetning): the reporter's grid of their centre's rows, and the administrator's
opening, closing, review (approve or return) of a round's rows. The workflows are in reporting.py."""

import re

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dagtilbud import fragments
from dagtilbud.concurrency import StaleEdit, stale_who
from dagtilbud.permissions import require_perm
from districts.roles import roles_of

from . import grid_html, reporting, selectors, services
from .forms import ReportingOpenForm, ReviewForm
from .grid import RoundGrid
from .models import FollowUpRound, Initiative, Submission
from .views import _round_for

# A grid's fields are named i<initiative id>-<field> (GridRowForm's prefix), their hidden initials initial-i<id>-...
ROW_FIELD = re.compile(r"^(?:initial-)?i(\d+)-")


def _named(post):
    """Every initiative id a posted grid names, whatever the page offered."""
    return {int(m.group(1)) for key in post for m in [ROW_FIELD.match(key)] if m}


def reporting_page(request, pk):
    """A reporter's rows in an open round: their centre's initiatives in the keyboard-fast grid, last round's values
    beside them; save as a draft, send one row (its tick) or all. Sent and approved rows are shown, not editable.

    As loaded (a GET), the rows are the stored values, the same for everyone with the same roles until the data
    changes: written once per data revision and kept in the fragment cache, as the status grid's; a save moves the
    revision, so the page after it is written afresh. A posted grid is written every time."""
    require_perm(request.user, "budgetfollowup.report")
    key = fragments.key("reporting-rows", request.user, [pk])  # before the data is read (dagtilbud.revision)
    round_ = get_object_or_404(FollowUpRound.objects.of_reporter(request.user).select_related(
        "agreement", "agreement__committee"), pk=pk)
    if not round_.is_open_for_reporting:
        # Closed or published while the page was open: said plainly, and nothing saved.
        messages.error(request, _("Intet er gemt: %(round)s er ikke åben for indberetning.") % {"round": round_.name}
                       if request.method == "POST" else
                       _("%(round)s er ikke åben for indberetning.") % {"round": round_.name})
        return redirect("dashboards:reporter")
    require_perm(request.user, "budgetfollowup.report_round", round_)
    if request.method != "POST":
        written = cache.get(key)
        if written is None:
            grid, done = _reporter_grid(request.user, round_)
            written = {"grid_rows": str(grid_html.reporter_rows(grid)), "has_rows": bool(grid.forms),
                       "done_table": render_to_string("budgetfollowup/_reporting_done.html", {"done": done})}
            cache.set(key, written, timeout=fragments.TIMEOUT)
        return render(request, "budgetfollowup/reporting.html", {
            "round": round_, "has_errors": False, "show_economy": True,
            "grid_rows": mark_safe(written["grid_rows"]), "has_rows": written["has_rows"],
            "done_table": mark_safe(written["done_table"]),
            # No template reads the forms on a GET (the rows are written above); a test that posts back does.
            "rows": fragments.lazy(lambda: _reporter_grid(request.user, round_)[0].rows())})
    grid, done = _reporter_grid(request.user, round_, request.POST)
    editable = {form.row.initiative.pk for form in grid.forms}
    named = _named(request.POST)
    send = editable & named if "send_all" in request.POST else {
        pk for pk in named if request.POST.get(f"i{pk}-send")}
    if grid.is_valid():
        try:
            reporting.reporting_save(round=round_, user=request.user, changes=grid.changes(), send=send,
                                     named=named)
        except reporting.ReportingRefused as refused:
            messages.error(request, str(refused))
            return redirect("budgetfollowup:reporting", pk=round_.pk)
        except services.GridConflicts as stale:
            submissions = {form.row.initiative.pk: form.row.submission for form in grid.forms}
            grid.show_conflicts(stale.conflicts)
            for form in grid.forms:
                form.row.submission = submissions.get(form.row.initiative.pk)
            messages.error(request, _("Intet er gemt: en anden har ændret de markerede indsatser, mens du "
                                      "arbejdede. Se den anden persons værdi, ret til, og gem igen."))
        else:
            if send:
                messages.success(request, ngettext("%(n)d indsats er indsendt.", "%(n)d indsatser er indsendt.",
                                                   len(send)) % {"n": len(send)})
            else:
                messages.success(request, _("Kladden er gemt. Husk at indsende, når du er færdig."))
            return redirect("budgetfollowup:reporting", pk=round_.pk)
    else:
        messages.error(request, _("Intet er gemt: ret fejlene i de markerede indsatser."))
    return render(request, "budgetfollowup/reporting.html", {
        "round": round_, "rows": grid.rows(), "grid_rows": grid_html.reporter_rows(grid), "has_rows": bool(grid.forms),
        "done_table": render_to_string("budgetfollowup/_reporting_done.html", {"done": done}),
        "has_errors": grid.has_errors, "show_economy": True})


def _reporter_grid(user, round_, data=None):
    """The reporter's grid (their centres' rows they may still change, each with its submission) and the rows
    they have sent or had approved. The rows are read once: the grid's forms are built from the same rows."""
    centers = roles_of(user).center_ids
    submissions = reporting.submissions_by_initiative(round_)
    read = selectors.round_rows(round_, every_round=False)
    rows = [row for row in read if row.initiative.responsible_center_id in centers]
    for row in rows:
        row.submission = submissions.get(row.initiative.pk)
    editable = {row.initiative.pk for row in rows
                if row.submission is None or row.submission.editable_by_reporter}
    grid = RoundGrid(round_, data, only=editable, rows=read)
    for form in grid.forms:
        form.row.submission = submissions.get(form.row.initiative.pk)
    return grid, [row for row in rows if row.initiative.pk not in editable]


def reporting_export(request, pk):
    """The reporter's rows of an open round as the round workbook, to fill in and import again."""
    from . import spreadsheets
    from .views import XLSX, _download

    require_perm(request.user, "budgetfollowup.report")
    round_ = get_object_or_404(FollowUpRound.objects.open_for(request.user).select_related(
        "agreement", "agreement__committee"), pk=pk)
    mine = set(Initiative.objects.filter(section__agreement_id=round_.agreement_id,
                                         responsible_center_id__in=roles_of(request.user).center_ids)
               .values_list("pk", flat=True))
    return _download(spreadsheets.round_workbook(round_, only=mine),
                     f"indberetning-{round_.agreement.year}-{round_.number}.xlsx", XLSX)


def reporting_open(request, pk):
    """Open a draft round for reporting with a deadline (or move the deadline)."""
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.manage_reporting", round_)
    form = ReportingOpenForm(request.POST or None, initial={"deadline": round_.reporting_deadline})
    if request.method == "POST" and form.is_valid():
        try:
            reporting.reporting_open(round=round_, deadline=form.cleaned_data["deadline"], user=request.user)
        except reporting.ReportingRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(round)s er åben for indberetning. Indberetterne får besked.") % {
                "round": round_.name})
            return redirect("budgetfollowup:round_grid", pk=round_.pk)
    heading = _("Åbn %(round)s for indberetning") % {"round": round_.name}
    return render(request, "form.html", {"form": form, "heading": heading})


@require_POST
def reporting_close(request, pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.manage_reporting", round_)
    reporting.reporting_close(round=round_, user=request.user)
    messages.success(request, _("%(round)s er lukket for indberetning.") % {"round": round_.name})
    return redirect("budgetfollowup:round_grid", pk=round_.pk)


def submission_review(request, pk, initiative_pk):
    """One centre's row as sent: its values beside last round's, its history; approve it or return it."""
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.manage_reporting", round_)
    initiative = get_object_or_404(Initiative.objects.select_related("responsible_center"),
                                   pk=initiative_pk, section__agreement_id=round_.agreement_id)
    submission = Submission.objects.filter(round=round_, initiative=initiative).select_related("changed_by").first()
    form = ReviewForm(request.POST or None, initial={"version": submission.version if submission else 0})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "return":
                reporting.submission_return(round=round_, initiative=initiative, comment=form.cleaned_data["comment"],
                                            seen_version=form.cleaned_data["version"], user=request.user)
                messages.success(request, _("%(number)s er sendt retur til centret.") % {"number": initiative.number})
            else:
                reporting.submission_approve(round=round_, initiative=initiative,
                                             seen_version=form.cleaned_data["version"], user=request.user)
                messages.success(request, _("%(number)s er godkendt.") % {"number": initiative.number})
        except reporting.ReportingRefused as refused:
            form.add_error("comment" if action == "return" else None, str(refused))
        except StaleEdit as stale:
            form.add_error(None, _("Intet er gemt: %(who)s har ændret indberetningen, mens du så på den. Se den igen.")
                           % {"who": stale_who(stale)})
            form.data = form.data.copy()
            form.data["version"] = stale.current.version if stale.current else 0
        else:
            return redirect(f"{reverse('budgetfollowup:round_grid', args=[round_.pk])}#row-{initiative.pk}")
    row = next(r for r in selectors.round_rows(round_, every_round=False) if r.initiative.pk == initiative.pk)
    history = list(Submission.history.filter(round_id=round_.pk, initiative_id=initiative.pk)
                   .select_related("history_user").order_by("-history_date")) if submission else []
    return render(request, "budgetfollowup/submission_review.html", {
        "round": round_, "initiative": initiative, "submission": submission, "row": row, "form": form,
        "history": history})


@require_POST
def submissions_approve(request, pk):
    """Approve every sent row of the round at once."""
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.manage_reporting", round_)
    try:
        count = reporting.submissions_approve_sent(round=round_, user=request.user)
    except reporting.ReportingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, ngettext("%(n)d indsendt indsats er godkendt.",
                                           "%(n)d indsendte indsatser er godkendt.", count) % {"n": count})
    return redirect("budgetfollowup:round_grid", pk=round_.pk)
