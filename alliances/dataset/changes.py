"""The log of the published register's changes: which rows of the download each write added, changed or withdrew.

A table of the download (api/datapackage.TABLES) shows more than its own records: a membership's row shows
its alliance's and its organisation's slugs and whether a published source disputes it; a citation is in
its table only while its membership and its announcement are published. SHOWN_IN says, for each register
model, which rows show a record and which of its fields they show. Before a record is saved or deleted
those rows are read; after, read again, in the write's own transaction; every row that differs is logged
(DatasetChange): added, changed, or withdrawn with why (deleted, unpublished, or renamed: its key changed)
and the curator's reason. Signals, not the services, so that no path of writing (admin, API, import,
loaders, inline formsets) can skip it; writes that send none (bulk_create: synthetic data) are not logged.

`changes_since()` reads the log for /api/v1/changes/: each row changed since a moment, once, as it is now.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from ..models import DatasetChange, MembershipSource, RowChange, Stance, Withdrawal

# A change is logged at the moment it is written, and seen once its transaction commits, perhaps later:
# `since` reaches back this far, so a client never misses a write that committed after it last asked.
OVERLAP = datetime.timedelta(minutes=1)


def _itself(record):
    return Q(pk=record.pk)


@dataclass(frozen=True)
class Shows:
    """The rows of `table` that show a record (`rows(record)`: a Q on the table's model), and which of its
    `fields` they show: read only when one of them changes (or the record is deleted); () for its own rows."""

    table: str
    rows: Callable
    fields: tuple = ()
    # Read only where this holds, given the record and its `fields` as stored (None for a new record).
    when: Callable | None = None

    def watched(self, record, stored):
        if self.when is not None:
            return self.when(record, stored)
        if not self.fields:
            return True
        return stored is not None and any(stored[name] != getattr(record, name) for name in self.fields)


def _disputing(citation, stored):
    """A citation changes its membership's row only by disputing it (`disputed`), now or before."""
    return citation.stance == Stance.DISPUTES or (stored or {}).get("stance") == Stance.DISPUTES


def _cited_by(record):
    return Q(pk__in=MembershipSource.objects.filter(announcement_id=record.pk).values("membership_id"))


SHOWN_IN = {
    "Alliance": (
        Shows("alliances", _itself),
        Shows("alliance_names", lambda alliance: Q(alliance_id=alliance.pk), ("slug",)),
        Shows("memberships", lambda alliance: Q(alliance_id=alliance.pk), ("slug",)),
        Shows("reported_sizes", lambda alliance: Q(alliance_id=alliance.pk), ("slug",)),
        Shows("founding_claims", lambda alliance: Q(alliance_id=alliance.pk), ("slug",)),
    ),
    "Organization": (
        Shows("organizations", _itself),
        Shows("organization_names", lambda organization: Q(organization_id=organization.pk), ("slug",)),
        Shows("memberships", lambda organization: Q(organization_id=organization.pk), ("slug",)),
    ),
    "Announcement": (
        Shows("announcements", _itself),
        Shows("citations", lambda announcement: Q(announcement_id=announcement.pk), ("slug", "status")),
        Shows("reported_sizes", lambda announcement: Q(source_id=announcement.pk), ("slug", "status")),
        Shows("founding_claims", lambda announcement: Q(source_id=announcement.pk), ("slug", "status")),
        Shows("rankings", lambda announcement: Q(source_id=announcement.pk), ("slug", "status")),
        Shows("memberships", _cited_by, ("status",)),  # `disputed`: whether a published source disputes it
    ),
    "Membership": (
        Shows("memberships", _itself),
        Shows("citations", lambda membership: Q(membership_id=membership.pk), ("status",)),
    ),
    "MembershipSource": (
        Shows("citations", _itself),
        Shows("memberships", lambda citation: Q(pk=citation.membership_id), ("stance",), when=_disputing),
    ),
    "AllianceName": (Shows("alliance_names", _itself),),
    "OrganizationName": (Shows("organization_names", _itself),),
    "ReportedSize": (Shows("reported_sizes", _itself),),
    "FoundingClaim": (Shows("founding_claims", _itself),),
    "Ranking": (Shows("rankings", _itself),),
    "Country": (Shows("countries", _itself),),
}


def _tables():
    from ..api.datapackage import TABLES_BY_NAME

    return TABLES_BY_NAME


def _rows(watched, record):
    """{(table, database id): (key, row)} of the rows of the download that `watched` (Shows) name for `record`."""
    tables, rows = _tables(), {}
    for shows in watched:
        table = tables[shows.table]
        for pk, row in table.records_with_ids(table.rows().filter(shows.rows(record))):
            rows[(shows.table, pk)] = (table.key_of(row), row)
    return rows


def _stored(record, shows):
    """The fields that rows of other tables show, as the database holds them before the write; None for a new record."""
    fields = sorted({name for one in shows for name in one.fields})
    if not fields or record.pk is None:
        return None
    return type(record)._base_manager.filter(pk=record.pk).values(*fields).first()


def before_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata restores a backup: its log comes with it
        return
    shows = SHOWN_IN[sender.__name__]
    stored = _stored(instance, shows)
    watched = [one for one in shows if one.watched(instance, stored)]
    # A new record has no rows of its own yet: nothing to read before.
    existing = [one for one in watched if instance.pk is not None or one.rows is not _itself]
    instance._dataset_rows = (watched, _rows(existing, instance))


def before_delete(sender, instance, **kwargs):
    shows = [one for one in SHOWN_IN[sender.__name__] if one.when is None or one.when(instance, None)]
    instance._dataset_rows = (shows, _rows(shows, instance))


# Citations made or removed through the many-to-many manager (`membership.sources.add()`, from either side),
# which writes them in bulk, without their own signals.
CITED_THROUGH_MANAGER = {
    "Membership": (Shows("citations", lambda membership: Q(membership_id=membership.pk)), SHOWN_IN["Membership"][0]),
    "Announcement": (
        Shows("citations", lambda announcement: Q(announcement_id=announcement.pk)),
        Shows("memberships", _cited_by),
    ),
}


def citations_changed(sender, instance, action, **kwargs):
    if action.startswith("pre_"):
        watched = CITED_THROUGH_MANAGER[type(instance).__name__]
        instance._dataset_rows = (watched, _rows(watched, instance))
    else:
        after_write(sender, instance, action=action)


def after_write(sender, instance, raw=False, signal=None, **kwargs):
    if raw or "_dataset_rows" not in instance.__dict__:
        return
    watched, before = instance.__dict__.pop("_dataset_rows")
    after = _rows(watched, instance)
    changes = _compared(
        before, after, deleted=signal is post_delete or kwargs.get("action") in ("post_remove", "post_clear")
    )
    reason = (getattr(instance, "_change_reason", None) or "")[:100]
    moment = timezone.now()
    for change in changes:
        change.at, change.reason = moment, reason
    DatasetChange.objects.bulk_create(changes)


def _key(key):
    return json.dumps(list(key), ensure_ascii=False)


def _compared(before, after, *, deleted):
    """DatasetChange rows (unsaved) for each row that differs between `before` and `after` (from _rows)."""
    changes = []
    for table, pk in sorted(before.keys() | after.keys(), key=lambda place: (place[0], str(place[1]))):
        old, new = before.get((table, pk)), after.get((table, pk))
        if old == new:
            continue
        if new is None:
            why = Withdrawal.DELETED if deleted else Withdrawal.UNPUBLISHED
            changes.append(DatasetChange(table=table, key=_key(old[0]), change=RowChange.WITHDRAWN, why=why))
        elif old is None:
            changes.append(DatasetChange(table=table, key=_key(new[0]), change=RowChange.ADDED))
        elif old[0] != new[0]:
            changes.append(
                DatasetChange(
                    table=table,
                    key=_key(old[0]),
                    change=RowChange.WITHDRAWN,
                    why=Withdrawal.RENAMED,
                    replaced_by=_key(new[0]),
                )
            )
            changes.append(DatasetChange(table=table, key=_key(new[0]), change=RowChange.ADDED))
        else:
            changes.append(DatasetChange(table=table, key=_key(new[0]), change=RowChange.CHANGED))
    return changes


def connect_signals(app_config):
    """Every model whose records the download shows logs what its writes change there."""
    for name in SHOWN_IN:
        model = app_config.get_model(name)
        pre_save.connect(before_save, sender=model, dispatch_uid=f"dataset-pre-save-{name}")
        post_save.connect(after_write, sender=model, dispatch_uid=f"dataset-post-save-{name}")
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"dataset-pre-delete-{name}")
        post_delete.connect(after_write, sender=model, dispatch_uid=f"dataset-post-delete-{name}")
    through = app_config.get_model("Membership").sources.through
    m2m_changed.connect(citations_changed, sender=through, dispatch_uid="dataset-citations-through-manager")


