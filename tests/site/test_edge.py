"""The edge: the repository's VCL (deploy/varnish/default.vcl) under a real varnishd, in front
of a live site (gunicorn) and a live CMS with its purge worker, as docker-compose runs them.
One varnishd, site and CMS for the module; the test stopping the site runs last."""

import gzip
import http.client
import json
import time
import uuid

import pytest
import requests
from bs4 import BeautifulSoup

from devtools.edge import LiveVarnish, varnishd
from shared.booking_clicks import CLICKS_PATH
from shared.signing import sign
from shared.site_map import PURGE_PATH
from tests.conftest import copy_cms, require_service
from tests.live_servers import WEBHOOK_SECRET, LiveSite
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

FEET = "/articles/massage-for-the-feet/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


class Edge:
    def __init__(self, cms, site, varnish):
        self.cms, self.site, self.varnish = cms, site, varnish

    def get(self, path, **kwargs):
        return requests.get(self.varnish.url + path, timeout=10, allow_redirects=False, **kwargs)

    def purge(self, path, source="127.0.0.1", **headers) -> int:
        """A PURGE sent from `source` (any 127.x address is this machine's loopback)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.varnish.port, timeout=5, source_address=(source, 0))
        try:
            connection.request("PURGE", path, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()


@pytest.fixture(scope="module")
def edge(demo_cms_source, tmp_path_factory):
    if not varnishd():
        require_service("varnishd (apt-get install varnish varnish-modules)", FileNotFoundError("varnishd"))
    folder = tmp_path_factory.mktemp("edge")
    cms = copy_cms(demo_cms_source, folder / "cms")
    site = LiveSite(cms.api_url, folder / "site-cache", workers=2).start()
    varnish = LiveVarnish(folder / "varnish", site.port, cms.port).start()
    cms.env.update(SITE_PURGE_URL=site.url + PURGE_PATH, FRONTEND_CACHE_HTTP_URL=varnish.url)
    cms.start()  # with its purge worker
    edge = Edge(cms, site, varnish)
    # The site's /healthz failed Varnish's probes while the CMS was starting; Varnish answers 503
    # until two probes (2 s apart) pass again. /healthz is never cached: it only waits.
    wait_until(
        lambda: edge.get("/healthz").status_code == 200, 30, interval=0.5, what="Varnish finding the site healthy"
    )
    yield edge
    for server in (cms, varnish, site):
        server.stop()


def test_a_second_read_is_a_hit_and_junk_query_strings_make_one_object(edge):
    hits = edge.varnish.counter("MAIN.cache_hit")
    first = edge.get("/articles/?utm_source=news&page=1&fbclid=abc")
    assert first.status_code == 200 and first.headers["X-Edge-Cache"] == "MISS"
    for junk in ("?page=1&gclid=x", "?gclid=y&page=1&utm_medium=mail", "?page=1"):
        again = edge.get("/articles/" + junk)
        assert again.headers["X-Edge-Cache"] == "HIT" and again.content == first.content
    deadline = time.monotonic() + 3  # workers add their counts to varnishstat's now and then
    while edge.varnish.counter("MAIN.cache_hit") < hits + 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert edge.varnish.counter("MAIN.cache_hit") == hits + 3
    # Parameters some page reads are kept (sorted): each search its own object.
    assert edge.get("/search/?utm_source=x&q=feet").headers["X-Edge-Cache"] == "MISS"
    assert edge.get("/search/?q=feet&fbclid=z").headers["X-Edge-Cache"] == "HIT"
    # Stored gzipped; sent unzipped to a client that does not take gzip.
    zipped = edge.get(FEET, headers={"Accept-Encoding": "gzip"}, stream=True)
    assert zipped.headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(zipped.raw.read())
    assert "Content-Encoding" not in edge.get(FEET, headers={"Accept-Encoding": "identity"}).headers


def test_cms_images_are_served_through_the_edge_for_a_year(edge):
    picture = BeautifulSoup(edge.get(FEET).text, "html.parser").select_one('img[src*="/media/images/"]')
    path = "/media/" + picture["src"].split("/media/", 1)[1]
    first, second = edge.get(path), edge.get(path + "?v=junk")
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("image/")
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (first.headers["X-Edge-Cache"], second.headers["X-Edge-Cache"]) == ("MISS", "HIT")


def test_booking_clicks_are_never_cached_and_each_is_counted(edge):
    home = BeautifulSoup(edge.get("/").text, "html.parser")
    href = home.select_one('a[href^="/book/"]')["href"]
    for _ in range(3):
        click = edge.get(href, headers={"User-Agent": BROWSER})
        assert click.status_code == 302 and click.headers["X-Edge-Cache"] == "PASS"
    body = json.dumps({"ack": [], "id": uuid.uuid4().hex}).encode()
    headers = {**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    batches = requests.post(edge.varnish.url + CLICKS_PATH, data=body, headers=headers, timeout=10).json()["batches"]
    assert sum(click["count"] for batch in batches for click in batch["clicks"]) == 3


def test_purges_only_from_the_acl(edge):
    edge.get(FEET)
    assert edge.get(FEET).headers["X-Edge-Cache"] == "HIT"
    # 127.0.0.2 is this machine too, but not in the VCL's `purgers`: refused, nothing dropped.
    assert edge.purge(FEET, source="127.0.0.2") == 403
    assert edge.purge("/", source="127.0.0.2", **{"xkey-purge": "list:articles"}) == 403
    assert edge.get(FEET).headers["X-Edge-Cache"] == "HIT"
    assert edge.purge(FEET) == 200
    assert edge.get(FEET).headers["X-Edge-Cache"] == "MISS"
    assert edge.purge("/", **{"xkey-purge": "list:articles"}) == 200  # the page's related list
    assert edge.get(FEET).headers["X-Edge-Cache"] == "MISS"
    assert requests.request("BAN", edge.varnish.url + FEET, timeout=5).status_code == 405


def test_a_publish_in_the_admin_reaches_the_edge_by_key_within_a_second(edge):
    """A new article goes into the related list of "Massage for the feet" (untagged sharing: its
    list is the newest articles), whose address no purge names: its keys do, at the site and the edge."""
    for _ in range(2):
        edge.get(FEET), requests.get(edge.site.url + FEET, timeout=10)
    assert edge.get(FEET).headers["X-Edge-Cache"] == "HIT"
    assert requests.get(edge.site.url + FEET, timeout=10).headers["X-Cache"] == "HIT"
    session = edge.cms.admin_session()
    edge.cms.publish_article(session, "Stretching in winter", "stretching-in-winter", "2026-11-20", tags="running")
    published = time.monotonic()  # the editor's request has returned: the change is committed
    while "Stretching in winter" not in edge.get(FEET).text:
        assert time.monotonic() - published < 1.0, "the edge still serves the old page"
        time.sleep(0.02)
    assert "Stretching in winter" in requests.get(edge.site.url + FEET, timeout=10).text


def test_with_the_site_stopped_the_edge_serves_its_last_copy(edge):
    """Last in the module: it restarts the site with copies fresh for 1 s (stale-while-revalidate 1 s),
    so the edge's copy is past both when the site is gone: only stale-if-error can serve it."""
    edge.site.stop()
    edge.site.env.update(PAGE_FRESH_SECONDS="1", PAGE_SWR_SECONDS="1")
    edge.site.start()
    edge.purge("/therapists/")
    first = edge.get("/therapists/")
    assert first.status_code == 200 and "s-maxage=1" in first.headers["Cache-Control"]
    edge.site.stop()
    time.sleep(3)
    for _ in range(3):
        stale = edge.get("/therapists/")
        assert stale.status_code == 200 and stale.content == first.content
        assert stale.headers["X-Edge-Cache"] == "STALE"
    assert edge.get("/not-seen-before/").status_code == 503  # nothing to fall back on
