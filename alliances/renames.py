"""A renamed alliance, organisation or announcement keeps answering at its old address: 301 to the new one.

The save service keeps the slugs a record had (FormerSlug, services.former_slug_keep). A page or an API
address that finds no record by its slug looks there (`current_or_renamed`), and answers 301 to the same
address with the record's slug now, query and all (`renamed_address`): the pages through `follows_renames`,
the API through its exception handler.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from .models import FormerSlug


class Renamed(Exception):
    def __init__(self, old, new):
        super().__init__(old, new)
        self.old, self.new = old, new


def current_or_renamed(queryset, slug):
    """The record of `queryset` whose slug is `slug`; Renamed when `slug` is one it had, Http404 when none had it."""
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found
    kind = queryset.model.__name__.lower()
    former = FormerSlug.objects.filter(slug=slug, **{f"{kind}__isnull": False}).select_related(kind).first()
    record = getattr(former, kind, None) if former is not None else None
    if record is None or not queryset.filter(pk=record.pk).exists():
        raise Http404(f"No {queryset.model._meta.object_name} matches the given query.")
    raise Renamed(slug, record.slug)


def renamed_address(request, renamed):
    """The address of this request with the record's new slug in place of the old, and its query."""
    match = request.resolver_match
    kwargs = {name: renamed.new if value == renamed.old else value for name, value in match.kwargs.items()}
    query = request.META.get("QUERY_STRING", "")
    return reverse(match.view_name, args=match.args, kwargs=kwargs) + (f"?{query}" if query else "")


def follows_renames(view):
    """A page view that answers 301 to a renamed record's new address (current_or_renamed raised Renamed)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Renamed as renamed:
            return HttpResponsePermanentRedirect(renamed_address(request, renamed))

    return answer
