"""The events that timelines tell: announcements, joins, invitations, role changes and ends, in one dated stream.

Each membership's start is told as what it was (MembershipQuerySet decides): a join (an
accepted invitation reads as joining), an invitation, a role change ("partner → member", one
change, not a join and a leave) or another role begun (observer, partner, signatory...).
Its end is told only when it ended otherwise than in a new role: a member left, an invitation
was declined or withdrawn (the invitee never joined, so it never "left"), another role ended.
Each date is shown as its source gives it: "by 11 December 2024", "between June and November 2021";
an event is placed at its date's latest day.

The stream is a UNION of those queries and the announcements', so the database sorts and
slices it and a page of events costs the same few queries whatever the size of the register.
Each of them is asked only for as many rows as the page needs, newest first, so PostgreSQL
walks the date indexes backwards and stops, rather than sorting every event of the register.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models import Count, F, Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .dates import iso_partial_date
from .models import Announcement, Membership, Role
from .phrases import role_change_text


class EventKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("announcement")
    INVITATION = "invitation", pgettext_lazy("event", "invited")
    JOIN = "join", _("joined")
    ROLE_CHANGE = "role_change", _("role changed")
    ROLE_BEGAN = "role_began", _("new role")
    LEAVE = "leave", _("left")
    INVITATION_ENDED = "invitation_ended", _("invitation ended")
    ROLE_ENDED = "role_ended", _("role ended")


START_KINDS = {EventKind.JOIN, EventKind.INVITATION, EventKind.ROLE_CHANGE, EventKind.ROLE_BEGAN}


@dataclass
class Event:
    kind: str
    day: Any  # where the timeline places it: the latest day of its date
    membership: Membership | None = None
    announcement: Announcement | None = None

    @property
    def year(self):
        return self.day.year

    @property
    def date(self):
        """The date as its source gives it, in EDTF: a membership's start or end, an announcement's date."""
        if self.announcement:
            return iso_partial_date(self.announcement.date, self.announcement.date_precision)
        return self.membership.start if self.kind in START_KINDS else self.membership.end

    @property
    def kind_display(self):
        if self.kind == EventKind.ROLE_CHANGE and self.membership:
            return role_change_text(self.membership)
        return EventKind(self.kind).label


# Newest first; on one day, the kinds in alphabetical order, then the newest record first.
ORDER = ("-ev_day", "ev_kind", "-ev_id")


def _rows(queryset, kind, day):
    if hasattr(queryset, "rewrite"):  # modeltranslation's values_list() would reorder a UNION part's columns
        queryset = queryset.rewrite(False)
    return (
        queryset.order_by()
        .annotate(ev_kind=Value(kind.value, output_field=models.CharField()), ev_day=F(day), ev_id=F("id"))
        .values_list("ev_kind", "ev_day", "ev_id")
    )


def _counted(queryset, *conditions):
    """`SELECT COUNT(*)` of `queryset` as a query of one row and one column, which can be part of a UNION; with
    `conditions`, the sum of the counts of its rows that meet each (one scan for several counts)."""
    counts = [Count("pk", filter=condition) for condition in conditions] or [Count("pk")]
    total = sum(counts[1:], counts[0])
    return queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=total).values_list("n")


class EventRows:
    """(kind, day, id) rows of events, newest first: counted and sliced like a queryset.

    A slice is one UNION query in which each part is first cut to the slice's end (the rows
    of the whole stream up to there are among the first that many of each part), on databases
    that take an ordered, limited query inside a UNION (PostgreSQL; not SQLite).
    The count adds up the counts of `counted` (queries of one count each, `_counted`, which add up to
    the events), asked in one query: counting the UNION sorted every event of the register.
    """

    def __init__(self, *parts, counted):
        self.parts = parts
        self.union = parts[0].union(*parts[1:], all=True).order_by(*ORDER)
        self.counts = _union(counted)
        self.query = self.counts.query  # what the count depends on: the key of a kept count (quicker to write)

    def count(self):
        return sum(n for (n,) in self.counts)

    def __getitem__(self, index):
        features = connections[self.union.db].features
        if not (isinstance(index, slice) and index.stop and features.supports_slicing_ordering_in_compound):
            return self.union[index]
        first = [part.order_by(*ORDER)[: index.stop] for part in self.parts]
        return first[0].union(*first[1:], all=True).order_by(*ORDER)[index]


def changes(memberships):
    """[(kind, memberships, "start" or "end")]: how each start and each end of a membership is told, once for all.

    Every start is exactly one of a join, an invitation, a role change or another role begun;
    an end is told unless it continued in a new role (the new role's start tells that): the
    events of `memberships` are as many as they are and their `ended_without_continuing()`.
    """
    other_roles = [role for role in Role.other_roles() if role != Role.INVITED]
    return [
        (EventKind.JOIN, memberships.joins(), "start"),
        (EventKind.INVITATION, memberships.filter(role=Role.INVITED).not_continuing(), "start"),
        (EventKind.ROLE_CHANGE, memberships.role_changes(), "start"),
        (EventKind.ROLE_BEGAN, memberships.filter(role__in=other_roles).not_continuing(), "start"),
        (EventKind.LEAVE, memberships.departures(), "end"),
        (EventKind.INVITATION_ENDED, memberships.ended_invitations(), "end"),
        (EventKind.ROLE_ENDED, memberships.filter(role__in=other_roles).ended_without_continuing(), "end"),
    ]


def period_changes(memberships, first, last):
    """`changes()` between the days `first` and `last` (both included): [(kind, memberships, prefix)].

    Each kind's memberships are those whose start (or end) may fall in the period, with
    `period_certainty`: "certain" when the whole of that date lies within it. The period view
    of the alliance page and the API's changes both read it.
    """
    return [
        (kind, rows.started_between(first, last) if prefix == "start" else rows.ended_between(first, last), prefix)
        for kind, rows, prefix in changes(memberships)
    ]


def event_rows(memberships, announcements, year=None):
    """(kind, day, id) rows of published events, newest first, as one sliceable stream."""
    memberships, announcements = memberships.published(), announcements.published()
    parts = []
    for kind, rows, prefix in changes(memberships):
        parts.append(_rows(rows.filter(**{f"{prefix}_latest__year": year}) if year else rows, kind, f"{prefix}_latest"))
    dated = announcements.filter(date__year=year) if year else announcements
    parts.append(_rows(dated, EventKind.ANNOUNCEMENT, "date"))
    return EventRows(*parts, counted=_counts(memberships, announcements, year))


def event_count(memberships, announcements):
    """How many events `event_rows(memberships, announcements)` holds, without building its eight parts."""
    return sum(n for (n,) in _union(_counts(memberships.published(), announcements.published(), None)))


def _counts(memberships, announcements, year):
    """Queries of one count each that add up to the events of these published rows (of `year`)."""
    if year:
        starts, ends = memberships.filter(start_latest__year=year), memberships.ended_without_continuing()
        counted = [_counted(starts), _counted(ends.filter(end_latest__year=year))]
        announcements = announcements.filter(date__year=year)
    else:
        # Every membership is a start, and an end too where it ended without continuing: one scan counts both.
        # (Two scans, in three parts, made PostgreSQL start parallel workers that cost more than the count.)
        counted = [_counted(memberships, Q(), memberships.ENDED_WITHOUT_CONTINUING)]
    return [*counted, _counted(announcements)]


def _union(queries):
    return queries[0].union(*queries[1:], all=True)


def events_from_rows(rows, alliances=True):
    """The Event objects of a page of rows, with their records loaded in a fixed number of queries.

    `alliances`: each announcement with the published bodies it concerns (one alliance's timeline names none).
    """
    rows = list(rows)
    membership_ids = {row[2] for row in rows if row[0] != EventKind.ANNOUNCEMENT}
    announcement_ids = {row[2] for row in rows if row[0] == EventKind.ANNOUNCEMENT}
    memberships = Membership.objects.listed().with_previous_role().in_bulk(membership_ids) if membership_ids else {}
    shown = Announcement.objects.with_public_alliances() if alliances else Announcement.objects.all()
    announcements = shown.in_bulk(announcement_ids) if announcement_ids else {}
    events = []
    for kind, day, pk in rows:
        if kind == EventKind.ANNOUNCEMENT:
            event = Event(kind, day, announcement=announcements.get(pk))
        else:
            event = Event(kind, day, membership=memberships.get(pk))
        if event.membership or event.announcement:
            events.append(event)
    return events
