import pytest

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

