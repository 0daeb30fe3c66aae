from ..test_admin_browser import browser_context, browser_page  # noqa: F401  (the admin browser tests' fixtures)
