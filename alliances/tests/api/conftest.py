import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def curator_api(curator):
    return _token_client(curator)


@pytest.fixture
def admin_api(superuser):
    """A superuser: the only role that may delete alliances, organizations, memberships, announcements."""
    return _token_client(superuser)


def _token_client(user):
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def reader_api(django_user_model):
    """A logged-in account without any model permission."""
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw-for-tests-only")
    return _token_client(user)


@pytest.fixture
def viewer_api(django_user_model):
    """A logged-in account that may view memberships and announcements (drafts included), not change them."""
    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "pw-for-tests-only")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_membership", "view_announcement"]),
    )
    # A token, as real clients authenticate: the shared cache tells readers apart by their headers.
    return _token_client(user)
