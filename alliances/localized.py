"""Texts that depend only on the active language, worked out once per process and language.

Django translates lazily, on every use: each role, month name or country name that a page
shows runs gettext again (through django-countries' fallback catalogue as well), and a model's
`get_FOO_display()` even translates every label of the field to look one up. A page of 200
members did that thousands of times, a third of its rendering time (docs/performance.md,
"What we found", 7). The catalogues and formats do not change while a process runs, so the
results are kept here per language; a test that changes a setting clears them.
"""

import functools

from django.core.signals import setting_changed
from django.utils.translation import get_language

_caches = []


def per_language(maxsize=None):
    """Decorate a function of hashable arguments whose result depends on them and the active language only."""

    def decorate(function):
        @functools.lru_cache(maxsize=maxsize)
        def cached(language, *args):
            return function(*args)

        @functools.wraps(function)
        def wrapper(*args):
            return cached(get_language(), *args)

        wrapper.cache_clear = cached.cache_clear
        _caches.append(cached)
        return wrapper

    return decorate


@per_language()
def choice_labels(field):
    """{value: label} of a model field's choices, the labels translated."""
    return {value: str(label) for value, label in field.flatchoices}


class ChoiceLabels:
    """`get_FOO_display()` from `choice_labels`: the same text, without translating every label each time."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: leave it to Django
            return super()._get_FIELD_display(field)


def _clear(**kwargs):
    for cached in _caches:
        cached.cache_clear()


setting_changed.connect(_clear, dispatch_uid="alliances-localized-clear")
