from itertools import groupby

from django.db.models import Case, IntegerField, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.gzip import gzip_page

from ..caching.kept import kept
from ..caching.versions import current_version
from ..charts import chart_caption, member_count_steps, step_chart, world_map_svg
from ..events import EventKind, event_count, event_rows, events_from_rows, period_changes
from ..forms import AsOfForm, PeriodForm
from ..lanes import alliance_lanes
from ..models import Alliance, FoundingClaim, Membership, ReportedSize, Role, size_order
from ..renames import current_or_renamed, follows_renames
from ..summaries import (
    GROUP_LABELS,
    GROUP_NOTES,
    MEMBERS,
    ROLE_GROUPS,
    MapLabels,
    Tally,
    alliance_summary,
    headline,
    list_words,
    principal_roles,
    role_group,
)
from .common import RowsOnDemand, filter_status, kept_tally, paginate

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


# Members proper first, then each other role: the order of summaries.ROLE_GROUPS, in SQL.
GROUP_ORDER = Case(
    *(When(role__in=[r for r in Role if role_group(r) == group], then=n) for n, group in enumerate(ROLE_GROUPS)),
    output_field=IntegerField(),
)


def member_groups(page, summary):
    """The participants of a page of the day's list, by group (members, then each other role) and by country.

    Within a group, in the order of their countries' English names; a one-page list is re-sorted
    by the names in the visitor's language (across pages the database's order has to hold).
    Each group says its whole count on the day, from the summary, not only this page's.
    Returns (groups, whether any row is an organisation).
    """
    rows = list(page.object_list)
    tallies = {MEMBERS: summary.members, **summary.roles}
    groups = [
        {
            "label": GROUP_LABELS[group],
            "note": GROUP_NOTES.get(group, ""),
            "tally": tallies.get(group) or Tally(),
            "countries": members_by_country(list(group_rows), localized_order=page.paginator.num_pages == 1),
        }
        for group, group_rows in groupby(rows, key=lambda m: role_group(m.role))
    ]
    return groups, any(m.organization_id for m in rows)


@follows_renames
def alliance_detail(request, slug):
    alliance = current_or_renamed(Alliance.objects.published().select_related("founding_country"), slug)
    as_of_form = AsOfForm(request.GET if "as_of" in request.GET else None)
    words = list_words(alliance.principal_role)
    as_of_form.fields["as_of"].label = words["field"]
    period_form = PeriodForm(request.GET if "from" in request.GET or "to" in request.GET else None)
    day, chosen = _chosen_day(as_of_form)
    memberships = Membership.objects.published().filter(alliance=alliance)
    summary = alliance_summary(alliance, day)
    complete = alliance.members_list_complete
    # The day's participants, members first, then each other role; the summary has counted them.
    listed = RowsOnDemand(
        lambda: (
            memberships.active_on(day)
            .with_certainty_on(day)
            .listed()
            .order_by(
                GROUP_ORDER,
                Coalesce("country__name", "organization__country__name").asc(nulls_last=True),
                "organization__name",
                "id",
            )
        ),
        count=lambda: summary.total,
    )
    members = paginate(request, listed, MEMBERS_PAGE, parameter="members_page")
    # Lazy: the parts of the page that show them are kept rendered ({% kept %}), then never run.
    member_rows = SimpleLazyObject(lambda: member_groups(members, summary))
    # Where the list is not known to be whole, the sizes sources report up to the day, oldest first: the
    # latest beside the count, each as a point on the chart.
    sizes = [] if complete else kept(("reported-sizes", alliance.pk, day.isoformat()), lambda: _sizes_by(alliance, day))
    reported_size = sizes[-1] if sizes else None
    # The chart of the day changes only with the register: kept per language, like the summary
    # (in a list, so that a day with no chart, None, is kept too). It counts what the headline counts.
    counted = memberships.filter(role__in=principal_roles(alliance.principal_role))
    chart = SimpleLazyObject(
        lambda: kept(
            ("member-chart", alliance.pk, day.isoformat(), get_language()),
            lambda: [
                step_chart(
                    member_count_steps(counted, day, alliance.founded),
                    day,
                    sizes=sizes,
                    complete=complete,
                    group=role_group(alliance.principal_role),
                )
            ],
        )[0]
    )
    # Built only when its kept part is made: building the eight-part query took half a cold page's time
    # (its count, kept, is asked without building it).
    announcements = alliance.announcements.all()
    events = RowsOnDemand(
        lambda: event_rows(memberships, announcements),
        count=lambda: kept(("alliance-events", alliance.pk), lambda: event_count(memberships, announcements)),
    )
    timeline = SimpleLazyObject(lambda: paginate(request, events, TIMELINE_PAGE))
    version = current_version()
    map_query = f"?as_of={day.isoformat()}" + (f"&v={version}" if version else "")
    context = {
        # Lazy, like the parts above: its section is kept rendered per alliance and day.
        "lanes": SimpleLazyObject(lambda: alliance_lanes(alliance, timezone.localdate())),
        "today": timezone.localdate(),
        "alliance": alliance,
        "other_names": list(alliance.other_names.all()),
        "founding_claims": FoundingClaim.objects.published().filter(alliance=alliance).select_related("source"),
        "as_of_form": as_of_form,
        "list_words": words,
        "list_heading": words["on"] % {"date": date_format(day, "DATE_FORMAT")} if chosen else words["today"],
        "period_form": period_form,
        "day": day,
        "chosen": chosen,
        "members": members,
        "headline": headline(alliance, summary, reported_size),
        "reported_size": reported_size,
        "groups": SimpleLazyObject(lambda: member_rows[0]),
        "show_member_column": SimpleLazyObject(lambda: member_rows[1]),
        "chart": chart,
        "chart_caption": chart_caption(alliance, day),
        "map_url": reverse("alliances:alliance-map", kwargs={"slug": slug}) + map_query,
        "map_countries": summary,
        "map_labels": MapLabels.of(alliance.principal_role),
        "timeline": timeline,
        "events": SimpleLazyObject(lambda: events_from_rows(timeline.object_list, alliances=False)),
        "period": _period(request, memberships, period_form),
    }
    return render(request, "alliances/alliance_detail.html", context, status=filter_status(as_of_form, period_form))


