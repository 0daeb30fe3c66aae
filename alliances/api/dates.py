"""Dates in the API: what it gives and what curators write, in EDTF and in the fields of before.

Every start, end, founding and size's day is given three ways: as written (`start`, EDTF:
"2024-12", "../2024-12-11", "2021-06/2021-11"), and as its earliest and latest day (`start_earliest`,
`start_latest`; null where no day bounds it). The fields clients had before EDTF are kept, worked out
from the same text: `start_date` with `start_precision` and `start_bound` ("on" for one date, "by"
for anything else, with the latest side's date: an interval's start had happened by its upper end).

A write takes the EDTF text (`"start": "../2024-12-11"`), or the fields of before as before
(`"start_date": "by 2024-12-11"`, or a plain day with `start_precision` and `start_bound`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..dates import (
    DatePrecision,
    DateTextError,
    PartialDate,
    Span,
    how_to_write,
    parse_partial_date,
    parse_span,
    partial_date_fields,
    partial_date_set,
    precision_error,
    shown_day,
    stored_span,
    truncate,
)


class LegacyBound(models.TextChoices):
    """The bound of the fields of before EDTF: "on" (within the date written) or "by" (on or before it)."""

    ON = "on", _("on (within the date written)")
    BY = "by", _("by (on or before the date written; how long before is unknown)")


def legacy_date(text):
    """(first day, precision, bound) of the fields of before, from a stored EDTF text; (None, None, None) for none."""
    if not text:
        return None, None, None
    span = stored_span(text)
    side = span.single or span.upper or span.lower
    bound = LegacyBound.ON if span.single or span.upper is None else LegacyBound.BY
    return side.value, side.precision, bound.value


def span_values(text, earliest, latest):
    """A date as the API gives it: {"": EDTF, "_earliest": ISO day or None, "_latest": …}, keyed by suffix."""
    return {
        "": text or None,
        "_earliest": _iso(shown_day(earliest)) if text else None,
        "_latest": _iso(shown_day(latest)) if text else None,
    }


def _iso(day):
    return day.isoformat() if day else None


@extend_schema_field({"type": "string", "example": "../2024-12-11", "nullable": True})
class SpanTextField(serializers.CharField):
    """A date as written, in EDTF; read as curators write it (the form "by 2024-12-11" too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.help_text = how_to_write(self.help_text or "")

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        if not text:
            return ""
        try:
            return parse_span(text).edtf
        except DateTextError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "example": "2024-12-11"})
class PartialDateField(serializers.Field):
    """A statement's date ("2024", "2024-12", "2024-12-11"): read as a PartialDate, given as ISO 8601 (its first
    day; the precision is the field beside it)."""

    default_error_messages = {"invalid": _("Write the date as text: 2024, 2024-12 or 2024-12-11.")}

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.help_text = how_to_write(self.help_text or "", span=False)

    def validate_empty_values(self, data):
        if data == "" and self.allow_null:
            return (True, None)
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_partial_date(data)
        except DateTextError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return value.isoformat()


def partial_dates_set(instance, attrs):
    """Store the statements' dates in a write's `attrs` on `instance`, with any explicit precision.

    Raises ValidationError naming an explicit precision that contradicts what its date's text says.
    """
    errors = {}
    for parts in partial_date_fields(type(instance)):
        if parts.date not in attrs:
            continue
        partial = attrs[parts.date]
        partial_date_set(instance, parts, partial)
        attrs[parts.date] = getattr(instance, parts.date)
        if partial is None or parts.precision not in attrs:
            continue
        if partial.precision != DatePrecision.DAY and attrs[parts.precision] != partial.precision:
            errors[parts.precision] = [_contradiction(partial.edtf, partial.precision, parts.precision)]
        else:
            setattr(instance, parts.precision, attrs[parts.precision])
    if errors:
        raise serializers.ValidationError(errors)


def _contradiction(text, value, field):
    return _("The date '%(text)s' says %(value)s: leave %(field)s out or give %(value)s.") % {
        "text": text,
        "value": value,
        "field": field,
    }


class LegacyDateFields:
    """A write serializer's fields of before for a date kept as EDTF text (`prefix`, e.g. "start"): `<prefix>_date`
    ("2024-12", "by 2024-12-11", a plain day), `<prefix>_precision` and, where it had one, `<prefix>_bound`."""

    def __init__(self, prefix, *, bound=True):
        self.prefix, self.bound = prefix, bound

    def fields(self):
        prefix = self.prefix
        declared = {
            f"{prefix}_date": serializers.CharField(
                write_only=True,
                required=False,
                allow_blank=True,
                allow_null=True,
                max_length=40,
                help_text=_("As before EDTF; the EDTF field %(field)s says the same.") % {"field": prefix},
            ),
            f"{prefix}_precision": serializers.ChoiceField(
                choices=DatePrecision.choices, write_only=True, required=False, allow_null=True
            ),
        }
        if self.bound:
            declared[f"{prefix}_bound"] = serializers.ChoiceField(
                choices=LegacyBound.choices, write_only=True, required=False, allow_null=True
            )
        return declared

    def resolve(self, attrs):
        """Fold the fields of before in `attrs` into the EDTF text (attrs[prefix]); a ValidationError names the field
        at fault. True when the date was written in the fields of before (errors then name `<prefix>_date`)."""
        prefix = self.prefix
        names = [f"{prefix}_date", f"{prefix}_precision", f"{prefix}_bound"]
        given = {name: attrs.pop(name) for name in names if name in attrs}
        if not given:
            return False
        if prefix in attrs:
            raise serializers.ValidationError(
                {names[0]: [_("Give the date once: %(field)s (EDTF) or the fields of before.") % {"field": prefix}]}
            )
        text = (given.get(names[0]) or "").strip()
        if not text:
            attrs[prefix] = ""
            return True
        try:
            span = parse_span(text)
        except DateTextError as error:
            raise serializers.ValidationError({names[0]: [str(error)]}) from None
        precision, bound = given.get(names[1]), given.get(names[2])
        if span.single and precision and precision != span.single.precision:
            if span.single.precision != DatePrecision.DAY:
                raise serializers.ValidationError({names[1]: [_contradiction(text, span.single.precision, names[1])]})
            message = precision_error(span.single.value, precision)  # "2024-05-03" is no year's first day
            if message:
                raise serializers.ValidationError({names[0]: [message]})
            side = PartialDate(truncate(span.single.value, precision), precision)
            span = Span(side, side)
        if bound == LegacyBound.BY and span.single:
            span = Span(None, span.single)
        elif bound == LegacyBound.ON and span.single is None:
            raise serializers.ValidationError({names[2]: [_contradiction(text, LegacyBound.BY.value, names[2])]})
        attrs[prefix] = span.edtf
        return True
