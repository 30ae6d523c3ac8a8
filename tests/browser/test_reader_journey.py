"""A reader in a real browser: home -> article -> Next -> Previous -> tag -> search -> Book, on a
phone and on a desktop, and once more with the keyboard alone. axe-core checks every page on the way.
"""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.booking_links import untagged
from tests.clinic_data import AINO_BOOKING, ARTICLES

pytestmark = pytest.mark.e2e

ANKLES = "ankle-care-for-walkers"  # written by Aino, so its booking button books with her; tagged "walking"
TAG = "walking"
SEARCH = "ankle"  # words only that article's title has
SLEEPING = "sleeping-well-after-training"  # the next (newer) article


def title(slug: str) -> str:
    return ARTICLES[slug][0]


@pytest.fixture
def watch_console():
    """Collects the page's console errors, uncaught exceptions and failed requests (CSP refusals
    are console errors), the browser's own /favicon.ico request included."""
    problems = []

    def on_console(message):
        # A failed request also logs "Failed to load resource"; on_response names its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def on_response(response):
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def watch(page):
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", on_response)
        return problems

    return watch


def expect_article(page, site_url: str, slug: str) -> None:
    expect(page).to_have_url(f"{site_url}/articles/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title(slug))


def expect_tag_archive(page, site_url: str) -> None:
    expect(page).to_have_url(f"{site_url}/articles/tag/{TAG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TAG)
    expect(page.get_by_role("main").get_by_role("link", name=title(ANKLES))).to_be_visible()


def expect_search_results(page, site_url: str) -> None:
    expect(page).to_have_url(f"{site_url}/search/?q={SEARCH}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(SEARCH)
    expect(page.get_by_role("main").get_by_role("link", name=title(ANKLES))).to_be_visible()


def expect_fits_the_screen(page) -> None:
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px screen"


def expect_booking_link(page, link) -> None:
    """The article's booking button opens the author's booking page in a new tab, without the opener.

    Its href may be the site's own `/book/<token>` redirect (which counts clicks); then the redirect's
    target is checked with a HEAD request, which the site does not count, and the browser stays here."""
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    href = urljoin(page.url, link.get_attribute("href"))
    if not href.startswith(AINO_BOOKING):
        answer = page.request.fetch(href, method="HEAD", max_redirects=0)
        assert answer.status in (302, 303), f"{href} answered {answer.status}, not a redirect"
        href = answer.headers["location"]
    assert untagged(href) == AINO_BOOKING


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_reader_goes_from_home_through_articles_to_booking(
    viewport, reader_site, new_page, assert_accessible, watch_console
):
    page = new_page(viewport)
    problems = watch_console(page)
    go = (lambda link: link.tap()) if viewport == "phone" else (lambda link: link.click())

    def check(what: str) -> None:
        assert_accessible(page, f"{what} ({viewport})")
        expect_fits_the_screen(page)

    page.goto(f"{reader_site.url}/")
    check("home")
    go(page.get_by_role("main").get_by_role("link", name=title(ANKLES)))
    expect_article(page, reader_site.url, ANKLES)
    check("article")

    go(page.get_by_role("link", name=re.compile(r"^Next\b")))
    expect_article(page, reader_site.url, SLEEPING)
    check("next article")

    go(page.get_by_role("link", name=re.compile(r"^Previous\b")))
    expect_article(page, reader_site.url, ANKLES)

    go(page.get_by_role("main").get_by_role("link", name=TAG, exact=True))
    expect_tag_archive(page, reader_site.url)
    check("tag archive")

    go(page.get_by_role("banner").get_by_role("link", name="Search", exact=True))
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill(SEARCH)
    search.press("Enter")
    expect_search_results(page, reader_site.url)
    check("search results")
    go(page.get_by_role("main").get_by_role("link", name=title(ANKLES)))
    expect_article(page, reader_site.url, ANKLES)

    expect_booking_link(page, page.get_by_role("link", name=re.compile(r"^Book with Aino")))
    assert problems == [], f"the browser reported errors: {problems}"


def press_tab_until(page, name: str, limit: int = 60, until=None):
    """Presses Tab until the focused element's text starts with `name` (or `until()` is true); every
    element it passes must show a focus ring and be on screen. Returns the focused element."""
    focused = page.locator(":focus")
    for _ in range(limit):
        page.keyboard.press("Tab")
        expect(focused).to_be_in_viewport()
        state = page.evaluate(
            """() => {
                const el = document.activeElement, style = getComputedStyle(el);
                return {text: el.textContent.replace(/\\s+/g, ' ').trim(), tag: el.tagName,
                        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
            }"""
        )
        assert state["ring"], f"no visible focus ring on <{state['tag']}> {state['text']!r} at {page.url}"
        if until() if until else state["text"].startswith(name):
            return focused
    raise AssertionError(f"{limit} presses of Tab never reached {name!r} on {page.url}")


def test_a_keyboard_reader_gets_there_with_tab_and_enter(reader_site, new_page):
    page = new_page("desktop")
    page.goto(f"{reader_site.url}/")

    # The first Tab shows the skip link; Enter moves focus to the main content.
    press_tab_until(page, "Skip to content", limit=1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{reader_site.url}/#main")
    expect(page.get_by_role("main")).to_be_focused()

    # The main navigation, from the top of the page: the menu opens with Enter.
    page.goto(f"{reader_site.url}/")
    press_tab_until(page, "Menu", limit=3)
    page.keyboard.press("Enter")
    press_tab_until(page, "Articles", limit=1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{reader_site.url}/articles/")

    press_tab_until(page, "Skip to content", limit=1)
    page.keyboard.press("Enter")
    press_tab_until(page, title(ANKLES))  # from the main content on: the list's own links
    page.keyboard.press("Enter")
    expect_article(page, reader_site.url, ANKLES)

    press_tab_until(page, "Next")
    page.keyboard.press("Enter")
    expect_article(page, reader_site.url, SLEEPING)

    press_tab_until(page, "Previous")
    page.keyboard.press("Enter")
    expect_article(page, reader_site.url, ANKLES)

    press_tab_until(page, TAG)
    page.keyboard.press("Enter")
    expect_tag_archive(page, reader_site.url)

    # The header's search link, the search page's box, then the result.
    press_tab_until(page, "Search")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{reader_site.url}/search/")
    press_tab_until(
        page,
        "",
        until=lambda: page.get_by_role("searchbox").evaluate("el => el === document.activeElement"),
    )
    page.keyboard.type(SEARCH)
    page.keyboard.press("Enter")
    expect_search_results(page, reader_site.url)
    press_tab_until(page, "Skip to content", limit=1)
    page.keyboard.press("Enter")
    press_tab_until(page, title(ANKLES))
    page.keyboard.press("Enter")
    expect_article(page, reader_site.url, ANKLES)

    expect_booking_link(page, press_tab_until(page, "Book with Aino"))
