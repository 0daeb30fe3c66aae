"""Settings for production. Refuses to start without the environment it needs.

Every app server of a deployment runs these settings with the same environment: one
PostgreSQL primary (DATABASE_URL, optionally DATABASE_REPLICA_URL for reads), one Redis
(REDIS_URL) shared by all. See README.md, "Production".
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env, prepared_statements, redis_cache

REQUIRED_ENVIRONMENT = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]


def _required(name):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"Production settings need the environment variable {name} "
            f"(all of {', '.join(REQUIRED_ENVIRONMENT)} must be set; see .env.example)."
        )
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]

# Persistent connections, checked before reuse so a restarted PostgreSQL costs one failed
# request per worker at most, never a restart of the app.
DATABASES = {"default": prepared_statements(env.db_url_config(_required("DATABASE_URL")))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The versions of shared answers held for a second between writes' notices (base.py; 0: read every request).
VERSIONS_HELD_SECONDS = env.float("VERSIONS_HELD_SECONDS", default=1)
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = prepared_statements(env.db_url_config(env("DATABASE_REPLICA_URL")))
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]

REDIS_URL = _required("REDIS_URL")
# Redis out of reach is a cache miss, never an error page (alliances/caching/store.py).
CACHES = {"default": redis_cache(REDIS_URL)}

# Clients are told apart by the address the one load balancer in front appends to X-Forwarded-For,
# believed only from FORWARDED_ALLOW_IPS (config/clients.py); the rate limits' counters live in Redis.
NUM_PROXIES = env.int("NUM_PROXIES", default=1)

# Every staff account logs in with a second factor; an idle session ends after 30 minutes.
SECOND_FACTOR_REQUIRED_FOR_STAFF = env.bool("SECOND_FACTOR_REQUIRED_FOR_STAFF", default=True)
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60

# HTTPS ends at the proxy in front, which sets X-Forwarded-Proto. gunicorn believes it only from
# FORWARDED_ALLOW_IPS and then sets wsgi.url_scheme, which Django reads: no SECURE_PROXY_SSL_HEADER,
# which would believe the header from anyone who reaches gunicorn.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer's health checks come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed names never change content: browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

# Content-Security-Policy (django-csp): our pages load scripts, styles and images from
# this site only, and nothing inline. The API docs get their allowances in
# config.csp.PathCSPMiddleware; the admin needs none (its history page uses a class, not a style).
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]
MIDDLEWARE = [
    # /healthz and /readyz first: no Host check, no log line for every probe of the balancer.
    "config.health.HealthCheckMiddleware",
    # Outermost of the rest, so it times everything.
    "config.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.csp.PathCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in the curator's language (cookie or browser), not always English.
    "config.admin_language.AdminLanguageMiddleware",
    # After LocaleMiddleware, so a /ru/ address is refused in Russian.
    "config.nul_bytes.RejectNulBytesMiddleware",
    # Anonymous GETs answered from the shared cache once the language is known, marked for the edge.
    "alliances.caching.responses.SharedResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): logged in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # A logged-in session's idle limit starts anew with each request (SESSION_IDLE_MINUTES).
    "alliances.accounts.IdleSessionMiddleware",
    # Per-address limits on what misses the shared cache.
    "config.ratelimit.AddressLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # 503 with Retry-After while PostgreSQL is away.
    "config.health.ServiceUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
CSP_PATH_ALLOWANCES = {
    # Swagger UI styles its widgets inline and draws icons from data: URLs.
    "/api/v1/docs/": {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]},
}

# One JSON line per request on stdout (config.request_log.RequestLogMiddleware), and warnings
# and errors of the app as JSON lines too, for the log collector of the platform.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "filters": {"warning_without_traceback": {"()": "config.request_log.WarningWithoutTraceback"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "config.requests": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # Each request already has its line; Django's own 4xx/5xx lines would repeat it.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # A request naming a host not in ALLOWED_HOSTS (scanners do it all day): one warning, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["stdout"],
            "level": "WARNING",
            "filters": ["warning_without_traceback"],
            "propagate": False,
        },
    },
}
