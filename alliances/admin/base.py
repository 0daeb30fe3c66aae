"""What every register admin shares: history with undo, and a readable message instead of a raw IntegrityError."""

from django.contrib import messages
from django.db import IntegrityError, OperationalError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from ..conflicts import is_write_conflict
from .widgets import CheckedAutocompleteMixin


class RegisterAdmin(CheckedAutocompleteMixin, SimpleHistoryAdmin):
    """History (who, when, which fields changed, restore any version) and conflict-safe saves."""

    # Shows each version's changed fields as a before/after table (simple-history's diff).
    object_history_list_template = "admin/alliances/object_history_list.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
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

    def history_view(self, request, object_id, extra_context=None):
        # "Changed by" leads to that person's activity across the register, not to the user admin.
        extra_context = {"admin_user_view": "curator-activity", **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The restore page of one earlier version: saving it brings that version back."""
        request._history_version_id = version_id
        if request.method == "POST":
            request._history_change_reason = _("Restored an earlier version")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version_id = getattr(request, "_history_version_id", None)
        m2m_fields = getattr(self.model.history.model, "_history_m2m_fields", [])
        if version_id is None or not m2m_fields:
            return form
        # simple-history rebuilds the old version's own fields, but the form would read its
        # many-to-many relations as they are today: take them from the version instead.
        version = self.model.history.get(history_id=version_id)
        restored = {
            field.name: [
                getattr(row, f"{get_m2m_reverse_field_name(field)}_id") for row in getattr(version, field.name).all()
            ]
            for field in m2m_fields
        }

        class RestoringForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(restored)

        return RestoringForm

    def save_model(self, request, obj, form, change):
        reason = getattr(request, "_history_change_reason", None)
        if reason:
            obj._change_reason = str(reason)
        super().save_model(request, obj, form, change)
