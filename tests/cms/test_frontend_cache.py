"""Purging through Wagtail's frontend-cache backends: the site's signed message and Wagtail's
own HTTPBackend (configured from the environment) for a cache in front, both on real loopback
servers, one batch per change, queued with the commit and delivered by the task worker, each
backend on its own."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import responses
from django.db import transaction

from cms.articles.models import ArticlePage
from cms.booking.models import BookingSettings
from cms.core.picture_tasks import make_page_renditions
from cms.site_sync.cache_backends import SITE_BACKEND, frontend_cache_backends
from cms.site_sync.waiting import purge_tasks, waiting
from devtools.live_servers import ThreadedServer, free_port
from frontend import create_app
from shared.env import ConfigError
from shared.site_map import PURGE_PATH
from tests.cms.purge_queue import deliver_until, run_waiting_purges

pytestmark = pytest.mark.django_db

SECRET = "frontend-cache-test-secret"
# Everything that shows "Massage for the feet": itself, its lists, its neighbours, its author
# and the services her card offers, the feeds.
FEET_PAGES = [
    "/",
    "/articles/",
    "/articles/feed/",
    "/articles/feed/atom/",
    "/articles/massage-for-the-feet/",
    "/articles/menopause-and-your-pelvic-floor/",
    "/articles/tag/climbing/",  # its tags' archives
    "/articles/tag/feet/",
    "/articles/tag/massage/",
    "/articles/tag/running/",
    "/articles/what-is-bladder-pain-syndrome/",
    "/search/",
    "/services/deep-tissue-remedial-sports-massage/",
    "/sitemap.xml",
    "/therapists/piia-laakso/",
]


class PurgeRecorder:
    """A stand-in for Varnish on a free loopback port: records each PURGE (path, Host), and the
    keys of each purge by key (`xkey-purge`)."""

    def __init__(self):
        self.purges, self.key_purges = [], []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                if self.headers["xkey-purge"]:
                    recorder.key_purges.append(self.headers["xkey-purge"].split())
                else:
                    recorder.purges.append((self.path, self.headers["Host"]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class RecordedSite:
    """The real Flask site (it checks the signature), noting each request's path and status."""

    def __init__(self):
        self.requests = []
        self.app = create_app(
            {
                "TESTING": True,
                "CACHE_TYPE": "SimpleCache",
                "WEBHOOK_SECRET": SECRET,
                "CMS_API_URL": "http://127.0.0.1:9/api/v2",
            }
        )
        self.server = ThreadedServer(self.recording)

    def recording(self, environ, start_response):
        def start(status, headers, exc_info=None):
            self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], int(status.split()[0])))
            return start_response(status, headers, exc_info)

        return self.app.wsgi_app(environ, start)


@pytest.fixture
def caches(settings, monkeypatch):
    """A site and an HTTP cache, configured as a deployment would: from the environment."""
    recorder, site = PurgeRecorder(), RecordedSite()
    settings.WEBHOOK_SECRET = SECRET
    settings.SITE_PURGE_URL = site.server.url + PURGE_PATH
    monkeypatch.setenv("FRONTEND_CACHE_HTTP_URL", recorder.url)
    settings.SITE_PURGE_BACKENDS = frontend_cache_backends(settings.SITE_PURGE_URL)
    yield recorder, site
    recorder.stop()
    site.server.stop()


