"""Settings for Virtual Town Hall, driven by environment variables.

Every variable is listed in the README. Unset, they give a development setup:
debug on, SQLite in the project root, email printed to the console.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


from programme.platform.layers import APPS  # noqa: E402 (the one list of our apps, no imports)

DEBUG = envbool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105 (debug only)

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "programme.apps.ProgrammeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Our apps, in layering order (programme/platform/layers.py): each may import only those above it.
    *APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Other sites may not load our responses into theirs (programme/platform/headers.py).
    "programme.platform.headers.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts public pages (no cookie, nothing personal), those the page cache serves too.
    "programme.reach.CountingMiddleware",
    # A town hall page kept for visitors is served here, before everything below runs.
    "townhall.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Control characters never reach a form, the database, a feed or a calendar.
    "programme.platform.text.ControlCharacterMiddleware",
    # A form's "Sign in first" button carries what was typed to the sign-in page.
    "programme.views.resume.SignInFirstMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A town hall site on a host name of its own is served at that host's root.
    "townhall.hosts.SiteHostMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "programme.context_processors.programme",
                "csp.context_processors.nonce",
            ],
        },
    },
    # Plain-text emails: the same templates, never HTML-escaped ("Seán O'Brien", "Q&A").
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each web worker keeps its connection (a new PostgreSQL connection per request
        # cost more than rendering the page), checked before reuse.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite with the web server and the worker writing at once (`make run`, a small pilot).
    # WAL: readers never block the writer nor it them. IMMEDIATE: a transaction takes the
    # write lock when it begins, so it queues for it (up to `timeout` seconds) instead of
    # failing with "database is locked" when a read inside it turns into a write.
    # synchronous=NORMAL is safe with WAL (a power cut may lose the last commits, never
    # corrupt the file) and spares an fsync per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "programme.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out person is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Signs in only through the council's identity provider, and only when it is configured.
    "programme.council_sign_in.CouncilAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sign-in with the council's identity provider (OpenID Connect, e.g. Microsoft Entra ID
# or Google Workspace): off unless OIDC_ISSUER and OIDC_CLIENT_ID are set. The endpoints come
# from the issuer's /.well-known/openid-configuration. Only addresses the provider says are
# verified, at one of OIDC_ALLOWED_DOMAINS, may sign in this way (README, "Council sign-in").
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_ALLOWED_DOMAINS = envlist("OIDC_ALLOWED_DOMAINS", [])
# mozilla-django-oidc's settings for the flow: code flow with state, nonce and PKCE (S256),
# the client's secret sent as HTTP Basic (what both providers accept), RS256 ID tokens.
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TOKEN_USE_BASIC_AUTH = True
OIDC_TIMEOUT = 10  # seconds for each call to the provider
OIDC_CLOCK_LEEWAY = 60  # seconds of clock difference allowed on the ID token's times
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:council_callback"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = (
    60 * 60 * 24
)  # a day: long enough to find the email, short enough to be safe

# Login throttling (django-axes): five wrong passwords for one address from one
# place lock that pair out for fifteen minutes. Locking by address alone would
# let anyone lock a councillor out of their account.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "programme.platform.throttling.attempted_email"
# The client's address through the trusted proxies, as every other limit reads it.
AXES_CLIENT_IP_CALLABLE = "programme.platform.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: a bare domain means https

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/accessible.html"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


def email_settings(url: str) -> dict[str, object]:
    """Read EMAIL_URL: smtp+tls://user:password@mail.example:587, smtps://…, smtp://…,
    console://, locmem://, dummy://, or file:///var/spool/townhall-mail (a directory)."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise RuntimeError(f"EMAIL_URL has an unknown scheme: {scheme!r}")
    options = parse_qs(parsed.query)
    values: dict[str, object] = {"EMAIL_BACKEND": backends[scheme]}
    if scheme == "file":
        values["EMAIL_FILE_PATH"] = unquote(parsed.path) or str(BASE_DIR / "sent-mail")
        return values
    values.update(
        {
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port
            or (465 if scheme == "smtps" else 587 if "tls" in scheme else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls" or options.get("tls") == ["1"],
            "EMAIL_USE_SSL": scheme == "smtps" or options.get("ssl") == ["1"],
        }
    )
    return values


# Every email setting Django has can be set from the environment; EMAIL_URL, when set,
# wins for the backend and the server it names.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_SSL_CERTFILE = os.environ.get("EMAIL_SSL_CERTFILE") or None
EMAIL_SSL_KEYFILE = os.environ.get("EMAIL_SSL_KEYFILE") or None
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Virtual Town Hall] ")
EMAIL_USE_LOCALTIME = envbool("EMAIL_USE_LOCALTIME", False)
# Where the file backend writes (a directory); made on first use by Django.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
if os.environ.get("EMAIL_URL"):
    globals().update(email_settings(os.environ["EMAIL_URL"]))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Virtual Town Hall <no-reply@virtualtownhall.example>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admins", address) for address in envlist("DJANGO_ADMINS", [])]

