"""What an import would do, cell by cell (`Plan`), and how an app declares its importer (`Importer`)."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Callable

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

# A preview shows this many changes and problems in full; the rest are counted. The fingerprint covers them all.
SHOWN = 500


@dataclass
class CellChange:
    """One value the import changes, named as the workbook names it: "Indsatser!D3" and the column "Titel"."""
    cell: str
    column: str
    old: str
    new: str


@dataclass
class Change:
    """One thing the import does ("Ændret indsats 3.2. Pilotprojekt"), its cells, and, if it changes what a
    published document shows, the warning in words."""
    title: str
    cells: list = field(default_factory=list)
    published: str = ""


@dataclass
class Plan:
    """What an import would do. An app's reader fills it (and may subclass it to carry what its apply needs)."""
    subject: str = ""  # what the import is about: the agreement and its year, the institutions and months
    changes: list = field(default_factory=list)  # Change
    problems: list = field(default_factory=list)  # spreadsheets.Problem
    unchanged: int = 0  # rows already as in the file
    basis: str = ""  # the versions of the data the plan was computed from (see fingerprint)
    work: int = 0  # the saves the apply makes: above the importer's background_after, a worker applies it

    @property
    def can_apply(self):
        return not self.problems and bool(self.changes)

    @property
    def cell_count(self):
        """What the preview counts: changed cells (one changed initiative may change three), as the user sees them."""
        return sum(len(change.cells) for change in self.changes)

    @property
    def warnings(self):
        return [c for c in self.changes if c.published]

    @property
    def fingerprint(self):
        """What the preview showed and what it was computed from: the same file against changed data gives
        another fingerprint, so a confirmation of the earlier preview is refused."""
        text = json.dumps([asdict(c) for c in self.changes], sort_keys=True, default=str) + "\n" + self.basis
        return hashlib.sha256(text.encode()).hexdigest()

    def as_preview(self):
        """The plan as the preview page shows it, JSON for the row: the first SHOWN changes and problems, and
        how many there are."""
        return {
            "subject": self.subject, "changes": [asdict(c) for c in self.changes[:SHOWN]],
            "change_count": len(self.changes), "cell_count": self.cell_count,
            "problems": [str(p) for p in self.problems[:SHOWN]],
            "problem_count": len(self.problems), "unchanged": self.unchanged,
            "warning_count": len(self.warnings), "warning_cells": sum(len(c.cells) for c in self.warnings),
            "work": self.work,
        }


# --- Importers ------------------------------------------------------------------------------------------------------

@dataclass
class Importer:
    """How one app imports: its row model, reader and apply, permission, URLs and words."""
    model: type
    read: Callable  # read(content, progress) -> Plan
    apply: Callable  # apply(*, plan, record, user, progress)
    permission: str  # asked of the user by every step's view
    namespace: str  # the app's URL namespace; its URLs are named upload_url, f"{name}_preview" and so on
    upload_url: str
    title: str
    intro: str
    templates: tuple  # (label, URL name) of the templates to download
    note: str = ""
    stale_message: str = gettext_lazy("Dataene er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, "
                                      "før du importerer.")
    nothing_to_do: str = gettext_lazy("Ingen ændringer: dataene er allerede som i regnearket.")
    done_url: Callable = None  # done_url(record) -> where to go after a successful import
    background_after: int = 100  # saves applied in the web request; more go to a worker
    name: str = "import"  # the steps' URL names: "import_preview", "import_apply"; a second importer of an app
    # in the same namespace takes another ("forecast_import" -> "forecast_import_preview")
    # An importer whose reading depends on who uploaded (what they may change) sets `reads_uploader`: its read is
    # called read(content, progress, user=<the uploader>). (Who may open whose uploads: the row's for_user.)
    reads_uploader: bool = False

    @property
    def label(self):
        return self.model._meta.label


def importer_for(model):
    return import_string(model.importer)
