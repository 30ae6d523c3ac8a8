"""The page cache's core on fake parts: a fake clock, fake stores that fail, freeze or lose
their data, a dict for a CMS. No servers: these run in a second or two."""

import threading
import time

import pytest

from frontend.caching.entries import MissingPages
from frontend.caching.guard import StoreGuard
from tests.site.caching.fakes import make_app


@pytest.fixture
def site():
    app, cms, pages, faults = make_app()
    cms.pages["a"] = (200, "first")
    return app, cms, pages, faults


def get(app, path="/page/a/"):
    return app.test_client().get(path)


def test_a_second_reader_gets_the_copy(site):
    app, cms, _pages, _faults = site
    assert get(app).headers["X-Cache"] == "MISS"
    hit = get(app)
    assert hit.headers["X-Cache"] == "HIT" and hit.data == b"first" and cms.renders == 1
    assert (
        hit.headers["Cache-Control"]
        == "public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=3600"
    )


def test_a_purge_makes_the_next_reader_fetch_the_new_page(site):
    app, cms, pages, _faults = site
    get(app)
    cms.pages["a"] = (200, "second")
    pages.purge(["/page/a"])
    assert get(app).data == b"second" and cms.renders == 2


def test_a_store_that_lost_its_data_resurrects_no_copy(site):
    """Worker B holds the page from before a purge; the store then restarts empty, so the
    path's generation reads "never purged" again, as it did when B stored its copy."""
    app, cms, pages, _faults = site
    other, _, _, _ = make_app(cms=cms, share_with=pages)
    assert get(other).data == b"first"  # B's own copy, never purged then
    cms.pages["a"] = (200, "second")
    pages.purge(["/page/a/"])
    assert get(app).data == b"second"
    pages.coordination.lose_data()
    answers = [get(worker) for worker in (other, app, other)]
    assert [answer.data for answer in answers] == [b"second"] * 3
    assert "HIT" not in answers[0].headers["X-Cache"] or cms.renders == 3


def test_past_its_freshness_a_copy_is_served_while_one_refresh_runs(site):
    app, cms, pages, _faults = site
    get(app)
    pages.clock.advance(301)
    cms.pages["a"] = (200, "second")
    stale = get(app)
    assert stale.headers["X-Cache"] == "STALE" and stale.data == b"first"
    deadline = time.monotonic() + 5
    while get(app).data != b"second":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert cms.renders == 2


@pytest.mark.parametrize("change", ["unpublished", "redirected"])
def test_a_stored_404_or_redirect_keeps_its_status_on_every_path(site, change):
    app, cms, pages, _faults = site
    get(app), get(app)  # the second is the worker's fast path
    if change == "unpublished":
        del cms.pages["a"]
    else:
        cms.pages["a"] = ("redirect", "/page/b/")
    pages.purge(["/page/a/"])
    expected = 404 if change == "unpublished" else 301
    # The refill, the worker's copy through Flask, the fast path, a fresh worker on the shared cache.
    answers = [get(app) for _ in range(3)]
    other_worker, _, _, _ = make_app(cms=cms, share_with=pages)
    answers.append(get(other_worker))
    assert [answer.status_code for answer in answers] == [expected] * 4
    if change == "redirected":
        assert {answer.headers["Location"] for answer in answers} == {"/page/b/"}
    assert cms.renders == 2


def test_junk_urls_add_a_bounded_number_of_shared_entries(site):
    app, cms, pages, _faults = site
    get(app)
    for index in range(10_000):  # distinct junk URLs
        assert get(app, f"/page/junk-{index}/").status_code == 404
    assert len(pages.cache.data) <= 1 + MissingPages.BUCKETS
    stored = sum(len(bucket["pages"]) for key, bucket in pages.cache.data.items() if key.startswith("missing:"))
    assert stored <= MissingPages.BUCKETS * MissingPages.PER_BUCKET
    assert len(pages.copies.missing) <= pages.copies.missing.maxsize
    assert get(app).headers["X-Cache"] == "HIT"  # the real page was not pushed out


