"""The ModelAdmin of each register model: search, filters, autocomplete, history, bulk publishing, import/export."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export.admin import ImportExportMixin

from ..models import (
    Alliance,
    AllianceName,
    Announcement,
    Country,
    FoundingClaim,
    Membership,
    MembershipSource,
    MemberType,
    Organization,
    OrganizationName,
    Ranking,
    ReportedSize,
)
from ..services import citation_refusals, citations_deleted_with, citations_restore, membership_restore
from .actions import publish, unpublish
from .base import RESTORED, RegisterAdmin
from .citations import CitationAdminForm, picker_context, ranked_sources
from .forms import MembershipAdminForm, OrganizationAdminForm, ReasonConfirmImportForm, ReasonImportForm
from .import_limits import BoundedCSV, BoundedXLSX, ImportTooLarge
from .inlines import (
    AllianceMembershipInline,
    AllianceNameInline,
    FoundingClaimInline,
    MembershipSourceInline,
    OrganizationMembershipInline,
    OrganizationNameInline,
    RankingInline,
    ReportedSizeInline,
)
from .intake import intake_view, may_take_in
from .reasons import REASON_FIELD
from .resources import AnnouncementResource, MembershipResource, OrganizationResource
from .search import AnyLanguageSearchMixin
from .translated import SideBySideTranslationAdmin


class ImportExportRegisterAdmin(ImportExportMixin, RegisterAdmin):
    """CSV/XLSX import with a dry-run preview (new / changed / unchanged / error) and export.

    A file past IMPORT_MAX_BYTES or IMPORT_MAX_ROWS is refused with the limits said (import_limits).
    """

    formats = [BoundedCSV, BoundedXLSX]
    import_template_name = "admin/alliances/import.html"

    def has_import_permission(self, request):
        # An import adds and changes rows.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    import_form_class = ReasonImportForm
    confirm_form_class = ReasonConfirmImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportTooLarge):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial[REASON_FIELD] = import_form.cleaned_data.get(REASON_FIELD, "")
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        reason = form.cleaned_data.get(REASON_FIELD, "") if form is not None and form.is_valid() else ""
        # Also on confirm: a row that became invalid since the preview stops the whole file.
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
            "change_reason": reason,
        }

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the file no longer passes the checks. Upload it again to see the errors."),
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


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
class CountryAdmin(AnyLanguageSearchMixin, RegisterAdmin):
    list_display = ["code", "localized_name", "name"]
    search_fields = ["code", "name"]
    country_search_fields = ["code"]
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
class OrganizationAdmin(AnyLanguageSearchMixin, SideBySideTranslationAdmin, ImportExportRegisterAdmin):
    form = OrganizationAdminForm
    resource_classes = [OrganizationResource]
    list_display = ["name", "kind", "country", "updated_at"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "other_names__name"]
    translated_search_fields = ["name"]
    country_search_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [OrganizationNameInline, OrganizationMembershipInline]


@admin.register(Alliance)
class AllianceAdmin(AnyLanguageSearchMixin, SideBySideTranslationAdmin, RegisterAdmin):
    actions = [publish, unpublish]
    list_display = ["name", "kind", "founded", "founding_country", "members_list_complete", "status"]
    list_filter = ["status", "kind", "members_list_complete"]
    search_fields = ["name", "slug", "other_names__name"]
    translated_search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["founding_country"]
    inlines = [AllianceNameInline, FoundingClaimInline, ReportedSizeInline, AllianceMembershipInline]
    change_form_template = "admin/alliances/alliance/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/intake/",
                self.admin_site.admin_view(lambda request, object_id: intake_view(self, request, object_id)),
                name="alliances_alliance_intake",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_take_in": may_take_in(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("founded"), ordering="founded_earliest")
    def founded(self, obj):
        return obj.founded_display


@admin.register(Membership)
class MembershipAdmin(AnyLanguageSearchMixin, ImportExportRegisterAdmin):
    form = MembershipAdminForm
    resource_classes = [MembershipResource]
    actions = [publish, unpublish]
    # Fits a 1280 px screen beside the admin's two sidebars; the end reason is a filter.
    list_display = ["member", "alliance", "role", "period", "status"]
    list_filter = ["status", "alliance", "role", MemberTypeFilter, "end_reason"]
    list_select_related = ["alliance", "organization", "country"]
    search_fields = ["organization__name", "organization__other_names__name", "country__name", "alliance__name"]
    translated_search_fields = ["organization__name", "alliance__name"]
    country_search_fields = ["country", "organization__country"]
    autocomplete_fields = ["alliance", "organization", "country", "continues"]
    inlines = [MembershipSourceInline]
    readonly_fields = ["other_memberships"]
    fieldsets = [
        (None, {"fields": ["alliance", "organization", "country", "role", "status"]}),
        (_("Period"), {"fields": ["start", "end", "end_reason", "continues"]}),
        (_("The same member's other memberships of this alliance"), {"fields": ["other_memberships"]}),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    class Media:
        js = ["alliances/admin/other_memberships.js", "alliances/admin/source_picker.js"]

    def get_urls(self):
        return [
            path(
                "other-memberships/",
                self.admin_site.admin_view(self.other_memberships_view),
                name="alliances_membership_other_memberships",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("other memberships"))
    def other_memberships(self, obj):
        """A panel the form's script refreshes as the alliance or member changes, so overlaps show while typing."""
        if obj is None or not obj.pk:
            return render_to_string("admin/alliances/other_memberships.html", {"memberships": None, "exclude": None})
        return _other_memberships_panel(
            alliance_id=obj.alliance_id, organization_id=obj.organization_id, country_id=obj.country_id, exclude=obj.pk
        )

    def other_memberships_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        params = request.GET
        html = _other_memberships_panel(
            alliance_id=_int_or_none(params.get("alliance")),
            organization_id=_int_or_none(params.get("organization")),
            country_id=(params.get("country") or "").upper() or None,
            exclude=_int_or_none(params.get("exclude")),
        )
        return HttpResponse(html)

    def save_model(self, request, obj, form, change):
        # Restoring a deleted membership from its history brings back the sources deleted with it.
        deleted_with_it = citations_deleted_with(obj.pk) if obj.pk else []
        super().save_model(request, obj, form, change)
        if deleted_with_it:
            citations_restore(versions=deleted_with_it, reason=form.cleaned_data.get(REASON_FIELD), user=request.user)
        for other in obj.possible_overlaps():
            # Only a certain overlap is refused; one the sources leave open is for the curator to judge.
            messages.warning(
                request,
                _(
                    "This period may overlap the member's other membership of this alliance (%(role)s, %(period)s): "
                    "the sources leave the days open. Check the dates if the two cannot have overlapped."
                )
                % {"role": other.get_role_display(), "period": other.period_display},
            )

    @admin.display(description=pgettext_lazy("an organisation or a country, whatever its role", "member"))
    def member(self, obj):
        return obj.member

    @admin.display(description=_("Period"), ordering="start_latest")
    def period(self, obj):
        # A line breaks between the two dates, never inside one.
        unbroken = str(obj.period_display).replace(" ", "\N{NO-BREAK SPACE}")
        return unbroken.replace("\N{NO-BREAK SPACE}–\N{NO-BREAK SPACE}", " – ")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _other_memberships_panel(*, alliance_id, organization_id, country_id, exclude):
    memberships = None
    if alliance_id and (organization_id or country_id):
        memberships = (
            Membership.objects.of_member_in(
                alliance_id=alliance_id, organization_id=organization_id, country_id=country_id
            )
            .exclude(pk=exclude)
            .order_by("start_latest")
        )
    context = {"memberships": memberships, "exclude": exclude}
    return render_to_string("admin/alliances/other_memberships.html", context)


