"""The shared page cache in front of a live CMS: purges, staleness, stampedes, HTTP caching.

Runs on the filesystem cache (the default) and on the real Redis server.
"""

import json
import threading
import time

import pytest
import requests

from shared.signing import sign
from shared.site_map import PURGE_PATH
from tests.clinic_data import CLINIC_EMAIL, THERAPISTS
from tests.conftest import make_site
from tests.live_servers import WEBHOOK_SECRET
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

FEET = "/articles/ankle-care-for-walkers/"


@pytest.fixture
def workers(clinic_cms, shared_cache):
    """Two site workers (separate app instances) sharing one cache, as gunicorn workers do."""
    return [make_site(clinic_cms.api_url, WEBHOOK_SECRET=WEBHOOK_SECRET, **shared_cache) for _ in range(2)]


def signed_purge(client, payload, secret=WEBHOOK_SECRET, timestamp=None, body=None):
    body = body if body is not None else json.dumps(payload).encode()
    headers = sign(body, secret, timestamp)
    return client.post(PURGE_PATH, data=body, headers={**headers, "Content-Type": "application/json"})


def count_page_fetches(app):
    """Wrap the app's CMS client to count the page requests it really sends."""
    client = app.extensions["cms_client"]
    fetch, lock, calls = client.fetch, threading.Lock(), []

    def counting_fetch(endpoint, query):
        if endpoint.startswith("pages/"):
            with lock:
                calls.append(query)
        return fetch(endpoint, query)

    client.fetch = counting_fetch
    return calls


def test_second_request_is_served_from_the_cache(workers):
    first, second = (worker.test_client() for worker in workers)
    calls = count_page_fetches(workers[1])
    assert first.get(FEET).headers["X-Cache"] == "MISS"
    response = second.get(FEET)
    assert response.status_code == 200 and response.headers["X-Cache"] == "HIT"
    assert calls == []  # the other worker's copy, without asking the CMS


def test_a_purge_reaches_every_worker(workers):
    first, second = (worker.test_client() for worker in workers)
    first.get(FEET), first.get("/articles/?page=1"), first.get("/")
    assert second.get(FEET).headers["X-Cache"] == "HIT"

    response = signed_purge(first, {"paths": [FEET, "/articles/"], "event": "test"})
    assert response.status_code == 200 and response.get_json() == {"purged": 2}

    assert second.get(FEET).headers["X-Cache"] == "MISS"
    assert second.get("/articles/?page=1").headers["X-Cache"] == "MISS"  # every variant of the path
    assert second.get("/").headers["X-Cache"] == "HIT"  # not named, not purged


def test_purging_everything(workers):
    first, second = (worker.test_client() for worker in workers)
    first.get(FEET), first.get("/therapists/")
    assert signed_purge(first, {"all": True}).status_code == 200
    assert second.get(FEET).headers["X-Cache"] == "MISS"
    assert second.get("/therapists/").headers["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    "case",
    ["unsigned", "forged", "old", "future", "malformed", "not-an-object", "bad-paths", "empty"],
)
def test_bad_purge_requests_are_refused_and_purge_nothing(workers, case):
    client = workers[0].test_client()
    client.get(FEET)
    good = json.dumps({"paths": [FEET]}).encode()
    if case == "unsigned":
        response = client.post(PURGE_PATH, data=good)
    elif case == "forged":
        response = signed_purge(client, None, secret="guessed", body=good)
    elif case == "old":
        response = signed_purge(client, None, timestamp=int(time.time()) - 3600, body=good)
    elif case == "future":
        response = signed_purge(client, None, timestamp=int(time.time()) + 3600, body=good)
    elif case == "malformed":
        response = signed_purge(client, None, body=b"{not json")
    elif case == "not-an-object":
        response = signed_purge(client, ["/"])
    elif case == "bad-paths":
        response = signed_purge(client, {"paths": ["articles/no-leading-slash", 7]})
    else:
        response = signed_purge(client, {"paths": []})
    expected = 403 if case in ("unsigned", "forged", "old", "future") else 400
    assert response.status_code == expected
    assert client.get(FEET).headers["X-Cache"] == "HIT"


