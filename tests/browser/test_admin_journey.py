"""An editor in a real browser: log in to the Wagtail admin, write an article in the rich-text
editor, preview it (the public site renders the unsaved form in Wagtail's preview panel), publish
it, and read it on the public site, which the CMS's purge message updated.
"""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import run_python
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

PURGE_PATH = "/_cms/purge"
EDITOR = "browser-editor"
EDITOR_PASSWORD = "a-long-browser-test-password-4821"

TITLE = "Loosening tight hips"
SLUG = "loosening-tight-hips"
SUMMARY = "Three gentle moves for hips that sit all day."
PARAGRAPH = "Lie on your back and rock both knees slowly from side to side."


@pytest.fixture
def editors_cms(clinic_cms_source, cms_copy, live_site):
    """A CMS of its own (the test adds a page) that tells its own live site what changed."""
    cms = cms_copy(clinic_cms_source, start=False)
    site = live_site(cms.api_url, workers=2, CMS_PUBLIC_URL=cms.url)
    cms.env.update(SITE_PURGE_URL=site.url + PURGE_PATH, SITE_URL=site.url)
    run_python(
        cms,
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser({EDITOR!r}, 'editor@example.com', {EDITOR_PASSWORD!r})",
    )
    cms.start()
    return cms, site


def log_in(page, cms) -> None:
    page.goto(f"{cms.url}/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{cms.url}/admin/")


def start_article(page, cms) -> None:
    """From the Articles section's page listing, "Add child page" (articles are its only child type)."""
    index_id = requests.get(f"{cms.api_url}/pages/", params={"type": "articles.ArticleIndexPage"}).json()["items"][0][
        "id"
    ]
    page.goto(f"{cms.url}/admin/pages/{index_id}/")
    page.get_by_role("link", name=re.compile("Add child page", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/articles/articlepage/\d+/$"))


def write_article(page) -> None:
    page.get_by_role("textbox", name=re.compile("^Title")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile("^Summary")).fill(SUMMARY)
    # The body StreamField: insert a paragraph block, then type into its Draftail editor.
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name=re.compile("Insert a block", re.I)).first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = body.locator(".Draftail-Editor [contenteditable='true']").first
    editor.click()
    page.keyboard.type(PARAGRAPH)
    expect(editor).to_contain_text(PARAGRAPH)
    # Draftail copies its content into the form's hidden field a moment after typing stops.
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile(re.escape(PARAGRAPH)))


def preview_article(page, site_url: str, new_page, assert_accessible) -> None:
    """Wagtail's preview panel frames the site's rendering of the form as it stands (not saved)."""
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_role("main")).to_contain_text(PARAGRAPH)
    frame = page.locator("#w-preview-iframe").element_handle().content_frame()
    address = frame.url
    assert address.startswith(f"{site_url}/_preview/"), f"the preview panel shows {address}, not the site's preview"
    # The preview page as its own tab: readable without the admin's login, and accessible too.
    tab = new_page("desktop")
    tab.goto(address)
    expect(tab.get_by_role("main")).to_contain_text(PARAGRAPH)
    assert_accessible(tab, "the article's preview")
    page.get_by_role("button", name="Toggle preview").click()


def publish(page) -> None:
    """The footer's "Publish" sits in the action menu's drop-down."""
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish", exact=True).click()
    # "created and published", or "has been published" when Wagtail's editor autosaved a draft
    # first (it does after a pause, which a loaded machine can make long enough).
    message = re.compile(rf"Page '{re.escape(TITLE)}' (created and published|has been published)\.")
    expect(page.get_by_text(message)).to_be_visible()


def test_an_editor_writes_previews_and_publishes_an_article_that_readers_then_see(
    editors_cms, new_page, assert_accessible
):
    cms, site = editors_cms
    reader = requests.get(f"{site.url}/articles/")
    assert TITLE not in reader.text and reader.headers["X-Cache"] == "MISS"
    assert requests.get(f"{site.url}/articles/").headers["X-Cache"] == "HIT"  # cached: only a purge shows the new one

    page = new_page("desktop")
    log_in(page, cms)
    start_article(page, cms)
    write_article(page)
    preview_article(page, site.url, new_page, assert_accessible)
    assert TITLE not in requests.get(f"{site.url}/articles/").text  # a preview publishes nothing
    publish(page)

    # The cached list changes only because the CMS's signed purge reached the site.
    page.goto(f"{site.url}/articles/")

    def list_shows_the_article():
        page.reload()
        return page.get_by_role("link", name=TITLE).count()

    wait_until(
        list_shows_the_article, timeout=10, interval=0.2, what="the site's article list to show the published article"
    )
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(f"{site.url}/articles/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(PARAGRAPH)
    expect(page.locator("main")).to_contain_text(SUMMARY)
