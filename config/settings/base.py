"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    # Before the admin, which it extends; its ready() registers alliances/translation.py.
    "modeltranslation",
    # Django's admin on the register's own site class (second factor, view-on-site permission).
    "alliances.apps.RegisterAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "alliances",
]

MIDDLEWARE = [
    # /healthz and /readyz answered first, whatever the Host header says (config/health.py).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in the curator's language (cookie or browser), not always English.
    "config.admin_language.AdminLanguageMiddleware",
    # After LocaleMiddleware, so a /ru/ address is refused in Russian.
    "config.nul_bytes.RejectNulBytesMiddleware",
    # An API address answers 400 to a query parameter it does not read, naming those it reads.
    "alliances.api.parameters.UnknownParametersMiddleware",
    # Anonymous GETs of pages and the API answered from the shared cache once the language is
    # known, marked for the edge; reads the versions of the request's answer (alliances/caching/).
    "alliances.caching.responses.SharedResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): logged in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # A logged-in session's idle limit starts anew with each request (SESSION_IDLE_MINUTES).
    "alliances.accounts.IdleSessionMiddleware",
    # Per-address limits on what misses the shared cache (config/ratelimit.py).
    "config.ratelimit.AddressLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # 503 with Retry-After while PostgreSQL is away.
    "config.health.ServiceUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


def prepared_statements(config):
    """PostgreSQL: bind parameters on the server and prepare a query after its 5th run on a connection.

    With persistent connections a worker then plans each of the API's queries once, not on every
    request (planning the memberships join cost more than running it: docs/performance.md).
    DATABASE_PREPARED_STATEMENTS=false behind a pooler that shares connections between
    transactions (PgBouncer's transaction mode before 1.21), which cannot keep them.
    """
    if config["ENGINE"] != "django.db.backends.postgresql":
        return config
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        config.setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
    # A whole list as CSV reads its rows through a server-side cursor (memory stays flat), which
    # such a pooler cannot keep either: DATABASE_SERVER_SIDE_CURSORS=false there.
    config["DISABLE_SERVER_SIDE_CURSORS"] = not env.bool("DATABASE_SERVER_SIDE_CURSORS", default=True)
    return config


prepared_statements(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url):
    """django-redis on `url`: one client per process, and a Redis that stops answering costs a tenth of a second.

    Its errors are not swallowed here: alliances/caching/store.py meets them, in one place, and
    stops asking for CACHE_BREAKER_SECONDS after one.
    """
    timeout = env.float("REDIS_TIMEOUT", default=0.1)
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout},
    }


REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a process asks Redis nothing after a call to it failed (alliances/caching/store.py).
CACHE_BREAKER_SECONDS = env.float("CACHE_BREAKER_SECONDS", default=5)
# On PostgreSQL, seconds a process may hold the versions it read for shared answers while it hears no
# write's notice (alliances/caching/README.md, "Held versions"); 0 reads them every request. Production: 1.
VERSIONS_HELD_SECONDS = env.float("VERSIONS_HELD_SECONDS", default=0)

