"""A real OpenID provider on loopback (oidc-provider-mock: Authlib's provider in a thread), behind a small gateway.

The gateway passes every request through, keeping the Host header, so the provider names the gateway as its issuer
and endpoints. It adds what the provider leaves out and a test needs: PKCE enforced as a strict provider does (the
token request's code_verifier must hash to the code_challenge of the authorization request, or no token), a record
of the requests, and, on demand, the provider made to issue its tokens to another client (a genuine, correctly signed
ID token with our nonce, for the wrong audience).
"""

import base64
import hashlib
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlsplit, urlunsplit

import oidc_provider_mock
import pytest
import requests
from django.core.cache import cache

from tests.shared_demo import load_demo

CLIENT_ID = "dagtilbud-test"
CLIENT_SECRET = "test-secret-not-real"
PROVIDER_NAME = "Ballerup AD"

# The provider runs over plain HTTP on loopback; Authlib refuses that unless told.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


class Gateway:
    def __init__(self, upstream):
        self.upstream = upstream
        self.as_client = None  # set: the provider sees this client id instead of ours
        self.nonce = None  # set: the provider sees this nonce instead of ours
        self.jwks = None  # set: this key set is published instead of the provider's own
        self.challenges = {}  # authorization code -> (code_challenge, method)
        self.token_requests = []
        self.authorize_queries = []
        self.end_session_queries = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                gateway.forward(self)

            def do_POST(self):
                gateway.forward(self)

            def do_PUT(self):
                gateway.forward(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _rewrite_client(self, pairs):
        if self.as_client is None:
            return pairs
        return [(k, self.as_client if k == "client_id" else v) for k, v in pairs]

    def forward(self, handler):
        parts = urlsplit(handler.path)
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        query = parse_qsl(parts.query, keep_blank_values=True)
        if parts.path == "/oauth2/authorize":
            self.authorize_queries.append(dict(query))
            query = self._rewrite_client(query)
            if self.nonce is not None:
                query = [(k, self.nonce if k == "nonce" else v) for k, v in query]
        if parts.path == "/jwks" and self.jwks is not None:
            return self._reply(handler, 200, json.dumps(self.jwks).encode(), {"Content-Type": "application/json"})
        if parts.path == "/oauth2/end_session":
            self.end_session_queries.append(dict(query))
        if parts.path == "/oauth2/token":
            form = parse_qsl(body.decode(), keep_blank_values=True)
            self.token_requests.append(dict(form))
            refusal = self._pkce_refusal(dict(form))
            if refusal:
                return self._reply(handler, 400, b'{"error": "invalid_grant", "error_description": "%s"}'
                                   % refusal.encode(), {"Content-Type": "application/json"})
            body = urlencode(self._rewrite_client(form)).encode()
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("content-length", "connection")}
        response = requests.request(handler.command, self.upstream + urlunsplit(("", "", parts.path,
                                                                                    urlencode(query), "")),
                                    data=body or None, headers=headers, allow_redirects=False, timeout=10)
        location = response.headers.get("Location", "")
        if parts.path == "/oauth2/authorize" and "code=" in location:
            code = parse_qs(urlsplit(location).query)["code"][0]
            original = dict(parse_qsl(parts.query))
            self.challenges[code] = (original.get("code_challenge"), original.get("code_challenge_method"))
        passed = {k: v for k, v in response.headers.items()
                  if k.lower() not in ("content-length", "connection", "transfer-encoding", "content-encoding")}
        self._reply(handler, response.status_code, response.content, passed)

    def _pkce_refusal(self, form):
        challenge, method = self.challenges.get(form.get("code"), (None, None))
        verifier = form.get("code_verifier")
        if not challenge or method != "S256" or not verifier:
            return "PKCE required"
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        return None if digest == challenge else "code_verifier does not match"

    @staticmethod
    def _reply(handler, status, content, headers):
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def set_person(self, email, **claims):
        """The provider's directory entry for a person (the subject is the e-mail address, as in the mock)."""
        response = requests.put(f"{self.url}/users/{quote(email, safe='')}",
                                json={"email": email, "email_verified": True, **claims}, timeout=10)
        assert response.status_code == 204, response.text


