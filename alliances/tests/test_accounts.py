"""Staff accounts that resist attack: a second factor, lockout of failed logins, an audited unlock, idle sessions."""

import datetime
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alliances.accounts import second_factor_issue
from alliances.models import Status

from .factories import AnnouncementFactory
from .test_production import production_environment, run_python

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"
LOGIN = reverse("admin:login")
ADMIN = reverse("admin:index")


def _code(user):
    device = TOTPDevice.objects.get(user=user)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"  # an app shows the leading zeros


def _log_in(client, username, password=PASSWORD, code="", address="192.0.2.1"):
    data = {"username": username, "password": password, "otp_token": code, "next": ADMIN}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def _errors(response):
    return " ".join(response.context["form"].non_field_errors()) if response.context else ""


@pytest.fixture
def curator_with_second_factor(curator):
    uri, codes = second_factor_issue(user=curator)
    curator.recovery_codes = codes
    return curator


def test_a_right_password_alone_does_not_reach_the_admin_for_an_account_with_a_second_factor(
    client, curator_with_second_factor
):
    response = _log_in(client, "curator")
    assert response.status_code == 200
    assert "Enter the code your authenticator app shows" in _errors(response)
    assert client.get(ADMIN).status_code == 302  # still at the login page

    wrong = "000000" if _code(curator_with_second_factor) != "000000" else "111111"
    response = _log_in(client, "curator", code=wrong)
    assert "That code is not right" in _errors(response)
    assert client.get(ADMIN).status_code == 302


def test_the_password_and_the_apps_code_reach_the_admin(client, curator_with_second_factor):
    response = _log_in(client, "curator", code=_code(curator_with_second_factor))
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert "Memberships" in client.get(ADMIN).content.decode()


def test_a_recovery_code_logs_in_once(client, curator_with_second_factor):
    code = curator_with_second_factor.recovery_codes[0]
    assert _log_in(client, "curator", code=code.upper()).status_code == 302
    assert not StaticToken.objects.filter(token=code).exists()
    other = Client()
    assert "That code is not right" in _errors(_log_in(other, "curator", code=code))


def test_a_curator_without_a_second_factor_logs_in_with_the_password_outside_production(client, curator):
    assert _log_in(client, "curator").status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_when_staff_must_have_a_second_factor_a_curator_without_one_is_told_how_to_get_one(client, curator, settings):
    settings.SECOND_FACTOR_REQUIRED_FOR_STAFF = True
    response = _log_in(client, "curator")
    assert "manage.py second_factor --username curator" in _errors(response)
    assert client.get(ADMIN).status_code == 302


def test_a_superuser_always_needs_a_second_factor(client, superuser):
    assert "must log in with a second factor" in _errors(_log_in(client, "admin"))
    # A session without one (made some other way) does not reach the admin either.
    client.force_login(superuser)
    assert client.get(ADMIN).status_code == 302
    assert client.get(reverse("curator-activity-mine")).status_code == 302

    second_factor_issue(user=superuser)
    assert _log_in(Client(), "admin", code=_code(superuser)).status_code == 302


def test_failed_logins_lock_the_account_at_that_address_with_a_clear_message_even_for_the_right_password(
    client, curator, settings
):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "curator", password=f"wrong-{attempt}").status_code == 200
    locked = _log_in(client, "curator", password="wrong-last")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "There were 5 failed logins for this account from this address, or from this address for 5 accounts." in text
    assert "Try again in 15 minutes, or ask an administrator to unlock the account." in text
    assert _log_in(Client(), "curator").status_code == 429


def test_a_stranger_failing_at_an_account_does_not_lock_its_owner_out_at_her_own_address(client, curator, settings):
    stranger = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT + 3):
        _log_in(stranger, "curator", password=f"wrong-{attempt}", address="203.0.113.66")
    assert _log_in(stranger, "curator", address="203.0.113.66").status_code == 429
    # The curator, at her own address, logs in with her password.
    assert _log_in(client, "curator", address="192.0.2.1").status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_failed_logins_from_one_address_lock_that_address_for_every_account(client, curator, django_user_model):
    for index in range(5):
        _log_in(client, f"guess-{index}", password="wrong")
    assert _log_in(client, "curator").status_code == 429
    assert _log_in(Client(), "curator", address="198.51.100.7").status_code == 302


