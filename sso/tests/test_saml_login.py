"""Single sign-on over SAML 2.0 against a real identity provider on loopback (pysaml2's, signing with xmlsec1)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from districts.models import District

from .conftest import saml_answer, saml_sign_in
from .saml_idp import decoded, encoded


def logged_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


def test_a_known_email_lands_on_its_roles_start_page(client, organisation, saml_provider):
    saml_provider.set_person("dl.nord@ballerup.example")

    response = saml_sign_in(client, saml_provider, "dl.nord@ballerup.example")

    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"], follow=True)
    nord = District.objects.get(name="Distrikt Nord")
    assert page.redirect_chain[-1][0] == reverse("dashboards:district", args=[nord.pk])
    assert page.context["user"].username == "dl.nord"
