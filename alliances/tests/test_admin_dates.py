"""Dates in the admin as curators write them: "2024", "2024-12", "2024-12-11", "by 2024-12-11"."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from alliances.admin.partial_dates import PartialDateField
from alliances.dates import partial_date_fields
from alliances.models import Alliance, Announcement, Membership, MembershipSource, ReportedSize

from .admin_forms import form_data, membership_form
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _new_membership(**values):
    return membership_form(alliance=AllianceFactory(), organization=OrganizationFactory(), **values)


def _field_errors(response, name):
    return [str(error) for error in response.context["adminform"].form.errors.get(name, [])]


def _input_value(response, name):
    """The value a text box shows ("" when it has none), or None when the page has no such box."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.content.decode())
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group())
    return value.group(1) if value else ""


@pytest.mark.parametrize(
    ("written", "stored", "shown"),
    [
        ("by 2024-12-11", (datetime.date(2024, 12, 11), "day", "by"), "by 11 December 2024"),
        ("2024-12", (datetime.date(2024, 12, 1), "month", "on"), "since December 2024"),
        ("2024", (datetime.date(2024, 1, 1), "year", "on"), "since 2024"),
        (" 2024-12-11 ", (datetime.date(2024, 12, 11), "day", "on"), "since 11 December 2024"),
    ],
)
def test_a_start_is_saved_at_the_precision_and_bound_it_was_written_with(curator_client, written, stored, shown):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start_date=written))
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.start_date, membership.start_precision, membership.start_bound) == stored
    assert membership.period_display == shown


@pytest.mark.parametrize("written", ["11/12/2024", "31/12/2024", "11.12.2024", "by 11/12/2024"])
def test_day_first_or_month_first_dates_are_refused_with_the_form_to_write(curator_client, written):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start_date=written))
    assert response.status_code == 200
    assert _field_errors(response, "start_date") == [
        f"'{written}' could be read day-first or month-first: write the year first, "
        "as 2024-12-11 (year-month-day), 2024-12 or 2024."
    ]
    assert _input_value(response, "start_date") == written  # kept as typed, to correct
    assert not Membership.objects.exists()


def test_the_refusal_is_in_russian_for_a_russian_curator(curator_client):
    response = curator_client.post(
        reverse("admin:alliances_membership_add"), _new_membership(start_date="11.12.2024"), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "можно прочесть и как день-месяц, и как месяц-день" in _field_errors(response, "start_date")[0]


def test_a_date_without_a_bound_field_cannot_be_written_as_a_bound(curator_client):
    alliance = AllianceFactory()
    page = curator_client.get(reverse("admin:alliances_alliance_change", args=[alliance.pk]))
    url = reverse("admin:alliances_alliance_change", args=[alliance.pk])
    response = curator_client.post(url, form_data(page, founded_date="by 2020-06-15"))
    assert response.status_code == 200
    assert _field_errors(response, "founded_date") == [
        "'by 2020-06-15': this date cannot be a bound; write the date itself."
    ]


def test_a_stored_date_is_shown_back_as_it_was_written(curator_client):
    membership = MembershipFactory(
        start_date=datetime.date(2024, 12, 1),
        start_precision="month",
        start_bound="by",
        end_date=datetime.date(2025, 1, 1),
        end_precision="year",
        end_reason="withdrew",
    )
    response = curator_client.get(reverse("admin:alliances_membership_change", args=[membership.pk]))
    assert _input_value(response, "start_date") == "by 2024-12"
    assert _input_value(response, "end_date") == "2025"
    for hidden in ("start_precision", "start_bound", "end_precision", "end_bound"):
        assert f'name="{hidden}"' not in response.content.decode()


def test_saving_a_date_unchanged_records_no_change_of_it(curator_client):
    membership = MembershipFactory(start_date=datetime.date(2024, 1, 1), start_precision="year")
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), notes="Checked"))
    assert response.status_code == 302
    assert LogEntry.objects.get().get_change_message() == "Changed Notes."
    membership.refresh_from_db()
    assert (membership.start_date, membership.start_precision) == (datetime.date(2024, 1, 1), "year")


def test_clearing_an_end_clears_its_precision_and_bound(curator_client):
    membership = MembershipFactory(end_date=datetime.date(2025, 1, 1), end_precision="year", end_bound="by")
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), end_date=""))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.end_date, membership.end_precision, membership.end_bound) == (None, "", "")


