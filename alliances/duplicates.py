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
    return _similar(normalized_name(a), normalized_name(b))


def _similar(a, b):
    """Two normalized names are one: equal, or near-equal spelling (the quick upper bounds first, then the ratio)."""
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and (matcher.ratio() >= SIMILARITY)
    )


class OrganizationNames:
    """Which of `organizations` a name means, by the rule above, in any country (a source's list names no country).

    `organizations` come with their other names prefetched; each name and other name is normalized once.
    """

    def __init__(self, organizations):
        self.known = []
        for organization in organizations:
            names = {organization.name, getattr(organization, "name_en", None), getattr(organization, "name_ru", None)}
            names |= {other.name for other in organization.other_names.all()}
            self.known += [(normalized_name(name), organization) for name in names if name]

    def matching(self, name, *, exact=False):
        """The organizations `name` matches; `exact`: equal names only, no near spelling."""
        key = normalized_name(name)
        if exact:
            found = {organization.pk: organization for known, organization in self.known if key and key == known}
        else:
            found = {organization.pk: organization for known, organization in self.known if _similar(key, known)}
        return sorted(found.values(), key=lambda organization: organization.name)


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
