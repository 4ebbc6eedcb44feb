"""The page a locked-out login gets (django-axes calls `locked_out` via AXES_LOCKOUT_CALLABLE): Danish, with the
number of minutes to wait, and 429 Too Many Requests."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
