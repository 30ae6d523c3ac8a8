"""RSS 2.0 and Atom feeds of the newest articles, read with feedparser, from the site rendering the CMS API's
recorded answers (tests/recorded_api.py); publishing end to end, through a live Wagtail."""

import datetime
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
import requests
from bs4 import BeautifulSoup
from pydantic import TypeAdapter

from shared import api_types
from shared.site_map import PURGE_PATH
from tests.clinic_data import ARTICLES, THERAPISTS
from tests.conftest import make_site
from tests.waiting import wait_until

ORIGIN = "https://www.kestrel.example"
NEWEST_FIRST = sorted(ARTICLES.items(), key=lambda item: item[1][1], reverse=True)
FEEDS = {
    "/articles/feed/": ("rss20", "application/rss+xml"),
    "/articles/feed/atom/": ("atom10", "application/atom+xml"),
}


@pytest.fixture
def client(clinic_api):
    return make_site(clinic_api.api_url, SITE_PUBLIC_URL=ORIGIN).test_client()


def count_cms_requests(app, monkeypatch) -> list[str]:
    """Every request the app's CMS client makes from now on, as "endpoint?query"."""
    client, calls, fetch = app.extensions["cms_client"], [], app.extensions["cms_client"].fetch

    def counted(endpoint, query):
        calls.append(f"{endpoint}?{query}")
        return fetch(endpoint, query)

    monkeypatch.setattr(client, "fetch", counted)
    return calls


@pytest.mark.parametrize("path", FEEDS)
def test_feed_lists_the_newest_articles_with_links_dates_authors_and_tags(client, path):
    version, content_type = FEEDS[path]
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == content_type and response.mimetype_params["charset"] == "utf-8"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.link == f"{ORIGIN}/articles/"
    assert [entry.title for entry in feed.entries] == [title for _slug, (title, _date) in NEWEST_FIRST]
    assert [entry.link for entry in feed.entries] == [f"{ORIGIN}/articles/{slug}/" for slug, _ in NEWEST_FIRST]
    for entry, (_slug, (_title, date)) in zip(feed.entries, NEWEST_FIRST, strict=True):
        assert datetime.date(*entry.published_parsed[:3]) == date
        assert entry.summary.startswith("About ")
    ankle = next(entry for entry in feed.entries if entry.link.endswith("/ankle-care-for-walkers/"))
    assert ankle.author == THERAPISTS["aino-testinen"]
    assert sorted(tag.term for tag in ankle.tags) == ["ankles", "walking"]
    unsigned = next(entry for entry in feed.entries if entry.link.endswith("/warming-up-before-a-run/"))
    assert "author" not in unsigned and "tags" not in unsigned


def test_atom_entries_carry_updated_dates_and_the_feed_its_own_address(client):
    feed = feedparser.parse(client.get("/articles/feed/atom/").get_data())
    assert {link.rel: link.href for link in feed.feed.links}["self"] == f"{ORIGIN}/articles/feed/atom/"
    # Published today, dated earlier: updated is the last publish, after the publication.
    assert all(entry.updated_parsed > entry.published_parsed for entry in feed.entries)
    assert feed.feed.updated_parsed == max(entry.updated_parsed for entry in feed.entries)


def entry_for(feed, slug):
    return next(entry for entry in feed.entries if entry.link.endswith(f"/articles/{slug}/"))


@pytest.mark.django_db
def test_entries_have_full_times_the_first_publish_and_atom_the_last(client):
    """Published: the first publish when it was on the publication day (else noon of that day in
    TIME_ZONE); Atom's updated: the last publish. With the time and zone, never a bare date."""
    from cms.articles.models import ArticlePage

    helsinki = ZoneInfo("Europe/Helsinki")
    first = datetime.datetime(2026, 4, 14, 7, 30, tzinfo=helsinki)
    last = datetime.datetime(2026, 5, 2, 16, 45, 10, tzinfo=helsinki)
    ArticlePage.objects.filter(slug="ankle-care-for-walkers").update(first_published_at=first, last_published_at=last)
    rss, atom = (client.get(path).get_data(as_text=True) for path in FEEDS)
    assert "<pubDate>Tue, 14 Apr 2026 07:30:00 +0300</pubDate>" in rss
    ankle = entry_for(feedparser.parse(atom), "ankle-care-for-walkers")
    assert ankle.published == "2026-04-14T07:30:00+03:00"
    assert ankle.updated == "2026-05-02T16:45:10+03:00"
    # Dated before its first publish (the other two): noon of its publication day, in TIME_ZONE.
    warming = entry_for(feedparser.parse(atom), "warming-up-before-a-run")
    assert warming.published == "2026-03-02T12:00:00+02:00"
    assert re.search(r"<pubDate>Mon, 02 Mar 2026 12:00:00 \+0200</pubDate>", rss)


