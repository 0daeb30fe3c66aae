"""Writes that span several rows: publishing and unpublishing in bulk.

Every write goes through the model's save(), so django-simple-history records who
changed what; the one rule for publishing a membership is Membership.publication_errors.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import ngettext

from .models import Announcement, Membership, MembershipSource, Status


@dataclass
class StatusChange:
    """What setting a status on some records does: which change, which already had it, which are refused and why."""

    status: str
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (record, [reason, ...])


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
def membership_sources_set(*, membership, announcements):
    """Make `announcements` the membership's sources, one citation row at a time so history records each.

    The membership's `updated_at` moves only when its published sources change: citing or
    dropping a draft changes nothing a reader or an `updated_since` client sees.
    """
    published_before = set(membership.sources.published().values_list("pk", flat=True))
    wanted = {announcement.pk: announcement for announcement in announcements}
    for citation in MembershipSource.objects.filter(membership=membership).exclude(announcement__in=wanted):
        citation.delete()
    cited = set(MembershipSource.objects.filter(membership=membership).values_list("announcement_id", flat=True))
    for pk, announcement in wanted.items():
        if pk not in cited:
            MembershipSource.objects.create(membership=membership, announcement=announcement)
    if set(membership.sources.published().values_list("pk", flat=True)) != published_before:
        membership.save(update_fields=["updated_at"])


@transaction.atomic
def records_set_status(*, records, status, reason=""):
    """Set `status` on every record the rules allow; return the StatusChange that says what happened."""
    # Lock the rows themselves; the caller's queryset may carry DISTINCT (admin search), which cannot be locked.
    pks = list(records.values_list("pk", flat=True))
    locked = records.model.objects.filter(pk__in=pks).select_for_update(of=("self",))
    plan = status_change_plan(records=locked, status=status)
    for record in plan.changed:
        record.status = status
        record._change_reason = str(reason)
        record.save(update_fields=["status", "updated_at"])
    return plan


def _with_what_the_rules_need(records):
    if records.model is Membership:
        return records.select_related("alliance", "organization", "country").prefetch_related("sources")
    return records


def _refusals(record, status, *, batch):
    if isinstance(record, Membership):
        if status != Status.PUBLISHED:
            return []
        reasons = list(Membership.publication_errors(status, record.sources.all()))
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
        membership=OuterRef("pk"), announcement__status=Status.PUBLISHED
    ).exclude(announcement__in=leaving)
    return (
        Membership.objects.published()
        .filter(citations__announcement=announcement)
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
