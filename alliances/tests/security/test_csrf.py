"""Writes made with a browser session need the CSRF token; writes made with an API token do not."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from alliances.models import Organization

from ..factories import OrganizationFactory
from .conftest import payload

pytestmark = pytest.mark.django_db

NEW_ORGANIZATION = {"slug": "new-org", "name": "New Org", "kind": "company", "country": "br"}


@pytest.fixture
def browser(curator):
    """A logged-in curator's browser that, like a real one, is held to the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    return client


def _token(client, url):
    client.get(url)
    return client.cookies["csrftoken"].value


def test_an_admin_save_without_the_csrf_token_is_refused(browser):
    organization = OrganizationFactory(name="Kept")
    url = reverse("admin:alliances_organization_change", args=[organization.pk])
    response = browser.post(url, {"slug": organization.slug, "name": payload("name"), "kind": "company"})
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Kept"


def test_an_admin_bulk_action_without_the_csrf_token_is_refused(browser):
    organization = OrganizationFactory()
    response = browser.post(
        reverse("admin:alliances_organization_changelist"),
        {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_an_admin_import_without_the_csrf_token_is_refused(browser):
    response = browser.post(reverse("admin:alliances_organization_import"), {"format": 0})
    assert response.status_code == 403


def test_the_admin_login_without_the_csrf_token_is_refused(curator):
    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "curator", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 403


def test_an_admin_save_with_the_csrf_token_goes_through(browser):
    organization = OrganizationFactory(name="Old")
    url = reverse("admin:alliances_organization_change", args=[organization.pk])
    data = {
        "csrfmiddlewaretoken": _token(browser, url),
        "slug": organization.slug,
        "name": "Renamed",
        "kind": "company",
        "country": "BR",
        "other_names-TOTAL_FORMS": 0,
        "other_names-INITIAL_FORMS": 0,
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = browser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organization.refresh_from_db()
    assert organization.name == "Renamed"


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_an_api_write_by_session_without_the_csrf_token_is_refused(browser, method):
    organization = OrganizationFactory(slug="kept", name="Kept")
    url = "/api/v1/organizations/" if method == "post" else "/api/v1/organizations/kept/"
    response = getattr(browser, method)(url, NEW_ORGANIZATION, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert list(Organization.objects.values_list("slug", "name")) == [("kept", "Kept")]
    assert organization.history.count() == 1


def test_an_api_write_by_session_with_the_csrf_token_goes_through(browser):
    token = _token(browser, reverse("admin:index"))
    response = browser.post(
        "/api/v1/organizations/", NEW_ORGANIZATION, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.filter(slug="new-org").exists()


def test_an_api_write_by_token_needs_no_csrf_token(curator):
    client = Client(enforce_csrf_checks=True)
    key = Token.objects.create(user=curator).key
    response = client.post(
        "/api/v1/organizations/", NEW_ORGANIZATION, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.filter(slug="new-org").exists()