def publish_feet(django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    article.title = "Massage for tired feet"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    run_waiting_purges()


def test_one_publish_purges_the_site_and_each_affected_url_in_the_http_cache(
    caches, django_capture_on_commit_callbacks
):
    recorder, site = caches
    site.server.start()
    publish_feet(django_capture_on_commit_callbacks)
    # One signed message, accepted by the site; one PURGE per affected page, none twice
    # (Wagtail's own publish handler would purge the article's URL again).
    assert site.requests == [("POST", PURGE_PATH, 200)]
    assert sorted(recorder.purges) == [(path, "127.0.0.1:5000") for path in FEET_PAGES]
    # Then one purge by key: the article, the lists it is in, search results.
    (keys,) = recorder.key_purges
    feet = ArticlePage.objects.get(slug="massage-for-the-feet")
    assert {f"page-{feet.id}", "list:articles", "tag:feet", "search", f"author:{feet.author_id}"} <= set(keys)


def test_nothing_reaches_either_cache_before_the_commit(caches):
    recorder, site = caches
    site.server.start()
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.save_revision().publish()
        assert purge_tasks().count() == 2  # the site's task and the HTTP cache's, in the transaction
        raise RuntimeError("rolled back")
    assert not purge_tasks().exists()  # gone with the change
    run_waiting_purges()
    assert (site.requests, recorder.purges) == ([], [])


def test_purging_everything_reaches_the_site_and_the_keyed_cache(caches, django_capture_on_commit_callbacks):
    recorder, site = caches
    site.server.start()
    booking = BookingSettings.objects.get()
    booking.cta_label = "Book now"
    with django_capture_on_commit_callbacks(execute=True):
        booking.save()
    run_waiting_purges()
    assert site.requests == [("POST", PURGE_PATH, 200)]
    # No URL means "everything" to an HTTP cache: it drops the key every answer carries.
    assert recorder.purges == [] and recorder.key_purges == [["all"]]


def test_the_editors_request_does_not_wait_for_a_site_that_is_down(caches, django_capture_on_commit_callbacks):
    recorder, site = caches
    # Its pictures made beforehand (a publish queues their making ahead of the purge): the worker's
    # first try then comes at once.
    make_page_renditions.call(ArticlePage.objects.get(slug="massage-for-the-feet").pk)
    site.server.start(delay=2.0)  # down for the first tries
    publish_feet(django_capture_on_commit_callbacks)  # the worker's first try fails at once
    assert site.requests == []  # the publish returned while the site was still down
    # The HTTP cache waits for the site: purged first, it would refetch the site's old copy.
    assert recorder.purges == []
    deliver_until(lambda: site.requests)
    # (The HTTP cache's task may run in the same pass, straight after the site's: not before it.)
    assert site.requests == [("POST", PURGE_PATH, 200)]
    deliver_until(lambda: recorder.key_purges)
    assert len(recorder.purges) == len(FEET_PAGES)  # then took it, the first time it tried


def test_a_backend_that_keeps_failing_blocks_neither_the_site_nor_later_batches(
    settings, caches, django_capture_on_commit_callbacks
):
    recorder, site = caches
    site.server.start()
    recorder.stop()  # the HTTP cache is gone for good
    publish_feet(django_capture_on_commit_callbacks)
    booking = BookingSettings.objects.get()
    booking.cta_label = "Book now"
    with django_capture_on_commit_callbacks(execute=True):
        booking.save()
    article = ArticlePage.objects.get(slug="what-is-bladder-pain-syndrome")
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    deliver_until(lambda: len(site.requests) == 3)
    run_waiting_purges()
    # Each batch reached the site once, in order, while the HTTP cache's tries go on (all three:
    # the settings' purge of everything drops the key `all` there).
    assert site.requests == [("POST", PURGE_PATH, 200)] * 3
    still = waiting()
    assert still.updates == 3 and purge_tasks().filter(status="READY").count() == 3


def test_backends_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_ZONEID", "zone-1")
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token-1")
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", "E123")
    monkeypatch.delenv("FRONTEND_CACHE_HTTP_URL", raising=False)
    backends = frontend_cache_backends("http://site:5000/_cms/purge")
    assert {name: config["BACKEND"].rsplit(".", 1)[1] for name, config in backends.items()} == {
        "site": SITE_BACKEND.rsplit(".", 1)[1],
        "cloudflare": "TaggedCloudflareBackend",
        "cloudfront": "CloudfrontBackend",
    }
    assert frontend_cache_backends("") == {key: backends[key] for key in ("cloudflare", "cloudfront")}


def test_cloudflare_without_credentials_is_refused_at_start_up(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_ZONEID", "zone-1")
    for name in ("CLOUDFLARE_BEARER_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDFLARE_EMAIL", "ops@example.com")  # an email alone is not enough
    with pytest.raises(ConfigError, match="CLOUDFLARE_ZONEID needs"):
        frontend_cache_backends("")


CLOUDFLARE_PURGE = "https://api.cloudflare.com/client/v4/zones/zone-1/purge_cache"


@pytest.fixture
def cloudflare(settings, monkeypatch):
    """Cloudflare configured from the environment (the site's backend off); its API stubbed."""
    monkeypatch.setenv("CLOUDFLARE_ZONEID", "zone-1")
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token-1")
    monkeypatch.delenv("FRONTEND_CACHE_HTTP_URL", raising=False)
    settings.SITE_PURGE_URL = ""
    settings.SITE_PURGE_BACKENDS = frontend_cache_backends("")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as api:
        yield api


def test_cloudflare_purges_by_url_and_by_cache_tag(cloudflare, django_capture_on_commit_callbacks):
    cloudflare.post(CLOUDFLARE_PURGE, json={"success": True, "errors": [], "result": {}})
    publish_feet(django_capture_on_commit_callbacks)
    bodies = [json.loads(call.request.body) for call in cloudflare.calls]
    assert all(call.request.headers["Authorization"] == "Bearer token-1" for call in cloudflare.calls)
    urls = [url for body in bodies for url in body.get("files", ())]
    assert sorted(urls) == ["http://127.0.0.1:5000" + path for path in FEET_PAGES]
    (tags,) = [body["tags"] for body in bodies if "tags" in body]
    feet = ArticlePage.objects.get(slug="massage-for-the-feet")
    assert {f"page-{feet.id}", "list:articles", "tag:feet", "search"} <= set(tags) and len(tags) <= 30
    assert not waiting().updates  # taken


def test_a_refused_cache_tag_purge_is_tried_again(cloudflare, django_capture_on_commit_callbacks):
    def answer(request):
        if "tags" in json.loads(request.body):
            return 400, {}, json.dumps({"success": False, "errors": [{"message": "tag purge not allowed"}]})
        return 200, {}, json.dumps({"success": True, "errors": []})

    cloudflare.add_callback(responses.POST, CLOUDFLARE_PURGE, callback=answer, content_type="application/json")
    publish_feet(django_capture_on_commit_callbacks)
    assert waiting().updates == 1  # not taken: a new try is queued