def _sizes_by(alliance, day):
    """The published sizes of `alliance` known to hold by `day`, oldest first, with their sources: one query."""
    sizes = ReportedSize.objects.published().filter(alliance=alliance, as_of_latest__lte=day)
    return list(sizes.select_related("source").order_by(*size_order()))


# What the period view reports, in its order: each kind of change, its heading, and whether it shows when empty.
PERIOD_GROUPS = {
    EventKind.JOIN: (gettext_lazy("Joined"), True),
    EventKind.LEAVE: (gettext_lazy("Left"), True),
    EventKind.INVITATION: (gettext_lazy("Invited"), False),
    EventKind.INVITATION_ENDED: (gettext_lazy("Invitations that ended"), False),
    EventKind.ROLE_CHANGE: (gettext_lazy("Role changes"), False),
    EventKind.ROLE_BEGAN: (gettext_lazy("Other roles begun"), False),
    EventKind.ROLE_ENDED: (gettext_lazy("Other roles ended"), False),
}
# The query parameter of each kind's page number.
PERIOD_PAGE_PARAMETERS = {kind: f"{kind}_page" for kind in PERIOD_GROUPS}
# What the alliance page reads from its query, its forms and page numbers (alliances/urls.py declares it).
ALLIANCE_PAGE_PARAMETERS = ("as_of", "from", "to", "page", "members_page", *PERIOD_PAGE_PARAMETERS.values())


def _period(request, memberships, form):
    """What changed between the two days of the period form, each kind of change apart, a page of each.

    Joined (became a member), left (members that ceased), invited, invitations that ended
    (declined or withdrawn: never "left"), role changes (partner → member, one change) and the
    other roles' starts and ends. A row whose date only possibly falls in the period is marked.
    """
    if not (form.is_bound and form.is_valid() and form.cleaned_data.get("from")):
        return None
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    groups, kinds = [], {kind: (rows, prefix) for kind, rows, prefix in period_changes(memberships, start, end)}
    for kind, (heading, always) in PERIOD_GROUPS.items():
        between, prefix = kinds[kind]
        tally = kept_tally(between, "period_certainty")
        if not (tally or always):
            continue
        listed = between.listed().order_by(f"{prefix}_latest", "id")
        if kind == EventKind.ROLE_CHANGE:
            listed = listed.with_previous_role()
        page = paginate(request, listed, MEMBERS_PAGE, parameter=PERIOD_PAGE_PARAMETERS[kind], count=tally.total)
        mark = "role" if kind == EventKind.ROLE_CHANGE else prefix
        groups.append({"kind": kind, "heading": heading, "tally": tally, "page": page, "mark": mark})
    return {"from": start, "to": end, "groups": groups}


@gzip_page
def alliance_map(request, slug):
    """The world map of an alliance's member countries on a day, as its own long-cached SVG image.

    Its address carries the register version, so a curator's change makes a new address
    rather than waiting for browsers' copies to expire.
    """
    alliance = get_object_or_404(Alliance.objects.published(), slug=slug)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors["as_of"][0], status=400, content_type="text/plain; charset=utf-8")
    day = form.cleaned_data["as_of"] or timezone.localdate()
    summary = alliance_summary(alliance, day)
    labels = MapLabels.of(alliance.principal_role)
    series = [(labels.full, summary.full), (labels.other, summary.other), (labels.uncertain, summary.uncertain)]
    svg = world_map_svg(series)
    response = HttpResponse(svg, content_type="image/svg+xml")
    if request.GET.get("v"):
        patch_cache_control(response, public=True, max_age=YEAR_SECONDS, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response
