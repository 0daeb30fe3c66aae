"""The curators' admin: every model, with search, filters, autocomplete and readable errors."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Alliance,
    AllianceName,
    Announcement,
    Country,
    Membership,
    MembershipSource,
    MemberType,
    Organization,
    OrganizationName,
    Ranking,
)


class RegisterAdmin(SimpleHistoryAdmin):
    """Base for every register model: history, and a readable message instead of a raw IntegrityError."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Validation runs first, so this happens only when another curator saved a
            # conflicting record between our validation and our write.
            self.message_user(
                request,
                _(
                    "Nothing was saved: another change made at the same moment conflicts with this one "
                    "(for example an overlapping membership). Reload, check the record, and try again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class MembershipFormSet(BaseInlineFormSet):
    """Memberships edited together: no two of one member may overlap, drafts until sourced."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.is_valid()]
        for index, form in enumerate(kept):
            membership = form.instance
            sources = list(membership.sources.all()) if membership.pk else []
            for message in Membership.publication_errors(membership.status, sources):
                form.add_error("status", message)
            for other in kept[index + 1 :]:
                if self._same_member(membership, other.instance) and self._overlap(membership, other.instance):
                    form.add_error("start_date", _("This period overlaps another row for the same member."))

    @staticmethod
    def _same_member(a, b):
        return (
            a.alliance_id == b.alliance_id and a.organization_id == b.organization_id and a.country_id == b.country_id
        )

    @staticmethod
    def _overlap(a, b):
        return (a.end_date is None or b.start_date < a.end_date) and (b.end_date is None or a.start_date < b.end_date)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = [
        "organization",
        "country",
        "role",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "end_reason",
        "status",
    ]
    autocomplete_fields = ["alliance", "organization", "country"]
    show_change_link = True


class AllianceMembershipInline(MembershipInline):
    fk_name = "alliance"


class OrganizationMembershipInline(MembershipInline):
    fk_name = "organization"
    fields = ["alliance", *MembershipInline.fields[2:]]


class AllianceNameInline(admin.TabularInline):
    model = AllianceName
    extra = 0


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0


class SourceFormSet(BaseInlineFormSet):
    """A membership published through the admin cites at least one published announcement."""

    def clean(self):
        super().clean()
        sources = [
            form.cleaned_data["announcement"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("announcement")
        ]
        errors = Membership.publication_errors(self.instance.status, sources)
        if errors:
            raise ValidationError(errors)


class MembershipSourceInline(admin.TabularInline):
    model = MembershipSource
    formset = SourceFormSet
    extra = 1
    autocomplete_fields = ["announcement"]
    verbose_name = _("source")
    verbose_name_plural = _("sources (announcements this membership cites)")


class RankingInline(admin.TabularInline):
    model = Ranking
    extra = 0
    autocomplete_fields = ["source"]


class MemberTypeFilter(admin.SimpleListFilter):
    title = _("member type")
    parameter_name = "member_type"

    def lookups(self, request, model_admin):
        return MemberType.choices

    def queryset(self, request, queryset):
        if self.value() in MemberType.values:
            return queryset.of_member_type(self.value())
        return queryset


@admin.register(Country)
class CountryAdmin(RegisterAdmin):
    list_display = ["code", "localized_name", "name"]
    search_fields = ["code", "name"]
    readonly_fields = ["code"]
    inlines = [RankingInline]

    def has_add_permission(self, request):
        # Every ISO 3166-1 country is created by the first migration; there are no others.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("name"))
    def localized_name(self, obj):
        return obj.localized_name


@admin.register(Organization)
class OrganizationAdmin(RegisterAdmin):
    list_display = ["name", "kind", "country", "updated_at"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [OrganizationNameInline, OrganizationMembershipInline]


@admin.register(Alliance)
class AllianceAdmin(RegisterAdmin):
    list_display = ["name", "kind", "founded", "founding_country", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["founding_country"]
    inlines = [AllianceNameInline, AllianceMembershipInline]

    @admin.display(description=_("founded"), ordering="founded_date")
    def founded(self, obj):
        return obj.founded_display


@admin.register(Membership)
class MembershipAdmin(RegisterAdmin):
    list_display = ["member", "alliance", "role", "start", "end", "end_reason", "status"]
    list_filter = ["status", "alliance", "role", MemberTypeFilter, "end_reason"]
    list_select_related = ["alliance", "organization", "country"]
    search_fields = ["organization__name", "organization__other_names__name", "country__name", "alliance__name"]
    autocomplete_fields = ["alliance", "organization", "country"]
    inlines = [MembershipSourceInline]
    fieldsets = [
        (None, {"fields": ["alliance", "organization", "country", "role", "status"]}),
        (_("Period"), {"fields": [("start_date", "start_precision"), ("end_date", "end_precision"), "end_reason"]}),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    @admin.display(description=_("member"))
    def member(self, obj):
        return obj.member

    @admin.display(description=_("start"), ordering="start_date")
    def start(self, obj):
        return obj.start_display

    @admin.display(description=_("end"), ordering="end_date")
    def end(self, obj):
        return obj.end_display


@admin.register(Announcement)
class AnnouncementAdmin(RegisterAdmin):
    list_display = ["title", "dated", "publisher", "kind", "status"]
    list_filter = ["status", "kind", "language", "alliances"]
    search_fields = ["title", "slug", "summary", "publisher"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["alliances", "countries", "organizations"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind", ("date", "date_precision")]}),
        (_("Source"), {"fields": ["publisher", "source_url", "language"]}),
        (_("Content"), {"fields": ["summary", "quotation"]}),
        (_("Concerns"), {"fields": ["alliances", "countries", "organizations"]}),
    ]

    @admin.display(description=_("date"), ordering="date")
    def dated(self, obj):
        return obj.date_display


@admin.register(Ranking)
class RankingAdmin(RegisterAdmin):
    list_display = ["country", "index_name", "edition_year", "rank", "out_of"]
    list_filter = ["index_name"]
    search_fields = ["index_name", "country__name"]
    autocomplete_fields = ["country", "source"]


@admin.register(AllianceName)
class AllianceNameAdmin(RegisterAdmin):
    list_display = ["name", "alliance", "language", "kind"]
    search_fields = ["name", "alliance__name"]
    autocomplete_fields = ["alliance"]


@admin.register(OrganizationName)
class OrganizationNameAdmin(RegisterAdmin):
    list_display = ["name", "organization", "language", "kind"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(MembershipSource)
class MembershipSourceAdmin(RegisterAdmin):
    list_display = ["membership", "announcement"]
    list_select_related = ["membership__alliance", "membership__organization", "membership__country", "announcement"]
    search_fields = ["announcement__title", "membership__organization__name", "membership__country__name"]
    autocomplete_fields = ["membership", "announcement"]
