from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    # The redirect URI to register at the provider is this one: https://<host>/sso/callback/
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("authenticate/", views.AuthenticateView.as_view(), name="authenticate"),
    path("grupper/", views.group_mappings, name="group_mappings"),
    path("grupper/<int:pk>/slet/", views.group_mapping_delete, name="group_mapping_delete"),
]
