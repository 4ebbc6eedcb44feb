from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dagtilbud import lockout
from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.permissions import require_perm

from . import personal_data, services
from .forms import MunicipalityForm, RoleForm, UserCreateForm
from .models import District, Institution, Municipality, Person, Role


@login_not_required
def accessibility_statement(request):
    return render(request, "accessibility.html")


def _leaders_prefetch():
    return Prefetch(
        "roles",
        queryset=Role.objects.filter(kind=Role.Kind.PEDAGOGICAL_LEADER).select_related("user"),
        to_attr="leader_roles",
    )


def district_list(request):
    require_perm(request.user, "districts.view_organisation")
    districts = list(
        District.objects.for_user(request.user)
        .annotate(institution_count=Count("institutions", distinct=True))
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER).select_related("user"),
                to_attr="leader_roles",
            )
        )
    )
    return render(request, "districts/district_list.html", {"districts": districts})


def district_detail(request, pk):
    district = get_object_or_404(District.objects.for_user(request.user), pk=pk)
    require_perm(request.user, "districts.view_district", district)
    institutions = list(
        Institution.objects.filter(district=district).prefetch_related(_leaders_prefetch()).order_by("name")
    )
    district_leaders = list(
        Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER, district=district).select_related("user")
    )
    return render(
        request,
        "districts/district_detail.html",
        {
            "district": district,
            "institutions": institutions,
            "district_leaders": [r.user for r in district_leaders],
            "pedagogical_leaders": Role.objects.span_of_control(district=district),
        },
    )


def institution_detail(request, pk):
    institution = get_object_or_404(
        Institution.objects.for_user(request.user).select_related("district").prefetch_related(_leaders_prefetch()),
        pk=pk,
    )
    require_perm(request.user, "districts.view_institution", institution)
    return render(request, "districts/institution_detail.html", {"institution": institution})


def user_list(request):
    require_perm(request.user, "districts.manage_organisation")
    users = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.select_related("district", "institution", "committee", "center"))
        )
    )
    return render(request, "districts/user_list.html", {"users": users})


def user_create(request):
    require_perm(request.user, "districts.manage_organisation")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Brugeren %(name)s er oprettet. Giv brugeren en rolle.") % {"name": user})
        return redirect("districts:user_roles", pk=user.pk)
    return render(request, "districts/user_form.html", {"form": form})


def user_roles(request, pk):
    require_perm(request.user, "districts.manage_organisation")
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    form = RoleForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Rollen er tilføjet."))
        return redirect("districts:user_roles", pk=person.pk)
    roles = person.roles.select_related("district", "institution", "committee", "center")
    return render(request, "districts/user_roles.html", {"person": person, "roles": roles, "form": form,
                                                         "locked_from": lockout.locked_addresses(person.username)})


@require_POST
def user_unlock(request, pk):
    """Lift a login lockout before the cool-off ends (the person called to say they are locked out)."""
    require_perm(request.user, "districts.manage_organisation")
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    lockout.username_unlock(username=person.username)
    messages.success(request, _("Spærringen er ophævet: %(username)s kan logge ind igen.") % {
        "username": person.username})
    return redirect("districts:user_roles", pk=person.pk)


@require_POST
def role_delete(request, pk):
    require_perm(request.user, "districts.manage_organisation")
    role = get_object_or_404(Role.objects.for_user(request.user), pk=pk)
    try:
        services.role_remove(role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rollen er fjernet."))
    return redirect(reverse("districts:user_roles", kwargs={"pk": role.user_id}))


def municipality_settings(request):
    """The municipality's name, the unit that signs the reports, and the span-of-control limit the dashboards flag."""
    require_perm(request.user, "districts.manage_organisation")
    form = MunicipalityForm(request.POST or None, instance=Municipality.objects.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_save(municipality=form.save(commit=False), seen_version=form.cleaned_data["version"],
                                       user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret indstillingerne, mens du arbejdede. Det, "
                                        "den anden har gemt, står ved felterne. Ret til, og gem igen."))
        else:
            messages.success(request, _("Indstillingerne er gemt."))
            return redirect("districts:municipality_settings")
    return render(request, "form.html", {"form": form, "heading": _("Kommunens indstillinger")})


def user_export(request, pk):
    """The person's data as a JSON download: what the municipality answers a request for access with."""
    require_perm(request.user, "districts.manage_organisation")
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    response = JsonResponse(personal_data.person_export(person=person), encoder=DjangoJSONEncoder,
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="persondata-{person.pk}.json"'
    return response


def user_anonymise(request, pk):
    """GET asks (a page, not the browser's confirm()), POST anonymises."""
    require_perm(request.user, "districts.manage_organisation")
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    if request.method != "POST":
        return render(request, "confirm.html", {
            "heading": _("Anonymisér %(name)s?") % {"name": person.get_full_name() or person.username},
            "lead": _("Det kan ikke fortrydes."),
            "consequences": [_("Navn, e-mail, adgangskode og roller fjernes, og personen kan ikke logge ind."),
                             _("Historikken bevares med et anonymt brugernavn (slettet-nummer) som forfatter.")],
            "button": _("Ja, anonymisér"),
            "cancel_url": reverse("districts:user_roles", args=[person.pk]),
        })
    try:
        personal_data.person_anonymise(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Personens navn, e-mail, adgangskode og roller er fjernet. Historikken er "
                                    "bevaret med %(username)s som forfatter.") % {"username": person.username})
    return redirect("districts:user_roles", pk=person.pk)


class PasswordSetView(SuccessMessageMixin, PasswordResetConfirmView):
    """A one-time link to choose one's password (`manage.py create_administrator` prints one when no password is
    given): Django's own, which checks the signed token (it stops working once the password is set, and after
    PASSWORD_RESET_TIMEOUT), with our page and the login page after."""

    template_name = "registration/password_set.html"
    success_url = reverse_lazy("login")
    success_message = gettext_lazy("Din adgangskode er gemt. Log ind med den.")
