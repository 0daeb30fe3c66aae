"""The API's JSON shapes (DESIGN.md, "Addresses") and the write serializers curators post to.

Memberships are built as plain dictionaries from the fields that `shapes.py` declares, which also
make `MembershipSerializer`, the shape's documentation in the OpenAPI schema. Writes run the
model's own validation (`full_clean` and `Membership.publication_errors`), so the API refuses
exactly what the admin refuses, and save through `services.record_save`, so each is kept in
history as one version with its `change_reason`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from ..dates import DatePrecision
from ..models import (
    Alliance,
    Announcement,
    Country,
    FoundingClaim,
    LinkState,
    Membership,
    Organization,
    Ranking,
    ReportedSize,
)
from ..services import REASON_MAX_LENGTH, record_save, write_refusals
from .dates import (
    LegacyBound,
    LegacyDateFields,
    PartialDateField,
    SpanTextField,
    legacy_date,
    partial_dates_set,
    span_values,
)
from .rows import membership_dicts, membership_values
from .shapes import (
    CITATION_FIELDS,
    SOURCE_FIELDS,
    AllianceRefSerializer,
    CountryRefSerializer,
    MembershipSerializer,
    OrganizationRefSerializer,
    serializer_of,
)

# Read shapes


# A ranking's source: an announcement, as a membership's sources give it without the citation's own fields.
SourceSerializer = serializer_of(
    "SourceSerializer",
    [field for field in SOURCE_FIELDS if field.name not in CITATION_FIELDS],
    "An announcement cited as a source.",
)


class WikidataField(serializers.CharField):
    """A record's Wikidata item ("Q155"), or null where it has none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Its Wikidata item (Q and its number), or null where none is known."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()


ALLIANCE_FIELDS = ["founded", "dissolved", "founding_country", "description", "website"]


class SpanReadMixin:
    """Each date of `span_fields` given as written (EDTF), with its earliest and latest day, and in the fields of
    before EDTF (`<prefix>_date`, `<prefix>_precision`, and `<prefix>_bound` where `bounded`) under `legacy_names`."""

    span_fields = ()
    legacy_names = {}  # {prefix: (date name, precision name, bound name or None)}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for prefix in self.span_fields:
            text = getattr(instance, prefix)
            values = span_values(text, getattr(instance, f"{prefix}_earliest"), getattr(instance, f"{prefix}_latest"))
            data[prefix] = values[""]
            data[f"{prefix}_earliest"], data[f"{prefix}_latest"] = values["_earliest"], values["_latest"]
            day, precision, bound = legacy_date(text)
            names = self.legacy_names.get(prefix, (f"{prefix}_date", f"{prefix}_precision", None))
            for name, value in zip(names, (day.isoformat() if day else None, precision, bound), strict=True):
                if name:
                    data[name] = value
        return data


class ReportedSizeSerializer(SpanReadMixin, serializers.ModelSerializer):
    """How many members a source says the alliance had: "28 organisations in 21 countries", by a day."""

    span_fields = ("as_of",)
    legacy_names = {"as_of": (None, "as_of_precision", "as_of_bound")}
    as_of = SpanTextField(read_only=True, help_text=_("The day the size held, as written (EDTF)."))
    as_of_earliest = serializers.DateField(read_only=True, allow_null=True)
    as_of_latest = serializers.DateField(read_only=True)
    as_of_precision = serializers.ChoiceField(choices=DatePrecision.choices, read_only=True)
    as_of_bound = serializers.ChoiceField(
        choices=LegacyBound.choices,
        read_only=True,
        help_text=_("on: the size held on that day; by: it held by then, perhaps earlier."),
    )
    source = serializers.SerializerMethodField()

    class Meta:
        model = ReportedSize
        fields = [
            "as_of",
            "as_of_earliest",
            "as_of_latest",
            "as_of_precision",
            "as_of_bound",
            "members",
            "countries",
            "quotation",
            "source",
            "uid",
        ]

    @extend_schema_field(SourceSerializer)
    def get_source(self, size):
        return source_dict(size.source)


