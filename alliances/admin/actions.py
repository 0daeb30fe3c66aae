"""Publish and unpublish in bulk: a confirmation page that says what will happen, then a message that says what did."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Status
from ..services import records_set_status, status_change_plan


def _status_action(modeladmin, request, queryset, *, status, action_name, title, reason):
    if request.POST.get("post") == "yes":
        result = records_set_status(records=queryset, status=status, reason=reason)
        _report(modeladmin, request, result)
        return None  # back to the change list
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "plan": status_change_plan(records=queryset, status=status),
        "queryset": queryset,
        "action_name": action_name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(request, "admin/alliances/confirm_status_change.html", context)


def _report(modeladmin, request, result):
    counts = {"changed": len(result.changed), "unchanged": len(result.unchanged), "refused": len(result.refused)}
    summary = _("%(changed)d changed, %(unchanged)d already had this status, %(refused)d refused.") % counts
    modeladmin.message_user(request, summary, messages.WARNING if result.refused else messages.SUCCESS)
    for record, reasons in result.refused:
        modeladmin.message_user(
            request,
            _("Refused: %(record)s. %(reasons)s") % {"record": record, "reasons": " ".join(map(str, reasons))},
            messages.ERROR,
        )


def _status_action_for(status, *, name, description, title, reason):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        return _status_action(
            modeladmin, request, queryset, status=status, action_name=name, title=title, reason=reason
        )

    action.__name__ = name
    return action


publish = _status_action_for(
    Status.PUBLISHED,
    name="publish",
    description=gettext_lazy("Publish selected %(verbose_name_plural)s"),
    title=gettext_lazy("Publish these records?"),
    reason=gettext_lazy("Published (bulk action)"),
)
unpublish = _status_action_for(
    Status.DRAFT,
    name="unpublish",
    description=gettext_lazy("Unpublish selected %(verbose_name_plural)s (back to draft)"),
    title=gettext_lazy("Set these records back to draft?"),
    reason=gettext_lazy("Unpublished (bulk action)"),
)
