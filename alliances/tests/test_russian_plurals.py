"""Every counted phrase in Russian takes the noun form its number needs: 1 страна, 2 страны, 5 стран, 21 страна.

Russian has three forms for whole numbers: one (1, 21, 31...), few (2-4, 22-24...) and many
(5-20, 25-30, and 11-14 whatever they end in). Each phrase below is checked at 1, 2, 5, 11, 21,
22 and 25; a counted phrase added to the code without its row here fails the last test.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from alliances.comparison import Cell
from alliances.models import Alliance, ReportedSize, Role
from alliances.summaries import MEMBERS, MemberSummary, Tally, headline

NUMBERS = (1, 2, 5, 11, 21, 22, 25)
FORM = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2}  # one, few, many

# msgid: (plural msgid, the values besides the count, (one, few, many) with {n} for the number).
PHRASES = {
    "%(count)d member": ("%(count)d members", {}, ("{n} член", "{n} члена", "{n} членов")),
    "%(count)d invited": ("%(count)d invited", {}, ("{n} приглашённый", "{n} приглашённых", "{n} приглашённых")),
    "%(count)d partner": ("%(count)d partners", {}, ("{n} партнёр", "{n} партнёра", "{n} партнёров")),
    "%(count)d observer": ("%(count)d observers", {}, ("{n} наблюдатель", "{n} наблюдателя", "{n} наблюдателей")),
    "%(count)d adherent": (
        "%(count)d adherents",
        {},
        ("{n} присоединившаяся сторона", "{n} присоединившиеся стороны", "{n} присоединившихся сторон"),
    ),
    "%(count)d signatory": ("%(count)d signatories", {}, ("{n} подписант", "{n} подписанта", "{n} подписантов")),
    "%(count)d endorser": (
        "%(count)d endorsers",
        {},
        ("{n} поддержавшая сторона", "{n} поддержавшие стороны", "{n} поддержавших сторон"),
    ),
    "%(count)d co-sponsor": ("%(count)d co-sponsors", {}, ("{n} соавтор", "{n} соавтора", "{n} соавторов")),
    "%(count)d ratified, not yet a party": (
        "%(count)d ratified, not yet parties",
        {},
        (
            "{n} ратифицировавшая сторона, ещё не участник договора",
            "{n} ратифицировавшие стороны, ещё не участники договора",
            "{n} ратифицировавших сторон, ещё не участников договора",
        ),
    ),
    "%(count)d party": (
        "%(count)d parties",
        {},
        ("{n} участник договора", "{n} участника договора", "{n} участников договора"),
    ),
    "%(countries)d country": ("%(countries)d countries", {}, ("{n} страна", "{n} страны", "{n} стран")),
    "members from %(countries)d country": (
        "members from %(countries)d countries",
        {},
        ("члены из {n} страны", "члены из {n} стран", "члены из {n} стран"),
    ),
    "%(members)s in %(count)d country": (
        "%(members)s in %(count)d countries",
        {"members": "28 членов"},
        ("28 членов из {n} страны", "28 членов из {n} стран", "28 членов из {n} стран"),
    ),
    "through %(count)d organisation": (
        "through %(count)d organisations",
        {},
        ("через {n} организацию", "через {n} организации", "через {n} организаций"),
    ),
    "%(counter)s country.": ("%(counter)s countries.", {}, ("{n} страна.", "{n} страны.", "{n} стран.")),
    "%(counter)s organization.": (
        "%(counter)s organizations.",
        {},
        ("{n} организация.", "{n} организации.", "{n} организаций."),
    ),
    "%(counter)s body": ("%(counter)s bodies", {}, ("{n} объединение", "{n} объединения", "{n} объединений")),
    "at least %(counter)s body": (
        "at least %(counter)s bodies",
        {},
        ("не меньше {n} объединения", "не меньше {n} объединений", "не меньше {n} объединений"),
    ),
    "%(counter)s result": ("%(counter)s results", {}, ("{n} результат", "{n} результата", "{n} результатов")),
    "%(counter)s event": ("%(counter)s events", {}, ("{n} событие", "{n} события", "{n} событий")),
    "%(counter)s body in the register, by kind, with its participants on %(date)s.": (
        "%(counter)s bodies in the register, by kind, with their participants on %(date)s.",
        {"date": "1 мая"},
        (
            "{n} объединение в реестре, по видам, с участниками на 1 мая.",
            "{n} объединения в реестре, по видам, с участниками на 1 мая.",
            "{n} объединений в реестре, по видам, с участниками на 1 мая.",
        ),
    ),
    "%(counter)s more member is not drawn: see the list of members.": (
        "%(counter)s more members are not drawn: see the list of members.",
        {},
        (
            "Ещё {n} участник не показан: см. список участников.",
            "Ещё {n} участника не показаны: см. список участников.",
            "Ещё {n} участников не показаны: см. список участников.",
        ),
    ),
    "%(counter)s will change": (
        "%(counter)s will change",
        {},
        ("{n} запись изменится", "{n} записи изменятся", "{n} записей изменятся"),
    ),
    "%(counter)s will be refused": (
        "%(counter)s will be refused",
        {},
        ("{n} запись будет отклонена", "{n} записи будут отклонены", "{n} записей будут отклонены"),
    ),
    "%(counter)s already has this status": (
        "%(counter)s already have this status",
        {},
        ("{n} запись уже имеет этот статус", "{n} записи уже имеют этот статус", "{n} записей уже имеют этот статус"),
    ),
    "%(count)d published membership would be left without a published source: unpublish it first, or give it "
    "another published source.": (
        "%(count)d published memberships would be left without a published source: unpublish them first, or give "
        "them another published source.",
        {},
        tuple(
            f"{{n}} {words} без опубликованного источника: сначала снимите {them} с публикации или дайте {to_them} "
            "другой опубликованный источник."
            for words, them, to_them in (
                ("опубликованное членство осталось бы", "его", "ему"),
                ("опубликованных членства остались бы", "их", "им"),
                ("опубликованных членств остались бы", "их", "им"),
            )
        ),
    ),
    "There was %(limit)s failed login for this account from this address, or from this address for %(limit)s "
    "account.": (
        "There were %(limit)s failed logins for this account from this address, or from this address for "
        "%(limit)s accounts.",
        {},
        tuple(
            f"С этого адреса в эту учётную запись {tried}, или с этого адреса пытались войти в {accounts}."
            for tried, accounts in (
                ("была {n} неудачная попытка входа", "{n} учётную запись"),
                ("было {n} неудачные попытки входа", "{n} разные учётные записи"),
                ("было {n} неудачных попыток входа", "{n} разных учётных записей"),
            )
        ),
    ),
    "%(counter)s organisation in the register's bodies has no country recorded, so it is not counted here or under "
    "any country: it may be from here.": (
        "%(counter)s organisations in the register's bodies have no country recorded, so they are not counted here "
        "or under any country: some may be from here.",
        {},
        tuple(
            f"{{n}} {words} без страны, поэтому не {counted} ни здесь, ни в другой стране: {which} отсюда."
            for words, counted, which in (
                ("организация из объединений реестра записана", "учтена", "возможно, она"),
                ("организации из объединений реестра записаны", "учтены", "некоторые, возможно,"),
                ("организаций из объединений реестра записаны", "учтены", "некоторые, возможно,"),
            )
        ),
    ),
    "entry": ("entries", {}, ("запись", "записи", "записей")),
    "Please correct the error below.": (
        "Please correct the errors below.",
        {},
        (
            "Пожалуйста, исправьте ошибку ниже.",
            "Пожалуйста, исправьте ошибки ниже.",
            "Пожалуйста, исправьте ошибки ниже.",
        ),
    ),
}


def _count_name(msgid):
    names = re.findall(r"%\((count|counter|countries|limit)\)", msgid)
    return names[-1] if names else None


@pytest.mark.parametrize("n", NUMBERS)
@pytest.mark.parametrize("msgid", PHRASES)
def test_each_counted_phrase_takes_the_form_its_number_needs(msgid, n):
    plural, values, forms = PHRASES[msgid]
    with translation.override("ru"):
        text = ngettext(msgid, plural, n)
    name = _count_name(msgid)
    if name:
        text = text % {**values, name: n}
    assert text == forms[FORM[n]].format(n=n)


def test_every_counted_phrase_of_the_catalogue_is_checked_here():
    catalogue = (settings.BASE_DIR / "locale/ru/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    counted = set(re.findall(r'^msgid "(.*)"\nmsgid_plural', catalogue, re.M))
    assert counted - set(PHRASES) == set()


# The phrases as the code puts them together, each number choosing its own noun's form.


@pytest.mark.parametrize("n", NUMBERS)
def test_a_reported_size_in_russian_agrees_with_both_its_numbers(n):
    with translation.override("ru"):
        assert ReportedSize(members=28, countries=n).size_display == PHRASES["%(members)s in %(count)d country"][2][
            FORM[n]
        ].format(n=n)
        members = PHRASES["%(count)d member"][2][FORM[n]].format(n=n)
        assert ReportedSize(members=n, countries=21).size_display == f"{members} из 21 страны"
        assert ReportedSize(members=n).size_display == members
        assert ReportedSize(countries=n).size_display == PHRASES["members from %(countries)d country"][2][
            FORM[n]
        ].format(n=n)


def test_the_reported_size_the_issue_quotes_reads_right():
    with translation.override("ru"):
        assert ReportedSize(members=28, countries=21).size_display == "28 членов из 21 страны"
    assert ReportedSize(members=28, countries=21).size_display == "28 members in 21 countries"


@pytest.mark.parametrize("n", NUMBERS)
def test_a_headline_count_in_russian_agrees_with_its_number(n):
    signatories = PHRASES["%(count)d signatory"][2][FORM[n]].format(n=n)
    body = Alliance(principal_role=Role.SIGNATORY, members_list_complete=False)
    summary = MemberSummary(roles={Role.SIGNATORY: Tally(certain=n, possible=1)})
    with translation.override("ru"):
        assert headline(body, summary, None) == f"{signatories} в списке, 1 — возможно"
        size = ReportedSize(members=47, as_of="2024-05-09")
        assert headline(body, summary, size).startswith(f"{signatories} в списке из 47 по сообщениям (9 мая 2024")
        body.members_list_complete = True
        assert headline(body, summary, size) == f"{signatories}, 1 — возможно (полный список)"


@pytest.mark.parametrize("n", NUMBERS)
def test_a_comparison_cell_in_russian_agrees_with_its_number_of_organisations(n):
    cell = Cell(Alliance(slug="x"), MEMBERS, "certain", False, 1, datetime.date(2025, 1, 1), organizations=n)
    with translation.override("ru"):
        assert cell.through_text == PHRASES["through %(count)d organisation"][2][FORM[n]].format(n=n)
