from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dagtilbud.concurrency import StaleEdit
from dagtilbud.fragments import lazy
from dagtilbud.permissions import require_perm
from districts.models import ANSWER, District, Institution
from districts.roles import roles_of

from . import charts, selectors, services, spreadsheets
from .forms import MonthField, MonthForm, field_name
from .models import AgeGroup, MonthlyCapacity

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _months(institutions):
    return selectors.months_up_to(selectors.last_month(institutions))


def overview(request):
    """The municipality (or the part of it in view) month by month, and each district and institution."""
    require_perm(request.user, "capacity.view_capacity")
    # The same for everyone with the same roles: cached per data revision in the template, computed only when the
    # cache has no copy.
    return render(request, "capacity/overview.html", {"data": lazy(_overview, request.user)})


def _overview(user):
    institutions = Institution.objects.for_user(user, ANSWER).select_related("district")
    months = _months(institutions)
    # Whoever sees several districts (the administration) finds each district's houses on its page: a year of
    # every house in the municipality is thousands of cells no one reads on one page.
    data = selectors.overview(institutions, months, per_institution=not roles_of(user).sees_several_districts)
    return {**data, "months": months, "total_lines": [data["total"]],
            "chart": charts.utilisation_bars(data["total"], months, data["municipality"])}


def district(request, pk):
    require_perm(request.user, "capacity.view_capacity")
    district_ = get_object_or_404(District.objects.for_user(request.user, ANSWER), pk=pk)
    require_perm(request.user, "capacity.view_district_capacity", district_)
    institutions = Institution.objects.filter(district=district_).select_related("district")
    months = _months(institutions)
    data = selectors.overview(institutions, months)
    line = data["districts"][0] if data["districts"] else selectors.Line(district_.name, district_,
                                                                          [None] * len(months))
    return render(request, "capacity/district.html", {
        **data, "district": district_, "line": line, "months": months, "lines_all": data["institutions"],
        "chart": charts.utilisation_bars(line, months, data["municipality"])})


def institution(request, pk):
    require_perm(request.user, "capacity.view_capacity")
    institution_ = get_object_or_404(
        Institution.objects.for_user(request.user, ANSWER).select_related("district"), pk=pk)
    require_perm(request.user, "capacity.view_institution_capacity", institution_)
    institutions = Institution.objects.filter(pk=institution_.pk)
    months = _months(institutions)
    data = selectors.overview(institutions, months)
    line = data["institutions"][0]
    groups = selectors.institution_detail(institution_, months)
    rows = [(month, [group.figures[n] for group in groups], line.figures[n])
            for n, month in reversed(list(enumerate(months)))]
    return render(request, "capacity/institution.html", {
        "institution": institution_, "months": months, "line": line, "municipality": data["municipality"],
        "groups": [AgeGroup(group.obj) for group in groups], "rows": rows,
        "chart": charts.utilisation_bars(line, months, data["municipality"])})


def _groups_for(institution):
    if institution.kind == Institution.Kind.FAMILY_DAYCARE:
        return [AgeGroup.FAMILY_DAYCARE]
    return [AgeGroup.NURSERY, AgeGroup.KINDERGARTEN]


def month_edit(request, pk):
    """Record (or correct) a month of an institution; the month's current figures are shown when it is chosen."""
    require_perm(request.user, "capacity.manage_capacity")
    institution_ = get_object_or_404(
        Institution.objects.for_user(request.user, ANSWER).select_related("district"), pk=pk)
    groups = _groups_for(institution_)
    try:
        month = MonthField(required=False).clean(request.GET.get("maaned", ""))
    except ValidationError:  # a malformed month in the address: start from an empty form
        month = None
    initial = {"month": month}
    if month:
        for record in MonthlyCapacity.objects.filter(institution=institution_, month=month):
            initial[field_name("places", record.age_group)] = record.places
            initial[field_name("children", record.age_group)] = record.children
            initial[field_name("version", record.age_group)] = record.version
    form = MonthForm(request.POST or None, initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.month_save(institution=institution_, month=form.cleaned_data["month"], figures=form.figures,
                                seen_versions=form.seen_versions, user=request.user)
        except StaleEdit as stale:
            form.refuse_stale(stale, MonthlyCapacity.objects.filter(institution=institution_,
                                                                    month=form.cleaned_data["month"]))
        except ValidationError as error:  # the model's own rules (a month too far ahead)
            form.add_error(None, error)
        else:
            messages.success(request, _("Måneden er gemt."))
            return redirect("capacity:institution", pk=institution_.pk)
    return render(request, "capacity/month_form.html", {"form": form, "institution": institution_})


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export(request, fmt):
    """What the user may see, as the import template: a row per institution, age group and month."""
    require_perm(request.user, "capacity.view_capacity")
    institutions = Institution.objects.for_user(request.user, ANSWER).select_related("district")
    if fmt == "csv":
        return _download(spreadsheets.capacity_csv(institutions), "kapacitet.csv", "text/csv; charset=utf-8")
    return _download(spreadsheets.capacity_workbook(institutions), "kapacitet.xlsx", XLSX)
