"""Karya's settings, read from the environment (see README, "Configuration").

Only SECRET_KEY is required, and only when DEBUG is off. Everything else has a default fit for
the embedded SQLite demo on one machine.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KARYA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105  # nosec B105 # only with DEBUG on; production refuses to start without SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "karya.core",
    "karya.audit",
    "karya.facilities",
    "karya.accounts",
    "karya.inmates",
    "karya.production",
    "karya.inventory",
    "karya.programs",
    "karya.partners",
    "karya.sales",
    "karya.finance",
    "karya.premi",
    "karya.portal",
    "karya.reports",
    "karya.notifications",
    "karya.catalogue",
    "karya.newsroom",
    "karya.handbook",
    "karya.api",
    "karya.demo",
    "karya.loadtest",
    "karya.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "karya.core.middleware.KaryaLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "karya.accounts.middleware.SessionExpiryMiddleware",
    "karya.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "karya.accounts.middleware.FacilityMiddleware",
    # Near the end, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
    # Last, so that it is asked first when a view fails: a database outage answers 503.
    "karya.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "karya.urls"
WSGI_APPLICATION = "karya.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "karya" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "karya.web.context_processors.navigation",
                "karya.notifications.context_processors.inbox",
                "karya.handbook.context_processors.help_link",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'karya.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A PostgreSQL read replica (streaming, hot standby) of the primary above. When set, the
# dashboards and monthly reports read their stored figures from it (see karya.core.db and
# karya.reports.dashboards.fresh_figures); every write, and every other read (sessions, users,
# the records themselves), goes to the primary. Unset: one database, the router does nothing.
if os.environ.get("DATABASE_REPLICA_URL"):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL as DATABASE_URL.")
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # Tests make no database of their own on the replica: it reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["karya.core.db.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Django's validators; their messages come in Indonesian from Django's own translations.
KARYA_PASSWORD_MIN_LENGTH = int(os.environ.get("KARYA_PASSWORD_MIN_LENGTH", 10))
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "nip")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": KARYA_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after KARYA_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that username is locked for that address for
# KARYA_LOGIN_LOCKOUT_MINUTES (a correct password is refused too); an administrator can
# unlock the user from the user's page. Every attempt is counted, locked or not.
AUTHENTICATION_BACKENDS = [
    "karya.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KARYA_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("KARYA_LOGIN_LOCKOUT_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in Karya's own audit log
AXES_LOCKOUT_CALLABLE = "karya.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "karya.accounts.backends.login_client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Two-step verification (TOTP, django-otp): heads, treasurers and administrators may turn it
# on from their profile; the roles listed here must (they are sent to enrol at login).
KARYA_2FA_ROLES = ("head", "treasurer", "admin")
KARYA_2FA_REQUIRED_ROLES = tuple(env_list("KARYA_2FA_REQUIRED_ROLES"))
OTP_TOTP_ISSUER = os.environ.get("KARYA_2FA_ISSUER", "Karya")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "karya" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "static/"
# karya/static is not an app's static folder (karya itself is not an installed app).
STATICFILES_DIRS = [BASE_DIR / "karya" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))


def media_storage(environ) -> dict:
    """Where uploaded files (photos, signed scans) are kept: this machine's disk (MEDIA_ROOT),
    or, when KARYA_MEDIA_S3_BUCKET is set, that bucket of S3-compatible object storage (AWS S3,
    MinIO, Ceph...), which several app servers share. The files are never public: only views
    that check the reader's permission serve them, reading them through the storage API, so
    the bucket stays private. Keys unset: boto3's own chain (AWS_* variables, instance role)."""
    bucket = environ.get("KARYA_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "location": environ.get("KARYA_MEDIA_S3_PREFIX", "").strip("/"),
        "file_overwrite": False,  # like the disk: a name in use gets a suffix, never replaced
        "querystring_auth": True,
    }
    for option, name in (
        ("endpoint_url", "KARYA_MEDIA_S3_ENDPOINT_URL"),
        ("region_name", "KARYA_MEDIA_S3_REGION"),
        ("access_key", "KARYA_MEDIA_S3_ACCESS_KEY"),
        ("secret_key", "KARYA_MEDIA_S3_SECRET_KEY"),
    ):
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: imports of the national inmate database can be large, photos are not.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
KARYA_IMPORT_MAX_BYTES = int(os.environ.get("KARYA_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
# Photos are re-encoded without metadata; a larger upload is refused before it is opened.
KARYA_PHOTO_MAX_BYTES = int(os.environ.get("KARYA_PHOTO_MAX_BYTES", 5 * 1024 * 1024))
# The public address of this installation: printed into the QR codes of product labels, which
# open a lot's traceability page there (labels keep the address they were printed with).
KARYA_SITE_URL = os.environ.get("KARYA_SITE_URL", "http://127.0.0.1:8000")
# Signed scans of agreements (PDF, JPEG, PNG), kept in the media storage and served only by a view
# that checks the reader's permission.
KARYA_DOCUMENT_MAX_BYTES = int(os.environ.get("KARYA_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))

# The cache holds the public site's pages and the rate limit of quote requests. A file cache
# is shared by every worker process of one machine; several machines need a shared cache
# server (set KARYA_CACHE_BACKEND and KARYA_CACHE_LOCATION).
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "KARYA_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("KARYA_CACHE_LOCATION", str(VAR_DIR / "cache")),
    }
}
# Public pages are kept this many seconds at most (a change of a product or a news item
# empties the cache of this machine at once; other machines catch up within this time).
KARYA_PUBLIC_CACHE_SECONDS = int(os.environ.get("KARYA_PUBLIC_CACHE_SECONDS", 300))
# Quote requests: at most this many from one address per hour.
KARYA_QUOTE_REQUESTS_PER_HOUR = int(os.environ.get("KARYA_QUOTE_REQUESTS_PER_HOUR", 5))

# Sessions end after KARYA_SESSION_IDLE_MINUTES without a request, and in any case
# KARYA_SESSION_MAX_HOURS after logging in (karya.accounts.middleware.SessionExpiryMiddleware,
# which tells the user why on the login page). The cookie itself outlives both a little, so
# the server, not the browser, decides and can say so.
KARYA_SESSION_IDLE_MINUTES = int(os.environ.get("KARYA_SESSION_IDLE_MINUTES", 30))
KARYA_SESSION_MAX_HOURS = int(os.environ.get("KARYA_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = KARYA_SESSION_MAX_HOURS * 60 * 60 + 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Production runs behind an HTTPS reverse proxy: set HTTPS=1 (`karya check --deploy` warns
# until then). Plain-HTTP requests are then redirected, cookies are sent over HTTPS only and
# browsers are told to use HTTPS for a year (HSTS). Off by default so that the demo served on
# loopback by `make run` works.
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# The SSL redirect must not catch the health check of a load balancer speaking plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# Content Security Policy (django-csp): every script and stylesheet comes from Karya itself
# (no CDN, no inline code), nothing may frame a page, forms post only to Karya.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "karya@localhost")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
SILENCED_SYSTEM_CHECKS = ["models.W047"]  # SQLite: the service refuses duplicates itself
