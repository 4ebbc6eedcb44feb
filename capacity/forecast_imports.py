"""The population forecast's importer (the flow is dagtilbud/imports): two layouts of one sheet, both read here.

- long: Distrikt, Alder, År, Børn (a row per district, age and year);
- wide: Distrikt, Alder, then one column per year (2026, 2027, ...) holding the children.

A district is named by its name or by its code in the forecast (DistrictCode); an .xlsx may call its sheet anything
when it has one, and a CSV needs no line naming the sheet. Every district, every age 0-5 and every year of the file
must be there once. Confirmed, it becomes a new forecast, the current one; earlier forecasts are kept."""

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dagtilbud import formatting
from dagtilbud.imports.plans import CellChange, Change, Importer, Plan
from dagtilbud.imports.reading import Problem, Rows, open_book
from districts.models import District

from . import forecast_services
from .forecast import AGES
from .models import DistrictCode, ForecastFigure, ForecastImport, PopulationForecast

SHEET = "Prognose"
LONG = ["Distrikt", "Alder", "År", "Børn"]
WIDE = ["Distrikt", "Alder"]
YEAR_HEADER = re.compile(r"(\d{4})(\.0)?")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_CHILDREN = 100_000
MAX_YEARS = 30


@dataclass
class ForecastPlan(Plan):
    figures: dict = field(default_factory=dict)  # (district pk, age, year) -> children
    years: tuple = ()


def _with_sheet_line(content):
    """A CSV without the line naming the sheet (a supplier's file) is read as if it had one; True when the line was
    added, so that cells are named by the person's own file (one line up)."""
    named = re.search(rb"^(\xef\xbb\xbf)?\s*" + SHEET.encode() + rb"[;,\t]*\r?$", content[:4096], re.M)
    if content.startswith(b"PK") or named:
        return content, False
    bom = b"\xef\xbb\xbf" if content.startswith(b"\xef\xbb\xbf") else b""
    return bom + SHEET.encode() + b"\r\n" + content[len(bom):], True


