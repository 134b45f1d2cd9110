"""Minka settings: one file, driven by MINKA_* environment variables.

A site server runs on SQLite with no configuration at all (data goes to ./var/).
A central server sets MINKA_DATABASE_URL=postgres://... and MINKA_SECRET_KEY.
Anything set wrongly stops the start-up with a message saying what to fix.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MINKA_DATA_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


DEBUG = _env_bool("MINKA_DEBUG", False)

SECRET_KEY = os.environ.get("MINKA_SECRET_KEY", "")
if not SECRET_KEY:
    if not _env_bool("MINKA_DEV", True):
        raise ImproperlyConfigured("MINKA_SECRET_KEY must be set on a production server")
    # A site laptop with no configuration still needs sessions that survive a restart.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("MINKA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("MINKA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The code of this server, written into every record it makes and into human numbers.
MINKA_SITE_CODE = os.environ.get("MINKA_SITE_CODE", "S1")
if not MINKA_SITE_CODE.isalnum() or len(MINKA_SITE_CODE) > 8:
    raise ImproperlyConfigured("MINKA_SITE_CODE must be 1 to 8 letters or digits")

# A site (the group's own server) or the organisation's central server.
MINKA_ROLE = os.environ.get("MINKA_ROLE", "site")
if MINKA_ROLE not in {"site", "central"}:
    raise ImproperlyConfigured("MINKA_ROLE must be site or central")
# Where a site reaches central (e.g. https://minka.example.org); empty: by USB file only.
MINKA_CENTRAL_URL = os.environ.get("MINKA_CENTRAL_URL", "").rstrip("/")
# Seconds a network sync waits for central before it says there is no link.
MINKA_SYNC_TIMEOUT = float(os.environ.get("MINKA_SYNC_TIMEOUT", "30"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "minka.accounts",
    "minka.members",
    "minka.privacy",
    "minka.languages",
    "minka.production",
    "minka.ledger",
    "minka.learning",
    "minka.governance",
    "minka.sales",
    "minka.cash",
    "minka.tourism",
    "minka.impact",
    "minka.sms",
    "minka.portal",
    "minka.organisation",
    "minka.ops",
    "minka.demo",
    "minka.sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses every page (static files are answered by WhiteNoise above, untouched);
    # Django pads each compressed page with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "minka.lib.middleware.LanguageMiddleware",
    "minka.languages.middleware.ReviewedStringsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "minka.accounts.middleware.PasswordToChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "minka.lib.middleware.SecurityHeadersMiddleware",
]

# bench/run.py serves one more page, to measure the ceiling of this stack; the page exists
# only with MINKA_BENCH=true, from a checkout (bench/ is not installed).
ROOT_URLCONF = "bench.ceiling" if _env_bool("MINKA_BENCH", False) else "minka.urls"
WSGI_APPLICATION = "minka.wsgi.application"

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
            ],
            "builtins": ["minka.lib.templatetags.minka_tags"],
        },
    }
]


def _database(url: str) -> dict[str, object]:
    """Turn MINKA_DATABASE_URL into Django's DATABASES entry."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'minka.sqlite3'}"
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path) or ":memory:",
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; FULL sync means a power
                # cut loses nothing that was committed; IMMEDIATE avoids lock upgrades.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": os.environ.get("MINKA_TEST_SQLITE_NAME")},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # A worker keeps its connection for this many seconds (0: one per request).
            # Opening one makes PostgreSQL start a process for it: on a page such as a
            # member's statement that was half of the page's time. Checked before each
            # request's first query, so a restarted PostgreSQL is survived.
            "CONN_MAX_AGE": int(os.environ.get("MINKA_DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"MINKA_DATABASE_URL must start with sqlite:/// or postgres://, not {parsed.scheme!r}"
    )


DATABASES = {"default": _database(os.environ.get("MINKA_DATABASE_URL", ""))}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Members' statements, rendered, in each process (minka/portal/kept.py): a few
    # hundred of about 20 KB at most; a minute at most, whatever the key says.
    "statements": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "statements",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Spanish (Peru) is the source language. A member's pages come in Southern Quechua
# (Cusco-Collao / Puno, the official unified alphabet) and Aymara too; staff pages also
# in English. Django knows neither Quechua nor Aymara: their language info is added here,
# their plural rule (one form, as CLDR has it) is in each catalog's header.
LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", "Español"), ("qu", "Runasimi"), ("ay", "Aymar aru"), ("en", "English")]
MEMBER_LANGUAGES = ["es-pe", "qu", "ay"]
LANG_INFO.update(
    {
        "qu": {"bidi": False, "code": "qu", "name": "Quechua", "name_local": "Runasimi"},
        "ay": {"bidi": False, "code": "ay", "name": "Aymara", "name_local": "Aymar aru"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["minka.formats"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # shared assets; apps keep their own
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # a site serves assets straight from the package
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The centre's laptop is shared: a session ends after a working day, not two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("MINKA_SESSION_HOURS", "12")) * 3600

# Pay day pays in cash down to this coin (soles): "0.10", "0.20", "0.50" or "1.00". What
# is below it stays on her account for the next pay day (see ledger/payday.py).
MINKA_SMALLEST_COIN = os.environ.get("MINKA_SMALLEST_COIN", "0.10")
if MINKA_SMALLEST_COIN not in ("0.10", "0.20", "0.50", "1.00"):
    raise ImproperlyConfigured(
        f"MINKA_SMALLEST_COIN must be 0.10, 0.20, 0.50 or 1.00, not {MINKA_SMALLEST_COIN!r}"
    )

# Wrong passwords allowed per hour, per name and per address (see accounts/throttle.py).
MINKA_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("MINKA_LOGIN_FAILURES_PER_ACCOUNT", "5"))
MINKA_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("MINKA_LOGIN_FAILURES_PER_ADDRESS", "30"))

# Served over HTTPS (a central server behind Caddy or nginx): secure cookies, HSTS and a
# redirect from http://. A site on the centre's Wi-Fi has no certificate and leaves it off.
MINKA_HTTPS = _env_bool("MINKA_HTTPS", False)
# Behind a reverse proxy of our own: trust its X-Forwarded-Proto and X-Forwarded-For.
MINKA_BEHIND_PROXY = _env_bool("MINKA_BEHIND_PROXY", False)
if MINKA_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if MINKA_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MINKA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("MINKA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("MINKA_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# SMS through gammu-smsd (docs/operations.md). With no gammu-smsd configuration, SMS is off.
MINKA_SMS_GAMMU_CONFIG = os.environ.get("MINKA_SMS_GAMMU_CONFIG", "")
MINKA_SMS_PIDFILE = os.environ.get("MINKA_SMS_PIDFILE", "/run/gammu-smsd.pid")


def _env_int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be a whole number from {low} to {high}")
    return value


MINKA_SMS_POLL_SECONDS = _env_int("MINKA_SMS_POLL_SECONDS", 10, 1, 3600)
# Answers (and help) one number may get in an hour: a flood costs the group nothing more.
MINKA_SMS_MAX_PER_HOUR = _env_int("MINKA_SMS_MAX_PER_HOUR", 6, 1, 1000)
# Tries before a message the modem keeps refusing is marked failed.
MINKA_SMS_MAX_ATTEMPTS = _env_int("MINKA_SMS_MAX_ATTEMPTS", 3, 1, 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused page (403) is an ordinary event: one line, not a traceback.
    "filters": {"short_forbidden": {"()": "minka.lib.logging.ShortForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["short_forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINKA_LOG_LEVEL", "WARNING")},
}
