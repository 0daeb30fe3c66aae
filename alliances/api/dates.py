"""Dates in the API's writes as curators write them: "2024", "2024-12", "2024-12-11", "by 2024-12-11".

The text sets the date, its precision and (where the model keeps one) its bound, read by
alliances/dates.parse_partial_date as in the admin and the import. The explicit `*_precision`
and `*_bound` fields are still taken: beside a plain day ("2024-12-11") they say the rest, as
before; beside a text that already says it ("2024", "by …") they must agree with it.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..dates import (
    DateBound,
    DatePrecision,
    how_to_write,
    parse_partial_date,
    partial_date_fields,
    partial_date_set,
    written_partial_date,
)


@extend_schema_field({"type": "string", "example": "2024-12-11"})
class PartialDateField(serializers.Field):
    """Reads a PartialDate; writes the stored date as ISO 8601 (its precision is the field beside it)."""

    default_error_messages = {"invalid": _("Write the date as text: 2024, 2024-12 or 2024-12-11.")}
    bound_allowed = False

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        model = parent.Meta.model
        self.bound_allowed = any(parts.date == self.source and parts.bound for parts in partial_date_fields(model))
        self.help_text = how_to_write(self.help_text or "", bound_allowed=self.bound_allowed)

    def validate_empty_values(self, data):
        if data == "" and self.allow_null:
            return (True, None)
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_partial_date(data, bound_allowed=self.bound_allowed)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return value.isoformat()


def partial_dates_set(instance, attrs):
    """Store the partial dates in a write's `attrs` on `instance`, with any explicit precision and bound.

    Raises ValidationError naming an explicit field that contradicts what its date's text says.
    """
    errors = {}
    for parts in partial_date_fields(type(instance)):
        if parts.date not in attrs:
            continue
        partial = attrs[parts.date]
        partial_date_set(instance, parts, partial)
        attrs[parts.date] = getattr(instance, parts.date)
        if partial is None:
            continue
        said = {
            parts.precision: partial.precision if partial.precision != DatePrecision.DAY else None,
            parts.bound: partial.bound if partial.bound != DateBound.ON else None,
        }
        for name, value in said.items():
            if name is None or name not in attrs:
                continue
            if value is not None and attrs[name] != value:
                errors[name] = [
                    _("The date '%(text)s' says %(value)s: leave %(field)s out or give %(value)s.")
                    % {"text": written_partial_date(*partial), "value": value, "field": name}
                ]
            setattr(instance, name, attrs[name])
    if errors:
        raise serializers.ValidationError(errors)
