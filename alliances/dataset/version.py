"""The register's version: the moment of the newest change to the published register, named 2026.01.02.100000.

Every row the published register gains, changes or loses is logged with its moment (DatasetChange, written by
changes.py in the write's own transaction), so the version moves with every change a reader could see, and
with nothing else: a draft's edit leaves it alone. A register whose log is empty (made before the log
existed) is versioned by the newest change of its published records. Citations name it, the download carries
it (`version`), and /api/v1/changes/?since= takes it back.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from ..caching.kept import kept

VERSION_FORMAT = "%Y.%m.%d.%H%M%S"
# Before any record: the version of an empty register.
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class RegisterVersion:
    moment: datetime.datetime

    @property
    def name(self):
        """ "2026.01.02.100000": the moment to the second, in UTC."""
        return self.moment.astimezone(datetime.UTC).strftime(VERSION_FORMAT)

    def __str__(self):
        return self.name


def register_version():
    """The current RegisterVersion, kept under the cache's register version (one query a write, none after)."""
    return RegisterVersion(kept(("register-version",), _newest_change))


def _newest_change():
    from ..models import Alliance, Announcement, DatasetChange, Membership, Organization

    logged = DatasetChange.objects.aggregate(newest=Max("at"))["newest"]
    if logged is not None:
        return logged
    published = [
        Alliance.objects.all(),
        Organization.objects.all(),
        Membership.objects.published(),
        Announcement.objects.published(),
    ]
    moments = [records.aggregate(newest=Max("updated_at"))["newest"] for records in published]
    return max((moment for moment in moments if moment), default=EPOCH)


def version_moment(name):
    """The moment a version name ("2026.01.02.100000") names, the first instant of its second; ValueError if none."""
    return datetime.datetime.strptime(name, VERSION_FORMAT).replace(tzinfo=datetime.UTC)
