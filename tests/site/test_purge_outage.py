"""Publishing while the site is down is never lost: the live CMS (gunicorn), its task worker
(`manage.py db_worker`) and the site (gunicorn, file cache) as real processes. The site caches
the article list, goes away, an editor publishes three articles through the admin's form, and
once the site is back all three are on it within seconds, newest first.

PURGE_OUTAGE_SECONDS sets how long the site stays away (default 10: long enough for the worker's tries
to reach their 5 s ceiling; issue 16 asked for 120, which passes too).
"""

import os
import time

import pytest
import requests

from shared.site_map import PURGE_PATH
from tests.conftest import copy_cms
from tests.live_servers import LiveSite, free_port
from tests.waiting import wait_until

pytestmark = pytest.mark.e2e

OUTAGE = float(os.environ.get("PURGE_OUTAGE_SECONDS", "10"))
# The worker retries at most every SITE_PURGE_RETRY_MAX_SECONDS (5) and polls every 0.5 s;
# then the site refetches the list from the CMS.
BACK_WITHIN = 10.0
ARTICLES = [
    ("Outage one", "outage-one", "2026-11-21"),
    ("Outage two", "outage-two", "2026-11-22"),
    ("Outage three", "outage-three", "2026-11-23"),
]


@pytest.fixture
def stack(demo_cms_source, tmp_path):
    """A CMS of its own (a copy of the demo) with its purge worker, and a site on a fixed port."""
    site_port = free_port()
    cms = copy_cms(demo_cms_source, tmp_path / "var")
    cms.env.update(
        {
            "SITE_PURGE_URL": f"http://127.0.0.1:{site_port}{PURGE_PATH}",
            "SITE_PURGE_LATE_SECONDS": "3",  # so the outage shows on /healthz and the dashboard
            "FRONTEND_CACHE_HTTP_URL": "",
        }
    )
    parts = {"cms": cms.start()}
    parts["site"] = LiveSite(cms.api_url, tmp_path / "site-cache", workers=2, port=site_port).start()
    parts["new_site"] = lambda: LiveSite(cms.api_url, tmp_path / "site-cache", workers=2, port=site_port).start()
    yield parts
    for name in ("site", "cms"):
        parts[name].stop()


def article_list(site) -> str:
    return requests.get(f"{site.url}/articles/", timeout=10).text


def listed_in_order(site) -> bool:
    text = article_list(site)
    spots = [text.find(title) for title, _, _ in reversed(ARTICLES)]
    return -1 not in spots and spots == sorted(spots)


def publish_three_while_the_site_is_down(stack):
    site, cms = stack["site"], stack["cms"]
    assert "Outage one" not in article_list(site)  # the list is cached now, for minutes
    site.stop()
    editor = cms.admin_session()
    for title, slug, date in ARTICLES:
        cms.publish_article(editor, title, slug, date)
    return editor


def test_three_publishes_during_an_outage_reach_the_site_in_order_once_it_is_back(stack):
    cms = stack["cms"]
    editor = publish_three_while_the_site_is_down(stack)
    health = wait_until(
        lambda: requests.get(f"{cms.url}/healthz", timeout=5).json()["status"] == "degraded",
        30,
        what="a degraded /healthz",
    )
    assert health
    assert "3 site updates waiting" in editor.get(f"{cms.url}/admin/").text
    time.sleep(max(0.0, OUTAGE - 3))  # the outage itself: the scenario's length, not a wait for something
    stack["site"] = stack["new_site"]()
    back = time.monotonic()
    wait_until(
        lambda: listed_in_order(stack["site"]),
        BACK_WITHIN,
        interval=0.2,
        what="all three articles listed, newest first",
    )
    print(f"\nsite down {OUTAGE:.0f} s; all three articles listed {time.monotonic() - back:.1f} s after its return")
    for _, slug, _ in ARTICLES:
        assert requests.get(f"{stack['site'].url}/articles/{slug}/", timeout=10).status_code == 200
    wait_until(
        lambda: requests.get(f"{cms.url}/healthz", timeout=5).json()["status"] == "ok", 10, what="/healthz ok again"
    )
    assert "site updates waiting" not in editor.get(f"{cms.url}/admin/").text


def test_updates_waiting_survive_a_restart_of_the_cms_and_its_worker(stack):
    cms = stack["cms"]
    publish_three_while_the_site_is_down(stack)
    cms.stop()  # gunicorn and the worker
    cms.start()
    stack["site"] = stack["new_site"]()
    wait_until(
        lambda: listed_in_order(stack["site"]),
        BACK_WITHIN,
        interval=0.2,
        what="all three articles listed after the restart",
    )
