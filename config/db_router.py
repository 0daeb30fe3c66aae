"""Reads from the replica, writes to the primary: installed when DATABASE_REPLICA_URL is set.

Users, sessions and tokens always come from the primary, so a login holds at once. The
register's tables are read from the replica: a page may lag the primary by the replica's
replication delay (typically well under a second).
"""

# The curators' tables and the session/auth machinery read from the primary.
PRIMARY_ONLY_APPS = {"admin", "auth", "sessions", "contenttypes", "authtoken"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data: relations across the two are fine

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
