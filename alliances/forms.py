"""The forms of the alliance page: a day to look at, or a period to compare."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import LAST_ANSWERED_DAY, DateTextError, parse_span

DAY_HELP = _("Write 2024, 2024-12 or 2024-12-11. A year or a month means its last day.")
INVALID_DAY = _("Enter a real day in the form YYYY-MM-DD (e.g. 2024-12-11), or a month (2024-12) or a year (2024).")
FIRST_DAY_HELP = _("Write 2024, 2024-12 or 2024-12-11. A year or a month means its first day.")


class PartialDayField(forms.CharField):
    """A day typed as text: "2024-12-11", or "2024-12" or "2024" for the last (or first) day they cover.

    A text field, not the browser's date picker, whose format follows the browser's locale
    (mm/dd/yyyy) whatever the page says; the one parser of partial dates reads it (dates.py).
    """

    widget = forms.TextInput

    def __init__(self, *, end="last", **kwargs):
        self.end = end
        kwargs.setdefault("help_text", DAY_HELP if end == "last" else FIRST_DAY_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "maxlength": "40",
            "placeholder": "2024-12-11",
            "autocomplete": "off",
            "spellcheck": "false",
        }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            if len(text) > 40:
                raise DateTextError(text)
            written = parse_span(text).single
        except DateTextError:
            raise forms.ValidationError(INVALID_DAY, code="invalid") from None
        if written is None:
            raise forms.ValidationError(_("Write the day itself, without “by”: e.g. 2024-12-11."), code="invalid")
        day = written.last if self.end == "last" else written.first
        if day > LAST_ANSWERED_DAY:
            raise forms.ValidationError(
                _("The register answers days up to %(day)s.") % {"day": LAST_ANSWERED_DAY.isoformat()}, code="invalid"
            )
        return day


def day_field(label, end="last"):
    return PartialDayField(label=label, required=False, end=end)


class AsOfForm(forms.Form):
    as_of = day_field(_("Members on"))


class PeriodForm(forms.Form):
    # "from" is a Python keyword, so the field is declared through the class dict.
    locals()["from"] = day_field(_("From"), end="first")
    to = day_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(_("Give both days of the period, or neither."))
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts: swap the two days."))
        return cleaned
