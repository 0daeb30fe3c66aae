"""Admin forms with a check of their own: the organization form warns about likely duplicates; import asks why."""

from itertools import count

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from ..duplicates import likely_duplicates
from ..models import Membership, Organization, Stance
from ..models.base import SLUG_IN_ANOTHER_CASE
from ..services import citations_deleted_with
from .import_limits import ImportTooLarge, check_size, limits
from .reasons import ReasonModelForm, publication_errors_html, reason_field


class ReasonImportForm(ImportForm):
    """The import's first step: the file, its format, and why. A file past IMPORT_MAX_BYTES is refused unread."""

    change_reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = limits()

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        try:
            check_size(import_file.size)
        except ImportTooLarge as error:
            raise ValidationError(str(error), code="too_large") from None
        return import_file


class ReasonConfirmImportForm(ConfirmImportForm):
    change_reason = reason_field()


class OrganizationAdminForm(ReasonModelForm):
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
        fields = ["slug", "name", "name_ru", "kind", "country", "website", "description", "description_ru"]

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if not name or cleaned_data.get("save_anyway") or not self._names_or_country_changed():
            return cleaned_data
        names = [name, *filter(None, [cleaned_data.get("name_ru")]), *self._other_names_typed(new_only=False)]
        duplicates = likely_duplicates(names=names, country=cleaned_data.get("country"), exclude_pk=self.instance.pk)
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

    def validate_unique(self):
        """A slug taken (in any case) is offered a free one, filled in, so "Save anyway" can save a different body."""
        super().validate_unique()
        taken = [
            error for error in self.errors.as_data().get("slug", []) if error.code in ("unique", SLUG_IN_ANOTHER_CASE)
        ]
        if not taken:
            return
        slug = self.data.get("slug", "")
        free = free_slug(Organization, slug)
        self.data = self.data.copy()
        self.data["slug"] = free
        self.errors["slug"] = self.error_class(
            [
                _(
                    "The slug “%(slug)s” is another organization's address. “%(free)s” is free and is filled in: "
                    "keep it, or write another, and save again."
                )
                % {"slug": slug, "free": free}
            ]
        )

    def _other_names_typed(self, *, new_only):
        """Other names in the inline rows of this same page (the inline formset is validated after this form)."""
        prefix = Organization.other_names.rel.get_accessor_name()
        try:
            total = min(int(self.data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
            first = int(self.data.get(f"{prefix}-INITIAL_FORMS", 0)) if new_only else 0
        except ValueError:
            return []
        rows = range(first, total)
        return [
            self.data[f"{prefix}-{row}-name"].strip()
            for row in rows
            if self.data.get(f"{prefix}-{row}-name", "").strip() and not self.data.get(f"{prefix}-{row}-DELETE")
        ]

    def _names_or_country_changed(self):
        if not self.instance.pk or {"name", "name_ru", "country"} & set(self.changed_data):
            return True
        return bool(self._other_names_typed(new_only=True))


class MembershipAdminForm(ReasonModelForm):
    """The publication rule also holds where the sources are not on the page (restoring an earlier version)."""

    class Meta:
        model = Membership
        fields = [
            "alliance",
            "organization",
            "country",
            "role",
            "status",
            "start",
            "end",
            "continues",
            "end_reason",
            "notes",
        ]

    def clean(self):
        cleaned_data = super().clean()
        sources_on_page = f"{Membership.citations.rel.get_accessor_name()}-TOTAL_FORMS" in self.data
        if not sources_on_page:
            # Restoring a deleted membership brings back the sources deleted with it (services.citations_deleted_with).
            coming_back = citations_deleted_with(self.instance.pk) if self.instance.pk else []
            sources = [
                *self.instance.supporting_sources(),
                *(version.announcement for version in coming_back if version.stance == Stance.SUPPORTS),
            ]
            for message in publication_errors_html(cleaned_data.get("status"), sources):
                self.add_error("status", message)
        return cleaned_data


def free_slug(model, slug):
    """`slug` with the lowest "-2", "-3"... that no `model` row has in any case, within the field's length."""
    max_length = model._meta.get_field("slug").max_length
    stem = slug[: max_length - 5]
    taken = {taken.lower() for taken in model.objects.filter(slug__istartswith=stem).values_list("slug", flat=True)}
    for number in count(2):
        suffix = f"-{number}"
        candidate = slug[: max_length - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
