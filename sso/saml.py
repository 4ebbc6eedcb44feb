"""The SAML 2.0 identity provider (AD FS, Entra ID, an OIOSAML provider) as pysaml2 sees it: the service provider's
configuration built from the environment (djangosaml2 calls `sp_config`, SAML_CONFIG_LOADER).

Only SAML_IDP_METADATA is required: the identity provider's metadata (its entity id, login address and signing
certificate) as a URL or a file. The configuration with the metadata read is kept for an hour in each process, so a
provider that renews its certificate is followed without a restart, and a login costs no extra round trip.

What is required of every answer (pysaml2 checks, djangosaml2 refuses): the assertion signed by a key in the
metadata, for our entity id (audience), within its lifetime (one minute of clock skew, as for OpenID Connect), in
response to a request this browser made (InResponseTo; answers the provider sends on its own are refused). Each
assertion is accepted once (services.assertion_use_once).
"""

import shutil
import threading
import time
from pathlib import Path

import saml2
from django.conf import settings
from django.urls import reverse
from saml2.config import SPConfig

METADATA_SECONDS = 60 * 60
# Seconds of clock difference between us and the provider that an assertion's times may be off by.
CLOCK_SKEW = 60

_lock = threading.Lock()
_cached = {}  # the settings it was built from -> (built at, SPConfig)


class ProviderError(Exception):
    """The provider's metadata could not be read, or describes no single identity provider."""


def enabled():
    return bool(settings.SAML_IDP_METADATA)


def display_name():
    return settings.SAML_PROVIDER_NAME


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def entity_id():
    """Ours, as the provider knows it: SAML_ENTITY_ID, or the address of our metadata."""
    return settings.SAML_ENTITY_ID or _absolute(reverse("sso:saml_metadata"))


def _metadata_source():
    source = settings.SAML_IDP_METADATA
    if source.startswith(("https://", "http://")):
        return {"remote": [{"url": source}]}
    if not Path(source).is_file():
        raise ProviderError(f"SAML_IDP_METADATA: no such file {source}")
    return {"local": [source]}


def _build():
    sp = {
        "name": "Dagtilbud Opfølgning",
        "endpoints": {
            "assertion_consumer_service": [(_absolute(reverse("sso:saml_acs")), saml2.BINDING_HTTP_POST)],
        },
        # Signed assertions required; a signed response around them is checked when present but not required
        # (AD FS and Entra ID sign the assertion by default).
        "want_assertions_signed": True,
        "want_response_signed": False,
        # Only answers to a login this browser started (InResponseTo); no IdP-initiated login.
        "allow_unsolicited": False,
        "authn_requests_signed": bool(settings.SAML_KEY_FILE),
    }
    config = {
        "entityid": entity_id(),
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY or shutil.which("xmlsec1"),
        "metadata": _metadata_source(),
        "service": {"sp": sp},
        "accepted_time_diff": CLOCK_SKEW,
        "only_use_keys_in_metadata": True,
        # The attributes keep the names the provider gives them (see `attribute_converters` below).
        "allow_unknown_attributes": True,
        "http_client_timeout": settings.SAML_TIMEOUT,
    }
    if settings.SAML_KEY_FILE:
        # Our key signs the login requests and decrypts encrypted assertions; its certificate is in our metadata.
        config.update(key_file=settings.SAML_KEY_FILE, cert_file=settings.SAML_CERT_FILE,
                      encryption_keypairs=[{"key_file": settings.SAML_KEY_FILE,
                                            "cert_file": settings.SAML_CERT_FILE}])
    conf = SPConfig()
    try:
        conf.load(config)
    except Exception as exc:  # pysaml2 raises whatever reading or parsing the metadata raised
        raise ProviderError(f"SAML_IDP_METADATA {settings.SAML_IDP_METADATA}: {exc}") from exc
    # pysaml2 renames attributes it knows (AD FS's e-mail claim becomes "emailAddress"); without converters each
    # keeps the name the provider sends, which is the name SAML_EMAIL_ATTRIBUTE and SAML_GROUPS_ATTRIBUTE give.
    conf.setattr("", "attribute_converters", [])
    idps = list(conf.metadata.identity_providers()) if conf.metadata else []
    if len(idps) != 1:
        raise ProviderError(f"SAML_IDP_METADATA {settings.SAML_IDP_METADATA} describes {len(idps)} identity "
                            f"providers, not one")
    return conf


def sp_config(request=None):
    """The service provider's configuration (djangosaml2's SAML_CONFIG_LOADER); ProviderError when the provider's
    metadata cannot be read."""
    key = (settings.SAML_IDP_METADATA, entity_id(), settings.SAML_KEY_FILE, settings.SAML_CERT_FILE,
           settings.SITE_URL)
    with _lock:
        built = _cached.get(key)
        if built is None or time.monotonic() - built[0] > METADATA_SECONDS:
            _cached.clear()
            built = _cached[key] = (time.monotonic(), _build())
        return built[1]


def identity_provider(conf):
    return next(iter(conf.metadata.identity_providers()))
