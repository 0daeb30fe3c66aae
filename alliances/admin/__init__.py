"""The curators' admin, one concern a module.

- base: what every register admin shares (history with changed fields side by side, readable conflicts)
- inlines: memberships, names, sources and rankings edited inside another record
- actions: publish and unpublish in bulk, with a confirmation page
- resources: CSV/XLSX import and export (django-import-export)
- forms: the organization form that warns about likely duplicates
- activity: what one curator changed, across every model
- register: the ModelAdmin of each model
"""

from . import register  # noqa: F401  (registers the models with the admin site)