def _line_up(cell):
    """"C3" -> "C2": a cell of the line we added counted away again."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", cell or "")
    return f"{match[1]}{int(match[2]) - 1}" if match and int(match[2]) > 1 else cell


def _districts():
    """Lower-case name or code -> district."""
    found = {d.name.strip().lower(): d for d in District.objects.all()}
    for code in DistrictCode.objects.select_related("district"):
        found.setdefault(code.code.strip().lower(), code.district)
    return found


def import_plan(content, progress=None):
    """Read the file and say what the new forecast would hold, cell by cell, and every problem with its cell."""
    progress = progress or (lambda done, total: None)
    plan = ForecastPlan()
    content, added = _with_sheet_line(content)
    book = open_book(content, plan.problems, (SHEET,))
    if book is None:
        return plan
    plan = _read(plan, book, progress)
    if added:
        for problem in plan.problems:
            problem.cell = _line_up(problem.cell)
        for change in plan.changes:
            for cell in change.cells:
                sheet, _sep, name = cell.cell.partition("!")
                cell.cell = f"{sheet}!{_line_up(name)}"
    return plan


def _read(plan, book, progress):
    title = SHEET if SHEET in book.sheetnames or not book.sheetnames else book.sheetnames[0]
    rows = Rows(book, title, WIDE, plan.problems)
    if plan.problems:
        return plan
    header = list(rows.rows[0]) if rows.rows else []
    long = all(column in header for column in LONG)
    year_columns = {} if long else {name: int(m[1]) for name in header if (m := YEAR_HEADER.fullmatch(name))}
    if rows.rows and not long and not year_columns:
        plan.problems.append(Problem(title, "A1", _(
            "Kolonnerne mangler: År og Børn (en række pr. år), eller én kolonne pr. år (2026, 2027 …).")))
        return plan
    for name, year in year_columns.items():
        if not FIRST_YEAR <= year <= LAST_YEAR:
            plan.problems.append(Problem(title, re.sub(r"\d+$", "1", rows.rows[0][name][0]), _(
                "Året %(year)s i overskriften skal være mellem 2000 og 2100.") % {"year": year}))
    if len(year_columns) > MAX_YEARS:
        plan.problems.append(Problem(title, "A1", _("En prognose kan have højst %(n)d år.") % {"n": MAX_YEARS}))
    if plan.problems:
        return plan
    districts = _districts()
    cells = {}  # (district pk, age, year) -> the cell it came from
    for n, row in enumerate(rows.rows, start=1):
        progress(n, len(rows.rows))
        name = rows.text(row, "Distrikt", required=True)
        district = districts.get(name.lower())
        if name and district is None:
            plan.problems.append(Problem(title, row["Distrikt"][0], _(
                "Distriktet “%(name)s” findes ikke, hverken som navn eller som kode.") % {"name": name[:200]}))
        age = rows.integer(row, "Alder", 0, 5)
        if long:
            year = rows.integer(row, "År", FIRST_YEAR, LAST_YEAR)
            values = [(year, "Børn", rows.integer(row, "Børn", 0, MAX_CHILDREN))]
        else:
            values = [(year, column, rows.integer(row, column, 0, MAX_CHILDREN, label=_("Børn i %(year)d") % {
                "year": year})) for column, year in year_columns.items()]
        for year, column, children in values:
            if None in (district, age, year, children):
                continue
            key = (district.pk, age, year)
            if key in plan.figures:
                plan.problems.append(Problem(title, row[column][0], _(
                    "%(district)s, %(age)d år, %(year)d står der to gange.") % {
                    "district": district.name, "age": age, "year": year}))
                continue
            plan.figures[key], cells[key] = children, row[column][0]
    if not plan.problems:
        _check_complete(plan, title)
    if plan.problems:
        plan.figures = {}
        return plan
    if not plan.figures:
        return plan
    plan.years = tuple(sorted({year for _d, _a, year in plan.figures}))
    _describe(plan, title, cells)
    return plan


def _check_complete(plan, title):
    """Every district, every age and every year of the file: a forecast with holes would count missing children
    as none."""
    if not plan.figures:
        return
    years = sorted({year for _d, _a, year in plan.figures})
    names = {d.pk: d.name for d in District.objects.all()}
    absent = sorted(name for pk, name in names.items() if not any(k[0] == pk for k in plan.figures))
    if absent:
        plan.problems.append(Problem(title, "", _("Prognosen mangler distrikterne: %(names)s.") % {
            "names": ", ".join(absent)}))
    for pk in sorted({k[0] for k in plan.figures}, key=names.get):
        missing = [_("%(age)d år i %(year)d") % {"age": age, "year": year}
                   for age in AGES for year in years if (pk, age, year) not in plan.figures]
        if missing:
            shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
            plan.problems.append(Problem(title, "", _("%(district)s mangler: %(missing)s.") % {
                "district": names[pk], "missing": shown}))


def _describe(plan, title, cells):
    districts = {d.pk: d for d in District.objects.all()}
    current = PopulationForecast.objects.current()
    before = {} if current is None else {
        (f.district_id, f.age, f.year): f.children for f in ForecastFigure.objects.filter(forecast=current)}
    first, last = plan.years[0], plan.years[-1]
    plan.subject = _("Befolkningsprognose for %(districts)s, 0-5 år, %(first)d-%(last)d: %(n)s tal. Den bliver den "
                     "gældende prognose; de tidligere gemmes.") % {
        "districts": formatting.districts(len({k[0] for k in plan.figures})), "first": first, "last": last,
        "n": formatting.danish_number(len(plan.figures))}
    for pk in sorted({k[0] for k in plan.figures}, key=lambda pk: districts[pk].name):
        for age in AGES:
            plan.changes.append(Change(
                _("%(district)s, %(age)d år") % {"district": districts[pk].name, "age": age},
                [CellChange(f"{title}!{cells[(pk, age, year)]}", str(year),
                            "" if (pk, age, year) not in before else str(before[(pk, age, year)]),
                            str(plan.figures[(pk, age, year)])) for year in plan.years]))
    # The districts and their codes the file was matched against, and the current forecast it is compared with.
    plan.basis = f"{current.pk if current else ''}:" + ",".join(
        f"{pk}={code}" for pk, code in DistrictCode.objects.order_by("pk").values_list("district_id", "code"))
    plan.work = 1


def import_apply(*, plan, record, user, progress):
    name = _("Befolkningsprognose %(first)d-%(last)d") % {"first": plan.years[0], "last": plan.years[-1]}
    forecast_services.forecast_create(figures=plan.figures, name=name, source=record.original_name[:200], user=user,
                                      source_file=record)


def _done(record):
    forecast = PopulationForecast.objects.filter(source_file=record).first()
    return reverse("capacity:forecast_edit", args=[forecast.pk]) if forecast else reverse("capacity:forecast")


IMPORTER = Importer(
    model=ForecastImport, read=import_plan, apply=import_apply, permission="capacity.manage_forecast",
    namespace="capacity", upload_url="forecast_import", name="forecast_import",
    title=gettext_lazy("Importér befolkningsprognose"),
    intro=gettext_lazy("Forventede børn pr. distrikt, alder (0-5) og år, i en af to former: bred (Distrikt, Alder og "
                       "en kolonne pr. år) eller lang (Distrikt, Alder, År, Børn). Distriktet kan skrives med navn "
                       "eller kode. Prognosen bliver den gældende; de tidligere gemmes."),
    templates=((gettext_lazy("Hent eksemplet i bred form (.csv)"), "forecast_sample_wide"),
               (gettext_lazy("Hent eksemplet i lang form (.csv)"), "forecast_sample_long")),
    stale_message=gettext_lazy("Distrikterne eller den gældende prognose er ændret, siden du så forhåndsvisningen. Se "
                               "forhåndsvisningen igen, før du importerer."),
    nothing_to_do=gettext_lazy("Filen har ingen tal."),
    done_url=_done,
)
