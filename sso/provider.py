"""The identity provider as its discovery document describes it (OpenID Connect Discovery 1.0).

Only OIDC_ISSUER is configured; the endpoints are read from `<issuer>/.well-known/openid-configuration` and kept in
the cache for an hour, so a provider that moves an endpoint or adds a signing key is followed without a restart,
and a login costs no extra round trip.
"""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache

DISCOVERY_SECONDS = 60 * 60
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderError(Exception):
    """The provider could not be reached or described itself wrongly."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""
    end_session_endpoint: str = ""


def enabled():
    return bool(settings.OIDC_ISSUER)


def provider():
    """The configured provider's endpoints; ProviderError when it cannot be read."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    key = f"sso:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        url = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderError(f"discovery document {url}: {exc}") from exc
        missing = [name for name in REQUIRED if not document.get(name)]
        if missing:
            raise ProviderError(f"discovery document {url} lacks {', '.join(missing)}")
        # The document must name the issuer it was fetched for, or its tokens could be another issuer's
        # (OpenID Connect Discovery 1.0, section 4.3).
        if document["issuer"].rstrip("/") != issuer:
            raise ProviderError(f"discovery document {url} names issuer {document['issuer']!r}")
        cache.set(key, document, DISCOVERY_SECONDS)
    return Provider(
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=document.get("userinfo_endpoint") or "",
        end_session_endpoint=document.get("end_session_endpoint") or "",
    )


def display_name():
    return settings.OIDC_PROVIDER_NAME
