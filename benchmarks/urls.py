"""The product's URLs and the benchmark's anchor views (only under benchmarks.settings)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns
from districts.roles import roles_of


def ok_logged_in(request):
    """The limit of any permission-checked page: what every such request pays before its own work (the session,
    the user, their roles), and then "ok"."""
    roles_of(request.user)  # the session and the user: already read by LoginRequiredMiddleware's check
    return HttpResponse("ok", content_type="text/plain")


def header_only(request):
    """A page with nothing but the layout: what every logged-in page pays for its header (the menu from the roles,
    the bell's unread count, the CSRF token of the header's logout and language forms)."""
    return render(request, "base.html")


urlpatterns = [
    path("benchmark/ok-logged-in/", ok_logged_in, name="benchmark_ok_logged_in"),
    path("benchmark/header/", header_only, name="benchmark_header"),
    *product_urlpatterns,
]
