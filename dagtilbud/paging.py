"""Long lists in pages of a fixed size, the page in the URL (?side=), for templates/components/pager.html."""

from django.core.paginator import Paginator

PER_PAGE = 50


def page_of(items, query, per_page=PER_PAGE):
    """The page `?side=` asks for (anything else: the first; past the end: the last), and the rest of the query
    string, which the pager's links keep (the filter stays when the page changes)."""
    page = Paginator(items, per_page).get_page(query.get("side"))
    rest = query.copy()
    rest.pop("side", None)
    return page, rest.urlencode()
