"""The Content-Security-Policy with the few allowances that pages we did not write need.

Our own pages satisfy the strict policy of the production settings. Swagger UI (the API
docs page) sets styles inline and draws its icons from data: URLs; it gets exactly those
allowances, on its own address only. Its script comes from a file of the site
(SpectacularSwaggerSplitView), so no page gets 'unsafe-inline' for scripts. The admin needs
nothing more: its history page is the register's own template, with a class instead of the
style attribute django-simple-history's carries. Checked in Chromium on the public pages,
the API docs and the admin's list, add, change and history pages.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    """CSPMiddleware that adds settings.CSP_PATH_ALLOWANCES[prefix] on addresses under a prefix."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        for prefix, allowance in getattr(settings, "CSP_PATH_ALLOWANCES", {}).items():
            if request.path_info.startswith(prefix):
                parts.update = {**allowance, **(parts.update or {})}
        return parts
