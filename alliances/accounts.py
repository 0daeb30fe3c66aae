"""Staff accounts that resist attack: a second factor (TOTP with recovery codes) and an audited unlock.

Failed logins are counted and locked out by django-axes (settings: AXES_*, with the handler
below); the admin's login form (alliances.admin.site) asks for the code. This module holds the
rules both use.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import clients

logger = logging.getLogger(__name__)

RECOVERY_CODES = 10
TOTP_DIGITS = 6


def client_address(request):
    """The client's address, as the rate limits and the request log tell clients apart (config/clients.py)."""
    return clients.client_address(request)


class AccountAtAddressHandler(AxesDatabaseHandler):
    """Failed logins lock an account at one address, and an address that fails for many accounts.

    django-axes counts the account and the address together (AXES_LOCKOUT_PARAMETERS), so a
    stranger's wrong passwords lock the stranger's address out of that account, never its owner
    at hers. An address is also locked for every account once it has failed, within the
    cool-off, for as many different accounts as the failure limit: one guessing names.
    """

    def get_failures(self, request, credentials=None):
        at_this_address = super().get_failures(request, credentials)
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        accounts_tried = recent.values("username").distinct().count()
        return max(at_this_address, accounts_tried)


class IdleSessionMiddleware:
    """Each request of a logged-in person saves the session, so it expires SESSION_COOKIE_AGE after the last one.

    Anonymous requests are left alone: a visitor has no session to renew, and a stale or forged
    session cookie must not make the site write one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.session.modified = True
        return response


def second_factor_required(user):
    """Whether `user` must give a code to log in: superusers, accounts that have one, and (production) all staff."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or (user.is_staff and settings.SECOND_FACTOR_REQUIRED_FOR_STAFF):
        return True
    return user_has_device(user)


def second_factor_passed(request):
    """The request's session was logged in with a code, or its account needs none."""
    user = request.user
    return user.is_verified() or not second_factor_required(user)


@transaction.atomic
def second_factor_issue(*, user):
    """Give `user` a new second factor, replacing any other: (otpauth URI for an authenticator app, recovery codes).

    Each recovery code works once, in place of the app's code.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    app = TOTPDevice.objects.create(user=user, name="authenticator app", digits=TOTP_DIGITS, confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return app.config_url, codes


def second_factor_verify(*, user, code):
    """The device of `user` that accepts `code` (an app's 6 digits or a recovery code), or None.

    A recovery code is used up. Each device slows down repeated wrong codes (django-otp's throttling).
    """
    code = "".join(code.split()).lower()
    device_model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        for device in device_model.objects.devices_for_user(user).select_for_update():
            allowed, _detail = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                return device
    return None


@transaction.atomic
def account_unlock(*, attempts, by, reason):
    """Forget the failed logins `attempts` (django-axes AccessAttempt rows), so their account and address may log in.

    Each is recorded in the admin's log with who unlocked it and why, on the attempt and on the
    account it names, so the user's History page shows the unlock.
    """
    users = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=[a.username for a in attempts])
    }
    entries = []
    for attempt in attempts:
        message = f"Unlocked after {attempt.failures_since_start} failed logins from {attempt.ip_address}: {reason}"
        entries.append(_log_entry(by, attempt, DELETION, message))
        if attempt.username in users:
            entries.append(_log_entry(by, users[attempt.username], CHANGE, message))
        logger.warning("%s unlocked %r: %s", by.get_username(), attempt.username, message)
        attempt.delete()
    LogEntry.objects.bulk_create(entries)
    return len(attempts)


def _log_entry(user, obj, flag, message):
    return LogEntry(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=flag,
        change_message=message,
    )