def test_one_missing_url_reaches_the_cms_once_per_missing_seconds(site):
    app, cms, pages, _faults = site
    for _ in range(50):
        assert get(app, "/page/nowhere/").status_code == 404
    assert cms.renders == 1
    pages.clock.advance(61)
    for _ in range(50):
        assert get(app, "/page/nowhere/").status_code == 404
    assert cms.renders == 2


def readers(app, count, path="/page/a/"):
    """`count` readers at once: (status, X-Cache, body, seconds) each."""
    results, barrier = [], threading.Barrier(count)

    def read():
        client = app.test_client()
        barrier.wait()
        started = time.monotonic()
        response = client.get(path)
        results.append(
            (response.status_code, response.headers.get("X-Cache"), response.data, time.monotonic() - started)
        )

    threads = [threading.Thread(target=read) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


def test_readers_of_a_purged_page_wait_at_most_stale_after_for_a_slow_cms(site):
    app, cms, pages, _faults = site
    get(app)
    pages.purge(["/page/a/"])
    cms.gate.clear()  # the CMS hangs
    try:
        results = readers(app, 20)
    finally:
        cms.gate.set()
    assert len(results) == 20 and {status for status, *_ in results} == {200}
    assert max(seconds for *_, seconds in results) < pages.stale_after + 0.3
    assert cms.renders == 2  # one refill for all of them


@pytest.mark.parametrize("fault", ["down", "frozen"])
def test_with_the_store_down_or_frozen_a_worker_serves_its_own_copies(site, fault):
    app, cms, pages, faults = site
    get(app)
    faults.state = fault
    started = time.monotonic()
    answers = [get(app) for _ in range(20)]
    assert time.monotonic() - started < 1.5  # a frozen store costs one timeout per guard, not one per request
    assert {(a.status_code, a.data, a.headers["X-Cache"]) for a in answers} == {(200, b"first", "STALE-IF-ERROR")}
    assert cms.renders == 1


def test_with_the_store_down_cms_fetches_are_bounded_per_worker():
    app, cms, pages, faults = make_app(cms_fetches=2, wait=5.0)
    for index in range(12):
        cms.pages[f"p{index}"] = (200, f"page {index}")
    faults.state = "down"
    cms.gate.clear()
    results = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(get(app, f"/page/p{i % 6}/").status_code)) for i in range(12)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while cms.active < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # more threads would have entered the CMS by now if nothing held them
    assert cms.active == 2
    cms.gate.set()
    for thread in threads:
        thread.join(10)
    assert results == [200] * 12
    assert cms.most_active == 2
    assert cms.renders == 6  # one fetch per page in this worker, the others used its copy


def test_a_guard_lets_one_call_find_out_whether_a_store_is_back():
    guard, entered, release = StoreGuard("store", retry_after=0), [], threading.Event()
    guard.failed(ConnectionError("down"))

    def slow_probe():
        entered.append(1)
        release.wait(5)
        return "answer"

    prober = threading.Thread(target=lambda: guard.call(slow_probe))
    prober.start()
    while not entered:
        time.sleep(0.01)
    assert [guard.call(slow_probe, fallback="fallback") for _ in range(5)] == ["fallback"] * 5
    release.set()
    prober.join(5)
    assert len(entered) == 1 and guard.problem() is None
    assert guard.call(lambda: "answer") == "answer"


def test_a_background_refresh_calls_the_view_without_dispatching_a_request_again(site):
    app, cms, pages, _faults = site
    dispatched = []
    app.before_request(lambda: dispatched.append(1))
    get(app)
    pages.clock.advance(301)
    assert get(app).headers["X-Cache"] == "STALE"
    deadline = time.monotonic() + 5
    while cms.renders < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert len(dispatched) == 2  # the two readers' requests: the refresh ran the view alone


def test_a_missing_page_is_announced_for_as_long_as_it_is_kept(site):
    app, _cms, _pages, _faults = site
    assert get(app, "/page/nowhere/").headers["Cache-Control"] == "public, max-age=0, s-maxage=60"
