"""Booking buttons: tagged links through the site's counting redirect (`/book/<token>`).

Buttons are read from pages the real Flask app renders from the CMS API's recorded answers
(tests/recorded_api.py) and followed as a browser would; counts are read back from the site's
store (MemoryClickStore on SimpleCache, files or Redis on the shared caches).
"""

import json
import uuid
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from frontend.booking.links import make_token, tagged_url
from shared.booking import is_safe_booking_url
from shared.booking_clicks import CLICKS_PATH
from shared.signing import LOCAL_DEV_SECRET, sign, verify
from tests.booking_links import token_destination, untagged
from tests.clinic_data import AINO_BOOKING, CLINIC_BOOKING, HOT_STONES_BOOKING
from tests.conftest import make_site

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
ANKLES = "/articles/ankle-care-for-walkers/"


def buttons(html: str) -> dict[str, dict]:
    """Booking links by place: href, destination (data-booking-url) and label."""
    page = BeautifulSoup(html, "html.parser")
    return {
        link["data-booking-place"]: {
            "href": link["href"],
            "url": link["data-booking-url"],
            "label": link.get_text(" ", strip=True),
        }
        for link in page.select("a[data-booking-place]")
    }


def pending(app) -> dict[tuple, int]:
    """Counts the site holds for the CMS, without acknowledging them: {(page, place, destination): count}."""
    counts = {}
    for batch in app.extensions["click_store"].collect([]):
        for click in batch["clicks"]:
            key = (click["page"], click["place"], click["destination"])
            counts[key] = counts.get(key, 0) + click["count"]
    return counts


# -- the campaign parameters ----------------------------------------------------------------------


def test_tagging_adds_the_four_parameters_and_keeps_a_valid_url():
    url = tagged_url(
        "https://book.example.com/clinic", source="clinic_website", campaign="ankle-care", content="cta_block"
    )
    assert is_safe_booking_url(url)
    assert urlsplit(url).path == "/clinic"
    assert parse_qs(urlsplit(url).query) == {
        "utm_source": ["clinic_website"],
        "utm_medium": ["booking_button"],
        "utm_campaign": ["ankle-care"],
        "utm_content": ["cta_block"],
    }


def test_tagging_keeps_the_editors_parameters_as_written_and_never_adds_one_twice():
    editor = "https://book.example.com/s?staff=4&utm_campaign=spring%20offer&x=#slots"
    url = tagged_url(editor, source="clinic", campaign="ankle-care", content="header")
    parts = urlsplit(url)
    assert parts.query.startswith("staff=4&utm_campaign=spring%20offer&x=&")  # untouched, in order
    assert parts.fragment == "slots"
    names = [name for name, _value in parse_qsl(parts.query, keep_blank_values=True)]
    assert names.count("utm_campaign") == 1 and dict(parse_qsl(parts.query))["utm_campaign"] == "spring offer"
    assert {"utm_source", "utm_medium", "utm_content"} <= set(names)
    # Tagging a tagged URL changes nothing.
    assert tagged_url(url, source="clinic", campaign="ankle-care", content="header") == url


def test_odd_slugs_are_encoded_not_pasted():
    url = tagged_url("https://book.example.com/", source="clinic", campaign="käsi & jalka", content="header")
    assert dict(parse_qsl(urlsplit(url).query))["utm_campaign"] == "käsi & jalka"
    assert " " not in url and "&jalka" not in url


# -- rendered buttons, followed as a browser would -------------------------------------------------


