"""The public site rendering pages from a live Wagtail server loaded with the demo clinic."""

import re
from html import unescape

import pytest
import requests

from tests.conftest import make_site
from tests.live_servers import LiveCMS, LiveSite

pytestmark = pytest.mark.e2e

PIIA_BOOKING = "https://book.example.com/kestrel/piia-laakso"
CLINIC_BOOKING = "https://book.example.com/kestrel"


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def booking_buttons(page: str) -> list[tuple[str, str, str]]:
    """(href, source, label) of every booking button on the page."""
    return re.findall(
        r'<a class="button[^"]*" href="([^"]+)" target="_blank" rel="noopener noreferrer external"\s+'
        r'data-booking-source="(\w+)">([^<]+)<span class="visually-hidden">',
        page,
    )


def test_foot_massage_article_links_to_previous_and_next(site_client):
    response = site_client.get("/articles/massage-for-the-feet/")
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Massage for the feet</h1>" in page
    assert re.search(r'rel="prev" href="/articles/menopause-and-your-pelvic-floor/">\s*<span class="prev-next__label">Previous</span> <span class="prev-next__title">Menopause and your pelvic floor</span>', page)
    assert re.search(r'rel="next" href="/articles/what-is-bladder-pain-syndrome/">\s*<span class="prev-next__label">Next</span> <span class="prev-next__title">What is Bladder Pain Syndrome and how can I get help\?</span>', page)
    # The links lead somewhere real.
    assert site_client.get("/articles/menopause-and-your-pelvic-floor/").status_code == 200
    assert site_client.get("/articles/what-is-bladder-pain-syndrome/").status_code == 200


def test_article_has_author_card_and_booking_buttons(site_client):
    page = html(site_client.get("/articles/massage-for-the-feet/"))
    assert 'About the author: <a href="/therapists/piia-laakso/">Piia Laakso</a>' in page
    assert (PIIA_BOOKING, "therapist", "Book with Piia") in booking_buttons(page)
    # The article's own call to action books the service it names.
    assert ("https://book.example.com/kestrel/sports-massage", "service", "Book deep tissue / remedial sports massage") in booking_buttons(page)
    assert 'src="http://127.0.0.1:' in page  # hero image from the CMS's media


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/services/pregnancy-massage/", ("https://book.example.com/kestrel/pregnancy-massage", "service", "Book pregnancy massage")),
        ("/services/holistic-massage/", (PIIA_BOOKING, "therapist", "Book holistic massage")),
        ("/services/pelvic-health-assessment/", (CLINIC_BOOKING, "default", "Book pelvic health assessment")),
        ("/therapists/piia-laakso/", (PIIA_BOOKING, "therapist", "Book with Piia")),
        ("/therapists/maija-virtanen/", (CLINIC_BOOKING, "default", "Book with Maija")),
    ],
)
def test_booking_button_falls_back_service_therapist_clinic(site_client, path, expected):
    response = site_client.get(path)
    assert response.status_code == 200
    assert booking_buttons(html(response))[0] == expected


def test_therapist_page_shows_days_services_and_contact(site_client):
    page = html(site_client.get("/therapists/piia-laakso/"))
    assert "<h1>Piia Laakso</h1>" in page
    assert "<li>Tuesday</li>" in page
    assert 'href="mailto:piia@example.com"' in page
    for service in ("Pregnancy massage", "Holistic massage", "Deep tissue / remedial sports massage"):
        assert service in page


def test_service_page_shows_prices_and_who_offers_it(site_client):
    page = html(site_client.get("/services/pregnancy-massage/"))
    assert '<table class="prices">' in page
    assert re.search(r"<td>€\d+(\.\d\d)?</td>", page)
    assert re.search(r"<td>\d+ min</td>", page)
    assert '<a href="/therapists/piia-laakso/">Piia Laakso</a>' in page


def test_home_and_lists_render(site_client):
    home = html(site_client.get("/"))
    for text in ("Kestrel Therapy Clinic", "Massage for the feet", "Pregnancy massage", "Piia Laakso", "hello@example.com"):
        assert text in home
    therapists = html(site_client.get("/therapists/"))
    assert "Piia Laakso" in therapists and "Maija Virtanen" in therapists
    services = html(site_client.get("/services/"))
    assert services.count('class="card"') == 4
    articles = html(site_client.get("/articles/"))
    titles = re.findall(r'<h2 class="card__title"><a href="/articles/[^"]+/">([^<]+)</a>', articles)
    assert titles == [
        "What is Bladder Pain Syndrome and how can I get help?",
        "Massage for the feet",
        "Menopause and your pelvic floor",
    ]


