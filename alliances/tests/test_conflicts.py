import psycopg
import pytest
from django.db import IntegrityError, OperationalError

from alliances.conflicts import is_write_conflict


def _wrapped(cause):
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "conflict"),
    [
        (IntegrityError("membership_no_overlap_organization"), True),
        (_wrapped(psycopg.errors.DeadlockDetected("deadlock detected")), True),
        (_wrapped(psycopg.errors.SerializationFailure("could not serialize access")), True),
        (_wrapped(psycopg.errors.ConnectionTimeout("server closed the connection")), False),
        (OperationalError("database is locked"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_only_a_refused_constraint_or_a_settled_race_counts_as_a_write_conflict(error, conflict):
    assert is_write_conflict(error) is conflict
