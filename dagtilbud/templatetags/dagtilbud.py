from django import template

from dagtilbud import formatting, smileys

register = template.Library()


@register.inclusion_tag("components/smiley.html")
def smiley(value, scale="milestone", size="md", show_label=True):
    """The one smiley component: a face, its colour and its words, with the full definition as a tooltip."""
    return {"meaning": smileys.meaning(value, scale), "size": size, "show_label": show_label}


@register.inclusion_tag("components/smiley_legend.html")
def smiley_legend(heading_level=2):
    return {
        "milestone": list(smileys.MILESTONE.values()),
        "economy": list(smileys.ECONOMY.values()),
        "heading_tag": f"h{heading_level}",
    }


@register.filter
def million_kr(value):
    return "" if value is None else formatting.million_kr(value)


@register.filter
def kr(value):
    return "" if value is None else formatting.kr(value)


@register.filter
def danish_date(value):
    return "" if value is None else formatting.danish_date(value)


@register.filter
def danish_number(value, decimals=None):
    return "" if value is None else formatting.danish_number(value, decimals)


@register.filter
def css_string(value):
    """Text for a CSS string literal (the PDF's running headers): quotes and backslashes escaped."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
