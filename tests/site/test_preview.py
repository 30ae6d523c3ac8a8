"""Preview on the real site, end to end: a live Wagtail (the clinic of tests/clinic_data.py) whose
admin sends editors to a live gunicorn site, which renders drafts with its own templates.

The editor's side goes through the real admin views with a logged-in session, as the preview
panel's frame and "View draft" do; the token the admin hands out is then used on the site."""

import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import requests
from bs4 import BeautifulSoup
from flask import template_rendered
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.booking_links import untagged
from tests.clinic_data import AINO_BOOKING, ARTICLES, THERAPISTS
from tests.conftest import copy_cms, make_site, run_python
from tests.live_servers import LiveSite, free_port

pytestmark = pytest.mark.e2e

ARTICLE = "/articles/ankle-care-for-walkers/"
LIVE_TEXT = "Circle each foot ten times."
DRAFT_TEXT = "Draft only: circle each foot twenty times."


@pytest.fixture(scope="module")
def stack(clinic_cms_source, tmp_path_factory):
    """A CMS (a copy of the clinic) whose SITE_URL is a gunicorn site reading from it, and the admin."""
    port = free_port()
    cms = copy_cms(clinic_cms_source, tmp_path_factory.mktemp("preview-cms") / "var")
    cms.env["SITE_URL"] = f"http://127.0.0.1:{port}"
    cms.start()
    site = LiveSite(
        cms.api_url, tmp_path_factory.mktemp("preview-site-cache"), workers=2, port=port, CMS_PUBLIC_URL=cms.url
    ).start()
    yield cms, site, cms.admin_session()
    site.stop()
    cms.stop()


def soup(response) -> BeautifulSoup:
    text = response.text if isinstance(response, requests.Response) else response.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def booking_links_as_destinations(page: BeautifulSoup) -> BeautifulSoup:
    """Booking buttons with their destination as the link: live pages link through the site's
    counting redirect, previews straight to the booking system (editors' clicks are not counted)."""
    for link in page.select("a[data-booking-url]"):
        link["href"] = link["data-booking-url"]
    return page


def page_id(cms, path: str) -> int:
    return requests.get(f"{cms.api_url}/pages/find/", params={"html_path": path}).json()["id"]


def preview_address(cms, session, page_path: str) -> str:
    """Where "View draft" sends the editor: the site's preview of the page's latest revision."""
    response = session.get(f"{cms.url}/admin/pages/{page_id(cms, page_path)}/view_draft/", allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def article_form(title: str, slug: str, text: str, date: str, author: str = "") -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": f"About {title.lower()}.",
            "publication_date": date,
            "author": author,
            "tags": "",
            "hero_image": "",
            "hero_alt": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "comments": inline_formset([]),
        }
    )


def panel_preview(cms, session, url: str, form: dict) -> requests.Response:
    """What the preview panel does: post the form as it stands, then load the preview in its frame."""
    stored = session.post(
        url, data={**form, "csrfmiddlewaretoken": session.cookies["csrftoken"]}, headers={"Referer": url}
    )
    assert stored.json() == {"is_valid": True, "is_available": True}
    return session.get(url, params={"mode": ""})


def test_a_draft_previews_on_the_site_while_readers_keep_the_published_text(stack):
    cms, site, session = stack
    run_python(
        cms,
        (
            "from cms.articles.models import ArticlePage; from tests.factories import paragraph\n"
            f"draft = ArticlePage.objects.get(slug='ankle-care-for-walkers').get_latest_revision_as_object()\n"
            f"draft.body = [paragraph('<p>{DRAFT_TEXT}</p>')]\n"
            "draft.save_revision()"
        ),
    )
    live_before = requests.get(site.url + ARTICLE)
    address = preview_address(cms, session, ARTICLE)
    assert address.startswith(f"{site.url}/_preview/")

    for _ in range(2):  # a preview, then the live page, twice: neither is ever served for the other
        preview = requests.get(address)
        live = requests.get(site.url + ARTICLE)
        assert preview.status_code == live.status_code == 200
        assert DRAFT_TEXT in preview.text and LIVE_TEXT not in preview.text
        assert LIVE_TEXT in live.text and DRAFT_TEXT not in live.text
        assert soup(preview).select_one(".preview-notice") is not None
        assert soup(live).select_one(".preview-notice") is None
    assert live_before.headers["X-Cache"] == "MISS" and live.headers["X-Cache"] == "HIT"

    # Nothing of the preview is in the site's shared cache (files under CACHE_DIR).
    stored = b"".join(path.read_bytes() for path in site_cache_files(site))
    assert LIVE_TEXT.encode() in stored and DRAFT_TEXT.encode() not in stored


def site_cache_files(site: LiveSite):
    return [path for path in Path(site.env["CACHE_DIR"]).rglob("*") if path.is_file()]


def test_preview_answers_are_private_unindexed_and_framed_only_by_the_cms(stack):
    cms, site, session = stack
    response = requests.get(preview_address(cms, session, ARTICLE))
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == cms.url
    assert (
        "Surrogate-Key" not in response.headers and "X-Cache" not in response.headers and "ETag" not in response.headers
    )
    # The live page may still be framed by the CMS (links followed inside the preview panel).
    assert cms.url in requests.get(site.url + ARTICLE).headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/",
        "/therapists/",
        "/services/",
        ARTICLE,
        "/therapists/aino-testinen/",
        "/services/hot-stone-massage/",
    ],
)
def test_every_page_type_previews_as_the_site_renders_it(stack, path):
    cms, site, session = stack
    preview = requests.get(preview_address(cms, session, path))
    live = requests.get(site.url + path)
    assert preview.status_code == 200
    assert soup(preview).select_one(".preview-notice").get_text(" ", strip=True).startswith("Preview")
    if path != ARTICLE:  # (another test leaves a draft of that one)
        # The same templates with the same data: the main content is identical.
        assert booking_links_as_destinations(soup(preview)).main == booking_links_as_destinations(soup(live)).main
    assert soup(preview).title.get_text() == soup(live).title.get_text()


