"""A statement's date as curators write it: one text box, "2024", "2024-12" or "2024-12-11".

The box sets the date's precision from what was typed, so the forms have no separate precision
input; a stored date is shown back as it was typed. Reading is alliances/dates.parse_partial_date,
the parser of the import and the API. (A start, an end, a founding or a size's day is a text field
of the model in EDTF, checked by the model's clean(): nothing to do here.)
"""

import dataclasses
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from simple_history.template_utils import HistoricalRecordContextHelper

from ..dates import (
    PartialDate,
    how_to_write,
    parse_partial_date,
    partial_date_fields,
    partial_date_get,
    partial_date_set,
)
from ..dates import written_partial_date as written


class PartialDateField(forms.Field):
    """A date typed at its precision; cleans to a PartialDate (or None when left empty)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "partial-date", "size": 16})

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return written(*value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def has_changed(self, initial, data):
        return _read(initial) != _read(self.prepare_value(data))


def _read(text):
    """What a typed date says, for comparing two of them; text that is no date stands for itself."""
    try:
        return parse_partial_date(str(text or "").strip()) if text else None
    except ValueError:
        return text


class PartialDateFormMixin:
    """A ModelForm whose dates are PartialDateFields: each shows the stored date as written and saves what was typed.

    The model's precision and bound fields stay out of the form (PartialDatesAdminMixin leaves them out of the page).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partial_dates = [parts for parts in partial_date_fields(self._meta.model) if parts.date in self.fields]
        for parts in self.partial_dates:
            field = self.fields[parts.date]
            model_field = self._meta.model._meta.get_field(parts.date)
            self.fields[parts.date] = PartialDateField(
                required=field.required,
                label=field.label,
                help_text=how_to_write(model_field.help_text, span=False),
                disabled=field.disabled,
            )
            value = self.initial.get(parts.date)
            if isinstance(value, datetime.date):
                stored = partial_date_get(self.instance, parts)
                self.initial[parts.date] = written(*stored) if stored and stored.value == value else value.isoformat()

    def _post_clean(self):
        # Before the model's validation, which reads the precision (a "2024" stored as 1 January).
        for parts in self.partial_dates:
            if parts.date in self.cleaned_data:
                partial_date_set(self.instance, parts, self.cleaned_data[parts.date])
                self.cleaned_data[parts.date] = getattr(self.instance, parts.date)
        super()._post_clean()


class PartialDateModelForm(PartialDateFormMixin, forms.ModelForm):
    """An inline row's form with its dates as written."""


def date_of_each_part(model):
    """{field name: the PartialDateFields it belongs to} for every date and precision field of `model`."""
    return {name: parts for parts in partial_date_fields(model) for name in parts if name}


def precision_fields(model):
    """The names of the fields the date boxes set, which the admin pages do not show."""
    return {name for name, parts in date_of_each_part(model).items() if name != parts.date}


class PartialDateHistoryHelper(HistoricalRecordContextHelper):
    """A version's changes with each date as written, its precision folded in: "2024-12-11" → "2024-12"."""

    def context_for_delta_changes(self, delta):
        parts_of = date_of_each_part(self.model)
        dates = list(dict.fromkeys(parts_of[change.field] for change in delta.changes if change.field in parts_of))
        others = [change for change in delta.changes if change.field not in parts_of]
        rows = [
            {
                "field": capfirst(self.model._meta.get_field(parts.date).verbose_name),
                "old": _written_in(delta.old_record, parts),
                "new": _written_in(delta.new_record, parts),
            }
            for parts in dates
        ]
        rest = dataclasses.replace(delta, changes=others, changed_fields=[change.field for change in others])
        return rows + super().context_for_delta_changes(rest)


def _written_in(record, parts):
    stored = partial_date_get(record, parts)
    return written(*stored) if stored else "—"


class PartialDatesAdminMixin:
    """For a ModelAdmin or an inline whose form has PartialDateFormMixin: no precision inputs on the page,
    and (for a ModelAdmin) a history that shows each date's changes as written."""

    def get_historical_record_context_helper(self, request, historical_record):
        return PartialDateHistoryHelper(self.model, historical_record)

    def get_fields(self, request, obj=None):
        hidden = precision_fields(self.model)
        return [field for field in super().get_fields(request, obj) if field not in hidden]