# Security: strict by default once debug is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Cookies only over https once debug is off; `DJANGO_SECURE_COOKIES=0` is for measuring the
# production stack over plain http on loopback (make loadtest), never for a deployment.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if envbool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For (see programme/platform/clients.py).
# 0 (the default) never reads the header; set 1 behind one nginx, 2 behind a CDN and nginx.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_HTTPONLY = True
# In the database, as Django's own, but a cookie no key could be is no session (sessions.py).
SESSION_ENGINE = "programme.platform.sessions"
X_FRAME_OPTIONS = "DENY"
# No page asks for a device or a payment: every such feature is off, for any frame too.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Content-Security-Policy (django-csp) on every page: scripts and styles only from the
# site itself or with the page's nonce, no inline event handlers or style attributes,
# no framing except the widget (townhall.views.public.widget), videos only from the two
# privacy-respecting players the video block makes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Where the PDFs find DejaVu Sans, embedded so any European name prints as written
# (Debian's fonts-dejavu-core; `make test` installs it when missing).
PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# Programme-wide names used in templates and emails.
PROGRAMME_NAME = os.environ.get("PROGRAMME_NAME", "Virtual Town Hall")
# Where people write to the coordinators (named in emails, e.g. after an address change).
PROGRAMME_CONTACT_EMAIL = os.environ.get(
    "PROGRAMME_CONTACT_EMAIL", "coordinators@virtualtownhall.example"
)
# Days a link confirming an email address (or an invitation) stays valid.
ACCOUNT_CONFIRMATION_DAYS = envint("ACCOUNT_CONFIRMATION_DAYS", 3)
# Days an invitation (to edit a site, to take up an approved ambassador place) stays open.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# The public address of the service, for links in emails and calendar feeds
# (calendar UIDs carry its host so they stay unique across installations).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long before a workshop its reminder email goes out.
WORKSHOP_REMINDER_HOURS = envint("WORKSHOP_REMINDER_HOURS", 24)

# Ambassador applications not taken forward are anonymised after this many days.
AMBASSADOR_RETENTION_DAYS = envint("AMBASSADOR_RETENTION_DAYS", 183)

# A site whose build stage and actions have not moved for this long is flagged as stalled.
PROGRAMME_STALLED_WEEKS = envint("PROGRAMME_STALLED_WEEKS", 6)

# Seconds the feed fetcher gives one feed, all redirects and reads included, before
# marking it unhealthy ("too slow").
TOWNHALL_FEED_TIMEOUT = envint("TOWNHALL_FEED_TIMEOUT", 10)

# Hosts ("host" or "host:port") the server may fetch from although they are not public
# addresses. Empty by default, and never implied by debug mode; `make run` sets it to
# the development server itself so the demo's local feeds can be fetched.
FETCH_ALLOWED_HOSTS = envlist("FETCH_ALLOWED_HOSTS", [])

# Published town hall pages are cached for anonymous visitors for up to this many
# seconds; publishing anything on a site clears its cache at once. 0 turns it off.
TOWNHALL_PAGE_CACHE_SECONDS = envint("TOWNHALL_PAGE_CACHE_SECONDS", 60)
# Page views and arrivals wait in each process's memory this long before they are added to
# the day's counts (programme/reach.py): a page costs no write.
REACH_FLUSH_SECONDS = envint("REACH_FLUSH_SECONDS", 10)
# What every reader of a site sees alike (its menu, upcoming workshops, open consultations)
# is kept for signed-in readers too, under the same per-site version, so any change shows
# at once; this bounds only what time alone changes (a workshop starting). 0 turns it off.
TOWNHALL_DATA_CACHE_SECONDS = envint("TOWNHALL_DATA_CACHE_SECONDS", 60)

# Redis, when a deployment has one: the shared cache and the task queue.
REDIS_URL = os.environ.get("REDIS_URL", "")

# The cache (published town hall pages, site data). Redis is shared by every web worker
# on every machine; without it, a directory shares it between the workers of one
# machine; with neither, each process keeps its own in memory.
if REDIS_URL:
    _CACHE = {"BACKEND": "programme.platform.cache.ForgivingRedisCache", "LOCATION": REDIS_URL}
elif os.environ.get("DJANGO_CACHE_DIR"):
    _CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["DJANGO_CACHE_DIR"],
    }
else:
    _CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {"default": _CACHE}

# Where rate limits count (programme/platform/limits.py), atomically and shared by every web
# worker: "redis" (the default when REDIS_URL is set) or "database" (otherwise).
# "cache" counts in the cache above instead: per process in memory, not atomic in a
# directory, so `check --deploy` warns about it.
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "") or ("redis" if REDIS_URL else "database")

# Background work (emails, feeds, reminders, the retention purge) through Django's task
# framework: the database queue by default (`manage.py worker` runs it), RQ on Redis
# when REDIS_URL is set. `TASKS_IMMEDIATE=1` runs every task inside the request instead.
TASKS: dict[str, dict[str, Any]]
if os.environ.get("TASKS_IMMEDIATE") == "1":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
