"""Every write to the register: saves and deletions with their reason, citations, publishing in bulk.

The admin, the API and the import all write through these functions, so django-simple-history
keeps each change with who made it and why, as one version however many rows it touched
(a many-to-many `.set()` alone would add a version per field, and bulk-create citations
with none). The one rule for publishing a membership is Membership.publication_errors; the
rule that keeps it sourced afterwards (no announcement goes back to draft, no citation goes or
stops supporting, while a published membership rests on it alone) is here, checked before a
write where the write can say so (announcement_status_refusals, citation_refusals) and after
every write of these functions (sources_check), so the admin, the API, the import and the loads
of the register's files all obey it.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import RENAMEABLE, Alliance, Announcement, FormerSlug, Membership, MembershipSource, Stance, Status

# django-simple-history keeps a change's reason in 100 characters.
REASON_MAX_LENGTH = 100
# A membership's citations go in the same transaction as the membership (a cascade): their deletions are
# recorded within moments before its own. A citation deleted longer before was deleted on its own.
DELETED_TOGETHER = datetime.timedelta(seconds=10)


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
    refusals = write_refusals(record)
    if refusals:
        raise ValidationError(refusals)
    with one_version(record, reason=reason, user=user):
        if changed:
            record.save()
        for name, related in (relations or {}).items():
            if isinstance(record, Membership) and name == "sources":
                membership_sources_set(membership=record, announcements=related, reason=reason, user=user)
            else:
                getattr(record, name).set(related)
    sources_check(record)
    return record


@transaction.atomic
def record_delete(*, record, reason, user=None):
    """Delete `record`; its history keeps the last version, with who deleted it and why, for a restore."""
    refusals = write_refusals(record, deleting=True)
    if refusals:
        raise ValidationError(refusals)
    history_note(record, reason=reason, user=user)
    record.delete()


def write_refusals(record, *, deleting=False):
    """{field: [message]}: why saving `record` as it now is (or deleting it) would leave a membership unsourced.

    The check before a write, for every path: forms and serializers show it on the field, the
    services refuse with it. An announcement going back to draft, a citation deleted, moved or
    turned to dispute, while a published membership rests on it alone.
    """
    if isinstance(record, Announcement) and not deleting:
        refusals = announcement_status_refusals(record, record.status)
        return {"status": refusals} if refusals else {}
    if isinstance(record, MembershipSource):
        refusals = citation_refusals(record, deleting=deleting)
        return {NON_FIELD_ERRORS: refusals} if refusals else {}
    return {}


def unsourced_message(count):
    return ngettext(
        "%(count)d published membership would be left without a published source: "
        "unpublish it first, or give it another published source.",
        "%(count)d published memberships would be left without a published source: "
        "unpublish them first, or give them another published source.",
        count,
    ) % {"count": count}


def announcement_status_refusals(announcement, status):
    """Why `announcement` may not take `status`: the published memberships it is the only published source of."""
    if status == Status.PUBLISHED or announcement.pk is None:
        return []
    was = Announcement.objects.filter(pk=announcement.pk).values_list("status", flat=True).first()
    if was != Status.PUBLISHED:
        return []
    count = memberships_left_unsourced(announcement)
    return [unsourced_message(count)] if count else []


def citation_refusals(citation, *, deleting=False):
    """Why this change to a citation (or its deletion) may not be made: its published membership rests on it alone.

    `citation` holds the change, not yet saved; the citation as stored says which membership it was of.
    """
    if citation.pk is None:
        return []
    membership_id = MembershipSource.objects.filter(pk=citation.pk).values_list("membership_id", flat=True).first()
    if membership_id is None:
        return []
    still_supports = (
        not deleting
        and citation.membership_id == membership_id
        and citation.stance == Stance.SUPPORTS
        and Announcement.objects.published().filter(pk=citation.announcement_id).exists()
    )
    if still_supports:
        return []
    others = MembershipSource.objects.filter(
        membership_id=membership_id, stance=Stance.SUPPORTS, announcement__status=Status.PUBLISHED
    ).exclude(pk=citation.pk)
    if Membership.objects.published().filter(pk=membership_id).exists() and not others.exists():
        return [unsourced_message(1)]
    return []


def unsourced(memberships):
    """Those of `memberships` that are published and cite no published announcement in their support."""
    supported = MembershipSource.objects.filter(
        membership=OuterRef("pk"), stance=Stance.SUPPORTS, announcement__status=Status.PUBLISHED
    )
    return memberships.published().exclude(Exists(supported))


def sources_check(record):
    """Refuse (ValidationError) a write that left a published membership without a published supporting source.

    Run after the write, inside its transaction: the refusal undoes it. The checks before a
    write (announcement_status_refusals, citation_refusals, a form's) say it sooner and better.
    """
    if isinstance(record, Membership):
        if unsourced(Membership.objects.filter(pk=record.pk)).exists():
            raise ValidationError({"status": Membership.publication_errors(Status.PUBLISHED, [])})
        return
    if isinstance(record, Announcement):
        memberships, field = Membership.objects.filter(citations__announcement=record), "status"
    elif isinstance(record, MembershipSource):
        memberships, field = Membership.objects.filter(pk=record.membership_id), NON_FIELD_ERRORS
    else:
        return
    count = unsourced(memberships.distinct()).count()
    if count:
        raise ValidationError({field: [unsourced_message(count)]})


def citations_deleted_with(membership_id):
    """The versions (as they were when deleted) of the citations deleted together with the membership.

    Empty while the membership exists, or when it was never deleted. Citations whose announcement
    is gone since, or that have come back already, are left out.
    """
    if Membership.objects.filter(pk=membership_id).exists():
        return []
    deletion = Membership.history.filter(id=membership_id, history_type="-").order_by("-history_date").first()
    if deletion is None:
        return []
    versions = list(
        MembershipSource.history.filter(
            membership_id=membership_id,
            history_type="-",
            history_date__gte=deletion.history_date - DELETED_TOGETHER,
            history_date__lte=deletion.history_date,
        ).order_by("id", "-history_date")
    )
    ids = {version.id for version in versions}
    back = set(MembershipSource.objects.filter(pk__in=ids).values_list("pk", flat=True))
    announcements = set(
        Announcement.objects.filter(pk__in={v.announcement_id for v in versions}).values_list("pk", flat=True)
    )
    latest = {}
    for version in versions:
        latest.setdefault(version.id, version)
    return [v for v in latest.values() if v.id not in back and v.announcement_id in announcements]


@transaction.atomic
def citations_restore(*, versions, reason="", user=None):
    """Bring back deleted citations as their `versions` (historical records) hold them; one version each."""
    restored = []
    for version in versions:
        if MembershipSource.objects.filter(pk=version.id).exists():
            continue
        citation = version.instance
        history_note(citation, reason=reason, user=user)
        citation.save(force_insert=True)
        restored.append(citation)
    return restored


@transaction.atomic
def membership_restore(*, membership_id, also=(), reason="", user=None):
    """Bring back a deleted membership as it was when deleted, with the citations deleted with it (and `also`).

    Refused (ValidationError) when it no longer passes validation (a period since taken by
    another membership) or, published, when none of its sources that come back is published.
    """
    deletion = Membership.history.filter(id=membership_id, history_type="-").order_by("-history_date").first()
    if deletion is None or Membership.objects.filter(pk=membership_id).exists():
        raise ValidationError(_("This membership is not deleted: there is nothing to restore."))
    citations = citations_deleted_with(membership_id)
    membership = deletion.instance
    membership.full_clean()
    history_note(membership, reason=reason, user=user)
    membership.save(force_insert=True)
    citations_restore(versions=[*citations, *also], reason=reason, user=user)
    errors = Membership.publication_errors(membership.status, membership.supporting_sources())
    if errors:
        raise ValidationError({"status": errors})
    return membership


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
    # The new citations first: replacing a membership's only source by another leaves it sourced at every step.
    cited = set(MembershipSource.objects.filter(membership=membership).values_list("announcement_id", flat=True))
    for pk, announcement in wanted.items():
        if pk not in cited:
            citation = MembershipSource(membership=membership, announcement=announcement)
            history_note(citation, reason=reason, user=user)
            citation.save()
    for citation in MembershipSource.objects.filter(membership=membership).exclude(announcement__in=wanted):
        record_delete(record=citation, reason=reason, user=user)
    if set(membership.sources.published().values_list("pk", flat=True)) != published_before:
        membership.save(update_fields=["updated_at"])
    sources_check(membership)


@transaction.atomic
def citation_add(*, membership, announcement, quotation="", stance=Stance.SUPPORTS, reason="", user=None):
    """Cite `announcement` for `membership` with the sentence it rests on: one version of the new citation.

    The membership's `updated_at` moves when the source is published (what readers see changed).
    """
    citation = MembershipSource(membership=membership, announcement=announcement, quotation=quotation, stance=stance)
    history_note(citation, reason=reason, user=user)
    citation.save()
    if announcement.status == Status.PUBLISHED:
        membership.save(update_fields=["updated_at"])
    return citation


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
    for record in plan.changed:
        sources_check(record)
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
    if isinstance(record, Alliance):
        return _validation_messages(record, status) if status == Status.PUBLISHED else []
    if isinstance(record, Announcement):
        if status == Status.PUBLISHED:
            return _validation_messages(record, status)
        count = memberships_left_unsourced(record, also_leaving=[other.pk for other in batch])
        if count:
            return [unsourced_message(count)]
    return []


def memberships_left_unsourced(announcement, *, also_leaving=()):
    """How many published memberships cite this announcement and no other published one.

    `also_leaving`: announcements unpublished in the same breath, which count as sources no more.
    """
    leaving = {announcement.pk, *also_leaving}
    other_published_source = MembershipSource.objects.filter(
        membership=OuterRef("pk"), announcement__status=Status.PUBLISHED, stance=Stance.SUPPORTS
    ).exclude(announcement__in=leaving)
    # Published memberships of draft bodies too: they need their source the day the body is published.
    return (
        Membership.objects.filter(status=Status.PUBLISHED)
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