def test_a_rendered_button_lands_on_the_tagged_booking_url_and_is_counted_once(site, site_client):
    html = site_client.get(ANKLES).get_data(as_text=True)
    found = buttons(html)
    assert set(found) == {"header", "cta_block", "author_card"}  # an article without an author: "article_end"
    author = found["author_card"]
    assert author["href"].startswith("/book/")
    assert untagged(author["url"]) == AINO_BOOKING
    assert dict(parse_qsl(urlsplit(author["url"]).query)) == {
        "utm_source": "clinic_website",
        "utm_medium": "booking_button",
        "utm_campaign": "ankle-care-for-walkers",
        "utm_content": "author_card",
    }
    assert untagged(found["cta_block"]["url"]) == HOT_STONES_BOOKING
    assert untagged(found["header"]["url"]) == CLINIC_BOOKING

    response = site_client.get(author["href"], headers={"User-Agent": BROWSER})
    assert response.status_code == 302
    assert response.headers["Location"] == author["url"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers

    counts = pending(site)
    assert list(counts.values()) == [1]
    ((page_id, place, destination),) = counts
    assert (place, destination) == ("author_card", author["url"])
    article_id = site_client.application.extensions["cms_client"].page(ANKLES).page["id"]
    assert page_id == article_id


def test_every_page_type_names_its_buttons_places(site_client):
    assert set(buttons(site_client.get("/").get_data(as_text=True))) >= {"header", "home"}
    assert set(buttons(site_client.get("/services/hot-stone-massage/").get_data(as_text=True))) == {
        "header",
        "service_page",
    }
    assert set(buttons(site_client.get("/therapists/aino-testinen/").get_data(as_text=True))) == {
        "header",
        "therapist_page",
    }
    therapists = buttons(site_client.get("/therapists/").get_data(as_text=True))
    assert "therapist_card" in therapists
    assert dict(parse_qsl(urlsplit(therapists["therapist_card"]["url"]).query))["utm_campaign"] == "therapists"


@pytest.mark.parametrize(
    "method, headers",
    [
        ("HEAD", {"User-Agent": BROWSER}),
        ("GET", {"User-Agent": GOOGLEBOT}),
        ("GET", {"User-Agent": "facebookexternalhit/1.1"}),
        ("GET", {"User-Agent": BROWSER, "Sec-Purpose": "prefetch"}),
        ("GET", {"User-Agent": BROWSER, "Sec-Purpose": "prefetch;prerender"}),
        ("GET", {"User-Agent": BROWSER, "Purpose": "prefetch"}),
        ("GET", {"User-Agent": ""}),
    ],
    ids=["head", "googlebot", "facebook", "sec-purpose", "prerender", "purpose", "no-user-agent"],
)
def test_bots_heads_and_prefetches_are_redirected_but_not_counted(site, site_client, method, headers):
    href = buttons(site_client.get(ANKLES).get_data(as_text=True))["cta_block"]["href"]
    response = site_client.open(href, method=method, headers=headers)
    assert response.status_code == 302
    assert pending(site) == {}
    site_client.get(href, headers={"User-Agent": BROWSER})  # the same link from a reader is counted
    assert list(pending(site).values()) == [1]


def test_tampered_unknown_and_unsafe_tokens_are_404(site, site_client):
    href = buttons(site_client.get(ANKLES).get_data(as_text=True))["cta_block"]["href"]
    token = href.removeprefix("/book/")
    secret = site.config["WEBHOOK_SECRET"]
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token[:10] + token[11:],
        make_token("another-secret-entirely-0123456789", 1, "header", "https://evil.example.com/"),
        make_token(secret, 1, "header", "javascript:alert(1)"),
        make_token(secret, 1, "nowhere", "https://book.example.com/"),
        "not-a-token",
        "%00",
    ]
    for bad in tampered:
        response = site_client.get(f"/book/{bad}", headers={"User-Agent": BROWSER})
        assert response.status_code == 404, bad
        assert "Location" not in response.headers
    assert site_client.get("/book/", headers={"User-Agent": BROWSER}).status_code == 404
    assert pending(site) == {}


def test_the_test_helper_reads_a_buttons_destination(site, site_client):
    found = buttons(site_client.get("/articles/warming-up-before-a-run/").get_data(as_text=True))["article_end"]
    assert token_destination(found["href"], site.config["WEBHOOK_SECRET"]) == found["url"]
    assert token_destination(found["href"], "some-other-secret") is None


def test_previews_link_straight_to_the_booking_system(site):
    from flask import render_template

    answer = site.extensions["cms_client"].page(ANKLES)
    with site.test_request_context(ANKLES):
        html = render_template("articles/detail.html", page=answer.page, clinic=answer.clinic, preview=True)
    found = buttons(html)
    assert found and all(button["href"] == button["url"] for button in found.values())
    assert all(not button["href"].startswith("/book/") for button in found.values())


# -- the counts survive a restart; the redirect survives a store or CMS failure --------------------


def test_counts_survive_a_site_restart(clinic_api, shared_cache):
    first = make_site(clinic_api.api_url, **shared_cache)
    client = first.test_client()
    href = buttons(client.get(ANKLES).get_data(as_text=True))["author_card"]["href"]
    for _ in range(3):
        assert client.get(href, headers={"User-Agent": BROWSER}).status_code == 302

    restarted = make_site(clinic_api.api_url, **shared_cache)  # a new process over the same store
    assert list(pending(restarted).values()) == [3]
    restarted.test_client().get(href, headers={"User-Agent": BROWSER})
    batches = restarted.extensions["click_store"].collect([])
    # A new batch beside the one not yet acknowledged, which is handed over again.
    assert sorted(sum(click["count"] for click in batch["clicks"]) for batch in batches) == [1, 3]


