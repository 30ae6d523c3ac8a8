"""The cache is an optimisation: faults in its store, and a frozen CMS, never become errors.

Faults are real: a redis-server started here on its own port and stopped, cache folders
deleted or replaced, a CMS process frozen with SIGSTOP.
"""

import json
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import redis

from frontend.caching.coordination import FileCoordinator, RedisCoordinator
from frontend.caching.entries import MissingPages
from shared.signing import sign
from shared.site_map import PURGE_PATH
from tests.conftest import make_site, require_service, run_python
from tests.live_servers import WEBHOOK_SECRET, free_port
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

FEET = "/articles/ankle-care-for-walkers/"
FEET_TITLE = "Ankle care for walkers"


class RedisServer:
    """A redis-server of this test's own, on a free port, that can be stopped and started again."""

    def __init__(self):
        if not shutil.which("redis-server"):
            require_service("redis-server", FileNotFoundError("redis-server is not installed"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_until(answers, what="redis-server to answer")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


def signed_purge(client, payload):
    body = json.dumps(payload).encode()
    return client.post(
        PURGE_PATH, data=body, headers={**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    )


def redis_site(clinic_cms, server, **config):
    return make_site(
        clinic_cms.api_url,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=server.url,
        CACHE_KEY_PREFIX="site:",
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        **{"CACHE_RETRY_SECONDS": 0.2, **config},
    )


def test_with_redis_down_pages_are_rendered_from_the_cms_and_it_recovers_by_itself(clinic_cms, redis_server, caplog):
    app = redis_site(clinic_cms, redis_server, CACHE_RETRY_SECONDS=0)  # every request tries the store
    client = app.test_client()
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    redis_server.stop()

    with caplog.at_level(logging.WARNING, logger="frontend.caching.guard"):
        for _ in range(5):
            page = client.get(FEET)
            assert page.status_code == 200
            assert FEET_TITLE in page.get_data(as_text=True)
        assert client.get("/articles/no-such-article/").status_code == 404
        assert client.get("/articles/?page=x").status_code == 400
        purge = signed_purge(client, {"paths": [FEET]})
        assert purge.status_code == 503  # not recorded: the CMS tries again
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.get_json()["status"] == "degraded"
        assert health.get_json()["degraded"] == ["cache", "coordination"]
    warnings = [r.getMessage().split(" is ")[0] for r in caplog.records if r.name == "frontend.caching.guard"]
    assert warnings == ["The coordination store", "The cache"]  # one per interval and part, not per request

    redis_server.start()  # the same port, empty, as after a restart
    wait_until(lambda: client.get("/healthz").get_json()["status"] == "ok", what="the site to see Redis again")
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    assert client.get(FEET).headers["X-Cache"] == "HIT"
    assert signed_purge(client, {"paths": [FEET]}).status_code == 200


def test_with_redis_and_the_cms_down_an_unseen_page_gets_the_friendly_503(redis_server, tmp_path):
    app = make_site("http://127.0.0.1:9/api/v2", CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_server.url)
    redis_server.stop()
    page = app.test_client().get("/therapists/somebody/")
    assert page.status_code == 503
    assert "back in a moment" in page.get_data(as_text=True)


def test_a_frozen_redis_costs_one_timeout_not_one_per_request(clinic_cms, redis_server):
    app = redis_site(clinic_cms, redis_server, CACHE_SOCKET_TIMEOUT=0.3, CACHE_RETRY_SECONDS=30)
    client = app.test_client()
    client.get(FEET)
    os.kill(redis_server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        for _ in range(10):
            assert client.get(FEET).status_code == 200
        elapsed = time.monotonic() - started
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)
    # One 0.3 s timeout, then ten renders from the CMS without waiting on the store again.
    assert elapsed < 3.0


def file_site(api_url: str, cache_dir: Path, **config):
    return make_site(
        api_url, CACHE_TYPE="FileSystemCache", CACHE_DIR=str(cache_dir), WEBHOOK_SECRET=WEBHOOK_SECRET, **config
    )


def test_deleting_the_coordination_folder_is_healed_at_once(clinic_cms, tmp_path):
    app = file_site(clinic_cms.api_url, tmp_path / "site-cache")
    client = app.test_client()
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    shutil.rmtree(tmp_path / "site-cache-shared")

    page = client.get(FEET)
    assert page.status_code == 200
    assert page.headers["X-Cache"] == "MISS"  # every copy counts as purged: the tokens were lost
    assert client.get("/articles/").status_code == 200
    assert signed_purge(client, {"paths": ["/articles/"]}).status_code == 200
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_deleting_the_cache_folder_does_not_turn_caching_off(clinic_cms, tmp_path):
    first, second = (file_site(clinic_cms.api_url, tmp_path / "site-cache") for _ in range(2))
    first.test_client().get("/therapists/")
    shutil.rmtree(tmp_path / "site-cache")

    assert first.test_client().get(FEET).headers["X-Cache"] == "MISS"
    # Stored again in the shared folder: another worker finds it there.
    assert second.test_client().get(FEET).headers["X-Cache"] == "HIT"


def test_an_unwritable_cache_folder_degrades_and_pages_still_render(clinic_cms, tmp_path, caplog):
    cache_dir = tmp_path / "site-cache"
    app = file_site(clinic_cms.api_url, cache_dir, CACHE_RETRY_SECONDS=0)
    client = app.test_client()
    shutil.rmtree(cache_dir)
    cache_dir.write_text("not a folder")  # even root cannot write files into this

    with caplog.at_level(logging.WARNING, logger="frontend.caching.guard"):
        for _ in range(3):
            assert client.get(FEET).status_code == 200
        health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["degraded"] == ["cache"]
    warnings = [r for r in caplog.records if r.name == "frontend.caching.guard"]
    assert len(warnings) == 1

    cache_dir.unlink()
    wait_until(lambda: client.get("/healthz").get_json()["status"] == "ok", what="the cache folder to be usable")
    assert client.get("/services/").headers["X-Cache"] == "MISS"
    other_worker = file_site(clinic_cms.api_url, cache_dir).test_client()
    assert other_worker.get("/services/").headers["X-Cache"] == "HIT"  # stored in the shared folder again


# -- bounded cache --------------------------------------------------------------------------


def stored_entries(redis_url: str, prefix: str) -> int:
    return sum(1 for _ in redis.Redis.from_url(redis_url).scan_iter(f"{prefix}page:*"))


JUNK_PAGES = ["01", "０１", "١", "²", "①", "-1", "1.0", "1e3", " 1", "1 ", "", "100001", "99999999999999999999"]


def test_junk_query_strings_add_no_cache_entries(clinic_cms, redis_server):
    app = redis_site(clinic_cms, redis_server)
    client = app.test_client()
    assert client.get("/articles/").status_code == 200
    assert client.get(FEET).status_code == 200
    before = stored_entries(redis_server.url, "site:")

    for index in range(200):
        assert client.get(f"/articles/?page=1&page={index}").status_code == 400
        assert client.get(f"{FEET}?page={index}&ref=x{index}").status_code == 200
    for junk in JUNK_PAGES:
        assert client.get("/articles/", query_string={"page": junk}).status_code == 400
    assert stored_entries(redis_server.url, "site:") == before


def test_a_missing_page_is_cached_briefly_and_purged_on_publish(clinic_cms, redis_server):
    app = redis_site(clinic_cms, redis_server)
    client = app.test_client()
    calls = []
    fetch = app.extensions["cms_client"].fetch
    app.extensions["cms_client"].fetch = lambda endpoint, query: calls.append(endpoint) or fetch(endpoint, query)

    for _ in range(20):
        missing = client.get("/articles/coming-soon/")
        assert missing.status_code == 404
    assert calls == ["pages/find/", "redirects/find/"]  # the page, then whether it is an old address
    assert missing.headers["Cache-Control"] == "public, max-age=0, s-maxage=60"

    assert signed_purge(client, {"paths": ["/articles/coming-soon/"]}).status_code == 200
    assert client.get("/articles/coming-soon/").status_code == 404
    assert len(calls) == 4  # asked again after the purge a publish sends


# -- claims with owners ---------------------------------------------------------------------


@pytest.fixture(params=["files", "redis"])
def coordinator(request, tmp_path):
    if request.param == "files":
        return FileCoordinator(str(tmp_path / "shared"))
    server = request.getfixturevalue("redis_server")
    return RedisCoordinator(server.url, "test:")


def test_only_the_owner_releases_a_claim_and_only_once(coordinator):
    first = coordinator.claim("fill:x", ttl=0.6)
    assert first is not None
    assert coordinator.claim("fill:x", ttl=5) is None
    # The first holder outlives its lease; then another takes the claim.
    second = wait_until(lambda: coordinator.claim("fill:x", ttl=5), what="the first claim to expire")
    first.release()  # late: must not delete the second holder's claim
    assert coordinator.claim("fill:x", ttl=5) is None
    second.release()
    second.release()  # twice: harmless
    third = coordinator.claim("fill:x", ttl=5)
    assert third is not None


def test_a_store_that_lost_its_data_starts_a_new_epoch(coordinator, request):
    never_purged = coordinator.tokens(["/a/"])
    coordinator.bump(["/a/"])
    purged = coordinator.tokens(["/a/"])
    assert purged != never_purged and coordinator.tokens(["/a/"]) == purged
    if isinstance(coordinator, FileCoordinator):
        shutil.rmtree(coordinator.root)
    else:
        coordinator.client.flushdb()  # the test's own redis-server
    after = coordinator.tokens(["/a/"])
    # "/a/" reads "never purged" again, but under another epoch: no older copy matches.
    assert after["/a/"] == never_purged["/a/"] and after not in (never_purged, purged)


def test_abandoned_claim_files_are_swept(tmp_path):
    coordinator = FileCoordinator(str(tmp_path / "shared"))
    for index in range(20):
        assert coordinator.claim(f"webhook:{index}", ttl=60) is not None
    for path in coordinator.claims.iterdir():  # their holders died long ago
        os.utime(path, (time.time() - 10, time.time() - 10))
    coordinator.next_sweep = 0
    coordinator.claim("fill:new", ttl=5)
    assert len(list(coordinator.claims.iterdir())) == 1


# -- a frozen CMS ---------------------------------------------------------------------------


def test_with_the_cms_frozen_readers_of_a_seen_page_wait_at_most_a_few_seconds(clinic_cms_source, cms_copy, tmp_path):
    cms = cms_copy(clinic_cms_source)
    app = file_site(cms.api_url, tmp_path / "site-cache")
    client = app.test_client()
    assert client.get("/therapists/").status_code == 200
    assert signed_purge(client, {"paths": ["/therapists/"]}).status_code == 200
    children = subprocess.run(["pgrep", "-P", str(cms.process.pid)], capture_output=True, text=True).stdout.split()
    frozen = [cms.process.pid, *map(int, children)]
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    results = []
    try:
        barrier = threading.Barrier(20)

        def reader():
            barrier.wait()
            started = time.monotonic()
            response = app.test_client().get("/therapists/")
            results.append((response.status_code, response.headers.get("X-Cache"), time.monotonic() - started))

        threads = [threading.Thread(target=reader) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    assert len(results) == 20
    assert {status for status, _, _ in results} == {200}
    assert {state for _, state, _ in results} == {"STALE"}
    assert max(seconds for _, _, seconds in results) < 3.0


# -- one response path ----------------------------------------------------------------------


def test_a_header_added_in_one_place_reaches_hits_and_misses(clinic_cms, tmp_path, monkeypatch):
    from frontend.serving import security

    monkeypatch.setattr(security, "headers", lambda config: [("X-Test-Header", "everywhere")])
    client = file_site(clinic_cms.api_url, tmp_path / "site-cache").test_client()
    miss, hit = client.get(FEET), client.get(FEET)
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("MISS", "HIT")
    assert miss.headers["X-Test-Header"] == hit.headers["X-Test-Header"] == "everywhere"
    assert client.get("/nowhere").headers["X-Test-Header"] == "everywhere"


def test_hsts_in_production_behind_tls_only(clinic_cms, tmp_path):
    client = file_site(clinic_cms.api_url, tmp_path / "site-cache", SECURE_HSTS_SECONDS=31_536_000).test_client()
    behind_tls = client.get(FEET, headers={"X-Forwarded-Proto": "https"})
    assert behind_tls.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get(FEET).headers


# -- no resurrection, readers served from a worker's copies, a bounded negative cache -----------


def test_a_redis_restarted_empty_resurrects_no_copy_of_a_purged_page(clinic_cms_source, cms_copy, redis_server):
    """Worker B holds the article from before a publish; Redis then restarts without its data,
    so the article's purge is forgotten. B must not serve its old copy as valid again."""
    cms = cms_copy(clinic_cms_source)
    first, second = (redis_site(cms, redis_server).test_client() for _ in range(2))
    assert FEET_TITLE in second.get(FEET).get_data(as_text=True)  # B's copy, never purged then
    run_python(
        cms,
        'from wagtail.models import Page; p = Page.objects.get(slug="ankle-care-for-walkers").specific; '
        'p.title = "Ankle care, revised"; p.save_revision().publish()',
    )
    assert signed_purge(first, {"paths": [FEET]}).status_code == 200  # what the CMS sends on publish
    assert "Ankle care, revised" in first.get(FEET).get_data(as_text=True)

    redis_server.stop()
    redis_server.start()  # the same port, empty
    for client in (second, first, second):
        page = wait_until(lambda c=client: (r := c.get(FEET)).status_code == 200 and r, what="a page")
        assert "Ankle care, revised" in page.get_data(as_text=True), page.headers["X-Cache"]


@pytest.mark.parametrize("fault", ["killed", "frozen"])
def test_with_redis_gone_a_worker_serves_its_own_copies_without_asking_the_cms(clinic_cms, redis_server, fault):
    app = redis_site(clinic_cms, redis_server, CACHE_SOCKET_TIMEOUT=0.3, CACHE_RETRY_SECONDS=1)
    client = app.test_client()
    seen = [FEET, "/therapists/", "/services/"]
    for path in seen:
        assert client.get(path).status_code == 200
    calls = []
    fetch = app.extensions["cms_client"].fetch
    app.extensions["cms_client"].fetch = lambda endpoint, query: calls.append(endpoint) or fetch(endpoint, query)
    if fault == "killed":
        redis_server.stop()
    else:
        os.kill(redis_server.process.pid, signal.SIGSTOP)
    try:
        started, slowest = time.monotonic(), 0.0
        while time.monotonic() - started < 2.5:  # past a retry of the store, too
            for path in seen:
                before = time.monotonic()
                page = client.get(path)
                slowest = max(slowest, time.monotonic() - before)
                assert page.status_code == 200 and page.headers["X-Cache"] == "STALE-IF-ERROR"
    finally:
        if fault == "frozen":
            os.kill(redis_server.process.pid, signal.SIGCONT)
    assert calls == []  # the CMS is not asked for pages this worker holds
    assert slowest < app.config["PAGE_STALE_AFTER_SECONDS"]  # at most a store timeout or two


def test_junk_urls_add_a_bounded_number_of_shared_entries(clinic_cms, redis_server):
    app = redis_site(clinic_cms, redis_server)
    client = app.test_client()
    assert client.get(FEET).status_code == 200
    store = redis.Redis.from_url(redis_server.url)
    before = len(list(store.scan_iter("site:*")))
    for index in range(100):
        assert client.get(f"/no-such-page-{index}/").status_code == 404
        assert client.get(f"/articles/tag/no-such-tag-{index}/").status_code == 404
        assert client.get("/articles/", query_string={"page": 2 + index}).status_code == 404
    assert len(list(store.scan_iter("site:*"))) - before <= MissingPages.BUCKETS
    assert client.get(FEET).headers["X-Cache"] == "HIT"