@pytest.mark.django_db
@pytest.mark.parametrize("path", FEEDS)
def test_entries_carry_the_article_with_absolute_links_and_pictures(client, path):
    from cms.articles.models import ArticlePage
    from cms.therapists.models import TherapistPage
    from tests import factories

    aino = TherapistPage.objects.get(slug="aino-testinen")
    article = ArticlePage.objects.get(slug="ankle-care-for-walkers")
    article.body = [
        factories.paragraph(
            f'<p>Ask <a linktype="page" id="{aino.id}">Aino</a> or read <a href="https://example.com/feet">this</a>.</p>'
        ),
        ("image", {"image": factories.ImageFactory(), "alt": "A foot on a towel", "caption": "Rest it."}),
    ]
    article.save_revision().publish()
    feed = feedparser.parse(client.get(path).get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    (content,) = entry_for(feed, "ankle-care-for-walkers").content
    assert content.type == "text/html"
    body = BeautifulSoup(content.value, "html.parser")
    assert [a["href"] for a in body.find_all("a")] == [
        f"{ORIGIN}/therapists/aino-testinen/",
        "https://example.com/feet",
    ]
    (img,) = body.find_all("img")
    assert img["src"].startswith("http://") and img["alt"] == "A foot on a towel" and img["width"]
    assert not body.find_all(["picture", "source"]) and "srcset" not in img.attrs
    assert body.find("figcaption").text == "Rest it."
    # The summary stays the short description.
    assert entry_for(feed, "ankle-care-for-walkers").summary.startswith("About ")


@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_is_one_cms_request_and_then_cached(clinic_api, monkeypatch, path):
    app = make_site(clinic_api.api_url)
    calls = count_cms_requests(app, monkeypatch)
    client = app.test_client()
    first = client.get(path)
    assert len(calls) == 1 and calls[0].startswith("pages/?")
    second = client.get(path)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert len(calls) == 1
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_the_feed_listing_has_its_declared_shape(clinic_api):
    from frontend.content.client import feed_listing_query

    answer = requests.get(f"{clinic_api.api_url}/pages/", params=feed_listing_query(20)).json()
    TypeAdapter(api_types.FeedListing).validate_python(answer)
    assert len(answer["items"]) == 3


@pytest.mark.parametrize(
    "path", ["/", "/articles/", "/articles/ankle-care-for-walkers/", "/therapists/", "/no-such-page/"]
)
def test_every_page_links_both_feeds_from_its_head(client, path):
    head = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser").head
    alternates = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert alternates == {"application/rss+xml": "/articles/feed/", "application/atom+xml": "/articles/feed/atom/"}


@pytest.mark.e2e
def test_publishing_an_article_refreshes_both_feeds_and_the_sitemap(clinic_cms_source, cms_copy, live_site):
    """An article published with the admin's own form reaches the cached feeds and sitemap through the purge."""
    cms = cms_copy(clinic_cms_source, start=False)
    site = live_site(cms.api_url, workers=2)
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.start()
    for path in [*FEEDS, "/sitemap.xml"]:
        requests.get(site.url + path)
        assert requests.get(site.url + path).headers["X-Cache"] == "HIT"
    assert "/articles/stretching-the-calves/" not in requests.get(site.url + "/sitemap.xml").text

    cms.publish_article(cms.admin_session(), "Stretching the calves", "stretching-the-calves", "2026-11-04")

    for path in FEEDS:
        feed = wait_until(
            lambda path=path: (lambda f: f if f.entries[0].title == "Stretching the calves" else None)(
                feedparser.parse(requests.get(site.url + path).content)
            ),
            timeout=10,
            what=f"{path} to show the published article first",
        )
        assert len(feed.entries) == 4 and not feed.bozo
    wait_until(
        lambda: "/articles/stretching-the-calves/</loc>" in requests.get(site.url + "/sitemap.xml").text,
        timeout=10,
        what="the sitemap to list the published article",
    )


@pytest.mark.django_db
def test_no_article_can_take_the_feed_s_address(clinic):
    from django.core.exceptions import ValidationError

    from tests import factories

    with pytest.raises(ValidationError) as error:
        factories.ArticlePageFactory(parent=clinic.articles, slug="feed")
    assert "slug" in error.value.message_dict
    assert factories.ArticlePageFactory(parent=clinic.articles, slug="feeding-well").live