def test_the_redirect_answers_with_the_cms_stopped(clinic_api):
    app = make_site(clinic_api.api_url)
    client = app.test_client()
    href = buttons(client.get(ANKLES).get_data(as_text=True))["cta_block"]["href"]
    clinic_api.down = True
    response = client.get(href, headers={"User-Agent": BROWSER})
    assert response.status_code == 302
    assert untagged(response.headers["Location"]) == HOT_STONES_BOOKING
    assert list(pending(app).values()) == [1]


def test_the_redirect_answers_with_the_cache_store_stopped(site_client):
    from tests.site.test_cache_faults import RedisServer

    href = buttons(site_client.get(ANKLES).get_data(as_text=True))["author_card"]["href"]
    server = RedisServer().start()
    app = make_site(
        "http://127.0.0.1:9/api/v2", CACHE_TYPE="RedisCache", CACHE_REDIS_URL=server.url, CACHE_SOCKET_TIMEOUT=0.2
    )
    client = app.test_client()
    assert client.get(href, headers={"User-Agent": BROWSER}).status_code == 302
    assert list(pending(app).values()) == [1]
    server.stop()
    for _ in range(3):  # the count is lost, the booking is not
        response = client.get(href, headers={"User-Agent": BROWSER})
        assert response.status_code == 302
        assert untagged(response.headers["Location"]) == AINO_BOOKING
    assert app.extensions["store_guards"]["coordination store"].problem()


# -- the collection endpoint -------------------------------------------------------------------------


def collect(client, body, secret=LOCAL_DEV_SECRET, headers=None):
    raw = json.dumps({**body, "id": uuid.uuid4().hex} if isinstance(body, dict) else body).encode()
    signed = sign(raw, secret) if headers is None else headers
    return client.post(CLICKS_PATH, data=raw, headers=signed, content_type="application/json")


def test_collection_is_signed_both_ways_and_drops_only_acknowledged_batches(site, site_client):
    href = buttons(site_client.get(ANKLES).get_data(as_text=True))["header"]["href"]
    site_client.get(href, headers={"User-Agent": BROWSER})

    response = collect(site_client, {"ack": []})
    assert response.status_code == 200
    verify(
        response.data, response.headers["X-Clinic-Timestamp"], response.headers["X-Clinic-Signature"], LOCAL_DEV_SECRET
    )
    (batch,) = response.get_json()["batches"]
    assert [click["count"] for click in batch["clicks"]] == [1]
    assert batch["clicks"][0]["place"] == "header"

    again = collect(site_client, {"ack": []}).get_json()["batches"]  # not acknowledged: handed over again
    assert [b["id"] for b in again] == [batch["id"]]
    assert collect(site_client, {"ack": [batch["id"]]}).get_json() == {"batches": []}


def test_collection_refuses_unsigned_replayed_and_malformed_requests(site_client):
    assert collect(site_client, {"ack": []}, headers={}).status_code == 403
    assert collect(site_client, {"ack": []}, secret="wrong-secret-0123456789abcdef0123").status_code == 403
    raw = json.dumps({"ack": []}).encode()
    headers = sign(raw, LOCAL_DEV_SECRET)
    assert site_client.post(CLICKS_PATH, data=raw, headers=headers).status_code == 200
    assert site_client.post(CLICKS_PATH, data=raw, headers=headers).status_code == 403  # replayed
    for body in ({"ack": "x"}, {"ack": ["../../etc"]}, [], {"nothing": 1}):
        response = collect(site_client, body)
        assert response.status_code == 400, body
        assert response.is_json
    assert site_client.get(CLICKS_PATH).status_code == 405


# -- the editors' switch ---------------------------------------------------------------------------------


def test_the_source_name_and_the_switch_come_from_the_booking_settings(render, clinic):
    from tests.factories import ArticlePageFactory

    clinic.booking.default_booking_url = "https://book.example.com/c?staff=2"
    clinic.booking.utm_source = "kestrel.fi"
    clinic.booking.save()
    ArticlePageFactory(parent=clinic.articles, slug="stretching")
    tagged = buttons(render("/articles/stretching/", "articles/detail.html").get_data(as_text=True))["article_end"]
    assert tagged["url"] == (
        "https://book.example.com/c?staff=2&utm_source=kestrel.fi&utm_medium=booking_button"
        "&utm_campaign=stretching&utm_content=article_end"
    )

    clinic.booking.utm_enabled = False
    clinic.booking.save()
    plain = buttons(render("/articles/stretching/", "articles/detail.html").get_data(as_text=True))["article_end"]
    assert plain["url"] == "https://book.example.com/c?staff=2"  # as the editor wrote it
    assert plain["href"].startswith("/book/")  # still counted
