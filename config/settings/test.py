"""Settings for the test suite: fast hashing, a local-memory cache, no throttling surprises."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests are not rate-limited by accident; the rate limit tests set their own low rates.
RATE_LIMITS = {"pages": None, "login": None, "api": None}
