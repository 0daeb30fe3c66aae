"""The indexes: every alliance by kind with its counts today, every organization filtered and paginated."""

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from ..filters import OrganizationFilter
from ..models import Alliance, AllianceKind, Organization
from ..summaries import counted_alliances
from .common import filter_status, paginate

ORGANIZATIONS_PER_PAGE = 50


def alliance_list(request):
    """Every body, grouped by kind in the order of AllianceKind, with today's counts: three queries."""
    today = timezone.localdate()
    alliances = counted_alliances(Alliance.objects.published().select_related("founding_country"), today)
    groups = [
        (label, sorted((a for a in alliances if a.kind == kind), key=lambda a: str(a.name).casefold()))
        for kind, label in AllianceKind.choices
    ]
    context = {"groups": [(label, rows) for label, rows in groups if rows], "today": today, "count": len(alliances)}
    return render(request, "alliances/alliance_list.html", context)


def organization_list(request):
    """Every organization, filterable by country and kind, a page at a time."""
    filterset = OrganizationFilter(request.GET or None, queryset=Organization.objects.select_related("country"))
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else Organization.objects.none()
    page = paginate(request, rows.order_by(_name_in_language(), "id"), per_page=ORGANIZATIONS_PER_PAGE)
    context = {"filter": filterset, "page": page}
    return render(request, "alliances/organization_list.html", context, status=filter_status(filterset.form))


def _name_in_language():
    """The name a page shows, to sort by: the Russian one on /ru/ where there is one, else the English."""
    language = get_language()
    if language == "en":
        return "name_en"
    return Coalesce(NullIf(f"name_{language}", Value("")), "name_en")
