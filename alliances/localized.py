"""Texts that depend only on the active language, worked out once per process and language (caching.per_language).

Django translates lazily, on every use: each role, month name or country name that a page
shows runs gettext again (through django-countries' fallback catalogue as well), and a model's
`get_FOO_display()` even translates every label of the field to look one up. A page of 200
members did that thousands of times, a third of its rendering time (docs/performance.md,
"What we found", 7). The catalogues and formats do not change while a process runs, so the
results are kept here per language; a test that changes a setting clears them. The addresses
of the detail pages are here too: `/ru/` or no prefix, then always the same words around a slug.
"""

import re

from django.urls import get_script_prefix, reverse

from .per_language import per_language


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


# What a slug or a country code in an address may hold; such a value is put in unchanged by reverse().
_PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")
_MARKER = "zz"  # fits every converter of the detail pages (slug, iso2)


@per_language()
def _around_the_value(viewname, script_prefix):
    """What reverse() writes before and after the one value of `viewname`'s address, in this language."""
    before, marker, after = reverse(viewname, args=[_MARKER]).rpartition(_MARKER)
    return before, after


def detail_url(viewname, value):
    """reverse(viewname, args=[value]) for an address whose one value ends it (`/alliances/<slug>/`).

    reverse() matches the URL patterns again on every call: 30-80 µs here, hundreds of links a page.
    """
    if not _PLAIN_VALUE.fullmatch(value):
        return reverse(viewname, args=[value])
    before, after = _around_the_value(viewname, get_script_prefix())
    return f"{before}{value}{after}"
