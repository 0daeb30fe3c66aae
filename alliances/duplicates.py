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
from collections import Counter

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
    """names_match() of two names already normalized_name()d: equal, or near-equal spelling (the quick upper
    bounds first, then the ratio)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if 2 * min(len(a), len(b)) < SIMILARITY * (len(a) + len(b)):
        return False  # the lengths alone keep the ratio below SIMILARITY (real_quick_ratio, without its set-up)
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and (matcher.ratio() >= SIMILARITY)
    )


class OrganizationNames:
    """Which organizations a name means, by the rule above, in any country (a source's list names no country).

    Built from {organization id: its names and other names}; each is normalized once, and indexed by
    its three-letter pieces so that a name is compared only with names it could be near: two names
    whose ratio reaches SIMILARITY share at least 0.22 × the shorter length − 2 of them (each letter of
    one that the other lacks breaks at most three, each one inserted at most two), and the shorter is
    at least 0.74 × the longer.
    """

    def __init__(self, names_by_id):
        self.known, self.exact, self.pieces = [], {}, {}
        for pk, names in names_by_id.items():
            for key in {normalized_name(name) for name in names if name} - {""}:
                self.exact.setdefault(key, set()).add(pk)
                for piece in _pieces(key):
                    self.pieces.setdefault(piece, set()).add(len(self.known))
                self.known.append((key, pk))

    @classmethod
    def of_register(cls):
        """Every organization's names (English, Russian, other names): two queries of values, no model instances."""
        names_by_id = {}
        for pk, *names in Organization.objects.values_list("pk", "name_en", "name_ru"):
            names_by_id[pk] = set(names)
        for pk, name in OrganizationName.objects.values_list("organization_id", "name"):
            names_by_id.setdefault(pk, set()).add(name)
        return cls(names_by_id)

    def matching(self, name, *, exact=False):
        """The ids of the organizations `name` matches; `exact`: equal names only, no near spelling."""
        key = normalized_name(name)
        found = set(self.exact.get(key, ()))
        if not exact and key:
            for index in self._may_be_near(key):
                known, pk = self.known[index]
                if pk not in found and normalized_match(key, known):
                    found.add(pk)
        return sorted(found)

    def _may_be_near(self, key):
        shared = Counter()
        for piece in _pieces(key):
            shared.update(self.pieces.get(piece, ()))
        least = 0.22 * 0.74 * len(key) - 2
        return [index for index, count in shared.items() if count >= least] if least > 0 else range(len(self.known))


def _pieces(key):
    return {key[start : start + 3] for start in range(max(1, len(key) - 2))}


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
