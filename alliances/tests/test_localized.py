"""Texts worked out once per language (alliances/localized.py): the same words, without gettext on every row."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from alliances.dates import format_partial_date
from alliances.localized import detail_url
from alliances.models import Country, EndReason, Membership, Role
from alliances.per_language import per_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def translations_done(monkeypatch):
    """The number of lookups in the translation catalogues."""
    done = []
    original = DjangoTranslation.gettext

    def counting(self, message):
        done.append(message)
        return original(self, message)

    monkeypatch.setattr(DjangoTranslation, "gettext", counting)
    return done


@pytest.mark.parametrize("language", ["en", "ru"])
def test_choice_labels_read_as_djangos_in_each_language(language):
    membership = Membership(role=Role.OBSERVER, end_reason=EndReason.DECLINED)
    with translation.override(language):
        assert membership.get_role_display() == str(Role.OBSERVER.label)
        assert membership.get_end_reason_display() == str(EndReason.DECLINED.label)
        assert Membership(role="no such role").get_role_display() == "no such role"
    with translation.override("ru"):
        assert Membership(role=Role.INVITED).get_role_display() == "приглашённый"


def test_a_page_of_roles_translates_each_label_once(translations_done):
    rows = [Membership(role=role) for role in Role.values * 40]
    with translation.override("ru"):
        [row.get_role_display() for row in rows]
        first = len(translations_done)
        [row.get_role_display() for row in rows]
    # Django's get_FOO_display() translates every label of the field on every call: 200 rows, 1,000 lookups.
    assert first <= len(Role.values)
    assert len(translations_done) == first


def test_country_names_and_dates_are_looked_up_once_per_language(translations_done):
    day = datetime.date(2024, 12, 11)
    with translation.override("ru"):
        assert str(Country(code="IN")) == "Индия"
        assert format_partial_date(day, "day") == "11 декабря 2024 г."
        before = len(translations_done)
        for _ in range(50):
            assert str(Country(code="IN")) == "Индия"
            assert format_partial_date(day, "month") == "декабрь 2024 г."
            assert format_partial_date(day, "day") == "11 декабря 2024 г."
    assert len(translations_done) - before <= 2  # the first month-precision date
    with translation.override("en"):
        assert str(Country(code="IN")) == "India"
        assert format_partial_date(day, "day") == "11 December 2024"


def test_a_changed_setting_clears_what_was_kept(settings):
    calls = []

    @per_language()
    def shout(word):
        calls.append(word)
        return f"{word.upper()} ({translation.get_language()})"

    with translation.override("ru"):
        assert shout("a") == shout("a") == "A (ru)"
    assert shout("a") == "A (en)"
    assert calls == ["a", "a"]
    settings.LANGUAGE_CODE = "ru"  # any change of settings (override_settings in a test)
    with translation.override("ru"):
        assert shout("a") == "A (ru)"
    assert calls == ["a", "a", "a"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("alliances:alliance-detail", "ai-alliance-network"),
        ("alliances:organization-detail", "Serbian_AI-2"),
        ("alliances:announcement-detail", "launch"),
        ("alliances:country-detail", "rs"),
    ],
)
def test_detail_addresses_are_what_reverse_writes(language, viewname, value):
    with translation.override(language):
        assert detail_url(viewname, value) == reverse(viewname, args=[value])
        set_script_prefix("/tracker/")
        try:
            assert detail_url(viewname, value) == reverse(viewname, args=[value])
            assert detail_url(viewname, value).startswith("/tracker/")
        finally:
            set_script_prefix("/")


def test_a_value_reverse_would_quote_or_refuse_is_left_to_reverse():
    assert detail_url("alliances:alliance-detail", "zz") == "/alliances/zz/"
    with pytest.raises(NoReverseMatch):
        detail_url("alliances:alliance-detail", "with space")
    with pytest.raises(NoReverseMatch):
        detail_url("alliances:country-detail", "ru/x")
