import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alliances.caching import store
from alliances.roles import curator_create


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty shared cache (no kept page, response, count or limit), its breaker closed."""
    store.clear()
    yield
    store.clear()


@pytest.fixture(autouse=True)
def english_after_each_request():
    """After a request the test goes on in English, as a new request outside /ru/ would.

    LocaleMiddleware leaves the last request's language active in the thread; after a /ru/
    page, a factory's `name=` would otherwise write the Russian text (django-modeltranslation
    writes the active language's version).
    """

    def reset(**kwargs):
        translation.activate(settings.LANGUAGE_CODE)

    request_finished.connect(reset, dispatch_uid="tests-english-after-each-request")
    yield
    request_finished.disconnect(dispatch_uid="tests-english-after-each-request")
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def curator(db):
    """A curator as `make curator` makes one: staff, in the Curators group, nothing more."""
    user, _ = curator_create(username="curator", email="curator@example.org", password="pw-for-tests-only")
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-only")


def login_with_second_factor(client, user):
    """Log `client` in as `user` as the admin's login does with a right code: the session is verified."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="authenticator app", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_login():
    """login_with_second_factor(client, user), for a test that logs in several kinds of account."""
    return login_with_second_factor


@pytest.fixture
def superuser_client(client, superuser):
    """A superuser logged in with their second factor (the admin asks every superuser for one)."""
    return login_with_second_factor(client, superuser)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected as production collects them (hashed names), once per test session.

    Production pages name their static files through the manifest, so a subprocess running
    the production settings needs STATIC_ROOT pointed here.
    """
    root = tmp_path_factory.mktemp("staticfiles")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "collectstatic-only-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{root / 'unused.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6399/0",
        "STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=Path(__file__).resolve().parent,
        env=environment,
        check=True,
        timeout=300,
    )
    return root