@pytest.fixture
def oidc_provider(settings):
    """oidc_provider() -> a Gateway to a fresh provider, with the app configured for it (OIDC_ISSUER and the rest).
    Keyword arguments go to the provider (e.g. access_token_max_age)."""
    started = []

    def _start(**provider_options):
        server_cm = oidc_provider_mock.run_server_in_thread(**provider_options)
        server = server_cm.__enter__()
        gateway = Gateway(f"http://localhost:{server.server_port}")
        gateway.thread.start()
        started.append((server_cm, gateway))
        settings.OIDC_ISSUER = gateway.url
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
        return gateway

    yield _start
    for server_cm, gateway in started:
        gateway.server.shutdown()
        gateway.server.server_close()
        server_cm.__exit__(None, None, None)
        cache.delete(f"sso:discovery:{gateway.url}")


@pytest.fixture
def organisation(db):
    load_demo("organisation")


def sign_in(client, gateway, email, start="/login/"):
    """A person's whole round trip, as their browser makes it: our login page, the link "Log ind med ...", the
    provider's authorization form (they sign in as `email`), and back to our callback. Returns the callback's
    response."""
    page = client.get(start)
    link = re.search(r'href="(/sso/authenticate/[^"]*)"', page.content.decode())
    assert link, "no single sign-on link on the login page"
    to_provider = client.get(link.group(1).replace("&amp;", "&"))
    assert to_provider.status_code == 302
    authorize_url = to_provider["Location"]
    assert authorize_url.startswith(gateway.url + "/oauth2/authorize?")
    form = requests.get(authorize_url, timeout=10)
    assert form.status_code == 200, form.text
    answer = requests.post(authorize_url, data={"sub": email}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/sso/callback/"
    return client.get(f"{back.path}?{back.query}")



SAML_PROVIDER_NAME = "Ballerup AD FS"


@pytest.fixture
def saml_provider(settings, tmp_path):
    """A SAML identity provider on loopback (saml_idp.IdentityProvider) with the app configured for it, as an
    operator would: its metadata as a file, and the provider given our metadata."""
    from saml2.metadata import entity_descriptor

    from sso import saml

    from .saml_idp import IdentityProvider

    provider = IdentityProvider(tmp_path)
    settings.SAML_IDP_METADATA = provider.write_metadata()
    settings.SAML_PROVIDER_NAME = SAML_PROVIDER_NAME
    settings.SITE_URL = "http://testserver"  # the test client's host: the assertion consumer's address
    provider.start(str(entity_descriptor(saml.sp_config())))
    yield provider
    provider.stop()


def saml_answer(client, provider, email, start="/login/"):
    """A person's round trip up to the provider's answer, as their browser makes it: our login page, the link "Log
    ind med ...", the provider (they sign in as `email`), which answers with a form that posts to us. Returns the
    form's address and fields."""
    from .saml_idp import read_form

    provider.person = email
    page = client.get(start)
    link = re.search(r'href="(/sso/saml/login/[^"]*)"', page.content.decode())
    assert link, "no SAML link on the login page"
    to_provider = client.get(link.group(1).replace("&amp;", "&"))
    assert to_provider.status_code == 302, to_provider.content
    assert to_provider["Location"].startswith(provider.url + "/sso/redirect?")
    answer = requests.get(to_provider["Location"], timeout=10)
    assert answer.status_code == 200, answer.text
    return read_form(answer.text)


def saml_sign_in(client, provider, email, start="/login/"):
    """The whole round trip; returns our assertion consumer's response."""
    action, fields = saml_answer(client, provider, email, start)
    assert urlsplit(action).path == "/sso/saml/acs/"
    return client.post(urlsplit(action).path, fields)
