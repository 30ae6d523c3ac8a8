"""The public site rendering pages of the clinic of tests/clinic_data.py: from the CMS API's recorded
answers (tests/recorded_api.py), and end to end (marked e2e) from a live Wagtail server.

Assertions are on data and behaviour (titles, links, statuses, headers), not on exact markup.
"""

import datetime
import re

import pytest
import requests
from bs4 import BeautifulSoup

from devtools.generate_articles import generate as generate_articles
from shared.site_map import PURGE_PATH
from tests.booking_links import untagged
from tests.clinic_data import (
    AINO_BOOKING,
    ARTICLES,
    CLINIC_BOOKING,
    CLINIC_EMAIL,
    HOT_STONES_BOOKING,
    SERVICES,
    THERAPISTS,
)
from tests.conftest import make_site
from tests.waiting import wait_until

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NEWEST_GENERATED = datetime.date(2026, 1, 1)  # devtools.generate_articles' default: older than the clinic's
NEWEST_FIRST = [title for title, _date in sorted(ARTICLES.values(), key=lambda article: article[1], reverse=True)]


def soup(response) -> BeautifulSoup:
    text = response.text if isinstance(response, requests.Response) else response.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def booking_buttons(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(booking URL, source, label) of every booking button, in page order (the URL its
    counting redirect sends to, without the campaign parameters)."""
    return [
        (
            untagged(link["data-booking-url"]),
            link["data-booking-source"],
            # The label as the CMS sent it: without the day the site adds (tests/site/test_next_day.py).
            link.find(string=True, recursive=False).split(" \u2014 ")[0].strip(),
        )
        for link in page.select("a[data-booking-source]")
    ]


def links_to(page: BeautifulSoup, section: str) -> list[str]:
    """Addresses of the pages of one section linked from the page, in order, each once."""
    pattern = re.compile(rf"^/{section}/[^/]+/$")
    return list(dict.fromkeys(link["href"] for link in page.find_all("a", href=pattern)))


def link_text(page: BeautifulSoup, href: str) -> str:
    return page.find("a", href=href).get_text(strip=True)


def test_article_links_to_previous_and_next(site_client):
    response = site_client.get("/articles/ankle-care-for-walkers/")
    page = soup(response)
    assert response.status_code == 200
    assert page.h1.get_text(strip=True) == "Ankle care for walkers"
    previous, following = page.find("a", rel="prev"), page.find("a", rel="next")
    assert previous["href"] == "/articles/warming-up-before-a-run/"
    assert "Warming up before a run" in previous.get_text()
    assert following["href"] == "/articles/sleeping-well-after-training/"
    assert "Sleeping well after training" in following.get_text()
    # The links lead somewhere real.
    assert site_client.get(previous["href"]).status_code == 200
    assert site_client.get(following["href"]).status_code == 200


def test_article_has_author_card_hero_and_booking_buttons(site_client, clinic_api):
    page = soup(site_client.get("/articles/ankle-care-for-walkers/"))
    assert link_text(page, "/therapists/aino-testinen/") == "Aino Testinen"
    assert booking_buttons(page) == [
        # The article's own call to action books the service it names; the author card books the author.
        (HOT_STONES_BOOKING, "service", "Book hot stone massage"),
        (AINO_BOOKING, "therapist", "Book with Aino"),
    ]
    answer = requests.get(
        f"{clinic_api.api_url}/pages/find/", params={"html_path": "/articles/ankle-care-for-walkers/"}
    )
    hero = answer.json()["hero"]
    assert hero["url"].startswith(f"{clinic_api.url}/media/images/")  # served by the CMS
    assert hero["url"] in [image["src"] for image in page.find_all("img")]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/services/hot-stone-massage/", (HOT_STONES_BOOKING, "service", "Book hot stone massage")),
        ("/services/cupping-therapy/", (AINO_BOOKING, "therapist", "Book with Aino")),
        ("/services/reflexology/", (CLINIC_BOOKING, "default", "Book an appointment")),
        ("/therapists/aino-testinen/", (AINO_BOOKING, "therapist", "Book with Aino")),
        ("/therapists/ville-esimerkki/", (CLINIC_BOOKING, "default", "Book an appointment")),
    ],
)
def test_booking_button_falls_back_service_therapist_clinic(site_client, path, expected):
    response = site_client.get(path)
    assert response.status_code == 200
    assert booking_buttons(soup(response))[0] == expected


def test_therapist_page_shows_days_services_and_contact(site_client):
    page = soup(site_client.get("/therapists/aino-testinen/"))
    assert page.h1.get_text(strip=True) == "Aino Testinen"
    # Saved as thursday, tuesday: shown in week order.
    assert [item.get_text(strip=True) for item in page.find_all("li") if item.get_text(strip=True) in WEEKDAYS] == [
        "Tuesday",
        "Thursday",
    ]
    assert link_text(page, "mailto:aino-testinen@example.com") == "aino-testinen@example.com"
    assert links_to(page, "services") == ["/services/hot-stone-massage/", "/services/cupping-therapy/"]


def test_service_page_shows_prices_and_who_offers_it(site_client):
    page = soup(site_client.get("/services/hot-stone-massage/"))
    cells = [cell.get_text(strip=True) for cell in page.find_all("td")]
    assert cells == ["45 min", "€55", "90 min", "€92.50"]
    assert links_to(page, "therapists") == ["/therapists/aino-testinen/"]


def test_home_and_lists_render(site_client):
    home = soup(site_client.get("/"))
    assert links_to(home, "articles") == [f"/articles/{slug}/" for slug in reversed(ARTICLES)]  # newest three
    assert links_to(home, "services") == [f"/services/{slug}/" for slug in SERVICES]
    assert links_to(home, "therapists") == [f"/therapists/{slug}/" for slug in THERAPISTS]
    assert home.find("a", href=f"mailto:{CLINIC_EMAIL}") is not None
    assert links_to(soup(site_client.get("/therapists/")), "therapists") == [
        f"/therapists/{slug}/" for slug in THERAPISTS
    ]
    assert links_to(soup(site_client.get("/services/")), "services") == [f"/services/{slug}/" for slug in SERVICES]
    articles = soup(site_client.get("/articles/"))
    assert [link_text(articles, href) for href in links_to(articles, "articles")] == NEWEST_FIRST


@pytest.mark.parametrize(
    "path, status",
    [
        ("/articles/no-such-article/", 404),
        ("/therapists/nobody/", 404),
        ("/services/nothing/", 404),
        ("/articles/aino-testinen/", 404),  # a real slug, but not an article
        ("/articles/?page=2", 404),  # past the last page
        ("/articles/?page=0", 400),
        ("/articles/?page=two", 400),
        ("/not-a-section/", 404),
    ],
)
def test_bad_addresses_get_clear_answers(site_client, path, status):
    response = site_client.get(path)
    assert response.status_code == status
    assert "Traceback" not in response.get_data(as_text=True)
    assert soup(response).footer is not None  # the site's own page, not a bare error


def test_unknown_article_shows_the_404_page(site_client):
    response = site_client.get("/articles/no-such-article/")
    assert "We can't find that page" in soup(response).get_text()


def test_cms_stopped_gives_the_friendly_503_page(clinic_api):
    site = make_site(clinic_api.api_url).test_client()
    assert site.get("/therapists/aino-testinen/").status_code == 200
    clinic_api.down = True  # every connection to the CMS refused from now on
    response = site.get("/services/cupping-therapy/")
    assert response.status_code == 503
    assert "We'll be back in a moment" in soup(response).get_text()


@pytest.mark.e2e
def test_publishing_in_the_admin_updates_every_site_worker_at_once(clinic_cms_source, cms_copy, live_site):
    """The real chain: an article created and published with the admin's own form -> a signed
    purge after commit -> every worker of a multi-worker site serves the new pages."""
    cms = cms_copy(clinic_cms_source, start=False)
    site = live_site(cms.api_url, workers=3)
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.start()
    articles = f"{site.url}/articles/"
    assert requests.get(articles).headers["X-Cache"] == "MISS"
    assert requests.get(articles).headers["X-Cache"] == "HIT"  # cached now
    assert "Stretching the calves" not in requests.get(articles).text

    cms.publish_article(
        cms.admin_session(),
        "Stretching the calves",
        "stretching-the-calves",
        "2026-11-04",
        text="Hold each for thirty seconds.",
    )

    wait_until(
        lambda: "Stretching the calves" in requests.get(articles).text,
        timeout=10,
        what="the site's article list to show the published article",
    )
    for _ in range(12):  # several requests, so every worker answers
        assert "Stretching the calves" in requests.get(articles).text
    # Its neighbour's Next link was purged too.
    neighbour = soup(requests.get(f"{site.url}/articles/sleeping-well-after-training/"))
    assert neighbour.find("a", rel="next")["href"] == "/articles/stretching-the-calves/"


def test_paging_through_many_articles_from_either_end(clinic_api):
    """Every article appears exactly once, in order, on the pages read from the front and from the back."""
    generate_articles(42, NEWEST_GENERATED)  # 45 articles: five pages, the last one short
    cms = clinic_api
    site = make_site(cms.api_url).test_client()
    titles = []
    for number in range(1, 6):
        page = soup(site.get(f"/articles/?page={number}"))
        titles += [link_text(page, href) for href in links_to(page, "articles")]
    api = requests.get(
        f"{cms.api_url}/pages/",
        params={"type": "articles.ArticlePage", "order": "-publication_date,-id", "fields": "_,title", "limit": 50},
    ).json()
    assert titles == [item["title"] for item in api["items"]]
    assert len(titles) == 45 and len(set(titles)) == 45
    assert site.get("/articles/?page=6").status_code == 404
