"""Every write to the register: saves and deletions with their reason, citations, publishing in bulk.

The admin, the API and the import all write through these functions, so django-simple-history
keeps each change with who made it and why, as one version however many rows it touched
(a many-to-many `.set()` alone would add a version per field, and bulk-create citations
with none). The one rule for publishing a membership is Membership.publication_errors.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import RENAMEABLE, Announcement, FormerSlug, Membership, MembershipSource, Stance, Status

# django-simple-history keeps a change's reason in 100 characters.
REASON_MAX_LENGTH = 100


def reason_needed(*, was, now):
    """A change that takes a record from the public (unpublishing it) must say why; so must every deletion."""
    return was == Status.PUBLISHED and now != Status.PUBLISHED


def history_note(record, *, reason="", user=None):
    """What django-simple-history records with the record's next version: why, and who (else the request's user)."""
    record._change_reason = str(reason or "")[:REASON_MAX_LENGTH] or None
    if user is not None and user.is_authenticated:
        record._history_user = user


def history_begin(record, *, reason="", user=None):
    """Start a write of `record`: its reason and author, where its history stood before it, and its slug."""
    history_note(record, reason=reason, user=user)
    record._versions_before = (
        record.history.order_by("-history_id").values_list("history_id", flat=True).first() if record.pk else None
    )
    if _renameable(record) and record.pk:
        record._slug_before = type(record)._base_manager.filter(pk=record.pk).values_list("slug", flat=True).first()


def history_end(record):
    """Keep what the write begun by history_begin() did to `record` as one version.

    The last version it left has every field and many-to-many relation as they now are; it
    takes the first one's kind ("added" for a new record) and the versions between go.
    """
    if not hasattr(record, "_versions_before"):
        return  # no write was begun
    before = record.__dict__.pop("_versions_before")
    if _renameable(record):
        former_slug_keep(record, before=record.__dict__.pop("_slug_before", None))
    versions = record.history.all()
    if before is not None:
        versions = versions.filter(history_id__gt=before)
    made = list(versions.order_by("history_id").values_list("history_id", "history_type"))
    if len(made) < 2:
        return
    (_first_id, first_type), (last_id, _last_type) = made[0], made[-1]
    record.history.filter(history_id__in=[history_id for history_id, _type in made[:-1]]).delete()
    record.history.filter(history_id=last_id).update(history_type=first_type)


@contextmanager
def one_version(record, *, reason="", user=None):
    """The saves and many-to-many changes made to `record` inside the block, kept as one version of its history."""
    history_begin(record, reason=reason, user=user)
    yield record
    history_end(record)


def _renameable(record):
    return type(record).__name__.lower() in RENAMEABLE


def former_slug_keep(record, *, before):
    """A renamed record keeps answering at its old address: the slug it had `before` becomes a FormerSlug of it.

    A slug that is now a record's own is nobody's former slug any more (a new record may take a freed slug).
    """
    if before == record.slug:
        return
    kind = type(record).__name__.lower()
    of_kind = FormerSlug.objects.filter(**{f"{kind}__isnull": False})
    of_kind.filter(slug__in=[record.slug, before]).delete()
    if before:
        FormerSlug.objects.create(slug=before, **{kind: record})


@transaction.atomic
def record_save(*, record, reason="", user=None, relations=None, changed=True):
    """Save `record` and set its many-to-many `relations` ({name: [records]}) as one version, with its reason.

    `changed=False`: none of the record's own fields changed, so its row (and `updated_at`) is left alone.
    """
    with one_version(record, reason=reason, user=user):
        if changed:
            record.save()
        for name, related in (relations or {}).items():
            if isinstance(record, Membership) and name == "sources":
                membership_sources_set(membership=record, announcements=related, reason=reason, user=user)
            else:
                getattr(record, name).set(related)
    return record


@transaction.atomic
def record_delete(*, record, reason, user=None):
    """Delete `record`; its history keeps the last version, with who deleted it and why, for a restore."""
    history_note(record, reason=reason, user=user)
    record.delete()


@dataclass
class StatusChange:
    """What setting a status on some records does: which change, which already had it, which are refused and why."""

    status: str
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (record, [reason, ...])


@dataclass(frozen=True)
class DraftSources:
    """Why a membership may not be published: every announcement it cites is a draft. Names them."""

    announcements: tuple

    def __str__(self):
        titles = ", ".join(f"“{announcement.title}”" for announcement in self.announcements)
        return str(_("The announcements it cites are drafts: %(titles)s. Publish one of them first.")) % {
            "titles": titles
        }


def publication_refusals(*, status, sources):
    """Membership.publication_errors, and which cited announcements are drafts when that is why."""
    errors = list(Membership.publication_errors(status, sources))
    drafts = tuple(source for source in sources if source.status != Status.PUBLISHED)
    if errors and drafts:
        errors.append(DraftSources(drafts))
    return errors


def status_change_plan(*, records, status):
    """Decide, without writing, what setting `status` on `records` (memberships or announcements) would do."""
    plan = StatusChange(status=status)
    records = list(_with_what_the_rules_need(records))
    for record in records:
        if record.status == status:
            plan.unchanged.append(record)
            continue
        reasons = _refusals(record, status, batch=records)
        if reasons:
            plan.refused.append((record, reasons))
        else:
            plan.changed.append(record)
    return plan


@transaction.atomic
def membership_sources_set(*, membership, announcements, reason="", user=None):
    """Make `announcements` the membership's sources, one citation row at a time so history records each.

    The membership's `updated_at` moves only when its published sources change: citing or
    dropping a draft changes nothing a reader or an `updated_since` client sees.
    """
    published_before = set(membership.sources.published().values_list("pk", flat=True))
    wanted = {announcement.pk: announcement for announcement in announcements}
    for citation in MembershipSource.objects.filter(membership=membership).exclude(announcement__in=wanted):
        record_delete(record=citation, reason=reason, user=user)
    cited = set(MembershipSource.objects.filter(membership=membership).values_list("announcement_id", flat=True))
    for pk, announcement in wanted.items():
        if pk not in cited:
            citation = MembershipSource(membership=membership, announcement=announcement)
            history_note(citation, reason=reason, user=user)
            citation.save()
    if set(membership.sources.published().values_list("pk", flat=True)) != published_before:
        membership.save(update_fields=["updated_at"])


@transaction.atomic
def records_set_status(*, records, status, reason="", user=None):
    """Set `status` on every record the rules allow; return the StatusChange that says what happened."""
    # Lock the rows themselves; the caller's queryset may carry DISTINCT (admin search), which cannot be locked.
    pks = list(records.values_list("pk", flat=True))
    locked = records.model.objects.filter(pk__in=pks).select_for_update(of=("self",))
    plan = status_change_plan(records=locked, status=status)
    for record in plan.changed:
        record.status = status
        history_note(record, reason=reason, user=user)
        record.save(update_fields=["status", "updated_at"])
    return plan


def _with_what_the_rules_need(records):
    if records.model is Membership:
        return records.select_related("alliance", "organization", "country").prefetch_related("citations__announcement")
    return records


def _refusals(record, status, *, batch):
    if isinstance(record, Membership):
        if status != Status.PUBLISHED:
            return []
        reasons = publication_refusals(status=status, sources=list(record.supporting_sources()))
        return reasons + _validation_messages(record, status)
    if isinstance(record, Announcement):
        if status == Status.PUBLISHED:
            return _validation_messages(record, status)
        count = memberships_left_unsourced(record, also_leaving=[other.pk for other in batch])
        if count:
            return [
                ngettext(
                    "%(count)d published membership would be left without a published source: "
                    "unpublish it first, or give it another published source.",
                    "%(count)d published memberships would be left without a published source: "
                    "unpublish them first, or give them another published source.",
                    count,
                )
                % {"count": count}
            ]
    return []


def memberships_left_unsourced(announcement, *, also_leaving=()):
    """How many published memberships cite this announcement and no other published one.

    `also_leaving`: announcements unpublished in the same breath, which count as sources no more.
    """
    leaving = {announcement.pk, *also_leaving}
    other_published_source = MembershipSource.objects.filter(
        membership=OuterRef("pk"), announcement__status=Status.PUBLISHED, stance=Stance.SUPPORTS
    ).exclude(announcement__in=leaving)
    return (
        Membership.objects.published()
        .filter(citations__announcement=announcement, citations__stance=Stance.SUPPORTS)
        .exclude(Exists(other_published_source))
        .count()
    )


def _validation_messages(record, status):
    """The record's own validation (dates, overlaps) as it would be with the new status."""
    old, record.status = record.status, status
    try:
        record.full_clean()
    except ValidationError as error:
        return [message for messages in error.message_dict.values() for message in messages]
    finally:
        record.status = old
    return []
