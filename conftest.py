import pytest

from alliances.roles import curator_create


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


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
