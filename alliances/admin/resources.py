"""CSV and XLSX import and export of organizations, announcements and memberships (django-import-export).

Rows name their alliances, organizations and announcements by slug and countries by ISO
code, never by database id. Dates are written in EDTF as in the admin ("2024", "2024-12",
"2024-12-11", "../2024-12-11"; "by 2024-12-11" is read too). Every row goes through the model's full_clean(), so an
import can break no invariant; any bad row stops the whole file, and the errors name the
row and the column. Each row is kept in history as one version, with the run's `change_reason`
and the importing curator.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ..dates import (
    PartialDateFields,
    parse_partial_date,
    parse_span,
    partial_date_set,
    written_partial_date,
)
from ..duplicates import KnownNames
from ..models import Alliance, Announcement, Country, Membership, Organization
from ..services import history_begin, history_end, membership_sources_set, write_refusals
from ..spreadsheets import spreadsheet_safe, spreadsheet_unquoted


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug (or code); a name that matches nothing is a row error that says so.

    What it found is kept for the run (each resource copies its fields, so each run has its own
    widgets): a row names its alliance and member three times on the way, a file the same ones often.
    """

    def __init__(self, model, field="slug", normalize=str.strip):
        super().__init__(model, field=field)
        self.normalize = normalize
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        value = self.normalize(str(value)) if value not in (None, "") else ""
        if value in self.found:
            return self.found[value]
        try:
            self.found[value] = super().clean(value, row, **kwargs)
            return self.found[value]
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s '%(value)s'.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class LookupListWidget(widgets.ManyToManyWidget):
    """Several related records named by slug (or code), separated by commas; every one must exist."""

    def __init__(self, model, field="slug", normalize=str.strip):
        super().__init__(model, separator=",", field=field)
        self.normalize = normalize

    def clean(self, value, row=None, **kwargs):
        keys = [self.normalize(key) for key in str(value or "").split(self.separator) if key.strip()]
        found = {getattr(obj, self.field): obj for obj in self.model.objects.filter(**{f"{self.field}__in": keys})}
        missing = [key for key in keys if key not in found]
        if missing:
            raise ValueError(
                _("No %(model)s with %(field)s %(values)s.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "values": ", ".join(missing)}
            )
        return [found[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(str(getattr(related, self.field)) for related in value.all()))


def _upper(text):
    return text.strip().upper()


def country_widget():
    return LookupWidget(Country, field="code", normalize=_upper)


def _cell_text(value):
    """A cell as text; a spreadsheet's date cell as the day it holds."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip() if value is not None else ""


class PartialDateField(fields.Field):
    """A statement's date and its precision in one column: "2024-12"."""

    def __init__(self, *, attribute, precision_attribute, column_name):
        super().__init__(attribute=attribute, column_name=column_name)
        self.precision_attribute = precision_attribute

    def parse(self, row):
        text = _cell_text(row.get(self.column_name))
        return parse_partial_date(text) if text else None  # DateTextError (a ValueError) with a readable message

    def clean(self, row, **kwargs):
        parsed = self.parse(row)
        return parsed.value if parsed else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        partial_date_set(instance, PartialDateFields(self.attribute, self.precision_attribute), self.parse(row))

    def get_value(self, instance):
        # The precision counts: "2024" and "2024-01-01" are different facts.
        return getattr(instance, self.attribute), getattr(instance, self.precision_attribute)

    def export(self, instance, **kwargs):
        return written_partial_date(*self.get_value(instance))


class SpanField(fields.Field):
    """A start, an end, a founding or a size's day in one column, in EDTF as the register writes it: "2024-12",
    "../2024-12-11", "2021-06/2021-11" ("by 2024-12-11" is read as "../2024-12-11")."""

    def clean(self, row, **kwargs):
        text = _cell_text(row.get(self.column_name))
        return parse_span(text).edtf if text else ""  # DateTextError (a ValueError) with a readable message


class ContinuesField(fields.Field):
    """The earlier membership a row continues in a new role, named by its start as written (the same member and
    alliance as the row's): "2024" in a partner's row that continues an invitation of 2024."""

    def __init__(self, **kwargs):
        super().__init__(attribute="continues", column_name="continues", **kwargs)

    def clean(self, row, **kwargs):
        text = _cell_text(row.get(self.column_name))
        if not text:
            return None
        start = parse_span(text).edtf  # DateTextError with a readable message
        alliance = LookupWidget(Alliance).clean(row.get("alliance"))
        organization = LookupWidget(Organization).clean(row.get("organization")) if row.get("organization") else None
        country = country_widget().clean(row.get("country")) if row.get("country") else None
        earlier = (
            Membership.objects.of_member_in(
                alliance_id=alliance.pk,
                organization_id=organization.pk if organization else None,
                country_id=country.pk if country else None,
            )
            .filter(start=start)
            .first()
        )
        if earlier is None:
            raise ValueError(
                _("No membership of this member in this alliance starts on %(start)s to be continued.")
                % {"start": text}
            )
        return earlier

    def export(self, instance, **kwargs):
        return instance.continues.start if instance.continues_id else ""


class RegisterResource(resources.ModelResource):
    """Rows are checked whole (fields, lookups, model validation) and errors are keyed by column name."""

    change_reason = ""
    user = None

    def before_import(self, dataset, **kwargs):
        # import_data(..., change_reason=..., user=...): why and by whom this run writes.
        self.change_reason = kwargs.get("change_reason", "")
        self.user = kwargs.get("user")

    def save_instance(self, instance, is_create, row, **kwargs):
        history_begin(instance, reason=self.change_reason, user=self.user)
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk:
            history_end(instance)  # a row and its many-to-many columns: one version

    def before_import_row(self, row, **kwargs):
        # A spreadsheet's empty cell reads as None; the register stores empty text as "".
        # A formula-like cell that the export wrote as text ("'=...") reads back as typed.
        for column, value in row.items():
            row[column] = "" if value is None else spreadsheet_unquoted(value)

    def export_field(self, field, instance, **kwargs):
        # "=HYPERLINK(...)" in a name must reach the curator's spreadsheet as words, not run.
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def get_instance(self, instance_loader, row):
        errors = {}
        for field in self.get_import_id_fields():
            field = self.fields[field]
            try:
                field.clean(row)
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._imported_relations = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._imported_relations[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for field, messages in self.rule_errors(instance).items():
            errors.setdefault(field, []).extend(messages)
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            columns = self._columns_by_attribute()
            raise ValidationError(
                {columns.get(name, name): messages for name, messages in error.message_dict.items()}
            ) from None

    def rule_errors(self, instance):
        """Errors of the register's own rules beyond the model's validation: {attribute: [message]}.

        Here, the rule every write obeys: no published membership left without a published source (services).
        """
        return write_refusals(instance)

    def _columns_by_attribute(self):
        columns = {NON_FIELD_ERRORS: NON_FIELD_ERRORS}
        for field in self.get_import_fields():
            columns[field.attribute] = field.column_name
            if isinstance(field, PartialDateField):
                columns[field.precision_attribute] = field.column_name
        return columns

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


def english(column):
    """The column of a translated text: its English version, whatever language the admin speaks."""
    return fields.Field(attribute=f"{column}_en", column_name=column)


class OrganizationResource(RegisterResource):
    name = english("name")
    description = english("description")
    country = fields.Field(attribute="country", column_name="country", widget=country_widget())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.likely_duplicates = []
        self.known_names = KnownNames()  # each country's organizations read once, not once a row

    def after_import_row(self, row, row_result, **kwargs):
        """Report new rows that look like an organization already in the register (or earlier in the file)."""
        if row_result.import_type != row_result.IMPORT_TYPE_NEW:
            return
        name, country = row.get("name"), self.fields["country"].clean(row)
        duplicates = self.known_names.matches(names=[name], country=country, exclude_pk=row_result.object_id)
        if duplicates:
            self.likely_duplicates.append({"row": kwargs.get("row_number"), "name": name, "matches": duplicates})
        written = Organization(pk=row_result.object_id, name=name, slug=row.get("slug"), country=country)
        self.known_names.add(written, [name])

    def after_import(self, dataset, result, **kwargs):
        result.likely_duplicates = self.likely_duplicates

    class Meta(RegisterResource.Meta):
        model = Organization
        import_id_fields = ["slug"]
        fields = ["slug", "name", "name_ru", "kind", "country", "website", "description", "description_ru"]


class AnnouncementResource(RegisterResource):
    title = english("title")
    summary = english("summary")
    date = PartialDateField(attribute="date", precision_attribute="date_precision", column_name="date")
    alliances = fields.Field(attribute="alliances", column_name="alliances", widget=LookupListWidget(Alliance))
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=LookupListWidget(Country, "code", _upper)
    )
    organizations = fields.Field(
        attribute="organizations", column_name="organizations", widget=LookupListWidget(Organization)
    )

    class Meta(RegisterResource.Meta):
        model = Announcement
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "title_ru",
            "status",
            "kind",
            "date",
            "publisher",
            "source_url",
            "language",
            "summary",
            "summary_ru",
            "quotation",
            "alliances",
            "countries",
            "organizations",
        ]


class MembershipResource(RegisterResource):
    """A membership is known by its alliance, its member and its start: change a start date in the admin."""

    alliance = fields.Field(attribute="alliance", column_name="alliance", widget=LookupWidget(Alliance))
    organization = fields.Field(attribute="organization", column_name="organization", widget=LookupWidget(Organization))
    country = fields.Field(attribute="country", column_name="country", widget=country_widget())
    start = SpanField(attribute="start", column_name="start")
    end = SpanField(attribute="end", column_name="end")
    continues = ContinuesField()
    sources = fields.Field(attribute="sources", column_name="sources", widget=LookupListWidget(Announcement))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A file of blocs may have no organization column, one of associations no country column.
        for column in ("organization", "country"):
            if column not in dataset.headers:
                dataset.append_col([""] * len(dataset), header=column)

    def rule_errors(self, instance):
        sources = instance._imported_relations.get("sources")
        if sources is None:
            sources = list(instance.supporting_sources())
        messages = Membership.publication_errors(instance.status, sources)
        return {"sources": list(messages)} if messages else {}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if is_m2m and field.attribute == "sources":
            if field.column_name in row:
                membership_sources_set(
                    membership=instance,
                    announcements=instance._imported_relations["sources"],
                    reason=self.change_reason,
                    user=self.user,
                )
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def get_queryset(self):
        return Membership.objects.select_related("alliance", "organization", "country", "continues").prefetch_related(
            "sources"
        )

    class Meta(RegisterResource.Meta):
        model = Membership
        import_id_fields = ["alliance", "organization", "country", "start"]
        fields = [
            "alliance",
            "organization",
            "country",
            "role",
            "start",
            "end",
            "end_reason",
            "continues",
            "status",
            "sources",
            "notes",
        ]
