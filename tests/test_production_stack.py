"""The production topology, natively: the CMS on PostgreSQL and the site on Redis, both under
gunicorn in production mode, from an empty database. Fails, not skips, in CI without them."""

import subprocess
import sys
import uuid

import pytest
import redis
import requests

from shared.contract import PURGE_PATH
from tests.live_servers import REPO, LiveCMS, LiveSite

pytestmark = pytest.mark.e2e

PRODUCTION = {"APP_ENV": "production", "DEBUG": "0", "LOG_FORMAT": "json", "SECRET_KEY": "production-test-secret-key-0123456789abcdef"}


def test_cms_on_postgres_and_site_on_redis_under_gunicorn(postgres_url, redis_url, tmp_path):
    prefix = f"prod-{uuid.uuid4().hex[:8]}:"
    cms = LiveCMS(tmp_path / "cms")
    cms.workers = 2
    cms.env.update(PRODUCTION, DATABASE_URL=postgres_url)
    site = LiveSite(cms.api_url, tmp_path / "unused", workers=3, REDIS_URL=redis_url, CACHE_TYPE="", CACHE_KEY_PREFIX=prefix, **PRODUCTION)
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.prepare()  # migrations from an empty database, then the demo clinic
    cms.start(), site.start()
    try:
        assert requests.get(f"{cms.url}/healthz").json() == {"status": "ok", "database": "ok"}
        assert requests.get(f"{site.url}/healthz").json() == {"status": "ok", "cache": "ok", "cms": "ok"}

        first = requests.get(f"{site.url}/articles/massage-for-the-feet/")
        assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
        assert 'rel="next" href="/articles/what-is-bladder-pain-syndrome/"' in first.text
        assert "frame-ancestors" in first.headers["Content-Security-Policy"]
        assert requests.get(f"{site.url}/articles/massage-for-the-feet/").headers["X-Cache"] == "HIT"
        assert any(redis.Redis.from_url(redis_url).scan_iter(f"{prefix}*")), "nothing cached in Redis"

        # An editor's change on PostgreSQL reaches every site worker through Redis.
        subprocess.run(
            [sys.executable, str(REPO / "cms" / "manage.py"), "shell", "-c",
             "from cms.articles.models import ArticlePage;"
             "a = ArticlePage.objects.get(slug='massage-for-the-feet'); a.title = 'Massage for tired feet';"
             "a.save_revision().publish()"],
            env={**cms.env, "SITE_PURGE_BLOCKING": "1"}, check=True, capture_output=True, cwd=REPO,
        )
        for _ in range(6):  # several requests, so more than one worker answers
            assert "<h1>Massage for tired feet</h1>" in requests.get(f"{site.url}/articles/massage-for-the-feet/").text

        # Production hardening on the CMS: HSTS behind TLS, secure cookies, the API read-only.
        behind_tls = requests.get(f"{cms.url}/healthz", headers={"X-Forwarded-Proto": "https"})
        assert behind_tls.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Strict-Transport-Security" not in requests.get(f"{cms.url}/healthz").headers
        login = requests.get(f"{cms.url}/admin/login/", headers={"X-Forwarded-Proto": "https"})
        assert "secure" in login.headers["Set-Cookie"].lower()
        assert requests.post(f"{cms.api_url}/pages/").status_code == 405
    finally:
        site.stop()
        cms.stop()
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
