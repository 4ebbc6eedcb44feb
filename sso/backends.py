"""Who is who: the two ways to log in.

`OIDCBackend` is mozilla-django-oidc's backend with what the library leaves to the site: endpoints from the
discovery document, the ID token's audience, issuer and lifetime verified (the library checks the signature and the
nonce only), a person matched to an existing, active user by a verified e-mail, never a user created, and roles
following the provider's groups. Why a login ended without a user is left on the request (`sso_refusal`), so the
callback can tell the person in Danish.

`SAMLBackend` answers djangosaml2's assertion consumer with the same rules: the assertion (signature, audience,
lifetime, InResponseTo) is checked by pysaml2 before, then the e-mail attribute matched to an existing, active user
and roles following the groups attribute.

`PasswordBackend` is Django's ModelBackend, which refuses every password when PASSWORD_LOGIN is off (the login page
refuses too; this also covers any other form that checks a password).
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import provider as provider_
from . import saml, services

log = logging.getLogger(__name__)

# Seconds of clock difference between us and the provider that a token's times may be off by.
CLOCK_SKEW = 60


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class Refusal:
    """Why a verified person was not logged in (request.sso_refusal)."""

    UNKNOWN = "unknown"  # no active user has the e-mail
    AMBIGUOUS = "ambiguous"  # several users have it
    UNVERIFIED = "unverified"  # the provider does not vouch for the e-mail


def users_with_email(email):
    """At most two active users with the e-mail (any case): one is the person, two is a guess we do not make."""
    return list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])


def roles_follow(user, groups):
    """The person's roles follow the provider's groups; None (no group claim or attribute at all: not configured at
    the provider, or Entra ID's "overage" for people in very many groups) leaves the roles as they are rather than
    take away every role from groups."""
    if groups is None:
        return
    if isinstance(groups, str):
        groups = [groups]
    added, removed = services.roles_follow_groups(user=user, groups=[str(g) for g in groups])
    if added or removed:
        log.info("single sign-on: roles of user %s follow the groups: added %s, removed %s", user.pk, added, removed)


class OIDCBackend(OIDCAuthenticationBackend):
    # The library reads every setting in __init__; Django builds a backend for each request of a logged-in user
    # (get_user), so the endpoints are read only when a login needs them.
    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802 (the library's names)
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self):  # noqa: N802
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None  # the keys come from the provider's JWKS, so a new key is followed

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802
        return provider_.provider().token_endpoint

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return provider_.provider().userinfo_endpoint

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return provider_.provider().jwks_uri

    def get_user(self, user_id):
        # Django's rule, not the library's: a deactivated person's open session ends with their next request.
        return ModelBackend.get_user(self, user_id)

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a password login (username, password) is not ours to answer.
        if not provider_.enabled() or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature, algorithm, audience, issuer and lifetime; any failure is a SuspiciousOperation."""
        try:
            alg = jwt.get_unverified_header(payload).get("alg")
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token unreadable: {exc}") from exc
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, expected {self.OIDC_RP_SIGN_ALGO!r}")
        try:
            claims = jwt.decode(
                payload, key, algorithms=[alg], audience=self.OIDC_RP_CLIENT_ID,
                issuer=provider_.provider().issuer, leeway=CLOCK_SKEW,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            # Expired, another client's (audience), another issuer's, a bad signature: all refused alike.
            raise SuspiciousOperation(f"ID token refused: {exc.__class__.__name__}: {exc}") from exc
        # A token for several audiences must name us as the party it was issued to (OpenID Connect Core 3.1.3.7).
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without us as its authorized party")
        return claims

    def retrieve_matching_jwk(self, token):
        """The provider's key for the token. The library requires a kid in the token's header; OpenID Connect Core
        10.1 requires one only when the provider publishes several keys, so a token without one is checked against
        the single key there is."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token unreadable: {exc}") from exc
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [k for k in response.json().get("keys", []) if k.get("alg", header.get("alg")) == header.get("alg")
                and k.get("use", "sig") == "sig"]
        if len(keys) != 1:
            raise SuspiciousOperation("ID token without kid, and the provider publishes several keys")
        return jwt.PyJWK(keys[0])

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims, completed by the userinfo endpoint's where the provider has one (Entra
        ID puts groups in the token only, some providers the e-mail in userinfo only)."""
        claims = {}
        if self.OIDC_OP_USER_ENDPOINT:
            claims = super().get_userinfo(access_token, id_token, payload)
            if claims.get("sub") != payload.get("sub"):
                # OpenID Connect Core 5.3.2: the userinfo response must be about the token's subject.
                raise SuspiciousOperation("userinfo is about another subject than the ID token")
        return {**claims, **payload}

    def _email(self, claims):
        return (claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()

    def verify_claims(self, claims):
        email = self._email(claims)
        verified = claims.get("email_verified") in (True, "true", "True")
        if not email or (settings.OIDC_REQUIRE_EMAIL_VERIFIED and not verified):
            self._refuse(Refusal.UNVERIFIED, email)
            return False
        return True

    def filter_users_by_claims(self, claims):
        email = self._email(claims)
        users = users_with_email(email)
        if not users:
            self._refuse(Refusal.UNKNOWN, email)
        elif len(users) > 1:
            self._refuse(Refusal.AMBIGUOUS, email)  # the library then refuses: picking one would be a guess
        return users

    def create_user(self, claims):
        # Never reached (OIDC_CREATE_USER is off); kept so a changed setting cannot create users with rights.
        raise SuspiciousOperation("single sign-on does not create users")

    def update_user(self, user, claims):
        roles_follow(user, claims.get(settings.OIDC_GROUPS_CLAIM))
        return user

    def _refuse(self, reason, email):
        self.request.sso_refusal = reason
        self.request.sso_email = email


class SAMLBackend(ModelBackend):
    """The person a SAML assertion names, by its e-mail attribute (SAML_EMAIL_ATTRIBUTE); roles follow its groups
    attribute (SAML_GROUPS_ATTRIBUTE). Only djangosaml2's assertion consumer passes session_info, after pysaml2
    has checked the assertion."""

    def authenticate(self, request, session_info=None, **kwargs):
        if session_info is None or request is None or not saml.enabled():
            return None
        attributes = session_info.get("ava") or {}
        emails = [str(v).strip() for v in attributes.get(settings.SAML_EMAIL_ATTRIBUTE) or [] if str(v).strip()]
        if not emails:
            return self._refuse(request, Refusal.UNVERIFIED, "")
        users = users_with_email(emails[0])
        if not users:
            return self._refuse(request, Refusal.UNKNOWN, emails[0])
        if len(users) > 1:
            return self._refuse(request, Refusal.AMBIGUOUS, emails[0])
        user = users[0]
        roles_follow(user, attributes.get(settings.SAML_GROUPS_ATTRIBUTE))
        return user

    @staticmethod
    def _refuse(request, reason, email):
        request.sso_refusal = reason
        request.sso_email = email
        return None
