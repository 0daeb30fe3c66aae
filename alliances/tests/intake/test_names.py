"""Reading a source's list: names split as printed, and each matched to the country or organization it is, or
left for the curator when it matches nothing or more than one: never guessed."""

import pytest

from alliances.intake.names import Matcher
from alliances.models import Country, OrganizationName

from ..factories import OrganizationFactory
from .bletchley import AGENCY, DECLARATION, SIGNATORIES
from .name_forms import ALL, FRENCH, REGISTER, RUSSIAN, SPANISH

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher():
    eu = OrganizationFactory(slug="european-union", name="European Union", country=None, kind="international_body")
    OrganizationName.objects.create(organization=eu, name="EU", language="", kind="acronym")
    OrganizationFactory(slug="sberbank", name="Sberbank", country=Country.objects.get(code="RU"), kind="company")
    return Matcher.of_register()


def codes(matches):
    return [
        "EU" if match.member and not hasattr(match.member, "code") else getattr(match.member, "code", None)
        for match in matches
    ]


def test_there_are_more_than_300_name_forms_to_read():
    assert len(ALL) >= 300


@pytest.mark.parametrize(("form", "code"), sorted(ALL.items()))
def test_each_common_form_of_a_country_name_means_that_country_alone(matcher, form, code):
    (match,) = matcher.read(form)
    assert [member.code for member in match.members] == [code]


def test_every_name_form_the_registers_sources_use_is_read(matcher):
    unread = {form: code for form, code in REGISTER.items() if codes(matcher.read(form)) != [code]}
    assert not unread


def test_the_bletchley_declarations_list_reads_as_29_signatories(matcher):
    for passage in (DECLARATION, AGENCY):
        matches = matcher.read(passage)
        assert codes(matches) == SIGNATORIES


def test_words_after_the_last_name_are_left_out_and_shown(matcher):
    last = matcher.read(AGENCY)[-1]
    assert (last.name.text, last.name.left_out) == ("the US", "signed the document")


def test_a_name_that_could_mean_two_countries_is_left_for_the_curator(matcher):
    korea, sa = matcher.read("Korea, SA")
    assert korea.member is None and korea.members == []
    assert sorted(country.code for country in korea.suggestions) == ["KP", "KR"]
    assert sa.member is None
    assert sorted(country.code for country in sa.members) == ["SA", "ZA"]


def test_a_name_that_matches_nothing_is_left_for_the_curator(matcher):
    (match,) = matcher.read("Atlantis")
    assert match.member is None and match.members == []


def test_an_organization_is_matched_by_its_name_its_other_names_and_near_spellings(matcher):
    eu, eu_again, sber = matcher.read("the EU, the European Union and SberBank.")
    assert eu.member.slug == eu_again.member.slug == "european-union"
    assert sber.member.slug == "sberbank"


def test_initials_give_way_to_an_organization_of_that_name(matcher):
    (eu,) = matcher.read("EU")
    assert eu.member.slug == "european-union"


def test_a_countrys_code_is_read_beside_initials_it_shares(matcher):
    (sk,) = matcher.read("SK")
    assert sorted(country.code for country in sk.members) == ["KR", "SK"]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Великобритания, США, ОАЭ, Республика Корея и Турция", ["GB", "US", "AE", "KR", "TR"]),
        ("Бразилия, Россия, Индия, Китай и ЮАР", ["BR", "RU", "IN", "CN", "ZA"]),
        ("la France, l'Allemagne, les États-Unis et le Royaume-Uni", ["FR", "DE", "US", "GB"]),
        ("l'Afrique du Sud, la Côte d’Ivoire et les Émirats arabes unis", ["ZA", "CI", "AE"]),
        ("España, Reino Unido, Estados Unidos y Corea del Sur", ["ES", "GB", "US", "KR"]),
        ("Brasil, Francia e Italia", ["BR", "FR", "IT"]),
    ],
)
def test_russian_french_and_spanish_lists(matcher, passage, expected):
    assert codes(matcher.read(passage)) == expected


@pytest.mark.parametrize("forms", [RUSSIAN, FRENCH, SPANISH])
def test_forms_of_each_language_in_one_list(matcher, forms):
    assert codes(matcher.read(", ".join(forms))) == list(forms.values())


def test_names_with_and_or_a_comma_inside_stay_whole(matcher):
    passage = "Bosnia and Herzegovina, Trinidad and Tobago, Korea, Rep., Congo, Dem. Rep. and Antigua and Barbuda"
    assert codes(matcher.read(passage)) == ["BA", "TT", "KR", "CD", "AG"]


def test_lines_bullets_and_semicolons_split_a_list_and_each_name_quotes_its_line(matcher):
    passage = "The signatories are:\n• Australia\n• Brazil; Canada\n2. Chile"
    matches = matcher.read(passage)
    assert codes(matches) == ["AU", "BR", "CA", "CL"]
    assert matches[0].name.quotation == "The signatories are: Australia"


def test_each_name_quotes_the_sentence_it_is_in(matcher):
    passage = "France and Germany signed on Monday. Japan signed later, with the U.S. and Canada."
    matches = matcher.read(passage)
    assert codes(matches)[:2] == ["FR", "DE"]
    assert matches[0].name.quotation == "France and Germany signed on Monday."
    assert matches[-1].name.quotation == "Japan signed later, with the U.S. and Canada."


def test_the_readmes_example_passage_reads_as_the_29_signatories(matcher):
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Adding members from a source's list.**") :]
    passage = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    assert codes(matcher.read(passage)) == SIGNATORIES
