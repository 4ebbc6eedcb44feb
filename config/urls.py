from django.contrib import admin
from django.urls import include, path
from mozilla_django_oidc.views import OIDCLogoutView

from dagtilbud import views as dagtilbud_views
from dashboards import views as dashboard_views
from districts import language as district_language
from districts import views as district_views
from sso import views as sso_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("overblik/", include("dashboards.urls")),
    path("healthz/", dagtilbud_views.health, name="health"),
    path("readyz/", dagtilbud_views.ready, name="ready"),
    path("login/", sso_views.LoginView.as_view(), name="login"),
    # Ends the session here and, for a single sign-on session, at the provider too (sso.views.logout_url).
    path("logout/", OIDCLogoutView.as_view(), name="logout"),
    path("sso/", include("sso.urls")),
    path("tilgaengelighed/", district_views.accessibility_statement, name="accessibility"),
    path("sprog/", district_language.language_switch, name="language"),
    path("organisation/", include("districts.urls")),
    path("budget/", include("budgetfollowup.urls")),
    path("evaluering/", include("evaluations.urls")),
    path("kapacitet/", include("capacity.urls")),
    path("tilsyn/", include("supervision.urls")),
    path("laereplaner/", include("learningplans.urls")),
    path("notifikationer/", include("notifications.urls")),
    path("django-admin/", admin.site.urls),
]
