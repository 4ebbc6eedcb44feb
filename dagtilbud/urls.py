from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dagtilbud import views as dagtilbud_views
from dashboards import views as dashboard_views
from districts import language as district_language
from districts import views as district_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("overblik/", include("dashboards.urls")),
    path("healthz/", dagtilbud_views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tilgaengelighed/", district_views.accessibility_statement, name="accessibility"),
    path("sprog/", district_language.language_switch, name="language"),
    path("organisation/", include("districts.urls")),
    path("budget/", include("budgetfollowup.urls")),
    path("evaluering/", include("evaluations.urls")),
    path("kapacitet/", include("capacity.urls")),
    path("tilsyn/", include("supervision.urls")),
    path("notifikationer/", include("notifications.urls")),
    path("django-admin/", admin.site.urls),
]
