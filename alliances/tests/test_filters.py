"""The filter forms of the public pages (alliances/filters.py): their <select>s and their kept choices."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from alliances.filters import OptionsSelect

from .factories import AllianceFactory

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "All of them"),
    ("a&b", "Tom & Jerry <script>"),
    ("safe", mark_safe("<b>bold</b>")),
    ("Group", [("g1", "First"), ("g2", "Second")]),
    (3, "Three"),
]


class Form(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False, help_text="Pick one")
    ours = forms.ChoiceField(choices=CHOICES, required=False, help_text="Pick one", widget=OptionsSelect)


@pytest.mark.parametrize("value", [None, "", "a&b", "g2", "3", "nope"])
def test_options_select_writes_what_djangos_select_writes(value):
    form = Form({"django": value, "ours": value} if value is not None else None)
    form.is_valid()
    django, ours = str(form["django"]), str(form["ours"])
    assert ours == django.replace("django", "ours")
    assert ("aria-invalid" in ours) == (value == "nope")


def test_filter_choices_are_kept_until_the_next_write(client, django_capture_on_commit_callbacks):
    alliance = AllianceFactory(slug="network", name="AI Alliance Network")
    with CaptureQueriesContext(connection) as first:
        assert ">AI Alliance Network</option>" in client.get("/timeline/").content.decode()
    with CaptureQueriesContext(connection) as second:
        text = client.get("/timeline/?page=1").content.decode()
    # The alliances and the 250 countries of the form come from the kept lists, in each language.
    for table in ('FROM "alliances_alliance"', 'FROM "alliances_country"'):
        assert any(table in query["sql"] for query in first)
        assert not any(table in query["sql"] for query in second)
    assert ">AI Alliance Network</option>" in text and ">South Africa</option>" in text
    assert ">Южная Африка</option>" in client.get("/ru/timeline/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        alliance.name = "Renamed Network"
        alliance.save()
    assert ">Renamed Network</option>" in client.get("/timeline/?page=1").content.decode()
    assert ">Renamed Network</option>" in client.get("/announcements/").content.decode()
    assert ">Renamed Network</option>" in client.get("/countries/").content.decode()
