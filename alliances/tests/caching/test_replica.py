"""With a replica (config/db_router.py): what a write changed is read from the primary until the replica has it."""

import sqlite3

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from alliances.models import Status
from alliances.services import record_save

from ..factories import AllianceFactory, MembershipFactory, OrganizationFactory


@pytest.fixture
def lagging_replica(settings, tmp_path):
    """Make a stand-in replica that stays as the database is when called: a copy (SQLite) or a snapshot (PostgreSQL)."""
    primary = connections["default"]
    stand_ins = []

    def lag():
        config = {**primary.settings_dict, "CONN_MAX_AGE": None}  # kept open across requests: the snapshot stays
        if primary.vendor == "sqlite":
            primary.ensure_connection()
            copy = sqlite3.connect(tmp_path / "replica.sqlite3")
            primary.connection.backup(copy)
            copy.close()
            config["NAME"] = str(tmp_path / "replica.sqlite3")
        replica = connections["replica"] = type(primary)(config, alias="replica")
        if primary.vendor == "postgresql":
            with replica.cursor() as cursor:  # a transaction that sees the database as it is now, and never ends
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT count(*) FROM alliances_keyversion")
        settings.DATABASES = {**settings.DATABASES, "replica": config}
        settings.DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
        stand_ins.append(replica)
        return replica

    yield lag
    for replica in stand_ins:
        replica.close()
        del connections["replica"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_a_write_changed_read_the_primary_while_the_replica_lags(client, lagging_replica):
    network, other = AllianceFactory(slug="network"), AllianceFactory(slug="other")
    membership = MembershipFactory(alliance=network, organization=OrganizationFactory(name="Listed Institute"))
    MembershipFactory(alliance=other, organization=OrganizationFactory(name="Other Institute"))
    replica = lagging_replica()
    membership.status = Status.DRAFT
    record_save(record=membership)  # on the primary; the replica has not replayed it

    with CaptureQueriesContext(replica) as on_replica:
        page = client.get("/alliances/network/").content.decode()
        members = client.get("/api/v1/alliances/network/members/").json()
    assert "Listed Institute" not in page
    assert members["count"] == 0
    assert not [query for query in on_replica if "alliances_membership" in query["sql"]]

    # An answer whose keys the replica holds at the primary's versions is read from the replica.
    with CaptureQueriesContext(replica) as on_replica:
        assert "Other Institute" in client.get("/alliances/other/").content.decode()
    assert [query for query in on_replica if "alliances_membership" in query["sql"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_reads_the_primary_inside_its_transaction(curator_client, lagging_replica):
    membership = MembershipFactory(alliance=AllianceFactory(slug="network"))
    replica = lagging_replica()
    with CaptureQueriesContext(replica) as on_replica:
        response = curator_client.patch(
            f"/api/v1/memberships/{membership.pk}/", {"status": "draft"}, content_type="application/json"
        )
        assert response.status_code == 200
        assert curator_client.get(f"/api/v1/memberships/{membership.pk}/").status_code == 200
    assert not on_replica.captured_queries  # a curator reads the primary, and so does every write
