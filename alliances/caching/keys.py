"""Surrogate keys: the names of what an answer shows (README.md), carried by the answer and changed by the writes
that change it. An answer's come from its address (`answer_keys`); a write's name every answer that shows what it
changed (`record_keys`)."""

from django.db.models import Q

from .. import models

REGISTER, SITE = "register", "site"
SUBJECT_PARAMETERS = ("slug", "code", "key")  # in an address, what names its view's record


def answer_keys(match):
    """The keys of the answer at a resolved address: the record its view `shows` (in its address), or the register."""
    view = match.func
    kind = getattr(view, "shows", None) or getattr(getattr(view, "cls", None), "shows", None)
    value = next((match.kwargs[name] for name in SUBJECT_PARAMETERS if name in match.kwargs), None)
    return [f"{kind}:{str(value).lower()}"] if kind and value is not None else [REGISTER]


def _keys(kind, values):
    return {f"{kind}:{str(value).lower()}" for value in values if value}


def _field(rows, kind, path):
    return _keys(kind, rows.values_list(path, flat=True))


def _memberships(memberships):
    """The answers that show these memberships: their alliance's, member's and member's country's, their sources'."""
    found = _field(
        models.MembershipSource.objects.filter(membership__in=memberships), "announcement", "announcement__slug"
    )
    for alliance, organization, *countries in memberships.values_list(
        "alliance__slug", "organization__slug", "country_id", "organization__country_id"
    ):
        found |= _keys("alliance", [alliance]) | _keys("organization", [organization]) | _keys("country", countries)
    return found


def _alliances(pks):
    return (
        _field(models.Alliance.objects.filter(pk__in=pks), "alliance", "slug")
        | _field(models.Announcement.objects.filter(alliances__in=pks), "announcement", "slug")
        | _memberships(models.Membership.objects.filter(alliance__in=pks))
    )


def _organizations(pks):
    organizations = models.Organization.objects.filter(pk__in=pks)
    return (
        _field(organizations, "organization", "slug")
        | _field(organizations, "country", "country_id")
        | _field(models.Announcement.objects.filter(organizations__in=pks), "announcement", "slug")
        | _memberships(models.Membership.objects.filter(organization__in=pks))
    )


def _announcements(pks):
    announcements = models.Announcement.objects.filter(pk__in=pks)
    return (
        _field(announcements, "announcement", "slug")
        | _field(announcements, "alliance", "alliances__slug")
        | _field(announcements, "country", "countries__code")
        | _field(announcements, "organization", "organizations__slug")
        | _field(models.Ranking.objects.filter(source__in=pks), "country", "country_id")
        | _field(models.ReportedSize.objects.filter(source__in=pks), "alliance", "alliance__slug")
        | _field(models.FoundingClaim.objects.filter(source__in=pks), "alliance", "alliance__slug")
        | _memberships(models.Membership.objects.filter(citations__announcement__in=pks))
    )


def _countries(pks):
    members = models.Membership.objects.filter(Q(country__in=pks) | Q(organization__country__in=pks))
    return (
        _keys("country", pks)
        | _field(models.Organization.objects.filter(country__in=pks), "organization", "slug")
        | _field(models.Announcement.objects.filter(countries__in=pks), "announcement", "slug")
        | _memberships(members)
    )


def _owned(model, kind, owner, source=None):
    """Rows shown only on their owner's answers (an other name, a ranking, a reported size), and their source's."""
    rows = lambda pks: model.objects.filter(pk__in=pks)  # noqa: E731
    return lambda pks: _field(rows(pks), kind, owner) | (_field(rows(pks), "announcement", source) if source else set())


FINDERS = {
    models.Alliance: _alliances,
    models.Organization: _organizations,
    models.Announcement: _announcements,
    models.Country: _countries,
    models.Membership: lambda pks: _memberships(models.Membership.objects.filter(pk__in=pks)),
    models.MembershipSource: lambda pks: _memberships(models.Membership.objects.filter(citations__in=pks)),
    models.AllianceName: _owned(models.AllianceName, "alliance", "alliance__slug"),
    models.OrganizationName: _owned(models.OrganizationName, "organization", "organization__slug"),
    models.ReportedSize: _owned(models.ReportedSize, "alliance", "alliance__slug", "source__slug"),
    models.FoundingClaim: _owned(models.FoundingClaim, "alliance", "alliance__slug", "source__slug"),
    models.Ranking: _owned(models.Ranking, "country", "country_id", "source__slug"),
}
# Bookkeeping no record's answer shows: the register's own answers (the changes feed, the download) alone; a former
# slug's record's save changes the answers at both its slugs.
FINDERS |= dict.fromkeys((models.DatasetChange, models.FormerSlug, models.SourceIntake), lambda pks: set())
# The records with answers of their own, by the field that names them; what links to them shows on those.
OWN = {models.Alliance: ("alliance", "slug"), models.Organization: ("organization", "slug")}
OWN |= {models.Announcement: ("announcement", "slug"), models.Country: ("country", "code")}


def record_keys(model, pks):
    """The keys of every answer that shows the rows `pks` of `model` as the database holds them now; a model this
    table does not know (a new one) changes every answer (`site`)."""
    finder = FINDERS.get(model)
    return finder(list(pks)) if finder else {SITE}


def new_record_keys(record):
    """A new row's keys: a record with answers of its own shows nowhere else yet (an organisation: its country's)."""
    if type(record) not in OWN:
        return record_keys(type(record), [record.pk])
    kind, field = OWN[type(record)]
    return _keys(kind, [getattr(record, field)]) | _keys("country", [getattr(record, "country_id", None)])


def link_keys(model, pks):
    """The keys of the answers that show a many-to-many link to the rows `pks`: their own, or all of a row's."""
    if model not in OWN:
        return record_keys(model, pks)
    kind, field = OWN[model]
    return _field(model.objects.filter(pk__in=pks), kind, field)