def test_an_announcement_gets_its_date_and_published_date_as_written(curator_client):
    announcement = AnnouncementFactory(published_date=None, published_precision="")
    url = reverse("admin:alliances_announcement_change", args=[announcement.pk])
    page = curator_client.get(url)
    assert _input_value(page, "published_date") == ""
    response = curator_client.post(url, form_data(page, date="2024-12", published_date="2024-12-12"))
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert (announcement.date_display, announcement.published_display) == ("December 2024", "12 December 2024")
    assert (announcement.date_precision, announcement.published_precision) == ("month", "day")

    response = curator_client.post(url, form_data(curator_client.get(url), published_date=""))
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert (announcement.published_date, announcement.published_precision) == (None, "")


def test_an_alliance_page_takes_its_completeness_and_reported_sizes(curator_client):
    alliance, source = AllianceFactory(), AnnouncementFactory()
    url = reverse("admin:alliances_alliance_change", args=[alliance.pk])
    page = curator_client.get(url)
    assert 'name="members_list_complete"' in page.content.decode()
    data = form_data(
        page,
        members_list_complete="on",
        **{
            "reported_sizes-TOTAL_FORMS": "1",
            "reported_sizes-0-as_of": "by 2024-12-11",
            "reported_sizes-0-members": "28",
            "reported_sizes-0-countries": "21",
            "reported_sizes-0-source": source.pk,
            "reported_sizes-0-quotation": "28 organisations from 21 countries",
        },
    )
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    alliance.refresh_from_db()
    assert alliance.members_list_complete
    size = ReportedSize.objects.get()
    assert (size.as_of_display, size.size_display, size.quotation) == (
        "by 11 December 2024",
        "28 members in 21 countries",
        "28 organisations from 21 countries",
    )
    page = curator_client.get(url)
    assert _input_value(page, "reported_sizes-0-as_of") == "by 2024-12-11"


def test_a_citation_keeps_its_stance_and_quotation(curator_client):
    membership = MembershipFactory()
    disputing = AnnouncementFactory(title=f"Denial by {membership.organization.name}")
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    page = curator_client.get(url)
    assert 'name="citations-0-stance"' in page.content.decode()
    data = form_data(
        page,
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-1-announcement": disputing.pk,
            "citations-1-stance": "disputes",
            "citations-1-quotation": "We never joined.",
        },
    )
    assert curator_client.post(url, data).status_code == 302
    citation = MembershipSource.objects.get(announcement=disputing)
    assert (citation.stance, citation.quotation) == ("disputes", "We never joined.")


def test_every_date_in_the_admin_is_written_as_curators_write_it(curator):
    """Each model admin and inline form: its dates are partial-date boxes, and no precision or bound input is left."""
    request = RequestFactory().get("/admin/")
    request.user = curator
    forms = []
    for model, model_admin in admin.site._registry.items():
        forms.append((model, model_admin.get_form(request)()))
        for inline in model_admin.get_inline_instances(request):
            forms.append((inline.model, inline.get_formset(request)().empty_form))
    checked = set()
    for model, form in forms:
        for parts in partial_date_fields(model):
            if parts.date in form.fields:
                assert isinstance(form.fields[parts.date], PartialDateField), (model, parts.date)
                checked.add((model.__name__, parts.date))
            assert parts.precision not in form.fields
            assert parts.bound not in form.fields
    assert {
        ("Alliance", "founded_date"),
        ("Alliance", "dissolved_date"),
        ("Announcement", "date"),
        ("Announcement", "published_date"),
        ("Membership", "start_date"),
        ("Membership", "end_date"),
        ("ReportedSize", "as_of"),
    } <= checked
    assert {model for model, _ in forms} >= {Alliance, Announcement, Membership, ReportedSize}


def test_a_change_of_date_is_one_change_as_written_in_the_history_and_the_activity(curator_client):
    membership = MembershipFactory()
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(
        url, form_data(curator_client.get(url), start_date="by 2024-12", change_reason="The list is dated")
    )
    assert response.status_code == 302
    history = curator_client.get(reverse("admin:alliances_membership_history", args=[membership.pk]))
    changes = history.context["page_obj"][0].history_delta_changes
    assert changes == [{"field": "Start", "old": "2024-12-11", "new": "by 2024-12"}]
    [entry, *_] = curator_client.get(reverse("curator-activity-mine")).context["entries"]
    assert (entry["fields"], entry["reason"]) == (["start"], "The list is dated")


@pytest.mark.parametrize("written", ["2024\x00", "9" * 10000, "2024-13", "2023-02-29", "by", "by by 2024"])
def test_a_hostile_or_impossible_date_is_a_form_error_naming_the_field(curator_client, written):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start_date=written))
    assert response.status_code == 200
    assert _field_errors(response, "start_date")
    assert not Membership.objects.exists()
