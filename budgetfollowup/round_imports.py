"""The round workbook's importer (the flow is dagtilbud/imports): a round's exported workbook goes back in, its
smileys, status texts and expected spending compared with the round cell by cell, and saved all or nothing through
the same workflows as the grids: an administrator's through services.round_save_grid, a reporter's as a draft of
their centre's rows through reporting.reporting_save (rows of other centres are refused, naming them)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dagtilbud import formatting
from dagtilbud.imports.plans import CellChange, Change, Importer, Plan
from dagtilbud.imports.reading import Problem, Rows, open_book
from dagtilbud.smileys import ECONOMY, MILESTONE, Smiley
from districts.roles import roles_of

from . import reporting, selectors, services
from .models import FollowUpRound, RoundImport
from .spreadsheets import ROUND_SHEET, STATUS_SHEET

READ_COLUMNS = ["Nummer", "Smiley for milepæl", "Status", "Smiley for økonomi", "Forventet regnskab (kr.)"]
# Cell letters of the status sheet as round_workbook writes it, for changes named by their cell.
LETTERS = {"Smiley for milepæl": "D", "Status": "E", "Smiley for økonomi": "F", "Forventet regnskab (kr.)": "I"}
MAX_STATUS = 10_000  # a status text longer than this is surely a mistake; the report prints it whole


def _smiley_words(scale):
    """What a cell may say for each smiley: the short words in Danish and English (the export writes the reader's
    language), the full definition, the colour and the stored value, any case."""
    words = {}
    for value in Smiley:  # every colour, so that a yellow economy is told as such, not as an unknown word
        for language in ("da", "en"):
            with translation.override(language):
                words[str(value.label).lower()] = value.value
        words[value.value] = value.value
    for value, meaning in scale.items():
        for language in ("da", "en"):
            with translation.override(language):
                for text in (meaning.label, meaning.definition, value.label):
                    words[str(text).strip().lower()] = value.value
        words[value.value] = value.value
    return words


@dataclass
class RoundPlan(Plan):
    round: object = None
    changes_to_save: list = field(default_factory=list)  # services.CellChange


def _shown(value, scale=None):
    if value in (None, ""):
        return ""
    if scale is not None:
        return str(scale[value].label)
    if not isinstance(value, str):
        return formatting.kr(value)
    return value


def round_import_plan(content, progress=None, user=None):
    """Read the workbook against its round and say what it would change, cell by cell; changes nothing."""
    plan = RoundPlan()
    book = open_book(content, plan.problems, (STATUS_SHEET, ROUND_SHEET))
    if book is None:
        return plan
    facts = Rows(book, ROUND_SHEET, ["Felt", "Værdi"], plan.problems)
    values = {facts.text(r, "Felt"): r for r in facts.rows}
    missing = [name for name in ("Udvalg", "Budgetår", "Opfølgning") if name not in values]
    if missing:
        plan.problems.append(Problem(ROUND_SHEET, "", _("Felterne mangler: %(names)s.") % {
            "names": ", ".join(missing)}))
        return plan
    committee = facts.text(values["Udvalg"], "Værdi", required=True, label="Udvalg")
    year = facts.integer(values["Budgetår"], "Værdi", 2000, 2100, label="Budgetår")
    number = facts.integer(values["Opfølgning"], "Værdi", 1, 4, label="Opfølgning")
    if plan.problems:
        return plan
    round_ = FollowUpRound.objects.select_related("agreement__committee").filter(
        agreement__committee__name=committee, agreement__year=year, number=number).first()
    if round_ is None:
        plan.problems.append(Problem(ROUND_SHEET, "", _("Der er ingen opfølgning %(n)d på budgetaftalen for "
                                                        "%(committee)s i %(year)d.") % {
            "n": number, "committee": committee, "year": year}))
        return plan
    plan.round, plan.subject = round_, f"{round_.name} – {round_.agreement.title}, {committee}"
    administrator = roles_of(user).is_administrator
    if round_.is_published:
        plan.problems.append(Problem(ROUND_SHEET, "", _("%(round)s er offentliggjort og kan ikke ændres; en "
                                                        "administrator kan genåbne den.") % {"round": round_.name}))
        return plan
    if not administrator and not round_.is_open_for_reporting:
        plan.problems.append(Problem(ROUND_SHEET, "", _("%(round)s er ikke åben for indberetning.") % {
            "round": round_.name}))
        return plan
    rows = {row.initiative.number: row for row in selectors.round_rows(round_, every_round=False)}
    submissions = reporting.submissions_by_initiative(round_)
    centers = roles_of(user).center_ids
    status = Rows(book, STATUS_SHEET, READ_COLUMNS, plan.problems)
    milestone_words, economy_words = _smiley_words(MILESTONE), _smiley_words(ECONOMY)
    seen, foreign, versions = set(), [], []
    for line in status.rows:
        number = status.text(line, "Nummer", required=True)
        cell = line["Nummer"][0]
        row = rows.get(number)
        if not number:
            continue
        if row is None:
            plan.problems.append(Problem(STATUS_SHEET, cell, _("Indsats %(n)s findes ikke i aftalen.") % {
                "n": number}))
            continue
        if number in seen:
            plan.problems.append(Problem(STATUS_SHEET, cell, _("Indsats %(n)s står der to gange.") % {"n": number}))
            continue
        seen.add(number)
        if not administrator and row.initiative.responsible_center_id not in centers:
            foreign.append((cell, row.initiative))
            continue
        problems_before = len(plan.problems)
        new = {}
        for column, words in (("Smiley for milepæl", milestone_words), ("Smiley for økonomi", economy_words)):
            text = status.text(line, column).lower()
            if text and text not in words:
                plan.problems.append(Problem(STATUS_SHEET, line[column][0], _(
                    "“%(text)s” er ikke en smiley: skriv fx Grøn, Gul eller Rød.") % {
                    "text": status.text(line, column)}))
            new[column] = words.get(text, "")
        if new["Smiley for økonomi"] == "yellow":
            plan.problems.append(Problem(STATUS_SHEET, line["Smiley for økonomi"][0],
                                         _("Økonomi har kun grøn og rød smiley.")))
        if new["Smiley for milepæl"] and not row.milestone.text:
            plan.problems.append(Problem(STATUS_SHEET, line["Smiley for milepæl"][0], _(
                "Indsats %(n)s har ingen milepæl i denne opfølgning, så den kan ikke få en smiley.") % {"n": number}))
        new["Status"] = status.text(line, "Status", max_length=MAX_STATUS)
        spending_value = line["Forventet regnskab (kr.)"][1]
        new["Forventet regnskab (kr.)"] = (None if spending_value in (None, "")
                                           else status.amount(line, "Forventet regnskab (kr.)"))
        if len(plan.problems) > problems_before:
            continue  # a row with a problem is not compared: the import will not run anyway
        old = {"Smiley for milepæl": row.milestone.smiley, "Status": row.milestone.status_text,
               "Smiley for økonomi": row.economy.smiley, "Forventet regnskab (kr.)": row.economy.expected_spending}
        changed = [column for column in LETTERS if new[column] != old[column]]
        versions.append(f"{row.initiative.pk}:{row.milestone.version}:{row.economy.version}")
        if not changed:
            plan.unchanged += 1
            continue
        submission = submissions.get(row.initiative.pk)
        if not administrator and submission is not None and not submission.editable_by_reporter:
            plan.problems.append(Problem(STATUS_SHEET, cell, _(
                "Indsats %(n)s er %(state)s og kan ikke ændres, medmindre den sendes retur.") % {
                "n": number, "state": submission.get_state_display().lower()}))
            continue
        line_number = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        scales = {"Smiley for milepæl": MILESTONE, "Smiley for økonomi": ECONOMY}
        plan.changes.append(Change(
            _("Status for %(n)s. %(title)s") % {"n": number, "title": row.initiative.title},
            [CellChange(f"{STATUS_SHEET}!{LETTERS[c]}{line_number}", c, _shown(old[c], scales.get(c)),
                        _shown(new[c], scales.get(c))) for c in changed]))
        milestone = {name: new[column] for column, name in (("Smiley for milepæl", "smiley"), ("Status", "status_text"))
                     if column in changed}
        economy = {name: new[column] for column, name in (("Smiley for økonomi", "smiley"),
                                                          ("Forventet regnskab (kr.)", "expected_spending"))
                   if column in changed}
        plan.changes_to_save.append(services.CellChange(
            initiative_id=row.initiative.pk, milestone_version=row.milestone.version,
            economy_version=row.economy.version, milestone=milestone, economy=economy))
    if foreign:
        plan.problems.append(Problem(STATUS_SHEET, foreign[0][0], _(
            "Du kan kun indberette for dit eget center. Disse indsatser hører under et andet: %(list)s.") % {
            "list": "; ".join(f"{i.number} ({i.responsible_center})" for _cell, i in foreign)}))
    plan.basis = f"round:{round_.pk}:{round_.state}:{round_.reporting_open}:" + ",".join(versions) + ":" + ",".join(
        f"{pk}:{s.version}" for pk, s in sorted(submissions.items()))
    plan.work = len(plan.changes_to_save)
    return plan


def round_import_apply(*, plan, record, user, progress):
    """Save the plan through the grids' workflows, inside the flow's transaction; StaleEdit if a cell moved."""
    round_ = plan.round  # a cell saved meanwhile is services.GridConflicts, a StaleEdit the flow handles
    if roles_of(user).is_administrator:
        services.round_save_grid(round=round_, changes=plan.changes_to_save, user=user)
    else:
        try:
            reporting.reporting_save(round=round_, user=user, changes=plan.changes_to_save)
        except reporting.ReportingRefused as refused:
            raise ValidationError(str(refused)) from refused
    record.round = round_
    record.save(update_fields=["round"])


def _done_url(record):
    if record.round_id and record.uploaded_by_id and roles_of(record.uploaded_by).is_reporter and not roles_of(
            record.uploaded_by).is_administrator:
        return reverse("budgetfollowup:reporting", args=[record.round_id])
    if record.round_id:
        return reverse("budgetfollowup:round_grid", args=[record.round_id])
    return reverse("home")


ROUND_IMPORTER = Importer(
    model=RoundImport, read=round_import_plan, apply=round_import_apply, permission="budgetfollowup.import_round",
    namespace="budgetfollowup", upload_url="round_import", name="round_import",
    title=gettext_lazy("Importér status fra regneark"),
    intro=gettext_lazy("Hent opfølgningens regneark (.xlsx) fra din indberetning eller fra opfølgningens status, "
                       "udfyld smileys (grøn, gul eller rød), status og forventet regnskab, og importér det her. Du "
                       "ser hver ændret celle med den gamle og den nye værdi, før noget gemmes. En indberetter kan "
                       "kun ændre sit eget centers indsatser; de gemmes som kladde og indsendes på siden."),
    templates=(), done_url=_done_url, reads_uploader=True,
    stale_message=gettext_lazy("Opfølgningen er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, "
                               "før du importerer."))
