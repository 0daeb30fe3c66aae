"""What counts as "another write landed at the same moment": the one test the admin and the API share."""

from django.db import IntegrityError, OperationalError

# PostgreSQL aborts one of two transactions that wait on each other (each checking the other's
# row against an exclusion constraint) with a deadlock, or a serialization failure.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def is_write_conflict(error):
    """True for a constraint the database refused, or a transaction it aborted to settle a race."""
    if isinstance(error, IntegrityError):
        return True
    if isinstance(error, OperationalError):
        return getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES
    return False