# The edge: HTTP caches in front (Varnish with xkey, config/edge.vcl) that keep anonymous answers
# and purge the keys each write changes (alliances/caching/README.md). Their addresses, for the
# purges; none by default (`make run` has no edge; `make serve` sets its own).
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])
# Seconds an edge may keep an answer (never past midnight, when "today" changes), serve it stale
# while it fetches it again, and serve it stale while the app fails.
EDGE_MAX_AGE = env.int("EDGE_MAX_AGE", default=24 * 3600)
EDGE_STALE_WHILE_REVALIDATE = env.int("EDGE_STALE_WHILE_REVALIDATE", default=60)
EDGE_STALE_IF_ERROR = env.int("EDGE_STALE_IF_ERROR", default=24 * 3600)
# Seconds a purge waits for an edge's answer, and between two rounds of sending what is left.
EDGE_PURGE_TIMEOUT = env.float("EDGE_PURGE_TIMEOUT", default=2)
EDGE_RETRY_SECONDS = env.float("EDGE_RETRY_SECONDS", default=5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
# Russian versions of names, descriptions, titles and summaries (alliances/translation.py): a
# missing Russian text falls back to the English one, which every save also writes to the
# original column, so the API, the CSV and SQL that read that column stay English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "admin:login"
# Where a login lands when its `next` is missing or leads off the site: the admin, the only place to log in to.
LOGIN_REDIRECT_URL = "admin:index"

# Accounts (README, "For curators"; alliances/accounts.py). Failed logins are counted by
# django-axes for an account at an address, and per address over the accounts it tried, in the
# database (the same on SQLite and PostgreSQL and on every app server); past the limit, logging
# in is refused with a 429 page until the lockout ends or a superuser unlocks it in the admin
# (recorded with a reason). A stranger's failures never lock an account's owner out at her address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "alliances.accounts.AccountAtAddressHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Addresses told apart as the API's throttle tells them (NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "alliances.accounts.client_address"
AXES_LOCKOUT_CALLABLE = "alliances.admin_site.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_VERBOSE = False
# A second factor (TOTP, django-otp) is always asked of superusers and of every account that
# has one; SECOND_FACTOR_REQUIRED_FOR_STAFF asks it of every staff account (production's default).
SECOND_FACTOR_REQUIRED_FOR_STAFF = env.bool("SECOND_FACTOR_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "Alliance Tracker"
# A session ends after this many minutes without a request (each request starts the count anew).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=8 * 60) * 60
# Not SESSION_SAVE_EVERY_REQUEST: that would also save (and create) a session for every request
# carrying a stale or forged session cookie. alliances.accounts.IdleSessionMiddleware renews
# only the sessions of people logged in.

# The admin's import (alliances/admin/import_limits.py): a file of at most this many bytes and rows, refused
# beyond with the limits said. The largest file accepted keeps a worker at 108 MB, its import within the
# worker's timeout (docs/performance.md, "The admin's import at its limits").
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=250)

# Per-address limits on requests that miss the shared cache, each weighed by its cost
# (config/ratelimit.py): "N/period" (s, min, hour, day; "10/5min"), empty for none.
RATE_LIMITS = {
    "pages": env("PAGE_RATE", default="300/min") or None,
    "login": env("LOGIN_RATE", default="10/min") or None,  # POSTs to /admin/login/
    "api": env("API_ANON_RATE", default="120/min") or None,  # anonymous API clients
}
# How many proxies stand before the app, appending to X-Forwarded-For, and which addresses they
# come from (the list gunicorn trusts X-Forwarded-Proto from): config/clients.py.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
FORWARDED_ALLOW_IPS = env("FORWARDED_ALLOW_IPS", default="127.0.0.1")

# The API: anonymous clients may read, limited per address (RATE_LIMITS["api"]); curators
# write with a token or a session and the model permissions.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "alliances.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "alliances.api.pagination.CountedPagination",
    # JSON read strictly (a lone surrogate, nesting past 32 levels: 400), forms as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "alliances.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "alliances.api.exceptions.exception_handler",
    # An unknown ?format= answers 400 naming the formats, an unknown Accept 406 naming the media types.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "alliances.api.negotiation.NamingContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["alliances.api.throttling.AnonymousRateThrottle"],
    # The browsable API lists at most this many choices in a <select> (20,000 organizations would be 3 MB).
    "HTML_SELECT_CUTOFF": 50,
    "DEFAULT_FILTER_BACKENDS": ["alliances.api.filters.FilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["alliances.api.permissions.ModelPermissionsOrAnonReadOnly"],
    # Token first, so an anonymous write answers 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance Tracker API",
    "DESCRIPTION": "Who belongs to which international AI alliance, since when, and on whose word. "
    "/api/v1/ lists the addresses; /api/v1/register.zip is the whole published register as a "
    "Frictionless Data Package (CSV files with their Table Schemas). Every error answer is JSON "
    "of the Error shape.",
    "VERSION": "v1",  # alliances.api.index.API_VERSION, which the schema's hook gives it
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No link inside each operation's button (deep links nest one control in another: WCAG's nested-interactive);
    # examples in plain colours (the highlighter's reds on grey fall short of WCAG's contrast).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "REDOC_DIST": "SIDECAR",
    # Every operation's error answers, with the one error shape (alliances/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "alliances.api.schema.error_responses",
        "alliances.api.schema.the_apis_own",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AllianceKindEnum": "alliances.models.AllianceKind",
        "OrganizationKindEnum": "alliances.models.OrganizationKind",
        "AnnouncementKindEnum": "alliances.models.AnnouncementKind",
        "DatePrecisionEnum": "alliances.dates.DatePrecision",
        "DateBoundEnum": "alliances.api.dates.LegacyBound",
        "RoleEnum": "alliances.models.Role",
    },
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Countries that ISO 3166-1 lists; names come translated from django-countries.
COUNTRIES_FIRST_REPEAT = False
# Names as readers know them where django-countries gives another form; `load_register` brings
# the stored English names in line (alliances/register_files.py).
COUNTRIES_OVERRIDE = {"NR": _("Nauru"), "BS": _("Bahamas")}

# History is recorded on every save. Restoring a dumpdata backup with loaddata must not
# record it a second time: run loaddata with SIMPLE_HISTORY_ENABLED=false (see README.md).
SIMPLE_HISTORY_ENABLED = env.bool("SIMPLE_HISTORY_ENABLED", default=True)

# dumpdata keeps date-times to the microsecond (Django's JSON cuts them to the millisecond),
# so a restored backup answers the API exactly as before; see alliances/serialization.py.
SERIALIZATION_MODULES = {"json": "alliances.serialization"}
