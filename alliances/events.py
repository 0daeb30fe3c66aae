"""The events that timelines tell: announcements, joins, invitations, their ends and leaves, in one dated stream.

A membership that ended because it continued in a new role (invited, then member) is no
departure: the new membership's start tells that story. An invitation that ended otherwise
was declined or withdrawn: its invitee never joined, so it never "left".

The stream is a UNION of four queries, so the database sorts and slices it and a page of
events costs the same few queries whatever the size of the register. Each of them is
asked only for as many rows as the page needs, newest first, so PostgreSQL walks the date
indexes backwards and stops, rather than sorting every event of the register for one page.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from .dates import DatePrecision, format_partial_date
from .models import Announcement, Membership, Role


class EventKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("announcement")
    INVITATION = "invitation", _("invited")
    JOIN = "join", _("joined")
    LEAVE = "leave", _("left")
    INVITATION_ENDED = "invitation_ended", _("invitation ended")


@dataclass
class Event:
    kind: str
    day: Any
    precision: str
    membership: Membership | None = None
    announcement: Announcement | None = None

    @property
    def year(self):
        return self.day.year

    @property
    def date_display(self):
        return format_partial_date(self.day, self.precision)

    @property
    def kind_display(self):
        return EventKind(self.kind).label


# Newest first; on one day, the kinds in alphabetical order, then the newest record first.
ORDER = ("-ev_day", "ev_kind", "-ev_id")


def _rows(queryset, kind, day, precision):
    if hasattr(queryset, "rewrite"):  # modeltranslation's values_list() would reorder a UNION part's columns
        queryset = queryset.rewrite(False)
    return (
        queryset.order_by()
        .annotate(ev_kind=kind, ev_day=F(day), ev_precision=F(precision), ev_id=F("id"))
        .values_list("ev_kind", "ev_day", "ev_precision", "ev_id")
    )


class EventRows:
    """(kind, day, precision, id) rows of events, newest first: counted and sliced like a queryset.

    A slice is one UNION query in which each part is first cut to the slice's end (the rows
    of the whole stream up to there are among the first that many of each part), on databases
    that take an ordered, limited query inside a UNION (PostgreSQL; not SQLite).
    """

    def __init__(self, *parts):
        self.parts = parts
        self.union = parts[0].union(*parts[1:], all=True).order_by(*ORDER)
        self.query = self.union.query  # what the rows depend on: the key of a kept count

    def count(self):
        return self.union.count()

    def __getitem__(self, index):
        features = connections[self.union.db].features
        if not (isinstance(index, slice) and index.stop and features.supports_slicing_ordering_in_compound):
            return self.union[index]
        first = [part.order_by(*ORDER)[: index.stop] for part in self.parts]
        return first[0].union(*first[1:], all=True).order_by(*ORDER)[index]


def event_rows(memberships, announcements, year=None):
    """(kind, day, precision, id) rows of published events, newest first, as one sliceable stream."""
    text = models.CharField()
    if year:
        starts_in, ends_in = {"start_date__year": year}, {"end_date__year": year}
        announcements = announcements.filter(date__year=year)
    else:
        starts_in, ends_in = {}, {}
    starts = _rows(
        memberships.published().filter(**starts_in),
        Case(
            When(role=Role.INVITED, then=Value(EventKind.INVITATION.value)),
            default=Value(EventKind.JOIN.value),
            output_field=text,
        ),
        "start_date",
        "start_precision",
    )
    ends = _rows(
        memberships.published().departures().filter(**ends_in),
        Value(EventKind.LEAVE.value, output_field=text),
        "end_date",
        "end_precision",
    )
    ended_invitations = _rows(
        memberships.published().ended_invitations().filter(**ends_in),
        Value(EventKind.INVITATION_ENDED.value, output_field=text),
        "end_date",
        "end_precision",
    )
    notes = _rows(
        announcements.published(), Value(EventKind.ANNOUNCEMENT.value, output_field=text), "date", "date_precision"
    )
    return EventRows(starts, ends, ended_invitations, notes)


def events_from_rows(rows):
    """The Event objects of a page of rows, with their records loaded in a fixed number of queries."""
    rows = list(rows)
    membership_ids = {row[3] for row in rows if row[0] != EventKind.ANNOUNCEMENT}
    announcement_ids = {row[3] for row in rows if row[0] == EventKind.ANNOUNCEMENT}
    memberships = Membership.objects.listed().in_bulk(membership_ids) if membership_ids else {}
    announcements = (
        Announcement.objects.prefetch_related("alliances").in_bulk(announcement_ids) if announcement_ids else {}
    )
    events = []
    for kind, day, precision, pk in rows:
        if kind == EventKind.ANNOUNCEMENT:
            event = Event(kind, day, precision or DatePrecision.DAY, announcement=announcements.get(pk))
        else:
            event = Event(kind, day, precision, membership=memberships.get(pk))
        if event.membership or event.announcement:
            events.append(event)
    return events
