import pytest
from django.contrib.auth import get_user_model

from districts import demo
from districts.models import District, Institution


@pytest.fixture
def organisation(db):
    demo.load_organisation()
    return {
        "nord": District.objects.get(name="Distrikt Nord"),
        "syd": District.objects.get(name="Distrikt Syd"),
        "egebjerg": Institution.objects.get(name="Børnehuset Egebjerg"),
        "skovlunde": Institution.objects.get(name="Børnehuset Skovlunde"),
    }


@pytest.fixture
def login(client):
    def _login(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return client

    return _login
