"""Where a person came from, and back: a `next` in the query string, trusted only when it stays on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request):
    """The page to return to after this one (`?next=`, or a posted `next`), or "" when none is given or it would
    leave the site (an open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return ""


def back_to(request, *, default, fragment=""):
    """The page to land on after a save: the trusted `next` at `fragment` (unless `next` names its own place on
    the page), else `default` as it is."""
    back = next_url(request)
    if not back:
        return default
    if fragment and "#" not in back:
        back = f"{back}#{fragment}"
    return back