@admin.register(Announcement)
class AnnouncementAdmin(AnyLanguageSearchMixin, SideBySideTranslationAdmin, ImportExportRegisterAdmin):
    resource_classes = [AnnouncementResource]
    actions = [publish, unpublish]
    list_display = ["title", "dated", "publisher", "kind", "status", "address_state"]
    list_filter = ["status", "kind", "language", "alliances"]
    readonly_fields = ["address_check"]
    search_fields = ["title", "slug", "summary", "publisher"]
    translated_search_fields = ["title", "summary"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["alliances", "countries", "organizations"]
    fieldsets = [
        (None, {"fields": ["title", "title_ru", "slug", "status", "kind", "date", "published_date"]}),
        (_("Source"), {"fields": ["publisher", "source_url", "archive_url", "address_check", "language"]}),
        (_("Content"), {"fields": ["summary", "summary_ru", "quotation"]}),
        (_("Concerns"), {"fields": ["alliances", "countries", "organizations"]}),
    ]

    @admin.display(description=_("date"), ordering="date")
    def dated(self, obj):
        return obj.date_display

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _picks_a_citations_source(request):
            alliance, organization, country = picker_context(request.GET)
            found = ranked_sources(found, search_term, alliance=alliance, organization=organization, country=country)
        return found, may_have_duplicates

    @admin.display(description=_("address"), ordering="link_checked_at")
    def address_state(self, obj):
        return obj.get_link_state_display()

    @admin.display(description=_("last check of the address"))
    def address_check(self, obj):
        """What `manage.py check_sources` last found: "broken: 404 (7 December 2026 03:00)"."""
        if obj is None or obj.link_checked_at is None:
            return _("not checked yet (manage.py check_sources)")
        return format_html(
            '<span class="address-{}">{}</span>: {} ({})',
            obj.link_state,
            obj.get_link_state_display(),
            obj.link_answer,
            date_format(timezone.localtime(obj.link_checked_at), "DATETIME_FORMAT"),
        )


def _picks_a_citations_source(request):
    """True for the autocomplete of a citation's source (the membership form's rows, or a citation's own form)."""
    params = request.GET
    return (
        request.path.endswith("/autocomplete/")
        and params.get("model_name") == "membershipsource"
        and params.get("field_name") == "announcement"
    )


@admin.register(Ranking)
class RankingAdmin(RegisterAdmin):
    list_display = ["country", "index_name", "edition_year", "rank", "out_of"]
    list_filter = ["index_name"]
    search_fields = ["index_name", "country__name"]
    autocomplete_fields = ["country", "source"]


@admin.register(ReportedSize)
class ReportedSizeAdmin(RegisterAdmin):
    list_display = ["alliance", "size", "as_of_when", "source"]
    list_select_related = ["alliance", "source"]
    search_fields = ["alliance__name", "source__title", "quotation"]
    autocomplete_fields = ["alliance", "source"]

    @admin.display(description=_("size"))
    def size(self, obj):
        return obj.size_display

    @admin.display(description=_("as of"), ordering="as_of")
    def as_of_when(self, obj):
        return obj.as_of_display


@admin.register(FoundingClaim)
class FoundingClaimAdmin(RegisterAdmin):
    list_display = ["alliance", "founded_when", "source"]
    list_select_related = ["alliance", "source"]
    search_fields = ["alliance__name", "source__title", "quotation"]
    autocomplete_fields = ["alliance", "source"]

    @admin.display(description=_("founded"), ordering="founded_earliest")
    def founded_when(self, obj):
        return obj.founded_display


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
    form = CitationAdminForm
    list_display = ["membership", "announcement", "stance"]
    list_filter = ["stance"]
    list_select_related = ["membership__alliance", "membership__organization", "membership__country", "announcement"]
    search_fields = ["announcement__title", "membership__organization__name", "membership__country__name"]
    autocomplete_fields = ["membership", "announcement", "group_source"]

    class Media:
        js = ["alliances/admin/source_picker.js"]

    def get_actions(self, request):
        # Deleting citations in bulk could leave a published membership unsourced; delete one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._is_last_published_source(obj):
            return False
        return super().has_delete_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version of a citation whose membership was deleted (with it): reverting restores the membership too."""
        version = get_object_or_404(MembershipSource.history, id=object_id, history_id=version_id)
        if Membership.objects.filter(pk=version.membership_id).exists():
            return super().history_form_view(request, object_id, version_id, extra_context)
        if not Membership.history.filter(id=version.membership_id, history_type="-").exists():
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_history_permission(request, version.instance):
                raise PermissionDenied
            try:
                membership = membership_restore(
                    membership_id=version.membership_id, also=[version], reason=str(RESTORED), user=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            self.message_user(
                request,
                _("The membership “%(membership)s”, deleted with this source, is restored too, with its sources.")
                % {"membership": membership},
            )
            return HttpResponseRedirect(reverse("admin:alliances_membershipsource_change", args=[version.id]))
        note = _(
            "The membership this source belongs to was deleted. Reverting restores the membership as it was "
            "when deleted, with the sources deleted with it."
        )
        self.message_user(request, note, messages.WARNING)
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _is_last_published_source(citation):
        return bool(citation_refusals(citation, deleting=True))
