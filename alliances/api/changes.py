"""An alliance's changes over a period: the API's side of the alliance page's period view (`?from=&to=`).

Which membership counts as a join, a departure, an invitation or a role change is decided once,
in events.period_changes() and the MembershipQuerySet it calls; this module only writes it out,
each membership in the API's membership shape (shapes.py) with its certainty for the period.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..caching.conditional import API_PARAMETERS, ConditionalGetMixin
from ..events import EventKind, period_changes
from ..forms import PeriodForm
from ..renames import current_or_renamed
from ..views.common import kept_tally
from .dates import legacy_date, span_values
from .pagination import CountedPagination
from .renderers import FastJSONRenderer
from .rows import membership_values
from .schema import AllianceChangesSerializer
from .views import MembershipRowsMixin

# Each kind of change under its name in the answer, in the order the answer gives them.
KIND_NAMES = {
    EventKind.JOIN: "joined",
    EventKind.LEAVE: "left",
    EventKind.INVITATION: "invited",
    EventKind.INVITATION_ENDED: "invitations_ended",
    EventKind.ROLE_CHANGE: "role_changes",
    EventKind.ROLE_BEGAN: "other_roles_began",
    EventKind.ROLE_ENDED: "other_roles_ended",
}
PERIOD_PARAMETERS = ("from", "to")


def period_from_query(query):
    """(first day, last day) of the `from` and `to` parameters, read as the alliance page reads them; else 400."""
    form = PeriodForm({name: query.get(name, "") for name in PERIOD_PARAMETERS})
    form.is_valid()
    errors = {name: list(messages) for name, messages in form.errors.items() if name in PERIOD_PARAMETERS}
    for name in PERIOD_PARAMETERS:
        if not query.get(name, "").strip():
            errors[name] = [_("Required: a day, YYYY-MM-DD (or a month, YYYY-MM, or a year, YYYY, as on the page).")]
    if not errors and form.errors:  # the period as a whole: it ends before it starts
        errors["to"] = list(form.non_field_errors())
    if errors:
        raise ValidationError(errors)
    return form.cleaned_data["from"], form.cleaned_data["to"]


class AllianceChangesView(MembershipRowsMixin, ConditionalGetMixin, APIView):
    """What changed in an alliance between two days, each kind of change apart, as the alliance page's period view."""

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    permission_classes = [AllowAny]  # read-only: the view answers GET alone
    shows = "alliance"

    @classmethod
    def query_parameters(cls, match):
        return API_PARAMETERS | set(PERIOD_PARAMETERS)

    @extend_schema(
        operation_id="alliances_changes_retrieve",
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The alliance's slug."),
            OpenApiParameter(
                "from", str, required=True, description="First day of the period, YYYY-MM-DD (or YYYY-MM, YYYY)."
            ),
            OpenApiParameter(
                "to", str, required=True, description="Last day of the period, YYYY-MM-DD (or YYYY-MM, YYYY)."
            ),
            OpenApiParameter("page", int, description="Page of every kind's list (default 1)."),
            OpenApiParameter(
                "page_size", int, description="Entries of each kind per page (default 100, at most 1000)."
            ),
        ],
        responses=AllianceChangesSerializer,
    )
    def get(self, request, slug):
        def produce():
            first, last = period_from_query(request.query_params)
            number, size = self._page(request)
            alliance = current_or_renamed(self.visible_alliances().only("slug", "name"), slug)
            memberships = self.visible_memberships().filter(alliance=alliance)
            picked = []  # (name, tally, [entry without its membership])
            for kind, rows, prefix in period_changes(memberships, first, last):
                tally = kept_tally(rows, "period_certainty")
                entries = []
                if tally.total > (number - 1) * size:
                    if kind == EventKind.ROLE_CHANGE:
                        rows = rows.with_previous_role()
                    columns = ["id", "period_certainty", prefix, f"{prefix}_earliest", f"{prefix}_latest"]
                    page = rows.order_by(f"{prefix}_latest", "id").values(
                        *columns, *(["previous_role"] if kind == EventKind.ROLE_CHANGE else [])
                    )[(number - 1) * size : number * size]
                    entries = [_entry(row, prefix, kind) for row in page]
                picked.append((KIND_NAMES[kind], tally, entries))
            ids = {entry["membership_id"] for _name, _tally, entries in picked for entry in entries}
            embedded = (
                {m["id"]: m for m in self.embed(membership_values(memberships.filter(pk__in=ids)))} if ids else {}
            )
            document = {
                "alliance": {"slug": alliance.slug, "name": alliance.name},
                "from": first.isoformat(),
                "to": last.isoformat(),
                "page": number,
                "page_size": size,
            }
            for name, tally, entries in picked:
                for entry in entries:
                    entry["membership"] = embedded[entry.pop("membership_id")]
                document[name] = {
                    "count": tally.total,
                    "certain": tally.certain,
                    "possible": tally.possible,
                    "disputed": tally.disputed,
                    "results": entries,
                }
            return Response(document)

        return self.conditional(request, produce)

    @staticmethod
    def _page(request):
        paginator = CountedPagination()
        number = paginator._positive_int(request, paginator.page_query_param, default=1)
        size = paginator._positive_int(request, paginator.page_size_query_param, default=paginator.page_size)
        return number, min(size, paginator.max_page_size)


def _entry(row, prefix, kind):
    """One change: its membership's id (embedded later), its certainty for the period and its date, in EDTF with
    its earliest and latest days and in the fields of before (`date`, `date_precision`, `date_bound`)."""
    day, precision, bound = legacy_date(row[prefix])
    dates = span_values(row[prefix], row[f"{prefix}_earliest"], row[f"{prefix}_latest"])
    return {
        "membership_id": row["id"],
        "certainty": row["period_certainty"],
        "date": day.isoformat() if day else None,
        "date_precision": precision,
        "date_bound": bound,
        "date_edtf": dates[""],
        "date_earliest": dates["_earliest"],
        "date_latest": dates["_latest"],
        **({"previous_role": row["previous_role"]} if kind == EventKind.ROLE_CHANGE else {}),
    }
