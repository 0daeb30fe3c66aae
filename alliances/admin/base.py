"""What every register admin shares: history with reasons and undo, readable conflicts instead of IntegrityErrors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect, QueryDict
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from ..conflicts import is_write_conflict
from ..services import REASON_MAX_LENGTH, history_begin, history_end, history_note, record_delete, sources_check
from .freshness import LOADED_FIELD
from .partial_dates import PartialDatesAdminMixin
from .reasons import REASON_FIELD, ReasonModelForm, reason_from
from .widgets import CheckedAutocompleteMixin

RESTORED = _("Restored an earlier version")


class RegisterAdmin(PartialDatesAdminMixin, CheckedAutocompleteMixin, SimpleHistoryAdmin):
    """History (who, when, why, which fields changed, restore any version) and conflict-safe saves.

    Dates are typed as curators write them ("2024-12", "by 2024-12-11": partial_dates).

    Every form has a "reason for this change" box (ReasonModelForm); a save and its inline rows
    are kept as one version each, with that reason. Deletion is one record at a time, with a reason.
    """

    form = ReasonModelForm
    # Shows each version's changed fields as a before/after table (simple-history's diff).
    object_history_list_template = "admin/alliances/object_history_list.html"
    delete_confirmation_template = "admin/alliances/delete_confirmation.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The services' last check (sources_check) refused what the form let through: nothing was saved.
            for message in error.messages:
                self.message_user(request, _("Nothing was saved: %(why)s") % {"why": message}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        except (IntegrityError, OperationalError) as error:
            if not is_write_conflict(error):
                raise
            # Validation runs first, so this happens only when another curator saved a
            # conflicting record between our validation and our write.
            self.message_user(
                request,
                _(
                    "Nothing was saved: another change made at the same moment conflicts with this one "
                    "(for example an overlapping membership). Reload, check the record, and try again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The restore page of one earlier version: saving it brings that version back."""
        request._history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request, obj=None):
        # The reason and the page's revision are the form's own fields, after the inline rows
        # (templates/admin/change_form.html).
        own = {REASON_FIELD, LOADED_FIELD}
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field not in own]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def revision_parts(self):
        """The relations whose rows this page edits (its inlines): a change to one of them makes an open page old."""
        return tuple(
            _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name).remote_field.name
            for inline in self.inlines
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.revision_parts = self.revision_parts()
        version_id = getattr(request, "_history_version_id", None)
        if version_id is None:
            return form
        restored = {REASON_FIELD: str(RESTORED)}
        m2m_fields = getattr(self.model.history.model, "_history_m2m_fields", [])
        if m2m_fields:
            # simple-history rebuilds the old version's own fields, but the form would read its
            # many-to-many relations as they are today: take them from the version instead.
            version = self.model.history.get(history_id=version_id)
            for field in m2m_fields:
                reverse_name = get_m2m_reverse_field_name(field)
                restored[field.name] = [
                    getattr(row, f"{reverse_name}_id") for row in getattr(version, field.name).all()
                ]

        class RestoringForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(restored)

        return RestoringForm

    def get_actions(self, request):
        # A deletion gives its reason on its own confirmation page: one record at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        history_begin(obj, reason=form.cleaned_data.get(REASON_FIELD), user=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            history_note(inline_form.instance, reason=form.cleaned_data.get(REASON_FIELD), user=request.user)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The many-to-many fields saved after the record would each add a version: one save, one version.
        history_end(form.instance)
        sources_check(form.instance)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and not reason_from(request.POST):
            # Shown again, asking for the reason, instead of deleting.
            request.POST = QueryDict()
            extra_context = {**(extra_context or {}), "reason_error": _("Say why this is deleted.")}
        extra_context = {"reason_max_length": REASON_MAX_LENGTH, **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        record_delete(record=obj, reason=reason_from(request.POST), user=request.user)
