"""Dates in the admin as curators write them: EDTF ("2024", "2024-12", "../2024-12-11", "2021-06/2021-11"), the
form of before ("by 2024-12-11") too; a statement's date as one date at its precision."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from alliances.admin.partial_dates import PartialDateField
from alliances.dates import FAR_FUTURE, partial_date_fields
from alliances.models import Alliance, Announcement, Membership, MembershipSource, ReportedSize

from .admin_forms import form_data, membership_form
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


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
        ("by 2024-12-11", ("../2024-12-11", D(2024, 12, 11)), "by 11 December 2024"),
        ("../2024-12-11", ("../2024-12-11", D(2024, 12, 11)), "by 11 December 2024"),
        ("2024-12", ("2024-12", D(2024, 12, 31)), "since December 2024"),
        ("2024", ("2024", D(2024, 12, 31)), "since 2024"),
        (" 2024-12-11 ", ("2024-12-11", D(2024, 12, 11)), "since 11 December 2024"),
        ("2021-06/2021-11", ("2021-06/2021-11", D(2021, 11, 30)), "between June and November 2021"),
    ],
)
def test_a_start_is_saved_as_the_register_writes_it(curator_client, written, stored, shown):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start=written))
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.start, membership.start_latest) == stored
    assert membership.period_display == shown


@pytest.mark.parametrize("written", ["11/12/2024", "31/12/2024", "11.12.2024", "by 11/12/2024"])
def test_day_first_or_month_first_dates_are_refused_with_the_form_to_write(curator_client, written):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start=written))
    assert response.status_code == 200
    assert _field_errors(response, "start") == [
        f"'{written}' could be read day-first or month-first: write the year first, "
        "as 2024-12-11 (year-month-day), 2024-12 or 2024."
    ]
    assert _input_value(response, "start") == written  # kept as typed, to correct
    assert not Membership.objects.exists()


def test_the_refusal_is_in_russian_for_a_russian_curator(curator_client):
    response = curator_client.post(
        reverse("admin:alliances_membership_add"), _new_membership(start="11.12.2024"), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "можно прочесть и как день-месяц, и как месяц-день" in _field_errors(response, "start")[0]


def test_a_founding_may_be_a_bound_and_a_statements_date_may_not(curator_client):
    alliance = AllianceFactory()
    url = reverse("admin:alliances_alliance_change", args=[alliance.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), founded="2024-05/2024-11"))
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert (alliance.founded, alliance.founded_earliest, alliance.founded_latest) == (
        "2024-05/2024-11",
        D(2024, 5, 1),
        D(2024, 11, 30),
    )
    announcement = AnnouncementFactory()
    url = reverse("admin:alliances_announcement_change", args=[announcement.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), date="by 2024-12"))
    assert response.status_code == 200
    assert "one date, not a bound or an interval" in _field_errors(response, "date")[0]


def test_a_stored_date_is_shown_back_as_it_was_written(curator_client):
    membership = MembershipFactory(start="../2024-12", end="2025", end_reason="withdrew")
    response = curator_client.get(reverse("admin:alliances_membership_change", args=[membership.pk]))
    assert _input_value(response, "start") == "../2024-12"
    assert _input_value(response, "end") == "2025"
    for hidden in ("start_earliest", "start_latest", "end_earliest", "end_latest"):
        assert f'name="{hidden}"' not in response.content.decode()


def test_saving_a_date_unchanged_records_no_change_of_it(curator_client):
    membership = MembershipFactory(start="2024")
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), notes="Checked"))
    assert response.status_code == 302
    assert LogEntry.objects.get().get_change_message() == "Changed Notes."
    membership.refresh_from_db()
    assert (membership.start, membership.start_earliest) == ("2024", D(2024, 1, 1))


def test_clearing_an_end_clears_its_days(curator_client):
    membership = MembershipFactory(end="../2025", end_reason="withdrew")
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), end="", end_reason=""))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.end, membership.end_earliest, membership.end_latest) == ("", FAR_FUTURE, FAR_FUTURE)


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
            "reported_sizes-0-as_of": "by 2024-12-11",  # the form of before: kept as ../2024-12-11
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
    assert _input_value(page, "reported_sizes-0-as_of") == "../2024-12-11"


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
    """Each model admin and inline form: a statement's date is one box with no precision input; a start, an end, a
    founding or a size's day is its EDTF text, with none of its worked-out days."""
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
        for name in form.fields:
            assert not name.endswith(("_earliest", "_latest")), (model, name)
            if name in ("start", "end", "founded", "dissolved", "as_of"):
                checked.add((model.__name__, name))
    assert {
        ("Alliance", "founded"),
        ("Alliance", "dissolved"),
        ("Announcement", "date"),
        ("Announcement", "published_date"),
        ("Membership", "start"),
        ("Membership", "end"),
        ("ReportedSize", "as_of"),
    } <= checked
    assert {model for model, _ in forms} >= {Alliance, Announcement, Membership, ReportedSize}


def test_a_change_of_date_is_one_change_as_written_in_the_history_and_the_activity(curator_client):
    membership = MembershipFactory()
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(
        url, form_data(curator_client.get(url), start="by 2024-12", change_reason="The list is dated")
    )
    assert response.status_code == 302
    history = curator_client.get(reverse("admin:alliances_membership_history", args=[membership.pk]))
    changes = history.context["page_obj"][0].history_delta_changes
    assert {"field": "Start", "old": "2024-12-11", "new": "../2024-12"} in changes
    [entry, *_] = curator_client.get(reverse("curator-activity-mine")).context["entries"]
    assert (entry["fields"], entry["reason"]) == (["start"], "The list is dated")


@pytest.mark.parametrize(
    "written", ["2024\x00", "9" * 10000, "2024-13", "2023-02-29", "by", "by by 2024", "2024/..", "../.."]
)
def test_a_hostile_or_impossible_date_is_a_form_error_naming_the_field(curator_client, written):
    response = curator_client.post(reverse("admin:alliances_membership_add"), _new_membership(start=written))
    assert response.status_code == 200
    assert _field_errors(response, "start")
    assert not Membership.objects.exists()