class FoundingClaimSerializer(serializers.ModelSerializer):
    """When a source says the body was founded, where sources disagree: each claim with its source."""

    founded = SpanTextField(read_only=True, help_text=_("When this source says the body was founded (EDTF)."))
    founded_earliest = serializers.DateField(read_only=True)
    founded_latest = serializers.DateField(read_only=True)
    source = serializers.SerializerMethodField()

    class Meta:
        model = FoundingClaim
        fields = ["founded", "founded_earliest", "founded_latest", "quotation", "source", "uid"]

    @extend_schema_field(SourceSerializer)
    def get_source(self, claim):
        return source_dict(claim.source)


class AllianceSerializer(SpanReadMixin, serializers.ModelSerializer):
    span_fields = ("founded", "dissolved")
    founded = SpanTextField(read_only=True, help_text=_("When the body was founded, as written (EDTF)."))
    dissolved = SpanTextField(read_only=True)
    founded_earliest = serializers.DateField(read_only=True, allow_null=True)
    founded_latest = serializers.DateField(read_only=True, allow_null=True)
    founded_date = serializers.DateField(read_only=True, allow_null=True, help_text=_("As before EDTF; see founded."))
    founded_precision = serializers.ChoiceField(choices=DatePrecision.choices, read_only=True, allow_null=True)
    dissolved_earliest = serializers.DateField(read_only=True, allow_null=True)
    dissolved_latest = serializers.DateField(read_only=True, allow_null=True)
    dissolved_date = serializers.DateField(read_only=True, allow_null=True)
    dissolved_precision = serializers.ChoiceField(choices=DatePrecision.choices, read_only=True, allow_null=True)
    founding_country = CountryRefSerializer(allow_null=True, read_only=True)
    wikidata = WikidataField(read_only=True)
    other_names = OtherNameSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "Founding members and members in force today (certainly or possibly) that the register lists; "
            "other roles (invited, partner, observer, signatory…) are not counted. Where members_list_complete "
            "is false this is not the whole: see reported_sizes."
        ),
    )
    principal_role_count = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "The body's headline count: participants in its principal role (members of a bloc, adherents, "
            "signatories with those that ratified, endorsers, co-sponsors) in force today, certainly or possibly, "
            "that the register lists. Where members_list_complete is false this is not the whole: see "
            "latest_reported_size."
        ),
    )
    members_list_complete = serializers.BooleanField(
        read_only=True,
        help_text=_("true when the sources give the whole member list; false when the register lists only some."),
    )
    latest_reported_size = serializers.SerializerMethodField(
        help_text=_("The latest size a published source reports as of today, or null: the number beside the list.")
    )
    reported_sizes = ReportedSizeSerializer(
        many=True,
        read_only=True,
        source="public_sizes",
        help_text=_("Sizes that published sources report, oldest first (most useful where the list is incomplete)."),
    )
    founding_claims = FoundingClaimSerializer(
        many=True,
        read_only=True,
        source="public_founding_claims",
        help_text=_(
            "Where sources disagree on when the body was founded, each one's date, oldest first; "
            "empty where they agree (see founded)."
        ),
    )

    class Meta:
        model = Alliance
        fields = [
            "slug",
            "name",
            "kind",
            "other_names",
            "founded_date",
            "founded_precision",
            "dissolved_date",
            "dissolved_precision",
            *ALLIANCE_FIELDS,
            "member_count",
            "principal_role",
            "principal_role_count",
            "members_list_complete",
            "latest_reported_size",
            "reported_sizes",
            "updated_at",
            "founded_earliest",
            "founded_latest",
            "dissolved_earliest",
            "dissolved_latest",
            "wikidata",
            "founding_claims",
        ]

    @extend_schema_field(ReportedSizeSerializer(allow_null=True))
    def get_latest_reported_size(self, alliance):
        today = timezone.localdate()
        held = [size for size in alliance.public_sizes if size.as_of_latest <= today]  # oldest first
        return ReportedSizeSerializer(held[-1], context=self.context).data if held else None


class OrganizationSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer(allow_null=True, read_only=True)
    other_names = OtherNameSerializer(many=True, read_only=True)
    wikidata = WikidataField(read_only=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "other_names", "website", "description", "updated_at", "wikidata"]


class OrganizationDetailSerializer(OrganizationSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "memberships"]


class OrganizationBriefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


ANNOUNCEMENT_FIELDS = ["id", "slug", "title", "kind", "date", "date_precision", "summary", "quotation"]
ANNOUNCEMENT_LINKS = ["alliances", "countries", "organizations"]


class AddressCheckSerializer(serializers.Serializer):
    """The last check of a source's address (manage.py check_sources)."""

    checked_at = serializers.DateTimeField(
        source="link_checked_at", allow_null=True, help_text=_("When it was last checked (null: never).")
    )
    state = serializers.ChoiceField(
        source="link_state", choices=LinkState.choices, help_text=_("broken: no answer, or a 4xx/5xx one.")
    )
    status = serializers.IntegerField(source="link_status", allow_null=True, help_text=_("The HTTP status."))
    error = serializers.CharField(source="link_error", help_text=_("Why no answer came: timeout, reset..."))
    moved_to = serializers.CharField(source="link_moved_to", help_text=_("Where the address redirected."))


class AnnouncementSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="source_url", read_only=True)
    url_check = AddressCheckSerializer(source="*", read_only=True)
    alliances = AllianceRefSerializer(many=True, read_only=True)
    countries = CountryRefSerializer(many=True, read_only=True)
    organizations = OrganizationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Announcement
        fields = [
            *ANNOUNCEMENT_FIELDS,
            "url",
            "archive_url",
            "url_check",
            "publisher",
            "language",
            *ANNOUNCEMENT_LINKS,
            "updated_at",
        ]


class RankingSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)

    class Meta:
        model = Ranking
        fields = ["index_name", "edition_year", "rank", "out_of", "source", "uid"]


