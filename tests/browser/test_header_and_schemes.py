"""The phone-first header in Chromium (one row, at most 72 px tall at 390 px; a menu that opens by
keyboard with JavaScript off) and the dark colour scheme (emulated) with axe-core: no violations."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

HEADER_PAGES = ("/", "/articles/ankle-care-for-walkers/", "/search/?q=ankle", "/visit/", "/no-such-page/")
HEADER_ROW = (".brand", ".site-menu__toggle", ".site-header__book", ".site-header__search")


@pytest.mark.parametrize("path", HEADER_PAGES)
def test_the_phone_header_is_one_row_of_at_most_72_pixels(path, reader_site, reading_tab):
    page = reading_tab("phone")
    page.goto(reader_site.url + path)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 72, f"the header on {path} is {header['height']}px tall"
    boxes = [page.locator(part).bounding_box() for part in HEADER_ROW]
    assert all(box is not None for box in boxes), f"a part of the header is missing on {path}"
    for part, box in zip(HEADER_ROW, boxes, strict=True):
        assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"], (path, part)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, part)
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes), f"not one row on {path}"
    expect(page.locator(".site-nav")).to_be_hidden()  # the menu starts closed


def test_the_menu_opens_by_keyboard_without_javascript(reader_site, new_page):
    page = new_page("phone", java_script_enabled=False)
    page.goto(f"{reader_site.url}/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    toggle = page.locator(".site-menu__toggle")
    for _ in range(3):  # skip link, the clinic's name, the menu
        page.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Articles")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{reader_site.url}/articles/")


DARK_PAGES = (
    "/",
    "/articles/",
    "/articles/ankle-care-for-walkers/",
    "/therapists/",
    "/services/",
    "/search/?q=ankle",
    "/visit/",
    "/no-such-page/",
)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_dark_scheme_has_no_accessibility_violations(viewport, reader_site, new_page, assert_accessible):
    page = new_page(viewport, color_scheme="dark")
    for path in DARK_PAGES:
        page.goto(reader_site.url + path)
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(17, 25, 23)", f"{path} is not dark: {background}"
        if path == "/":
            page.locator(".site-menu__toggle").click()  # the open menu too
            expect(page.locator(".site-nav")).to_be_visible()
        assert_accessible(page, f"{path} in the dark scheme ({viewport})")
