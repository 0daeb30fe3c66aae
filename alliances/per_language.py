"""What depends only on its arguments and the active language, worked out once per process and language.

Catalogues and formats do not change while a process runs, so a translated label, a country
name or a date as shown is kept here per language (docs/performance.md, "What we found", 7).
Nothing here is shared between processes or depends on the register; a changed setting (a test's
override_settings) clears it all.
"""

import contextlib
import contextvars
import functools

from django.core.signals import setting_changed
from django.utils.translation import get_language

_caches = []
# The language `held()` keeps for a loop, or None: asking Django for it takes microseconds (a context-local lookup).
_held = contextvars.ContextVar("alliances_language_held", default=None)


def active_language():
    """The active language (Django's `get_language()`), without asking Django again inside `held()`."""
    return _held.get() or get_language()


@contextlib.contextmanager
def held():
    """Within the block, the language active at its start is the one every function here and `active_language()`
    answer for, asked of Django once: for a loop over hundreds of rows that asked it thousands of times, and that
    changes no language itself."""
    token = _held.set(get_language())
    try:
        yield
    finally:
        _held.reset(token)


def per_language(maxsize=None):
    """Decorate a function of hashable arguments whose result depends on them and the active language only."""

    def decorate(function):
        @functools.lru_cache(maxsize=maxsize)
        def cached(language, *args):
            return function(*args)

        @functools.wraps(function)
        def wrapper(*args):
            return cached(active_language(), *args)

        # For a loop: the function with the active language looked up once (get_language() is slow).
        wrapper.in_active_language = lambda: functools.partial(cached, active_language())
        wrapper.cache_clear = cached.cache_clear
        _caches.append(cached)
        return wrapper

    return decorate


def _clear(**kwargs):
    for cached in _caches:
        cached.cache_clear()


setting_changed.connect(_clear, dispatch_uid="alliances-per-language-clear")
