from ..api.conftest import api, curator_api, reader_api  # noqa: F401  (the API tests' clients)
from ..test_admin_browser import browser_context, browser_page  # noqa: F401  (the admin browser tests' fixtures)
