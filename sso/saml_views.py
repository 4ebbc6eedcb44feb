"""Single sign-on over SAML 2.0: djangosaml2's views, open before login, answering 404 while SAML is not configured,
and ending every way a login can fail on the same Danish pages as OpenID Connect (sso.views)."""

import calendar
import logging
from datetime import UTC, datetime, timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views
from saml2.metadata import entity_descriptor
from saml2.response import StatusAuthnFailed, StatusRequestDenied
from saml2.time_util import str_to_time

from . import saml, services
from .views import _failed, _no_access, _refused, _unreachable

log = logging.getLogger(__name__)


class _Enabled:
    def dispatch(self, request, *args, **kwargs):
        if not saml.enabled():
            raise Http404
        try:
            saml.sp_config(request)  # the provider's metadata read (or kept from the last hour)
        except saml.ProviderError as exc:
            return _unreachable(request, exc, saml.display_name())
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class LoginView(_Enabled, saml_views.LoginView):
    """Sends the browser to the provider with a login request (HTTP-Redirect binding), whose id is kept in the SAML
    session so that only the answer to it is accepted."""


@method_decorator(login_not_required, name="dispatch")
class AssertionConsumerView(_Enabled, saml_views.AssertionConsumerServiceView):
    """Where the provider posts its answer (the assertion consumer service). pysaml2 checks it; the backend finds
    the person; every refusal gets a Danish page."""

    def custom_validation(self, response):
        # Each assertion is accepted once, on any of our machines, until it expires.
        assertion = response.assertion
        expires = assertion.conditions.not_on_or_after if assertion.conditions else None
        services.assertion_use_once(assertion_id=assertion.id, expires=_aware(expires))

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        refusal = getattr(request, "sso_refusal", None)
        if refusal is not None:
            return _no_access(request, refusal, getattr(request, "sso_email", ""), saml.display_name())
        if isinstance(exception, (StatusRequestDenied, StatusAuthnFailed)):
            log.info("single sign-on (SAML): the provider answered %s", exception)
            return _failed(request, _cancelled_message(), 400)
        # A signature that does not verify, another audience, an expired or replayed assertion, an answer to no
        # request of this browser: someone may be forging or replaying a login.
        return _refused(request, exception)


def _cancelled_message():
    return _("Log ind blev afbrudt hos %(name)s, så du er ikke logget ind.") % {"name": saml.display_name()}


def _aware(saml_time):
    """An assertion's NotOnOrAfter as an aware datetime (an hour from now when it has none)."""
    if not saml_time:
        return datetime.now(UTC) + timedelta(hours=1)
    return datetime.fromtimestamp(calendar.timegm(str_to_time(saml_time)), UTC)


@method_decorator(login_not_required, name="dispatch")
class MetadataView(_Enabled, saml_views.SPConfigMixin, saml_views.View):
    """Our metadata (entity id, assertion consumer address, certificate), for the provider's administrator to
    import: https://<host>/sso/saml/metadata/"""

    def get(self, request):
        metadata = entity_descriptor(saml.sp_config(request))
        return HttpResponse(str(metadata).encode(), content_type="text/xml; charset=utf-8")
