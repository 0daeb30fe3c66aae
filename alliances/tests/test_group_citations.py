"""A member named only as one of a group ("the OECD's 36 member countries"): the citation names the group, the
source that lists the group's members on that day, and the sentence of that list naming the member."""

import csv
import filecmp
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from alliances.models import Membership, MembershipSource
from alliances.register_files import REGISTER_DIR, register_export

from .conftest import copy_register_folders, load_register_folders, the_folders_again
from .factories import AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

OECD = "oecd-ai-principles"
GROUP = "the OECD’s 36 member countries"


@pytest.fixture
def oecd(tmp_path):
    the_folders_again(tmp_path, "shared", OECD)


def citation(**group):
    membership = MembershipFactory(sources=[])
    return MembershipSource(membership=membership, announcement=AnnouncementFactory(), quotation="It joined.", **group)


@pytest.mark.parametrize(
    "group",
    [
        {"group": "the OECD's members"},
        {"group": "the OECD's members", "group_quotation": "Austria"},
        {"group_source_id": 0, "group_quotation": "Austria"},
        {"group_quotation": "Austria"},
    ],
)
def test_a_group_comes_with_its_list_and_quotation_and_neither_comes_without_it(group):
    if "group_source_id" in group:
        group = {**group, "group_source_id": AnnouncementFactory().pk}
    row = citation(**group)
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_citation_with_a_group_its_list_and_its_sentence_is_valid():
    row = citation(group="the OECD's members", group_source=AnnouncementFactory(), group_quotation="Austria")
    row.full_clean()
    row.save()
    assert MembershipSource.objects.get(pk=row.pk).group_source.group_citations.get() == row


def test_each_of_the_oecds_36_members_rests_on_the_release_and_a_list_of_the_members(oecd):
    grouped = MembershipSource.objects.exclude(group="").select_related("membership", "group_source")
    assert grouped.count() == 36
    assert {c.group for c in grouped} == {GROUP}
    assert {c.announcement.slug for c in grouped} == {"oecd-ai-adoption-press-release-2019"}
    assert {c.membership.start for c in grouped} == {"2019-05-22"}
    lists = {c.membership.country_id: c.group_source.slug for c in grouped}
    assert (lists["LV"], lists["LT"], lists["AT"]) == (
        "oecd-members-latvia-hu-2016",
        "oecd-members-lithuania-oecd-2018",
        "oecd-members-dfat-2013",
    )
    # The six others the release names itself: no group.
    named = MembershipSource.objects.filter(membership__alliance__slug=OECD, membership__country__in=["AR", "CO"])
    assert set(named.values_list("group", flat=True)) == {""}
    for c in grouped:  # each list's sentence names the member (as the list writes it), word for word
        assert c.group_quotation in c.group_source.quotation


def test_the_files_load_and_export_the_same_and_only_a_folder_that_uses_groups_writes_their_columns(tmp_path):
    root = copy_register_folders(tmp_path, "shared", OECD, "seoul-ministerial-statement")
    load_register_folders(tmp_path / "loaded", "shared", OECD, "seoul-ministerial-statement")
    register_export(root=root, folders=[OECD, "seoul-ministerial-statement"])
    for folder in (OECD, "seoul-ministerial-statement"):
        comparison = filecmp.dircmp(REGISTER_DIR / folder, root / folder)
        assert not comparison.diff_files, (folder, comparison.diff_files)
    with open(root / OECD / "citations.csv", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[-4:] == ["group", "group_announcement", "group_quotation", "uid"]
    with open(root / "seoul-ministerial-statement" / "citations.csv", encoding="utf-8") as handle:
        assert "group" not in next(csv.reader(handle))


def test_the_api_gives_the_group_its_list_source_and_quotation(oecd):
    response = APIClient().get("/api/v1/memberships/", {"alliance": OECD, "country": "LV"})
    (membership,) = response.json()["results"]
    groups = [source["group"] for source in membership["sources"]]
    assert groups.count(None) == len(groups) - 1
    (group,) = [group for group in groups if group]
    assert group["name"] == GROUP
    assert group["quotation"].startswith("2016. július 1-jén")
    assert group["source"]["url"] == "https://oecd.kormany.hu/lettorszag-csatlakozasa"
    assert set(group["source"]) == {"id", "title", "url", "date", "date_precision"}


def test_the_page_says_the_member_is_one_of_the_group_and_links_its_list(client, oecd):
    text = client.get(f"/alliances/{OECD}/").content.decode()
    assert f"adherent as one of {GROUP}, its members listed by" in text
    latvia = Membership.objects.get(alliance__slug=OECD, country="LV")
    row = text[text.index(f'id="membership-{latvia.uid}"') :]
    row = row[: row.index("</tr>")]
    assert "/announcements/oecd-members-latvia-hu-2016/" in row
    assert "2016. július 1-jén" in row


def test_the_download_carries_the_group_columns(oecd):
    response = APIClient().get("/api/v1/register.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.DictReader(io.StringIO(archive.read("citations.csv").decode())))
    grouped = [row for row in rows if row["group"]]
    assert len(grouped) == 36
    assert {row["group_announcement"] for row in grouped} == {
        "oecd-members-dfat-2013",
        "oecd-members-latvia-hu-2016",
        "oecd-members-lithuania-oecd-2018",
    }


def test_the_readmes_example_of_a_member_named_as_one_of_a_group_is_the_page_text(client, oecd):
    readme = " ".join((REGISTER_DIR.parent / "README.md").read_text(encoding="utf-8").split())
    words, title = re.search(r"\"(adherent as one of .+?, its members listed by) \*(.+?)\*", readme).groups()
    text = client.get(f"/alliances/{OECD}/").content.decode()
    assert f'{words} <a href="/announcements/oecd-members-dfat-2013/">{title}</a>' in text
