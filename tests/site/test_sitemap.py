"""/sitemap.xml (or its index and children) and /robots.txt, parsed as XML, from the site rendering the CMS
API's recorded answers (tests/recorded_api.py); at 10,000 articles end to end, from a live Wagtail."""

import datetime
import time
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.articles.models import ArticleIndexPage
from cms.services.models import ServicePage
from tests import factories
from tests.clinic_data import ARTICLES, SERVICES, THERAPISTS
from tests.conftest import make_site
from tests.site.test_feeds import count_cms_requests

ORIGIN = "https://www.kestrel.example"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CLINIC_PATHS = (
    ["/", "/articles/"]
    + [f"/articles/{slug}/" for slug in ARTICLES]
    + ["/therapists/"]
    + [f"/therapists/{slug}/" for slug in THERAPISTS]
    + ["/services/"]
    + [f"/services/{slug}/" for slug in SERVICES]
)


def parse(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/xml"
    return ET.fromstring(response.get_data())


def urls(root: ET.Element) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of every <url> in a <urlset>."""
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return [
        (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
    ]


def site_client(cms, **config):
    return make_site(cms.api_url, SITE_PUBLIC_URL=ORIGIN, **config).test_client()


def test_sitemap_lists_every_public_page_with_lastmod(clinic_api):
    entries = urls(parse(site_client(clinic_api).get("/sitemap.xml")))
    assert sorted(loc for loc, _ in entries) == sorted(ORIGIN + path for path in CLINIC_PATHS)
    assert len(entries) == len(set(entries))
    today = datetime.datetime.now(datetime.UTC)
    for _loc, lastmod in entries:
        moment = datetime.datetime.strptime(lastmod, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
        assert abs(today - moment) < datetime.timedelta(days=2)


def test_drafts_restricted_and_expired_pages_never_appear(clinic_api):
    index = ArticleIndexPage.objects.get(slug="articles", depth=3)
    factories.ArticlePageFactory(parent=index, slug="published-today")
    factories.ArticlePageFactory(parent=index, slug="still-a-draft", publish=False)
    private = factories.ArticlePageFactory(parent=index, slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    expired = factories.ArticlePageFactory(parent=index, slug="past-its-expiry")
    expired.expire_at = timezone.now() - datetime.timedelta(hours=1)
    expired.save()
    withdrawn = ServicePage.objects.get(slug="reflexology")
    withdrawn.unpublish()
    locs = [loc for loc, _ in urls(parse(site_client(clinic_api).get("/sitemap.xml")))]
    assert f"{ORIGIN}/articles/published-today/" in locs
    for hidden in ("still-a-draft", "members-only", "past-its-expiry"):
        assert f"{ORIGIN}/articles/{hidden}/" not in locs
    assert f"{ORIGIN}/services/reflexology/" not in locs
    assert len(locs) == len(CLINIC_PATHS)  # one added, one withdrawn


def test_beyond_the_limit_the_sitemap_is_an_index_of_children(clinic_api):
    client = site_client(clinic_api, SITEMAP_MAX_URLS=5)
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    children = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert children == [f"{ORIGIN}/sitemap-{n}.xml" for n in (1, 2, 3)]  # 12 pages, 5 a file
    listed = []
    for child in children:
        entries = urls(parse(client.get(child.removeprefix(ORIGIN))))
        assert 1 <= len(entries) <= 5 and all(lastmod for _loc, lastmod in entries)
        listed += [loc for loc, _ in entries]
    assert sorted(listed) == sorted(ORIGIN + path for path in CLINIC_PATHS)
    assert len(listed) == len(set(listed))
    for missing in ("/sitemap-4.xml", "/sitemap-0.xml", "/sitemap-01.xml", "/sitemap-x.xml", "/sitemap-.xml"):
        assert client.get(missing).status_code == 404, missing


def test_without_an_index_there_are_no_children(clinic_api):
    assert site_client(clinic_api).get("/sitemap-1.xml").status_code == 404


def test_robots_allows_all_and_points_at_the_sitemap(clinic_api):
    response = site_client(clinic_api).get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow") for line in lines)


def test_robots_on_staging_disallows_everything(clinic_api):
    text = site_client(clinic_api, ROBOTS_DISALLOW_ALL=True).get("/robots.txt").get_data(as_text=True)
    assert text.splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.e2e
def test_10000_articles_cost_a_bounded_number_of_cms_requests(clinic_cms_source, cms_copy, monkeypatch):
    """As in the benchmark: the sitemap is three requests (5,000 entries each), a feed one,
    an index one, and each child of 4,000 one."""
    cms = cms_copy(clinic_cms_source, start=False)
    started = time.monotonic()
    cms.generate_articles(10_000)
    print(f"generated 10,000 articles in {time.monotonic() - started:.1f} s")
    cms.start()
    total = len(CLINIC_PATHS) + 10_000

    app = make_site(cms.api_url, SITE_PUBLIC_URL=ORIGIN)
    calls = count_cms_requests(app, monkeypatch)
    client = app.test_client()
    started = time.monotonic()
    entries = urls(parse(client.get("/sitemap.xml")))
    print(f"cold sitemap of {total:,} addresses in {time.monotonic() - started:.2f} s, {len(calls)} CMS requests")
    assert len(entries) == total and len({loc for loc, _ in entries}) == total
    assert len(calls) == 3

    calls.clear()
    for path in ("/articles/feed/", "/articles/feed/atom/"):
        feed = feedparser.parse(client.get(path).get_data())
        assert len(feed.entries) == 20 and not feed.bozo
    assert len(calls) == 2

    app = make_site(cms.api_url, SITE_PUBLIC_URL=ORIGIN, SITEMAP_MAX_URLS=4_000)
    calls = count_cms_requests(app, monkeypatch)
    client = app.test_client()
    index = parse(client.get("/sitemap.xml"))
    assert len(index.findall("sm:sitemap", NS)) == 3 and len(calls) == 1
    listed = []
    for number in (1, 2, 3):
        listed += urls(parse(client.get(f"/sitemap-{number}.xml")))
    assert len(listed) == total and len(calls) == 4
