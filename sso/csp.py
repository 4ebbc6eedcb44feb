"""The Content Security Policy's part in single sign-on (no Django imports: settings.py uses it)."""

import copy
from urllib.parse import urlsplit


def allow_logout_at(policy, issuer):
    """The policy with the issuer's origin added to form-action. Logging out is a form, and its answer sends the
    browser on to the provider's logout page; browsers check form-action on that redirect too."""
    policy = copy.deepcopy(policy)
    parts = urlsplit(issuer)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in policy["DIRECTIVES"]["form-action"]:
        policy["DIRECTIVES"]["form-action"].append(origin)
    return policy