@pytest.mark.parametrize(
    "path, status",
    [
        ("/articles/no-such-article/", 404),
        ("/therapists/nobody/", 404),
        ("/services/nothing/", 404),
        ("/articles/piia-laakso/", 404),  # a real slug, but not an article
        ("/articles/?page=2", 404),  # past the last page
        ("/articles/?page=0", 400),
        ("/articles/?page=two", 400),
        ("/not-a-section/", 404),
    ],
)
def test_bad_addresses_get_clear_answers(site_client, path, status):
    response = site_client.get(path)
    assert response.status_code == status
    assert "Traceback" not in html(response)
    assert "<footer" in html(response)


def test_unknown_article_shows_the_404_page(site_client):
    response = site_client.get("/articles/no-such-article/")
    assert "We can't find that page" in html(response)


def test_cms_stopped_gives_the_friendly_503_page(live_cms, tmp_path):
    # A second CMS process over a copy of the same database, so stopping it leaves the others alone.
    import shutil

    shutil.copytree(live_cms.var_dir, tmp_path / "cms", dirs_exist_ok=True)
    second = LiveCMS(tmp_path / "cms").start()
    site = make_site(second.api_url).test_client()
    try:
        assert site.get("/therapists/piia-laakso/").status_code == 200
    finally:
        second.stop()
    response = site.get("/services/holistic-massage/")
    assert response.status_code == 503
    assert "We'll be back in a moment" in html(response)


def test_publishing_in_the_admin_updates_every_site_worker_at_once(live_cms, tmp_path):
    """The real chain: an article created and published with the admin's own form -> a signed
    purge after commit -> every worker of a multi-worker site serves the new pages."""
    import shutil
    import time

    from shared.contract import PURGE_PATH

    shutil.copytree(live_cms.var_dir, tmp_path / "cms", dirs_exist_ok=True)
    cms = LiveCMS(tmp_path / "cms")
    site = LiveSite(cms.api_url, tmp_path / "site-cache", workers=3)
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.admin_password = live_cms.admin_password
    cms.start(), site.start()
    try:
        before = requests.get(f"{site.url}/articles/").text
        assert requests.get(f"{site.url}/articles/").headers["X-Cache"] == "HIT"  # cached now
        assert "Stretching the calves" not in before

        cms.publish_article(cms.admin_session(), "Stretching the calves", "stretching-the-calves", "2026-11-04",
                            text="Hold each for thirty seconds.")

        # Every worker now serves the new list (polled a few times so all three answer).
        deadline = time.monotonic() + 10
        while "Stretching the calves" not in requests.get(f"{site.url}/articles/").text:
            assert time.monotonic() < deadline, "the site never showed the published article"
            time.sleep(0.05)
        for _ in range(12):
            assert "Stretching the calves" in requests.get(f"{site.url}/articles/").text
        # Its neighbour's Next link was purged too.
        bladder = requests.get(f"{site.url}/articles/what-is-bladder-pain-syndrome/").text
        assert 'rel="next" href="/articles/stretching-the-calves/"' in bladder
    finally:
        site.stop()
        cms.stop()


def test_paging_through_many_articles_from_either_end(live_cms, tmp_path):
    """Every article appears exactly once, in order, on the pages read from the front and from the back."""
    import shutil

    shutil.copytree(live_cms.var_dir, tmp_path / "cms", dirs_exist_ok=True)
    cms = LiveCMS(tmp_path / "cms")
    cms.generate_articles(42)  # 45 articles: five pages, the last one short
    cms.start()
    try:
        site = make_site(cms.api_url).test_client()
        titles = []
        for number in range(1, 6):
            page = html(site.get(f"/articles/?page={number}"))
            titles += re.findall(r'<h2 class="card__title"><a href="/articles/[^"]+/">([^<]+)</a>', page)
        api = requests.get(f"{cms.api_url}/pages/", params={"type": "articles.ArticlePage", "order": "-publication_date,-id", "fields": "_,title", "limit": 50}).json()
        assert titles == [item["title"] for item in api["items"]]
        assert len(titles) == 45 and len(set(titles)) == 45
        assert site.get("/articles/?page=6").status_code == 404
    finally:
        cms.stop()
