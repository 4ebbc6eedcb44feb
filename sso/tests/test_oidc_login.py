"""Single sign-on against a real OpenID provider on loopback: the whole round trip, as a browser makes it."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from districts.models import District

from .conftest import sign_in


def test_a_known_email_lands_on_its_roles_start_page(client, organisation, oidc_provider):
    gateway = oidc_provider()
    gateway.set_person("dl.nord@ballerup.example", name="Hanne Kjær")

    response = sign_in(client, gateway, "dl.nord@ballerup.example")

    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    nord = District.objects.get(name="Distrikt Nord")
    assert page.redirect_chain[-1][0] == reverse("dashboards:district", args=[nord.pk])
    assert page.context["user"].username == "dl.nord"
    assert "Distrikt Nord" in page.content.decode()
