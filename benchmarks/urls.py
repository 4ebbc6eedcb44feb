"""The product's URLs and the benchmark's anchor views (only under benchmarks.settings)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns
from districts.roles import roles_of


def ok_logged_in(request):
    """The limit of any permission-checked page: what every such request pays before its own work (the session,
    the user, their roles), and then "ok"."""
    roles_of(request.user)  # the session and the user: already read by LoginRequiredMiddleware's check
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("benchmark/ok-logged-in/", ok_logged_in, name="benchmark_ok_logged_in"),
    *product_urlpatterns,
]
