"""The curators' admin, one concern a module (the site itself, with its login, is alliances/admin_site.py).

- accounts: locked-out logins, unlocked with a recorded reason
- base: what every register admin shares (history with reasons, changed fields side by side, readable conflicts)
- reasons: the "reason for this change" box, when it is required, refusals that link their records
- freshness: a save from a page older than the record's last change is refused, with what changed meanwhile
- partial_dates: one box a date, written as curators write it ("2024-12", "by 2024-12-11")
- inlines: memberships, names, sources, reported sizes and rankings edited inside another record
- actions: publish and unpublish in bulk, with a confirmation page
- resources: CSV/XLSX import and export (django-import-export)
- import_limits: the import's bounds (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS), refused beyond with the limits said
- forms: the organization form that warns about likely duplicates
- activity: what one curator changed, across every model
- register: the ModelAdmin of each model
- intake: adding members from a source's list on an alliance's page, and each intake's record and undo
- edge: the purges the edges still owe, for superusers
"""

from . import accounts, edge, intake, register  # noqa: F401  (registers the models with the admin site)
