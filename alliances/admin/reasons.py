"""Every change explained: the "reason for this change" box of each admin form, and refusals that name their records.

A reason is required where a change takes something from the public: unpublishing a record,
deleting one (here, in a delete confirmation, or as an inline row ticked "Delete").
"""

import re

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..services import REASON_MAX_LENGTH, DraftSources, publication_refusals, reason_needed, write_refusals
from .freshness import FreshFormMixin
from .partial_dates import PartialDateFormMixin

REASON_FIELD = "change_reason"
INLINE_DELETE = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-DELETE$")


def reason_field(**kwargs):
    return forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Kept in the record's history. Required to unpublish or delete."),
        **kwargs,
    )


def reason_from(data):
    return (data.get(REASON_FIELD) or "").strip()[:REASON_MAX_LENGTH]


class ReasonActionForm(ActionForm):
    """The change list's action bar with a "reason" box beside the menu."""

    change_reason = reason_field()


class ReasonModelForm(FreshFormMixin, PartialDateFormMixin, forms.ModelForm):
    """A register record's admin form: its fields (dates as written), why the curator changes them, and the
    revision it was made from (a save from a page older than the record's last change is refused: freshness)."""

    change_reason = reason_field()

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get(REASON_FIELD) and self._takes_from_the_public():
            self.add_error(
                REASON_FIELD,
                _("Say why: a reason is required to unpublish a record or to delete one of its rows."),
            )
        return cleaned_data

    def _post_clean(self):
        # The record as the form would save it: an announcement back to draft, a citation changed, that would
        # leave a published membership without a published source is refused on the field (services).
        super()._post_clean()
        if not self.errors:
            for field, messages in write_refusals(self.instance).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)

    def _takes_from_the_public(self):
        if self.instance.pk and "status" in self.fields and "status" in self.cleaned_data:
            # As it is now, not as the form began: restoring an earlier version starts from that version.
            was = type(self.instance).objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
            if reason_needed(was=was, now=self.cleaned_data["status"]):
                return True
        return bool(inline_rows_deleted(self.data))


def inline_rows_deleted(data):
    """Existing rows of the page's inlines that are ticked "Delete" (new rows ticked so are only dropped)."""
    deleted = []
    for key, value in data.items():
        match = INLINE_DELETE.match(key)
        if not match or not value or value == "false":
            continue
        prefix, index = match["prefix"], int(match["index"])
        try:
            existing = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
        except ValueError:
            existing = 0
        if index < existing:
            deleted.append(key)
    return deleted


def refusal_html(refusal):
    """A refusal as the admin shows it: draft sources named with links to their pages."""
    if isinstance(refusal, DraftSources):
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:alliances_announcement_change", args=[announcement.pk]), announcement.title)
                for announcement in refusal.announcements
            ),
        )
        return format_html(
            "{} {}. {}", _("The announcements it cites are drafts:"), links, _("Publish one of them first.")
        )
    return refusal


def publication_errors_html(status, sources):
    """Why a membership with these sources may not have this status, with links to its draft sources."""
    return [refusal_html(refusal) for refusal in publication_refusals(status=status, sources=sources)]
