"""Real-browser tests: Playwright for Python driving Debian's Chromium, and axe-core from npm.

Nothing here downloads a browser (`playwright install` cannot work on these machines):
Chromium comes from `apt-get install chromium`, axe-core from `make browser-tools` (npm, into
the git-ignored `.browser-tools/`). Without either, these tests skip on a laptop, naming the part,
and fail when `CI` is set.

The browser lives as long as this package's tests (one launch for all of them). It is not
session-wide on purpose: Playwright's sync API keeps an asyncio loop running in the main thread
while it is open, and Django then refuses ORM calls in the database tests that follow.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from devtools.live_servers import REPO, LiveSite
from tests.conftest import copy_cms, run_python

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SCRIPT = Path(os.environ.get("AXE_CORE_PATH", REPO / ".browser-tools" / "node_modules" / "axe-core" / "axe.min.js"))

# Playwright's own timeouts, short enough that a missing element fails the test quickly.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)

VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# The reader journey's clinic: tests/clinic_data.py, an older article with every kind of body
# block, and enough older articles still for a second list page.
EXTRA_ARTICLES = 9
EVERY_BLOCK_ARTICLE = "every-kind-of-block"
ADD_EVERY_BLOCK_ARTICLE = f"""
import datetime
from cms.articles.models import ArticleIndexPage
from cms.services.models import ServicePage
from tests import factories
factories.ArticlePageFactory(
    parent=ArticleIndexPage.objects.get(), title="Every kind of block", slug={EVERY_BLOCK_ARTICLE!r},
    publication_date=datetime.date(2020, 1, 6), with_hero=True, tags=["testing"],
    body=[
        ("heading", "A heading in the body"),
        factories.paragraph('<p>Some <b>bold</b> text, <a href="https://example.com/">a link</a> and a list:</p>'
                            '<ul><li>one</li><li>two</li></ul>'),
        ("quote", {{"quote": "Rest is part of training.", "attribution": "A therapist"}}),
        ("image", {{"image": factories.ImageFactory(), "alt": "A rolled towel under a knee", "caption": "Support the knee."}}),
        factories.call_to_action(service=ServicePage.objects.get(slug="reflexology"), heading="Try reflexology"),
        factories.call_to_action(url="https://book.example.com/other", label="Book elsewhere"),
    ],
)
"""


def require_part(name: str, reason: str) -> None:
    """Fail in CI, where every part must be there; skip on a laptop without it."""
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but missing: {reason}")
    pytest.skip(f"{name} is missing here: {reason}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        require_part("axe-core", f"{AXE_SCRIPT} not found (run `make browser-tools`, which needs npm)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> str:
    if not CHROMIUM.is_file():
        require_part("Chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    return str(CHROMIUM)


@pytest.fixture(scope="session", autouse=True)
def browser_parts(chromium, axe_source):
    """Checks for Chromium and axe-core before any test here starts its (session-wide) servers."""


@pytest.fixture(scope="package")
def browser(chromium):
    """One headless Chromium for every browser test."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


def new_context(browser, viewport: str, **options):
    """A browser context (own cookies and cache) sized for "phone" or "desktop"."""
    context = browser.new_context(**VIEWPORTS[viewport], **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_page(browser):
    """Opens a page in a fresh context (own cookies) sized for "phone" or "desktop"; all close afterwards."""
    contexts = []

    def open_page(viewport: str = "desktop", **options):
        contexts.append(new_context(browser, viewport, **options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def reading_tab(browser):
    """One tab per viewport for a module's tests that only load pages and look at them, going from
    page to page as a reader's tab does (each `goto` is a new document). A new tab per test cost
    Chromium a new renderer process each time, about half a second of CPU."""
    contexts = {}

    def tab(viewport: str):
        if viewport not in contexts:
            contexts[viewport] = new_context(browser, viewport)
            contexts[viewport].new_page()
        return contexts[viewport].pages[0]

    yield tab
    for context in contexts.values():
        context.close()


def format_violations(violations: list[dict]) -> str:
    """axe's findings, one rule a paragraph: impact, rule, help and where on the page."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe_source):
    """Runs axe-core on the page as it is now; fails on any violation, of any impact.

    axe goes in with `page.evaluate`, not a `<script>` tag: Playwright's `add_script_tag(path=...)`
    inserts the file as an inline script, which the site's CSP (`script-src 'self'`) rightly
    blocks, and bypassing the CSP would test a different page than readers get."""

    def check(page, what: str = "") -> None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        violations = result["violations"]
        where = what or page.url
        assert not violations, (
            f"axe-core found {len(violations)} problem(s) on {where}:\n{format_violations(violations)}"
        )
        assert result["passes"], f"axe-core checked nothing on {where}: {json.dumps(result)[:500]}"

    return check


@pytest.fixture(scope="package")
def reader_site(clinic_cms_source, tmp_path_factory):
    """The public site under gunicorn over its own CMS: the test clinic plus older articles (two list pages)."""
    cms = copy_cms(clinic_cms_source, tmp_path_factory.mktemp("browser-cms") / "var")
    run_python(cms, ADD_EVERY_BLOCK_ARTICLE)
    cms.generate_articles(EXTRA_ARTICLES)
    cms.start()
    # CMS_PUBLIC_URL: the CSP lets images load from this CMS.
    site = LiveSite(
        cms.api_url, tmp_path_factory.mktemp("browser-site-cache"), workers=2, CMS_PUBLIC_URL=cms.url
    ).start()
    yield site
    site.stop()
    cms.stop()
