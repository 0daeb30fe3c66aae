"""A record's revision: a short hash of what is stored of it now, so a save made from a stale read can be refused.

Two curators editing one record: the second save would write back the values the older form
(or API read) loaded, and nobody would be told. The admin's forms carry the revision they were
made from, and the API's ETag of a record names it (If-Match); a write whose revision is no
longer the record's is refused (alliances/admin/reasons.py, alliances/api/preconditions.py).

The revision covers the record's own columns, its many-to-many relations and the `parts` the
caller edits with it (the rows of an admin page's inlines, a membership's citations), so a
change to any of them, by any path, history or not, makes it new.
"""

import hashlib
import json

from django.db import transaction


def revision(model, pk, *, parts=(), lock=False):
    """The revision of `model`'s record `pk` with the related rows named by `parts`, or None when it does not exist.

    `lock`: inside a transaction, lock the record's row first, so no other write lands between
    this check and the caller's save.
    """
    records = model._default_manager.filter(pk=pk)
    if lock and transaction.get_connection().in_atomic_block:
        records = records.select_for_update()
    row = records.values().first()
    if row is None:
        return None
    state = {"": row}
    for field in model._meta.many_to_many:
        related = model._default_manager.filter(pk=pk).values_list(field.name, flat=True)
        state[field.name] = sorted(value for value in related if value is not None)
    for name in parts:
        relation = model._meta.get_field(name)
        rows = relation.related_model._default_manager.filter(**{relation.field.name: pk}).order_by("pk")
        state[name] = list(rows.values())
    text = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]
