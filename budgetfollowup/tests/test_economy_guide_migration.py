"""Moving the economy paragraph out of the reading guide: an agreement with the old default gets the new pair, one
with its own guide keeps its words and gains nothing it did not write."""

import importlib

from django.apps import apps

from budgetfollowup.models import DEFAULT_ECONOMY_GUIDE, DEFAULT_READING_GUIDE, BudgetAgreement
from budgetfollowup.services import agreement_create
from districts.models import Committee

migration = importlib.import_module("budgetfollowup.migrations.0008_agreement_economy_guide")


def test_the_old_default_guide_is_split_and_an_own_guide_left_as_written(db):
    committee = Committee.objects.create(name="Børne- og Skoleudvalget")
    other = Committee.objects.create(name="Kultur- og Fritidsudvalget")
    default = agreement_create(title="Aftale om budget 2019", year=2019, committee=committee)
    own = agreement_create(title="Aftale om budget 2019", year=2019, committee=other,
                           reading_guide="Vores egen læsevejledning.\n\nØkonomien følges op hvert kvartal.")
    BudgetAgreement.objects.filter(pk=default.pk).update(reading_guide=migration.OLD_DEFAULT)

    migration.split_the_default_guide(apps, None)

    default.refresh_from_db()
    own.refresh_from_db()
    assert (default.reading_guide, default.economy_guide) == (DEFAULT_READING_GUIDE, DEFAULT_ECONOMY_GUIDE)
    assert "alternativ finansiering" in default.economy_guide
    assert (own.reading_guide, own.economy_guide) == (
        "Vores egen læsevejledning.\n\nØkonomien følges op hvert kvartal.", "")

    migration.join_the_guide(apps, None)
    default.refresh_from_db()
    own.refresh_from_db()
    assert default.reading_guide == migration.OLD_DEFAULT
    assert own.reading_guide == "Vores egen læsevejledning.\n\nØkonomien følges op hvert kvartal."
