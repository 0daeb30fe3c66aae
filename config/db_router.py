"""Reads from the replica, writes to the primary: installed when DATABASE_REPLICA_URL is set.

The replica serves only anonymous answers whose keys it holds at the primary's versions
(alliances/caching/versions.py): an answer the edge asks for right after a write, while the
replica has not replayed it, reads the primary, so no edge keeps the rows of before. Everything
else reads the primary: curators (who see their own writes at once), users, sessions and tokens,
and every read inside a transaction (a write's own checks).
"""

from django.db import connections

from alliances.caching.versions import replica_allowed

# The curators' tables and the session/auth machinery read from the primary.
PRIMARY_ONLY_APPS = {"admin", "auth", "sessions", "contenttypes", "authtoken"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections["default"].in_atomic_block:
            return "default"
        return "replica" if replica_allowed() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data: relations across the two are fine

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
