"""Locked-out logins (django-axes' AccessAttempt): unlocked only by an action that records who and why."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..accounts import account_unlock
from .reasons import ReasonActionForm, reason_from

# django-axes registers its own admin for AccessAttempt, which unlocks by deleting without a word.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    action_form = ReasonActionForm
    actions = ["unlock"]

    def has_delete_permission(self, request, obj=None):
        # Deleting an attempt unlocks it: only through the action, which records why.
        return False

    @admin.action(description=_("Unlock: forget these failed logins (write the reason beside)"))
    def unlock(self, request, queryset):
        reason = reason_from(request.POST)
        if not reason:
            self.message_user(request, _("Nothing was unlocked: write the reason for the unlock."), messages.ERROR)
            return
        count = account_unlock(attempts=list(queryset), by=request.user, reason=reason)
        self.message_user(request, _("Unlocked %(count)d. The unlock is kept in the admin's log.") % {"count": count})
