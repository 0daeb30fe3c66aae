"""The forms of the alliance page: a day to look at, or a period to compare."""

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DAY = ["%Y-%m-%d"]
DAY_HELP = _("Format: YYYY-MM-DD, e.g. 2024-12-11.")


def day_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=ISO_DAY,
        help_text=DAY_HELP,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real day in the form YYYY-MM-DD, e.g. 2024-12-11.")},
    )


class AsOfForm(forms.Form):
    as_of = day_field(_("Members on"))


class PeriodForm(forms.Form):
    # "from" is a Python keyword, so the field is declared through the class dict.
    locals()["from"] = day_field(_("From"))
    to = day_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(_("Give both days of the period, or neither."))
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts: swap the two days."))
        return cleaned
