"""The resources of the register's files (register/<body>/*.csv): the admin import's rules, for every file.

The admin's own resources (resources.py) are reused with the columns these files add (an
announcement's own date, no `sources` column: a membership's sources are its citations), and
the models the admin does not import get theirs here: bodies, their other names, citations,
reported sizes and rankings. Each row goes through the model's full_clean() as an admin import
does. `LoadedRows` adds what a load run needs: its change reason on every version it writes,
and a record someone else changed since the loader last wrote it is kept, not overwritten.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader, ModelInstanceLoader

from ..models import (
    Alliance,
    AllianceName,
    Announcement,
    FoundingClaim,
    Membership,
    MembershipSource,
    Organization,
    OrganizationName,
    Ranking,
    ReportedSize,
    Status,
)
from .resources import (
    AnnouncementResource,
    LookupWidget,
    MembershipResource,
    OrganizationResource,
    PartialDateField,
    RegisterResource,
    SpanField,
    country_widget,
    english,
)

# The reason the loader writes on every version it makes, so that a record's history says where a version came from.
LOADER_REASON_PREFIX = "load_register"


def loader_reason(folder):
    return f"{LOADER_REASON_PREFIX}: register/{folder}/"


def written_by_a_person(version):
    """True when a history version was a person's: it has a user (the admin, the API, an import by a curator).

    The loader's own versions have none, nor have those of a migration (no version at all) or of
    another program: those the files may bring up to date.
    """
    return version is not None and version[0] is not None


def latest_version(history):
    """(user id, change reason) of the newest version in `history`, or None."""
    return history.order_by("-history_id").values_list("history_user_id", "history_change_reason").first()


def inserted(columns, after):
    """`columns` with the columns of `after` ({column: [new column, ...]}) placed after the one named."""
    result = []
    for column in columns:
        result += [column, *after.get(column, [])]
    return result


class UidField(fields.Field):
    """A record's public identifier (`uid`): kept as the file gives it, made anew where a row has none yet
    (a row a researcher wrote by hand; the next export writes it into the file)."""

    def __init__(self):
        super().__init__(attribute="uid", column_name="uid")

    def clean(self, row, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(_("'%(value)s' is not a public identifier (a UUID).") % {"value": text}) from None

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row)
        if value is not None:
            instance.uid = value

    def export(self, instance, **kwargs):
        return str(instance.uid)


class YesNoWidget(widgets.Widget):
    """ "yes" or "no", as the files write a flag."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if text in ("yes", "no", ""):
            return text == "yes"
        raise ValueError(_("Write yes or no, not '%(value)s'.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


def _looked_up_once(clean):
    found = {}

    def clean_once(value, row=None, **kwargs):
        if value not in found:
            found[value] = clean(value, row, **kwargs)
        return found[value]

    return clean_once


class LoadedRows:
    """A load run's resource: writes with the run's reason, and keeps what someone else changed.

    A record is the loader's to update while its newest history version was not a person's (has
    no user: the loader writes none, only its reason). Otherwise a curator changed it since:
    the row is skipped and reported in `kept`, with the columns where the file differs. A row
    that matches no record, but whose key a record once had, is kept too when that record was
    since changed or deleted by someone else: the loader neither re-creates what a curator
    deleted nor duplicates what a curator renamed.
    """

    def __init__(self, overwrite=False, **kwargs):
        super().__init__(**kwargs)
        self.overwrite = overwrite  # the files win over what others changed: only when a curator asks
        # A file names the same body or country on many rows: look each up once a run.
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.clean = _looked_up_once(field.widget.clean)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)  # the run's change_reason (RegisterResource)
        self.kept = []  # (row number, record, what the file says differently)
        self._kept_now = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if super().skip_row(instance, original, row, import_validation_errors) or import_validation_errors:
            return not import_validation_errors
        if self.overwrite:
            return False
        holder = original if original.pk else self._former_holder(instance)
        if holder is None or not written_by_a_person(latest_version(holder.history)):
            return False
        differing = self._differing_columns(instance, original, row) if original.pk else []
        self._kept_now = (holder, differing)
        return True

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self._kept_now:
            holder, differing = self._kept_now
            self.kept.append((kwargs.get("row_number"), holder, differing))
            self._kept_now = None

    def _differing_columns(self, instance, original, row):
        differing = []
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                file_pks = sorted(related.pk for related in field.clean(row))
                differs = file_pks != sorted(related.pk for related in field.get_value(original).all())
            else:
                differs = field.get_value(instance) != field.get_value(original)
            if differs:
                differing.append(field.column_name)
        return differing

    def _former_holder(self, instance):
        """The record that once had this row's key, changed or deleted since by someone else, or None."""
        model = type(instance)
        key = {}
        for name in self.get_import_id_fields():
            attribute = self.fields[name].attribute
            if attribute:
                attname = model._meta.get_field(attribute).attname
                key[attname] = getattr(instance, attname)
        key.update(self.extra_key(instance))
        version = model.history.filter(**key).order_by("-history_id").first()
        if version is None:
            return None
        current = model.objects.filter(pk=version.id).first()
        if current is not None:
            return current
        # Deleted: its history (the deletion is the newest version) answers who did it.
        return version.instance if version.history_type == "-" else None

    def extra_key(self, instance):
        """Key columns that are not the import-id fields' own attributes (a citation's membership)."""
        return {}


class AllianceResource(LoadedRows, RegisterResource):
    name = english("name")
    description = english("description")
    founded = SpanField(attribute="founded", column_name="founded")
    dissolved = SpanField(attribute="dissolved", column_name="dissolved")
    founding_country = fields.Field(
        attribute="founding_country", column_name="founding_country", widget=country_widget()
    )
    members_list_complete = fields.Field(
        attribute="members_list_complete", column_name="members_list_complete", widget=YesNoWidget()
    )

    # A file without a status column ships public bodies: the register's were public before bodies had drafts.
    defaults_when_absent = {"status": Status.PUBLISHED}

    def before_import_row(self, row, **kwargs):
        for column, default in self.defaults_when_absent.items():
            row.setdefault(column, default)
        super().before_import_row(row, **kwargs)

    class Meta(RegisterResource.Meta):
        model = Alliance
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader  # one query for the file's records, not one a row
        fields = [
            "slug",
            "name",
            "name_ru",
            "status",
            "kind",
            "principal_role",
            "founded",
            "dissolved",
            "founding_country",
            "website",
            "description",
            "description_ru",
            "members_list_complete",
        ]
        export_order = fields


class AllianceNameResource(LoadedRows, RegisterResource):
    alliance = fields.Field(attribute="alliance", column_name="alliance", widget=LookupWidget(Alliance))

    class Meta(RegisterResource.Meta):
        model = AllianceName
        import_id_fields = ["alliance", "name"]
        fields = ["alliance", "name", "language", "kind"]
        export_order = fields


class OrganizationNameResource(LoadedRows, RegisterResource):
    organization = fields.Field(attribute="organization", column_name="organization", widget=LookupWidget(Organization))

    class Meta(RegisterResource.Meta):
        model = OrganizationName
        import_id_fields = ["organization", "name"]
        fields = ["organization", "name", "language", "kind"]
        export_order = fields


class LoadedOrganizationResource(LoadedRows, OrganizationResource):
    class Meta(OrganizationResource.Meta):
        instance_loader_class = CachedInstanceLoader  # one query for the file's records, not one a row
        export_order = OrganizationResource.Meta.fields


class LoadedAnnouncementResource(LoadedRows, AnnouncementResource):
    """An announcement with the source's own date (`published`; empty when the page gives none)."""

    published = PartialDateField(
        attribute="published_date", precision_attribute="published_precision", column_name="published"
    )

    class Meta(AnnouncementResource.Meta):
        instance_loader_class = CachedInstanceLoader  # one query for the file's records, not one a row
        fields = inserted(AnnouncementResource.Meta.fields, after={"date": ["published"]})
        export_order = fields


def membership_key(alliance_id, organization_id, country_id, start):
    """How a file names a membership: its alliance, its member and its start as the register writes it."""
    return (alliance_id, organization_id or None, country_id or None, start)


class LoadedMembershipResource(LoadedRows, MembershipResource):
    """A membership whose sources are its citations (citations.csv), not a `sources` column.

    `cited` maps a membership's key (membership_key) to the published announcements the run's
    citations file says support it, so a new membership can be published by the rule every
    import follows (Membership.publication_errors) before its citations are written.
    """

    def __init__(self, cited=None, **kwargs):
        super().__init__(**kwargs)
        self.cited = cited or {}
        self.claimed = (set(), set())  # the file's public identifiers, and its (alliance, member, start) keys

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        rows = dataset.dict
        uids = {row.get("uid", "").strip() for row in rows} - {""}
        keys = {
            tuple(row.get(column, "") for column in ("alliance", "organization", "country", "start")) for row in rows
        }
        self.claimed = (uids, keys)

    def get_instance(self, instance_loader, row):
        """The membership a file row names: by its public identifier, else by alliance, member and start, else the
        one the loader wrote for this member and role whose start the files have since corrected (adopted)."""
        uid = UidField().clean(row)
        if uid is not None:
            found = Membership.objects.filter(uid=uid).first()
            if found is not None:
                return found
        return self.natural_instance(instance_loader, row) or self._adopted(row)

    def natural_instance(self, instance_loader, row):
        return super().get_instance(instance_loader, row)

    def _adopted(self, row):
        """A membership of this member, alliance and role that the files no longer name (by identifier or start),
        last written by the loader: the row corrects its start (a lower end added, a misread day). None unless
        exactly one such."""
        uids, keys = self.claimed
        alliance = self.fields["alliance"].clean(row)
        organization = self.fields["organization"].clean(row) if row.get("organization") else None
        country = self.fields["country"].clean(row) if row.get("country") else None
        named = {
            key[3] for key in keys if key[:3] == (row.get("alliance"), row.get("organization"), row.get("country"))
        }
        candidates = [
            membership
            for membership in Membership.objects.of_member_in(
                alliance_id=alliance.pk,
                organization_id=organization.pk if organization else None,
                country_id=country.pk if country else None,
            ).filter(role=row.get("role"))
            if str(membership.uid) not in uids
            and membership.start not in named
            and not written_by_a_person(latest_version(membership.history))
        ]
        return candidates[0] if len(candidates) == 1 else None

    def rule_errors(self, instance):
        key = membership_key(instance.alliance_id, instance.organization_id, instance.country_id, instance.start)
        sources = [*instance.supporting_sources(), *self.cited.get(key, [])]
        messages = Membership.publication_errors(instance.status, sources)
        return {"status": list(messages)} if messages else {}

    uid = UidField()

    class Meta(MembershipResource.Meta):
        fields = [*(column for column in MembershipResource.Meta.fields if column != "sources"), "uid"]
        exclude = ["sources"]
        export_order = fields


class CitationResource(LoadedRows, RegisterResource):
    """A membership's source, with its stance and quotation; the membership is named as memberships.csv names it."""

    alliance = fields.Field(column_name="alliance")
    organization = fields.Field(column_name="organization")
    country = fields.Field(column_name="country")
    start = fields.Field(column_name="start")
    announcement = fields.Field(attribute="announcement", column_name="announcement", widget=LookupWidget(Announcement))
    group_announcement = fields.Field(
        attribute="group_source", column_name="group_announcement", widget=LookupWidget(Announcement)
    )
    uid = UidField()

    # Written only where a row names a member as one of a group: other folders' files stay as they are.
    optional_columns = ("group", "group_announcement", "group_quotation")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.memberships = LoadedMembershipResource()
        self._found = {}  # a membership cites several sources: look it up once

    def membership(self, row):
        """The membership the row names, by the membership file's own key; a row error when there is none."""
        key = tuple(row.get(column) for column in ("alliance", "organization", "country", "start"))
        if key not in self._found:  # by the membership file's key: a citation's own `uid` names the citation
            self._found[key] = self.memberships.natural_instance(ModelInstanceLoader(self.memberships), row)
        membership = self._found[key]
        if membership is None:
            raise ValidationError(
                {"start": [_("No membership of this member in this alliance starts on %(start)s.") % row]}
            )
        return membership

    def get_instance(self, instance_loader, row):
        membership = self.membership(row)
        announcement = self.fields["announcement"].clean(row)
        return MembershipSource.objects.filter(membership=membership, announcement=announcement).first()

    def init_instance(self, row=None):
        return MembershipSource(membership=self.membership(row))

    def extra_key(self, instance):
        return {"membership_id": instance.membership_id}

    def dehydrate_alliance(self, citation):
        return citation.membership.alliance.slug

    def dehydrate_organization(self, citation):
        return citation.membership.organization.slug if citation.membership.organization_id else ""

    def dehydrate_country(self, citation):
        return citation.membership.country_id or ""

    def dehydrate_start(self, citation):
        return self.memberships.fields["start"].export(citation.membership)

    def get_queryset(self):
        return MembershipSource.objects.select_related(
            "membership__alliance", "membership__organization", "announcement", "group_source"
        )

    class Meta(RegisterResource.Meta):
        model = MembershipSource
        import_id_fields = ["alliance", "organization", "country", "start", "announcement"]
        fields = [
            "alliance",
            "organization",
            "country",
            "start",
            "announcement",
            "stance",
            "quotation",
            "group",
            "group_announcement",
            "group_quotation",
            "uid",
        ]
        export_order = fields


class ReportedSizeResource(LoadedRows, RegisterResource):
    alliance = fields.Field(attribute="alliance", column_name="alliance", widget=LookupWidget(Alliance))
    as_of = SpanField(attribute="as_of", column_name="as_of")
    members = fields.Field(attribute="members", column_name="members", widget=widgets.IntegerWidget())
    countries = fields.Field(attribute="countries", column_name="countries", widget=widgets.IntegerWidget())
    announcement = fields.Field(attribute="source", column_name="announcement", widget=LookupWidget(Announcement))
    uid = UidField()

    class Meta(RegisterResource.Meta):
        model = ReportedSize
        import_id_fields = ["alliance", "as_of", "announcement"]
        fields = ["alliance", "as_of", "members", "countries", "announcement", "quotation", "uid"]
        export_order = fields


class FoundingClaimResource(LoadedRows, RegisterResource):
    """When a source says the body was founded (where sources disagree): founding_claims.csv."""

    alliance = fields.Field(attribute="alliance", column_name="alliance", widget=LookupWidget(Alliance))
    founded = SpanField(attribute="founded", column_name="founded")
    announcement = fields.Field(attribute="source", column_name="announcement", widget=LookupWidget(Announcement))
    uid = UidField()

    class Meta(RegisterResource.Meta):
        model = FoundingClaim
        import_id_fields = ["alliance", "founded", "announcement"]
        fields = ["alliance", "founded", "announcement", "quotation", "uid"]
        export_order = fields


class RankingResource(LoadedRows, RegisterResource):
    country = fields.Field(attribute="country", column_name="country", widget=country_widget())
    edition = fields.Field(attribute="edition_year", column_name="edition", widget=widgets.IntegerWidget())
    rank = fields.Field(attribute="rank", column_name="rank", widget=widgets.IntegerWidget())
    out_of = fields.Field(attribute="out_of", column_name="out_of", widget=widgets.IntegerWidget())
    announcement = fields.Field(attribute="source", column_name="announcement", widget=LookupWidget(Announcement))
    uid = UidField()

    class Meta(RegisterResource.Meta):
        model = Ranking
        import_id_fields = ["country", "index_name", "edition"]
        fields = ["country", "index_name", "edition", "rank", "out_of", "announcement", "uid"]
        export_order = fields
