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
    a, b = normalized_name(a), normalized_name(b)
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY


def likely_duplicates(*, names, country, exclude_pk=None):
    """Organizations in `country` (None: international bodies) with a name or other name matching one of `names`."""
    names = [name for name in names if name]
    if not names:
        return []
    candidates = (
        Organization.objects.filter(country=country)
        .exclude(pk=exclude_pk)
        .prefetch_related(Prefetch("other_names", queryset=OrganizationName.objects.only("organization_id", "name")))
        .only("pk", "name", "slug", "country_id")
    )
    return [
        organization
        for organization in candidates
        if any(
            names_match(name, known)
            for name in names
            for known in [organization.name, *(other.name for other in organization.other_names.all())]
        )
    ]
