import pytest

from districts.models import District, Institution
from tests.shared_demo import load_demo


@pytest.fixture
def organisation(db):
    load_demo("organisation")
    return {
        "nord": District.objects.get(name="Distrikt Nord"),
        "syd": District.objects.get(name="Distrikt Syd"),
        "egebjerg": Institution.objects.get(name="Børnehuset Egebjerg"),
        "skovlunde": Institution.objects.get(name="Børnehuset Skovlunde"),
    }

