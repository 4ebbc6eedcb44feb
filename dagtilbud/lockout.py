"""Login lockout (django-axes): who is locked, and the page a locked-out login gets.

Axes counts wrong passwords per username and client address together (AXES_LOCKOUT_PARAMETERS), so nobody can
lock a colleague out from another machine, and a shared address (the municipality's proxy) does not lock out
everyone behind it. LockoutHandler adds a limit per client: an address that has failed for
AXES_CLIENT_USERNAME_LIMIT different usernames within the cool-off is locked as a whole, which is what spraying one
password over many usernames looks like (each username alone never reaches its limit)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_address(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE). Each of our TRUSTED_PROXY_COUNT proxies appends the address it
    was reached from to X-Forwarded-For, so the client is that many entries from the end; anything before was sent
    by the client and may be made up."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # A single sign-on that found nobody names no username: no password was guessed and there is no one to lock
        # (counted, it would lock the address for every colleague behind it).
        if not get_client_username(request, credentials):
            return
        super().user_login_failed(sender, credentials, request, **kwargs)

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if self.client_tried_too_many_usernames(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def client_tried_too_many_usernames(self, request):
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        usernames = (AccessAttempt.objects.filter(ip_address=address, failures_since_start__gt=0,
                                                  attempt_time__gte=get_cool_off_threshold(request))
                     .values("username").distinct().count())
        return usernames >= settings.AXES_CLIENT_USERNAME_LIMIT


def locked_out(request, original_response=None, credentials=None):
    """Danish, with the number of minutes to wait, and 429 Too Many Requests (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    whole_client = LockoutHandler().client_tried_too_many_usernames(request)
    return render(request, "registration/locked_out.html", {"minutes": minutes, "whole_client": whole_client},
                  status=429)


def locked_addresses(username):
    """The client addresses this username is locked from now (for the person's page)."""
    return sorted(set(AccessAttempt.objects.filter(
        username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME).values_list("ip_address", flat=True)))


def username_unlock(*, username):
    """An administrator lifts a username's lockout before the cool-off ends: its failed attempts, from every
    address, are forgotten. Returns how many records were removed."""
    return reset(username=username)
