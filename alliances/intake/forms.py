"""What a curator gives to take in a list, checked once for the admin, the API and the command alike."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Announcement, AnnouncementKind, ListCompleteness, Role
from ..services import REASON_MAX_LENGTH
from .plan import CREATE, DROP, IntakeRequest, date_check, start_check
from .write import source_new

PASSAGE_MAX_LENGTH = 20000
OTHER = "other"


class IntakeForm(forms.Form):
    """The source (chosen, or described to be created), the passage, and what every name of it shares."""

    announcement = forms.ModelChoiceField(
        Announcement.objects.all(),
        label=_("Source in the register"),
        required=False,
        help_text=_("Choose the announcement, or describe a new one below."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    source_url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")
    publisher = forms.CharField(label=_("Publisher"), max_length=255, required=False)
    date = forms.CharField(
        label=_("Date"), max_length=20, required=False, help_text=_("Year first: 2024, 2024-12 or 2024-12-11.")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AnnouncementKind.choices, initial=AnnouncementKind.NEWS_ARTICLE, required=False
    )
    language = forms.CharField(label=_("Language"), max_length=10, initial="en", required=False)
    passage = forms.CharField(
        label=_("Passage"),
        max_length=PASSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 100}),
        help_text=_(
            "The source's words that list the members, as printed: names separated by commas, “and”, "
            "semicolons, line breaks or bullets. English, Russian, French and Spanish names are read."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    start = forms.CharField(
        label=_("Start"),
        max_length=40,
        help_text=_(
            "Year first: 2024, 2024-12 or 2024-12-11; “by 2024-12-11” when the source says only that it had "
            "happened by then."
        ),
    )
    completeness = forms.ChoiceField(label=_("The source's list is"), choices=ListCompleteness.choices, required=False)
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Kept in the history of every record the intake writes."),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean_start(self):
        return _checked(start_check, self.cleaned_data["start"])

    def clean(self):
        data = super().clean()
        if data.get("announcement") is None and data.get("source_url"):
            # A source already in the register is chosen by its address, never entered twice.
            data["announcement"] = Announcement.objects.filter(source_url=data["source_url"]).first()
        if data.get("announcement") is None:
            if not data.get("title"):
                self.add_error("title", _("Choose a source in the register, or give the new source's title."))
            if not data.get("date"):
                self.add_error("date", _("Give the new source's date."))
            else:
                try:
                    date_check(data["date"])
                except ValueError as error:
                    self.add_error("date", str(error))
        return data

    def intake_request(self, alliance, choices=None):
        data = self.cleaned_data
        return IntakeRequest(
            alliance=alliance,
            announcement=data["announcement"],
            passage=data["passage"],
            role=data["role"],
            start=data["start"],
            completeness=data.get("completeness") or ListCompleteness.NOT_STATED,
            choices=choices or {},
        )

    def new_source(self):
        data = self.cleaned_data
        if data.get("announcement") is not None:
            return None
        return source_new(
            title=data["title"],
            source_url=data.get("source_url", ""),
            publisher=data.get("publisher", ""),
            date=data["date"],
            kind=data.get("kind") or AnnouncementKind.NEWS_ARTICLE,
            language=data.get("language") or "en",
        )


def _checked(check, text):
    try:
        check(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return text.strip()


def choice_read(choice, other="", country=""):
    """A row's choice as the plan reads it: "other" becomes the typed ISO code or slug, "create" takes its country."""
    choice = (choice or "").strip()
    if choice == OTHER:
        other = other.strip()
        if not other:
            return ""
        return f"country:{other.upper()}" if len(other) == 2 and other.isalpha() else f"organization:{other}"
    if choice == CREATE:
        return f"{CREATE}:{country.strip().upper()}" if country.strip() else CREATE
    return choice if choice in (DROP,) or choice.startswith(("country:", "organization:")) else ""


def choices_from(data):
    """{row index: choice} from a preview's rows (`choice-<i>`, `other-<i>`, `country-<i>`)."""
    choices = {}
    for key in data:
        if key.startswith("choice-") and key[7:].isdigit():
            index = int(key[7:])
            choice = choice_read(data.get(key), data.get(f"other-{index}", ""), data.get(f"country-{index}", ""))
            if choice:
                choices[index] = choice
    return choices
