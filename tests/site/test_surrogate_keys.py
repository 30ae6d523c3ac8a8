"""Invalidation by surrogate key, CMS to site, in one process: the CMS's real API answers
(recorded, tests/recorded_api.py), its real publish signals and purge tasks, and the site's
webhook receiving their batches. No server."""

import datetime
import json
import threading
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from cms.articles.models import ArticlePage
from cms.site_sync.backends import SignedSitePurgeBackend
from cms.site_sync.cache_backends import SITE_BACKEND
from cms.site_sync.waiting import purge_tasks
from shared.signing import sign
from shared.site_map import PURGE_PATH
from shared.surrogate_keys import header_value, is_key, page_key, tag_key
from tests import factories
from tests.cms.purge_queue import run_waiting_purges

WALKERS = "/articles/ankle-care-for-walkers/"  # tagged walking and ankles; the only tagged one


class InlineThread:
    """The page cache refetches a purged page in a thread; here it runs at once, in the test's
    own database connection (another connection would find the test's transaction's locks)."""

    def __init__(self, target, name=None, daemon=None):
        self.target = target

    def start(self):
        self.target()


@pytest.fixture(autouse=True)
def refetch_inline(monkeypatch):
    # Only the page cache's threads run inline (Wagtail makes renditions in a thread pool).
    monkeypatch.setattr(
        "frontend.caching.core.threading", SimpleNamespace(**{**vars(threading), "Thread": InlineThread})
    )


def keys(response) -> list[str]:
    return response.headers["Surrogate-Key"].split()


def related_titles(response) -> list[str]:
    section = BeautifulSoup(response.get_data(as_text=True), "html.parser").find(class_="related")
    return [heading.get_text(strip=True) for heading in section.find_all("h3")] if section else []


@pytest.fixture
def delivered(site, site_client, settings, monkeypatch, django_capture_on_commit_callbacks):
    """Runs an editor's action: its purge batches are queued with it, run by the worker's code
    and delivered to the site's webhook (signed, as over the network). Returns the messages."""
    settings.SITE_PURGE_URL = "http://site.invalid" + PURGE_PATH
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    messages = []

    def send(backend, message):
        body = json.dumps(message).encode()
        headers = {**sign(body, site.config["WEBHOOK_SECRET"]), "Content-Type": "application/json"}
        messages.append(message)
        return site_client.post(PURGE_PATH, data=body, headers=headers).status_code == 200

    monkeypatch.setattr(SignedSitePurgeBackend, "send", send)

    def run(action):
        messages.clear()
        purge_tasks().delete()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        run_waiting_purges()
        return list(messages)

    return run


def test_key_names_are_single_header_tokens():
    assert tag_key("pelvic floor, pregnancy") == "tag:pelvic%20floor%2C%20pregnancy"
    assert is_key(tag_key("Äitiys/raskaus")) and not is_key("two words") and not is_key("a,b")
    assert header_value(["tag:b", page_key(12), "tag:b", "list:articles"]) == "list:articles page-12 tag:b"


def test_a_purge_by_key_drops_every_copy_carrying_it_and_nothing_else(site, site_client):
    site_client.get(WALKERS), site_client.get("/therapists/")
    assert site_client.get(WALKERS).headers["X-Cache"] == "HIT"
    assert {tag_key("walking"), tag_key("ankles")} <= set(keys(site_client.get(WALKERS)))
    body = json.dumps({"keys": [tag_key("walking")], "event": "test"}).encode()
    headers = {**sign(body, site.config["WEBHOOK_SECRET"]), "Content-Type": "application/json"}
    answer = site_client.post(PURGE_PATH, data=body, headers=headers)
    assert answer.status_code == 200 and answer.get_json() == {"purged": 1}
    assert site_client.get(WALKERS).headers["X-Cache"] == "MISS"  # no path named: its key did it
    assert site_client.get("/therapists/").headers["X-Cache"] == "HIT"


@pytest.mark.parametrize("bad", [["two words"], ["a,b"], [""], "tag:x", [3], ["x" * 301]])
def test_malformed_keys_are_a_400_and_purge_nothing(site, site_client, bad):
    site_client.get(WALKERS)
    body = json.dumps({"keys": bad}).encode()
    headers = {**sign(body, site.config["WEBHOOK_SECRET"]), "Content-Type": "application/json"}
    assert site_client.post(PURGE_PATH, data=body, headers=headers).status_code == 400
    assert site_client.get(WALKERS).headers["X-Cache"] == "HIT"


def test_publishing_articles_that_share_its_tags_refreshes_an_articles_related_list(site_client, delivered):
    """The issue's case: three articles sharing all its tags are published; the article's page,
    whose path no batch names, shows them in its related list at once."""
    before = site_client.get(WALKERS)
    assert before.headers["X-Cache"] == "MISS" and "list:articles" in keys(before)  # filled with the newest
    index = ArticlePage.objects.get(slug="ankle-care-for-walkers").get_parent()
    new = [
        factories.ArticlePageFactory(
            parent=index,
            title=f"Walking well {n}",
            publication_date=datetime.date(2026, 1, n),
            tags=["walking", "ankles"],
        )
        for n in (1, 2, 3)
    ]
    stale = site_client.get(WALKERS)
    assert stale.headers["X-Cache"] == "HIT" and "Walking well 1" not in related_titles(stale)  # not published yet

    messages = delivered(lambda: [article.save_revision().publish() for article in new])
    assert len(messages) == 3 and all(tag_key("walking") in message["keys"] for message in messages)
    fresh = site_client.get(WALKERS)
    assert fresh.headers["X-Cache"] == "MISS"
    assert related_titles(fresh) == ["Walking well 3", "Walking well 2", "Walking well 1"]
    # Now all three share its tags: its related list no longer depends on the newest articles.
    assert "list:articles" not in keys(fresh)
    assert {tag_key("walking"), tag_key("ankles"), *(page_key(a.id) for a in new)} <= set(keys(fresh))

    # A fourth, sharing both tags and newer than two of them, displaces the oldest: by its tags alone.
    fourth = factories.ArticlePageFactory(
        parent=index, title="Walking well 4", publication_date=datetime.date(2026, 1, 4), tags=["walking", "ankles"]
    )
    (message,) = delivered(lambda: fourth.save_revision().publish())
    assert WALKERS not in message["paths"]
    assert related_titles(site_client.get(WALKERS)) == ["Walking well 4", "Walking well 3", "Walking well 2"]
