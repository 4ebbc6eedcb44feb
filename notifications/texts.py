"""A notice's words as a recipe, rendered in the reader's language when it is shown (#35).

A notice used to be stored as finished text in its recipient's language at the time it was made: a person reading
in the other language (a changed choice, a colleague's browser) then saw Danish on an English page. Now a source
describes its words as JSON-safe parts, the notice keeps them (Notice.texts), and every page renders them in the
language the page is in. The finished text is still stored, in the recipient's language, for the e-mails (which are
written once) and for notices made before the recipe.

Parts:
    text(msgid, **params)                 a message, its params parts themselves
    plural(singular, plural, n, **params) a message counted by n (the msgids must be marked ngettext_lazy somewhere,
                                          so makemessages finds them as one plural entry)
    date(d), smiley(value, scale), choice(model label, field, value), ordinal(n)
    join(parts, sep)                      parts written one after the other
A plain string or number is written as it is (names, titles: the data's own words).

Message ids are marked with gettext_noop where they are written, so makemessages finds them; gettext translates
them here, at display time.
"""

import datetime

from django.apps import apps
from django.utils.translation import gettext, ngettext

from dagtilbud import formatting
from dagtilbud.smileys import meaning


def text(msgid, **params):
    return {"t": msgid, "a": params}


def plural(singular, plural_, n, **params):
    return {"t": singular, "p": plural_, "n": n, "a": params}


def date(value):
    return {"date": value.isoformat()}


def smiley(value, scale):
    return {"smiley": value or "", "scale": scale}


def choice(model, field, value):
    """A choice's label: model as "app.Model"."""
    return {"choice": f"{model}.{field}", "v": value}


def ordinal(n):
    return {"ordinal": n}


def join(parts, sep=""):
    return {"join": list(parts), "sep": sep}


def render(part):
    """The part's words in the active language."""
    if part is None or isinstance(part, (str, int, float)):
        return part
    if isinstance(part, list):
        return [render(p) for p in part]
    if "t" in part:
        words = ngettext(part["t"], part["p"], part["n"]) if "p" in part else gettext(part["t"])
        params = {key: render(value) for key, value in part["a"].items()}
        if "p" in part:
            params.setdefault("n", part["n"])
        return words % params if params else words
    if "date" in part:
        return formatting.danish_date(datetime.date.fromisoformat(part["date"]))
    if "smiley" in part:
        found = meaning(part["smiley"], part["scale"])
        return str(found.label) if found else gettext("ingen")
    if "choice" in part:
        label, field = part["choice"].rsplit(".", 1)
        choices = dict(apps.get_model(label)._meta.get_field(field).flatchoices)
        return str(choices.get(part["v"], part["v"]))
    if "ordinal" in part:
        return str(formatting.ORDINALS[part["ordinal"]])
    if "join" in part:
        return part["sep"].join(str(render(p)) for p in part["join"])
    raise ValueError(f"Not a notice text part: {part!r}")
