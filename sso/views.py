"""The login page, the single sign-on round trip (mozilla-django-oidc's views, given their endpoints from the
discovery document and Danish pages for every way a login can end), logging out at the provider too, and the
administrators' page that maps the provider's groups to roles."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from dagtilbud.permissions import require_perm
from districts.models import Role

from . import provider as provider_
from . import saml, services
from .backends import Refusal
from .forms import GroupRoleMappingForm
from .models import GroupRoleMapping

log = logging.getLogger(__name__)


def _sso_context():
    # With SAML alone, its provider is the one the pages name.
    name = provider_.display_name() if provider_.enabled() or not saml.enabled() else saml.display_name()
    return {"sso_enabled": provider_.enabled(), "sso_name": name,
            "saml_enabled": saml.enabled(), "saml_name": saml.display_name(),
            "password_login": settings.PASSWORD_LOGIN}


class LoginView(auth_views.LoginView):
    """Django's login page, with "Log ind med <provider>" first when single sign-on is configured; with
    PASSWORD_LOGIN off it shows only that, and a posted password is refused before it is checked."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if provider_.enabled() or saml.enabled():
            # The provider's button comes first; focus placed in the username field would skip past it.
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_sso_context()}

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            context = self.get_context_data(password_refused=True)
            return self.render_to_response(context, status=403)
        return super().post(request, *args, **kwargs)


def _failed(request, message, status):
    return render(request, "sso/failed.html", {"message": message, **_sso_context()}, status=status)


def _unreachable(request, exc, name=None):
    log.error("single sign-on: the identity provider could not be used: %s", exc)
    return _failed(request, _("%(name)s svarer ikke lige nu. Prøv igen om lidt; bliver det ved, så kontakt "
                              "kommunens IT-support.") % {"name": capfirst(name or provider_.display_name())}, 503)


def _refused(request, exc):
    log.warning("single sign-on refused: %s", exc)
    return _failed(request, _("Log ind kunne ikke bekræftes, så du er ikke logget ind. Start forfra fra log "
                              "ind-siden."), 400)


@method_decorator(login_not_required, name="dispatch")
class AuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge (kept in the session)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's __init__ reads fixed endpoints from settings

    def get(self, request):
        if not provider_.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_.provider().authorization_endpoint
        except provider_.ProviderError as exc:
            return _unreachable(request, exc)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. Every way this can end without a login gets a Danish page: a
    person the app does not know, a state that is not this browser's, a token that fails verification, a provider
    that does not answer."""

    def get(self, request):
        if not provider_.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            # A state not issued to this browser, or an ID token with a wrong signature, audience, issuer or
            # lifetime, or a wrong nonce: someone may be replaying or forging a login.
            return _refused(request, exc)
        except requests.HTTPError as exc:
            if exc.response is not None and 400 <= exc.response.status_code < 500:
                # The provider refused to hand out tokens for this code (used already, or the PKCE verifier does
                # not match the challenge: someone else's code).
                return _refused(request, exc)
            return _unreachable(request, exc)
        except (provider_.ProviderError, requests.RequestException) as exc:
            return _unreachable(request, exc)

    def login_failure(self):
        request = self.request
        refusal = getattr(request, "sso_refusal", None)
        if refusal is not None:
            return _no_access(request, refusal, getattr(request, "sso_email", ""))
        if request.GET.get("error"):
            # The person cancelled, or the provider refused them (error=access_denied and the like).
            log.info("single sign-on: the provider answered %s", request.GET.get("error"))
            return _failed(request, _("Log ind blev afbrudt hos %(name)s, så du er ikke logget ind.")
                           % {"name": provider_.display_name()}, 400)
        # No state kept in this session (it expired, or the login was started in another browser).
        return _failed(request, _("Log ind kunne ikke gennemføres, fordi det blev startet i en anden browser "
                                  "eller for længe siden. Start forfra fra log ind-siden."), 400)


def _no_access(request, refusal, email, name=None):
    administrators = list(
        Role.objects.filter(kind=Role.Kind.ADMINISTRATOR, user__is_active=True)
        .select_related("user").order_by("user__first_name", "user__last_name")[:5]
    )
    return render(request, "sso/no_access.html", {
        "refusal": refusal, "email": email, "administrators": [r.user for r in administrators],
        "unknown": refusal == Refusal.UNKNOWN, "ambiguous": refusal == Refusal.AMBIGUOUS,
        "unverified": refusal == Refusal.UNVERIFIED, **_sso_context(), **({"sso_name": name} if name else {}),
    }, status=403)


def logout_url(request):
    """Where logging out sends the browser (OIDC_OP_LOGOUT_URL_METHOD, called before the session ends): the
    provider's end-session endpoint when this session came from it and the provider offers one (RP-initiated
    logout, which then returns the browser to our login page), otherwise our login page."""
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (provider_.enabled() and id_token):
        return local
    try:
        endpoint = provider_.provider().end_session_endpoint
    except provider_.ProviderError as exc:
        log.warning("single sign-on: logging out here only: %s", exc)
        return local
    if not endpoint:
        return local
    query = urlencode({"id_token_hint": id_token, "client_id": settings.OIDC_RP_CLIENT_ID,
                       "post_logout_redirect_uri": request.build_absolute_uri(local)})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def group_mappings(request):
    """Which of the provider's groups give which role; roles follow the groups at each login."""
    require_perm(request.user, "sso.manage_group_mappings")
    form = GroupRoleMappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mapping = services.group_mapping_create(mapping=form.save(commit=False), user=request.user)
        messages.success(request, _("Gruppen %(group)s giver nu rollen %(role)s ved næste log ind.")
                         % {"group": mapping.group, "role": mapping.role_label()})
        return redirect("sso:group_mappings")
    mappings = list(GroupRoleMapping.objects.select_related("district", "institution", "committee"))
    return render(request, "sso/group_mappings.html", {"form": form, "mappings": mappings, **_sso_context(),
                                                       "groups_claim": settings.OIDC_GROUPS_CLAIM})


@require_POST
def group_mapping_delete(request, pk):
    require_perm(request.user, "sso.manage_group_mappings")
    mapping = get_object_or_404(GroupRoleMapping.objects.for_user(request.user), pk=pk)
    services.group_mapping_delete(mapping=mapping, user=request.user)
    messages.success(request, _("Gruppen %(group)s giver ikke længere rollen %(role)s. Personerne mister den ved "
                                "deres næste log ind.") % {"group": mapping.group, "role": mapping.role_label()})
    return redirect("sso:group_mappings")
