"""Old addresses on the public site: Wagtail's redirects (a slug change, an editor's, the
WordPress import's /blog/<slug>) answered with 301/302 before a 404, cached like pages and
purged when a redirect changes. From the CMS API's recorded answers (tests/recorded_api.py); the purges
end to end, with a live Wagtail and the real site (gunicorn, shared cache)."""

import pytest
import requests

from frontend.content.old_addresses import safe_location
from tests.conftest import make_site
from tests.site.discovery_helpers import change_in_cms, count_cms_requests
from tests.waiting import wait_until

ANKLES = "/articles/ankle-care-for-walkers/"


def get(site, path):
    return requests.get(site.url + path, allow_redirects=False, timeout=10)


@pytest.mark.e2e
def test_a_slug_change_makes_the_old_address_redirect_to_the_new(purged_site):
    cms, site = purged_site
    assert get(site, ANKLES).status_code == 200
    assert get(site, ANKLES).headers["X-Cache"] == "HIT"  # cached: only a purge changes it

    change_in_cms(
        cms,
        site,
        (
            "from cms.articles.models import ArticlePage\n"
            "page = ArticlePage.objects.get(slug='ankle-care-for-walkers')\n"
            "page.slug = 'caring-for-your-ankles'\n"
            "page.save_revision().publish()\n"
        ),
    )

    moved = wait_until(
        lambda: (lambda r: r if r.status_code == 301 else None)(get(site, ANKLES)), what="a 301 from the old address"
    )
    assert moved.headers["Location"] == "/articles/caring-for-your-ankles/"
    assert get(site, "/articles/caring-for-your-ankles/").status_code == 200
    # Without the trailing slash too (Flask adds it, then the redirect follows). Every worker
    # agrees within moments: one may still hand out its older copy while it refetches (stale
    # while revalidating, PAGE_STALE_AFTER_SECONDS), never for long.
    new = site.url + "/articles/caring-for-your-ankles/"
    wait_until(
        lambda: requests.get(site.url + ANKLES.rstrip("/")).url == new,
        what="the address without its slash to lead there",
    )


@pytest.mark.e2e
def test_editors_redirects_permanent_and_temporary_to_a_page_and_a_url(purged_site):
    cms, site = purged_site
    # Unknown addresses are a 404, kept for a while: asking again does not reach the CMS.
    for path in ("/blog/ankle-care/", "/offer"):
        assert get(site, path).status_code == 404
        assert get(site, path).headers["X-Cache"] == "HIT"

    change_in_cms(
        cms,
        site,
        (
            "from wagtail.contrib.redirects.models import Redirect\n"
            "from cms.articles.models import ArticlePage\n"
            "Redirect.add_redirect('/blog/ankle-care', ArticlePage.objects.get(slug='ankle-care-for-walkers'))\n"
            "Redirect.add_redirect('/offer/', 'https://book.example.com/winter-offer', is_permanent=False)\n"
        ),
    )

    # The purge made the cached 404s go at once.
    permanent = get(site, "/blog/ankle-care/")
    assert (permanent.status_code, permanent.headers["Location"]) == (301, ANKLES)
    temporary = get(site, "/offer")  # asked without the slash, stored with one: Wagtail's lookup normalises
    assert (temporary.status_code, temporary.headers["Location"]) == (302, "https://book.example.com/winter-offer")
    # And they are cached like pages now.
    assert get(site, "/blog/ankle-care/").headers["X-Cache"] == "HIT"

    change_in_cms(
        cms,
        site,
        "from wagtail.contrib.redirects.models import Redirect\nRedirect.objects.filter(old_path='/offer').delete()\n",
    )
    assert get(site, "/offer").status_code == 404


def test_an_unknown_path_costs_one_lookup_until_it_expires(clinic_api):
    app = make_site(clinic_api.api_url)
    counts = count_cms_requests(app)
    client = app.test_client()
    for _ in range(5):
        assert client.get("/blog/never-was/").status_code == 404
        assert client.get("/articles/never-was/").status_code == 404
    assert counts == {"redirects/find/": 2, "pages/find/": 1}


@pytest.mark.parametrize("path", ["/" + "x" * 300, "/a%00b", "/%ff%fe/", "/blog/<script>/", "/blog//double/"])
def test_odd_unknown_paths_are_a_calm_404(clinic_api, path):
    client = make_site(clinic_api.api_url).test_client()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("location", "safe"),
    [
        ("/articles/x/", True),
        ("https://book.example.com/x", True),
        ("http://example.com", True),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("ftp://x.example/", False),
        ("/\\evil.example", False),
        ("https://", False),
        ("/a\nb", False),
        (None, False),
        (7, False),
    ],
)
def test_only_site_paths_and_http_urls_are_followed(location, safe):
    assert safe_location(location) is safe


def test_a_failed_lookup_is_the_503_page_not_a_false_404(clinic_api):
    client = make_site(clinic_api.api_url).test_client()
    assert client.get("/blog/ankle-care/").status_code == 404
    clinic_api.down = True
    assert client.get("/blog/other-post/").status_code == 503  # unknown: it may be an old address
    assert client.get("/blog/ankle-care/").status_code == 404  # the answer kept from before