def test_a_replayed_purge_is_refused(workers):
    first, second = (worker.test_client() for worker in workers)
    body = json.dumps({"paths": [FEET]}).encode()
    headers = {**sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
    assert first.post(PURGE_PATH, data=body, headers=headers).status_code == 200
    first.get(FEET)
    # The same signed request again, even to another worker, purges nothing.
    assert second.post(PURGE_PATH, data=body, headers=headers).status_code == 403
    assert second.get(FEET).headers["X-Cache"] == "HIT"


def test_stale_copies_are_served_at_once_while_one_refresh_runs(clinic_cms, shared_cache):
    app = make_site(clinic_cms.api_url, PAGE_FRESH_SECONDS=1, **shared_cache)
    client = app.test_client()
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    calls = count_page_fetches(app)
    # Past its second of freshness: served at once, and refreshed beside the reader.
    stale = wait_until(lambda: (r := client.get(FEET)).headers["X-Cache"] == "STALE" and r, what="the copy to go stale")
    assert stale.status_code == 200
    wait_until(lambda: client.get(FEET).headers["X-Cache"] == "HIT", what="the refreshed copy")
    assert len(calls) == 1  # one refresh, however many stale reads


def test_a_stampede_of_misses_makes_one_cms_request(workers):
    app = workers[0]
    app.test_client().get("/nowhere")  # the footer's settings are cached: count page requests only
    calls = count_page_fetches(app)
    barrier = threading.Barrier(32)
    results = []

    def reader():
        client = app.test_client()
        barrier.wait()
        response = client.get(FEET)
        results.append((response.status_code, response.headers.get("X-Cache")))

    threads = [threading.Thread(target=reader) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 32 and all(status == 200 for status, _ in results)
    assert len(calls) == 1, calls
    assert sorted(state for _, state in results).count("MISS") == 1


def test_http_caching_headers_and_304(workers, clinic_cms):
    client = workers[0].test_client()
    response = client.get(FEET)
    control = response.headers["Cache-Control"]
    for directive in ("s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        value = control.split(directive, 1)[1].split(",")[0]
        assert value.isdigit() and int(value) > 0, control
    etag = response.headers["ETag"]
    assert etag
    not_modified = client.get(FEET, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert client.get(FEET, headers={"If-None-Match": '"something-else"'}).status_code == 200
    keys = response.headers["Surrogate-Key"].split()
    article_ids = {
        str(item["id"])
        for item in requests.get(f"{clinic_cms.api_url}/pages/", params={"type": "articles.ArticlePage"}).json()[
            "items"
        ]
    }
    assert {f"page-{pk}" for pk in article_ids} & set(keys)  # the article and its neighbours
    assert response.headers["Cache-Tag"] == ",".join(keys)
    listing = client.get("/articles/").headers["Surrogate-Key"].split()
    assert {f"page-{pk}" for pk in article_ids} <= set(listing)  # every article in the list


def test_cache_keys_are_normalised_and_errors_never_stored(workers):
    client = workers[0].test_client()
    assert client.get("/articles/?page=1&utm_source=newsletter").headers["X-Cache"] == "MISS"
    assert client.get("/articles/?utm_campaign=x&page=1").headers["X-Cache"] == "HIT"
    assert client.get("/articles/").headers["X-Cache"] == "HIT"  # page 1 is page 1, however asked for
    assert client.get("/articles/?page=2").status_code == 404  # the demo has one page of articles
    assert client.get(f"{FEET}?anything=1").headers["X-Cache"] == "MISS"
    assert client.get(f"{FEET}?anything=2").headers["X-Cache"] == "HIT"  # unread parameters do not split it
    assert client.get("/articles/?page=02").status_code == 400
    assert "X-Cache" not in client.get("/articles/?page=02").headers


def test_when_the_cms_stops_seen_pages_are_still_served(clinic_cms_source, cms_copy, shared_cache):
    cms = cms_copy(clinic_cms_source)
    client = make_site(cms.api_url, WEBHOOK_SECRET=WEBHOOK_SECRET, **shared_cache).test_client()
    try:
        for path in (FEET, "/therapists/", "/services/hot-stone-massage/"):
            assert client.get(path).status_code == 200
        assert signed_purge(client, {"paths": ["/therapists/"]}).status_code == 200
    finally:
        cms.stop()

    fresh = client.get(FEET)
    assert fresh.status_code == 200 and fresh.headers["X-Cache"] == "HIT"
    # Purged, so it must be refetched, but the CMS is down: the last good copy, marked.
    purged = client.get("/therapists/")
    assert purged.status_code == 200 and purged.headers["X-Cache"] == "STALE-IF-ERROR"
    assert THERAPISTS["aino-testinen"] in purged.get_data(as_text=True)
    unseen = client.get("/therapists/ville-esimerkki/")
    assert unseen.status_code == 503 and "back in a moment" in unseen.get_data(as_text=True)


@pytest.mark.filterwarnings("ignore:Flask-Caching. CACHE_TYPE is set to NullCache")
@pytest.mark.parametrize(
    "path, most", [(FEET, 1), ("/", 1), ("/articles/", 2), ("/therapists/aino-testinen/", 1), ("/services/", 1)]
)
def test_a_cold_page_costs_one_or_two_cms_requests(clinic_cms, path, most):
    app = make_site(clinic_cms.api_url, CACHE_TYPE="NullCache")  # nothing cached: every render is cold
    client = app.extensions["cms_client"]
    fetch, calls = client.fetch, []
    client.fetch = lambda endpoint, query: calls.append(endpoint) or fetch(endpoint, query)
    response = app.test_client().get(path)
    assert response.status_code == 200 and CLINIC_EMAIL in response.get_data(as_text=True)
    assert len(calls) == most, calls


def test_the_fast_path_answers_exactly_as_flask_does(workers):
    client = workers[0].test_client()
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    fast = client.get(FEET)  # answered by the worker's fast path, before Flask
    through_flask = client.get(FEET, headers={"If-None-Match": '"other"'})  # conditional: Flask answers
    assert fast.status_code == through_flask.status_code == 200
    assert fast.data == through_flask.data
    # Werkzeug dates conditional answers; gunicorn dates every response anyway.
    assert sorted(fast.headers.items()) == sorted(h for h in through_flask.headers.items() if h[0] != "Date")
    # A purge by another worker is seen by the fast path at once.
    assert signed_purge(workers[1].test_client(), {"paths": [FEET]}).status_code == 200
    assert client.get(FEET).headers["X-Cache"] == "MISS"
    assert client.head(FEET).data == b""
