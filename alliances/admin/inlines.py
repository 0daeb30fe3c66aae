"""Records edited inside another record: memberships, other names, sources, founding claims, sizes, rankings."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from ..models import (
    AllianceName,
    FoundingClaim,
    Membership,
    MembershipSource,
    OrganizationName,
    Ranking,
    ReportedSize,
    Stance,
)
from .citations import CitationForm
from .partial_dates import PartialDateModelForm, PartialDatesAdminMixin
from .reasons import publication_errors_html
from .widgets import CheckedAutocompleteMixin


class MembershipFormSet(BaseInlineFormSet):
    """Memberships edited together: no two of one member may overlap, drafts until sourced."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.is_valid()]
        for index, form in enumerate(kept):
            membership = form.instance
            sources = list(membership.supporting_sources())
            for message in publication_errors_html(membership.status, sources):
                form.add_error("status", message)
            for other in kept[index + 1 :]:
                if membership.clashes_with(other.instance):
                    form.add_error(
                        "start",
                        _("This period overlaps another row of this page for the same member (%(period)s).")
                        % {"period": other.instance.period_display},
                    )


class MembershipInline(PartialDatesAdminMixin, CheckedAutocompleteMixin, admin.TabularInline):
    model = Membership
    form = PartialDateModelForm
    formset = MembershipFormSet
    extra = 0
    fields = ["organization", "country", "role", "start", "end", "end_reason", "status"]
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
    verbose_name = _("other name")
    verbose_name_plural = _("other names")


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0
    verbose_name = _("other name")
    verbose_name_plural = _("other names")


class SourceFormSet(BaseInlineFormSet):
    """A membership published through the admin cites at least one published announcement."""

    def clean(self):
        super().clean()
        sources = [
            form.cleaned_data["announcement"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("announcement")
            and form.cleaned_data.get("stance", Stance.SUPPORTS) == Stance.SUPPORTS
        ]
        errors = publication_errors_html(self.instance.status, sources)
        if errors:
            raise ValidationError(errors)


class MembershipSourceInline(CheckedAutocompleteMixin, admin.TabularInline):
    model = MembershipSource
    form = CitationForm
    formset = SourceFormSet
    extra = 1
    fields = ["announcement", "stance", "quotation", "group", "group_source", "group_quotation", "cite_anyway"]
    autocomplete_fields = ["announcement", "group_source"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the sources (announcements) this membership rests on")


class ReportedSizeInline(PartialDatesAdminMixin, CheckedAutocompleteMixin, admin.TabularInline):
    """How many members a source says the alliance had: what the site shows while the member list is incomplete."""

    model = ReportedSize
    form = PartialDateModelForm
    extra = 0
    fields = ["as_of", "members", "countries", "source", "quotation"]
    autocomplete_fields = ["source"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class FoundingClaimInline(PartialDatesAdminMixin, CheckedAutocompleteMixin, admin.TabularInline):
    """When a source says the body was founded: where sources disagree, each claim with its source."""

    model = FoundingClaim
    form = PartialDateModelForm
    extra = 0
    fields = ["founded", "source", "quotation"]
    autocomplete_fields = ["source"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class RankingInline(CheckedAutocompleteMixin, admin.TabularInline):
    model = Ranking
    extra = 0
    autocomplete_fields = ["source"]