def test_a_mistyped_password_does_not_lock_the_address_for_other_accounts(client, curator, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    for _attempt in range(5):
        _log_in(Client(), "curator", password="wrong")
    # A colleague behind the same address is not locked out by one account's failures.
    assert _log_in(client, "colleague").status_code == 302


def test_wrong_codes_count_as_failed_logins(client, curator_with_second_factor):
    for _attempt in range(5):
        response = _log_in(client, "curator", code="abcdefgh")
    assert response.status_code == 429
    assert _log_in(Client(), "curator", code=_code(curator_with_second_factor)).status_code == 429
    assert (
        _log_in(Client(), "curator", code=_code(curator_with_second_factor), address="198.51.100.7").status_code == 302
    )


@pytest.mark.parametrize("next_address", ["https://evil.example/", "//evil.example/admin/", "/no/such/page/"])
def test_a_login_with_an_unsafe_or_missing_next_lands_on_the_admin(client, curator, next_address):
    data = {"username": "curator", "password": PASSWORD, "otp_token": "", "next": next_address}
    response = client.post(LOGIN, data)
    assert response.status_code == 302
    if next_address.startswith("/no/"):
        assert response["Location"] == next_address  # a page of this site: where the curator was going
    else:
        assert response["Location"] == ADMIN
        assert client.get(response["Location"]).status_code == 200


def test_a_login_without_next_lands_on_the_admin(client, curator):
    response = client.post(LOGIN, {"username": "curator", "password": PASSWORD, "otp_token": ""})
    assert response.status_code == 302 and response["Location"] == ADMIN


def test_an_unlock_needs_a_reason_and_is_kept_in_the_log_of_the_account(client, curator, superuser_client, superuser):
    for _attempt in range(5):
        _log_in(Client(), "curator", password="wrong")
    attempt = AccessAttempt.objects.get(username="curator")
    url = reverse("admin:axes_accessattempt_changelist")
    action = {"action": "unlock", "_selected_action": [attempt.pk]}

    response = superuser_client.post(url, action, follow=True)
    assert "write the reason for the unlock" in response.content.decode()
    assert AccessAttempt.objects.exists()

    superuser_client.post(url, {**action, "change_reason": "Phoned her: she mistyped"}, follow=True)
    assert not AccessAttempt.objects.exists()
    entry = LogEntry.objects.get(object_id=str(curator.pk), content_type__model="user")
    assert entry.user == superuser
    assert entry.change_message == "Unlocked after 5 failed logins from 192.0.2.1: Phoned her: she mistyped"
    assert _log_in(Client(), "curator").status_code == 302
    history = superuser_client.get(reverse("admin:auth_user_history", args=[curator.pk])).content.decode()
    assert "Phoned her: she mistyped" in history


def test_an_attempt_cannot_be_deleted_without_the_unlock_action(superuser_client):
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.9", user_agent="", failures_since_start=5)
    attempt = AccessAttempt.objects.get()
    assert superuser_client.get(reverse("admin:axes_accessattempt_delete", args=[attempt.pk])).status_code == 403


def test_a_session_ends_after_the_idle_limit_and_each_request_starts_it_anew(curator_client, settings):
    assert curator_client.get(ADMIN).status_code == 200
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert abs(left.total_seconds() - settings.SESSION_COOKIE_AGE) < 60

    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=30))
    assert curator_client.get(ADMIN).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60
    )

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert curator_client.get(ADMIN).status_code == 302


def test_production_asks_every_staff_account_for_a_second_factor_and_ends_idle_sessions_after_30_minutes(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.SECOND_FACTOR_REQUIRED_FOR_STAFF, settings.SESSION_COOKIE_AGE]))"
    )
    result = run_python(code, production_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, 30 * 60]
    result = run_python(code, production_environment(tmp_path, SESSION_IDLE_MINUTES="10"))
    assert json.loads(result.stdout) == [True, 10 * 60]


def test_view_on_site_needs_the_view_permission_of_the_model(client, curator_client, django_user_model):
    draft = AnnouncementFactory(status=Status.DRAFT)
    url = reverse("admin:view_on_site", args=[_content_type_id(draft), draft.pk])
    assert curator_client.get(url).status_code == 302

    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    other = Client()
    other.force_login(staff)
    response = other.get(url)
    assert response.status_code == 403
    assert draft.slug not in response.content.decode() and draft.slug not in response.get("Location", "")


def _content_type_id(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_create_curator_sets_up_the_second_factor_and_prints_it(monkeypatch, django_user_model, capsys):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "a-long-enough-passphrase")
    call_command("create_curator", "--username", "maria", "--no-input")
    output = capsys.readouterr().out
    user = django_user_model.objects.get(username="maria")
    uri = re.search(r"otpauth://totp/\S+", output).group()
    assert "issuer=Alliance%20Tracker" in uri and "maria" in uri
    codes = re.findall(r"^  ([a-z2-7]{8})$", output, re.M)
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)

    call_command("create_curator", "--username", "maria", "--no-input")
    assert "keeps its second factor" in capsys.readouterr().out
    call_command("create_curator", "--username", "maria", "--no-input", "--new-second-factor")
    assert re.search(r"otpauth://totp/\S+", capsys.readouterr().out).group() != uri
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_second_factor_sets_one_up_for_a_superuser(superuser, capsys):
    call_command("second_factor", "--username", "admin")
    assert "otpauth://totp/" in capsys.readouterr().out
    assert _log_in(Client(), "admin", code=_code(superuser)).status_code == 302


def test_the_admin_speaks_the_curators_language(client):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Код" in page and "Войти" in page and "Трекер альянсов" in page
    assert "Code" in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_create_curator_draws_the_second_factors_address_as_a_qr_code_in_the_terminal(monkeypatch, capsys):
    import segno

    from alliances.management.commands.create_curator import qr_code_text

    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "a-long-enough-passphrase")
    call_command("create_curator", "--username", "olga", "--no-input")
    output = capsys.readouterr().out
    uri = re.search(r"otpauth://totp/\S+", output).group()
    qr = qr_code_text(uri)
    assert qr in output
    assert output.index(qr) < output.index(uri)  # the code to scan first, the address to paste below it
    # The drawing is the QR code of that very address, two rows of modules a line, with its quiet zone.
    symbol = segno.make(uri, error="m")
    assert len(qr.splitlines()) == (symbol.symbol_size()[1] + 1) // 2
    assert set("".join(qr.split())) <= set("█▀▄ ")