# Reading the log


def changes_since(moment, *, after=0, limit=100):
    """(entries, the cursor of the next page or None): each row changed since `moment` (less OVERLAP), once.

    In the order of each row's latest change; a page starts after the change `after` (an id of the log).
    Each entry says how the row stands now: its record (added: not in the register at `moment`; changed:
    it was), or, gone from it, a tombstone with when and why it was withdrawn.
    """
    latest = (
        DatasetChange.objects.filter(at__gte=moment - OVERLAP)
        .values("table", "key")
        .annotate(last=Max("id"), first=Min("id"))
        .filter(last__gt=after)
        .order_by("last")
    )
    page = list(latest[: limit + 1])
    following = page[limit - 1]["last"] if len(page) > limit else None
    page = page[:limit]
    logged = DatasetChange.objects.in_bulk([row["last"] for row in page] + [row["first"] for row in page])
    now = _rows_now(page)
    tables, entries = _tables(), []
    for row in page:
        table, key = tables[row["table"]], tuple(json.loads(row["key"]))
        last, record = logged[row["last"]], now.get((row["table"], key))
        entry = {
            "table": table.name,
            "key": dict(zip(table.primary_key, key, strict=True)),
            "at": _moment(last.at),
        }
        if record is None:
            entry.update(change=RowChange.WITHDRAWN.value, record=None, withdrawn=_tombstone(table, last))
        else:
            added = logged[row["first"]].change == RowChange.ADDED
            entry.update(change=(RowChange.ADDED if added else RowChange.CHANGED).value, record=record)
        entries.append(entry)
    return entries, following


def _rows_now(page):
    """{(table, key): the row as JSON} of the rows of `page` the published register holds now."""
    tables, keys = _tables(), defaultdict(list)
    for row in page:
        keys[row["table"]].append(json.loads(row["key"]))
    found = {}
    for name, wanted in keys.items():
        table = tables[name]
        columns = table.key_columns()
        matches = Q()
        for key in wanted:
            matches |= Q(**dict(zip(columns, key, strict=True)))
        for _pk, record in table.records_with_ids(table.rows().filter(matches)):
            found[(name, table.key_of(record))] = table.json_record(record)
    return found


def _tombstone(table, change):
    """When and why a row left the published register: from its latest change, a withdrawal."""
    replaced = json.loads(change.replaced_by) if change.replaced_by else None
    return {
        "why": change.why or Withdrawal.UNPUBLISHED.value,
        "reason": change.reason,
        "replaced_by": dict(zip(table.primary_key, replaced, strict=True)) if replaced else None,
    }


def _moment(value):
    text = value.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
