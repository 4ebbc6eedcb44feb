"""The environment's single sign-on settings, read at startup as production reads them."""

import os
import subprocess
import sys

from django.conf import settings

PRINT = ("import django; django.setup(); from django.conf import settings as s; "
         "print(s.OIDC_ISSUER, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], s.PASSWORD_LOGIN)")


def start(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "SAML_", "PASSWORD_LOGIN"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, "-c", PRINT], env=environment, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, timeout=120)


def test_an_issuer_lets_the_logout_form_continue_to_the_provider():
    result = start(OIDC_ISSUER="https://login.microsoftonline.com/abc/v2.0/", OIDC_CLIENT_ID="a",
                   OIDC_CLIENT_SECRET="b")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "https://login.microsoftonline.com/abc/v2.0"
    assert "'https://login.microsoftonline.com'" in result.stdout
    assert result.stdout.split()[-1] == "True"  # passwords stay on unless turned off


def test_an_issuer_without_its_client_fails_at_startup():
    result = start(OIDC_ISSUER="https://adfs.example/adfs")
    assert result.returncode != 0 and "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" in result.stderr


def test_passwords_off_without_a_provider_fails_at_startup():
    result = start(PASSWORD_LOGIN="false")
    assert result.returncode != 0 and "PASSWORD_LOGIN=false needs OIDC_ISSUER" in result.stderr


def test_passwords_off_with_saml_alone_starts(tmp_path):
    result = start(PASSWORD_LOGIN="false", SAML_IDP_METADATA=str(tmp_path / "idp.xml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_a_saml_key_without_its_certificate_fails_at_startup():
    result = start(SAML_IDP_METADATA="https://adfs.example/FederationMetadata.xml", SAML_KEY_FILE="/etc/sp.key")
    assert result.returncode != 0 and "SAML_KEY_FILE and SAML_CERT_FILE go together" in result.stderr
