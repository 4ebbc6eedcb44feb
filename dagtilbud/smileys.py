"""The smileys: the traffic-light scales the follow-up speaks in, with their words.

One definition serves every page, the grid and the PDF, so a smiley always reads the same. Colour never carries the
meaning alone: each level has a face (happy, neutral, sad) and words.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Smiley(models.TextChoices):
    GREEN = "green", _("Grøn")
    YELLOW = "yellow", _("Gul")
    RED = "red", _("Rød")


@dataclass(frozen=True)
class SmileyMeaning:
    level: str
    face: str  # happy / neutral / sad
    label: str  # short words shown beside the face
    definition: str  # the reading guide's full definition

    @property
    def colour(self):
        return COLOURS[self.level]


# Chosen for contrast against the black face features (and with the words beside them, never meaning alone).
COLOURS = {"green": "#2e9e44", "yellow": "#f2c318", "red": "#e04848"}


MILESTONE = {
    Smiley.GREEN: SmileyMeaning("green", "happy", _("Nået"), _("Milepæl er nået")),
    Smiley.YELLOW: SmileyMeaning(
        "yellow",
        "neutral",
        _("Ikke fuldt nået, realistisk"),
        _("Milepæl er ikke fuldt nået, men det er fortsat realistisk, at det samlede mål for året nås"),
    ),
    Smiley.RED: SmileyMeaning(
        "red",
        "sad",
        _("Ikke nået, ikke realistisk"),
        # The municipality's reading guide has "under givende forudsætninger", a slip for "givne".
        _(
            "Milepæl er ikke nået, og det er ikke realistisk at nå milepæl inden for budgetperioden under givne "
            "forudsætninger"
        ),
    ),
}

ECONOMY = {
    Smiley.GREEN: SmileyMeaning(
        "green", "happy", _("Budget overholdt"), _("Budgettet er overholdt eller besparelsen er opnået")
    ),
    Smiley.RED: SmileyMeaning(
        "red",
        "sad",
        _("Budget ikke overholdt"),
        _("Budgettet er ikke overholdt eller den forventede besparelse opnås ikke i perioden"),
    ),
}

SCALES = {"milestone": MILESTONE, "economy": ECONOMY}

MILESTONE_CHOICES = [(k.value, m.label) for k, m in MILESTONE.items()]
ECONOMY_CHOICES = [(k.value, m.label) for k, m in ECONOMY.items()]


def meaning(value, scale: str) -> SmileyMeaning | None:
    if not value:
        return None
    return SCALES[scale].get(value)
