"""Admin forms with a check of their own: the organization form warns about likely duplicates."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..duplicates import likely_duplicates
from ..models import Membership, Organization


class OrganizationAdminForm(forms.ModelForm):
    """Warns before saving an organization whose name matches one already in the same country.

    The "save anyway" box stays hidden until the warning appears; ticking it saves the record.
    """

    save_anyway = forms.BooleanField(
        label=_("Save anyway: this is a different organization"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "website", "description"]

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if not name or cleaned_data.get("save_anyway") or not self._name_or_country_changed():
            return cleaned_data
        duplicates = likely_duplicates(names=[name], country=cleaned_data.get("country"), exclude_pk=self.instance.pk)
        if duplicates:
            self.fields["save_anyway"].widget = forms.CheckboxInput()
            links = format_html_join(
                ", ",
                '<a href="{}" target="_blank">{}</a>',
                ((reverse("admin:alliances_organization_change", args=[o.pk]), o.name) for o in duplicates),
            )
            raise ValidationError(
                format_html(
                    "{} {} {}",
                    _("This may be an organization already in the register:"),
                    links,
                    _("Check that it is not the same body. If it is a different one, tick “save anyway” and save."),
                ),
                code="likely_duplicate",
            )
        return cleaned_data

    def _name_or_country_changed(self):
        return not self.instance.pk or bool({"name", "country"} & set(self.changed_data))


class MembershipAdminForm(forms.ModelForm):
    """The publication rule also holds where the sources are not on the page (restoring an earlier version)."""

    class Meta:
        model = Membership
        fields = [
            "alliance",
            "organization",
            "country",
            "role",
            "status",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "end_reason",
            "notes",
        ]

    def clean(self):
        cleaned_data = super().clean()
        sources_on_page = f"{Membership.citations.rel.get_accessor_name()}-TOTAL_FORMS" in self.data
        if not sources_on_page:
            sources = list(self.instance.sources.all()) if self.instance.pk else []
            for message in Membership.publication_errors(cleaned_data.get("status"), sources):
                self.add_error("status", message)
        return cleaned_data
