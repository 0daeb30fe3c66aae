"""A form made from a record that has changed since is refused, and shows what changed: no save is silently lost.

Each register form carries, hidden, the record's revision (alliances/revisions.py: its columns,
its many-to-many relations and the rows of the page's inlines) and the moment the page was made.
A save whose revision is no longer the record's is refused; the page comes back with what the
curator typed, what changed meanwhile (each field before and after, who changed it and why, and
the inline rows others touched) and the current revision, so saving it again is a decision made
knowing the changes.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

from ..revisions import revision
from ..translation import mirrored_fields
from .partial_dates import PartialDateHistoryHelper

LOADED_FIELD = "loaded_revision"


def loaded_stamp(current):
    """What a page carries: the revision it shows and when it was made."""
    return f"{current}@{timezone.now().isoformat()}"


class FreshFormMixin(forms.ModelForm):
    """Refuses a save made from a page of the record older than its last change (see the module)."""

    loaded_revision = forms.CharField(widget=forms.HiddenInput, required=False)
    # The rows edited on the same page (the admin's inlines): a change to one of them makes the page old too.
    revision_parts = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            current = revision(self._meta.model, self.instance.pk, parts=self.revision_parts)
            self.initial[LOADED_FIELD] = loaded_stamp(current)

    @cached_property
    def changed_data(self):
        # The revision says where the page came from, not a change of the record (the admin's log lists changes).
        return [name for name in super().changed_data if name != LOADED_FIELD]

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_if_stale(cleaned_data.get(LOADED_FIELD))
        return cleaned_data

    def refuse_if_stale(self, stamp):
        if self.instance.pk is None or not stamp:
            return  # a new record, or a form made without a page (a script): nothing to compare
        loaded, _sep, made = stamp.partition("@")
        # Locked until the save ends (the admin saves in one transaction): no write lands between.
        current = revision(self._meta.model, self.instance.pk, parts=self.revision_parts, lock=True)
        if current is None or current == loaded:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(LOADED_FIELD)] = loaded_stamp(current)
        raise ValidationError(
            format_html(
                "{} {}{}",
                _("This record was changed while you edited it, so your changes were not saved."),
                _(
                    "Below is what changed since you opened it; the form still holds what you typed. "
                    "Check it against these changes, then save again to keep yours."
                ),
                changes_html(self._meta.model, self.instance.pk, _moment(made), self.revision_parts),
            ),
            code="stale",
        )


def _moment(text):
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def changes_html(model, pk, since, parts):
    """A list of what changed in the record (and the rows named by `parts`) after `since`, from their history."""
    if since is None or not isinstance(getattr(model, "history", None), HistoryManager):
        return ""
    items = []
    versions = model.history.filter(id=pk)
    later = list(versions.filter(history_date__gt=since).select_related("history_user").order_by("history_date"))
    if later:
        loaded = versions.filter(history_date__lte=since).order_by("-history_date", "-history_id").first()
        rows = []
        if loaded is not None:
            excluded = mirrored_fields(model)
            delta = later[-1].diff_against(loaded, excluded_fields=excluded, foreign_keys_are_objs=True)
            rows = PartialDateHistoryHelper(model, later[-1]).context_for_delta_changes(delta)
        changes = format_html_join(
            "; ", "{}: “{}” → “{}”", ((row["field"], row["old"], row["new"]) for row in rows)
        ) or _("saved again")
        items.append(format_html("<li>{} ({})</li>", changes, _who(later)))
    for name in parts:
        relation = model._meta.get_field(name)
        related = relation.related_model
        if not isinstance(getattr(related, "history", None), HistoryManager):
            continue
        touched = (
            related.history.filter(**{f"{relation.field.name}_id": pk, "history_date__gt": since})
            .select_related("history_user")
            .order_by("history_date")
        )
        by_row = {}
        for version in touched:
            by_row.setdefault(version.id, []).append(version)
        for row_versions in by_row.values():
            last = row_versions[-1]
            what = {"+": _("added"), "~": _("changed"), "-": _("deleted")}[last.history_type]
            if row_versions[0].history_type == "+" and last.history_type != "-":
                what = _("added")
            label = capfirst(related._meta.verbose_name)
            items.append(format_html("<li>{} “{}”: {} ({})</li>", label, last.instance, what, _who(row_versions)))
    if not items:
        return ""
    return format_html('<ul class="changed-meanwhile">{}</ul>', format_html_join("", "{}", ((item,) for item in items)))


def _who(versions):
    """ "by maria at 14:02 (why: ...)" for the versions, newest last."""
    people = ", ".join(dict.fromkeys(str(v.history_user) if v.history_user else "—" for v in versions))
    last = versions[-1]
    when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M:%S")
    why = last.history_change_reason or "—"
    return _("by %(people)s, %(when)s; reason: %(why)s") % {"people": people, "when": when, "why": why}
