"""A real SAML 2.0 identity provider on loopback for the tests: pysaml2's Server (the identity provider side of the
library the app uses as service provider) behind a small HTTP server in a thread, with a key and certificate made
for each test, signing its assertions with xmlsec1 as a real provider does.

It answers the HTTP-Redirect login request the app sends: the person the test chose (`sign_in_as`) is "logged in"
and the answer comes back as the auto-posting HTML form a browser would get (HTTP-POST binding). On demand the
assertion is made for another audience, or one that expired, each correctly signed by the provider's key.
"""

import base64
import datetime
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from html import unescape
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.assertion import Policy
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.time_util import in_a_while

EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"


def key_and_certificate(folder, name):
    """A fresh RSA key and a self-signed certificate for it (for the host `name`, and its own authority, so a client
    can trust it), as PEM files; returns their paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=2))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class _Policy(Policy):
    """The provider's release policy, with the audience and lifetime a test may change."""

    def __init__(self, provider, **kwargs):
        super().__init__(**kwargs)
        self.provider = provider

    def not_on_or_after(self, sp_entity_id):
        return in_a_while(minutes=self.provider.lifetime_minutes)

    def conditions(self, sp_entity_id):
        conditions = super().conditions(self.provider.audience or sp_entity_id)
        if self.provider.lifetime_minutes < 0:
            conditions.not_before = in_a_while(minutes=self.provider.lifetime_minutes - 10)
        return conditions


class IdentityProvider:
    def __init__(self, folder):
        self.folder = folder
        self.people = {}  # e-mail -> attributes
        self.person = None  # whom the next login is for
        self.audience = None  # set: assertions for this audience instead of the requester's
        self.lifetime_minutes = 5  # negative: assertions that expired that long ago
        self.sign = True  # False: assertions without a signature
        self.requests = []  # the login requests received (pysaml2 AuthnRequest)
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                provider.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self.key_file, self.cert_file = key_and_certificate(folder, "idp")
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.idp = None

    def _config(self, sp_metadata=None):
        converter = AttributeConverter(NAME_FORMAT_URI)  # attribute names sent as given, as AD FS sends its claim URIs
        converter._to, converter._fro = {}, {}
        config = {
            "entityid": self.entity_id,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": self.key_file,
            "cert_file": self.cert_file,
            "service": {"idp": {
                "endpoints": {"single_sign_on_service": [(f"{self.url}/sso/redirect", BINDING_HTTP_REDIRECT)]},
                "want_authn_requests_signed": False,
            }},
        }
        if sp_metadata:
            config["metadata"] = {"local": [sp_metadata]}
        conf = IdPConfig()
        conf.load(config)
        conf.setattr("", "attribute_converters", [converter])
        return conf

    def write_metadata(self):
        """The provider's metadata (entity id, login address, signing certificate), as SAML_IDP_METADATA reads it."""
        path = self.folder / "idp-metadata.xml"
        path.write_text(str(entity_descriptor(self._config())))
        return str(path)

    def start(self, sp_metadata_xml):
        """Knows the app by its metadata (as a provider's administrator imports it) and starts answering."""
        path = self.folder / "sp-metadata.xml"
        path.write_text(sp_metadata_xml)
        self.idp = Server(config=self._config(str(path)))
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def set_person(self, email, **attributes):
        self.people[email] = {EMAIL: [email], **{k: v for k, v in attributes.items()}}

    def answer(self, handler):
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path != "/sso/redirect" or "SAMLRequest" not in query:
            return self._reply(handler, 404, b"not found")
        request = self.idp.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        self.requests.append(request.message)
        arguments = self.idp.response_args(request.message, [BINDING_HTTP_POST])
        identity = self.people[self.person]
        response = self.idp.create_authn_response(
            identity, name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=self.person),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                   "authn_auth": self.entity_id},
            sign_assertion=self.sign, sign_response=False, release_policy=_Policy(self),
            in_response_to=arguments["in_response_to"], destination=arguments["destination"],
            sp_entity_id=arguments["sp_entity_id"], name_id_policy=arguments.get("name_id_policy"),
        )
        form = self.idp.apply_binding(BINDING_HTTP_POST, str(response), arguments["destination"],
                                      query.get("RelayState", ""), response=True)
        self._reply(handler, 200, form["data"].encode())

    @staticmethod
    def _reply(handler, status, content):
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)


def read_form(html):
    """The auto-posting form's address and fields, as a browser reads them."""
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))
    fields = {unescape(name): unescape(value)
              for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)}
    return action, fields


def decoded(saml_response):
    return base64.b64decode(saml_response).decode()


def encoded(xml):
    return base64.b64encode(xml.encode()).decode()
