"""Likely duplicate organizations: the one rule, used by the admin form and by imports.

Two names match when, after folding case, accents, punctuation and the words every
association carries ("the", "of", "association" ...), they are equal or differ by a few
letters (difflib's ratio at or above SIMILARITY). A name matches an organization when
it matches the organization's name or any of its other names. Only organizations in
the same country are compared (international bodies, with no country, among themselves).
"""

import difflib
import re
import unicodedata

from django.db.models import Prefetch

from .models import Organization, OrganizationName

SIMILARITY = 0.85
_FILLER = {"the", "of", "for", "and", "de", "da", "do", "dos", "das", "la", "le", "el", "y", "e"}


def normalized_name(name):
    """`name` reduced to what tells organizations apart: 'The A.I. Association of Brazil' -> 'ai association brazil'."""
    text = unicodedata.normalize("NFKD", name or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[.'’]", "", text)  # "A.I." and "AI" are one word
    words = re.findall(r"\w+", text)
    return " ".join(word for word in words if word not in _FILLER)


def names_match(a, b):
    return normalized_match(normalized_name(a), normalized_name(b))


def normalized_match(a, b):
    """names_match() of two names already normalized_name()d."""
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    # The cheap upper bounds first, as difflib.get_close_matches does: most pairs stop there.
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and (matcher.ratio() >= SIMILARITY)
    )


def likely_duplicates(*, names, country, exclude_pk=None):
    """Organizations in `country` (None: international bodies) with a name or other name matching one of `names`."""
    return KnownNames().matches(names=names, country=country, exclude_pk=exclude_pk)


class KnownNames:
    """The organizations of each country with their names normalized, read once: an import asks for every row.

    `add()` takes an organization an import has just written, so later rows of the same file are compared with it.
    """

    def __init__(self):
        self._by_country = {}

    def matches(self, *, names, country, exclude_pk=None):
        wanted = [normalized_name(name) for name in names if name]
        if not wanted:
            return []
        return [
            organization
            for pk, (organization, known) in self._of(country).items()
            if pk != exclude_pk and any(normalized_match(name, other) for name in wanted for other in known)
        ]

    def add(self, organization, names):
        known = self._of(organization.country_id)
        if organization.pk not in known:
            known[organization.pk] = (organization, [normalized_name(name) for name in names if name])

    def _of(self, country):
        key = getattr(country, "pk", country)
        if key not in self._by_country:
            other_names = Prefetch("other_names", queryset=OrganizationName.objects.only("organization_id", "name"))
            candidates = (
                Organization.objects.filter(country=key)
                .prefetch_related(other_names)
                .only("pk", "name", "slug", "country_id")
            )
            self._by_country[key] = {
                organization.pk: (
                    organization,
                    [
                        normalized_name(name)
                        for name in [organization.name, *(o.name for o in organization.other_names.all())]
                    ],
                )
                for organization in candidates
            }
        return self._by_country[key]


def _names_of(organization):
    return [organization.name, *(other.name for other in organization.other_names.all())]
