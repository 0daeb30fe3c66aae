"""Publish and unpublish in bulk: a confirmation page that says what will happen, then a message that says what did.

The confirmation page asks why; unpublishing (taking records from the public) must say so.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Status
from ..services import REASON_MAX_LENGTH, reason_needed, records_set_status, status_change_plan
from .reasons import reason_from, refusal_html


def _status_action(modeladmin, request, queryset, *, status, action_name, title, reason):
    typed = reason_from(request.POST)
    required = reason_needed(was=Status.PUBLISHED, now=status)
    confirmed = request.POST.get("post") == "yes"
    if confirmed and (typed or not required):
        result = records_set_status(records=queryset, status=status, reason=typed or reason, user=request.user)
        _report(modeladmin, request, result)
        return None  # back to the change list
    plan = status_change_plan(records=queryset, status=status)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "plan": plan,
        "refused": [(record, _refusals_html(reasons)) for record, reasons in plan.refused],
        "queryset": queryset,
        "action_name": action_name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
        "reason": typed,
        "reason_required": required,
        "reason_error": _("Say why these records go back to draft.") if confirmed else "",
        "reason_max_length": REASON_MAX_LENGTH,
    }
    return TemplateResponse(request, "admin/alliances/confirm_status_change.html", context)


def _refusals_html(reasons):
    return format_html_join(" ", "{}", ((refusal_html(reason),) for reason in reasons))


def _report(modeladmin, request, result):
    counts = {"changed": len(result.changed), "unchanged": len(result.unchanged), "refused": len(result.refused)}
    summary = _("%(changed)d changed, %(unchanged)d already had this status, %(refused)d refused.") % counts
    modeladmin.message_user(request, summary, messages.WARNING if result.refused else messages.SUCCESS)
    for record, reasons in result.refused:
        refused = _("Refused: %(record)s.") % {"record": record}
        modeladmin.message_user(request, format_html("{} {}", refused, _refusals_html(reasons)), messages.ERROR)


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
