"""axe-core on every kind of page the site has, on a phone and on a desktop: no violations of any impact."""

import pytest
from playwright.sync_api import expect

from devtools.live_servers import free_port
from tests.browser.conftest import EVERY_BLOCK_ARTICLE
from tests.clinic_data import SERVICES, THERAPISTS

pytestmark = pytest.mark.e2e

PAGES = {  # what: (path, expected status, the parts it must show, so axe checks what we think)
    "home": ("/", 200, ".hero .button"),
    "article list": ("/articles/", 200, ".pagination"),
    "article list, page 2": ("/articles/?page=2", 200, ".pagination a[rel=prev]"),
    "article": ("/articles/ankle-care-for-walkers/", 200, ".author-card"),  # author, hero, call to action, tags
    "article with every block": (
        f"/articles/{EVERY_BLOCK_ARTICLE}/",
        200,
        ("blockquote", ".figure img", ".cta h2", ".cta[aria-label]"),
    ),
    "therapist list": ("/therapists/", 200, ".card--person"),
    "therapist": (f"/therapists/{next(iter(THERAPISTS))}/", 200, "main img"),
    "service list": ("/services/", 200, ".card"),
    "service": (f"/services/{next(iter(SERVICES))}/", 200, "main table"),
    "tag archive": ("/articles/tag/walking/", 200, ".card"),
    "search": ("/search/", 200, "main [role=search]"),
    "visit us": ("/visit/", 200, "main .clinic-details"),
    "search results": ("/search/?q=ankle", 200, ".search-result"),
    "search, nothing found": ("/search/?q=zebra", 200, ".search-page__count"),
    "preview no longer available": ("/_preview/" + "a" * 43 + "/", 404, 'h1:has-text("no longer available")'),
    "not found": ("/articles/no-such-article/", 404, ".error-page"),
    "malformed query": ("/articles/?page=02", 400, ".error-page"),
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("what", list(PAGES))
def test_page_has_no_accessibility_violations(what, viewport, reader_site, reading_tab, assert_accessible):
    path, status, parts = PAGES[what]
    page = reading_tab(viewport)
    response = page.goto(reader_site.url + path)
    assert response.status == status
    for part in (parts,) if isinstance(parts, str) else parts:
        expect(page.locator(part).first).to_be_visible()
    assert_accessible(page, f"the {what} page ({viewport})")


def test_cms_down_page_has_no_accessibility_violations(live_site, new_page, assert_accessible):
    # A site whose CMS never answers (nothing listens on that port) shows its 503 page everywhere.
    site = live_site(f"http://127.0.0.1:{free_port()}/api/v2", workers=1)
    page = new_page("phone")
    response = page.goto(f"{site.url}/articles/")
    assert response.status == 503
    assert_accessible(page, "the CMS-down page")


def test_the_check_itself_fails_on_a_page_with_problems(new_page, assert_accessible):
    """So a clean result above means something: an unlabelled field and a missing alt text are caught."""
    page = new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"><input></main></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "a broken page")
    assert "image-alt" in str(failure.value) and "label" in str(failure.value)
