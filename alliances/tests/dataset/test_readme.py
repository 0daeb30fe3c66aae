"""README's "Using the data" runs as written: it reads the download with frictionless and syncs it with /changes/."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from alliances.models import DatasetChange, Membership, Status
from alliances.services import records_set_status

from ..factories import MembershipFactory, country

README = Path(__file__).resolve().parents[3] / "README.md"


def using_the_data():
    section = README.read_text(encoding="utf-8").split("## Using the data", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_readme_reads_the_download_and_keeps_it_in_step(live_server, tmp_path, monkeypatch):
    kept = MembershipFactory(organization=None, country=country("BR"))
    withdrawn = MembershipFactory(organization=None, country=country("CN"))
    DatasetChange.objects.update(at=timezone.now() - datetime.timedelta(hours=1))
    code = using_the_data()
    assert 'BASE = "http://127.0.0.1:8000"' in code
    monkeypatch.chdir(tmp_path)
    # Run up to the sync, write, then run the sync.
    download, later = code.split("\n# Later:", 1)
    sync = "# Later:" + later
    namespace = {}
    exec(download.replace("http://127.0.0.1:8000", live_server.url), namespace)  # noqa: S102
    assert set(namespace["copy"]["memberships"]) == {(str(kept.uid),), (str(withdrawn.uid),)}
    records_set_status(records=Membership.objects.filter(pk=withdrawn.pk), status=Status.DRAFT, reason="Misread")
    added = MembershipFactory(organization=None, country=country("IN"))
    exec(sync, namespace)  # noqa: S102
    assert set(namespace["copy"]["memberships"]) == {(str(kept.uid),), (str(added.uid),)}
    assert namespace["since"] >= namespace["package"].version
