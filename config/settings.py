"""One settings module, read from the environment (see README: "Configuration").

Without DATABASE_URL and REDIS_URL the app runs on embedded defaults under var/: a SQLite file and kombu's
filesystem transport as the Celery broker, so a laptop needs no servers. Production sets DEBUG=false and must
then give SECRET_KEY, or startup fails; ALLOWED_HOSTS defaults to the local machine only.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sso.csp import allow_logout_at

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: a production server must fail fast without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "dagtilbud",
    "districts",
    "budgetfollowup",
    "evaluations",
    "capacity",
    "supervision",
    "notifications",
    "learningplans",
    "dashboards",
    "demo",
    "sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's login state in a cookie of its own (SameSite=None): the provider's answer is a cross-site POST, which
    # carries no SameSite=Lax session cookie.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in person's own language (their profile, read at login) wins over the browser's.
    "districts.language.UserLanguageMiddleware",
    # Every page needs a login unless its view says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, refusing every password when PASSWORD_LOGIN is off.
    "sso.backends.PasswordBackend",
    # Single sign-on (OpenID Connect); answers only the provider's callback, and only when OIDC_ISSUER is set.
    "sso.backends.OIDCBackend",
    # Single sign-on (SAML 2.0); answers only the assertion consumer, and only when SAML_IDP_METADATA is set.
    "sso.backends.SAMLBackend",
]

ROOT_URLCONF = "config.urls"
# Cached fragments vary by who looks; the foundation (dagtilbud/) asks this function, it knows no roles itself.
FRAGMENT_VIEWER = "districts.roles.cache_viewer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "districts.context_processors.navigation",
                "notifications.context_processors.unread_notices",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dagtilbud.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each web and worker process keeps its connection between requests: a new PostgreSQL connection per request cost
# more than the pages themselves (benchmark, 2026-12-07). Not under runserver (DEBUG), whose thread per request
# would leave its connections open.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # Tests with a real worker use a second thread: a file waits on locks, a shared in-memory database does not.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: on our short queries that took
    # 280 ms to compile what ran in 6 ms (EXPLAIN ANALYZE of the dashboard's goal statuses, 2026-12-03).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
# Sessions are kept in the database and read from the shared cache (Redis) while it holds them: every logged-in
# request reads its session, and a query for it was a third of a cached page's time (benchmark, 2026-12-08). An
# unreachable cache reads the database; a change is written to both; ending a session deletes both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login attempts (django-axes): after AXES_FAILURE_LIMIT wrong passwords for a username from one client address,
# that username is locked from that address for AXES_COOLOFF_MINUTES. Username and address together: locking the
# username alone let anyone lock any colleague (the administrator too) out from anywhere, and locking the address
# alone would lock out everyone behind the municipality's proxy. A client that fails for
# AXES_CLIENT_USERNAME_LIMIT different usernames within the cool-off (one password sprayed over many usernames) is
# locked as a whole (dagtilbud/lockout.py). Successful logins are not logged (they would be personal data we do not
# need); failed attempts are, with username, address and browser, until the cool-off resets them.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_USERNAME_LIMIT = env.int("AXES_CLIENT_USERNAME_LIMIT", default=10)
AXES_HANDLER = "dagtilbud.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every start of every process
AXES_LOCKOUT_CALLABLE = "dagtilbud.lockout.locked_out"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies of our own that append to
# X-Forwarded-For, the address the outermost of them saw (dagtilbud/lockout.py). Without it behind a proxy, every
# client has the proxy's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "dagtilbud.lockout.client_address"

SILENCED_SYSTEM_CHECKS = [
    # security.W021: HSTS preload is a decision for the municipality's whole domain, not for one application on
    # it (SECURE_HSTS_PRELOAD=true turns it on).
    "security.W021",
]

# Single sign-on with the municipality's identity provider over OpenID Connect (mozilla-django-oidc; see README,
# "Single sign-on"). Off unless OIDC_ISSUER is set; the provider's endpoints are read from its discovery document
# (sso/provider.py), not configured one by one.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="") or _("kommunens login")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_EMAIL_CLAIM = env.str("OIDC_EMAIL_CLAIM", default="email")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# Entra ID and AD FS send no email_verified claim: their e-mail comes from the municipality's own directory.
OIDC_REQUIRE_EMAIL_VERIFIED = env.bool("OIDC_REQUIRE_EMAIL_VERIFIED", default=True)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's logout (RP-initiated logout)
OIDC_CREATE_USER = False  # administrators create users; an unknown person gets the no-access page
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
OIDC_OP_LOGOUT_URL_METHOD = "sso.views.logout_url"
# Single sign-on over SAML 2.0 (djangosaml2 and pysaml2, with Debian's xmlsec1; see README, "Single sign-on (SAML
# 2.0)"), beside or instead of OpenID Connect. Off unless SAML_IDP_METADATA (a URL or a file) is set; sso/saml.py
# builds pysaml2's configuration from these.
SAML_IDP_METADATA = env.str("SAML_IDP_METADATA", default="")
# Our entity id; empty: the address of our metadata, <SITE_URL>/sso/saml/metadata/.
SAML_ENTITY_ID = env.str("SAML_ENTITY_ID", default="")
SAML_CERT_FILE = env.str("SAML_CERT_FILE", default="")
SAML_KEY_FILE = env.str("SAML_KEY_FILE", default="")
SAML_EMAIL_ATTRIBUTE = env.str("SAML_EMAIL_ATTRIBUTE",
                               default="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")
SAML_GROUPS_ATTRIBUTE = env.str("SAML_GROUPS_ATTRIBUTE",
                                default="http://schemas.microsoft.com/ws/2008/06/identity/claims/groups")
SAML_PROVIDER_NAME = env.str("SAML_PROVIDER_NAME", default="") or _("kommunens login")
SAML_TIMEOUT = env.int("SAML_TIMEOUT", default=10)
SAML_XMLSEC_BINARY = env.str("SAML_XMLSEC_BINARY", default="")  # empty: xmlsec1 on the PATH
# djangosaml2's own settings.
SAML_CONFIG_LOADER = "sso.saml.sp_config"
SAML_CREATE_UNKNOWN_USER = False  # administrators create users; an unknown person gets the no-access page
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"  # a redirect: no inline script (CSP)
SAML_CSP_HANDLER = ""  # our Content Security Policy applies unchanged
SAML_ATTRIBUTE_MAPPING = {}
if SAML_KEY_FILE and not SAML_CERT_FILE or SAML_CERT_FILE and not SAML_KEY_FILE:
    raise ImproperlyConfigured("SAML_KEY_FILE and SAML_CERT_FILE go together.")
# The app's own passwords. Off: the login page shows only the provider's button and every password is refused.
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=True)
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
if not PASSWORD_LOGIN and not (OIDC_ISSUER or SAML_IDP_METADATA):
    raise ImproperlyConfigured("PASSWORD_LOGIN=false needs OIDC_ISSUER or SAML_IDP_METADATA: nobody could log in.")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# No MEDIA_URL route exists: stored reports are only ever streamed by views that check permission.
# Several web and worker machines share one storage: naming a bucket puts reports and uploads in S3-compatible object
# storage (django-storages). Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in
# the environment, or the machine's role), so no secret passes through settings.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)  # unset: Amazon S3 itself
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default=None)  # "path" for most self-hosted servers
AWS_LOCATION = env.str("AWS_LOCATION", default="")  # a key prefix, to share a bucket
# As on a file system: a second file of the same name gets a new name instead of replacing the first.
AWS_S3_FILE_OVERWRITE = False
AWS_DEFAULT_ACL = None  # private objects: the bucket's policy decides, and nothing is ever served from it directly
STORAGES = {
    # Reports and uploads. STORAGE_DEFAULT (JSON for this entry) overrides both the bucket and the file system.
    "default": env.json("STORAGE_DEFAULT", default={
        "BACKEND": "storages.backends.s3.S3Storage" if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"}),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Widgets render with the project's templates too, so a form can use the shared components (the smiley's face).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Uploads (an evaluation's report, imported spreadsheets) larger than this are refused with a message (the shared
# check is dagtilbud/uploads.py).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10_000_000)
# Spreadsheet imports (dagtilbud/imports/): the most one file may hold, all sheets together, and the file size
# above which its preview is read by a worker (the page shows the progress).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=600_000)
IMPORT_BACKGROUND_BYTES = env.int("IMPORT_BACKGROUND_BYTES", default=200_000)
IMPORT_SOFT_TIME_LIMIT = env.int("IMPORT_SOFT_TIME_LIMIT", default=1200)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery. Without REDIS_URL the broker is kombu's filesystem transport under var/broker (no server needed).
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # visibility_timeout must exceed the PDF task's hard time limit, or Redis hands a long render to a second worker.
    # The socket timeouts: without them a Redis that hangs (accepts, never answers) held a publishing request
    # forever; now queueing fails within seconds, the report stays queued and the sweep queues it again. (The
    # worker's blocking reads wait a second at a time, well inside them.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 2}
    # One retry, not three: a person is waiting on the page that queues.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                        "interval_max": 0.2}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Without it kombu keeps its exchange tables in ./control, i.e. wherever the process was started.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# The cache holds rendered pages of published rounds (keys change when their content can). Redis when there is
# one, shared by every web process; otherwise files under var/, shared by the processes of one machine.
# A Redis that cannot be reached is a cache miss, not an error page (dagtilbud/cache.py), and is given a second,
# not forever, to answer.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "dagtilbud.cache.ForgivingRedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "dagtilbud",
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Reports: the PDF task's limits, sized for WeasyPrint (well under a second a page, times a few hundred pages).
REPORT_SOFT_TIME_LIMIT = env.int("REPORT_SOFT_TIME_LIMIT", default=600)
REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT", default=660)
# A report left queued longer than this (its message lost) is queued again by the sweep (requeue_stale_reports).
REPORT_STALE_AFTER_SECONDS = env.int("REPORT_STALE_AFTER_SECONDS", default=900)
# A rendering worker touches its row this often; a row not touched for the second number belongs to a dead worker
# and is queued again by the sweep (every minute), so a killed worker's report is rendered again within two minutes.
RENDER_HEARTBEAT_SECONDS = env.int("RENDER_HEARTBEAT_SECONDS", default=15)
RENDER_HEARTBEAT_STALE_SECONDS = env.int("RENDER_HEARTBEAT_STALE_SECONDS", default=50)

# E-mail: the console in the embedded default (the worker's log shows what would be sent), SMTP in production.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Dagtilbud Opfølgning <noreply@localhost>")
# Links in e-mails point here.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Administrators hear of a round whose date is this near and whose grid is not filled in.
NOTIFY_ROUND_DUE_DAYS = env.int("NOTIFY_ROUND_DUE_DAYS", default=14)
# District leaders hear of an evaluation action due, or reaching its expiry date, within this many days.
NOTIFY_ACTION_DAYS = env.int("NOTIFY_ACTION_DAYS", default=14)
# A supervision visit (planned, or due by the rule) within this many days: the house's leaders hear of it.
NOTIFY_SUPERVISION_DAYS = env.int("NOTIFY_SUPERVISION_DAYS", default=30)
# The pedagogical learning plan is evaluated at least every LEARNING_PLAN_INTERVAL_MONTHS (the day-care act: every
# second year) after the last published evaluation, or after the plan's date; within LEARNING_PLAN_SOON_DAYS of
# that date the house's leaders see it on their dashboards and hear of it.
LEARNING_PLAN_INTERVAL_MONTHS = env.int("LEARNING_PLAN_INTERVAL_MONTHS", default=24)
LEARNING_PLAN_SOON_DAYS = env.int("LEARNING_PLAN_SOON_DAYS", default=90)

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): only our own files, no inline script or style. Bootstrap's CSS draws its
# icons from data: URIs; htmx's indicator styles are switched off in base.html (meta htmx-config) for the same reason.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
if OIDC_ISSUER:
    CONTENT_SECURITY_POLICY = allow_logout_at(CONTENT_SECURITY_POLICY, OIDC_ISSUER)  # the provider's logout page
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