class CountrySerializer(serializers.ModelSerializer):
    wikidata = WikidataField(read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name", "wikidata"]


class CountryDetailSerializer(CountrySerializer):
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    memberships = MembershipSerializer(
        many=True, read_only=True, help_text=_("Memberships of the country and of organizations based there.")
    )
    rankings = RankingSerializer(many=True, read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "organizations", "memberships", "rankings"]


def source_dict(announcement):
    return {
        "id": announcement.pk,
        "title": announcement.title,
        "url": announcement.source_url,
        "date": announcement.date.isoformat(),
        "date_precision": announcement.date_precision,
    }


# Writes


class SlugLookupField(serializers.SlugRelatedField):
    """A related record named by its slug. A value holding a NUL character matches nothing:
    PostgreSQL refuses NUL in text, so looking it up would end as a 500."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", "\\x00"))
        return super().to_internal_value(data)


class CountryCodeField(SlugLookupField):
    """A country named by its ISO code, in either case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class ModelCleanSerializer(serializers.ModelSerializer):
    """Validates with the model's full_clean() and saves the instance it cleaned, with the reason given.

    `many_fields` are set after the row is saved; `check_instance` adds rules that need them.
    Dates are read as curators write them ("2024-12", "../2024-12-11", "by 2024-12-11": api/dates.py).
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: PartialDateField,
    }

    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Why this change is made; kept in the record's history."),
    )
    many_fields = ()
    not_model_fields = ("change_reason",)
    legacy_dates = ()  # LegacyDateFields: the fields of before EDTF this write still takes

    def get_fields(self):
        fields = super().get_fields()
        for legacy in self.legacy_dates:
            fields.update(legacy.fields())
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # A date written in the fields of before: its errors name the field the client sent.
        self.error_names = {
            legacy.prefix: f"{legacy.prefix}_date" for legacy in self.legacy_dates if legacy.resolve(attrs)
        }
        instance = self.instance or self.Meta.model()
        before = _own_values(instance)
        for name, value in attrs.items():
            if name not in self.many_fields and name not in self.not_model_fields:
                setattr(instance, name, value)
        partial_dates_set(instance, attrs)
        # Saved only when a field of its own changes, so `updated_at` says when the record last changed.
        self.changed = instance._state.adding or _own_values(instance) != before
        try:
            instance.full_clean()
            refusals = write_refusals(instance)
            if refusals:
                raise DjangoValidationError(refusals)
        except DjangoValidationError as error:
            errors = as_drf_errors(error)
            raise serializers.ValidationError(
                {self.error_names.get(name, name): v for name, v in errors.items()}
            ) from None
        self.check_instance(instance, attrs)
        self.cleaned_instance = instance
        return attrs

    def check_instance(self, instance, attrs):
        pass

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data)

    def _save(self, validated_data):
        request = self.context.get("request")
        return record_save(
            record=self.cleaned_instance,
            changed=self.changed,
            reason=validated_data.get("change_reason", ""),
            user=request.user if request is not None else None,
            relations={name: validated_data[name] for name in self.many_fields if name in validated_data},
        )


def _own_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def as_drf_errors(error):
    """A Django ValidationError as DRF's {field: [messages]}, model-wide errors under non_field_errors."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": get_error_detail(error)}
    details = get_error_detail(error)
    if "__all__" in details:
        details["non_field_errors"] = details.pop("__all__")
    return details


class MembershipWriteSerializer(ModelCleanSerializer):
    alliance = SlugLookupField(slug_field="slug", queryset=Alliance.objects.all())
    organization = SlugLookupField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    country = CountryCodeField(allow_null=True, required=False)
    sources = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Announcement.objects.all(), required=False, help_text=_("Ids of the announcements cited.")
    )
    start = SpanTextField(required=False)
    end = SpanTextField(required=False)
    continues = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The id of the same member's earlier membership this one continues in a new role."),
    )
    many_fields = ("sources",)
    legacy_dates = (LegacyDateFields("start"), LegacyDateFields("end"))

    class Meta:
        model = Membership
        fields = [
            "alliance",
            "organization",
            "country",
            "role",
            "start",
            "end",
            "continues",
            "end_reason",
            "notes",
            "status",
            "sources",
            "change_reason",
        ]

    def check_instance(self, instance, attrs):
        sources = attrs.get("sources")
        if sources is None:
            sources = list(instance.supporting_sources())
        errors = Membership.publication_errors(instance.status, sources)
        if errors:
            raise serializers.ValidationError({"status": errors})

    def to_representation(self, instance):
        rows = membership_values(Membership.objects.filter(pk=instance.pk))
        return membership_dicts(rows, drafts=True)[0]


class AnnouncementWriteSerializer(ModelCleanSerializer):
    alliances = SlugLookupField(slug_field="slug", queryset=Alliance.objects.all(), many=True, required=False)
    countries = CountryCodeField(many=True, required=False)
    organizations = SlugLookupField(slug_field="slug", queryset=Organization.objects.all(), many=True, required=False)
    many_fields = ANNOUNCEMENT_LINKS

    class Meta:
        model = Announcement
        fields = [
            *ANNOUNCEMENT_FIELDS,
            "source_url",
            "archive_url",
            "publisher",
            "language",
            "status",
            *ANNOUNCEMENT_LINKS,
            "change_reason",
        ]
        read_only_fields = ["id"]


class AllianceWriteSerializer(ModelCleanSerializer):
    founding_country = CountryCodeField(allow_null=True, required=False)
    founded = SpanTextField(required=False)
    dissolved = SpanTextField(required=False)
    legacy_dates = (LegacyDateFields("founded", bound=False), LegacyDateFields("dissolved", bound=False))

    class Meta:
        model = Alliance
        fields = ["slug", "name", "kind", "principal_role", "status", *ALLIANCE_FIELDS, "wikidata", "change_reason"]
        fields += ["founded_earliest", "founded_latest", "dissolved_earliest", "dissolved_latest"]  # worked out


class OrganizationWriteSerializer(ModelCleanSerializer):
    country = CountryCodeField(allow_null=True, required=False)

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "website", "description", "wikidata", "change_reason"]
