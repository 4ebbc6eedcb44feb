"""Danish formatting and parsing of amounts and dates, shared by pages, forms and PDF reports.

Dates and the words around amounts follow the active language (PDFs render in Danish); the numbers themselves are
always written the Danish way, so that what a form shows is what parse_amount reads back."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.dates import MONTHS as MONTH_NAMES  # translated by Django's own catalogues: "marts", "March"
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Danish month names as people type them (parsing "marts 2026"); display goes through MONTH_NAMES.
MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]
ORDINALS = {1: gettext_lazy("Første"), 2: gettext_lazy("Anden"), 3: gettext_lazy("Tredje"), 4: gettext_lazy("Fjerde")}
MILLION = Decimal(1_000_000)


def danish_number(value, decimals=None) -> str:
    """1234567.5 -> "1.234.567,5"; trailing zeros after the comma are dropped unless decimals is given."""
    value = Decimal(value)
    if decimals is None:
        text = format(value.normalize(), "f")
    else:
        text = f"{value:.{decimals}f}"
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _sep, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


def million_kr(amount) -> str:
    """300000 -> "0,3 mio. kr."; 2500000 -> "2,5 mio. kr."; amounts are stored in whole kroner."""
    millions = (Decimal(amount) / MILLION).quantize(Decimal("0.01")).normalize()
    return _("%(amount)s mio. kr.") % {"amount": danish_number(millions)}


def kr(amount) -> str:
    return _("%(amount)s kr.") % {"amount": danish_number(Decimal(amount).quantize(Decimal(1)))}


def percent(value) -> str:
    """-12.408 -> "-12,4 %": one decimal, rounded as people round (half up), a space before the sign."""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # no "-0,0 %"
    return f"{danish_number(rounded, 1)} %"


def danish_date(value) -> str:
    """date(2019, 3, 18) -> "18. marts 2019", as the reports write it ("18 March 2019" in English)."""
    return _("%(day)d. %(month)s %(year)d") % {"day": value.day, "month": MONTH_NAMES[value.month], "year": value.year}


def danish_datetime(value) -> str:
    """A moment, in local time, as every page writes it: "7. december 2026 kl. 19.50" ("7 December 2026 at 19:50")."""
    from django.utils import timezone

    local = timezone.localtime(value)
    return _("%(date)s kl. %(hour)02d.%(minute)02d") % {
        "date": danish_date(local), "hour": local.hour, "minute": local.minute}


def month_name(value) -> str:
    """date(2026, 3, 1) -> "marts 2026" ("March 2026")."""
    return _("%(month)s %(year)d") % {"month": MONTH_NAMES[value.month], "year": value.year}


def amounts_per_year(amounts: dict[int, Decimal]) -> str:
    """{2019: 1e6, 2020: 1e6} -> "1 mio. kr. årligt i 2019-2020"; differing amounts are listed year by year."""
    years = sorted(y for y, a in amounts.items() if a)
    if not years:
        return _("Der er ikke afsat økonomi.")
    if len(years) == 1:
        return _("%(amount)s i %(year)d") % {"amount": million_kr(amounts[years[0]]), "year": years[0]}
    values = {amounts[y] for y in years}
    consecutive = years == list(range(years[0], years[-1] + 1))
    if len(values) == 1 and consecutive:
        return _("%(amount)s årligt i %(first)d-%(last)d") % {
            "amount": million_kr(amounts[years[0]]), "first": years[0], "last": years[-1]}
    return ", ".join(_("%(amount)s i %(year)d") % {"amount": million_kr(amounts[y]), "year": y} for y in years)


class AmountParseError(ValueError):
    pass


_MIO = re.compile(r"\s*(mio\.?|mio\s*kr\.?|million(er)?)\s*(kr\.?)?\s*$", re.IGNORECASE)
_KR = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE)


def parse_amount(text: str) -> Decimal:
    """Read an amount as Danes write it, returning whole kroner.

    "300.000", "300000", "300.000 kr.", "0,3 mio.", "0,3 mio. kr.", "1.234,5" are understood; "1,2,3" or "abc" raise
    AmountParseError with a Danish message. A dot is a thousands separator and a comma the decimal mark, as in Danish.
    """
    original = text
    text = (text or "").strip().replace("\u00a0", " ")
    if not text:
        raise AmountParseError(_("Angiv et beløb."))
    factor = Decimal(1)
    if _MIO.search(text):
        text = _MIO.sub("", text)
        factor = MILLION
    else:
        text = _KR.sub("", text)
    text = text.replace(" ", "")
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", text):
        raise AmountParseError(
            _("“%(value)s” er ikke et beløb. Skriv fx 300.000 eller 0,3 mio.") % {"value": original.strip()}
        )
    try:
        value = Decimal(text.replace(".", "").replace(",", ".")) * factor
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid numbers
        raise AmountParseError(_("“%(value)s” er ikke et beløb.") % {"value": original}) from exc
    if abs(value) >= Decimal("1e12"):
        raise AmountParseError(_("Beløbet er for stort."))
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)  # as people round kroner: 0,5 up


# A number and its noun, singular or plural as the language says ("1 plads", "30 pladser"): for messages that count
# two things at once, which one ngettext cannot. The msgids are those the templates' {% blocktranslate count %} use.
def places(n) -> str:
    return ngettext("%(n)s plads", "%(n)s pladser", n) % {"n": danish_number(n)}


def children(n) -> str:
    return ngettext("%(n)s barn", "%(n)s børn", n) % {"n": danish_number(n)}


def months(n) -> str:
    return ngettext("%(n)s måned", "%(n)s måneder", n) % {"n": danish_number(n)}


def institutions(n) -> str:
    return ngettext("%(n)s institution", "%(n)s institutioner", n) % {"n": danish_number(n)}


def districts(n) -> str:
    return ngettext("%(n)s distrikt", "%(n)s distrikter", n) % {"n": danish_number(n)}
