from itertools import groupby

from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from ..caching.context import current_version
from ..caching.kept import kept
from ..charts import chart_caption, member_count_steps, step_chart, world_map_svg
from ..events import event_rows, events_from_rows
from ..forms import AsOfForm, PeriodForm
from ..models import Alliance, Membership
from ..summaries import alliance_summary
from .common import filter_status, paginate

TIMELINE_PAGE = 30
MEMBERS_PAGE = 200
YEAR_SECONDS = 365 * 24 * 3600


def _chosen_day(form):
    """The day the page looks at: the visitor's valid ?as_of=, or today."""
    if form.is_bound and form.is_valid() and form.cleaned_data["as_of"]:
        return form.cleaned_data["as_of"], True
    return timezone.localdate(), False


def members_by_country(memberships, localized_order):
    """[(country or None, [memberships])]; re-sorted by the countries' names in the active language when asked."""

    def country_name(membership):
        country = membership.member_country
        return (country is None, str(country) if country else "", str(membership.member))

    if localized_order:
        memberships = sorted(memberships, key=country_name)
    return [(country, list(rows)) for country, rows in groupby(memberships, key=lambda m: m.member_country)]


def members_page(request, active):
    """A page of the members active on the day, in the order of their countries' English names.

    A one-page list is re-sorted by the names in the visitor's language; across pages the
    database's order has to hold.
    """
    ordered = active.listed().order_by(
        Coalesce("country__name", "organization__country__name").asc(nulls_last=True), "organization__name", "id"
    )
    page = paginate(request, ordered, MEMBERS_PAGE, parameter="members_page")
    rows = list(page.object_list)
    return page, members_by_country(rows, localized_order=page.paginator.num_pages == 1), rows


def alliance_detail(request, slug):
    alliance = get_object_or_404(Alliance.objects.select_related("founding_country"), slug=slug)
    as_of_form = AsOfForm(request.GET if "as_of" in request.GET else None)
    period_form = PeriodForm(request.GET if "from" in request.GET or "to" in request.GET else None)
    day, chosen = _chosen_day(as_of_form)
    memberships = Membership.objects.published().filter(alliance=alliance)
    summary = alliance_summary(alliance, day)
    # Lazy: the parts of the page that show them are kept rendered ({% kept %}), then never run.
    members_rows = SimpleLazyObject(lambda: members_page(request, memberships.active_on(day)))
    # The chart of the day changes only with the register: kept per language, like the summary
    # (in a list, so that a day with no chart, None, is kept too).
    chart = SimpleLazyObject(
        lambda: kept(
            ("chart", alliance.pk, day.isoformat(), get_language()),
            lambda: [step_chart(member_count_steps(memberships.full_members(), day), day)],
        )[0]
    )
    timeline = SimpleLazyObject(
        lambda: paginate(request, event_rows(memberships, alliance.announcements.all()), TIMELINE_PAGE)
    )
    version = current_version()
    map_query = f"?as_of={day.isoformat()}" + (f"&v={version}" if version else "")
    context = {
        "alliance": alliance,
        "other_names": list(alliance.other_names.all()),
        "as_of_form": as_of_form,
        "period_form": period_form,
        "day": day,
        "chosen": chosen,
        "members": SimpleLazyObject(lambda: members_rows[0]),
        "member_count": summary.count,
        "groups": SimpleLazyObject(lambda: members_rows[1]),
        "chart": chart,
        "chart_caption": chart_caption(alliance, day),
        "map_url": reverse("alliances:alliance-map", kwargs={"slug": slug}) + map_query,
        "map_countries": summary,
        "show_member_column": SimpleLazyObject(lambda: any(m.organization_id for m in members_rows[2])),
        "timeline": timeline,
        "events": SimpleLazyObject(lambda: events_from_rows(timeline.object_list)),
        "period": _period(request, memberships, period_form),
    }
    return render(request, "alliances/alliance_detail.html", context, status=filter_status(as_of_form, period_form))


def _period(request, memberships, form):
    """Who joined and who left between the two days of the period form, a page of each, when the period is valid."""
    if not (form.is_bound and form.is_valid() and form.cleaned_data.get("from")):
        return None
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    joined = memberships.joins().started_between(start, end).listed().order_by("start_date", "id")
    left = memberships.departures().ended_between(start, end).listed().order_by("end_date", "id")
    return {
        "from": start,
        "to": end,
        "joined": paginate(request, joined, MEMBERS_PAGE, parameter="joined_page"),
        "left": paginate(request, left, MEMBERS_PAGE, parameter="left_page"),
    }


@gzip_page
def alliance_map(request, slug):
    """The world map of an alliance's member countries on a day, as its own long-cached SVG image.

    Its address carries the register version, so a curator's change makes a new address
    rather than waiting for browsers' copies to expire.
    """
    alliance = get_object_or_404(Alliance, slug=slug)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors["as_of"][0], status=400, content_type="text/plain; charset=utf-8")
    day = form.cleaned_data["as_of"] or timezone.localdate()
    summary = alliance_summary(alliance, day)
    series = [(_("Members"), summary.full), (_("Invited, observers and partners"), summary.other)]
    svg = world_map_svg(series)
    response = HttpResponse(svg, content_type="image/svg+xml")
    if request.GET.get("v"):
        patch_cache_control(response, public=True, max_age=YEAR_SECONDS, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response
