"""A page of memberships as JSON texts kept in the shared cache, one text per membership.

A cold page (a response never kept) then costs one query for its ids (none when another reader
asked for the same page since the last write: views.MembershipRowsMixin keeps its names) and one
read of the shared cache; only the memberships no page has shown since the last write are written, from
the shape `shapes.py` declares (`rows.membership_dicts`, encoded by orjson: the bytes
`FastJSONRenderer` gives). The texts go into the response as an `orjson.Fragment`, never
parsed. Why this stays, with figures: docs/performance.md, "One membership shape (issue 13)".
"""

import orjson

from ..caching.kept import kept_texts
from ..models import Membership
from .renderers import FastJSONRenderer
from .rows import membership_dicts, membership_values


def builds_json(request):
    """True when the page is answered as compact JSON, the only form the kept texts have."""
    renderer = request.accepted_renderer
    return type(renderer) is FastJSONRenderer and renderer.get_indent(request.accepted_media_type or "", {}) is None


def page_names(page):
    """The names of the texts of `page` (a sliced queryset from `rows.membership_rows`): "<id>:<certainty>"."""
    return [f"{pk}:{certainty or ''}" for pk, certainty in page.values_list("pk", "certainty")]


def membership_page_json(names, *, drafts=False):
    """The memberships `names` (page_names) as an orjson.Fragment of an array.

    Each text is kept under the register version in a group (a Redis hash) named by `drafts`
    (whether draft sources are shown: a curator's texts are never an anonymous reader's) and by
    the membership and its certainty, so a page of any filter, day, ordering or page number reuses
    every text another page wrote. A write changes the version, and every kept text is unreachable
    at once.
    """

    def write_missing(missing):
        certainties = {}
        for name in missing:
            pk, certainty = name.split(":")
            certainties.setdefault(int(pk), []).append(certainty or None)
        rows = membership_values(Membership.objects.filter(pk__in=list(certainties)))
        texts = {}
        for membership in membership_dicts(rows, drafts=drafts):
            for certainty in certainties[membership["id"]]:
                membership["certainty"] = certainty
                texts[f"{membership['id']}:{certainty or ''}"] = orjson.dumps(membership).decode()
        return texts

    texts = kept_texts(names, write_missing, parts=("api:memberships", "drafts" if drafts else "published"))
    # A membership deleted between the two queries is left out, as a page made a moment later would.
    page_texts = (texts.get(name) for name in names)
    return orjson.Fragment("[" + ",".join(text for text in page_texts if text is not None) + "]")
