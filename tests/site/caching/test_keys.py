"""Generations per surrogate key, on the page cache's fake parts (no servers)."""

import time

from tests.site.caching.fakes import make_app


def get(app, name="a"):
    return app.test_client().get(f"/page/{name}/")


def test_a_purge_of_a_key_drops_every_copy_carrying_it_in_every_worker():
    app, cms, pages, _faults = make_app()
    other, _, _, _ = make_app(cms=cms, share_with=pages)
    cms.pages.update(a=(200, "a"), b=(200, "b"), c=(200, "c"))
    cms.keys.update(a="page-1 tag:x", b="page-2 tag:x", c="page-3")
    for name in "abc":
        get(app, name)
        assert get(other, name).headers["X-Cache"] == "HIT"
    assert pages.purge([], ["tag:x"]) == 1
    assert [get(other, name).headers["X-Cache"] for name in "abc"] == ["MISS", "MISS", "HIT"]
    assert [get(app, name).headers["X-Cache"] for name in "abc"] == ["HIT", "HIT", "HIT"]  # the refills
    assert get(app, "a").headers["Surrogate-Key"] == "all page-1 tag:x"  # `all`: for caches in front


def test_a_copy_rendered_across_a_purge_of_its_key_is_not_trusted():
    """The keys a page carried before are read before it is rendered again, as its path is: a purge
    of one of them while the refresh renders leaves the refreshed copy invalid, not current."""
    clock_app, cms, pages, _faults = make_app(fresh=10)
    cms.pages["a"], cms.keys["a"] = (200, "first"), "page-1"
    assert get(clock_app).headers["X-Cache"] == "MISS"
    pages.clock.advance(11)  # past its freshness: the next reader starts a refresh
    cms.gate.clear()  # ... which the CMS holds up
    assert get(clock_app).headers["X-Cache"] == "STALE"
    pages.purge([], ["page-1"])  # meanwhile, the page's key is purged
    cms.pages["a"] = (200, "second")
    cms.gate.set()
    deadline = time.monotonic() + 5
    while cms.active and time.monotonic() < deadline:
        time.sleep(0.01)
    renders = cms.renders
    answer = get(clock_app)
    assert answer.headers["X-Cache"] != "HIT"  # the refreshed copy was rendered across the purge
    assert cms.renders > renders or answer.headers["X-Cache"] == "STALE"
