"""Fixtures shared by the tests/site modules (registered here, so no test module imports another's)."""

from tests.site.head_parsing import render_head  # noqa: F401 (a page's head rendered from the real API's answer)
from tests.site.test_templates import offline_site, render  # noqa: F401 (pages rendered from the test database)
