import pytest


@pytest.fixture
def curator(django_user_model):
    """A staff superuser; the Curators group of the workflow issue narrows this later."""
    return django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-for-tests-only")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
