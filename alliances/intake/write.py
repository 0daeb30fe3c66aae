"""Confirming an intake writes it all in one transaction, through the register's services, with one reason;
undoing it takes back, in one transaction, what it wrote and nothing else."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import (
    Alliance,
    Announcement,
    AnnouncementKind,
    Country,
    Membership,
    MembershipSource,
    SourceIntake,
    Stance,
    Status,
)
from ..services import citation_add, history_begin, history_end, record_delete, record_save
from .plan import Action, candidate_membership, date_set, intake_plan


class IntakeRefused(Exception):
    """Nothing was written; the message says why."""


def source_new(*, title, source_url="", publisher="", date="", kind=AnnouncementKind.NEWS_ARTICLE, language="en"):
    """An unsaved draft announcement for a source the register does not have yet (`date` as curators write it)."""
    announcement = Announcement(
        title=title, kind=kind, source_url=source_url, publisher=publisher, language=language, status=Status.DRAFT
    )
    date_set(announcement, date)
    return announcement


@transaction.atomic
def intake_confirm(*, request, reason, user=None, new_source=None, fingerprint=None):
    """Write what `request`'s plan says (new_source: an unsaved announcement when the request names none).

    The plan is made again inside the transaction, the alliance's row locked so two intakes of one
    alliance cannot cross; a `fingerprint` that is not the new plan's (the register changed since the
    preview) refuses, as does a name still to choose or a write the model refuses.
    """
    Alliance.objects.select_for_update().filter(pk=request.alliance.pk).exists()
    plan = intake_plan(request)
    if not plan.ready:
        raise IntakeRefused(_("Some names are still to choose: pick, create or leave out each of them."))
    if fingerprint and fingerprint != plan.fingerprint:
        raise IntakeRefused(_("The register changed since the preview: check the preview again."))
    if not plan.writes and not plan.completes_list:
        raise IntakeRefused(_("Nothing to write: every name is already in the register with this source."))
    intake = SourceIntake(
        alliance=request.alliance,
        passage=request.passage,
        role=request.role,
        start=request.start,
        completeness=request.completeness,
        reason=reason,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    announcement = request.announcement
    if announcement is None:
        announcement = new_source
        announcement.slug = _free_slug(announcement.title)
        _valid(announcement)
        history_begin(announcement, reason=reason, user=user)  # its creation and what it concerns: one version
        announcement.save()
        intake.created_source = True
    intake.announcement = announcement
    intake.save()
    memberships, citations, organizations = [], [], []
    for row in plan.writes:
        if row.action == Action.CREATE:
            organization = row.new_organization
            organization.slug = _free_slug(organization.name, model=type(organization))
            _saved(organization, reason=reason, user=user)
            organizations.append(organization)
            row.member = organization
        membership = row.membership
        if membership is None:
            membership = candidate_membership(request, row.member)
            membership.status = Status.DRAFT
            _saved(membership, reason=reason, user=user)
            memberships.append(membership)
        citations.append(
            citation_add(
                membership=membership, announcement=announcement, quotation=row.name.quotation, reason=reason, user=user
            )
        )
    if intake.created_source:
        members = [row.member for row in plan.writes]
        announcement.alliances.set([request.alliance])
        announcement.countries.set([member for member in members if isinstance(member, Country)])
        announcement.organizations.set([member for member in members if not isinstance(member, Country)])
        history_end(announcement)
    if plan.completes_list:
        intake.completeness_before = request.alliance.members_list_complete
        request.alliance.members_list_complete = True
        record_save(record=request.alliance, reason=reason, user=user)
        intake.save(update_fields=["completeness_before"])
    intake.memberships.set(memberships)
    intake.citations.set(citations)
    intake.organizations.set(organizations)
    return intake


def _saved(record, *, reason, user):
    _valid(record)
    return record_save(record=record, reason=reason, user=user)


def _valid(record):
    try:
        record.full_clean()
    except ValidationError as error:
        messages = "; ".join(message for messages in error.message_dict.values() for message in messages)
        raise IntakeRefused(f"{record}: {messages}") from None


def _free_slug(text, model=Announcement):
    base = slugify(text)[:140] or "source"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def intake_undo(*, intake, reason, user=None):
    """Take back what `intake` wrote: its citations, its memberships, the organizations and source it created
    (when nothing else uses them), the alliance's completeness. Refused, writing nothing, while a membership
    it made is published or a citation it added is the last published source of a published membership."""
    intake = SourceIntake.objects.select_for_update().get(pk=intake.pk)
    if intake.undone_at:
        raise IntakeRefused(_("This intake was undone already."))
    if not reason:
        raise IntakeRefused(_("Say why it is undone."))
    memberships = list(intake.memberships.all())
    published = [membership for membership in memberships if membership.status == Status.PUBLISHED]
    if published:
        raise IntakeRefused(
            _("Unpublish first the memberships it made that are published: %(names)s.")
            % {"names": ", ".join(str(membership) for membership in published)}
        )
    citations = list(intake.citations.select_related("membership", "announcement"))
    for citation in citations:
        if _last_published_source(citation):
            raise IntakeRefused(
                _("The source it added is now the only published source of %(membership)s: give it another first.")
                % {"membership": citation.membership}
            )
    for citation in citations:
        record_delete(record=citation, reason=reason, user=user)
    for membership in memberships:
        for citation in MembershipSource.objects.filter(membership=membership):
            record_delete(record=citation, reason=reason, user=user)
        record_delete(record=membership, reason=reason, user=user)
    alliance = intake.alliance
    if intake.completeness_before is not None and alliance.members_list_complete != intake.completeness_before:
        alliance.members_list_complete = intake.completeness_before
        record_save(record=alliance, reason=reason, user=user)
    announcement = intake.announcement
    if intake.created_source and announcement is not None and not _in_use(announcement, intake):
        intake.announcement = None
        intake.save(update_fields=["announcement"])
        record_delete(record=announcement, reason=reason, user=user)
    for organization in intake.organizations.all():
        if not organization.memberships.exists() and not organization.announcements.exists():
            record_delete(record=organization, reason=reason, user=user)
    intake.undone_at = timezone.now()
    intake.undone_by = user if user is not None and user.is_authenticated else None
    intake.undo_reason = reason
    intake.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    return intake


def _last_published_source(citation):
    membership = citation.membership
    if membership.status != Status.PUBLISHED or citation.stance != Stance.SUPPORTS:
        return False
    others = [source for source in membership.supporting_sources() if source.pk != citation.announcement_id]
    return bool(Membership.publication_errors(Status.PUBLISHED, others))


def _in_use(announcement, intake):
    """Does anything besides `intake` rest on the announcement it created?"""
    return (
        announcement.status == Status.PUBLISHED
        or announcement.citations.exists()
        or announcement.reported_sizes.exists()
        or announcement.rankings.exists()
        or announcement.intakes.exclude(pk=intake.pk).exists()
    )
