from django.urls import path

from . import saml_views, views

app_name = "sso"
urlpatterns = [
    # The redirect URI to register at the provider is this one: https://<host>/sso/callback/
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("authenticate/", views.AuthenticateView.as_view(), name="authenticate"),
    # SAML 2.0: the provider imports our metadata; it posts its answers to the assertion consumer service.
    path("saml/login/", saml_views.LoginView.as_view(), name="saml_login"),
    path("saml/acs/", saml_views.AssertionConsumerView.as_view(), name="saml_acs"),
    path("saml/metadata/", saml_views.MetadataView.as_view(), name="saml_metadata"),
    path("grupper/", views.group_mappings, name="group_mappings"),
    path("grupper/<int:pk>/slet/", views.group_mapping_delete, name="group_mapping_delete"),
]