def test_an_unsaved_new_article_previews_with_neighbours_author_and_booking(stack):
    cms, site, session = stack
    index_id = page_id(cms, "/articles/")
    aino = page_id(cms, "/therapists/aino-testinen/")
    url = f"{cms.url}/admin/pages/add/articles/articlepage/{index_id}/preview/"
    response = panel_preview(
        cms,
        session,
        url,
        article_form("Foam rolling basics", "foam-rolling-basics", "Roll slowly.", "2026-04-20", author=str(aino)),
    )
    assert response.url.startswith(f"{site.url}/_preview/")  # the frame followed the CMS to the site
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Foam rolling basics"
    assert "Roll slowly." in response.text
    assert page.find("a", rel="prev")["href"] == "/articles/ankle-care-for-walkers/"  # 14 April
    assert page.find("a", rel="next")["href"] == "/articles/sleeping-well-after-training/"  # 30 May
    assert page.find("a", href="/therapists/aino-testinen/").get_text(strip=True) == THERAPISTS["aino-testinen"]
    assert [untagged(link["href"]) for link in page.select("a[data-booking-place=author_card]")] == [AINO_BOOKING]
    # It is still not a page of the site.
    assert requests.get(f"{site.url}/articles/foam-rolling-basics/").status_code == 404


def test_the_preview_panel_shows_unsaved_edits(stack):
    cms, site, session = stack
    article_id = page_id(cms, "/articles/warming-up-before-a-run/")
    title, date = ARTICLES["warming-up-before-a-run"]
    url = f"{cms.url}/admin/pages/{article_id}/edit/preview/"
    response = panel_preview(
        cms,
        session,
        url,
        article_form("Warming up, edited", "warming-up-before-a-run", "Edited in the form.", date.isoformat()),
    )
    assert response.status_code == 200 and "Edited in the form." in response.text
    assert soup(response).h1.get_text(strip=True) == "Warming up, edited"
    assert soup(requests.get(f"{site.url}/articles/warming-up-before-a-run/")).h1.get_text(strip=True) == title


@pytest.mark.parametrize("token", ["forged-token-of-the-right-length-0123456789ab", "x", "a" * 300, "a.b", "%ff"])
def test_a_forged_or_malformed_token_gets_a_clear_404(stack, token):
    cms, site, session = stack
    response = requests.get(f"{site.url}/_preview/{token}/")
    assert response.status_code == 404
    assert "This preview is no longer available" in response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_an_expired_token_gets_a_clear_404(stack):
    cms, site, session = stack
    address = preview_address(cms, session, "/services/reflexology/")
    assert requests.get(address).status_code == 200
    token = address.rstrip("/").rsplit("/", 1)[1]
    run_python(
        cms,
        (
            "import datetime; from django.utils import timezone; from cms.preview.models import PagePreview\n"
            f"PagePreview.objects.filter(token='{token}').update(expires_at=timezone.now() - datetime.timedelta(seconds=1))"
        ),
    )
    response = requests.get(address)
    assert response.status_code == 404 and "This preview is no longer available" in response.text


def test_a_token_shows_only_its_own_page(stack):
    cms, site, session = stack
    first = requests.get(preview_address(cms, session, "/services/cupping-therapy/"))
    second = requests.get(preview_address(cms, session, "/services/reflexology/"))
    assert soup(first).h1.get_text(strip=True) == "Cupping therapy"
    assert soup(second).h1.get_text(strip=True) == "Reflexology"
    # The CMS's preview endpoint answers a token, and nothing without one.
    assert requests.get(f"{cms.api_url}/preview/").status_code == 404


def test_the_redis_cache_gains_no_preview_key(stack, redis_url):
    cms, _site, session = stack
    prefix = f"test-preview-{uuid.uuid4().hex[:8]}:"
    app = make_site(cms.api_url, CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url, CACHE_KEY_PREFIX=prefix)
    client, store = app.test_client(), redis.Redis.from_url(redis_url)
    try:
        assert client.get("/services/").status_code == 200  # a live page is stored
        keys = set(store.scan_iter(f"{prefix}*"))
        address = preview_address(cms, session, "/services/hot-stone-massage/")
        rendered = []
        with template_rendered.connected_to(
            lambda sender, template, context: rendered.append((template.name, context)), app
        ):
            preview = client.get(urlsplit(address).path)
        assert preview.status_code == 200 and preview.headers["Cache-Control"] == "private, no-store"
        assert [(name, context["preview"]) for name, context in rendered if name == "services/detail.html"] == [
            ("services/detail.html", True)
        ]
        assert set(store.scan_iter(f"{prefix}*")) == keys
        # Nor does this worker keep a copy for its fast path.
        pages = app.extensions["page_cache"]
        copies = pages.copies
        assert copies.pages and not any("_preview" in key for key in [*copies.pages, *copies.missing, *copies.uris])
    finally:
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)


def test_a_preview_while_the_cms_is_down_gets_the_503_page_and_is_not_kept():
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2")  # nothing listens there
    response = app.test_client().get("/_preview/forged-token-of-the-right-length-0123456789ab/")
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
