"""The Content-Security-Policy with the few allowances that pages we did not write need.

Our own pages satisfy the strict policy of the production settings. Swagger UI (the API
docs page) sets styles inline and draws its icons from data: URLs; it gets exactly those
allowances, on its own address only. Its script comes from a file of the site
(SpectacularSwaggerSplitView), so no page gets 'unsafe-inline' for scripts. The admin needs
nothing more: its history page is the register's own template, with a class instead of the
style attribute django-simple-history's carries. Checked in Chromium on the public pages,
the API docs and the admin's list, add, change and history pages.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    """CSPMiddleware that adds settings.CSP_PATH_ALLOWANCES[prefix] on addresses under a prefix.

    The policy of an answer that asked for no nonce and changes nothing of it is the same for every address under
    one allowance: built by django-csp once a process for each, then copied (a warm hit spent 30 µs, a sixteenth of
    its time, building it twice: the policy and the report-only one).
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.built = {}  # allowance's prefix (None: none) -> (policy, report-only policy)

    def process_response(self, request, response):
        own = getattr(request, "_csp_nonce", None) or any(name.startswith("_csp_") for name in vars(response))
        excluding = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
        if own or excluding or settings.DEBUG or HEADER in response or HEADER_REPORT_ONLY in response:
            return super().process_response(request, response)
        allowances = getattr(settings, "CSP_PATH_ALLOWANCES", {})
        prefix = next((prefix for prefix in allowances if request.path_info.startswith(prefix)), None)
        if prefix not in self.built:
            super().process_response(request, response)
            self.built[prefix] = (response.get(HEADER), response.get(HEADER_REPORT_ONLY))
            return response
        for header, policy in zip((HEADER, HEADER_REPORT_ONLY), self.built[prefix], strict=True):
            if policy:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written raises, rather than go unsent.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        for prefix, allowance in getattr(settings, "CSP_PATH_ALLOWANCES", {}).items():
            if request.path_info.startswith(prefix):
                parts.update = {**allowance, **(parts.update or {})}
        return parts
