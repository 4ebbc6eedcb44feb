import logging

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from dagtilbud import formatting, fragments, smileys

log = logging.getLogger(__name__)
register = template.Library()


_rendered_smileys = {}


@register.simple_tag(takes_context=True)
def smiley(context, value, scale="milestone", size="md", show_label=True):
    """The one smiley component (components/smiley.html): a face, its colour and its words, with the full
    definition as a tooltip. There are a dozen variants, and a page may show hundreds of smileys, so each variant
    is rendered once per process and language and reused. A page's faces refer to the symbols drawn once by
    {% smiley_symbols %}; a PDF (`inline_smileys` in its context) draws each face as a background beside its words,
    which WeasyPrint marks as an artifact."""
    inline = bool(context.get("inline_smileys"))
    key = (value or "", scale, size, bool(show_label), inline, get_language())
    if key not in _rendered_smileys:
        # Without the templates' line breaks: a page of two hundred smileys carried a kilobyte of them.
        _rendered_smileys[key] = mark_safe(render_to_string("components/smiley.html", {
            "meaning": smileys.meaning(value, scale), "size": size, "show_label": show_label,
            "inline_smileys": inline}).replace(">\n", ">").strip())
    return _rendered_smileys[key]


_rendered_once = {}


def _once(key, template, context):
    """A component that is the same on every page that shows it (per language): rendered once per process."""
    key = (*key, get_language())
    if key not in _rendered_once:
        _rendered_once[key] = mark_safe(render_to_string(template, context))
    return _rendered_once[key]


@register.simple_tag
def smiley_symbols():
    """The three faces every page's smileys refer to (base.html)."""
    return _once(("symbols",), "components/smiley_symbols.html", {"faces": list(smileys.MILESTONE.values())})


@register.simple_tag
def smiley_legend(heading_level=2):
    return _once(("legend", heading_level), "components/smiley_legend.html", {
        "milestone": list(smileys.MILESTONE.values()),
        "economy": list(smileys.ECONOMY.values()),
        "heading_tag": f"h{heading_level}",
    })


@register.filter
def million_kr(value):
    return "" if value is None else formatting.million_kr(value)


@register.filter
def kr(value):
    return "" if value is None else formatting.kr(value)


@register.filter
def percent(value):
    return "" if value is None else formatting.percent(value)


@register.filter
def danish_date(value):
    return "" if value is None else formatting.danish_date(value)


@register.filter
def danish_datetime(value):
    return "" if value is None else formatting.danish_datetime(value)


@register.filter
def month_name(value):
    return "" if value is None else formatting.month_name(value)


@register.filter
def danish_number(value, decimals=None):
    return "" if value is None else formatting.danish_number(value, decimals)


# CSS escapes for what could end the string or the <style> element. HTML escaping would not do: a <style> element
# is raw text, so "&amp;" would be printed as it stands.
_CSS_STRING_ESCAPES = {ord("\\"): "\\5c ", ord('"'): "\\22 ", ord("<"): "\\3c ", ord(">"): "\\3e ",
                       ord("&"): "\\26 ", ord("\n"): " ", ord("\r"): " "}


@register.filter
def css_string(value):
    """Text for a CSS string literal inside a <style> element (the PDF's running headers)."""
    return mark_safe(str(value).translate(_CSS_STRING_ESCAPES))


@register.tag
def cached(parser, token):
    """{% cached "name" var ... %}…{% endcached %}: the block rendered once per data revision and cached.

    The key holds the data's revision (dagtilbud.revision), the language, today's date (pages say what is overdue)
    and who is looking (their roles: two people with the same roles see the same), beside the variables named,
    which must be everything else the block shows: the objects and the filters from the URL. A block must not
    hold a form that posts (its CSRF token is the person's own): such a block is rendered, never cached."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% cached %} needs a name.")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])


class CachedNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        key = fragments.key(self.name, request.user if request else None,
                            [var.resolve(context) for var in self.vary_on])
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in value:
                log.error("{%% cached %s %%} holds a form that posts: rendered, not cached.", self.name)
            else:
                cache.set(key, value, fragments.TIMEOUT)
        return value
